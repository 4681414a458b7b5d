"""How durations read on screen and in documents; shared by the TUI and the command line."""

from __future__ import annotations

import math
import re
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
    """Ahead of or behind the total budget, in words: ``op schema``, ``10 s achter``,
    ``2 min voor``.

    "op schema" only under one second, the resolution of every clock on screen: a phase
    clock showing ``+00:10`` and a meeting line saying "op schema" would contradict each
    other. Under a minute the seconds are truncated like ``clock`` (so both change at the same
    moment); from a minute on, whole minutes rounded to the nearest (half a minute up).
    """
    seconds = abs(delta_seconds)
    if seconds < 1:
        return "op schema"
    word = "achter" if delta_seconds > 0 else "voor"
    if seconds < 60:
        return f"{int(seconds)} s {word}"
    return f"{math.floor(seconds / 60 + 0.5)} min {word}"


def minutes(value: float) -> str:
    return f"{value:g}"


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y")
# Written as a date, whether or not that day exists: ISO, or day-first with - / or . between.
_DATE_SHAPES = (
    re.compile(r"\d{4}-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<day>\d{1,2})([-/.])(?P<month>\d{1,2})\2\d{4}"),
    re.compile(r"(?P<day>\d{1,2})-(?P<month>\d{1,2})-\d{2}"),
)


def parse_date(text: str) -> date:
    """Accept both ISO dates and the Dutch day-first way of writing them; raises ValueError.

    A date written in the right form that is not in the calendar (31-02-2027, 13-13-2026) is
    told apart from text that is no date: asking for dd-mm-jjjj there would say the form is
    wrong when it is the day. A day or month 0 is a date still being typed."""
    cleaned = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    for shape in _DATE_SHAPES:
        match = shape.fullmatch(cleaned)
        if match and int(match["day"]) and int(match["month"]):
            raise ValueError(f"{cleaned} bestaat niet")
    raise ValueError(f"geen datum: {cleaned!r} (schrijf dd-mm-jjjj)")


def dutch_date(value: date) -> str:
    """The one way a date reads, on screen and in documents: dd-mm-jjjj."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def dutch_datetime(value: datetime) -> str:
    """A moment as dd-mm-jjjj HH:MM, in the time zone it carries."""
    return f"{dutch_date(value)} {value.hour:02d}:{value.minute:02d}"
