"""Retention: only expired, readable sessions not open elsewhere are deleted, with their traces."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from intervisie_tui.engine.listing import INDEX_NAME, scan_sessions
from intervisie_tui.engine.retention import expired_sessions, is_locked, purge, retention_plan
from intervisie_tui.engine.store import lock_path
from tests.meetings import (
    bad_files,
    days_ago,
    edge_files,
    held_by_other_program,
    run_meeting,
    save,
    snapshot,
)


def test_expired_by_created_at_not_by_mtime(folder: Path) -> None:
    old = save(folder, run_meeting(start=days_ago(400)))
    older = save(folder, run_meeting(start=days_ago(800)))
    recent = save(folder, run_meeting(start=days_ago(10)))
    # A recent mtime (a copied folder, a follow-up note) does not make an old session young.
    old.touch()
    now = datetime.now().astimezone()
    assert expired_sessions(folder, 365, now) == [older, old]
    assert expired_sessions(folder, 5, now) == [older, old, recent]
    assert expired_sessions(folder, 1000, now) == []


def test_bad_files_are_never_expired(folder: Path) -> None:
    reasons = bad_files(folder, run_meeting(start=days_ago(900)))
    edges = edge_files(folder, run_meeting(start=days_ago(900)))
    before = snapshot(folder, [*reasons, *edges])
    plan = retention_plan(folder, 1, datetime.now().astimezone())
    named = {p.file.name for p in plan.problems}
    assert set(reasons) <= named
    # The extreme files: expired when the schema accepts them, named when it does not.
    assert {s.path.name for s in plan.expired} | named == set(reasons) | set(edges)
    purge([s.path for s in plan.expired])
    assert snapshot(folder, reasons) == {name: before[name] for name in reasons}


def test_plan_needs_an_aware_now_and_positive_days(folder: Path) -> None:
    with pytest.raises(ValueError):
        retention_plan(folder, 30, datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        retention_plan(folder, -1, datetime.now().astimezone())


def test_purge_deletes_files_locks_leftovers_and_index_entries(folder: Path) -> None:
    gone = save(folder, run_meeting(start=days_ago(400), pupil="Z."))
    kept = save(folder, run_meeting(start=days_ago(10)))
    leftover = folder / f".{gone.name}.k3y9x.tmp"
    leftover.write_text("{half")
    scan_sessions(folder, index=True)
    assert lock_path(gone).exists()
    assert purge(expired_sessions(folder, 365, datetime.now().astimezone())) == [gone]
    assert not gone.exists() and not lock_path(gone).exists() and not leftover.exists()
    assert kept.exists() and lock_path(kept).exists()
    index = (folder / INDEX_NAME).read_text()
    assert gone.name not in index and '"Z."' not in index
    assert [s.path for s in scan_sessions(folder, index=True).sessions] == [kept]


def test_purge_of_everything_removes_the_index(folder: Path) -> None:
    path = save(folder, run_meeting(start=days_ago(400)))
    scan_sessions(folder, index=True)
    assert purge([path]) == [path]
    assert not (folder / INDEX_NAME).exists()


def test_never_deletes_a_session_open_in_another_program(folder: Path) -> None:
    locked = save(folder, run_meeting(start=days_ago(400)))
    free = save(folder, run_meeting(start=days_ago(500)))
    before = snapshot(folder, [locked.name])
    now = datetime.now().astimezone()
    with held_by_other_program(locked):
        assert is_locked(locked) and not is_locked(free)
        plan = retention_plan(folder, 365, now)
        assert [s.path for s in plan.expired] == [free]
        assert [s.path for s in plan.locked] == [locked]
        # Even when asked directly, a locked file is skipped.
        assert purge([locked, free]) == [free]
        assert snapshot(folder, [locked.name]) == before
        assert lock_path(locked).exists()
    assert not free.exists()


def test_is_locked_creates_no_lock_file(folder: Path) -> None:
    path = save(folder, run_meeting())
    lock_path(path).unlink()
    assert not is_locked(path)
    assert not lock_path(path).exists()


def test_purge_skips_files_already_gone(folder: Path) -> None:
    path = save(folder, run_meeting(start=days_ago(400)))
    path.unlink()
    assert purge([path]) == []
    assert not lock_path(path).exists()
