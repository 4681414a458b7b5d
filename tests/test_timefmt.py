"""How times and dates read: the countdown, the meeting line and dd-mm-jjjj."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.timefmt import (
    clock,
    countdown,
    dutch_date,
    dutch_datetime,
    parse_date,
    schedule,
)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (0, "op schema"),
        (0.999, "op schema"),
        (-0.999, "op schema"),
        (1, "1 s achter"),
        (-1, "1 s voor"),
        (10, "10 s achter"),  # the phase clock shows +00:10: the line must not say on time
        (10.9, "10 s achter"),
        (-29.5, "29 s voor"),
        (59.999, "59 s achter"),
        (60, "1 min achter"),
        (83, "1 min achter"),
        (89.999, "1 min achter"),
        (90, "2 min achter"),
        (-90, "2 min voor"),
        (149.999, "2 min achter"),
        (150, "3 min achter"),
        (-3600, "60 min voor"),
    ],
)
def test_schedule_boundaries(delta: float, expected: str) -> None:
    assert schedule(delta) == expected


@given(st.floats(min_value=-1e6, max_value=1e6))
def test_schedule_agrees_with_the_countdown_when_a_phase_runs_over(over: float) -> None:
    """With every other phase on time, the meeting is as late as the phase clock says."""
    shown = countdown(-abs(over))  # "+MM:SS"
    line = schedule(abs(over))
    assert (line == "op schema") == (shown == "+00:00")
    if 1 <= abs(over) < 60:
        assert line == f"{int(shown[-2:])} s achter"


@given(st.floats(min_value=1, max_value=1e6))
def test_schedule_is_symmetric(seconds: float) -> None:
    assert schedule(seconds).replace("achter", "voor") == schedule(-seconds)


def test_clock_and_countdown() -> None:
    assert clock(59.9) == "00:59"
    assert clock(3600) == "1:00:00"
    assert countdown(300) == "05:00"
    assert countdown(0.1) == "00:01"
    assert countdown(0) == "+00:00"
    assert countdown(-83) == "+01:23"


def test_dates_read_day_first() -> None:
    assert dutch_date(date(2026, 12, 4)) == "04-12-2026"
    assert dutch_date(date(987, 1, 2)) == "02-01-0987"
    moment = datetime(2026, 3, 9, 7, 5, tzinfo=timezone(timedelta(hours=1)))
    assert dutch_datetime(moment) == "09-03-2026 07:05"


@given(st.dates())
def test_a_written_date_reads_back(value: date) -> None:
    assert parse_date(dutch_date(value)) == value


def test_parse_date_accepts_iso_and_day_first() -> None:
    assert parse_date(" 2026-12-04 ") == date(2026, 12, 4)
    assert parse_date("4-12-2026") == date(2026, 12, 4)
    with pytest.raises(ValueError, match="dd-mm-jjjj"):
        parse_date("morgen")


@pytest.mark.parametrize(
    "written", ["31-02-2027", "29-02-2027", "31/04/2026", "31.06.2026", "2027-02-30", "13-13-2026"]
)
def test_a_day_that_does_not_exist_is_named_so(written: str) -> None:
    """In the asked-for form but not in the calendar: "schrijf dd-mm-jjjj" would mislead."""
    with pytest.raises(ValueError) as raised:
        parse_date(f" {written} ")
    assert str(raised.value) == f"{written} bestaat niet"


@pytest.mark.parametrize("typing", ["2026-11-0", "00-12-2026", "3-1", "31-02-202"])
def test_a_date_half_typed_is_no_date_yet(typing: str) -> None:
    with pytest.raises(ValueError, match="geen datum"):
        parse_date(typing)
