"""Copy a protocol file to start an own version of it, keeping every comment.

The copy is the original text with one line changed, the ``id``, and a ``#:schema`` line on top
for editors; it is not re-serialised, because the comments explain where phases, minutes and
wording come from and a coordinator editing by hand needs them. The rewrite is checked by
loading the result: it must be the original protocol with only the id changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from intervisie_tui.engine.messages import translate
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol import Protocol, Slug
from intervisie_tui.engine.protocol_loader import LoadedProtocol, parse_protocol
from intervisie_tui.engine.protocol_writer import (
    SCHEMA_LINE,
    Target,
    WriteRefused,
    refuse_builtin,
    write_protocol,
)
from intervisie_tui.engine.toml_lines import key_lines

_ID_VALUE = re.compile(r"""^(\s*(?:id|"id"|'id')\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*')""")
_SLUG = TypeAdapter(Slug)


@dataclass(frozen=True)
class Copied:
    source: Path
    path: Path
    protocol_id: str
    same_id: bool  # the copy takes the place of the original in the catalog
    backup: Path | None

    def report(self) -> list[str]:
        """What the command prints: where the copy went, what it means, what to do next."""
        lines = [f"Gekopieerd: {self.source} → {self.path} (id {self.protocol_id!r})"]
        if self.same_id:
            lines.append(
                f"Zelfde id als het origineel: deze kopie gaat voortaan voor {self.source} "
                "in de plaats. Kies een ander id om beide te houden."
            )
        if self.backup is not None:
            lines.append(f"Het bestand dat er stond is bewaard als {self.backup}")
        lines.append(
            f"Volgende stap: pas {self.path} aan en controleer het met: "
            f"intervisie validate {self.path}"
        )
        return lines


def copy_protocol(
    source: LoadedProtocol,
    directory: Path,
    new_id: str | None = None,
    *,
    now: datetime,
    force: bool = False,
) -> Copied:
    """Write ``directory/NEW_ID.toml``; raises WriteRefused (one Dutch line) when it may not."""
    protocol_id = source.protocol.id if new_id is None else _checked_id(new_id)
    path = directory / f"{protocol_id}.toml"
    refuse_builtin(path)
    text = _unchanged_text(source)
    copy = _with_id(text, protocol_id, source.path)
    if not any(line.startswith("#:schema") for line in copy.splitlines()):
        copy = f"{SCHEMA_LINE}\n{copy}"
    _check(copy, source.protocol.model_copy(update={"id": protocol_id}), source.path)
    exists = path.exists()
    if exists and not force:
        raise WriteRefused(f"{path}: bestaat al; niet overschreven (--force om te vervangen)")
    written = write_protocol(copy, Target(path, exists), when=now, replace=force)
    return Copied(
        source=source.path,
        path=written.path,
        protocol_id=protocol_id,
        same_id=protocol_id == source.protocol.id,
        backup=written.backup,
    )


def _checked_id(new_id: str) -> str:
    try:
        return _SLUG.validate_python(new_id)
    except ValidationError as error:
        [(_loc, message)] = translate(error, Protocol)
        raise WriteRefused(f"id {new_id!r}: {message}") from None


def _unchanged_text(source: LoadedProtocol) -> str:
    """The file's text, provided it is still the file that was loaded."""
    try:
        data = source.path.read_bytes()
    except OSError as error:
        raise WriteRefused(f"{source.path}: kan niet lezen: {error.strerror}") from None
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise WriteRefused(f"{source.path}: is veranderd sinds het inlezen; probeer het opnieuw")
    return data.decode("utf-8")


def _with_id(text: str, protocol_id: str, source: Path) -> str:
    number = key_lines(text).get(("id",))
    lines = text.splitlines(keepends=True)
    match = _ID_VALUE.match(lines[number - 1]) if number is not None else None
    if number is None or match is None:
        raise WriteRefused(f"{source}: de regel met id is niet te vinden; kopieer met de hand")
    line = lines[number - 1]
    lines[number - 1] = match.group(1) + json.dumps(protocol_id) + line[match.end() :]
    return "".join(lines)


def _check(copy: str, expected: Protocol, source: Path) -> None:
    """The rewrite locates lines approximately; the copy must load as exactly the original."""
    try:
        same = parse_protocol(copy.encode("utf-8"), source).protocol == expected
    except FileProblems:
        same = False
    if not same:
        raise WriteRefused(f"{source}: id is niet veilig aan te passen; kopieer met de hand")
