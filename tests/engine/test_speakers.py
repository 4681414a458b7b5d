"""Names for a phase's ``who`` and the speakers of a round, from the set-up's participants."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.engine.session import Participant, Role
from intervisie_tui.engine.speakers import (
    chair_left_out,
    contributors,
    round_speakers,
    who_names,
)
from tests.builders import BUILTIN_PROTOCOLS

TEAM = [
    Participant(name="Ahmed", roles=[Role.VOORZITTER]),
    Participant(name="Bea", roles=[Role.TIJDBEWAKER]),
    Participant(name="Carla", roles=[Role.INBRENGER]),
    Participant(name="Daan", roles=[Role.DEELNEMER, Role.NOTULIST]),
    Participant(name="Eva", roles=[Role.DEELNEMER]),
]


@pytest.mark.parametrize("who", ["collega's", "deelnemers; inbrenger luistert"])
def test_a_group_round_leaves_out_the_case_owner_and_a_chair_only(who: str) -> None:
    """Seed 000: "vier deelnemers (vijf, inclusief voorzitter)"; seed 004: the begeleider
    chairs and "de deelnemers geven adviezen". The timekeeper takes turns."""
    assert round_speakers(TEAM, who) == ["Bea", "Daan", "Eva"]
    assert chair_left_out(TEAM, who)


def test_a_chair_who_also_takes_part_takes_turns() -> None:
    team = [Participant(name="Ahmed", roles=[Role.VOORZITTER, Role.DEELNEMER]), *TEAM[1:]]
    assert round_speakers(team, "collega's") == ["Ahmed", "Bea", "Daan", "Eva"]
    assert not chair_left_out(team, "collega's")


def test_a_case_owner_never_takes_a_turn_whatever_else_they_do() -> None:
    team = [
        Participant(name="Carla", roles=[Role.DEELNEMER, Role.INBRENGER]),
        Participant(name="Fenna", roles=[Role.INBRENGER]),
        Participant(name="Gijs", roles=[Role.NOTULIST]),
    ]
    assert round_speakers(team, "collega's") == ["Gijs"]
    assert round_speakers(team, "deelnemers") == ["Gijs"]


def test_set_up_order_is_kept() -> None:
    assert round_speakers(list(reversed(TEAM)), "deelnemers") == ["Eva", "Daan", "Bea"]


def test_nobody_set_up() -> None:
    assert round_speakers([], "collega's") == []


def test_a_round_without_known_words_goes_round_the_participants() -> None:
    assert round_speakers(TEAM, "ieder om de beurt") == ["Bea", "Daan", "Eva"]


# Every ``who`` in the shipped protocols, with TEAM.
SHIPPED_WHO = {
    "inbrenger": "Carla (inbrenger)",
    "collega's": "Bea, Daan, Eva",
    "allen": "allen",
    "inbrenger, geholpen door de collega's": "Carla (inbrenger), geholpen door Bea, Daan, Eva",
    "voorzitter en inbrenger": "Ahmed (voorzitter) en Carla (inbrenger)",
    "inbrenger, collega's vragen": "Carla (inbrenger), Bea, Daan, Eva vragen",
    "collega's (inbrenger verlaat de ruimte), daarna allen": (
        "Bea, Daan, Eva (inbrenger Carla verlaat de ruimte), daarna allen"
    ),
    "begeleider (voorzitter)": "begeleider (voorzitter: Ahmed)",
    "deelnemers vragen, inbrenger antwoordt": "Bea, Daan, Eva vragen, Carla (inbrenger) antwoordt",
    "deelnemers; inbrenger luistert": "Bea, Daan, Eva; Carla (inbrenger) luistert",
    "leerkracht (inbrenger); ouders luisteren": "leerkracht (inbrenger: Carla); ouders luisteren",
    "ouders schrijven, begeleider clustert": "ouders schrijven, Ahmed (begeleider) clustert",
    "ouders vragen, leerkracht antwoordt": "ouders vragen, leerkracht antwoordt",
    "inbrengers vertellen; ouders en leerkracht luisteren": (
        "Carla (inbrengers) vertellen; ouders en leerkracht luisteren"
    ),
    "ouders en leerkracht schrijven, begeleider clustert": (
        "ouders en leerkracht schrijven, Ahmed (begeleider) clustert"
    ),
    "ouders en leerkracht vragen, inbrengers antwoorden": (
        "ouders en leerkracht vragen, Carla (inbrengers) antwoorden"
    ),
}


def test_every_shipped_who_is_covered() -> None:
    found = set()
    for path in BUILTIN_PROTOCOLS.glob("*.toml"):
        found |= {p["who"] for p in tomllib.loads(path.read_text(encoding="utf-8"))["phases"]}
    assert found == set(SHIPPED_WHO)


@pytest.mark.parametrize(("who", "expected"), sorted(SHIPPED_WHO.items()))
def test_shipped_who_with_names(who: str, expected: str) -> None:
    assert who_names(who, TEAM) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("de inbrenger", "Carla (inbrenger)"),
        ("Inbrenger en Collega’s", "Carla (Inbrenger) en Bea, Daan, Eva"),
        ("de deelnemers", "Bea, Daan, Eva"),
        ("tijdbewaker en notulist", "Bea (tijdbewaker) en Daan (notulist)"),
        ("notulist (tijdbewaker)", "Daan (notulist) (tijdbewaker: Bea)"),
        ("een deelnemer", "een deelnemer"),  # one of them: which one is not known
        ("inbrengersgroep, collega'sachtig", "inbrengersgroep, collega'sachtig"),
    ],
)
def test_who_variants(who: str, expected: str) -> None:
    assert who_names(who, TEAM) == expected


def test_two_case_owners() -> None:
    team = [*TEAM, Participant(name="Fenna", roles=[Role.INBRENGER])]
    assert who_names("ouders (inbrengers)", team) == "ouders (inbrengers: Carla, Fenna)"
    assert who_names("inbrenger", team) == "Carla, Fenna (inbrenger)"


# Seed 004's meetings: a begeleider who chairs, a teacher, parents, and a colleague who
# "kijkt mee zonder inbreng".
PARENTS = [
    Participant(name="Jaitske", roles=[Role.VOORZITTER]),
    Participant(name="Lieke", roles=[Role.TOEHOORDER]),
    Participant(name="Ouder P", roles=[Role.OUDER]),
    Participant(name="Emmy", roles=[Role.INBRENGER]),
    Participant(name="Ouder B", roles=[Role.OUDER]),
    Participant(name="Ouder J", roles=[Role.OUDER, Role.NOTULIST]),
]


def test_parents_take_turns_and_a_toehoorder_never_does() -> None:
    assert round_speakers(PARENTS, "deelnemers") == ["Ouder P", "Ouder B", "Ouder J"]
    watching_scribe = Participant(name="Sam", roles=[Role.NOTULIST, Role.TOEHOORDER])
    assert round_speakers([*PARENTS, watching_scribe], "deelnemers") == [
        "Ouder P",
        "Ouder B",
        "Ouder J",
    ]


# The tester's meeting of leren van successen: a chair, a timekeeper, the teacher who tells
# the successes, and two parents.
SUCCESSES = [
    Participant(name="Eva", roles=[Role.VOORZITTER]),
    Participant(name="Fons", roles=[Role.TIJDBEWAKER]),
    Participant(name="Gerda", roles=[Role.INBRENGER]),
    Participant(name="Hans", roles=[Role.OUDER]),
    Participant(name="Ina", roles=[Role.OUDER]),
]


def test_only_the_parents_ask_when_the_phase_names_the_parents() -> None:
    """Seed 004, stap 3: "Daarna krijgen de ouders de gelegenheid om één of twee vragen te
    stellen"; the timekeeper is no parent, so takes no turn."""
    assert round_speakers(SUCCESSES, "ouders vragen, leerkracht antwoordt") == ["Hans", "Ina"]


def test_parents_and_teacher_ask_in_the_parents_variant() -> None:
    """Stap 3 of the parents' variant: parents and teacher ask, the parents who told answer;
    the begeleider chairs."""
    team = [
        Participant(name="Eva", roles=[Role.VOORZITTER]),
        Participant(name="Fons", roles=[Role.DEELNEMER]),
        Participant(name="Gerda", roles=[Role.INBRENGER]),
        Participant(name="Hans", roles=[Role.OUDER]),
        Participant(name="Lieke", roles=[Role.TOEHOORDER]),
    ]
    who = "ouders en leerkracht vragen, inbrengers antwoorden"
    assert round_speakers(team, who) == ["Fons", "Hans"]


def test_contributors_leave_out_only_the_toehoorders() -> None:
    assert [p.name for p in contributors(PARENTS)] == [
        "Jaitske",
        "Ouder P",
        "Emmy",
        "Ouder B",
        "Ouder J",
    ]
    assert contributors(TEAM) == TEAM


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            "leerkracht (inbrenger); ouders luisteren",
            "leerkracht (inbrenger: Emmy); Ouder P, Ouder B, Ouder J (ouders) luisteren",
        ),
        (
            "ouders schrijven, begeleider clustert",
            "Ouder P, Ouder B, Ouder J (ouders) schrijven, Jaitske (begeleider) clustert",
        ),
        ("de ouders vragen", "Ouder P, Ouder B, Ouder J (ouders) vragen"),
        ("een ouder", "een ouder"),  # one of them: which one is not known
        ("collega's", "Ouder P, Ouder B, Ouder J"),
        ("toehoorder", "Lieke (toehoorder)"),
        ("ouderavond, grootouders", "ouderavond, grootouders"),
    ],
)
def test_who_with_parents_and_a_toehoorder(who: str, expected: str) -> None:
    assert who_names(who, PARENTS) == expected


def test_roles_without_names_stay_as_written() -> None:
    team = [Participant(name="Carla", roles=[Role.INBRENGER])]
    assert who_names("voorzitter en inbrenger", team) == "voorzitter en Carla (inbrenger)"
    assert who_names("inbrenger, geholpen door de collega's", team) == (
        "Carla (inbrenger), geholpen door de collega's"
    )
    assert who_names("begeleider (voorzitter)", team) == "begeleider (voorzitter)"


@given(st.text(max_size=300))
def test_without_participants_nothing_changes(who: str) -> None:
    assert who_names(who, []) == who


def _depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def test_a_role_inside_parentheses_reads_without_brackets_in_brackets() -> None:
    named = who_names("collega's (inbrenger verlaat de ruimte), daarna allen", TEAM)
    assert named == "Bea, Daan, Eva (inbrenger Carla verlaat de ruimte), daarna allen"


_PIECES = ["inbrenger", "collega's", "deelnemers", "ouders", "voorzitter", "tijdbewaker", "en"]


@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4),
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4),
)
def test_names_never_put_brackets_in_brackets(outside: list[str], inside: list[str]) -> None:
    who = f"{' '.join(outside)} ({' '.join(inside)} luisteren), daarna allen"
    assert _depth(who_names(who, [*TEAM, *PARENTS])) == 1
