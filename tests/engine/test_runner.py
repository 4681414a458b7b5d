"""The SessionRunner: navigation rules, exact time keeping, warnings and the schedule."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from intervisie_tui.engine.catalog import builtin_protocols_dir
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.runner import (
    NavigationError,
    OverrideRequired,
    PhaseState,
    SessionRunner,
    WarningLevel,
)
from intervisie_tui.engine.session import EventKind, SessionStatus, TimerStatus
from tests.builders import make_protocol, make_session, phase_dict

MINUTES = [5, 10, 2.5, 4]


def runner_for(order: str = "strict", clock: FakeClock | None = None) -> SessionRunner:
    protocol = make_protocol(
        order=order,
        warning_minutes=1,
        phases=[
            phase_dict(1, minutes=MINUTES[0]),
            phase_dict(2, minutes=MINUTES[1]),
            phase_dict(3, minutes=MINUTES[2], warning_minutes=0.5),
            phase_dict(4, minutes=MINUTES[3]),
        ],
    )
    clock = clock or FakeClock()
    return SessionRunner(make_session(protocol, clock), clock)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def strict(clock: FakeClock) -> SessionRunner:
    return runner_for("strict", clock)


@pytest.fixture
def flexible(clock: FakeClock) -> SessionRunner:
    return runner_for("flexible", clock)


def kinds(runner: SessionRunner) -> list[EventKind]:
    return [e.kind for e in runner.session.events]


# -- start, pause, resume -------------------------------------------------------------------


def test_new_runner_is_not_started(strict: SessionRunner) -> None:
    assert strict.status is TimerStatus.NOT_STARTED
    assert strict.current_index is None
    snap = strict.snapshot()
    # Not started: the clock shows the first phase's full budget.
    assert (snap.current, snap.remaining_seconds, snap.level) == (None, 300, WarningLevel.NORMAL)
    assert snap.elapsed_seconds == 0
    assert snap.budget_seconds == 21.5 * 60
    assert snap.projected_remaining_seconds == 21.5 * 60
    assert snap.schedule_delta_seconds == 0
    assert strict.session.events == []


def test_operations_before_start_are_refused(strict: SessionRunner) -> None:
    for operation in (strict.next, strict.pause, strict.resume, strict.finish):
        with pytest.raises(NavigationError):
            operation()
    with pytest.raises(NavigationError, match="nog niet gestart"):
        strict.adjust(1)
    with pytest.raises(NavigationError, match="nog niet gestart"):
        strict.jump(1, override=True)
    assert strict.session.events == []


def test_start_enters_the_first_phase(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    assert strict.status is TimerStatus.RUNNING
    assert strict.current_index == 0
    [event] = strict.session.events
    assert (event.kind, event.phase, event.at, event.elapsed_seconds) == (
        EventKind.START,
        "fase-1",
        clock.now(),
        0,
    )
    assert strict.session.phases[0].visits[0].started_at == clock.now()
    with pytest.raises(NavigationError, match="al gestart"):
        strict.start()


def test_pause_excludes_time_and_resume_continues(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(90)
    strict.pause()
    assert strict.status is TimerStatus.PAUSED
    clock.advance(600)  # coffee
    assert strict.phase_elapsed(0) == 90
    assert strict.snapshot().remaining_seconds == 300 - 90
    strict.resume()
    clock.advance(30)
    assert strict.phase_elapsed(0) == 120
    assert kinds(strict) == [EventKind.START, EventKind.PAUSE, EventKind.RESUME]
    pause, resume = strict.session.events[1:]
    assert pause.elapsed_seconds == 90
    assert resume.elapsed_seconds == 90
    assert resume.at - pause.at == timedelta(seconds=600)


def test_pause_and_resume_only_from_the_right_state(strict: SessionRunner) -> None:
    strict.start()
    with pytest.raises(NavigationError, match="niet op pauze"):
        strict.resume()
    strict.pause()
    with pytest.raises(NavigationError, match="loopt niet"):
        strict.pause()
    strict.toggle_pause()
    assert strict.status is TimerStatus.RUNNING
    strict.toggle_pause()
    assert strict.status is TimerStatus.PAUSED


# -- navigation -----------------------------------------------------------------------------


def test_next_moves_forward_and_closes_the_visit(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(310)
    strict.next()
    assert strict.current_index == 1
    first = strict.session.phases[0].visits
    assert len(first) == 1
    assert (first[0].seconds, first[0].ended_at) == (310, clock.now())
    event = strict.session.events[-1]
    assert (event.kind, event.phase, event.to_phase, event.override) == (
        EventKind.NEXT,
        "fase-1",
        "fase-2",
        False,
    )
    assert event.elapsed_seconds == 310
    assert strict.status is TimerStatus.RUNNING


def test_next_while_paused_stays_paused(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(10)
    strict.pause()
    strict.next()
    clock.advance(100)
    assert strict.status is TimerStatus.PAUSED
    assert strict.current_index == 1
    assert strict.phase_elapsed(1) == 0


def test_next_on_last_phase_is_refused(strict: SessionRunner) -> None:
    strict.start()
    for _ in range(3):
        strict.next()
    with pytest.raises(NavigationError, match="laatste fase"):
        strict.next()
    assert strict.current_index == 3


def test_strict_previous_needs_override(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    with pytest.raises(NavigationError, match="eerste fase"):
        strict.previous(override=True)
    clock.advance(60)
    strict.next()
    clock.advance(30)
    events_before = len(strict.session.events)
    with pytest.raises(OverrideRequired, match="vaste volgorde"):
        strict.previous()
    assert strict.current_index == 1
    assert len(strict.session.events) == events_before
    assert len(strict.session.phases[0].visits) == 1

    strict.previous(override=True)
    assert strict.current_index == 0
    event = strict.session.events[-1]
    assert (event.kind, event.phase, event.to_phase, event.override) == (
        EventKind.PREVIOUS,
        "fase-2",
        "fase-1",
        True,
    )
    assert len(strict.session.phases[0].visits) == 2
    clock.advance(15)
    assert strict.phase_elapsed(0) == 75
    assert strict.phase_elapsed(1) == 30


def test_strict_jump_needs_override_except_to_the_next_phase(
    strict: SessionRunner, clock: FakeClock
) -> None:
    strict.start()
    assert strict.requires_override(1) is False
    assert strict.requires_override(2) is True
    with pytest.raises(OverrideRequired):
        strict.jump(2)
    assert strict.current_index == 0

    strict.jump(1)
    event = strict.session.events[-1]
    assert (event.kind, event.to_phase, event.override) == (EventKind.JUMP, "fase-2", False)

    strict.jump(3, override=True)
    event = strict.session.events[-1]
    assert (event.kind, event.phase, event.to_phase, event.override) == (
        EventKind.JUMP,
        "fase-2",
        "fase-4",
        True,
    )
    assert strict.requires_override(0) is True
    with pytest.raises(OverrideRequired):
        strict.jump(0)
    strict.jump(0, override=True)
    assert strict.current_index == 0


def test_jump_to_missing_or_current_phase_is_refused(strict: SessionRunner) -> None:
    strict.start()
    with pytest.raises(NavigationError, match="fase 5 bestaat niet"):
        strict.jump(4, override=True)
    with pytest.raises(NavigationError, match="bestaat niet"):
        strict.jump(-1, override=True)
    with pytest.raises(NavigationError, match="huidige fase"):
        strict.jump(0, override=True)
    assert kinds(strict) == [EventKind.START]


def test_flexible_previous_and_jump_are_free(flexible: SessionRunner, clock: FakeClock) -> None:
    flexible.start()
    assert flexible.requires_override(3) is False
    flexible.jump(3)
    clock.advance(20)
    flexible.previous()
    flexible.jump(0)
    assert flexible.current_index == 0
    assert [(e.kind, e.override) for e in flexible.session.events[1:]] == [
        (EventKind.JUMP, False),
        (EventKind.PREVIOUS, False),
        (EventKind.JUMP, False),
    ]
    assert [e.to_phase for e in flexible.session.events[1:]] == ["fase-4", "fase-3", "fase-1"]
    assert flexible.phase_elapsed(3) == 20


# -- adjust ---------------------------------------------------------------------------------


def test_adjust_changes_the_budget_and_is_recorded(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(100)
    strict.adjust(2)
    strict.adjust(-0.5)
    record = strict.session.phases[0]
    assert record.adjustment_seconds == 90
    assert record.budget_seconds == 390
    assert record.planned_seconds == 300
    assert strict.snapshot().remaining_seconds == 290
    assert [(e.kind, e.minutes, e.phase) for e in strict.session.events[1:]] == [
        (EventKind.ADJUST, 2, "fase-1"),
        (EventKind.ADJUST, -0.5, "fase-1"),
    ]


def test_adjust_cannot_take_all_time_away(strict: SessionRunner) -> None:
    strict.start()
    with pytest.raises(NavigationError, match="korter kan niet"):
        strict.adjust(-5)
    with pytest.raises(NavigationError):
        strict.adjust(-6)
    assert strict.session.phases[0].adjustment_seconds == 0
    strict.adjust(-4.5)
    assert strict.session.phases[0].budget_seconds == 30


def test_adjust_while_paused(strict: SessionRunner) -> None:
    strict.start()
    strict.pause()
    strict.adjust(1)
    assert strict.session.phases[0].budget_seconds == 360


# -- finish and abandon ---------------------------------------------------------------------


def test_finish_records_uncovered_phases(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(200)
    strict.jump(2, override=True)
    clock.advance(100)
    strict.finish()
    session = strict.session
    assert session.uncovered_at_finish == ["fase-2", "fase-4"]
    assert strict.status is TimerStatus.FINISHED
    assert session.status is SessionStatus.COMPLETED
    assert session.ended_at == clock.now()
    last = session.events[-1]
    assert (last.kind, last.phase, last.elapsed_seconds) == (EventKind.FINISH, "fase-3", 300)
    assert session.phases[2].visits[-1].ended_at == clock.now()
    snap = strict.snapshot()
    assert [p.id for p in snap.uncovered] == ["fase-2", "fase-4"]
    assert snap.projected_remaining_seconds == 0
    clock.advance(1000)
    assert strict.snapshot().elapsed_seconds == 300  # the clock stopped at finish


def test_finish_with_everything_covered(strict: SessionRunner) -> None:
    strict.start()
    for _ in range(3):
        strict.next()
    strict.finish()
    assert strict.session.uncovered_at_finish == []


def test_after_finish_everything_is_refused(strict: SessionRunner) -> None:
    strict.start()
    strict.finish()
    count = len(strict.session.events)
    for operation in (strict.next, strict.pause, strict.resume, strict.finish, strict.abandon):
        with pytest.raises(NavigationError):
            operation()
    with pytest.raises(NavigationError, match="beëindigd"):
        strict.previous(override=True)
    with pytest.raises(NavigationError):
        strict.adjust(1)
    assert len(strict.session.events) == count


def test_abandon_while_running(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(42)
    strict.abandon()
    assert strict.status is TimerStatus.ABANDONED
    assert strict.session.status is SessionStatus.ABANDONED
    assert strict.session.ended_at == clock.now()
    assert strict.session.phases[0].visits[0].seconds == 42
    assert strict.session.events[-1].kind is EventKind.ABANDON
    assert strict.session.uncovered_at_finish == []
    with pytest.raises(NavigationError):
        strict.abandon()


def test_abandon_before_start(strict: SessionRunner) -> None:
    strict.abandon()
    assert strict.status is TimerStatus.ABANDONED
    [event] = strict.session.events
    assert (event.kind, event.phase, event.elapsed_seconds) == (EventKind.ABANDON, None, 0)


# -- remaining, warnings, schedule ----------------------------------------------------------


def test_remaining_goes_negative_when_over(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(300 + 75)
    snap = strict.snapshot()
    assert snap.remaining_seconds == -75
    assert snap.level is WarningLevel.OVER
    assert snap.current_phase is not None
    assert snap.current_phase.overrun_seconds == 75


@pytest.mark.parametrize(
    ("seconds", "level"),
    [
        (0, WarningLevel.NORMAL),
        (239.5, WarningLevel.NORMAL),
        (240, WarningLevel.WARNING),  # 60 s left: the protocol's warning_minutes = 1
        (299.9, WarningLevel.WARNING),
        (300, WarningLevel.OVER),
        (1000, WarningLevel.OVER),
    ],
)
def test_warning_levels_use_protocol_warning_minutes(
    strict: SessionRunner, clock: FakeClock, seconds: float, level: WarningLevel
) -> None:
    strict.start()
    clock.advance(seconds)
    assert strict.snapshot().level is level


def test_phase_warning_minutes_override_the_protocol(
    strict: SessionRunner, clock: FakeClock
) -> None:
    strict.start()
    strict.jump(2, override=True)  # 2.5 minutes, warning at 0.5 minute
    clock.advance(150 - 31)
    assert strict.snapshot().level is WarningLevel.NORMAL
    clock.advance(1)
    assert strict.snapshot().level is WarningLevel.WARNING
    clock.advance(30)
    assert strict.snapshot().level is WarningLevel.OVER


def test_adjust_moves_the_warning(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(290)
    assert strict.snapshot().level is WarningLevel.WARNING
    strict.adjust(2)
    snap = strict.snapshot()
    assert (snap.remaining_seconds, snap.level) == (130, WarningLevel.NORMAL)


def test_projected_end_and_schedule_delta(strict: SessionRunner, clock: FakeClock) -> None:
    start = clock.now()
    strict.start()
    snap = strict.snapshot()
    assert snap.projected_end == start + timedelta(minutes=21.5)
    assert snap.schedule_delta_seconds == 0

    clock.advance(120)  # on schedule inside phase 1
    snap = strict.snapshot()
    assert snap.projected_remaining_seconds == 21.5 * 60 - 120
    assert snap.schedule_delta_seconds == 0
    assert snap.projected_end == start + timedelta(minutes=21.5)

    clock.advance(240)  # 60 s over in phase 1
    snap = strict.snapshot()
    assert snap.schedule_delta_seconds == 60
    assert snap.projected_end == start + timedelta(minutes=22.5)

    strict.next()
    clock.advance(300)  # phase 2 left after 5 of its 10 minutes: 5 minutes gained
    strict.next()
    snap = strict.snapshot()
    assert snap.schedule_delta_seconds == 60 - 300
    assert snap.projected_remaining_seconds == (2.5 + 4) * 60

    strict.pause()
    clock.advance(600)  # a pause shifts the end, not the running-time delta
    snap = strict.snapshot()
    assert snap.schedule_delta_seconds == -240
    assert snap.projected_end == clock.now() + timedelta(minutes=6.5)


def test_snapshot_states(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(10)
    strict.next()
    clock.advance(5)
    snap = strict.snapshot()
    assert [p.state for p in snap.phases] == [
        PhaseState.DONE,
        PhaseState.CURRENT,
        PhaseState.UPCOMING,
        PhaseState.UPCOMING,
    ]
    assert [p.covered for p in snap.phases] == [True, True, False, False]
    assert [p.actual_seconds for p in snap.phases] == [10, 5, 0, 0]
    assert snap.now == clock.now()
    assert snap.status is TimerStatus.RUNNING


def test_events_are_timestamped_with_the_wall_clock(
    strict: SessionRunner, clock: FakeClock
) -> None:
    start = clock.now()
    strict.start()
    clock.advance(61)
    strict.pause()
    clock.advance(30)
    strict.resume()
    clock.advance(9)
    strict.next()
    clock.advance(3)
    strict.finish()
    assert [(e.kind, e.at - start, e.elapsed_seconds) for e in strict.session.events] == [
        (EventKind.START, timedelta(0), 0),
        (EventKind.PAUSE, timedelta(seconds=61), 61),
        (EventKind.RESUME, timedelta(seconds=91), 61),
        (EventKind.NEXT, timedelta(seconds=100), 70),
        (EventKind.FINISH, timedelta(seconds=103), 73),
    ]
    assert all(e.at.tzinfo is not None for e in strict.session.events)


def test_sync_folds_running_time_into_the_visit(strict: SessionRunner, clock: FakeClock) -> None:
    strict.start()
    clock.advance(12.5)
    assert strict.session.phases[0].visits[0].seconds == 0
    strict.sync()
    assert strict.session.phases[0].visits[0].seconds == 12.5
    clock.advance(2.5)
    strict.sync()
    strict.sync()
    assert strict.session.phases[0].visits[0].seconds == 15
    assert strict.phase_elapsed(0) == 15


def test_a_session_saved_while_running_resumes_paused(clock: FakeClock) -> None:
    runner = runner_for("strict", clock)
    runner.start()
    clock.advance(100)
    runner.next()
    clock.advance(44)
    runner.sync()
    session = type(runner.session).model_validate_json(runner.session.model_dump_json())
    clock.advance(5000)  # the laptop was closed
    restored = SessionRunner(session, clock)
    assert restored.status is TimerStatus.PAUSED
    assert restored.current_index == 1
    assert restored.session.events[-1].kind is EventKind.RESTORE
    assert restored.session.events[-1].elapsed_seconds == 144
    assert restored.phase_elapsed(1) == 44
    clock.advance(60)
    assert restored.phase_elapsed(1) == 44
    restored.resume()
    clock.advance(6)
    assert restored.phase_elapsed(1) == 50
    assert len(restored.session.phases[1].visits) == 1


# -- an hour of meeting ---------------------------------------------------------------------


def test_an_hour_of_meeting_without_drift() -> None:
    """Irregular redraw steps, pauses, overruns: per-phase time equals exactly what ran."""
    clock = FakeClock()
    loaded = load_protocol(builtin_protocols_dir() / "handelingsgericht.toml")
    runner = SessionRunner(make_session(loaded.protocol, clock), clock)
    rng = random.Random(20261123)
    expected = [0.0] * 7
    start_wall = clock.now()
    paused_total = 0.0

    runner.start()
    for index in range(7):
        # Run a little over 8.5 minutes per phase (an hour in all), in steps of 1/8 s to 12 s.
        target = 520
        while expected[index] < target:
            step = rng.randint(1, 96) / 8  # eighths of a second: exact in binary
            clock.advance(step)
            expected[index] += step
            if rng.random() < 0.02:
                runner.pause()
                pause = rng.randint(1, 2400) / 8
                clock.advance(pause)
                paused_total += pause
                runner.snapshot()
                runner.resume()
            if rng.random() < 0.3:
                runner.snapshot()  # a UI redrawing at odd moments changes nothing
            if rng.random() < 0.1:
                runner.sync()  # an autosave
            assert runner.phase_elapsed(index) == expected[index]
        if index < 6:
            runner.next()
    runner.finish()

    assert [r.actual_seconds for r in runner.session.phases] == expected
    total = sum(expected)
    assert total >= 3600
    snap = runner.snapshot()
    assert snap.elapsed_seconds == total
    assert runner.session.events[-1].elapsed_seconds == total
    assert runner.session.ended_at == start_wall + timedelta(seconds=total + paused_total)
    assert runner.session.uncovered_at_finish == []
    planned = [5, 10, 2, 10, 5, 5, 2]
    overruns = [max(0.0, e - m * 60) for e, m in zip(expected, planned, strict=True)]
    assert [p.overrun_seconds for p in snap.phases] == overruns
    assert overruns[1] == overruns[3] == 0  # the two 10-minute phases had time left


def test_many_tiny_ticks_do_not_drift() -> None:
    clock = FakeClock()
    runner = runner_for("flexible", clock)
    runner.start()
    for _ in range(36_000):  # an hour of 0.1 s ticks, which are not exact in binary
        clock.advance(0.1)
    runner.sync()
    assert runner.phase_elapsed(0) == pytest.approx(3600, abs=1e-6)
    assert runner.snapshot().remaining_seconds == pytest.approx(300 - 3600, abs=1e-6)


def test_meeting_line_after_back_and_return(strict: SessionRunner, clock: FakeClock) -> None:
    """A strict order leads through phase 2 again after a step back: left after 3 of its 10
    minutes it is still to come with 7, so the meeting line does not jump to "7 min voor"
    (the walk-through: "2 min achter" became "6 min voor" and phase 2 showed as done)."""
    strict.start()
    clock.advance(300)
    strict.next()
    clock.advance(180)
    before = strict.snapshot().schedule_delta_seconds
    strict.previous(override=True)
    snap = strict.snapshot()
    assert [v.state for v in snap.phases] == [
        PhaseState.CURRENT,
        PhaseState.UPCOMING,
        PhaseState.UPCOMING,
        PhaseState.UPCOMING,
    ]
    assert snap.phases[1].covered
    assert [v.remaining_seconds for v in snap.phases] == [0, 420, 150, 240]
    assert snap.projected_remaining_seconds == 420 + 150 + 240
    assert snap.schedule_delta_seconds == before == 0
    clock.advance(20)  # phase 1 runs over on its second visit
    assert strict.snapshot().phases[0].remaining_seconds == -20
    strict.next()
    snap = strict.snapshot()
    assert snap.phases[1].state is PhaseState.CURRENT
    assert snap.projected_remaining_seconds == 420 + 150 + 240
    assert snap.schedule_delta_seconds == 20


def test_the_walk_through_step_back_stays_behind(clock: FakeClock) -> None:
    """handelingsgericht at "Totaal 09:17 · 2 min achter": phase 1 shortened to 4 minutes ran
    6:59, phase 2 had 2:17 of 10; back to phase 1 keeps the figure and phase 2 to come."""
    path = builtin_protocols_dir() / "handelingsgericht.toml"
    session = make_session(load_protocol(path).protocol, clock)
    runner = SessionRunner(session, clock)
    runner.start()
    runner.adjust(-1)
    clock.advance(6 * 60 + 59)
    runner.next()
    clock.advance(2 * 60 + 17)
    behind = runner.snapshot().schedule_delta_seconds
    assert behind > 0
    runner.previous(override=True)
    snap = runner.snapshot()
    assert snap.schedule_delta_seconds == pytest.approx(behind)
    assert snap.phases[1].state is PhaseState.UPCOMING
    assert snap.phases[1].remaining_seconds == pytest.approx(10 * 60 - 137)


def test_flexible_leaving_a_phase_covers_it(flexible: SessionRunner, clock: FakeClock) -> None:
    """In a free order nothing leads back to a phase once visited: it is done, and its unused
    minutes are time saved."""
    flexible.start()
    clock.advance(300)
    flexible.next()
    clock.advance(180)
    flexible.previous()
    snap = flexible.snapshot()
    assert [v.state for v in snap.phases][:2] == [PhaseState.CURRENT, PhaseState.DONE]
    assert snap.schedule_delta_seconds == -420


def flexible_of(count: int, clock: FakeClock) -> SessionRunner:
    protocol = make_protocol(order="flexible", phases=[phase_dict(n) for n in range(1, count + 1)])
    return SessionRunner(make_session(protocol, clock), clock)


def test_flexible_next_goes_to_the_next_phase_not_yet_covered(clock: FakeClock) -> None:
    """oplossingsgericht in the walk-through: 1, 3, 4 and 5 done, in phase 2 "next" led to 3.
    It leads to 6, the next one not covered; after that, round to what is left, then on in
    order, and finishing from the last."""
    runner = flexible_of(6, clock)
    runner.start()
    for target in (2, 3, 4, 1):
        runner.jump(target)
    assert runner.next_index() == 5
    runner.next()
    assert runner.current_index == 5
    assert runner.next_index() is None  # everything covered, and this is the last phase
    runner.jump(2)
    assert runner.next_index() == 3  # all covered: simply the next in order
    runner.jump(5)
    with pytest.raises(NavigationError):
        runner.next()


def test_flexible_next_from_the_last_phase_finishes(clock: FakeClock) -> None:
    """A free cycle still ends with its closing phase: F4 there finishes (the question names
    the phases not covered), it does not wrap round to one skipped."""
    runner = flexible_of(4, clock)
    runner.start()
    runner.jump(3)
    assert runner.next_index() is None


def test_flexible_next_with_nothing_left_after_it_is_the_next_in_order(clock: FakeClock) -> None:
    runner = flexible_of(4, clock)
    runner.start()
    runner.jump(2)
    runner.jump(3)
    runner.jump(1)  # phase 0 done and 2, 3 too: nothing uncovered after phase 1
    assert runner.next_index() == 2
    runner.next()
    assert [e.kind for e in runner.session.events][-1] is EventKind.NEXT
    assert runner.current_index == 2


def test_strict_next_is_the_next_in_order_even_when_covered(
    strict: SessionRunner, clock: FakeClock
) -> None:
    strict.start()
    strict.jump(2, override=True)
    strict.previous(override=True)
    strict.previous(override=True)
    assert strict.current_index == 0
    assert strict.next_index() == 1
    strict.jump(3, override=True)
    assert strict.next_index() is None


def test_the_total_budget_is_the_adjusted_one(strict: SessionRunner, clock: FakeClock) -> None:
    """The walk-through: after '-' in phase 1 the total still said 'van 39:00' and '1 min voor'
    for a meeting exactly on its (adjusted) plan. One baseline: the budgets as they are now."""
    strict.start()
    strict.adjust(-1)
    snap = strict.snapshot()
    assert snap.budget_seconds == (sum(MINUTES) - 1) * 60
    assert snap.schedule_delta_seconds == 0
    clock.advance(4 * 60)
    strict.next()
    strict.adjust(2)
    assert strict.snapshot().budget_seconds == (sum(MINUTES) + 1) * 60
    assert strict.snapshot().schedule_delta_seconds == 0
