"""File names printed on a terminal: one line, nothing the terminal would act on."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.engine.display import abbreviate, dutch_list, printable, printable_path
from intervisie_tui.engine.problems import Problem

BIDI_CONTROLS = ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")


def test_escape_newline_and_carriage_return_are_shown_not_acted_on() -> None:
    name = Path("sessies") / "a\x1b[2J\x1b]0;titel\x07b\nverwijderd: alles\r.json"
    assert printable_path(name) == "sessies/a␛[2J␛]0;titel␇b␊verwijderd: alles␍.json"


def test_bytes_that_are_not_utf8_are_shown_as_bytes() -> None:
    name = os.fsdecode(b"caf\xe9.json")
    shown = printable_path(name)
    assert shown == "caf\\xe9.json"
    shown.encode("utf-8")  # printable on a UTF-8 terminal: no lone surrogate left


def test_invisible_marks_that_reorder_a_name_are_shown() -> None:
    # U+202E turns "nosj.exe" around on screen; U+200B hides between letters.
    assert printable("a\u202enosj.exe\u200b") == "a\ufffdnosj.exe\ufffd"


def test_ordinary_names_are_unchanged() -> None:
    assert printable_path(Path("sessions/2026-11-23_1530_oplossingsgericht_c0ffee00.json")) == (
        "sessions/2026-11-23_1530_oplossingsgericht_c0ffee00.json"
    )
    assert printable("Zoë’s ideeën — 15:30") == "Zoë’s ideeën — 15:30"


@given(st.text())
def test_printable_is_one_line_without_controls(text: str) -> None:
    shown = printable(text)
    assert not [c for c in shown if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")]
    assert not [c for c in shown if unicodedata.bidirectional(c) in BIDI_CONTROLS]
    shown.encode("utf-8")


def test_a_problem_is_one_line_whatever_the_file_is_called() -> None:
    problem = Problem(Path("x\n\x1b[31m.json"), 3, "a\nb", "kapot\x1b[0m")
    assert str(problem) == "x␊␛[31m.json:3: a␊b: kapot␛[0m"


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [
        ("Leerkracht formuleert de hulpvraag", 22, "Leerkracht formuleert…"),
        ("Leerkracht formuleert de hulpvraag", 40, "Leerkracht formuleert de hulpvraag"),
        ("Onderwijsbehoeften, doelen", 20, "Onderwijsbehoeften…"),  # no comma before the dots
        ("Hulpvraagverduidelijking", 10, "Hulpvraag…"),  # one long word: cut inside it
        ("Vraag", 1, "…"),
    ],
)
def test_abbreviate_cuts_at_a_word(text: str, width: int, shown: str) -> None:
    assert abbreviate(text, width) == shown
    assert len(shown) <= width


@pytest.mark.parametrize(
    ("words", "said"),
    [([], ""), (["versie"], "versie"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c")],
)
def test_dutch_list(words: list[str], said: str) -> None:
    assert dutch_list(words) == said
