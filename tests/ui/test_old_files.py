"""Session files written by earlier versions resume in today's meeting window: the room's view,
the notes field every phase has now, and a save that upgrades the file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from intervisie_tui.engine.session import SESSION_SCHEMA_VERSION, TimerStatus
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.dialogs import ConfirmScreen
from tests.ui.support import SIZE, make_app, phase_title, run_screen, type_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
IN_PROGRESS = sorted(
    path
    for path in (FIXTURES / "sessions-0.1.0").glob("*.json")
    if json.loads(path.read_bytes())["status"] == "in_progress"
)


def test_there_are_old_sessions_in_progress_to_resume():
    assert len(IN_PROGRESS) >= 3


@pytest.mark.parametrize("fixture", IN_PROGRESS, ids=lambda path: path.name)
async def test_an_old_session_resumes_and_is_saved_in_todays_format(fixture, sessions_dir, clock):
    sessions_dir.mkdir(mode=0o700)
    path = sessions_dir / fixture.name
    shutil.copyfile(fixture, path)
    before = load_session(path)
    index = before.timer.current_phase or 0
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        phases = before.protocol.phases
        assert phase_title(app) == f"Fase {index + 1} van {len(phases)} · {phases[index].title}"
        # The focus is in a field at once; the notes field exists even in an old phase.
        assert app.focused is not None
        assert screen.query_one("#field-aantekeningen")
        await pilot.press("f2")
        assert screen.runner.status is TimerStatus.RUNNING
        screen.query_one("#field-aantekeningen").query_one("TextArea").focus()
        await type_text(pilot, "verder na een update")
        await pilot.press("f12")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
    saved = json.loads(path.read_bytes())
    assert saved["schema_version"] == SESSION_SCHEMA_VERSION
    after = load_session(path)
    assert after.answer(phases[index].id, "aantekeningen") == "verder na een update"
    # Nothing recorded before is lost.
    for old, new in zip(before.phases, after.phases, strict=True):
        for field, answer in old.answers.items():
            assert new.answers[field] == answer
    assert after.agreements == before.agreements
    assert after.events[: len(before.events)] == before.events
