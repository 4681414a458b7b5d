"""What is said about a protocol before a meeting: our own minutes, the timekeeper's note, what
set-up asks for, and the group-size warning."""

from __future__ import annotations

import pytest

from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.protocol_notes import (
    PUPIL_CASE,
    STRICT_TIMEKEEPER_NOTE,
    THEME_CASE,
    case_form,
    group_size_warning,
    minutes_mark,
    minutes_note,
    timekeeper_note,
)
from intervisie_tui.engine.session import Participant, Role
from tests.builders import BUILTIN_PROTOCOLS, make_protocol, phase_dict

SHIPPED = {
    path.stem: load_protocol(path).protocol for path in sorted(BUILTIN_PROTOCOLS.glob("*.toml"))
}
ALL_OURS = "De minuten zijn een eigen voorstel, niet uit de bron."


def people(*roles: Role) -> list[Participant]:
    return [Participant(name=f"P{n}", roles=[role]) for n, role in enumerate(roles, start=1)]


# -- minutes that are our own proposal ------------------------------------------------------


def test_minutes_from_the_source_carry_no_mark() -> None:
    protocol = SHIPPED["handelingsgericht"]
    assert [minutes_mark(protocol, p) for p in protocol.phases] == [""] * 7
    assert minutes_note(protocol) == ""


def test_proposed_minutes_are_marked_eigen_voorstel() -> None:
    protocol = SHIPPED["oplossingsgericht"]
    assert {minutes_mark(protocol, p) for p in protocol.phases} == {"eigen voorstel"}
    assert minutes_note(protocol) == ALL_OURS


@pytest.mark.parametrize(
    ("proposed", "note"),
    [
        ([2], "De minuten van fase 2 zijn een eigen voorstel, niet uit de bron."),
        ([1, 3], "De minuten van de fasen 1 en 3 zijn een eigen voorstel, niet uit de bron."),
        ([1, 2, 4], "De minuten van de fasen 1, 2 en 4 zijn een eigen voorstel, niet uit de bron."),
    ],
)
def test_some_phases_proposed(proposed: list[int], note: str) -> None:
    phases = [
        phase_dict(n, **({"minutes_source": "proposal"} if n in proposed else {}))
        for n in range(1, 5)
    ]
    protocol = make_protocol(phases=phases)
    assert minutes_note(protocol) == note
    assert [bool(minutes_mark(protocol, p)) for p in protocol.phases] == [
        n in proposed for n in range(1, 5)
    ]


# -- the timekeeper's note ----------------------------------------------------------------------


def test_a_flexible_protocol_shows_its_timekeeper_note_too() -> None:
    note = timekeeper_note(SHIPPED["oplossingsgericht"])
    assert "als alle punten maar besproken worden" in note
    assert note.endswith(ALL_OURS)


def test_every_shipped_protocol_has_something_for_the_timekeeper() -> None:
    for protocol_id, protocol in SHIPPED.items():
        note = timekeeper_note(protocol)
        assert note.startswith(protocol.timekeeper_note), protocol_id
        assert ALL_OURS in note or protocol_id == "handelingsgericht"
    assert timekeeper_note(SHIPPED["handelingsgericht"]) == (
        "Spreek van tevoren af wie de tijd en de stappen (streng!) bewaakt."
    )


def test_without_a_note_strict_advises_a_timekeeper_and_flexible_says_nothing() -> None:
    assert timekeeper_note(make_protocol()) == STRICT_TIMEKEEPER_NOTE
    assert timekeeper_note(make_protocol(order="flexible")) == ""
    assert timekeeper_note(make_protocol(order="flexible", minutes_source="proposal")) == ALL_OURS


# -- what set-up asks for -----------------------------------------------------------------------


def test_a_case_about_a_pupil_asks_for_a_schuilnaam_and_the_help_question() -> None:
    form = case_form(SHIPPED["handelingsgericht"])
    assert form == PUPIL_CASE
    assert form.pupil_label == "Leerling (schuilnaam of initialen)"
    assert form.question_label == "Hulpvraag van de inbrenger"


def test_leren_van_successen_asks_for_a_theme_and_no_pupil() -> None:
    for protocol_id in ("leren-van-successen", "leren-van-successen-ouders"):
        form = case_form(SHIPPED[protocol_id])
        assert form == THEME_CASE
        assert form.pupil_label is None
        assert "Hulpvraag" not in form.question_label
        assert "als gelijken" in form.note


# -- group size -------------------------------------------------------------------------------


def test_group_size_counts_contributors_not_toehoorders() -> None:
    protocol = SHIPPED["oplossingsgericht"]  # 3 to 5
    six = people(Role.VOORZITTER, Role.INBRENGER, *[Role.DEELNEMER] * 3, Role.TOEHOORDER)
    assert group_size_warning(protocol, six) == ""
    seven = [*six, Participant(name="P7", roles=[Role.TOEHOORDER, Role.NOTULIST])]
    assert group_size_warning(protocol, seven) == ""
    crowd = people(Role.VOORZITTER, Role.INBRENGER, *[Role.DEELNEMER] * 4, Role.TOEHOORDER)
    assert group_size_warning(protocol, crowd) == (
        "Let op: 6 deelnemers (toehoorders niet meegeteld); deze werkwijze adviseert 3 tot 5."
    )


def test_group_size_warning_in_singular_and_above_eight() -> None:
    protocol = SHIPPED["leren-van-successen"]  # 3 to 8
    assert group_size_warning(protocol, people(Role.INBRENGER)) == (
        "Let op: 1 deelnemer; deze werkwijze adviseert 3 tot 8."
    )
    nine = people(Role.VOORZITTER, Role.INBRENGER, *[Role.OUDER] * 7)
    assert group_size_warning(protocol, nine) == (
        "Let op: 9 deelnemers; deze werkwijze adviseert 3 tot 8."
    )


def test_no_warning_before_anyone_is_set_up_or_without_advice() -> None:
    assert group_size_warning(SHIPPED["leren-van-successen"], []) == ""
    assert group_size_warning(SHIPPED["handelingsgericht"], people(Role.INBRENGER)) == ""
