"""The timekeeper's keys: every RUN_KEYS entry as a single key and, while typing, as its F-key."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.ui.keys import RUN_KEYS
from intervisie_tui.ui.screens.dialogs import JumpScreen
from intervisie_tui.ui.screens.help import HelpScreen
from tests.ui.support import (
    SIZE,
    clock_digits,
    run_screen,
    session_app,
    text_of,
    type_text,
)

KEYS = {k.action: k for k in RUN_KEYS}


def test_the_key_map_is_the_one_documented():
    assert [(k.action, k.key, k.typing_key) for k in RUN_KEYS] == [
        ("toggle_pause", "space", "f2"),
        ("next_phase", "n", "f4"),
        ("previous_phase", "b", "f3"),
        ("extend", "plus", "f6"),
        ("shorten", "minus", "f7"),
        ("jump", "j", "f5"),
        ("mute", "m", "f8"),
        ("help", "question_mark", "f9"),
        ("quit_session", "q", "f12"),
    ]


def flexible_app(sessions_dir, clock):
    """Oplossingsgericht: flexible order (no confirmations), and every phase has a text field."""
    return session_app(sessions_dir, clock, "oplossingsgericht")


def text_field(app) -> TextArea | Input:
    """The first place to type in the current phase: a TextArea, or a list's Input."""
    return app.screen.query_one("#phase-body").query("TextArea, Input").first()


async def press(pilot, action: str, *, typing: bool) -> TextArea | Input | None:
    """Press the key for ``action``: the F-key with a text field focused, or the single key
    with nothing focused. Returns the field that had focus, if any."""
    app = pilot.app
    if typing:
        field = text_field(app)
        field.focus()
        await pilot.pause()
        assert app.focused is field
        await pilot.press(KEYS[action].typing_key)
        return field
    app.screen.set_focus(None)
    await pilot.pause()
    await pilot.press(KEYS[action].key)
    return None


def field_text(field: TextArea | Input) -> str:
    return field.text if isinstance(field, TextArea) else field.value


@pytest.mark.parametrize("typing", [False, True], ids=["single-key", "f-key-while-typing"])
async def test_every_run_key_does_its_action(sessions_dir, clock, typing):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        assert runner.status is TimerStatus.NOT_STARTED
        assert clock_digits(app) == "03:00"

        # toggle_pause: start, pause, carry on.
        field = await press(pilot, "toggle_pause", typing=typing)
        assert runner.status is TimerStatus.RUNNING
        assert runner.current_index == 0
        if field is not None:
            assert field_text(field) == ""  # the F-key typed nothing
            assert app.focused is field  # and the field keeps focus
        await press(pilot, "toggle_pause", typing=typing)
        assert runner.status is TimerStatus.PAUSED
        await press(pilot, "toggle_pause", typing=typing)
        assert runner.status is TimerStatus.RUNNING

        # extend / shorten: one minute more or less for this phase.
        await press(pilot, "extend", typing=typing)
        assert runner.session.phases[0].adjustment_seconds == 60
        assert clock_digits(app) == "04:00"
        await press(pilot, "shorten", typing=typing)
        await press(pilot, "shorten", typing=typing)
        assert runner.session.phases[0].adjustment_seconds == -60
        assert clock_digits(app) == "02:00"

        # next_phase / previous_phase (flexible: no confirmation).
        await press(pilot, "next_phase", typing=typing)
        await pilot.pause()
        assert runner.current_index == 1
        assert text_of(app, "#phase-title") == "Fase 2 van 6: Appreciating: wat gaat goed?"
        await press(pilot, "previous_phase", typing=typing)
        await pilot.pause()
        assert runner.current_index == 0
        assert app.screen is screen

        # jump: the phase picker opens on the next phase; enter takes it.
        await press(pilot, "jump", typing=typing)
        assert isinstance(app.screen, JumpScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert runner.current_index == 1

        # mute: the bell goes off and on; the title says so.
        await press(pilot, "mute", typing=typing)
        assert app.muted is True
        assert text_of(app, "#run-title").endswith(" · bel uit")
        await press(pilot, "mute", typing=typing)
        assert app.muted is False
        assert "bel uit" not in text_of(app, "#run-title")

        # help: the overlay opens, escape closes it.
        await press(pilot, "help", typing=typing)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen
        assert runner.status is TimerStatus.RUNNING
        assert [e.kind.value for e in runner.session.events] == [
            "start",
            "pause",
            "resume",
            "adjust",
            "adjust",
            "adjust",
            "next",
            "previous",
            "jump",
        ]


@pytest.mark.parametrize("key", ["q", "f12"])
async def test_quit_key_stops_and_keeps_the_session_resumable(sessions_dir, clock, key):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        clock.advance(42)
        if key == "f12":
            field = text_field(app)
            field.focus()
            await type_text(pilot, "bijna klaar")
        await pilot.press(key)
        await pilot.pause()
    [path] = sessions_dir.glob("*.json")
    assert app.return_value == (
        f"Sessie bewaard in {path} — verder met: intervisie resume {path.stem[-8:]}"
    )
    from intervisie_tui.engine.store import load_session

    session = load_session(path)
    assert session.status.value == "in_progress"
    assert session.phases[0].actual_seconds == 42
    if key == "f12":
        assert session.phases[0].answers == {"hulpvraag": "bijna klaar"}


@pytest.mark.parametrize("widget", ["TextArea", "Input"])
async def test_single_letters_typed_into_a_field_stay_text(sessions_dir, clock, widget):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        await pilot.press("space")
        if widget == "Input":  # phase 2 records a list: its "new item" Input
            await pilot.press("n")
            await pilot.pause()
        field = screen.query_one("#phase-body").query_one(widget)
        field.focus()
        typed = "n b j m q e + - ? [x]"
        await type_text(pilot, typed)
        assert field_text(field) == typed
        # Nothing moved, paused, muted, opened or quit.
        assert app.screen is screen
        assert app.is_running
        assert runner.current_index == (1 if widget == "Input" else 0)
        assert runner.status is TimerStatus.RUNNING
        assert app.muted is False
        assert all(p.adjustment_seconds == 0 for p in runner.session.phases)
        assert app.focused is field
        if widget == "TextArea":
            assert runner.session.answer("probleeminventarisatie", "hulpvraag") == typed
        else:
            await pilot.press("enter")
            assert runner.session.answer("appreciating", "wat-werkt-al") == [typed]

        # Escape leaves the field; then the single keys work again.
        await pilot.press("escape")
        assert app.focused is None
        assert screen.query_one("#typing-hint").display is False
        await pilot.press("n")
        await pilot.pause()
        assert runner.current_index == (2 if widget == "Input" else 1)


async def test_typing_hint_shows_while_a_text_field_has_focus(sessions_dir, clock):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        hint = app.screen.query_one("#typing-hint")
        assert hint.display is False
        text_field(app).focus()
        await pilot.pause()
        assert hint.display is True
        assert text_of(app, "#typing-hint") == (
            "Tijdens typen: F2 Pauze · F4 Volgende · F3 Vorige · F6 +1 min · F7 −1 min · "
            "F5 Spring · F8 Bel · F9 Hulp · F12 Stop · Esc veld verlaten"
        )
        await pilot.press("escape")
        assert hint.display is False
