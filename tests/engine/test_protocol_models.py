"""The protocol models on their own: what a valid protocol is, and what each rule rejects."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from intervisie_tui.engine.messages import translate
from intervisie_tui.engine.protocol import (
    MAX_PHASE_MINUTES,
    FieldSpec,
    MinutesSource,
    Order,
    Protocol,
    Subject,
)
from intervisie_tui.engine.protocol_loader import load_protocol
from tests.builders import BUILTIN_PROTOCOLS, make_protocol, phase_dict, protocol_dict


def problems(data: dict) -> list[tuple[tuple, str]]:
    """The translated (location, message) pairs for ``data``; fails if ``data`` is valid."""
    with pytest.raises(ValidationError) as caught:
        Protocol.model_validate(data)
    return translate(caught.value, Protocol)


def test_minimal_protocol_is_valid_and_totals_its_minutes() -> None:
    protocol = make_protocol(minutes=[5, 10, 2.5])
    assert protocol.order is Order.STRICT
    assert [p.id for p in protocol.phases] == ["fase-1", "fase-2", "fase-3"]
    assert protocol.total_minutes == 17.5
    assert [p.planned_seconds for p in protocol.phases] == [300, 600, 150]


def test_models_are_frozen() -> None:
    protocol = make_protocol()
    with pytest.raises(ValidationError):
        protocol.phases[0].minutes = 99  # type: ignore[misc]


# -- ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["a", "handelingsgericht", "fase_2", "0-start", "x" * 64])
def test_slug_ids_accepted(slug: str) -> None:
    protocol = make_protocol(id=slug, phases=[phase_dict(1, id=slug)])
    assert protocol.id == slug
    assert protocol.phases[0].id == slug


@pytest.mark.parametrize(
    "slug",
    ["", "../x", "a/b", "a\\b", "..", ".hidden", "-start", "_start", "Hoofdletter", "met spatie",
     "x" * 65, "fase\n2", "café", "a.b", "a:b"],
)  # fmt: skip
def test_non_slug_ids_rejected_everywhere(slug: str) -> None:
    expected = "alleen a-z, 0-9, - en _ (begin met letter of cijfer)"
    assert problems(protocol_dict(id=slug)) == [(("id",), expected)]
    assert problems(protocol_dict(phases=[phase_dict(1, id=slug)])) == [
        (("phases", 0, "id"), expected)
    ]
    field = {"id": slug, "label": "Veld"}
    assert problems(protocol_dict(phases=[phase_dict(1, fields=[field])])) == [
        (("phases", 0, "fields", 0, "id"), expected)
    ]


# -- minutes --------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0.5, 1, 2.5, 0.01, 239.99, MAX_PHASE_MINUTES])
def test_minutes_in_range_and_fractions_accepted(minutes: float) -> None:
    protocol = make_protocol(minutes=[minutes])
    assert protocol.phases[0].minutes == minutes
    assert protocol.phases[0].planned_seconds == pytest.approx(minutes * 60)


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "moet groter zijn dan 0"),
        (-5, "moet groter zijn dan 0"),
        (-0.0, "moet groter zijn dan 0"),
        (240.001, "mag hoogstens 240 zijn"),
        (241, "mag hoogstens 240 zijn"),
        (1e308, "mag hoogstens 240 zijn"),
        (float("nan"), "moet een eindig getal zijn"),
        (float("inf"), "moet een eindig getal zijn"),
        (float("-inf"), "moet een eindig getal zijn"),
        ("vijf", "moet een getal zijn"),
        ("5", "moet een getal zijn"),
        ([5], "moet een getal zijn"),
    ],
)
def test_minutes_out_of_range_or_wrong_type_rejected(minutes: object, message: str) -> None:
    assert problems(protocol_dict(phases=[phase_dict(1, minutes=minutes)])) == [
        (("phases", 0, "minutes"), message)
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [("minutes", True), ("warning_minutes", True)],
)
def test_boolean_is_not_a_number_of_minutes(key: str, value: bool) -> None:
    # TOML `minutes = true` is a mistake, not "1 minute": pydantic's lax mode turns a bool into
    # 1.0, which silently changes the meeting's timing (the very thing the models guard against).
    locations = [loc for loc, _ in problems(protocol_dict(phases=[phase_dict(1, **{key: value})]))]
    assert locations == [("phases", 0, key)]


def test_warning_minutes_bounds() -> None:
    assert problems(protocol_dict(warning_minutes=0)) == [
        (("warning_minutes",), "moet groter zijn dan 0")
    ]
    assert problems(protocol_dict(phases=[phase_dict(1, warning_minutes=241)])) == [
        (("phases", 0, "warning_minutes"), "mag hoogstens 240 zijn")
    ]


def test_warning_seconds_uses_phase_value_before_protocol_value() -> None:
    protocol = make_protocol(
        warning_minutes=2, phases=[phase_dict(1), phase_dict(2, warning_minutes=0.5)]
    )
    assert protocol.warning_seconds(protocol.phases[0]) == 120
    assert protocol.warning_seconds(protocol.phases[1]) == 30
    assert make_protocol().warning_seconds(make_protocol().phases[0]) == 60  # default: 1 minute


# -- unknown keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "loc", "message"),
    [
        (
            protocol_dict(phases=[{**phase_dict(1, minutes=5), "minuten": 5}]),
            ("phases", 0, "minuten"),
            "onbekende sleutel 'minuten' — bedoelde je 'minutes'?",
        ),
        (
            protocol_dict(titel="x"),
            ("titel",),
            "onbekende sleutel 'titel' — bedoelde je 'title'?",
        ),
        (
            protocol_dict(warning_minuten=2),
            ("warning_minuten",),
            "onbekende sleutel 'warning_minuten' — bedoelde je 'warning_minutes'?",
        ),
        (
            protocol_dict(phases=[phase_dict(1, fields=[{"id": "a", "label": "A", "typ": "x"}])]),
            ("phases", 0, "fields", 0, "typ"),
            "onbekende sleutel 'typ' — bedoelde je 'type'?",
        ),
        (
            protocol_dict(
                preparation={"questions": [{"id": "a", "text": "?", "hnt": "x"}]},
            ),
            ("preparation", "questions", 0, "hnt"),
            "onbekende sleutel 'hnt' — bedoelde je 'hint'?",
        ),
        (
            protocol_dict(group_size={"min": 2, "max": 5, "advise": "x"}),
            ("group_size", "advise"),
            "onbekende sleutel 'advise' — bedoelde je 'advice'?",
        ),
    ],
)
def test_unknown_keys_rejected_with_did_you_mean(data: dict, loc: tuple, message: str) -> None:
    assert (loc, message) in problems(data)


def test_unknown_key_without_close_match_lists_allowed_keys() -> None:
    [(loc, message)] = problems(protocol_dict(phases=[phase_dict(1, zzz=1)]))
    assert loc == ("phases", 0, "zzz")
    assert message.startswith("onbekende sleutel 'zzz' (toegestaan: ")
    assert "fields, help, id, instruction, minutes" in message
    assert "bedoelde je" not in message


def test_minuten_typo_also_reports_missing_minutes() -> None:
    phase = {k: v for k, v in phase_dict(1).items() if k != "minutes"} | {"minuten": 5}
    assert problems(protocol_dict(phases=[phase])) == [
        (("phases", 0, "minutes"), "ontbreekt"),
        (("phases", 0, "minuten"), "onbekende sleutel 'minuten' — bedoelde je 'minutes'?"),
    ]


# -- duplicates -----------------------------------------------------------------------------


def test_duplicate_phase_ids_rejected() -> None:
    data = protocol_dict(phases=[phase_dict(1), phase_dict(2), phase_dict(3, id="fase-1")])
    messages = [message for _, message in problems(data)]
    assert messages == ["fase-id 'fase-1' komt meer dan eens voor"]


def test_duplicate_field_ids_rejected() -> None:
    fields = [{"id": "doel", "label": "Doel"}, {"id": "doel", "label": "Nog een doel"}]
    data = protocol_dict(phases=[phase_dict(1), phase_dict(2, fields=fields)])
    assert problems(data) == [(("phases", 1, "fields"), "veld-id 'doel' komt meer dan eens voor")]


def test_same_field_id_in_different_phases_is_fine() -> None:
    field = {"id": "notitie", "label": "Notitie"}
    protocol = make_protocol(phases=[phase_dict(1, fields=[field]), phase_dict(2, fields=[field])])
    assert [p.fields[0].id for p in protocol.phases] == ["notitie", "notitie"]


def test_duplicate_preparation_question_ids_rejected() -> None:
    questions = [{"id": "a", "text": "Een?"}, {"id": "a", "text": "Twee?"}]
    assert problems(protocol_dict(preparation={"questions": questions})) == [
        (("preparation",), "vraag-id 'a' komt meer dan eens voor")
    ]


def test_at_most_one_agreements_field_per_phase() -> None:
    fields = [
        {"id": "a", "label": "A", "type": "agreements"},
        {"id": "b", "label": "B", "type": "agreements"},
    ]
    assert problems(protocol_dict(phases=[phase_dict(1, fields=fields)])) == [
        (("phases", 0, "fields"), 'een fase heeft hoogstens één veld van type "agreements"')
    ]


# -- scale fields ---------------------------------------------------------------------------


def test_scale_defaults_to_zero_to_ten() -> None:
    field = FieldSpec(id="cijfer", label="Cijfer", type="scale")
    assert field.scale_range == (0, 10)
    assert FieldSpec(id="s", label="S", type="scale", min=1, max=5).scale_range == (1, 5)
    assert FieldSpec(id="s", label="S", type="scale", min=-3).scale_range == (-3, 10)


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ({"min": 5, "max": 5}, "min (5) moet kleiner zijn dan max (5)"),
        ({"min": 7, "max": 3}, "min (7) moet kleiner zijn dan max (3)"),
        ({"min": 11}, "min (11) moet kleiner zijn dan max (10)"),
        ({"min": 0, "max": 101}, "een schaal heeft hoogstens 100 stappen"),
        ({"min": -(10**30), "max": 10**30}, "een schaal heeft hoogstens 100 stappen"),
    ],
)
def test_scale_bounds_checked(bounds: dict, message: str) -> None:
    field = {"id": "s", "label": "S", "type": "scale", **bounds}
    assert problems(protocol_dict(phases=[phase_dict(1, fields=[field])])) == [
        (("phases", 0, "fields", 0), message)
    ]


def test_min_max_only_on_scale_fields() -> None:
    field = {"id": "s", "label": "S", "type": "text", "max": 4}
    assert problems(protocol_dict(phases=[phase_dict(1, fields=[field])])) == [
        (("phases", 0, "fields", 0), 'min en max horen alleen bij type = "scale"')
    ]


def test_scale_bounds_must_be_integers() -> None:
    field = {"id": "s", "label": "S", "type": "scale", "min": 0.5}
    assert problems(protocol_dict(phases=[phase_dict(1, fields=[field])])) == [
        (("phases", 0, "fields", 0, "min"), "moet een geheel getal zijn")
    ]


# -- other structure ------------------------------------------------------------------------


def test_schema_version_must_be_one() -> None:
    assert problems(protocol_dict(schema_version=0)) == [
        (("schema_version",), "moet één van deze zijn: 1")
    ]
    # The model alone cannot say "newer"; the loader does (see test_protocol_loader).
    assert problems(protocol_dict(schema_version=2)) == [
        (("schema_version",), "moet één van deze zijn: 1")
    ]


def test_schema_version_true_is_not_version_one() -> None:
    # `schema_version = true` is not a version number; lax Literal[1] equality would accept it.
    assert [loc for loc, _ in problems(protocol_dict(schema_version=True))] == [("schema_version",)]


def test_required_keys_reported_as_missing() -> None:
    assert problems({}) == [
        ((key,), "ontbreekt") for key in ("schema_version", "id", "title", "phases")
    ]
    assert problems(protocol_dict(phases=[{}])) == [
        (("phases", 0, key), "ontbreekt") for key in ("id", "title", "minutes")
    ]


def test_everything_else_has_a_default() -> None:
    protocol = Protocol.model_validate(
        {
            "schema_version": 1,
            "id": "klein",
            "title": "Klein",
            "phases": [{"id": "een", "title": "Een", "minutes": 5}],
        }
    )
    phase = protocol.phases[0]
    assert (protocol.description, protocol.source, protocol.timekeeper_note) == ("", "", "")
    assert (protocol.order, protocol.minutes_source, protocol.subject) == (
        Order.STRICT,
        MinutesSource.SOURCE,
        Subject.PUPIL,
    )
    assert (phase.who, phase.instruction, phase.minutes_source, phase.round) == (
        "",
        "",
        None,
        False,
    )


def test_who_may_be_empty_but_not_too_long() -> None:
    assert make_protocol(phases=[phase_dict(1, who="")]).phases[0].who == ""
    assert problems(protocol_dict(phases=[phase_dict(1, who="x" * 301)])) == [
        (("phases", 0, "who"), "is te lang (hoogstens 300 tekens)")
    ]


# -- fidelity: whose minutes, what the meeting is about ---------------------------------------


def test_minutes_are_the_sources_unless_marked_as_proposal() -> None:
    phases = [phase_dict(1), phase_dict(2, minutes_source="proposal"), phase_dict(3)]
    protocol = make_protocol(phases=phases)
    assert [protocol.proposed_minutes(p) for p in protocol.phases] == [False, True, False]


def test_a_phase_can_say_its_minutes_are_the_sources_in_a_proposed_protocol() -> None:
    phases = [phase_dict(1), phase_dict(2, minutes_source="source")]
    protocol = make_protocol(minutes_source="proposal", phases=phases)
    assert [protocol.proposed_minutes(p) for p in protocol.phases] == [True, False]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"minutes_source": "ours"},
            [(("minutes_source",), "moet één van deze zijn: 'source' of 'proposal'")],
        ),
        (
            {"phases": [phase_dict(1, minutes_source="voorstel")]},
            [(("phases", 0, "minutes_source"), "moet één van deze zijn: 'source' of 'proposal'")],
        ),
        ({"subject": "leerling"}, [(("subject",), "moet één van deze zijn: 'pupil' of 'theme'")]),
        ({"subject": True}, [(("subject",), "moet één van deze zijn: 'pupil' of 'theme'")]),
    ],
)
def test_fidelity_keys_take_only_their_values(overrides: dict, expected: list) -> None:
    assert problems(protocol_dict(**overrides)) == expected


def test_a_protocol_about_a_theme() -> None:
    assert make_protocol(subject="theme").subject is Subject.THEME


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"phases": []}, [(("phases",), "moet minstens 1 fase hebben")]),
        (
            {"phases": [phase_dict(i + 1) for i in range(61)]},
            [(("phases",), "mag hoogstens 60 fasen hebben")],
        ),
        ({"order": "random"}, [(("order",), "moet één van deze zijn: 'strict' of 'flexible'")]),
        ({"title": ""}, [(("title",), "mag niet leeg zijn")]),
        ({"title": 5}, [(("title",), "moet tekst zijn (tussen aanhalingstekens)")]),
        ({"title": "x" * 301}, [(("title",), "is te lang (hoogstens 300 tekens)")]),
        ({"rules": "geen lijst"}, [(("rules",), "moet een lijst zijn: [ ... ]")]),
        ({"group_size": 4}, [(("group_size",), "moet een tabel zijn")]),
        ({"group_size": {"min": 6, "max": 3}}, [
            (("group_size",), "min (6) is groter dan max (3)")
        ]),
        ({"group_size": {"min": 0, "max": 3}}, [(("group_size", "min"), "moet minstens 1 zijn")]),
        ({"preparation": {"questions": []}}, [
            (("preparation", "questions"), "moet minstens 1 vraag hebben")
        ]),
    ],
)  # fmt: skip
def test_structure_rules(overrides: dict, expected: list) -> None:
    assert problems(protocol_dict(**overrides)) == expected


def test_flexible_order_and_optional_parts_load() -> None:
    protocol = make_protocol(
        order="flexible",
        group_size={"min": 3, "max": 6, "advice": "liefst vijf"},
        preparation={"questions": [{"id": "waarom", "text": "Waarom nu?"}]},
        help=[{"title": "Hulp", "items": ["een", "twee"]}],
    )
    assert protocol.order is Order.FLEXIBLE
    assert protocol.group_size is not None
    assert (protocol.group_size.min, protocol.group_size.max) == (3, 6)
    assert protocol.preparation is not None
    assert protocol.preparation.title == "Voorbereiding"
    assert protocol.help[0].items == ["een", "twee"]


# -- rounds ---------------------------------------------------------------------------------


def test_a_phase_is_a_round_only_when_it_says_so() -> None:
    protocol = make_protocol(phases=[phase_dict(1), phase_dict(2, round=True)])
    assert [p.round for p in protocol.phases] == [False, True]


@pytest.mark.parametrize("value", ["true", 1, "ja"])
def test_round_must_be_true_or_false(value: object) -> None:
    assert problems(protocol_dict(phases=[phase_dict(1, round=value)])) == [
        (("phases", 0, "round"), "moet true of false zijn")
    ]


def test_shipped_rounds_are_where_the_seeds_have_turns() -> None:
    rounds = {
        (loaded.protocol.id, phase.id)
        for loaded in (load_protocol(path) for path in sorted(BUILTIN_PROTOCOLS.glob("*.toml")))
        for phase in loaded.protocol.phases
        if phase.round
    }
    assert rounds == {
        ("handelingsgericht", "verheldering"),
        ("handelingsgericht", "onderwijsbehoeften"),
        ("leren-van-successen", "verdieping"),
        ("leren-van-successen-ouders", "verdieping"),
        ("basis-intervisie", "adviesronde"),
    }


# -- the shipped protocols against their sources -----------------------------------------------

SHIPPED = {
    loaded.protocol.id: loaded.protocol
    for loaded in (load_protocol(path) for path in sorted(BUILTIN_PROTOCOLS.glob("*.toml")))
}


def test_only_handelingsgericht_has_minutes_from_its_source() -> None:
    # Seed 002 gives the seven budgets; the other seeds give none, so those minutes are ours.
    proposed = {
        protocol_id: {protocol.proposed_minutes(p) for p in protocol.phases}
        for protocol_id, protocol in SHIPPED.items()
    }
    assert proposed == {
        "basis-intervisie": {True},
        "handelingsgericht": {False},
        "leren-van-successen": {True},
        "leren-van-successen-ouders": {True},
        "oplossingsgericht": {True},
    }


def test_leren_van_successen_is_about_a_theme_and_prepares_successes() -> None:
    subjects = {protocol_id: p.subject for protocol_id, p in SHIPPED.items()}
    assert {i for i, s in subjects.items() if s is Subject.THEME} == {
        "leren-van-successen",
        "leren-van-successen-ouders",
    }
    for protocol_id in ("leren-van-successen", "leren-van-successen-ouders"):
        preparation = SHIPPED[protocol_id].preparation
        assert preparation is not None
        asked = " ".join(q.text for q in preparation.questions).casefold()
        assert "succes" in asked
        assert not {"probleem", "problemen", "zorgen", "leerling"} & set(asked.split())


@pytest.mark.parametrize(
    ("protocol_id", "publication"),
    [
        ("handelingsgericht", "Praktijkartikel 'Handelingsgerichte intervisie'"),
        ("oplossingsgericht", "Stefanie Marrevee, masterthesis Master Educational Needs (Fontys)"),
        ("leren-van-successen", "leren van successen' (De Haan, 2001 & Dewulf, 2004)"),
        ("leren-van-successen-ouders", "leren van successen' (De Haan, 2001 & Dewulf, 2004)"),
        ("basis-intervisie", "(Hendriksen, 2000; Beek & Schaub-de Jong, 2013)"),
    ],
)
def test_sources_quote_the_publication_not_a_file_of_ours(
    protocol_id: str, publication: str
) -> None:
    source = SHIPPED[protocol_id].source
    assert publication in source
    assert "seeds/" not in source
    assert ".txt" not in source


def test_timekeeper_notes_leave_the_proposed_minutes_to_the_key() -> None:
    # Said once, by minutes_source: a note repeating it would show the sentence twice.
    assert not [i for i, p in SHIPPED.items() if "eigen voorstel" in p.timekeeper_note]


@pytest.mark.parametrize(
    "wrong",
    [
        "Hetgeen dat gelukt is",
        "mogen bespreekbaar zijn",
        "Probleem inventarisatie",
        "probleem inbrenger",
        "week voor de intervisie",
        "ouders voor de intervisie",
        "pseudoniem",
    ],
)
def test_shipped_protocols_have_the_language_fixes(wrong: str) -> None:
    for path in sorted(BUILTIN_PROTOCOLS.glob("*.toml")):
        assert wrong not in path.read_text(encoding="utf-8"), path.name
