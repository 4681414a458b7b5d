"""When to write the session file, on which thread, and what to do when writing fails.

The guarantee: a program killed at any moment (``kill -9``, a flat battery) loses at most one
second of typing and of running clock. Two threads share the work.

- **The UI thread** calls :meth:`AutoSaver.changed` after every edit, :meth:`AutoSaver.poll` on
  every redraw (about once a second) and when its debounce timer of :attr:`AutoSaver.delay`
  fires, and :meth:`AutoSaver.flush` at phase changes and when quitting. ``poll`` takes a copy of
  the session whenever it changed since the last copy, *on the UI thread*, so the model is never
  read while it is being changed; the copy is plain data (``model_dump(mode="json")``). An edit
  is copied by the first poll after it, which the debounce timer brings within ``delay``.
- **One writer thread** writes the newest copy; older copies not yet written are dropped, so a
  slow disk never stalls the clock or the typing, it only makes fewer saves. While the clock
  runs it also keeps the file's time up to date by itself: every :data:`REFRESH_SECONDS` it
  brings the open visit of the newest copy up to the current time and writes that, however
  rarely the UI polls. A redraw once a second cannot promise that on its own: it saves at
  one-second intervals plus the time the write takes.

So typing is on disk within ``delay`` plus a write, and the clock within
:data:`REFRESH_SECONDS` plus a write: both well inside the second. ``flush`` writes on the
caller's thread and returns whether it worked. A failed write keeps everything in memory, sets
:attr:`AutoSaver.error` for the UI's banner, and is retried every :data:`RETRY_SECONDS`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic_core import to_jsonable_python

from intervisie_tui.engine.atomic import check_export_target, write_atomically
from intervisie_tui.engine.clock import Clock, SystemClock
from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import MAX_RUNNING_SECONDS, TimerStatus
from intervisie_tui.engine.store import SessionClosed, SessionFile, encode, serialize

DEBOUNCE_SECONDS = 0.5
REFRESH_SECONDS = 0.5
RETRY_SECONDS = 5.0
SETTLE_SECONDS = 10.0


@dataclass(frozen=True)
class _Live:
    """How to bring a copy taken while the clock ran up to a later moment."""

    phase: int
    visit_seconds: float  # the open visit, at the copy
    meeting_mono: float  # the runner's clock at the copy
    headroom: float  # running seconds the session may still hold


@dataclass
class _Copy:
    number: int  # in the order taken: a write never replaces a newer copy on disk
    raw: dict[str, Any]
    taken: float  # autosave clock: the file is current as of this reading once written
    live: _Live | None  # set while the clock runs


class AutoSaver:
    def __init__(
        self,
        runner: SessionRunner,
        file: SessionFile,
        *,
        clock: Clock | None = None,
        delay: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.runner = runner
        self.file = file
        self.delay = delay
        # Real time, not the runner's clock: a rehearsal at --speed 60 must not save 60x as often.
        self._clock = clock or SystemClock()
        self._dirty = False
        self._state = self._runner_state()
        self._numbered = 0
        # Shared with the writer thread, under the condition's lock.
        self._cond = threading.Condition()
        self._base: _Copy | None = None  # the newest copy: what the writer keeps up to date
        self._pending: _Copy | None = None  # the newest copy not yet on disk
        self._written = -1  # number of the newest copy on disk
        self._written_at = self._clock.monotonic()
        self._failed_at: float | None = None
        self._error: str | None = None
        self._worker: threading.Thread | None = None
        self._busy = False
        self._asked = 0  # settle() requests, and the last one the writer has looked at
        self._seen = 0
        self._order = threading.Lock()  # one write at a time
        self.saves = 0

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def error(self) -> str | None:
        """Why the last write failed, for the UI's banner; None once a write succeeds."""
        return self._error

    # -- the UI thread ---------------------------------------------------------------------------

    def changed(self) -> None:
        """The session was edited; the next :meth:`poll` hands it to the writer."""
        self._dirty = True

    def poll(self) -> bool:
        """Hand the session to the writer when it changed (an edit, or the runner moved without
        a flush); returns whether it did. Never waits for the disk."""
        if not self._dirty and self._runner_state() == self._state:
            return False
        copy = self._copy()
        with self._cond:
            self._base = self._pending = copy
            self._wake_writer()
        return True

    def flush(self) -> bool:
        """Save now, on this thread (phase changes, quitting); returns whether the file is up to
        date. A failure is retried by the writer like any other."""
        copy = self._copy()
        with self._cond:
            self._base = copy
        return self._write(copy, refresh=False)

    def settle(self, timeout: float = SETTLE_SECONDS) -> bool:
        """Wait until the writer has written what is due at this moment of the autosave clock;
        returns whether the file is up to date. For callers that must know a save landed (tests
        on a FakeClock, benchmarks): the UI never needs to wait."""
        with self._cond:
            self._asked += 1
            asked = self._asked
            self._cond.notify_all()
            self._cond.wait_for(
                lambda: self._worker is None or (self._seen >= asked and not self._busy),
                timeout,
            )
            return self._pending is None and self._error is None

    def export_to(self, target: Path) -> None:
        """A copy elsewhere, for when the sessions folder cannot be written; raises OSError
        (``RefusedTarget`` for a symbolic link or a session-like name in the sessions folder)."""
        check_export_target(target, self.file.path.parent)
        self.runner.sync()
        write_atomically(target, serialize(self.runner.session))

    def _runner_state(self) -> tuple[TimerStatus, int | None]:
        return (self.runner.status, self.runner.current_index)

    def _copy(self) -> _Copy:
        runner = self.runner
        runner.sync()
        raw = runner.session.model_dump(mode="json")
        live = None
        index = runner.current_index
        if runner.status is TimerStatus.RUNNING and index is not None:
            visits = runner.session.phases[index].visits
            live = _Live(
                phase=index,
                visit_seconds=visits[-1].seconds,
                meeting_mono=runner.clock.monotonic(),
                headroom=max(0.0, MAX_RUNNING_SECONDS - runner.session.running_seconds),
            )
        self._dirty = False
        self._state = self._runner_state()
        self._numbered += 1
        return _Copy(self._numbered, raw, self._clock.monotonic(), live)

    # -- the writer thread -----------------------------------------------------------------------

    def _wake_writer(self) -> None:
        """Under the lock: make sure a writer runs and looks at the new state."""
        if self._worker is None:
            self._worker = threading.Thread(
                target=self._run, name="intervisie-autosave", daemon=True
            )
            self._worker.start()
        else:
            self._cond.notify_all()

    def _run(self) -> None:
        """Write what is due, sleep until the next thing is; end when nothing is left to do
        (the next change starts a new writer) or the file is closed."""
        while True:
            with self._cond:
                while True:
                    if self.file.closed:
                        self._worker = None
                        self._cond.notify_all()
                        return
                    self._seen = self._asked
                    job, wait = self._next_job(self._clock.monotonic())
                    if job is not None:
                        break
                    self._cond.notify_all()
                    if wait is None:
                        self._worker = None
                        return
                    self._cond.wait(wait)
                self._busy = True
            try:
                self._write(job, refresh=True)
            finally:
                with self._cond:
                    self._busy = False

    def _next_job(self, now: float) -> tuple[_Copy | None, float | None]:
        """Under the lock: the copy to write now, or how long to wait (None: nothing to do)."""
        base = self._base
        running = base is not None and base.live is not None
        if self._pending is None and not running:
            return None, None
        if self._failed_at is not None:
            left = self._failed_at + RETRY_SECONDS - now
            if left > 0:
                return None, left
        if self._pending is not None:
            return self._pending, None
        left = self._written_at + REFRESH_SECONDS - now
        if left > 0:
            return None, left
        return base, None

    # -- both threads ----------------------------------------------------------------------------

    def _write(self, copy: _Copy, *, refresh: bool) -> bool:
        with self._order:
            with self._cond:
                if copy.number < self._written:
                    return True  # a newer copy is on disk already
            taken = copy.taken
            try:
                if refresh and copy.live is not None:
                    taken = self._clock.monotonic()
                    _bring_up_to_date(copy.raw, copy.live, self.runner.clock)
                self.file.save(encode(copy.raw))
            except SessionClosed:
                return False
            except Exception as error:
                # Whatever went wrong, the data stays in memory and the banner says so; an
                # exception escaping here would end the writer thread and stop all saving.
                if isinstance(error, OSError):
                    reason = error.strerror or str(error)
                else:
                    reason = f"interne fout: {type(error).__name__}"
                with self._cond:
                    self._error = f"Opslaan mislukt ({reason}): {printable_path(self.file.path)}"
                    self._failed_at = self._clock.monotonic()
                    if self._pending is None or self._pending.number <= copy.number:
                        self._pending = copy
                    self._wake_writer()
                return False
            with self._cond:
                self._written = copy.number
                self._written_at = taken
                self._error = self._failed_at = None
                if self._pending is not None and self._pending.number <= copy.number:
                    self._pending = None
                self.saves += 1
                if self._base is not None and self._base.live is not None:
                    self._wake_writer()  # the clock runs: keep its time on disk from now on
                self._cond.notify_all()
            return True


def _bring_up_to_date(raw: dict[str, Any], live: _Live, meeting_clock: Clock) -> None:
    """What ``runner.sync()`` and a fresh dump would give now, if nothing else changed: the open
    visit and its phase grow by the running time since the copy, and ``timer.synced_at`` (what
    a reader of the live file counts from) moves to now."""
    # Never past what a session file may hold (as the runner's own sync), or it would not load.
    extra = min(max(0.0, meeting_clock.monotonic() - live.meeting_mono), live.headroom)
    now = meeting_clock.now()
    record = raw["phases"][live.phase]
    record["visits"][-1]["seconds"] = live.visit_seconds + extra
    record["actual_seconds"] = sum(visit["seconds"] for visit in record["visits"])
    raw["timer"]["synced_at"] = to_jsonable_python(now)
