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
from typing import Any

import pytest
from rich.console import Console

from intervisie_tui.documents.markdown import render_markdown
from intervisie_tui.documents.terminal import render_terminal
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.followup import due_agreements, mark_evaluated
from intervisie_tui.engine.listing import UNDATED
from intervisie_tui.engine.runner import SessionRunner, observe
from intervisie_tui.engine.session import EventKind, SessionStatus, TimerStatus
from intervisie_tui.engine.speakers import round_speakers
from intervisie_tui.engine.store import load_session, open_session_file, serialize

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VERSIONS = ("0.1.0", "0.2.0")
# The session schema each version wrote; a version that writes a new one says so here.
WRITTEN_SCHEMA = {"0.1.0": 1, "0.2.0": 2}
FILES = sorted(
    path for version in VERSIONS for path in (FIXTURES / f"sessions-{version}").glob("*.json")
)


def _raw(path: Path) -> dict[str, Any]:
    return json.loads(path.read_bytes())


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


COMPLETED = [path for path in FILES if _raw(path)["status"] == "completed"]
WITH_TURNS = [path for path in FILES if any(e["kind"] == "turn" for e in _raw(path)["events"])]
# Completed before "ouders vragen" meant only the parents (seed 004, stap 3): its round went
# round every participant. History, never resumed, so only the files that can be are checked.
RULE_CHANGED = {"leren-van-successen-completed.json"}
LEFT_RUNNING = [path for path in FILES if _raw(path)["timer"]["status"] == "running"]


def test_every_version_has_its_files() -> None:
    for version in VERSIONS:
        assert len(list((FIXTURES / f"sessions-{version}").glob("*.json"))) >= 10, version
    assert len(COMPLETED) >= 5
    assert len(WITH_TURNS) >= 5
    assert {path.parent.name for path in LEFT_RUNNING} == {f"sessions-{v}" for v in VERSIONS}


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_each_file_holds_the_schema_its_version_wrote(path: Path) -> None:
    """The fixtures are what they claim to be: a later version's file in an older folder would
    make the tests below prove nothing about the older format."""
    version = path.parent.name.removeprefix("sessions-")
    assert _raw(path).get("schema_version", 1) == WRITTEN_SCHEMA[version]


@pytest.fixture(params=FILES, ids=_name)
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


@pytest.mark.parametrize("path", COMPLETED, ids=_name)
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


@pytest.mark.parametrize("path", WITH_TURNS, ids=_name)
def test_turns_resume_with_the_speaker_the_file_recorded(path: Path) -> None:
    """Today's idea of who takes turns, and in which order, must agree with the names a file
    recorded, or a resumed round would hand the turn to someone else (a toehoorder, say)."""
    session = load_session(path)
    turns = [e for e in session.events if e.kind is EventKind.TURN]
    for phase in session.protocol.phases:
        recorded = [e.speaker for e in turns if e.phase == phase.id]
        if not recorded or path.name in RULE_CHANGED:
            continue
        speakers = round_speakers(session.participants, phase.who)
        order = list(dict.fromkeys(recorded))
        assert order == speakers[: len(order)]
        if session.status is SessionStatus.COMPLETED:  # these went round to the first again
            assert order == speakers
    recorded = [e.speaker for e in turns]
    clock = _clock_after(_last_time(path))
    runner = SessionRunner(session, clock)
    turn = runner.snapshot().turn
    if session.timer.turn is None:
        assert turn is None
        return
    assert session.timer.current_phase is not None
    who = session.protocol.phases[session.timer.current_phase].who
    speakers = round_speakers(session.participants, who)
    assert turn is not None
    assert turn.speaker == recorded[-1]
    assert session.timer.current_phase is not None
    phase = session.phases[session.timer.current_phase]
    started = session.timer.turn_started_seconds or 0.0
    assert turn.elapsed_seconds == pytest.approx(phase.actual_seconds - started)
    runner.resume()
    clock.advance(20)
    runner.next_turn()
    assert session.events[-1].kind is EventKind.TURN
    assert session.events[-1].speaker == (
        turn.next_speaker or speakers[0]
    )


@pytest.mark.parametrize("path", LEFT_RUNNING, ids=_name)
def test_a_reader_of_a_file_left_running_counts_on_only_from_its_last_save(path: Path) -> None:
    """The projector window follows a live file from ``timer.synced_at``; a file without one
    (version 1) shows the seconds it holds, never time counted on from somewhere else."""
    session = load_session(path)
    index = session.timer.current_phase
    assert index is not None
    saved = session.phases[index].actual_seconds
    since = session.timer.synced_at or _last_time(path)
    seen = observe(session, since + timedelta(seconds=10))
    assert seen.status is TimerStatus.RUNNING
    live = 0.0 if session.timer.synced_at is None else 10 * (session.rehearsal_speed or 1.0)
    assert seen.phases[index].actual_seconds == pytest.approx(saved + live)


@pytest.mark.parametrize("version", VERSIONS)
def test_open_agreements_are_followed_up_and_marked_in_the_old_file(
    version: str, tmp_path: Path
) -> None:
    """Every open agreement of a real meeting (not a rehearsal) is on the follow-up list, those
    without any date as "zonder datum", and marking one evaluated writes into the old file."""
    folder = tmp_path / "sessions"
    shutil.copytree(FIXTURES / f"sessions-{version}", folder)
    sessions = {path.name: load_session(path) for path in folder.glob("*.json")}
    expected = {
        (session.id, position)
        for session in sessions.values()
        if session.rehearsal_speed is None
        for position, agreement in enumerate(session.agreements)
        if agreement.evaluation is None
    }
    today = date(2100, 1, 1)  # every date in the fixtures is long past
    due = due_agreements(folder, today)
    assert {(d.session_id, d.index) for d in due} == expected
    assert any(d.undated for d in due)
    for item in due:
        assert (item.evaluation_label == UNDATED) is item.undated
    first = due[0]
    raw_before = _raw(first.path)
    mark_evaluated(
        first.path, first.index, "Geëvalueerd met de nieuwe versie.", _last_time(first.path)
    )
    assert (first.session_id, first.index) not in {
        (d.session_id, d.index) for d in due_agreements(folder, today)
    }
    after = load_session(first.path)
    evaluation = after.agreements[first.index].evaluation
    assert evaluation is not None and evaluation.note == "Geëvalueerd met de nieuwe versie."
    # Only that one value changed: the rest of the file is as the old version wrote it.
    raw_after = _raw(first.path)
    raw_after["agreements"][first.index]["evaluation"] = None
    assert raw_after == raw_before
