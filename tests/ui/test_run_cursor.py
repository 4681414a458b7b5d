"""The meeting window's text fields keep a steady cursor: a blinking one on a projected screen
draws the eye, and every blink is a frame to draw on a laptop that drives the projector."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from intervisie_tui.engine.runner import SessionRunner
from tests.ui.support import make_app, new_session, run_screen, save_new

# Phase 5 of handelingsgericht: a text field, a list field (an Input) and the notes.
PHASE = "haalbaarheid"


async def test_every_field_of_the_meeting_window_has_a_steady_cursor(sessions_dir, clock):
    session = new_session("handelingsgericht", clock)
    runner = SessionRunner(session, clock)
    runner.start()
    for _ in range([phase.id for phase in session.protocol.phases].index(PHASE)):
        runner.next()
    runner.pause()
    app = make_app(sessions_dir, clock, path=save_new(sessions_dir, session))
    async with app.run_test(size=(160, 45)) as pilot:
        fields = list(run_screen(app).query("#phase-body TextArea, #phase-body Input"))
        assert any(isinstance(field, TextArea) for field in fields)
        assert any(isinstance(field, Input) for field in fields)
        seen = []
        for _ in fields:
            await pilot.pause()
            focused = app.focused
            assert isinstance(focused, TextArea | Input)
            seen.append(focused)
            assert focused.cursor_blink is False, f"{focused!r} blinks"
            await pilot.press("tab")
        assert set(seen) == set(fields)
