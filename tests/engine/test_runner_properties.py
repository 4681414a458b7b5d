"""Random operation sequences keep the runner's time bookkeeping exact.

A tiny independent model tracks what the runner should know: which phase is current, whether the
clock runs, how much running time each phase got and how its budget was adjusted. After every
operation the runner must agree with the model. NavigationError is an allowed outcome (and then
nothing may change); anything else is a bug.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import (
    NavigationError,
    OverrideRequired,
    PhaseState,
    SessionRunner,
    observe,
)
from intervisie_tui.engine.session import Participant, Role, TimerStatus
from tests.builders import make_protocol, make_session, phase_dict

TOLERANCE = 1e-6
WALL_TOLERANCE = 1e-4
MINUTES = [5, 10, 2.5, 0.5, 7]
ROUNDS = {1, 3}  # phases in which the colleagues speak in turn
TEAM = [
    Participant(name="Ahmed", roles=[Role.VOORZITTER]),
    Participant(name="Carla", roles=[Role.INBRENGER]),
    Participant(name="Bea", roles=[Role.DEELNEMER]),
    Participant(name="Daan", roles=[Role.TIJDBEWAKER]),
]
SPEAKERS = ["Bea", "Daan"]

operations = st.one_of(
    st.tuples(st.just("advance"), st.floats(min_value=0, max_value=900, allow_nan=False)),
    st.tuples(st.just("advance"), st.integers(min_value=0, max_value=4000).map(lambda n: n / 8)),
    st.tuples(st.just("start")),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("toggle")),
    st.tuples(st.just("next")),
    st.tuples(st.just("previous"), st.booleans()),
    st.tuples(st.just("jump"), st.integers(min_value=-1, max_value=len(MINUTES)), st.booleans()),
    st.tuples(st.just("adjust"), st.sampled_from([-10, -5, -1, -0.5, 0.25, 1, 2, 5])),
    st.tuples(st.just("sync")),
    st.tuples(st.just("snapshot")),
    st.tuples(st.just("finish")),
    st.tuples(st.just("abandon")),
    st.tuples(st.just("next_turn")),
    st.tuples(st.just("previous_turn")),
)


@dataclass
class Model:
    strict: bool
    planned: list[float]
    status: str = "not_started"
    current: int | None = None
    phase_seconds: list[float] = field(default_factory=lambda: [0.0] * len(MINUTES))
    adjustments: list[float] = field(default_factory=lambda: [0.0] * len(MINUTES))
    running_total: float = 0.0
    speakers: list[str] = field(default_factory=list)
    turn: int | None = None
    turn_start: float = 0.0
    events_added: int = 0
    visited: set[int] = field(default_factory=set)

    def enter(self, index: int) -> None:
        """A move (or the start) logs one event, and a round's first turn one more."""
        self.current = index
        self.visited.add(index)
        self.turn = 0 if index in ROUNDS else None
        self.turn_start = self.phase_seconds[index]
        self.events_added = 1 + (index in ROUNDS and bool(self.speakers))

    @property
    def active(self) -> bool:
        return self.status in ("running", "paused")

    def expect(self, op: tuple) -> str | None:
        """Apply ``op``; return None if allowed, else the NavigationError kind expected."""
        kind = op[0]
        self.events_added = 0 if kind in ("advance", "sync", "snapshot") else 1
        if kind == "advance":
            if self.status == "running":
                assert self.current is not None
                self.phase_seconds[self.current] += op[1]
                self.running_total += op[1]
            return None
        if kind in ("sync", "snapshot"):
            return None
        if kind == "start":
            if self.status != "not_started":
                return "nav"
            self.status = "running"
            self.enter(0)
            return None
        if kind == "abandon":
            if self.status in ("finished", "abandoned"):
                return "nav"
            self.status, self.turn = "abandoned", None
            return None
        if kind == "resume" or (kind == "toggle" and self.status != "running"):
            if self.status != "paused":
                return "nav"
            self.status = "running"
            return None
        if kind == "pause" or kind == "toggle":
            if self.status != "running":
                return "nav"
            self.status = "paused"
            return None
        if not self.active:
            return "nav"
        assert self.current is not None
        if kind == "next":
            count = len(self.planned)
            waiting = [i for i in range(self.current + 1, count) if i not in self.visited]
            if not self.strict and waiting:
                self.enter(waiting[0])
            elif self.current + 1 < count:
                self.enter(self.current + 1)
            else:
                return "nav"
        elif kind == "previous":
            if self.current == 0:
                return "nav"
            if self.strict and not op[1]:
                return "override"
            self.enter(self.current - 1)
        elif kind == "jump":
            target, override = op[1], op[2]
            if not 0 <= target < len(self.planned) or target == self.current:
                return "nav"
            if self.strict and not override and target != self.current + 1:
                return "override"
            self.enter(target)
        elif kind in ("next_turn", "previous_turn"):
            if self.current not in ROUNDS or not self.speakers:
                return "nav"
            assert self.turn is not None
            if kind == "previous_turn" and self.turn == 0:
                return "nav"
            self.turn += 1 if kind == "next_turn" else -1
            self.turn_start = self.phase_seconds[self.current]
        elif kind == "adjust":
            budget = self.planned[self.current] + self.adjustments[self.current]
            if budget + op[1] * 60 <= 0:
                return "nav"
            self.adjustments[self.current] += op[1] * 60
        elif kind == "finish":
            self.status, self.turn = "finished", None
        return None


def apply(runner: SessionRunner, clock: FakeClock, op: tuple) -> None:
    kind = op[0]
    if kind == "advance":
        clock.advance(op[1])
    elif kind == "toggle":
        runner.toggle_pause()
    elif kind == "previous":
        runner.previous(override=op[1])
    elif kind == "jump":
        runner.jump(op[1], override=op[2])
    elif kind == "adjust":
        runner.adjust(op[1])
    elif kind == "snapshot":
        runner.snapshot()
    else:
        getattr(runner, kind)()


def check_invariants(runner: SessionRunner, model: Model, clock: FakeClock) -> None:
    snap = runner.snapshot()
    # A second program reading the saved file sees the same meeting, to within the wall clock's
    # resolution (FakeClock rounds each advance of its wall time to a microsecond).
    seen = observe(runner.session, clock.now())
    assert (seen.status, seen.current) == (snap.status, snap.current)
    assert [v.actual_seconds for v in seen.phases] == pytest.approx(
        [v.actual_seconds for v in snap.phases], abs=WALL_TOLERANCE
    )
    assert seen.remaining_seconds == pytest.approx(snap.remaining_seconds, abs=WALL_TOLERANCE)
    assert snap.status.value == model.status
    assert snap.current == model.current
    actual = [view.actual_seconds for view in snap.phases]
    assert actual == pytest.approx(model.phase_seconds, abs=TOLERANCE)
    assert sum(actual) == pytest.approx(model.running_total, abs=TOLERANCE)
    assert snap.elapsed_seconds == pytest.approx(model.running_total, abs=TOLERANCE)
    assert snap.elapsed_seconds >= 0
    assert all(seconds >= 0 for seconds in actual)
    assert all(v.seconds >= 0 for r in runner.session.phases for v in r.visits)
    for index, record in enumerate(runner.session.phases):
        assert record.adjustment_seconds == pytest.approx(model.adjustments[index])
        assert record.budget_seconds > 0
    # The total is the budgets as adjusted: the baseline of every phase's countdown.
    assert snap.budget_seconds == pytest.approx(sum(model.planned) + sum(model.adjustments))
    if model.current is not None:
        i = model.current
        expected = model.planned[i] + model.adjustments[i] - model.phase_seconds[i]
        assert snap.remaining_seconds == pytest.approx(expected, abs=TOLERANCE)
        assert runner.phase_elapsed(i) == pytest.approx(model.phase_seconds[i], abs=TOLERANCE)
    assert runner.session.timer.turn == model.turn
    if model.turn is None or not model.speakers:
        assert snap.turn is None
    else:
        assert model.current is not None
        assert snap.turn is not None
        assert snap.turn.speaker == model.speakers[model.turn % len(model.speakers)]
        assert snap.turn.elapsed_seconds == pytest.approx(
            model.phase_seconds[model.current] - model.turn_start, abs=TOLERANCE
        )
    if snap.turn is None:
        assert seen.turn is None
    else:
        assert seen.turn is not None
        assert (seen.turn.speaker, seen.turn.number) == (snap.turn.speaker, snap.turn.number)
        assert seen.turn.elapsed_seconds == pytest.approx(
            snap.turn.elapsed_seconds, abs=WALL_TOLERANCE
        )
    assert snap.projected_remaining_seconds >= 0
    if model.status in ("finished", "abandoned"):
        assert snap.projected_remaining_seconds == 0
    events = runner.session.events
    assert all(a.at <= b.at for a, b in pairwise(events))
    assert all(a.elapsed_seconds <= b.elapsed_seconds + TOLERANCE for a, b in pairwise(events))
    for event in events:
        assert event.elapsed_seconds >= 0


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    order=st.sampled_from(["strict", "flexible"]),
    ops=st.lists(operations, min_size=1, max_size=80),
    start_first=st.booleans(),
    with_team=st.booleans(),
)
def test_random_operations_keep_the_books_exact(
    order: str, ops: list[tuple], start_first: bool, with_team: bool
) -> None:
    clock = FakeClock()
    phases = [
        phase_dict(i + 1, minutes=m, round=i in ROUNDS) for i, m in enumerate(MINUTES)
    ]
    protocol = make_protocol(order=order, phases=phases)
    session = make_session(protocol, clock)
    session.participants = TEAM if with_team else []
    runner = SessionRunner(session, clock)
    model = Model(
        strict=order == "strict",
        planned=[m * 60 for m in MINUTES],
        speakers=SPEAKERS if with_team else [],
    )
    if start_first:
        ops = [("start",), *ops]
    for op in ops:
        events_before = len(runner.session.events)
        expected = model.expect(op)
        if expected is None:
            apply(runner, clock, op)
            assert len(runner.session.events) == events_before + model.events_added
            if model.events_added:
                event = runner.session.events[-model.events_added]
                assert event.at == clock.now()
                if op[0] in ("previous", "jump"):
                    assert event.override is bool(op[-1])
        else:
            error = OverrideRequired if expected == "override" else NavigationError
            with pytest.raises(error):
                apply(runner, clock, op)
            assert len(runner.session.events) == events_before
        check_invariants(runner, model, clock)

    # Whatever happened, the file round trip keeps every second.
    runner.sync()
    restored = type(runner.session).model_validate_json(runner.session.model_dump_json())
    again = SessionRunner(restored, clock)
    assert again.status is not TimerStatus.RUNNING
    assert [r.actual_seconds for r in restored.phases] == pytest.approx(
        model.phase_seconds, abs=TOLERANCE
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.sampled_from(["strict", "flexible"]),
    ops=st.lists(operations, min_size=1, max_size=60),
)
def test_the_meeting_line_counts_every_phase_as_what_it_is(order: str, ops: list[tuple]) -> None:
    """After any back, jump, adjust or pause: a phase visited and left is done, except in a
    strict order a phase after the current one (the order leads through it again); the current
    one (also one returned to) is current with what is left of its budget, the rest is to come
    with what is left of theirs; and the projection is honest: a group that from here on takes
    exactly the remaining budgets ends at ``elapsed + projected``, as far from the plan as the
    line said."""
    clock = FakeClock()
    phases = [phase_dict(i + 1, minutes=m, round=i in ROUNDS) for i, m in enumerate(MINUTES)]
    runner = SessionRunner(make_session(make_protocol(order=order, phases=phases), clock), clock)
    runner.start()
    for op in ops:
        if op[0] in ("finish", "abandon"):
            continue
        with contextlib.suppress(NavigationError):
            apply(runner, clock, op)
    snap = runner.snapshot()
    current = runner.current_index
    assert current is not None
    expected_states = [
        PhaseState.CURRENT
        if index == current
        else PhaseState.DONE
        if record.visits and (order == "flexible" or index < current)
        else PhaseState.UPCOMING
        for index, record in enumerate(runner.session.phases)
    ]
    assert [view.state for view in snap.phases] == expected_states
    for view in snap.phases:
        assert view.remaining_seconds == pytest.approx(view.budget_seconds - view.actual_seconds)
    assert snap.projected_remaining_seconds == pytest.approx(
        sum(max(0.0, v.remaining_seconds) for v in snap.phases if v.state is not PhaseState.DONE)
    )

    # Play the rest exactly by the remaining budgets.
    if runner.status is TimerStatus.PAUSED:
        runner.resume()
    clock.advance(max(0.0, snap.phases[current].remaining_seconds))
    for view in snap.phases:
        if view.state is PhaseState.UPCOMING:
            runner.jump(view.index, override=True)
            clock.advance(max(0.0, view.remaining_seconds))
    runner.finish()
    final = runner.snapshot()
    assert final.projected_remaining_seconds == 0
    assert final.elapsed_seconds == pytest.approx(
        snap.elapsed_seconds + snap.projected_remaining_seconds, abs=TOLERANCE
    )
    assert final.schedule_delta_seconds == pytest.approx(snap.schedule_delta_seconds, abs=TOLERANCE)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(operations, min_size=1, max_size=60))
def test_a_strict_step_back_only_reopens_the_phase_returned_to(ops: list[tuple]) -> None:
    """In a strict order a confirmed step back leaves the phase it left to come (the order
    leads through it again), so ahead or behind moves only by the unused budget of the phase
    returned to, if it was done: never towards "voor" (the walk-through saw "2 min achter"
    become "6 min voor" after a step back)."""
    clock = FakeClock()
    phases = [phase_dict(i + 1, minutes=m, round=i in ROUNDS) for i, m in enumerate(MINUTES)]
    runner = SessionRunner(make_session(make_protocol(order="strict", phases=phases), clock), clock)
    runner.start()
    for op in ops:
        if op[0] in ("finish", "abandon"):
            continue
        before = runner.snapshot()
        with contextlib.suppress(NavigationError):
            apply(runner, clock, op)
        if op[0] != "previous" or runner.current_index == before.current:
            continue
        assert before.current is not None
        target = before.phases[before.current - 1]
        reopened = max(0.0, target.remaining_seconds) if target.state is PhaseState.DONE else 0.0
        after = runner.snapshot()
        assert after.phases[before.current].state is PhaseState.UPCOMING
        assert after.schedule_delta_seconds == pytest.approx(
            before.schedule_delta_seconds + reopened, abs=TOLERANCE
        )
