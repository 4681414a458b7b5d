"""A second program follows the live session file: ``observe`` shows what the runner shows,
computed from the saved state and the reader's own wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from intervisie_tui.engine.clock import FakeClock, ScaledClock
from intervisie_tui.engine.runner import SessionRunner, observe
from intervisie_tui.engine.session import MAX_RUNNING_SECONDS, Session, TimerStatus
from intervisie_tui.engine.store import parse_session, serialize
from tests.builders import make_protocol, make_session

MINUTES = [5, 10, 2.5]


def started(clock: FakeClock | ScaledClock, speed: float | None = None) -> SessionRunner:
    session = make_session(make_protocol(minutes=MINUTES), FakeClock())
    session.rehearsal_speed = speed
    runner = SessionRunner(session, clock)
    runner.start()
    return runner


def as_saved(session: Session) -> Session:
    """What the follower reads: the bytes on disk, not the runner's object."""
    return parse_session(serialize(session), Path("live.json"))


def test_synced_at_follows_the_running_clock(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    timer = runner.session.timer
    assert timer.synced_at == fake_clock.now()
    fake_clock.advance(42)
    runner.sync()
    assert runner.session.timer.synced_at == fake_clock.now()
    fake_clock.advance(3)
    runner.pause()
    assert runner.session.timer.synced_at is None
    fake_clock.advance(100)
    runner.sync()
    assert runner.session.timer.synced_at is None
    runner.resume()
    assert runner.session.timer.synced_at == fake_clock.now()
    fake_clock.advance(5)
    runner.next()
    assert runner.session.timer.synced_at == fake_clock.now()
    runner.finish()
    assert runner.session.timer.synced_at is None


def test_abandon_clears_synced_at(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    runner.abandon()
    assert runner.session.timer.synced_at is None


def test_a_file_left_running_resumes_without_synced_at(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    fake_clock.advance(30)
    runner.sync()
    reopened = SessionRunner(as_saved(runner.session), fake_clock)
    assert reopened.status is TimerStatus.PAUSED
    assert reopened.session.timer.synced_at is None


def test_follower_sees_the_time_since_the_last_save(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    fake_clock.advance(100)
    runner.sync()
    saved = as_saved(runner.session)
    fake_clock.advance(7.25)  # the follower reads 7.25 s after the save
    seen = observe(saved, fake_clock.now())
    assert seen == runner.snapshot()
    assert seen.phases[0].actual_seconds == pytest.approx(107.25)
    assert seen.remaining_seconds == pytest.approx(300 - 107.25)


def test_observe_does_not_change_the_session(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    fake_clock.advance(61)
    before = runner.session.model_dump()
    observe(runner.session, fake_clock.now() + timedelta(minutes=3))
    assert runner.session.model_dump() == before


def test_a_paused_file_shows_its_saved_time(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    fake_clock.advance(70)
    runner.pause()
    saved = as_saved(runner.session)
    later = fake_clock.now() + timedelta(hours=2)
    assert observe(saved, later).phases[0].actual_seconds == 70
    assert observe(saved, later).remaining_seconds == 230


def test_a_reader_with_a_clock_behind_never_sees_negative_time(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    fake_clock.advance(10)
    runner.sync()
    seen = observe(as_saved(runner.session), fake_clock.now() - timedelta(minutes=5))
    assert seen.phases[0].actual_seconds == 10


def test_a_stale_running_file_adds_at_most_a_week_in_all(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    fake_clock.advance(100)
    runner.sync()
    seen = observe(as_saved(runner.session), fake_clock.now() + timedelta(days=400))
    assert seen.elapsed_seconds == MAX_RUNNING_SECONDS


def test_offsets_and_extreme_reader_times(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    saved = as_saved(runner.session)
    same_moment = fake_clock.now().astimezone(timezone(timedelta(hours=-9, minutes=-30)))
    assert observe(saved, same_moment).elapsed_seconds == 0
    for extreme in (datetime.min, datetime.max):
        for offset in (timedelta(hours=-23), timedelta(hours=23)):
            observe(saved, extreme.replace(tzinfo=timezone(offset)))
    # A naive time is read in the offset of the file's own time.
    naive = (fake_clock.now() + timedelta(seconds=9)).replace(tzinfo=None)
    assert observe(saved, naive).elapsed_seconds == 9


def test_rehearsal_scales_the_follower_too() -> None:
    base = FakeClock()
    clock = ScaledClock(10, base=base)
    runner = started(clock, speed=10)
    base.advance(6)  # six real seconds are a minute of meeting
    runner.sync()
    saved = as_saved(runner.session)
    base.advance(3)
    seen = observe(saved, base.now())
    assert seen == runner.snapshot()
    assert seen.phases[0].actual_seconds == pytest.approx(90)


def test_scaled_clock_keeps_the_real_date_and_time() -> None:
    base = FakeClock()
    clock = ScaledClock(60, base=base)
    start_mono = clock.monotonic()
    base.advance(2)
    assert clock.now() == base.now()
    assert clock.monotonic() - start_mono == pytest.approx(120)


def test_rehearsal_events_and_visits_carry_real_times() -> None:
    base = FakeClock()
    clock = ScaledClock(30, base=base)
    runner = started(clock, speed=30)
    base.advance(10)  # 300 s of meeting: phase 1 is exactly spent
    runner.next()
    assert runner.session.events[-1].at == base.now()
    assert runner.session.phases[0].visits[0].ended_at == base.now()
    assert runner.session.phases[0].actual_seconds == pytest.approx(300)


def test_projected_end_is_on_the_real_clock_in_a_rehearsal() -> None:
    base = FakeClock()
    runner = started(ScaledClock(10, base=base), speed=10)
    snap = runner.snapshot()
    total = sum(MINUTES) * 60
    assert snap.projected_end == base.now() + timedelta(seconds=total / 10)


def test_projected_end_at_normal_speed(fake_clock: FakeClock) -> None:
    runner = started(fake_clock)
    fake_clock.advance(60)
    snap = runner.snapshot()
    assert snap.speed == 1
    assert snap.projected_end == fake_clock.now() + timedelta(seconds=sum(MINUTES) * 60 - 60)
