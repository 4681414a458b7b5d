"""Session files written by earlier versions resume in today's meeting window: the room's view
(with the speaker of a round left mid-turn), the notes field every phase has now, and a save
that upgrades the file."""

from __future__ import annotations

import json
import shutil

import pytest

from intervisie_tui.engine.session import SESSION_SCHEMA_VERSION, EventKind, TimerStatus
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.dialogs import ConfirmScreen
from tests.engine.test_old_files import FIXTURES, VERSIONS
from tests.ui.support import SIZE, make_app, phase_title, run_screen, screen_text, type_text

IN_PROGRESS = sorted(
    path
    for version in VERSIONS
    for path in (FIXTURES / f"sessions-{version}").glob("*.json")
    if json.loads(path.read_bytes())["status"] == "in_progress"
)
TYPED = "verder na een update"


@pytest.mark.parametrize("version", VERSIONS)
def test_there_are_old_sessions_in_progress_to_resume(version):
    assert sum(path.parent.name == f"sessions-{version}" for path in IN_PROGRESS) >= 3


@pytest.mark.parametrize("fixture", IN_PROGRESS, ids=lambda path: f"{path.parent.name}/{path.name}")
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
        turns = [e.speaker for e in before.events if e.kind is EventKind.TURN]
        if before.timer.turn is not None:
            # Left mid-turn: the room sees the same speaker's turn again.
            lines = (await screen_text(pilot)).splitlines()
            shown = [line for line in lines if line.strip().startswith("Beurt ")]
            assert len(shown) == 1 and f": {turns[-1]} " in shown[0], shown
        await pilot.press("f2")
        assert screen.runner.status is TimerStatus.RUNNING
        screen.query_one("#field-aantekeningen").query_one("TextArea").focus()
        await type_text(pilot, TYPED)
        await pilot.press("f12")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
    saved = json.loads(path.read_bytes())
    assert saved["schema_version"] == SESSION_SCHEMA_VERSION
    after = load_session(path)
    # Typed into the notes field, beside what the old version had noted there.
    current = phases[index].id
    notes = after.answer(current, "aantekeningen")
    assert isinstance(notes, str) and TYPED in notes
    assert str(before.answer(current, "aantekeningen") or "") in notes
    # Nothing else recorded before is changed.
    for old, new in zip(before.phases, after.phases, strict=True):
        for field, answer in old.answers.items():
            if (old.id, field) != (current, "aantekeningen"):
                assert new.answers[field] == answer
    assert after.agreements == before.agreements
    assert after.events[: len(before.events)] == before.events
