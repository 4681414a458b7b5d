"""Prefill: the help question typed at set-up lands in the phase field that asks for it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.prefill import help_question_fields, names_help_question, prefill_answers
from intervisie_tui.engine.session import Case
from tests.builders import make_protocol, make_session, phase_dict

QUESTION = "Hoe help ik L. bij de start van de dag?"


def protocol_with(*fields: dict[str, str]):
    return make_protocol(phases=[phase_dict(1, fields=list(fields)), phase_dict(2)])


def test_the_shipped_protocols_ask_for_the_help_question_once_in_oplossingsgericht() -> None:
    found = {
        entry.loaded.protocol.id: help_question_fields(entry.loaded.protocol)
        for entry in load_catalog().sorted_entries()
    }
    assert found.pop("oplossingsgericht") == [("probleeminventarisatie", "hulpvraag")]
    assert all(fields == [] for fields in found.values()), found


def test_name_rule() -> None:
    assert names_help_question("hulpvraag", "Vraag")
    assert names_help_question("vraag", "Hulpvraag van de inbrenger")
    assert names_help_question("vraag", "  hulpvraag (kort)")
    assert not names_help_question("reactie", "Reactie op de hulpvraag")
    assert not names_help_question("hulpvragen-lijst", "Andere vragen")


def test_prefill_fills_an_empty_text_field_by_id_or_label() -> None:
    protocol = protocol_with(
        {"id": "hulpvraag", "label": "De vraag", "type": "text"},
        {"id": "vraag", "label": "Hulpvraag, in één zin", "type": "text"},
        {"id": "hulpvraag-lijst", "label": "Hulpvraag in delen", "type": "list"},  # not text
        {"id": "reactie", "label": "Reactie op de hulpvraag", "type": "text"},
    )
    session = make_session(protocol)
    session.case = Case(pupil="L.", help_question=QUESTION)
    assert prefill_answers(session) == [("fase-1", "hulpvraag"), ("fase-1", "vraag")]
    assert session.answer("fase-1", "hulpvraag") == QUESTION
    assert session.answer("fase-1", "vraag") == QUESTION
    assert session.answer("fase-1", "hulpvraag-lijst") is None
    assert session.answer("fase-1", "reactie") is None


def test_prefill_keeps_what_is_there_and_needs_a_question() -> None:
    protocol = protocol_with({"id": "hulpvraag", "label": "Hulpvraag", "type": "text"})
    session = make_session(protocol)
    session.case = Case(help_question="   ")
    assert prefill_answers(session) == []
    assert session.answer("fase-1", "hulpvraag") is None
    session.case = Case(help_question=QUESTION)
    session.set_answer("fase-1", "hulpvraag", "al getypt")
    assert prefill_answers(session) == []
    assert session.answer("fase-1", "hulpvraag") == "al getypt"


@given(st.text(max_size=300).filter(str.strip))
def test_any_help_question_is_carried_over_unchanged(question: str) -> None:
    session = make_session(protocol_with({"id": "hulpvraag", "label": "H", "type": "text"}))
    session.case = Case(help_question=question)
    prefill_answers(session)
    assert session.answer("fase-1", "hulpvraag") == question
