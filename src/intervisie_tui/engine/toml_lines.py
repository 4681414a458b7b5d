"""Find the line of a key in TOML text, so schema errors can point coordinators to it.

``tomllib`` keeps no positions, so this scans the text the way a reader would: table headers
(counting ``[[array]]`` entries) and ``key =`` lines. It is deliberately approximate — a key it
cannot place falls back to its nearest enclosing table — because a close line beats no line.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=""")

Path = tuple[str | int, ...]


def _split_dotted(name: str) -> list[str]:
    return [part.strip().strip("\"'") for part in name.split(".")]


def key_lines(text: str) -> dict[Path, int]:
    """Map each key path (table names and array indices) to its 1-based line number."""
    lines: dict[Path, int] = {}
    array_counts: dict[Path, int] = {}
    table: Path = ()
    in_multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if raw.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        header = _HEADER.match(raw)
        if header:
            table = _resolve_header(header, array_counts, lines, number)
            lines.setdefault(table, number)
            continue
        key = _KEY.match(raw)
        if key:
            path = table + tuple(_split_dotted(key.group(1)))
            lines.setdefault(path, number)
            rest = raw[key.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
    return lines


def _resolve_header(
    match: re.Match[str], array_counts: dict[Path, int], lines: dict[Path, int], number: int
) -> Path:
    names = _split_dotted(match.group(2))
    resolved: list[str | int] = []
    for depth, name in enumerate(names):
        resolved.append(name)
        prefix = tuple(resolved)
        is_last = depth == len(names) - 1
        if is_last and match.group(1) == "[[":
            lines.setdefault(prefix, number)  # the array as a whole starts at its first entry
            index = array_counts.get(prefix, -1) + 1
            array_counts[prefix] = index
            # A new entry resets the numbering of arrays nested below it.
            for nested in [p for p in array_counts if p[: len(prefix)] == prefix and p != prefix]:
                del array_counts[nested]
            resolved.append(index)
        elif prefix in array_counts:
            resolved.append(array_counts[prefix])
    return tuple(resolved)


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of ``path``, or of its nearest enclosing key; line 1 when nothing matches."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1
