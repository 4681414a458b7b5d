"""When to write the session file, and what to do when writing fails.

Edits are saved at most ``delay`` seconds after they happen (typing is debounced, not written
per keystroke); while the clock runs, the elapsed time is saved at the same pace so a killed
program loses at most about a second. A failed write keeps everything in memory, reports a
message for the UI's banner, and is retried.
"""

from __future__ import annotations

from pathlib import Path

from intervisie_tui.engine.clock import Clock, SystemClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.engine.store import SessionFile, serialize, write_atomically

RETRY_SECONDS = 5.0


class AutoSaver:
    def __init__(
        self,
        runner: SessionRunner,
        file: SessionFile,
        *,
        clock: Clock | None = None,
        delay: float = 1.0,
    ) -> None:
        self.runner = runner
        self.file = file
        self.delay = delay
        # Real time, not the runner's clock: a rehearsal at --speed 60 must not save 60x as often.
        self._clock = clock or SystemClock()
        self._dirty_since: float | None = None
        self._last_attempt = -float("inf")
        self._last_save = self._clock.monotonic()
        self.error: str | None = None
        self.saves = 0

    @property
    def path(self) -> Path:
        return self.file.path

    def changed(self) -> None:
        if self._dirty_since is None:
            self._dirty_since = self._clock.monotonic()

    def poll(self) -> bool:
        """Save if something is due; returns whether the file is now up to date with a save."""
        now = self._clock.monotonic()
        if self.error is not None and now - self._last_attempt < RETRY_SECONDS:
            return False
        running = self.runner.status is TimerStatus.RUNNING
        due_edit = self._dirty_since is not None and now - self._dirty_since >= self.delay
        due_time = running and now - self._last_save >= self.delay
        if due_edit or due_time or (self.error is not None and self._dirty_since is not None):
            return self.flush()
        return False

    def flush(self) -> bool:
        """Save now (phase changes, quitting); returns whether the file is up to date."""
        self.runner.sync()
        self._last_attempt = self._clock.monotonic()
        if self._dirty_since is None:
            self._dirty_since = self._last_attempt
        try:
            self.file.save()
        except OSError as error:
            reason = error.strerror or str(error)
            self.error = f"Opslaan mislukt ({reason}): {self.file.path}"
            return False
        self.error = None
        self._dirty_since = None
        self._last_save = self._last_attempt
        self.saves += 1
        return True

    def export_to(self, target: Path) -> None:
        """A copy elsewhere, for when the sessions folder cannot be written; raises OSError."""
        self.runner.sync()
        write_atomically(target, serialize(self.file.session))
