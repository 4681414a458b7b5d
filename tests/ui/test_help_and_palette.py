"""The help overlay and the command palette are made from the same key map as the bindings."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import DataTable

from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.keys import EXTRA_KEYS, RUN_KEYS
from intervisie_tui.ui.screens.dialogs import ConfirmScreen
from intervisie_tui.ui.screens.help import HelpScreen
from tests.ui.support import (
    SIZE,
    run_screen,
    screen_text,
    session_app,
    type_text,
)


def app_for(sessions_dir, clock):
    return session_app(sessions_dir, clock, "handelingsgericht")


async def test_help_overlay_lists_every_key(sessions_dir, clock):
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = run_screen(app)
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#help-keys", DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert rows[: len(RUN_KEYS)] == [
            ["␣", "F2", "Klok starten, pauzeren of laten doorlopen"],
            ["n", "F4", "Naar de volgende fase; in de laatste: afronden"],
            ["b", "F3", "Terug naar de vorige fase"],
            ["+", "F6", "Eén minuut meer voor deze fase"],
            ["-", "F7", "Eén minuut minder voor deze fase"],
            ["j", "F5", "Naar een fase naar keuze"],
            ["m", "F8", "Bel aan of uit wanneer de fasetijd op is"],
            ["?", "F9", "Alle toetsen"],
            ["q", "F12", "Stoppen; de sessie blijft te hervatten"],
        ]
        assert rows[len(RUN_KEYS) :] == [[keys, "", text] for keys, text in EXTRA_KEYS]
        shown = await screen_text(pilot)
        assert "Toetsen tijdens de sessie" in shown
        for key in RUN_KEYS:
            assert key.description in shown
        # It closes with escape, ? and F9 (and q, which must not quit the meeting from here).
        for close in ["escape", "question_mark", "f9", "q"]:
            await pilot.press(close)
            assert app.screen is screen
            assert app.is_running
            await pilot.press("f9")
            assert isinstance(app.screen, HelpScreen)


async def test_help_overlay_at_80x24_shows_every_run_key_and_how_to_close_it(sessions_dir, clock):
    """On a laptop every run key must be readable, the tail of the table at least reachable
    by scrolling, and the line saying how to close the overlay visible."""
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        shown = await screen_text(pilot)
        assert "Toetsen tijdens de sessie" in shown
        for key in RUN_KEYS:
            assert key.description in shown, key.description
        table = app.screen.query_one("#help-keys", DataTable)
        last = EXTRA_KEYS[-1][1]  # "Kopie van de sessie elders bewaren"
        assert last in shown or table.max_scroll_y > 0, "the last key can not be reached"
        assert "Escape of ? sluit dit venster." in shown, shown


async def test_command_palette_offers_the_run_commands(sessions_dir, clock):
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        titles = [command.title for command in app.get_system_commands(screen)]
        run_titles = [
            "Pauze (␣/F2)",
            "Volgende (n/F4)",
            "Vorige (b/F3)",
            "+1 min (+/F6)",
            "−1 min (-/F7)",
            "Spring (j/F5)",
            "Bel (m/F8)",
            "Hulp (?/F9)",
            "Stop (q/F12)",
            "Sessie afronden",
            "Sessie afbreken",
            "Kopie elders bewaren (e)",
        ]
        for title in run_titles:
            assert title in titles
        assert len([t for t in titles if t in run_titles]) == len(RUN_KEYS) + 3

        # Through the palette itself: "pauze" finds the command, enter runs it.
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "pauze")
        await pilot.pause(0.2)
        assert "Pauze (␣/F2)" in (await screen_text(pilot))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.runner.status.value == "running"


async def test_abandon_from_the_palette(sessions_dir, clock):
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await pilot.press("ctrl+p")
        await type_text(pilot, "afbreken")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Sessie afbreken?" in (await screen_text(pilot))
        await pilot.press("j")
        await pilot.pause()
    [path] = sessions_dir.glob("*.json")
    assert app.return_value == f"Sessie bewaard in {path}"
    saved = load_session(path)
    assert saved.status.value == "abandoned"
    assert saved.events[-1].kind.value == "abandon"
