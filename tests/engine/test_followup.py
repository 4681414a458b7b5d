"""Follow-up: which agreements are due, and marking one evaluated in its original file."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from intervisie_tui.engine.followup import (
    UNDATED,
    due_agreements,
    evaluation_dates,
    mark_evaluated,
    separate_evaluation_date,
)
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.store import SessionLocked, load_session
from tests.meetings import (
    agreement,
    bad_files,
    days_ago,
    full_answers,
    held_by_other_program,
    run_meeting,
    save,
    snapshot,
)

TODAY = date(2026, 12, 1)
AT = datetime(2026, 12, 1, 15, 45).astimezone()


def test_due_agreements_overdue_first_and_within_the_horizon(folder: Path) -> None:
    first = save(
        folder,
        run_meeting(
            start=datetime(2026, 10, 1, 15, 0).astimezone(),
            pupil="A.",
            agreements=[
                agreement("te laat", evaluation_date=TODAY - timedelta(days=5)),
                agreement("ver weg", evaluation_date=TODAY + timedelta(days=15)),
                agreement("zonder datum"),
                agreement("binnenkort", evaluation_date=TODAY + timedelta(days=14)),
            ],
        ),
    )
    second = save(
        folder,
        run_meeting(
            start=datetime(2026, 11, 1, 15, 0).astimezone(),
            pupil="B.",
            agreements=[agreement("vandaag", evaluation_date=TODAY)],
        ),
    )
    bad_files(folder, run_meeting())
    due = due_agreements(folder, TODAY)
    assert [(d.agreement.what, d.index, d.path) for d in due] == [
        ("te laat", 0, first),
        ("vandaag", 0, second),
        ("binnenkort", 3, first),
        ("zonder datum", 2, first),
    ]
    assert due[0].overdue(TODAY) and not due[1].overdue(TODAY)
    assert not due[3].overdue(TODAY) and due[3].undated
    assert [d.evaluation_label for d in due] == ["26-11-2026", "01-12-2026", "15-12-2026", UNDATED]
    assert due[0].about == "A." and due[0].protocol_title == "Testprotocol"
    assert due[1].session_id == load_session(second).id
    assert [d.agreement.what for d in due_agreements(folder, TODAY, horizon_days=0)] == [
        "te laat",
        "vandaag",
        "zonder datum",
    ]


def test_evaluated_agreements_are_not_due(folder: Path) -> None:
    path = save(folder, run_meeting(agreements=[agreement(evaluation_date=TODAY)]))
    assert len(due_agreements(folder, TODAY)) == 1
    mark_evaluated(path, 0, "Gaat goed.", AT)
    assert due_agreements(folder, TODAY) == []


def _without_agreement(raw: dict, index: int) -> dict:
    copy = json.loads(json.dumps(raw))
    copy["agreements"][index].pop("evaluation")
    return copy


def test_mark_evaluated_changes_only_that_agreement(folder: Path) -> None:
    session = run_meeting(
        answers=full_answers(),
        agreements=[
            agreement("eerste", who="Bram", evaluation_date=TODAY),
            agreement("tweede", evaluation_date=TODAY + timedelta(days=7)),
        ],
        preparation={"waarom": "Omdat het niet lukt."},
    )
    path = save(folder, session)
    before = json.loads(path.read_bytes())
    saved = mark_evaluated(path, 1, "  Lukt nu drie keer per week.  ", AT)
    after = json.loads(path.read_bytes())
    assert _without_agreement(after, 1) == _without_agreement(before, 1)
    assert before["agreements"][1]["evaluation"] is None
    evaluation = saved.agreements[1].evaluation
    assert evaluation is not None
    assert evaluation.note == "Lukt nu drie keer per week."
    assert evaluation.evaluated_at == AT
    assert load_session(path) == saved
    assert saved.agreements[0].evaluation is None
    assert path.stat().st_mode & 0o777 == 0o600


def test_mark_evaluated_through_a_link_changes_the_real_file(folder: Path, tmp_path: Path) -> None:
    """The command line may be given a link to a session: the real file is locked, read and
    written, and the link stays a link."""
    path = save(folder, run_meeting(agreements=[agreement("eerste", evaluation_date=TODAY)]))
    link = tmp_path / "snelkoppeling.json"
    link.symlink_to(path)
    mark_evaluated(link, 0, "ok", AT)
    assert link.is_symlink()
    assert load_session(path).agreements[0].evaluation is not None


def test_mark_evaluated_keeps_a_hand_edited_file_as_it_was(folder: Path) -> None:
    """Keys a person wrote differently (here: actual_seconds left stale, an explicit default
    removed) survive: the note is set in the file's own JSON, not by re-serialising a model."""
    path = save(folder, run_meeting(agreements=[agreement(evaluation_date=TODAY)]))
    raw = json.loads(path.read_bytes())
    raw["phases"][0]["actual_seconds"] = 12345.0
    del raw["rehearsal_speed"]
    path.write_text(json.dumps(raw, indent=4))
    mark_evaluated(path, 0, "ok", AT)
    after = json.loads(path.read_bytes())
    assert after["phases"][0]["actual_seconds"] == 12345.0
    assert "rehearsal_speed" not in after
    assert _without_agreement(after, 0) == _without_agreement(raw, 0)


def test_marking_again_replaces_the_note(folder: Path) -> None:
    path = save(folder, run_meeting(agreements=[agreement(evaluation_date=TODAY)]))
    mark_evaluated(path, 0, "eerste", AT)
    later = AT + timedelta(days=1)
    session = mark_evaluated(path, 0, "verbeterd", later)
    assert session.agreements[0].evaluation is not None
    assert session.agreements[0].evaluation.note == "verbeterd"


def test_mark_evaluated_while_another_program_holds_the_lock(folder: Path) -> None:
    path = save(folder, run_meeting(agreements=[agreement(evaluation_date=TODAY)]))
    before = snapshot(folder, [path.name])
    with held_by_other_program(path):
        with pytest.raises(SessionLocked, match="ander programma"):
            mark_evaluated(path, 0, "mag niet", AT, timeout=0.2)
        assert snapshot(folder, [path.name]) == before
    # Once the other program let go, it works.
    assert mark_evaluated(path, 0, "nu wel", AT, timeout=0.2).agreements[0].evaluation


def test_mark_evaluated_never_writes_a_bad_file(folder: Path) -> None:
    reasons = bad_files(folder, run_meeting(agreements=[agreement(evaluation_date=TODAY)]))
    before = snapshot(folder, reasons)
    for name in reasons:
        with pytest.raises(FileProblems):
            mark_evaluated(folder / name, 0, "x", AT)
    assert snapshot(folder, reasons) == before


@pytest.mark.parametrize("index", [2, -1, 99])
def test_mark_evaluated_wrong_index(folder: Path, index: int) -> None:
    path = save(folder, run_meeting(agreements=[agreement(), agreement("b")]))
    before = snapshot(folder, [path.name])
    with pytest.raises(IndexError, match="bestaat niet"):
        mark_evaluated(path, index, "x", AT)
    assert snapshot(folder, [path.name]) == before


def test_mark_evaluated_refuses_bad_input(folder: Path) -> None:
    path = save(folder, run_meeting(agreements=[agreement()]))
    before = snapshot(folder, [path.name])
    with pytest.raises(ValueError, match="tijdzone"):
        mark_evaluated(path, 0, "x", datetime(2026, 12, 1, 15, 0))
    with pytest.raises(ValueError, match="te lang"):
        mark_evaluated(path, 0, "x" * 100_001, AT)
    assert snapshot(folder, [path.name]) == before


def test_mark_evaluated_releases_the_lock(folder: Path) -> None:
    from intervisie_tui.engine.store import open_session_file

    path = save(folder, run_meeting(agreements=[agreement()]))
    mark_evaluated(path, 0, "x", days_ago(0))
    with open_session_file(path, timeout=0) as handle:
        assert handle.session.agreements[0].evaluation is not None


# -- one evaluation date, also for old files -------------------------------------------------

OLD = Path(__file__).resolve().parent.parent / "fixtures" / "sessions-0.1.0"


def test_undated_agreements_only_from_meetings_that_ended_and_not_rehearsals(
    folder: Path,
) -> None:
    save(folder, run_meeting(pupil="R.", agreements=[agreement("lopend")], end="none"))
    save(folder, run_meeting(pupil="O.", agreements=[agreement("oefening")], rehearsal=10))
    save(folder, run_meeting(pupil="A.", agreements=[agreement("afgebroken")], end="abandon"))
    assert [d.agreement.what for d in due_agreements(folder, TODAY)] == ["afgebroken"]


def test_an_old_separate_evaluation_date_feeds_the_follow_up(folder: Path) -> None:
    folder.mkdir()
    for name in ("oplossingsgericht-completed.json", "oplossingsgericht-skipped-phases.json"):
        (folder / name).write_bytes((OLD / name).read_bytes())
    due = due_agreements(folder, date(2027, 1, 20))
    assert [(d.agreement.what, d.evaluation_label, d.date_from_field) for d in due] == [
        ("L. krijgt na de instructie een time-timer van 10 minuten op tafel.", "14-12-2026", False),
        ("Ouders worden gebeld over de aanpak.", "11-01-2027", True),
        ("Carla probeert de time-timer.", "18-01-2027", True),
    ]
    # Within two weeks of 1 December only the agreement with its own date is due.
    assert [d.evaluation_label for d in due_agreements(folder, TODAY)] == ["14-12-2026"]


def test_evaluation_dates_of_an_old_session() -> None:
    session = load_session(OLD / "oplossingsgericht-completed.json")
    assert separate_evaluation_date(session) == date(2027, 1, 11)
    assert evaluation_dates(session) == [date(2026, 12, 14), date(2027, 1, 11)]


def test_a_date_field_that_is_no_evaluation_date_is_not_taken() -> None:
    session = run_meeting(answers=full_answers(), agreements=[agreement()])
    assert session.answer("fase-3", "next") == date(2027, 1, 11)  # "Volgende keer"
    assert separate_evaluation_date(session) is None
    assert evaluation_dates(session) == [None]


def test_marking_an_old_file_keeps_it_readable_by_its_own_version(folder: Path) -> None:
    folder.mkdir()
    path = folder / "oplossingsgericht-completed.json"
    path.write_bytes((OLD / path.name).read_bytes())
    mark_evaluated(path, 1, "Gebeld.", AT)
    raw = json.loads(path.read_bytes())
    assert raw["schema_version"] == 1  # only the one value changed: 0.1.0 still reads it
    assert raw["agreements"][1]["evaluation"]["note"] == "Gebeld."
    assert [d.agreement.what for d in due_agreements(folder, date(2027, 1, 20))] == [
        "L. krijgt na de instructie een time-timer van 10 minuten op tafel."
    ]
