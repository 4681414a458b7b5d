"""Every document survives whatever values a session file can hold, and shows the steps that
went against a strict order."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from intervisie_tui.documents.common import (
    DEVIATIONS_TITLE,
    clock,
    document_from_json,
    document_of,
)
from intervisie_tui.documents.html import render_html
from intervisie_tui.documents.markdown import render_markdown
from intervisie_tui.documents.terminal import render_terminal
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.store import load_session, parse_session, serialize
from tests.builders import REPO_ROOT
from tests.meetings import agreement, full_answers, run_meeting

OLD_FILES = REPO_ROOT / "tests" / "fixtures" / "sessions-0.1.0"


def render_all(document: Any) -> list[str]:
    console = Console(file=io.StringIO(), width=80, highlight=False, emoji=False)
    console.print(render_terminal(document))
    return [render_markdown(document), render_html(document), console.file.getvalue()]  # type: ignore[attr-defined]


# -- steps against the order ---------------------------------------------------------------------


def test_confirmed_steps_back_and_jumps_are_listed_in_every_format() -> None:
    session = load_session(OLD_FILES / "handelingsgericht-back-and-jump.json")
    markdown, page, terminal = render_all(document_of(session))
    back = "15:45 (na 15:00): terug van 3. Leerkracht formuleert het doel naar 2. Collega"
    jump = "15:46 (na 16:30): gesprongen van 2. Collega"
    for text in (markdown, page, terminal):
        assert DEVIATIONS_TITLE in text
    assert f"- {back}" in markdown and jump in markdown
    assert f"<li>{back}&#x27;s stellen verhelderingsvragen</li>" in page
    assert back in " ".join(terminal.split())
    # Before the course of the meeting, after the agreements.
    assert markdown.index("## Afspraken") < markdown.index(DEVIATIONS_TITLE)
    assert markdown.index(DEVIATIONS_TITLE) < markdown.index("## Verloop")


def test_free_order_and_plain_next_steps_are_no_deviation() -> None:
    # meeting_protocol is flexible: its jumps are recorded without override.
    session = run_meeting(skip=(1,))
    assert any(e.kind.value == "jump" for e in session.events)
    for text in render_all(document_of(session)):
        assert DEVIATIONS_TITLE not in text


# -- extreme values ------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)
).flatmap(
    lambda naive: st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
        lambda minutes: naive.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    )
)
durations = st.floats(0, 1.7e308, allow_nan=False, allow_infinity=False)
EDGE = [
    datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-1))),
    datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
]


def extreme(created: datetime, ended: datetime, seconds: float, planned: float) -> dict:
    raw = json.loads(serialize(run_meeting(answers=full_answers(), agreements=[agreement()])))
    raw["created_at"] = created.isoformat()
    raw["ended_at"] = ended.isoformat()
    for record in raw["phases"]:
        record["planned_seconds"] = planned
        record["adjustment_seconds"] = -planned
        for visit in record["visits"]:
            visit["seconds"] = seconds
            visit["started_at"] = created.isoformat()
    for event in raw["events"]:
        event["at"] = ended.isoformat()
        event["elapsed_seconds"] = seconds
        event["override"] = event["kind"] == "jump"
    raw["agreements"][0]["evaluation_date"] = ended.date().isoformat()
    return raw


@settings(max_examples=60, deadline=None)
@given(
    created=moments | st.sampled_from(EDGE),
    ended=moments | st.sampled_from(EDGE),
    seconds=durations,
    planned=durations,
)
def test_documents_render_any_dates_and_durations(
    created: datetime, ended: datetime, seconds: float, planned: float
) -> None:
    """``show`` renders files validated by an earlier listing straight from their JSON, and the
    schema decides what a valid file may hold: the documents must not depend on either."""
    raw = extreme(created, ended, seconds, planned)
    for text in render_all(document_from_json(raw)):
        assert text
    try:
        session = parse_session(json.dumps(raw).encode(), Path("x.json"))
    except FileProblems:
        return  # the schema refuses it: a reader names it instead
    for text in render_all(document_of(session)):
        assert text


def test_a_duration_no_meeting_has_is_shown_as_a_number() -> None:
    assert clock(90) == "01:30"
    assert clock(1.7e308 * 10) == "inf s"
    assert clock(1e300) == "1e+300 s"
