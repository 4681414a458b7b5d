"""Follow-up: which agreements are due, and marking one evaluated in its original file."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from intervisie_tui.engine.followup import due_agreements, mark_evaluated
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
    ]
    assert due[0].overdue(TODAY) and not due[1].overdue(TODAY)
    assert due[0].pupil == "A." and due[0].protocol_title == "Testprotocol"
    assert due[1].session_id == load_session(second).id
    assert [d.agreement.what for d in due_agreements(folder, TODAY, horizon_days=0)] == [
        "te laat",
        "vandaag",
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
