"""How durations read on screen and in documents; shared by the TUI and the command line."""

from __future__ import annotations

import math
from datetime import date, datetime


def clock(seconds: float) -> str:
    """MM:SS, or H:MM:SS past an hour; rounds toward zero so a display never shows time early."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def countdown(remaining: float) -> str:
    """Remaining time as a countdown: ``04:59`` while time is left, ``+01:23`` once over.

    Remaining time is rounded up, so ``00:00`` appears exactly when the budget is spent and a
    phase of 5 minutes starts on ``05:00``.
    """
    if remaining > 0:
        return clock(math.ceil(remaining))
    return "+" + clock(-remaining)


def schedule(delta_seconds: float) -> str:
    """Ahead of or behind the total budget, in words; within half a minute counts as on time."""
    if abs(delta_seconds) < 30:
        return "op schema"
    word = "achter" if delta_seconds > 0 else "voor"
    return f"{clock(abs(delta_seconds))} {word}"


def minutes(value: float) -> str:
    return f"{value:g}"


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y")


def parse_date(text: str) -> date:
    """Accept both ISO dates and the Dutch day-first way of writing them; raises ValueError."""
    cleaned = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"geen datum: {cleaned!r} (schrijf dd-mm-jjjj)")


def dutch_date(value: date) -> str:
    return value.strftime("%d-%m-%Y")
