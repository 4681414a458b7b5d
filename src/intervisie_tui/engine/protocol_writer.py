"""Write a protocol back to TOML, into the coordinator's own protocols folder.

The text is meant to be read and edited by hand afterwards, so it has the layout of the shipped
files: top-level keys first, then one ``[[phases]]`` table per phase (never a long inline array).
Keys whose value is the model's default are left out, so a written file stays as small as the
format allows and keeps loading the same when more keys get defaults.

Comments: tomli-w writes none, and the file being replaced may have had its own. Keeping them
(tomlkit) was weighed and left out: a comment sits next to the phase it describes ("step 1, 5
minutes"), and after phases are moved, merged or re-timed such comments are in the wrong place
or simply untrue. Instead the replaced file's own comments are found before saving, the
coordinator is told they will go, and the previous file is kept beside the new one
(``NAME.toml.bak-YYYYMMDD-HHMMSS``), comments and all. Copying a file (``protocol_copy``) keeps
every comment, for those who edit in a text editor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from intervisie_tui.engine.atomic import write_atomically
from intervisie_tui.engine.catalog import builtin_protocols_dir
from intervisie_tui.engine.protocol import Protocol
from intervisie_tui.timefmt import dutch_date

SCHEMA_FILE = "protocol.schema.json"
SCHEMA_LINE = f"#:schema ./{SCHEMA_FILE}"
FILE_MODE = 0o644  # a protocol holds no personal data; colleagues may share the folder
_ADAPTED = "# Aangepast met intervisie-tui op "
_COMMENTS_NOTE = "# Eigen opmerkingen (#) "
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class WriteRefused(Exception):
    """A protocol file that must not be written; the message is one Dutch line for the user."""


# -- the text ----------------------------------------------------------------------------------


def protocol_data(protocol: Protocol) -> dict[str, Any]:
    """The protocol as TOML-ready data, without the keys that hold their default value."""
    return protocol.model_dump(mode="json", exclude_defaults=True)


def body_toml(data: dict[str, Any]) -> str:
    """TOML for ``data``; nested tables and lists of tables become ``[name]``/``[[name]]``."""
    return "".join(_table_chunks(_whole_numbers(data), ()))[1:]


def header(adapted_from: str, when: datetime) -> str:
    """The lines a written file starts with: the editor's schema, where it came from, when."""
    source = _CONTROL.sub("?", adapted_from)
    return (
        f"{SCHEMA_LINE}\n"
        f"{_ADAPTED}{dutch_date(when)} om {when:%H:%M}, uit {source}.\n"
        f"{_COMMENTS_NOTE}gaan verloren als het programma dit bestand opnieuw bewaart "
        "(de vorige versie blijft dan ernaast staan).\n"
    )


def document(data: dict[str, Any], *, adapted_from: str, when: datetime) -> str:
    """The whole file: header, a blank line, the body."""
    return f"{header(adapted_from, when)}\n{body_toml(data)}"


def protocol_toml(protocol: Protocol, *, adapted_from: str, when: datetime) -> str:
    return document(protocol_data(protocol), adapted_from=adapted_from, when=when)


def _whole_numbers(value: Any) -> Any:
    """``minutes = 5`` rather than ``5.0``: the way a coordinator writes it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


def _holds_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        value = list(value.values())
    return isinstance(value, list) and any(_holds_carriage_return(item) for item in value)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table_chunks(
    table: dict[str, Any], name: tuple[str, ...], *, many: bool = False
) -> Iterator[str]:
    plain = {k: v for k, v in table.items() if not isinstance(v, dict) and not _is_table_list(v)}
    heading = ""
    if name:
        dotted = ".".join(k if _BARE_KEY.fullmatch(k) else json.dumps(k) for k in name)
        heading = f"[[{dotted}]]\n" if many else f"[{dotted}]\n"
    # Multi-line strings read better, but a TOML reader turns their CRLF into LF: a text that
    # holds a carriage return is written on one line, with escapes, to read back the same.
    multiline = not _holds_carriage_return(plain)
    yield "\n" + heading + tomli_w.dumps(plain, multiline_strings=multiline)
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _table_chunks(value, (*name, key))
        elif _is_table_list(value):
            for item in value:
                yield from _table_chunks(item, (*name, key), many=True)


# -- comments in a file about to be replaced -----------------------------------------------------


def comments(text: str) -> list[tuple[int, str]]:
    """Every comment in TOML text as (line, text), skipping ``#`` inside strings."""
    found: list[tuple[int, str]] = []
    line, at, size = 1, 0, len(text)
    while at < size:
        char = text[at]
        if char == "#":
            end = text.find("\n", at)
            end = size if end < 0 else end
            found.append((line, text[at:end].rstrip("\r")))
            at = end
        elif char in "\"'":
            end = _string_end(text, at)
            line += text.count("\n", at, end)
            at = end
        else:
            line += char == "\n"
            at += 1
    return found


def _string_end(text: str, start: int) -> int:
    """The position after the string starting at ``start`` (or the end of a broken one)."""
    quote = text[start]
    basic = quote == '"'
    if text.startswith(quote * 3, start):
        at = start + 3
        while at < len(text):
            if basic and text[at] == "\\":
                at += 2
            elif text.startswith(quote * 3, at):
                at += 3
                for _ in range(2):  # up to two quotes may end the content before the delimiter
                    if text.startswith(quote, at):
                        at += 1
                return at
            else:
                at += 1
        return len(text)
    at = start + 1
    while at < len(text) and text[at] != "\n":
        if basic and text[at] == "\\":
            at += 2
            continue
        if text[at] == quote:
            return at + 1
        at += 1
    return at


def own_comments(text: str) -> list[tuple[int, str]]:
    """The comments a coordinator wrote, leaving out the header this module writes."""
    return [
        (line, comment)
        for line, comment in comments(text)
        if not comment.startswith((SCHEMA_LINE, _ADAPTED, _COMMENTS_NOTE))
    ]


# -- where it goes -----------------------------------------------------------------------------


def user_protocols_dir(explicit: Path | None, cwd: Path | None = None) -> Path:
    """Where a coordinator's protocols are written: ``--protocols-dir``, else ``./protocols``."""
    return explicit if explicit is not None else (cwd or Path.cwd()) / "protocols"


@dataclass(frozen=True)
class Target:
    """The file a protocol would be saved as, and what saving there would replace."""

    path: Path
    exists: bool
    own_comments: tuple[tuple[int, str], ...] = ()


def target_for(protocol_id: str, directory: Path) -> Target:
    """``directory/ID.toml``; refuses the folder of built-in protocols, which updates replace."""
    path = directory / f"{protocol_id}.toml"
    refuse_builtin(path)
    if not path.exists():
        return Target(path, exists=False)
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise WriteRefused(f"{path}: kan niet lezen: {error.strerror}") from None
    return Target(path, exists=True, own_comments=tuple(own_comments(text)))


def refuse_builtin(path: Path) -> None:
    builtin = builtin_protocols_dir().resolve()
    if path.resolve().is_relative_to(builtin):
        raise WriteRefused(
            f"{path}: dit is de map met ingebouwde protocollen; bewaar in een eigen map "
            "(./protocols in een andere werkmap, of --protocols-dir)"
        )


def backup_path(path: Path, when: datetime) -> Path:
    """``NAME.toml.bak-YYYYMMDD-HHMMSS``: not ``*.toml``, so the catalog never loads it."""
    base = path.with_name(f"{path.name}.bak-{when:%Y%m%d-%H%M%S}")
    candidate, number = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{number}")
        number += 1
    return candidate


@dataclass(frozen=True)
class Written:
    path: Path
    backup: Path | None  # the replaced file, kept whole
    schema: Path


def write_protocol(
    text: str, target: Target, *, when: datetime, replace: bool, keep_previous: bool = True
) -> Written:
    """Write ``text`` as ``target``: a new file is never created over an existing one (also
    not one that appeared since ``target`` was made); replacing keeps the old file beside it,
    unless it is one the caller wrote itself a moment ago (``keep_previous=False``)."""
    path = target.path
    refuse_builtin(path)
    data = text.encode("utf-8")
    backup = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if replace and path.exists():
            if keep_previous:
                backup = backup_path(path, when)
                write_atomically(backup, path.read_bytes(), mode=path.stat().st_mode & 0o777)
            write_atomically(path, data, mode=FILE_MODE)
        else:
            try:
                write_atomically(path, data, mode=FILE_MODE, replace=False)
            except FileExistsError:
                raise WriteRefused(f"{path}: bestaat al; niet overschreven") from None
        schema = write_schema(path.parent / SCHEMA_FILE)
    except OSError as error:
        raise WriteRefused(f"{path}: kan niet schrijven: {error.strerror or error}") from None
    return Written(path, backup, schema)




# -- the schema an editor reads ------------------------------------------------------------------


def schema_text() -> str:
    """JSON Schema of the protocol format as an editor checks input (validation mode)."""
    schema = Protocol.model_json_schema(mode="validation")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> Path:
    """Write the schema to ``path`` unless it already holds exactly this schema."""
    text = schema_text()
    try:
        if path.read_text(encoding="utf-8") == text:
            return path
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(path, text.encode("utf-8"), mode=FILE_MODE)
    return path
