"""The draft the adapt screen edits: what was typed, checked by writing and loading it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.engine.protocol_check import Checked, check_text
from intervisie_tui.engine.protocol_draft import Draft, items_of, lines_of, number, text_or_none
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.protocol_writer import body_toml
from tests.builders import BUILTIN_PROTOCOLS, make_protocol, phase_dict

SHIPPED = sorted(BUILTIN_PROTOCOLS.glob("*.toml"))


def checked(draft: Draft) -> Checked:
    return check_text(body_toml(draft.data), Path("p.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_an_untouched_draft_is_the_protocol(path: Path) -> None:
    protocol = load_protocol(path).protocol
    draft = Draft(protocol)
    assert not draft.dirty
    assert checked(draft).loaded.protocol == protocol


def test_what_was_typed_is_checked_with_the_messages_of_validate() -> None:
    draft = Draft(make_protocol())
    draft.set_phase(1, "minutes", number("twaalf"))
    draft.set_phase(2, "title", text_or_none("  "))
    draft.set("warning_minutes", number("0"))
    assert draft.dirty
    result = checked(draft)
    assert [line.split(": ", 1)[1] for line in result.lines()] == [
        "warning_minutes: moet groter zijn dan 0",
        "phases[2].minutes: moet een getal zijn",
        "phases[3].title: ontbreekt",
    ]
    assert all(line.startswith("p.toml:") for line in result.lines())


def test_saving_marks_the_draft_clean_and_a_change_back_is_clean_too() -> None:
    draft = Draft(make_protocol())
    draft.set_phase(0, "minutes", 7)
    assert draft.dirty
    draft.set_phase(0, "minutes", 5)
    assert not draft.dirty
    draft.set_phase(0, "minutes", 7)
    draft.mark_saved()
    assert not draft.dirty


def test_emptied_optional_keys_go_away() -> None:
    draft = Draft(make_protocol(warning_minutes=2, group_size={"min": 2, "max": 4, "advice": "A"}))
    draft.set("warning_minutes", number(""))
    draft.set_group_size(number("3"), None)
    assert "warning_minutes" not in draft.data
    assert draft.data["group_size"] == {"min": 3, "advice": "A"}
    draft.set_group_size(None, None)
    assert "group_size" not in draft.data
    draft.set_phase(0, "questions", items_of("\n  \n"))
    assert "questions" not in draft.phases[0]


def test_add_duplicate_move_remove() -> None:
    draft = Draft(make_protocol(phases=[phase_dict(1), phase_dict(3, questions=["V?"])]))
    assert draft.add_phase(1) == 1
    assert [p["id"] for p in draft.phases] == ["fase-1", "fase-4", "fase-3"]
    assert draft.phases[1] == {"id": "fase-4", "title": "Nieuwe fase", "minutes": 5, "who": "allen"}
    copy = draft.duplicate_phase(2)
    assert copy == 3
    assert draft.phases[3]["id"] == "fase-3-kopie"
    assert draft.phases[3]["title"] == "Fase 3 (kopie)"
    assert draft.phases[3]["questions"] == ["V?"] and draft.phases[3] is not draft.phases[2]
    assert draft.duplicate_phase(2) == 3 and draft.phases[3]["id"] == "fase-3-kopie-2"
    assert draft.move_phase(0, -1) == 0
    assert draft.move_phase(0, 1) == 1
    assert draft.move_phase(4, 1) == 4
    draft.remove_phase(0)
    assert [p["id"] for p in draft.phases] == ["fase-1", "fase-3", "fase-3-kopie-2", "fase-3-kopie"]
    assert checked(draft).ok


def test_a_duplicate_of_a_long_id_stays_a_valid_id() -> None:
    draft = Draft(make_protocol(phases=[phase_dict(1, id="a" * 64)]))
    draft.duplicate_phase(0)
    draft.duplicate_phase(0)
    assert [len(p["id"]) for p in draft.phases] == [64, 64, 64]
    assert checked(draft).ok


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12", 12), (" 12,5 ", 12.5), ("0.25", 0.25), ("", None), ("  ", None), ("twaalf", "twaalf")],
)
def test_typed_numbers(typed: str, value: object) -> None:
    assert number(typed) == value


one_line = st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"])


@given(st.lists(st.text(one_line).map(str.strip).filter(bool)))
def test_lines_and_items_are_each_others_inverse(items: list[str]) -> None:
    assert items_of(lines_of(items)) == (items or None)
