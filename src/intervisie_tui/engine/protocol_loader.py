"""Read a protocol TOML file and explain, line by line, what is wrong with it.

The same problem in many phases (a key missing in all 30) is one line, not 30: it names the
key and the file line of the first, and counts and numbers the others."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from intervisie_tui.engine.messages import aggregate, translate
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.protocol import SCHEMA_VERSION, Protocol
from intervisie_tui.engine.toml_lines import key_lines, line_of

MAX_FILE_BYTES = 1_000_000
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class LoadedProtocol:
    protocol: Protocol
    path: Path
    sha256: str


def load_protocol(path: Path) -> LoadedProtocol:
    """Raises FileProblems with every problem found; never any other exception for bad content."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileProblems([Problem(path, None, "", f"kan niet lezen: {error.strerror}")]) from None
    return parse_protocol(data, path)


def parse_protocol(data: bytes, path: Path) -> LoadedProtocol:
    text = _decode(data, path)
    raw = _parse_toml(text, path)
    _check_version(raw, text, path)
    try:
        protocol = Protocol.model_validate(raw)
    except ValidationError as error:
        lines = key_lines(text)
        raise FileProblems(
            [
                Problem(
                    path,
                    line_of(lines, locs[0]),
                    format_loc(locs[0]),
                    message,
                    tuple(format_loc(loc) for loc in locs[1:]),
                )
                for locs, message in aggregate(translate(error, Protocol))
            ]
        ) from None
    return LoadedProtocol(protocol, path, hashlib.sha256(data).hexdigest())


def format_loc(loc: tuple[str | int, ...]) -> str:
    """``phases[3].minutes``: list positions are 1-based, as a coordinator counts phases."""
    out = ""
    for part in loc:
        if isinstance(part, str) and not _PLAIN_KEY.fullmatch(part):
            # Quoted, so a key with a newline or an escape code cannot break the one-line format.
            part = json.dumps(part)
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _decode(data: bytes, path: Path) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise FileProblems([Problem(path, None, "", "bestand is groter dan 1 MB: geen protocol")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileProblems(
            [Problem(path, line, "", "geen geldige UTF-8-tekst (sla het bestand op als UTF-8)")]
        ) from None


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        if position:
            line = int(position.group(1))
            message = message[: position.start()]
        else:
            line = text.count("\n") + 1
            message = _TOML_END.sub("", message)
        raise FileProblems([Problem(path, line, "", f"ongeldige TOML: {message}")]) from None
    except RecursionError:
        raise FileProblems([Problem(path, 1, "", "ongeldige TOML: te diep genest")]) from None
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        raise FileProblems([Problem(path, 1, "", f"ongeldige TOML: {error}")]) from None


def _check_version(raw: dict[str, Any], text: str, path: Path) -> None:
    version = raw.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        line = line_of(key_lines(text), ("schema_version",))
        raise FileProblems(
            [
                Problem(
                    path,
                    line,
                    "schema_version",
                    f"versie {version} is nieuwer dan dit programma kan lezen ({SCHEMA_VERSION}); "
                    "werk intervisie-tui bij",
                )
            ]
        )
