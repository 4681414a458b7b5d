"""The session file model: answers checked against field types, derived values recomputed."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol import FieldSpec
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import (
    SESSION_SCHEMA_VERSION,
    Agreement,
    Participant,
    Role,
    Session,
    SessionStatus,
    TallyItem,
    TimerStatus,
    validate_answer,
)
from tests.builders import make_protocol, make_session, phase_dict

FIELDS = [
    {"id": "notitie", "label": "Notitie", "type": "text"},
    {"id": "ideeen", "label": "Ideeën", "type": "list"},
    {"id": "cijfer", "label": "Cijfer", "type": "scale", "min": 1, "max": 5},
    {"id": "turven", "label": "Turven", "type": "tally"},
    {"id": "datum", "label": "Datum", "type": "date"},
    {"id": "afspraken", "label": "Afspraken", "type": "agreements"},
]


@pytest.fixture
def session() -> Session:
    protocol = make_protocol(
        phases=[phase_dict(1, fields=FIELDS), phase_dict(2)],
        preparation={"questions": [{"id": "waarom", "text": "Waarom nu?"}]},
    )
    return make_session(protocol)


def spec(field_type: str, **bounds: int) -> FieldSpec:
    return FieldSpec(id="veld", label="Veld", type=field_type, **bounds)


# -- answers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_type", "value", "stored"),
    [
        ("text", "een notitie", "een notitie"),
        ("text", "", ""),
        ("list", ["a", "b"], ["a", "b"]),
        ("list", [], []),
        ("scale", 0, 0),
        ("scale", 10, 10),
        ("scale", None, None),
        ("tally", [{"keyword": "rust", "count": 3}], [TallyItem(keyword="rust", count=3)]),
        ("date", "2026-12-01", date(2026, 12, 1)),
        ("date", date(2027, 1, 2), date(2027, 1, 2)),
        ("date", None, None),
    ],
)
def test_valid_answers(field_type: str, value: object, stored: object) -> None:
    assert validate_answer(spec(field_type), value) == stored


@pytest.mark.parametrize(
    ("field_type", "bounds", "value", "message"),
    [
        ("scale", {}, 11, "schaalwaarde 11 ligt niet tussen 0 en 10"),
        ("scale", {}, -1, "schaalwaarde -1 ligt niet tussen 0 en 10"),
        ("scale", {"min": 1, "max": 5}, 0, "schaalwaarde 0 ligt niet tussen 1 en 5"),
        ("scale", {"min": 1, "max": 5}, 6, "schaalwaarde 6 ligt niet tussen 1 en 5"),
        ("scale", {}, "veel", "antwoord past niet bij veldtype 'scale'"),
        ("scale", {}, 2.5, "antwoord past niet bij veldtype 'scale'"),
        ("text", {}, ["lijst"], "antwoord past niet bij veldtype 'text'"),
        ("text", {}, "x" * 100_001, "antwoord past niet bij veldtype 'text'"),
        ("list", {}, "geen lijst", "antwoord past niet bij veldtype 'list'"),
        ("tally", {}, [{"keyword": "", "count": 1}], "antwoord past niet bij veldtype 'tally'"),
        ("tally", {}, [{"keyword": "x", "count": -1}], "antwoord past niet bij veldtype 'tally'"),
        ("date", {}, "morgen", "antwoord past niet bij veldtype 'date'"),
        ("agreements", {}, [], "afspraken staan in 'agreements' van de sessie, niet bij een fase"),
    ],
)
def test_invalid_answers_rejected(
    field_type: str, bounds: dict, value: object, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        validate_answer(spec(field_type, **bounds), value)
    assert str(caught.value) == message


def test_set_answer_stores_typed_answers(session: Session) -> None:
    session.set_answer("fase-1", "notitie", "Thomas blijft vier minuten zitten")
    session.set_answer("fase-1", "ideeen", ["kring", "timer"])
    session.set_answer("fase-1", "cijfer", 4)
    session.set_answer("fase-1", "turven", [{"keyword": "rust", "count": 2}])
    session.set_answer("fase-1", "datum", "2026-12-01")
    assert session.answer("fase-1", "notitie") == "Thomas blijft vier minuten zitten"
    assert session.answer("fase-1", "ideeen") == ["kring", "timer"]
    assert session.answer("fase-1", "cijfer") == 4
    assert session.answer("fase-1", "turven") == [TallyItem(keyword="rust", count=2)]
    assert session.answer("fase-1", "datum") == date(2026, 12, 1)
    session.set_answer("fase-1", "cijfer", None)
    assert session.answer("fase-1", "cijfer") is None


def test_set_answer_out_of_range_leaves_the_old_answer(session: Session) -> None:
    session.set_answer("fase-1", "cijfer", 3)
    with pytest.raises(ValueError, match="ligt niet tussen 1 en 5"):
        session.set_answer("fase-1", "cijfer", 9)
    assert session.answer("fase-1", "cijfer") == 3


def test_set_answer_unknown_field_is_rejected_clearly(session: Session) -> None:
    # StopIteration would leak out of next() here; it is not an error callers expect, and
    # inside a generator it turns into a RuntimeError.
    with pytest.raises((KeyError, ValueError)):
        session.set_answer("fase-1", "bestaat-niet", "x")
    with pytest.raises((KeyError, ValueError)):
        session.set_answer("fase-9", "notitie", "x")
    assert session.phase_record("fase-1").answers == {}


def test_loading_rejects_answers_for_unknown_fields(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["phases"][1]["answers"] = {"notitie": "hoort bij fase 1"}
    with pytest.raises(ValidationError, match="fase 'fase-2': onbekend veld 'notitie'"):
        Session.model_validate(data)


def test_loading_rejects_answers_of_the_wrong_shape(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["phases"][0]["answers"] = {"cijfer": 7}
    with pytest.raises(ValidationError, match="ligt niet tussen 1 en 5"):
        Session.model_validate(data)


def test_loading_rejects_unknown_preparation_question(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["preparation"] = {"waarom": "omdat", "bestaat-niet": "x"}
    with pytest.raises(ValidationError, match="onbekende voorbereidingsvraag 'bestaat-niet'"):
        Session.model_validate(data)


def test_loading_rejects_phases_that_do_not_match_the_protocol(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["phases"].reverse()
    with pytest.raises(ValidationError, match="fasen komen niet overeen met het protocol"):
        Session.model_validate(data)


def test_loading_rejects_a_current_phase_that_does_not_exist(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["timer"] = {"status": "paused", "current_phase": 2}
    with pytest.raises(ValidationError, match=r"timer\.current_phase 2 bestaat niet"):
        Session.model_validate(data)


def test_unknown_keys_rejected_in_session_files(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["leerling_naam"] = "Jan"
    with pytest.raises(ValidationError):
        Session.model_validate(data)


def test_pupil_field_is_short(session: Session) -> None:
    session.case.pupil = "T.J."
    with pytest.raises(ValidationError):
        session.case.pupil = "x" * 61
    assert session.case.pupil == "T.J."


# -- actual seconds -------------------------------------------------------------------------


def test_actual_seconds_written_and_recomputed_on_load() -> None:
    clock = FakeClock()
    runner = SessionRunner(make_session(clock=clock), clock)
    runner.start()
    clock.advance(70.25)
    runner.next()
    clock.advance(5)
    runner.previous(override=True)
    clock.advance(9.75)
    runner.pause()
    data = json.loads(runner.session.model_dump_json())
    assert [p["actual_seconds"] for p in data["phases"]] == [80, 5, 0]

    data["phases"][0]["actual_seconds"] = 99999  # edited by hand, or stale
    data["phases"][2]["actual_seconds"] = "niet eens een getal"
    loaded = Session.model_validate(data)
    assert [p.actual_seconds for p in loaded.phases] == [80, 5, 0]
    assert json.loads(loaded.model_dump_json())["phases"][0]["actual_seconds"] == 80


def test_json_round_trip_keeps_everything(session: Session) -> None:
    clock = FakeClock()
    session.participants = [
        Participant(name="Anna", roles=[Role.VOORZITTER, Role.TIJDBEWAKER]),
        Participant(name="Bram", roles=[Role.INBRENGER]),
    ]
    session.case.pupil = "T."
    session.case.help_question = "Hoe help ik T. in de kring?"
    session.preparation = {"waarom": "Het lukt niet in de kring."}
    session.set_answer("fase-1", "datum", date(2026, 12, 24))
    session.set_answer("fase-1", "turven", [TallyItem(keyword="kring", count=5)])
    session.agreements = [
        Agreement(what="Timer in de kring", who="Bram", evaluation_date=date(2027, 1, 15))
    ]
    runner = SessionRunner(session, clock)
    runner.start()
    clock.advance(33)
    runner.adjust(1.5)
    runner.finish()
    loaded = Session.model_validate_json(session.model_dump_json())
    # JSON cannot tell a date from text, so compare what is written, and read dates typed.
    assert loaded.model_dump_json() == session.model_dump_json()
    assert loaded.participants == session.participants
    assert loaded.agreements == session.agreements
    assert loaded.events == session.events
    assert loaded.answer("fase-1", "datum") == date(2026, 12, 24)
    assert loaded.status is SessionStatus.COMPLETED
    assert loaded.timer.status is TimerStatus.FINISHED
    assert loaded.uncovered_at_finish == ["fase-2"]
    assert loaded.ended_at - loaded.created_at == timedelta(seconds=33)  # type: ignore[operator]


def test_new_session_ids_are_short_random_hex() -> None:
    ids = {make_session().id for _ in range(20)}
    assert len(ids) == 20
    assert all(len(i) == 8 and int(i, 16) >= 0 for i in ids)


def test_timestamps_need_a_time_zone(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["created_at"] = "2026-11-23T15:30:00"
    with pytest.raises(ValidationError):
        Session.model_validate(data)


# -- schema versions ------------------------------------------------------------------------


def test_version_1_files_are_read_and_written_as_the_current_version(session: Session) -> None:
    data = json.loads(session.model_dump_json())
    data["schema_version"] = 1
    del data["timer"]["synced_at"]
    loaded = Session.model_validate(data)
    assert loaded.schema_version == SESSION_SCHEMA_VERSION == 2
    assert json.loads(loaded.model_dump_json())["schema_version"] == 2
    del data["schema_version"]  # written by hand: a missing version is version 1
    assert Session.model_validate(data).schema_version == 2


@pytest.mark.parametrize("version", [0, 3, True, "1", 1.5, None])
def test_other_versions_are_refused(session: Session, version: object) -> None:
    data = json.loads(session.model_dump_json())
    data["schema_version"] = version
    with pytest.raises(ValidationError):
        Session.model_validate(data)


# -- the notes field of every phase ---------------------------------------------------------


def test_every_phase_records_notes_after_its_own_fields(session: Session) -> None:
    first, second = session.protocol.phases
    assert [f.id for f in first.recorded_fields] == [*(f["id"] for f in FIELDS), "aantekeningen"]
    [notes] = second.recorded_fields
    assert (notes.id, notes.label, notes.type) == ("aantekeningen", "Aantekeningen", "text")


def test_notes_are_answers_like_any_other(session: Session) -> None:
    session.set_answer("fase-2", "aantekeningen", "Bram vertelt over de kring.")
    loaded = Session.model_validate_json(session.model_dump_json())
    assert loaded.answer("fase-2", "aantekeningen") == "Bram vertelt over de kring."
    assert session.field_spec("fase-1", "aantekeningen").label == "Aantekeningen"
    with pytest.raises(ValueError, match="text"):
        session.set_answer("fase-2", "aantekeningen", ["geen", "tekst"])


def test_the_protocol_copy_is_not_changed_by_the_notes_field(session: Session) -> None:
    written = json.loads(session.model_dump_json())["protocol"]["phases"]
    assert [len(p.get("fields", [])) for p in written] == [len(FIELDS), 0]
    assert session.protocol.phases[1].fields == []


def test_a_declared_notes_field_is_not_doubled() -> None:
    own = {"id": "aantekeningen", "label": "Wat opviel", "type": "list"}
    protocol = make_protocol(phases=[phase_dict(1, fields=[own])])
    [spec] = protocol.phases[0].recorded_fields
    assert (spec.label, spec.type) == ("Wat opviel", "list")
    session = make_session(protocol)
    session.set_answer("fase-1", "aantekeningen", ["een", "lijst"])
    assert session.answer("fase-1", "aantekeningen") == ["een", "lijst"]
