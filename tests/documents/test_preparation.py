"""Reading a filled-in preparation form back: answers, case owner, pupil and help question."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.documents.preparation import read_preparation, render_preparation
from intervisie_tui.engine.protocol_loader import load_protocol
from tests.builders import BUILTIN_PROTOCOLS
from tests.meetings import meeting_protocol


def fill(form: str, owner: str = "", pupil: str = "", **answers: str) -> str:
    form = form.replace("- **Inbrenger:** ", f"- **Inbrenger:** {owner}")
    form = form.replace(
        "- **Leerling (schuilnaam of initialen):** ",
        f"- **Leerling (schuilnaam of initialen):** {pupil}",
    )
    for qid, answer in answers.items():
        marker = f"<!-- antwoord: {qid} -->\n"
        assert marker in form
        form = form.replace(marker, f"{marker}{answer}\n")
    return form


def test_a_filled_in_form_gives_owner_pupil_and_answers() -> None:
    protocol = meeting_protocol()
    filled = fill(render_preparation(protocol), "Carla de Boer  ", "S.", waarom="Het wordt erger.")
    form = read_preparation(filled, protocol)
    assert form.case_owner == "Carla de Boer"
    assert form.pupil == "S."
    assert form.answers == {"waarom": "Het wordt erger."}
    assert form.help_question == ""  # this protocol's form has no help question


def test_an_empty_form_gives_nothing() -> None:
    protocol = meeting_protocol()
    form = read_preparation(render_preparation(protocol), protocol)
    assert (form.case_owner, form.pupil, form.help_question, form.answers) == ("", "", "", {})


def test_the_generic_form_gives_the_help_question() -> None:
    protocol = load_protocol(BUILTIN_PROTOCOLS / "basis-intervisie.toml").protocol
    assert protocol.preparation is None
    filled = fill(
        render_preparation(protocol),
        "Dirk",
        "",
        hulpvraag="Hoe houd ik de kring rustig?",
        situatie="Na de pauze.",
    )
    form = read_preparation(filled, protocol)
    assert form.case_owner == "Dirk"
    assert form.help_question == "Hoe houd ik de kring rustig?"
    assert form.answers == {"hulpvraag": "Hoe houd ik de kring rustig?", "situatie": "Na de pauze."}


@pytest.mark.parametrize("alias", ["schuilnaam", "pseudoniem"])
def test_the_fact_lines_are_found_in_a_hand_edited_form(alias: str) -> None:
    """Someone retyped the top of the form with a star bullet and no trailing space; a form
    printed before the word was "schuilnaam" still says "pseudoniem"."""
    protocol = meeting_protocol()
    text = f"* **Inbrenger:**Carla\n  - **Leerling ({alias} of initialen):**\tL.\n"
    form = read_preparation(text, protocol)
    assert (form.case_owner, form.pupil) == ("Carla", "L.")


def test_the_generic_theme_form_gives_the_theme_as_the_help_question() -> None:
    protocol = meeting_protocol(preparation=None, subject="theme")
    filled = fill(
        render_preparation(protocol), "Carla", thema="Rust in de klas", succes="De kring."
    )
    # A pupil's line typed into it by hand is no part of a theme's form: it is not taken.
    filled += "\n- **Leerling (schuilnaam of initialen):** L.\n"
    form = read_preparation(filled, protocol)
    assert (form.case_owner, form.pupil) == ("Carla", "")
    assert form.help_question == "Rust in de klas"
    assert form.answers == {"thema": "Rust in de klas", "succes": "De kring."}


@given(st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=80))
def test_a_typed_name_comes_back_stripped(name: str) -> None:
    protocol = meeting_protocol()
    form = read_preparation(fill(render_preparation(protocol), owner=name), protocol)
    assert form.case_owner == name.strip(" \t")
