"""Sources of time for the engine.

The engine asks a clock for two readings: a monotonic one to measure durations (immune to the
laptop's clock being adjusted mid-meeting) and a wall-clock one to stamp events and project the
end time. Tests drive a FakeClock by hand, so an hour of meeting takes no time at all.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol

MAX_REHEARSAL_SPEED = 1000.0  # faster, and a 45-minute meeting is over in under 3 seconds


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()


class ScaledClock:
    """Rehearsal time: the meeting's durations run ``speed`` times as fast, the calendar does not.

    Only ``monotonic`` is scaled, so phases last ``1/speed`` of their budget; ``now`` stays the
    real time, because it stamps the session's creation, events and file name, and a reader of
    the file compares it with its own real clock (see ``runner.observe``).
    """

    def __init__(self, speed: float, base: Clock | None = None) -> None:
        if not 0 < speed <= MAX_REHEARSAL_SPEED:
            raise ValueError(f"speed must be above 0 and at most {MAX_REHEARSAL_SPEED:g}")
        self.speed = speed
        self._base = base or SystemClock()
        self._origin_mono = self._base.monotonic()

    def monotonic(self) -> float:
        return self._origin_mono + (self._base.monotonic() - self._origin_mono) * self.speed

    def now(self) -> datetime:
        return self._base.now()


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._mono = 1000.0
        self._wall = start or datetime(2026, 11, 23, 15, 30).astimezone()

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not run backwards")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)
