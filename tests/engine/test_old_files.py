"""Every version opens every earlier version's session files: the files in
tests/fixtures/sessions-<version>/ were written by that version and are never regenerated.

Keep this test forever; a new version adds its folder to ``VERSIONS``.
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from intervisie_tui.documents.markdown import render_markdown
from intervisie_tui.documents.terminal import render_terminal
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import EventKind, SessionStatus, TimerStatus
from intervisie_tui.engine.store import load_session, open_session_file, serialize

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VERSIONS = ("0.1.0",)
FILES = sorted(
    path for version in VERSIONS for path in (FIXTURES / f"sessions-{version}").glob("*.json")
)

COMPLETED = [path for path in FILES if json.loads(path.read_bytes())["status"] == "completed"]


def test_every_version_has_its_files() -> None:
    for version in VERSIONS:
        assert len(list((FIXTURES / f"sessions-{version}").glob("*.json"))) >= 10, version
    assert len(COMPLETED) >= 5


@pytest.fixture(params=FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def old_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy, so a test that saves never touches the fixture itself."""
    copy = tmp_path / request.param.name
    shutil.copyfile(request.param, copy)
    return copy


def _clock_after(session_end: datetime) -> FakeClock:
    return FakeClock(session_end + timedelta(days=1))


def _last_time(path: Path) -> datetime:
    session = load_session(path)
    times = [session.created_at, *(e.at for e in session.events)]
    return max(times)


def test_loads_resumes_advances_saves_and_reloads(old_file: Path) -> None:
    as_loaded = load_session(old_file).model_dump()
    with open_session_file(old_file) as handle:
        session = handle.session
        was = session.timer.status
        clock = _clock_after(_last_time(old_file))
        runner = SessionRunner(session, clock)
        if was is TimerStatus.RUNNING:
            assert runner.status is TimerStatus.PAUSED
            assert session.events[-1].kind is EventKind.RESTORE
        before = runner.snapshot().elapsed_seconds
        if session.status is SessionStatus.IN_PROGRESS:
            if runner.status is TimerStatus.NOT_STARTED:
                runner.start()
            else:
                runner.resume()
            clock.advance(75)
            assert runner.current_index is not None
            phase_id = session.phases[runner.current_index].id
            session.set_answer(phase_id, "aantekeningen", "Genoteerd met de nieuwe versie.")
            if runner.current_index + 1 < len(session.phases):
                runner.next()
                clock.advance(30)
            runner.finish()
            assert session.status is SessionStatus.COMPLETED
            assert runner.snapshot().elapsed_seconds == pytest.approx(before + 105)
        handle.save()
    reloaded = load_session(old_file)
    assert serialize(reloaded) == old_file.read_bytes()
    assert reloaded.status is not SessionStatus.IN_PROGRESS
    if as_loaded["status"] is not SessionStatus.IN_PROGRESS:
        # An ended session loses nothing by being written in today's format.
        assert reloaded.model_dump() == as_loaded
    else:
        assert "Genoteerd met de nieuwe versie." in render_markdown(reloaded)


@pytest.mark.parametrize("path", COMPLETED, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_finished_files_render(path: Path) -> None:
    session = load_session(path)
    markdown = render_markdown(session)
    console = Console(file=io.StringIO(), width=100, highlight=False, emoji=False)
    console.print(render_terminal(session, today=date(2026, 12, 1)))
    terminal = console.file.getvalue()  # type: ignore[attr-defined]
    for text in (markdown, terminal):
        assert session.protocol.title in text
        for record in session.phases:
            if record.visits:
                assert record.title in text
        for agreement in session.agreements:
            assert agreement.what in text
