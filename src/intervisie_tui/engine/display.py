"""Text from files and file names, made safe to print on a terminal.

A file name is chosen by whoever put the file there: an escape sequence in it can recolour or
clear the terminal, a newline in it can forge a line of output, and bytes that are not UTF-8
make ``print`` raise. Every name that reaches stdout, stderr or the TUI goes through
:func:`printable_path`; text inside sessions goes through the same mapping (see
``documents.common.clean``), so both read the same way: ``␛`` for ESC, ``␊`` for a newline.

No pydantic, no Textual: the fast command-line paths use this too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

# C0 and C1 control characters, DEL, the line and paragraph separators, and the invisible marks
# that reorder or hide text (bidi overrides and isolates, zero-width characters): they can make
# a name look like another one. Text of several lines keeps its tabs and line ends.
_HIDDEN = r"\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_INVISIBLE = re.compile(rf"[\x00-\x1f{_HIDDEN}]")
_INVISIBLE_IN_TEXT = re.compile(rf"[\x00-\x08\x0b-\x1f{_HIDDEN}]")


def visible_control(character: str) -> str:
    """The printable stand-in of one control, invisible or undecodable character."""
    code = ord(character)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ␛ for ESC, ␊ for LF
    if code == 0x7F:
        return "\u2421"
    if 0xDC80 <= code <= 0xDCFF:
        # A byte of a name that is not UTF-8 (os.fsdecode keeps it as a lone surrogate).
        return f"\\x{code - 0xDC00:02x}"
    return "\ufffd"


def printable(text: str) -> str:
    """``text`` on one line with every control and invisible character shown as a symbol."""
    return _INVISIBLE.sub(lambda match: visible_control(match.group()), text)


def printable_text(text: str) -> str:
    """Like :func:`printable`, but tabs and line ends stay: for the answers in a session."""
    return _INVISIBLE_IN_TEXT.sub(lambda match: visible_control(match.group()), text)


def printable_path(path: str | os.PathLike[str]) -> str:
    """A file name as it may be printed: on one line, nothing the terminal would act on."""
    return printable(os.fspath(path))


def abbreviate(text: str, width: int) -> str:
    """Fit ``text`` in ``width`` columns, cutting at a word boundary with an ellipsis, so a
    title reads "Leerkracht formuleert…" and never "Leerkracht formu"."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1]
    ends_a_word = text[width - 1] == " "
    words = cut.rsplit(" ", 1)[0] if " " in cut and not ends_a_word else cut
    return words.rstrip(" ,;:-—") + "…"


def dutch_list(words: Sequence[str]) -> str:
    """"a, b en c": how Dutch lists several things in one sentence."""
    words = list(words)
    return " en ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
