"""A broken session file is described in Dutch, with the line and column to look at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from intervisie_tui.engine.json_words import json_error_words
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.store import load_session


def decode_error(text: str) -> json.JSONDecodeError:
    with pytest.raises(json.JSONDecodeError) as caught:
        json.loads(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  "a": 1\n  "b": 2}', "hier hoort een komma (,) te staan (regel 3, kolom 3)"),
        ('{"a" 1}', "hier hoort een dubbele punt (:) te staan (regel 1, kolom 6)"),
        ('{"a": }', "hier hoort een waarde te staan (regel 1, kolom 7)"),
        ("{'a': 1}", "hier hoort een naam tussen dubbele aanhalingstekens te staan"),
        ('{"a": "zonder eind', "een tekst tussen aanhalingstekens is niet afgesloten"),
        ("{} {}", "na het einde van de gegevens staat nog meer tekst (regel 1, kolom 4)"),
        ('["\\x"]', "een tekst bevat een ongeldige \\-combinatie"),
        ('["\\u12"]', "een \\u-teken in een tekst is onvolledig"),
        ('["a\tb"]', "een tekst bevat een stuurteken"),
        ("\ufeff{}", "het bestand begint met een onzichtbaar BOM-teken"),
    ],
)
def test_the_decoder_s_messages_in_dutch(text: str, expected: str) -> None:
    assert json_error_words(decode_error(text)).startswith(expected)


ENGLISH = ("Expecting", "delimiter", "Unterminated", "Invalid", "Extra data", "Unexpected")


@given(st.text(alphabet='{}[]":,\\ u0a1\n\t', max_size=30))
def test_no_decoder_english_ever_reaches_the_user(text: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as caught:
        error = caught
    else:
        assume(False)
    words = json_error_words(error)
    assert not any(word in words for word in ENGLISH)
    assert words.endswith(f"(regel {error.lineno}, kolom {error.colno})")


def test_a_broken_session_file_names_line_and_column_in_dutch(tmp_path: Path) -> None:
    path = tmp_path / "kapot.json"
    path.write_text('{\n  "protocol": {}\n  "phases": []\n}', encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    assert str(caught.value.problems[0]) == (
        f"{path}:3: kapotte of afgebroken JSON: hier hoort een komma (,) te staan "
        "(regel 3, kolom 3)"
    )
