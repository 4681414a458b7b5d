"""Strict protocols ask before going back or skipping; flexible ones move freely."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from intervisie_tui.engine.session import EventKind, TimerStatus
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.dialogs import ConfirmScreen, JumpScreen
from intervisie_tui.ui.screens.end import EndScreen
from tests.ui.support import SIZE, phase_title, run_screen, screen_text, session_app, tick


def app_for(protocol_id: str, sessions_dir, clock):
    return session_app(sessions_dir, clock, protocol_id)


def confirm_text(app) -> str:
    screen = app.screen
    assert isinstance(screen, ConfirmScreen), f"expected a confirmation, got {screen!r}"
    return "\n".join(str(s.content) for s in screen.query(".dialog-title, .dialog-detail"))


def last_move(runner):
    """The latest move between phases (entering a round also records its first turn)."""
    return next(e for e in reversed(runner.session.events) if e.kind is not EventKind.TURN)


async def choose_phase(pilot, number: int) -> None:
    """In the jump dialog, move the highlight to phase ``number`` (1-based) and take it."""
    options = pilot.app.screen.query_one("#jump-list", OptionList)
    while options.highlighted != number - 1:
        await pilot.press("down" if options.highlighted < number - 1 else "up")
    await pilot.press("enter")
    await pilot.pause()


async def test_strict_back_and_skip_ask_first_and_record_the_override(sessions_dir, clock):
    app = app_for("handelingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        # Before the start there is nothing to go back to: a warning, no dialog.
        await pilot.press("f3")
        assert app.screen is screen
        assert EventKind.PREVIOUS not in [e.kind for e in runner.session.events]
        await pilot.press("f2")
        await tick(pilot, clock, 60)
        await pilot.press("f4")
        await tick(pilot, clock, 60)
        await pilot.press("f4")
        await pilot.pause()
        assert runner.current_index == 2

        # F3: a confirmation; Enter (on "Nee", focused first) cancels, nothing is recorded.
        await pilot.press("f3")
        assert "Terug naar de vorige fase?" in confirm_text(app)
        assert "vaste volgorde" in confirm_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert runner.current_index == 2
        assert EventKind.PREVIOUS not in [e.kind for e in runner.session.events]

        # b in timekeeper mode asks the same; F3 goes back to phase 2, recorded as an override.
        await pilot.press("escape", "b")
        assert "Terug naar de vorige fase?" in confirm_text(app)
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is screen
        assert runner.current_index == 1
        assert phase_title(app) == "Fase 2 van 7 · Collega's stellen verhelderingsvragen"
        back = last_move(runner)
        assert (back.kind, back.phase, back.to_phase, back.override) == (
            EventKind.PREVIOUS,
            "doel",
            "verheldering",
            True,
        )

        # F5 to the next phase needs no confirmation and is no override.
        await pilot.press("f5")
        assert isinstance(app.screen, JumpScreen)
        await choose_phase(pilot, 3)
        assert app.screen is screen
        assert runner.current_index == 2
        forward = last_move(runner)
        assert (forward.kind, forward.to_phase, forward.override) == (EventKind.JUMP, "doel", False)

        # F5 to a later phase: confirmation; Esc cancels.
        await pilot.press("f5")
        await choose_phase(pilot, 6)
        assert "Naar fase 6 springen?" in confirm_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert runner.current_index == 2
        assert last_move(runner) is forward

        # ... and F5 again confirms; the event records the override.
        await pilot.press("f5")
        await choose_phase(pilot, 6)
        await pilot.press("f5")
        await pilot.pause()
        assert runner.current_index == 5
        skip = last_move(runner)
        assert (skip.kind, skip.phase, skip.to_phase, skip.override) == (
            EventKind.JUMP,
            "doel",
            "afspraken",
            True,
        )
        # Escape in the phase picker changes nothing.
        await pilot.press("f5")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and runner.current_index == 5

    saved = load_session(next(sessions_dir.glob("*.json")))
    overrides = [(e.kind.value, e.to_phase) for e in saved.events if e.override]
    assert overrides == [("previous", "verheldering"), ("jump", "afspraken")]


@pytest.mark.parametrize("key", ["f3", "f5", "f4"])
async def test_moving_before_the_start_says_how_to_start(sessions_dir, clock, key):
    """The warning names the key that starts the clock: F2. A space, with the focus in the
    phase's field, would only be typed."""
    app = app_for("handelingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = run_screen(app)
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen
        assert screen.runner.status is TimerStatus.NOT_STARTED
        [warning] = list(app._notifications)
        assert "nog niet gestart" in warning.message
        assert "F2" in warning.message, warning.message


async def test_flexible_back_and_jump_move_without_confirmation(sessions_dir, clock):
    app = app_for("oplossingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        await pilot.press("f2")
        await tick(pilot, clock, 30)
        await pilot.press("f4")
        await tick(pilot, clock, 30)
        await pilot.press("f3")
        await pilot.pause()
        assert app.screen is screen  # no dialog
        assert runner.current_index == 0
        await pilot.press("f5")
        await choose_phase(pilot, 5)
        assert app.screen is screen  # the picker only, no confirmation
        assert runner.current_index == 4
        await pilot.press("escape", "j")  # the single key, in timekeeper mode
        await choose_phase(pilot, 2)
        assert runner.current_index == 1
        moves = [e for e in runner.session.events if e.kind is not EventKind.TURN]
        assert [(e.kind.value, e.to_phase, e.override) for e in moves[-3:]] == [
            ("previous", "probleeminventarisatie", False),
            ("jump", "innovating", False),
            ("jump", "appreciating", False),
        ]
        # Phase 2 was visited twice: two visits, one record.
        assert len(runner.session.phases[1].visits) == 2
        await pilot.resize_terminal(120, 40)  # the rail shows from 100 columns
        await tick(pilot, clock)
        rail = str(screen.query_one("#rail-2", Static).content)
        assert rail == "○ 08:00 3. Envisioning: het doel"  # never visited yet


async def test_finishing_a_flexible_session_with_phases_not_visited_asks_first(sessions_dir, clock):
    app = app_for("oplossingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = run_screen(app).runner
        await pilot.press("f2")
        await tick(pilot, clock, 100)
        await pilot.press("f5")
        await choose_phase(pilot, 6)
        await tick(pilot, clock, 200)
        # The last phase: F4 finishes, after a question naming what was not discussed.
        await pilot.press("f4")
        text = confirm_text(app)
        assert "Sessie afronden?" in text
        titles = [p.title for p in runner.session.protocol.phases[1:5]]
        assert titles[:3] == [
            "Appreciating: wat gaat goed?",
            "Envisioning: het doel",
            "Dialoging: uitzonderingen en schaalvraag",
        ]
        assert f"Nog niet besproken: {'; '.join(titles)}. Dit wordt vastgelegd." in text
        await pilot.press("escape")
        await pilot.pause()
        assert runner.status is TimerStatus.RUNNING
        await pilot.press("escape", "n")  # n in timekeeper mode: the same question
        assert "Sessie afronden?" in confirm_text(app)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        end_text = "\n".join(str(s.content) for s in app.screen.query(".warning-text"))
        assert f"Niet besproken: {'; '.join(titles)}" in end_text

    saved = load_session(next(sessions_dir.glob("*.json")))
    assert saved.status.value == "completed"
    assert saved.uncovered_at_finish == ["appreciating", "envisioning", "dialoging", "innovating"]
    assert saved.events[-1].kind is EventKind.FINISH


async def test_finishing_a_strict_session_asks_and_ends_on_the_overview(sessions_dir, clock):
    app = app_for("handelingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        for _ in range(6):
            await tick(pilot, clock, 10)
            await pilot.press("f4")
        await pilot.pause()
        assert phase_title(app) == "Fase 7 van 7 · Opbrengst"
        await pilot.press("f4")
        assert "De klok stopt en je ziet het overzicht." in confirm_text(app)
        await pilot.press("escape")  # escape is "no"
        await pilot.pause()
        run_screen(app)
        await pilot.press("f4")
        await pilot.press("f4")  # the key that asked, again
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        # The footer names the palette's key in Dutch, as everything else on screen.
        footer = await screen_text(pilot)
        assert "^p opdrachten" in footer and "palette" not in footer
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "DutchCommandPalette"
