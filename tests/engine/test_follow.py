"""Following a live session file: lock-free, read-only, re-read only on change, and never thrown
by a file that cannot be read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from intervisie_tui.engine import follow
from intervisie_tui.engine.autosave import AutoSaver
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.follow import SessionFollower
from intervisie_tui.engine.runner import SessionRunner, WarningLevel
from intervisie_tui.engine.session import (
    Participant,
    Role,
    Session,
    SessionStatus,
    TimerStatus,
)
from intervisie_tui.engine.store import SessionFile, create_session_file, serialize
from tests.builders import make_protocol, make_session, phase_dict
from tests.meetings import held_by_other_program, run_meeting, save, snapshot


def open_meeting(folder: Path, clock: FakeClock) -> tuple[SessionRunner, SessionFile]:
    """A new session as the meeting window holds it: locked, saved, not started."""
    file = create_session_file(folder, make_session(clock=clock))
    return SessionRunner(file.session, clock), file


def set_written(path: Path, seconds: int) -> None:
    os.utime(path, ns=(seconds * 10**9, seconds * 10**9))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every full parse of a session file the follower does."""
    seen: list[Path] = []
    real = follow.parse_session

    def counting(data: bytes, path: Path) -> Session:
        seen.append(path)
        return real(data, path)

    monkeypatch.setattr(follow, "parse_session", counting)
    return seen


def test_follows_start_pause_and_next_from_the_file(folder: Path, fake_clock: FakeClock) -> None:
    runner, file = open_meeting(folder, fake_clock)
    follower = SessionFollower(folder, file.path, clock=fake_clock)
    assert follower.poll()
    snapshot_ = follower.snapshot()
    assert snapshot_ is not None and snapshot_.status is TimerStatus.NOT_STARTED
    assert snapshot_.remaining_seconds == 300

    runner.start()
    file.save()
    assert follower.poll()
    fake_clock.advance(2.5)
    # Between saves the countdown runs on from the saved state and the clock.
    assert not follower.poll()
    assert follower.snapshot().remaining_seconds == pytest.approx(297.5)  # type: ignore[union-attr]

    runner.pause()
    file.save()
    assert follower.poll()
    fake_clock.advance(600)
    paused = follower.snapshot()
    assert paused is not None and paused.status is TimerStatus.PAUSED
    assert paused.remaining_seconds == pytest.approx(297.5)

    runner.resume()
    runner.next()
    file.save()
    assert follower.poll()
    moved = follower.snapshot()
    assert moved is not None and (moved.current, moved.remaining_seconds) == (1, 600)
    file.close()


def test_a_running_file_no_longer_rewritten_stops_the_clock_and_says_so(
    folder: Path, fake_clock: FakeClock
) -> None:
    """The meeting window rewrites a running meeting's file twice a second. When it stops (a
    crash, a killed program, a sleeping laptop), the follower counts on for a few seconds, then
    holds the last state the file has and says why; the next write brings it back."""
    runner, file = open_meeting(folder, fake_clock)
    runner.start()
    fake_clock.advance(10)
    saved(runner, file)  # synced at 15:30:10: 290 seconds left
    follower = SessionFollower(folder, file.path, clock=fake_clock)
    assert follower.poll()
    fake_clock.advance(follow.STALE_SECONDS - 0.5)
    assert not follower.poll()
    assert not follower.stale and follower.notice == ""
    assert follower.snapshot().remaining_seconds == pytest.approx(286.5)  # type: ignore[union-attr]

    fake_clock.advance(0.5)
    assert follower.poll()  # news by time alone: the notice
    assert follower.stale
    assert follower.notice == (
        "⚠ vergaderscherm reageert niet — klok stilgezet op de stand van 15:30:10"
    )
    fake_clock.advance(600)
    held = follower.snapshot()
    assert held is not None and held.status is TimerStatus.RUNNING
    assert held.remaining_seconds == pytest.approx(290)
    assert not follower.poll()

    saved(runner, file)  # the meeting window is back (its clock ran all along)
    assert follower.poll()
    assert not follower.stale and follower.notice == ""
    assert follower.snapshot().remaining_seconds == pytest.approx(-314)  # type: ignore[union-attr]
    file.close()


def test_a_paused_file_is_never_stale(folder: Path, fake_clock: FakeClock) -> None:
    """Nothing is rewritten while the clock stands still, and nothing needs to be."""
    runner, file = open_meeting(folder, fake_clock)
    follower = SessionFollower(folder, file.path, clock=fake_clock)
    follower.poll()
    fake_clock.advance(3600)
    assert not follower.poll() and not follower.stale
    runner.start()
    fake_clock.advance(30)
    runner.pause()
    file.save()
    follower.poll()
    fake_clock.advance(3600)
    assert not follower.poll() and not follower.stale
    assert follower.snapshot().remaining_seconds == pytest.approx(270)  # type: ignore[union-attr]
    file.close()


def saved(runner: SessionRunner, file: SessionFile) -> None:
    """As the meeting window's autosave does it: the running time folded in, then written."""
    runner.sync()
    file.save()


def test_reads_a_locked_session_without_taking_the_lock(folder: Path) -> None:
    path = save(folder, run_meeting(end="none"))
    with held_by_other_program(path):
        follower = SessionFollower(folder, path, clock=FakeClock())
        assert follower.poll()
        assert follower.session is not None and follower.notice == ""


def test_writes_nothing_in_the_folder_not_even_a_lock_or_an_index(folder: Path) -> None:
    save(folder, run_meeting(end="none"))
    save(folder, run_meeting())
    for leftover in folder.glob(".*.lock"):
        leftover.unlink()  # left by the program that wrote the files; a lock is made on taking
    before = snapshot(folder)
    names = sorted(os.listdir(folder))
    follower = SessionFollower(folder, clock=FakeClock())
    for _ in range(3):
        follower.poll()
    assert follower.session is not None
    assert snapshot(folder) == before
    assert sorted(os.listdir(folder)) == names


def test_reads_again_only_when_the_file_changes(
    folder: Path, fake_clock: FakeClock, reads: list[Path]
) -> None:
    runner, file = open_meeting(folder, fake_clock)
    follower = SessionFollower(folder, file.path, clock=fake_clock)
    follower.poll()
    runner.start()
    for _ in range(5):
        fake_clock.advance(0.25)
        follower.poll()
    assert reads == [file.path]
    file.save()
    follower.poll()
    follower.poll()
    assert reads == [file.path, file.path]
    file.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="half-written"),
        pytest.param(lambda data: b"", id="emptied"),
        pytest.param(lambda data: data.replace(b'"status"', b'"staat"', 1), id="invalid"),
    ],
)
def test_a_file_it_cannot_read_keeps_the_last_good_state(
    folder: Path, fake_clock: FakeClock, damage
) -> None:
    runner, file = open_meeting(folder, fake_clock)
    runner.start()
    file.save()
    follower = SessionFollower(folder, file.path, clock=fake_clock)
    follower.poll()
    good = follower.session
    fake_clock.advance(30)
    # A writer that does not replace the file atomically, caught halfway.
    file.path.write_bytes(damage(serialize(file.session)))
    assert follower.poll()
    assert follower.session is good
    assert follower.notice == "⚠ bestand niet leesbaar — laatste stand van 15:30:00"
    assert follower.problem is not None and str(file.path) in follower.problem
    # The clock keeps running from the last good state.
    assert follower.snapshot().remaining_seconds == pytest.approx(270)  # type: ignore[union-attr]
    assert not follower.poll()

    file.save()
    assert follower.poll()
    assert follower.notice == "" and follower.problem is None
    file.close()


def test_a_vanished_file_keeps_the_last_good_state(folder: Path, fake_clock: FakeClock) -> None:
    path = save(folder, run_meeting(end="none"))
    follower = SessionFollower(folder, path, clock=fake_clock)
    follower.poll()
    path.unlink()
    assert follower.poll()
    assert follower.session is not None
    assert follower.notice == "⚠ bestand verdwenen — laatste stand van 15:30:00"


def test_picks_the_session_in_progress_written_last(folder: Path) -> None:
    # Created first, but written last: that is the meeting going on now.
    older = save(folder, run_meeting(end="none", pupil="oud"))
    newer = save(folder, run_meeting(end="none", pupil="nieuw"))
    done = save(folder, run_meeting())
    set_written(newer, 1_000)
    set_written(older, 2_000)
    set_written(done, 3_000)
    (folder / "kapot.json").write_bytes(b'{"status": "in_progress", "pro')
    set_written(folder / "kapot.json", 4_000)
    follower = SessionFollower(folder, clock=FakeClock())
    assert follower.poll()
    assert follower.path == older
    assert follower.session is not None and follower.session.case.pupil == "oud"


def test_waits_for_a_session_and_picks_it_up(folder: Path, fake_clock: FakeClock) -> None:
    follower = SessionFollower(folder, clock=fake_clock)
    assert not follower.poll()
    assert follower.session is None and follower.notice == ""
    assert follower.waiting == f"Wacht op een sessie in {folder} …"
    save(folder, run_meeting())
    assert not follower.poll()  # an ended meeting is not one to show
    _runner, file = open_meeting(folder, fake_clock)
    assert follower.poll()
    assert follower.path == file.path
    file.close()


def test_a_folder_of_old_sessions_is_looked_at_once(
    folder: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        save(folder, run_meeting())
    looks: list[Path] = []
    quick_look = follow._parse_if_in_progress
    monkeypatch.setattr(
        follow, "_parse_if_in_progress", lambda p: looks.append(p) or quick_look(p)
    )
    follower = SessionFollower(folder, clock=FakeClock())
    follower.poll()
    assert len(looks) == 3
    (folder / "notities.txt").write_text("de map verandert")
    follower.poll()
    follower.poll()
    assert len(looks) == 3
    # Ended meetings are told by their status alone, never validated in full.
    assert reads == []


def test_moves_on_to_the_next_meeting_once_this_one_has_ended(
    folder: Path, fake_clock: FakeClock
) -> None:
    runner, file = open_meeting(folder, fake_clock)
    runner.start()
    file.save()
    follower = SessionFollower(folder, clock=fake_clock)
    follower.poll()
    runner.finish()
    file.save()
    file.close()
    assert follower.poll()
    assert follower.session is not None
    assert follower.session.status is SessionStatus.COMPLETED
    assert not follower.poll()  # the ended meeting stays in view until another begins

    fake_clock.advance(3600)
    second = create_session_file(folder, make_session(clock=fake_clock))
    assert follower.poll()
    assert follower.path == second.path
    second.close()


def test_a_named_session_is_followed_even_when_another_begins(
    folder: Path, fake_clock: FakeClock
) -> None:
    path = save(folder, run_meeting())
    follower = SessionFollower(folder, path, clock=fake_clock)
    follower.poll()
    save(folder, run_meeting(end="none"))
    follower.poll()
    assert follower.path == path


def test_minutes_added_in_the_meeting_window_change_the_level(
    folder: Path, fake_clock: FakeClock
) -> None:
    runner, file = open_meeting(folder, fake_clock)
    runner.start()
    fake_clock.advance(250)
    file.save()  # saved without a sync: the follower counts from the start
    follower = SessionFollower(folder, file.path, clock=fake_clock)
    follower.poll()
    assert follower.snapshot().level is WarningLevel.WARNING  # type: ignore[union-attr]
    runner.adjust(2)
    file.save()
    follower.poll()
    assert follower.snapshot().level is WarningLevel.NORMAL  # type: ignore[union-attr]
    file.close()


# -- a second process ---------------------------------------------------------------------------

_FOLLOWER = """
import json, sys
from datetime import datetime
from pathlib import Path
from intervisie_tui.engine.follow import SessionFollower

class ToldClock:
    '''The parent's FakeClock: each line on stdin is the time it says.'''
    wall = None
    def monotonic(self):
        return 0.0
    def now(self):
        return self.wall

clock = ToldClock()
follower = SessionFollower(Path(sys.argv[1]), clock=clock)
for line in sys.stdin:
    clock.wall = datetime.fromisoformat(line.strip())
    follower.poll()
    seen = follower.snapshot()
    print(json.dumps(None if seen is None else {
        "status": seen.status.value,
        "phase": seen.current,
        "remaining": round(seen.remaining_seconds, 3),
        "speaker": None if seen.turn is None else seen.turn.speaker,
    }), flush=True)
"""


def test_a_second_process_follows_the_meeting_window(folder: Path, fake_clock: FakeClock) -> None:
    """The meeting window's side holds the lock and saves as it does on every key; a separate
    process, told the time of the same FakeClock, sees each change at its next poll."""
    folder.mkdir(mode=0o700)
    follower = subprocess.Popen(
        [sys.executable, "-c", _FOLLOWER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert follower.stdin is not None and follower.stdout is not None

    def seen() -> dict[str, object] | None:
        follower.stdin.write(fake_clock.now().isoformat() + "\n")  # type: ignore[union-attr]
        follower.stdin.flush()  # type: ignore[union-attr]
        return json.loads(follower.stdout.readline())  # type: ignore[union-attr]

    try:
        assert seen() is None  # waiting for a meeting
        session = make_session(make_protocol(phases=[phase_dict(1), phase_dict(2, round=True)]))
        session.participants = [
            Participant(name="Anna", roles=[Role.VOORZITTER]),
            Participant(name="Bram", roles=[Role.DEELNEMER]),
            Participant(name="Carla", roles=[Role.DEELNEMER]),
        ]
        file = create_session_file(folder, session)
        runner = SessionRunner(session, fake_clock)
        saver = AutoSaver(runner, file, clock=fake_clock)
        assert seen() == {"status": "not_started", "phase": None, "remaining": 300, "speaker": None}

        runner.start()
        saver.flush()
        fake_clock.advance(42.5)  # no save: the follower counts on by itself
        assert seen() == {"status": "running", "phase": 0, "remaining": 257.5, "speaker": None}

        runner.pause()
        saver.flush()
        fake_clock.advance(100)
        assert seen() == {"status": "paused", "phase": 0, "remaining": 257.5, "speaker": None}

        runner.resume()
        runner.next()
        saver.flush()
        fake_clock.advance(10)
        assert seen() == {"status": "running", "phase": 1, "remaining": 290, "speaker": "Bram"}

        runner.next_turn()
        saver.flush()
        assert seen() == {"status": "running", "phase": 1, "remaining": 290, "speaker": "Carla"}

        runner.finish()
        saver.flush()
        fake_clock.advance(60)
        assert seen() == {"status": "finished", "phase": 1, "remaining": 290, "speaker": None}
        file.close()
    finally:
        follower.stdin.close()
        assert follower.wait(timeout=10) == 0
