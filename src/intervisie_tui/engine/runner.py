"""The session runner: steps a group through the phases and keeps exact time.

All state that matters lives in the Session model, so saving it is enough to resume. The one
volatile piece is the monotonic reading at which the clock last started running; elapsed time is
always ``recorded seconds + (now - that reading)``, computed from clock readings and never from
counting ticks, so a UI that redraws late or irregularly cannot make the clock drift.

A second program that only reads the saved file has no such reading; it counts from the
wall-clock time of the last save instead (``timer.synced_at``, see ``observe``). Both go
through one computation of what is on screen, so the two windows cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from intervisie_tui.engine.clock import Clock
from intervisie_tui.engine.protocol import Order
from intervisie_tui.engine.session import (
    MAX_ADJUSTMENT_SECONDS,
    MAX_RUNNING_SECONDS,
    MAX_TURNS,
    Event,
    EventKind,
    PhaseRecord,
    Session,
    SessionStatus,
    TimerStatus,
    Visit,
)
from intervisie_tui.engine.speakers import round_speakers


class NavigationError(Exception):
    """An operation that makes no sense in the current state; the message is for the user."""


class OverrideRequired(NavigationError):
    """A strict protocol allows this step only when the timekeeper explicitly confirms it."""


class WarningLevel(StrEnum):
    NORMAL = "normal"
    WARNING = "warning"
    OVER = "over"


class PhaseState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class PhaseView:
    index: int
    id: str
    title: str
    planned_seconds: float
    budget_seconds: float
    actual_seconds: float
    state: PhaseState
    covered: bool

    @property
    def overrun_seconds(self) -> float:
        return max(0.0, self.actual_seconds - self.budget_seconds)

    @property
    def remaining_seconds(self) -> float:
        """Budget left in this phase; negative once it ran over."""
        return self.budget_seconds - self.actual_seconds


@dataclass(frozen=True)
class TurnView:
    """The speaker in a round phase; ``next_speaker`` is None after the last one of this go-round
    (``next_turn`` then starts the round again from the first)."""

    speaker: str
    next_speaker: str | None
    number: int  # 1-based position in the round
    count: int
    guide_seconds: float | None  # the phase's budget shared out; a soft guide, not a limit
    elapsed_seconds: float  # running time of this turn


MIN_TURN_GUIDE_SECONDS = 30.0
"""Below half a minute per speaker a per-turn guide is noise: the phase is too short to share."""


@dataclass(frozen=True)
class Snapshot:
    """Everything a screen shows, derived from one clock reading so the parts agree."""

    now: datetime
    status: TimerStatus
    current: int | None
    phases: tuple[PhaseView, ...]
    remaining_seconds: float
    level: WarningLevel
    elapsed_seconds: float
    budget_seconds: float
    projected_remaining_seconds: float
    speed: float = 1.0  # meeting seconds per real second (``--speed``)
    turn: TurnView | None = None

    @property
    def current_phase(self) -> PhaseView | None:
        return None if self.current is None else self.phases[self.current]

    @property
    def schedule_delta_seconds(self) -> float:
        """Positive when the meeting will end later than its total budget, negative when ahead.

        The budget is the one the phases have now, with the timekeeper's minutes added or taken
        off: the same baseline as each phase's countdown, so a phase shortened by a minute makes
        the total a minute shorter rather than the meeting a minute "voor"."""
        return self.elapsed_seconds + self.projected_remaining_seconds - self.budget_seconds

    @property
    def projected_end(self) -> datetime:
        """The wall-clock time the meeting should end; a rehearsal gets there ``speed`` times
        sooner."""
        return self.now + timedelta(seconds=self.projected_remaining_seconds / self.speed)

    @property
    def uncovered(self) -> tuple[PhaseView, ...]:
        return tuple(p for p in self.phases if not p.covered)


def observe(session: Session, now: datetime) -> Snapshot:
    """What a reader of the saved session sees at wall time ``now``, without changing it.

    A second program (the beamer window) follows the file that the running program saves: while
    the clock runs, the open visit's seconds are those folded in at ``timer.synced_at`` plus the
    time since then, scaled by the rehearsal speed, so its countdown keeps pace between saves.
    """
    return _snapshot(session, _observed_live_seconds(session, now), now)


def _observed_live_seconds(session: Session, now: datetime) -> float:
    timer = session.timer
    if timer.status is not TimerStatus.RUNNING or timer.synced_at is None:
        return 0.0
    seconds = _seconds_between(timer.synced_at, now) * (session.rehearsal_speed or 1.0)
    return _bounded_live(session, seconds)


def _bounded_live(session: Session, seconds: float) -> float:
    """Running time not yet folded in, never negative (a reader's clock may be behind) and never
    past a week for the whole session (a file left running by a killed program is stale, and a
    file cannot hold more)."""
    return min(max(0.0, seconds), max(0.0, MAX_RUNNING_SECONDS - session.running_seconds))


def _seconds_between(earlier: datetime, later: datetime) -> float:
    """``later - earlier`` without the OverflowError that aware datetimes near year 1 or 9999
    raise: the wall times are subtracted first, then the difference of their UTC offsets.
    A naive ``later`` is taken to be in ``earlier``'s offset."""
    offset = later.utcoffset() if later.tzinfo is not None else None
    if offset is None:
        offset = earlier.utcoffset() or timedelta(0)
    wall = later.replace(tzinfo=None) - earlier.replace(tzinfo=None)
    return (wall - (offset - (earlier.utcoffset() or timedelta(0)))).total_seconds()


def _snapshot(session: Session, live: float, now: datetime) -> Snapshot:
    """The one computation behind ``SessionRunner.snapshot`` and ``observe``: ``live`` is the
    running time of the open visit not yet folded into the session."""
    status = session.timer.status
    current = session.timer.current_phase
    views = []
    projected = 0.0
    for index, record in enumerate(session.phases):
        actual = record.actual_seconds + (live if index == current else 0.0)
        covered = bool(record.visits)
        state = _state(session, index, covered)
        if state is not PhaseState.DONE and status not in _ENDED:
            projected += max(0.0, record.budget_seconds - actual)
        views.append(
            PhaseView(
                index,
                record.id,
                record.title,
                record.planned_seconds,
                record.budget_seconds,
                actual,
                state,
                covered,
            )
        )
    if current is None:
        # Not started yet: the clock shows the first phase's full budget.
        remaining, level = views[0].budget_seconds, WarningLevel.NORMAL
    else:
        view = views[current]
        remaining = view.budget_seconds - view.actual_seconds
        level = _level(session, current, remaining)
    return Snapshot(
        now=now,
        status=status,
        current=current,
        phases=tuple(views),
        remaining_seconds=remaining,
        level=level,
        elapsed_seconds=sum(v.actual_seconds for v in views),
        budget_seconds=sum(r.budget_seconds for r in session.phases),
        projected_remaining_seconds=projected,
        speed=session.rehearsal_speed or 1.0,
        turn=None if current is None else _turn(session, views[current]),
    )


def _state(session: Session, index: int, covered: bool) -> PhaseState:
    """A phase is done once visited and left, except in a strict order while the group is
    back before it: the order leads through it again, so its unused budget is still to come
    and a step back does not make the meeting look ahead of schedule."""
    current = session.timer.current_phase
    if index == current:
        return PhaseState.CURRENT
    if not covered:
        return PhaseState.UPCOMING
    still_ahead = (
        session.protocol.order is Order.STRICT
        and current is not None
        and index > current
        and session.timer.status not in _ENDED
    )
    return PhaseState.UPCOMING if still_ahead else PhaseState.DONE


def following_phase(session: Session, index: int) -> int | None:
    """Where "next" leads from phase ``index``; None when the meeting is to be finished.

    A strict order goes to the phase after it. A free order goes to the first phase not yet
    covered after it (so "next" skips phases already done), and where none is left after it,
    to the phase after it as a strict order would. From the last phase "next" finishes in
    either order: a free cycle still ends with its closing phase, and finishing names the
    phases not covered (the jump list reaches them)."""
    count = len(session.phases)
    if session.protocol.order is Order.FLEXIBLE:
        for candidate in range(index + 1, count):
            if not session.phases[candidate].visits:
                return candidate
    return index + 1 if index + 1 < count else None


def _turn(session: Session, view: PhaseView) -> TurnView | None:
    timer = session.timer
    if timer.turn is None or not session.protocol.phases[view.index].round:
        return None
    speakers = round_speakers(session.participants, session.protocol.phases[view.index].who)
    if not speakers:
        return None
    position = timer.turn % len(speakers)
    guide = view.budget_seconds / len(speakers)
    return TurnView(
        speaker=speakers[position],
        next_speaker=speakers[position + 1] if position + 1 < len(speakers) else None,
        number=position + 1,
        count=len(speakers),
        guide_seconds=guide if guide >= MIN_TURN_GUIDE_SECONDS else None,
        elapsed_seconds=max(0.0, view.actual_seconds - (timer.turn_started_seconds or 0.0)),
    )


def _level(session: Session, index: int, remaining: float) -> WarningLevel:
    if remaining <= 0:
        return WarningLevel.OVER
    protocol = session.protocol
    if remaining <= protocol.warning_seconds(protocol.phases[index]):
        return WarningLevel.WARNING
    return WarningLevel.NORMAL


class SessionRunner:
    def __init__(self, session: Session, clock: Clock) -> None:
        self.session = session
        self.clock = clock
        self._running_since: float | None = None
        if session.timer.status is TimerStatus.RUNNING:
            # A file saved while running was left by a closed or killed program: resume paused.
            self._set_status(TimerStatus.PAUSED)
            self._record(EventKind.RESTORE)
        self._keep_the_recorded_turn()

    def _keep_the_recorded_turn(self) -> None:
        """A round's turn stays with whom the file says has it. The turn is kept as a count
        and the speakers are worked out from the participants by today's rule; a file written
        under an earlier rule (who takes turns in which round) would otherwise hand the turn
        to someone else on resume. The last TURN event names the speaker."""
        timer = self.session.timer
        if timer.turn is None or timer.current_phase is None:
            return
        phase = self.session.protocol.phases[timer.current_phase]
        speakers = round_speakers(self.session.participants, phase.who)
        last = next((e for e in reversed(self.session.events) if e.kind is EventKind.TURN), None)
        if not speakers or last is None or last.phase != phase.id or last.speaker is None:
            return
        if last.speaker in speakers and speakers[timer.turn % len(speakers)] != last.speaker:
            passes = timer.turn // len(speakers)
            self._set_timer(turn=passes * len(speakers) + speakers.index(last.speaker))

    # -- derived state ---------------------------------------------------------------------

    @property
    def status(self) -> TimerStatus:
        return self.session.timer.status

    @property
    def current_index(self) -> int | None:
        return self.session.timer.current_phase

    def _live_seconds(self) -> float:
        if self._running_since is None:
            return 0.0
        return _bounded_live(self.session, self.clock.monotonic() - self._running_since)

    def _running_total(self) -> float:
        return min(MAX_RUNNING_SECONDS, self.session.running_seconds + self._live_seconds())

    def phase_elapsed(self, index: int) -> float:
        live = self._live_seconds() if index == self.current_index else 0.0
        return self.session.phases[index].actual_seconds + live

    def snapshot(self) -> Snapshot:
        return _snapshot(self.session, self._live_seconds(), self.clock.now())

    # -- operations --------------------------------------------------------------------------

    def start(self) -> None:
        if self.status is not TimerStatus.NOT_STARTED:
            raise NavigationError("de sessie is al gestart")
        self._enter(0)
        self._running_since = self.clock.monotonic()
        self._set_status(TimerStatus.RUNNING)
        self._record(EventKind.START)
        self._entered()

    def pause(self) -> None:
        self._require(TimerStatus.RUNNING, "de klok loopt niet")
        self.sync()
        self._running_since = None
        self._set_status(TimerStatus.PAUSED)
        self._record(EventKind.PAUSE)

    def resume(self) -> None:
        self._require(TimerStatus.PAUSED, "de klok staat niet op pauze")
        self._running_since = self.clock.monotonic()
        self._set_status(TimerStatus.RUNNING)
        self._record(EventKind.RESUME)

    def toggle_pause(self) -> None:
        if self.status is TimerStatus.RUNNING:
            self.pause()
        else:
            self.resume()

    def next(self) -> None:
        target = self.next_index()
        if target is None:
            raise NavigationError("dit is de laatste fase: rond de sessie af")
        self._move(target, EventKind.NEXT, override=False)

    def next_index(self) -> int | None:
        """Where ``next`` leads (see ``following_phase``); None: finishing comes next."""
        return following_phase(self.session, self._active_index())

    def previous(self, *, override: bool = False) -> None:
        index = self._active_index()
        if index == 0:
            raise NavigationError("dit is de eerste fase")
        self._check_strict(override, "terug naar een vorige fase")
        self._move(index - 1, EventKind.PREVIOUS, override=override)

    def jump(self, target: int, *, override: bool = False) -> None:
        index = self._active_index()
        if not 0 <= target < len(self.session.phases):
            raise NavigationError(f"fase {target + 1} bestaat niet")
        if target == index:
            raise NavigationError("dat is de huidige fase al")
        if target != index + 1:
            self._check_strict(override, "naar een andere fase springen")
        self._move(target, EventKind.JUMP, override=override)

    def requires_override(self, target: int) -> bool:
        """Whether moving to ``target`` needs confirmation, so the UI can ask before it tries."""
        index = self._active_index()
        return self.session.protocol.order is Order.STRICT and target != index + 1

    def next_turn(self) -> None:
        """The next colleague's turn; after the last one the round starts again."""
        turn = self._turn_index()
        if turn >= MAX_TURNS:
            raise NavigationError(f"meer dan {MAX_TURNS} beurten in één ronde kan niet")
        self._start_turn(turn + 1)

    def previous_turn(self) -> None:
        turn = self._turn_index()
        if turn == 0:
            raise NavigationError("dit is de eerste beurt van de ronde")
        self._start_turn(turn - 1)

    def adjust(self, minutes: float) -> None:
        index = self._active_index()
        record = self.session.phases[index]
        change = minutes * 60
        adjustment = record.adjustment_seconds + change
        if not (math.isfinite(change) and abs(change) <= MAX_ADJUSTMENT_SECONDS) or (
            abs(adjustment) > MAX_ADJUSTMENT_SECONDS
        ):
            raise NavigationError("zoveel kan niet: een fase wordt hoogstens 24 uur bijgesteld")
        if record.planned_seconds + adjustment <= 0:
            raise NavigationError("korter kan niet: de fase heeft dan geen tijd meer")
        record.adjustment_seconds = adjustment
        self._record(EventKind.ADJUST, minutes=minutes)

    def finish(self) -> None:
        """End the meeting; phases never visited are recorded as not covered."""
        self._active_index()
        self._leave()
        uncovered = [r.id for r in self.session.phases if not r.visits]
        self.session.uncovered_at_finish = uncovered
        self._end(TimerStatus.FINISHED, SessionStatus.COMPLETED, EventKind.FINISH)

    def abandon(self) -> None:
        if self.status in _ENDED:
            raise NavigationError("de sessie is al beëindigd")
        if self.current_index is not None:
            self._leave()
        self._end(TimerStatus.ABANDONED, SessionStatus.ABANDONED, EventKind.ABANDON)

    def sync(self) -> None:
        """Fold the running stretch into the open visit, so a save captures time up to now and
        a reader of the file knows from when to count on (``timer.synced_at``)."""
        if self._running_since is None or self.current_index is None:
            return
        now = self.clock.monotonic()  # one reading, so no time falls between two
        live = _bounded_live(self.session, now - self._running_since)
        visit = self.session.phases[self.current_index].visits[-1]
        visit.seconds = min(MAX_RUNNING_SECONDS, visit.seconds + live)
        self._running_since = now
        self._set_timer(synced_at=self.clock.now())

    # -- internals ---------------------------------------------------------------------------

    def _active_index(self) -> int:
        if self.status is TimerStatus.NOT_STARTED:
            raise NavigationError("de sessie is nog niet gestart")
        if self.status in _ENDED:
            raise NavigationError("de sessie is al beëindigd")
        assert self.current_index is not None
        return self.current_index

    def _require(self, status: TimerStatus, message: str) -> None:
        if self.status is not status:
            raise NavigationError(message)

    def _check_strict(self, override: bool, what: str) -> None:
        if self.session.protocol.order is Order.STRICT and not override:
            raise OverrideRequired(
                f"dit protocol heeft een vaste volgorde: {what} vraagt bevestiging"
            )

    def _move(self, target: int, kind: EventKind, *, override: bool) -> None:
        source = self.session.phases[self._active_index()].id
        self._leave()
        self._enter(target)
        self._record(kind, phase=source, to_phase=self.session.phases[target].id, override=override)
        self._entered()

    def _leave(self) -> None:
        self.sync()
        index = self.current_index
        if index is None:
            return
        visit = self.session.phases[index].visits[-1]
        if visit.ended_at is None:
            visit.ended_at = self.clock.now()

    def _enter(self, index: int) -> None:
        record: PhaseRecord = self.session.phases[index]
        record.visits.append(Visit(started_at=self.clock.now()))
        self._set_timer(current_phase=index, turn=None, turn_started_seconds=None)

    def _entered(self) -> None:
        """After the move is logged: a round phase begins with its first speaker's turn."""
        index = self.current_index
        assert index is not None
        if self.session.protocol.phases[index].round:
            self._start_turn(0)

    def _turn_index(self) -> int:
        index = self._active_index()
        if not self.session.protocol.phases[index].round or self.session.timer.turn is None:
            raise NavigationError("in deze fase is er geen ronde met beurten")
        phase = self.session.protocol.phases[index]
        if not round_speakers(self.session.participants, phase.who):
            raise NavigationError(
                f"in deze ronde heeft niemand een beurt ({phase.who}): niemand van de "
                "deelnemers heeft die rol"
            )
        return self.session.timer.turn

    def _start_turn(self, turn: int) -> None:
        index = self.current_index
        assert index is not None
        started = min(MAX_RUNNING_SECONDS, self.phase_elapsed(index))
        self._set_timer(turn=turn, turn_started_seconds=started)
        speakers = round_speakers(
            self.session.participants, self.session.protocol.phases[index].who
        )
        if speakers:
            self._record(EventKind.TURN, speaker=speakers[turn % len(speakers)])

    def _set_status(self, status: TimerStatus) -> None:
        # The wall-clock reference for readers of the file exists only while the clock runs.
        running = status is TimerStatus.RUNNING
        self._set_timer(status=status, synced_at=self.clock.now() if running else None)

    def _set_timer(self, **changes: object) -> None:
        self.session.timer = self.session.timer.model_copy(update=changes)

    def _end(self, timer: TimerStatus, status: SessionStatus, kind: EventKind) -> None:
        self._running_since = None
        self._set_status(timer)
        self._set_timer(turn=None, turn_started_seconds=None)
        self.session.status = status
        self.session.ended_at = self.clock.now()
        self._record(kind)

    def _record(self, kind: EventKind, **details: object) -> None:
        index = self.current_index
        details.setdefault("phase", None if index is None else self.session.phases[index].id)
        event = Event(
            at=self.clock.now(),
            kind=kind,
            elapsed_seconds=self._running_total(),
            **details,  # type: ignore[arg-type]
        )
        self.session.events.append(event)


_ENDED = (TimerStatus.FINISHED, TimerStatus.ABANDONED)
