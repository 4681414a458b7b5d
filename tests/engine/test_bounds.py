"""Every number and date in a session file is bounded by what a meeting can hold: a file
outside the bounds is a bad file with a Dutch reason, and one inside never makes a reader's
date or time arithmetic overflow."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from intervisie_tui.engine.clock import FakeClock, ScaledClock
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.runner import NavigationError, SessionRunner, observe
from intervisie_tui.engine.session import (
    MAX_RUNNING_SECONDS,
    Participant,
    Role,
    Session,
    validate_answer,
)
from intervisie_tui.engine.store import parse_session, serialize
from tests.builders import make_protocol, make_session, phase_dict
from tests.meetings import agreement, full_answers, meeting_protocol, run_meeting

PATH = Path("sessie.json")


def base() -> dict[str, Any]:
    """A finished meeting with visits, events, answers and agreements, as JSON."""
    session = run_meeting(
        answers=full_answers(),
        agreements=[agreement(evaluation_date=date(2026, 12, 14))],
    )
    return json.loads(serialize(session))


def problem(data: dict[str, Any]) -> str:
    with pytest.raises(FileProblems) as caught:
        parse_session(json.dumps(data).encode(), PATH)
    [found] = caught.value.problems
    return f"{found.path}: {found.message}"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(created_at="9999-12-31T23:00:00-01:00"),
            "created_at: datum 31-12-9999 ligt niet tussen 01-01-2000 en 31-12-2199",
        ),
        (
            lambda d: d.update(created_at="1999-12-31T23:59:59+01:00"),
            "created_at: datum 31-12-1999 ligt niet tussen 01-01-2000 en 31-12-2199",
        ),
        (
            lambda d: d.update(ended_at="2026-11-23T16:00:00+23:00"),
            "ended_at: tijdzone bestaat niet (tussen UTC-12:00 en UTC+14:00)",
        ),
        (
            lambda d: d["events"][0].update(at="0001-01-01T00:00:00+14:00"),
            "events[1].at: datum 01-01-0001 ligt niet tussen 01-01-2000 en 31-12-2199",
        ),
        (
            lambda d: d["phases"][0]["visits"][0].update(started_at="2200-01-01T00:00:00Z"),
            "phases[1].visits[1].started_at: datum 01-01-2200 ligt niet tussen 01-01-2000 en "
            "31-12-2199",
        ),
        (
            lambda d: d["phases"][0].update(planned_seconds=1e300),
            "phases[1].planned_seconds: mag hoogstens 604800 zijn",
        ),
        (
            lambda d: d["phases"][0]["visits"][0].update(seconds=604801),
            "phases[1].visits[1].seconds: mag hoogstens 604800 zijn",
        ),
        (
            lambda d: d["phases"][1].update(adjustment_seconds=-1e9),
            "phases[2].adjustment_seconds: moet minstens -86400 zijn",
        ),
        (
            lambda d: d.update(rehearsal_speed=1001),
            "rehearsal_speed: mag hoogstens 1000 zijn",
        ),
        (
            lambda d: d["agreements"][0].update(evaluation_date="9999-12-31"),
            "agreements[1].evaluation_date: datum 31-12-9999 ligt niet tussen 01-01-2000 en "
            "31-12-2199",
        ),
        (
            lambda d: d["phases"][2]["answers"].update(next="1900-01-01"),
            "fase 'fase-3', veld 'next': datum 01-01-1900 ligt niet tussen 01-01-2000 en "
            "31-12-2199",
        ),
        (
            lambda d: d["events"][1].update(elapsed_seconds=1e12),
            "events[2].elapsed_seconds: mag hoogstens 604800 zijn",
        ),
        (
            lambda d: d["events"][1].update(minutes=1e6),
            "events[2].minutes: mag hoogstens 1440 zijn",
        ),
        (
            lambda d: d["timer"].update(turn=10**9),
            "timer.turn: mag hoogstens 10000 zijn",
        ),
        (
            lambda d: [p["visits"][0].update(seconds=500_000) for p in d["phases"][:2]],
            "fasen tellen samen meer dan een week lopende tijd",
        ),
    ],
)
def test_out_of_bounds_is_a_bad_file_with_a_dutch_reason(change: Any, expected: str) -> None:
    data = base()
    change(data)
    assert expected in problem(data)


def test_the_edges_of_the_bounds_are_accepted() -> None:
    data = base()
    data["created_at"] = "2000-01-01T00:00:00-12:00"
    data["ended_at"] = "2199-12-31T23:59:59.999999+14:00"
    data["agreements"][0]["evaluation_date"] = "2199-12-31"
    data["rehearsal_speed"] = 1000
    data["phases"][1]["adjustment_seconds"] = 86400
    session = parse_session(json.dumps(data).encode(), PATH)
    observe(session, datetime(2199, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))))


def test_a_date_answer_out_of_range_says_why() -> None:
    spec = meeting_protocol().phases[2].fields[1]
    with pytest.raises(ValueError, match="ligt niet tussen 01-01-2000 en 31-12-2199"):
        validate_answer(spec, date(1, 1, 1))
    with pytest.raises(ValueError, match="veldtype 'date'"):
        validate_answer(spec, "morgen")


# -- the runner stays inside the bounds ----------------------------------------------------------


def test_adjustments_stop_at_a_day(fake_clock: FakeClock) -> None:
    runner = SessionRunner(make_session(clock=fake_clock), fake_clock)
    runner.start()
    runner.adjust(1440)
    with pytest.raises(NavigationError, match="24 uur"):
        runner.adjust(1)
    for absurd in (1e300, float("inf"), float("nan"), -1e6):
        with pytest.raises(NavigationError):
            runner.adjust(absurd)
    assert runner.session.phases[0].adjustment_seconds == 86400


def test_a_clock_left_running_for_weeks_fills_one_week_and_saves(fake_clock: FakeClock) -> None:
    runner = SessionRunner(make_session(clock=fake_clock), fake_clock)
    runner.start()
    fake_clock.advance(3 * MAX_RUNNING_SECONDS)
    runner.next()
    fake_clock.advance(60)
    runner.pause()
    assert runner.session.running_seconds == MAX_RUNNING_SECONDS
    assert runner.session.events[-1].elapsed_seconds == MAX_RUNNING_SECONDS
    again = parse_session(serialize(runner.session), PATH)
    assert again.running_seconds == MAX_RUNNING_SECONDS


def test_turns_stop_at_the_bound(fake_clock: FakeClock) -> None:
    protocol = make_protocol(phases=[phase_dict(1, round=True)])
    session = make_session(protocol, fake_clock)
    session.participants = [Participant(name="Bea", roles=[Role.DEELNEMER])]
    runner = SessionRunner(session, fake_clock)
    runner.start()
    runner.session.timer = runner.session.timer.model_copy(update={"turn": 10_000})
    with pytest.raises(NavigationError, match="10000"):
        runner.next_turn()


def test_scaled_clock_speed_is_bounded() -> None:
    with pytest.raises(ValueError):
        ScaledClock(1001)
    ScaledClock(1000)


# -- anything the schema accepts can be read, written and followed -------------------------------

offsets = st.timedeltas(
    min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59)
).map(lambda d: timezone(timedelta(minutes=round(d.total_seconds() / 60))))
real_offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def moments(low: datetime, high: datetime, zones: st.SearchStrategy[timezone]) -> Any:
    return st.builds(
        lambda moment, zone: moment.replace(tzinfo=zone).isoformat(),
        st.datetimes(min_value=low, max_value=high),
        zones,
    )


in_range = moments(datetime(2000, 1, 1), datetime(2199, 12, 31, 23, 59, 59), real_offsets)
anywhere = moments(datetime(1, 1, 2), datetime(9999, 12, 30), offsets)
wild_numbers = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e300, -1e300, 604800.000001, 86400.5, -1.0]),
)


@st.composite
def raw_sessions(draw: st.DrawFn) -> dict[str, Any]:
    """Values within the bounds, and at most one anywhere at all (inside or out), so about half
    the files are accepted and the rest test the refusals."""
    wild = draw(st.integers(min_value=0, max_value=40))
    slots = iter(range(41))

    def pick(valid: Any, loose: Any) -> Any:
        return draw(loose if next(slots) == wild else valid)

    data = base()
    data["created_at"] = pick(in_range, anywhere)
    data["ended_at"] = pick(st.none() | in_range, anywhere)
    data["rehearsal_speed"] = pick(
        st.none() | st.floats(min_value=1e-3, max_value=1000), st.floats(min_value=1e-9)
    )
    share = MAX_RUNNING_SECONDS / 20
    for record in data["phases"]:
        record["planned_seconds"] = pick(st.floats(min_value=1, max_value=14_400), wild_numbers)
        record["adjustment_seconds"] = pick(
            st.floats(min_value=-600, max_value=86_400), wild_numbers
        )
        for visit in record["visits"]:
            visit["started_at"] = pick(in_range, anywhere)
            visit["ended_at"] = pick(st.none() | in_range, anywhere)
            visit["seconds"] = pick(st.floats(min_value=0, max_value=share), wild_numbers)
    for logged in data["events"]:
        logged["at"] = pick(in_range, anywhere)
        logged["elapsed_seconds"] = pick(st.floats(min_value=0, max_value=share), wild_numbers)
    dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2199, 12, 31))
    data["agreements"][0]["evaluation_date"] = pick(
        st.none() | dates.map(date.isoformat), st.dates().map(date.isoformat)
    )
    data["phases"][2]["answers"]["next"] = pick(
        st.none() | dates.map(date.isoformat), st.dates().map(date.isoformat)
    )
    data["timer"] = {
        "status": draw(st.sampled_from(["running", "paused", "finished", "not_started"])),
        "current_phase": draw(st.integers(min_value=0, max_value=3)),
        "synced_at": pick(st.none() | in_range, anywhere),
        "turn": pick(st.none() | st.integers(min_value=0, max_value=10_000), st.integers()),
        "turn_started_seconds": pick(
            st.none() | st.floats(min_value=0, max_value=share), wild_numbers
        ),
    }
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=raw_sessions(),
    now=st.datetimes(timezones=st.just(UTC) | offsets),
    participants=st.booleans(),
)
def test_whatever_is_accepted_round_trips_and_can_be_followed(
    data: dict[str, Any], now: datetime, participants: bool
) -> None:
    if participants:
        data["participants"] = [{"name": "Bea", "roles": ["deelnemer"]}]
        data["protocol"]["phases"][1]["round"] = True
    raw = json.dumps(data).encode()
    try:
        session = parse_session(raw, PATH)
    except FileProblems as bad:
        [found] = bad.problems
        assert found.message  # refused with a reason, never a crash
        event(f"refused: {found.path}: {found.message}"[:60])
        return
    event("accepted")
    written = serialize(session)
    assert serialize(parse_session(written, PATH)) == written
    seen = observe(session, now)
    assert 0 <= seen.elapsed_seconds <= MAX_RUNNING_SECONDS + 0.001
    seen.schedule_delta_seconds  # noqa: B018 -- derived values compute too
    SessionRunner(Session.model_validate_json(written), FakeClock()).snapshot()
