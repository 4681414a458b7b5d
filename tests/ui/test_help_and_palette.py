"""The help overlay and the command palette are made from the same key map as the bindings."""

from __future__ import annotations

import re

import pytest
from textual.command import CommandPalette

from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.keys import BY_PRIORITY, EXTRA_KEYS, RUN_KEYS, key_bar
from intervisie_tui.ui.screens.dialogs import ConfirmScreen
from intervisie_tui.ui.screens.help import HelpScreen
from intervisie_tui.ui.screens.home import HomeScreen
from tests.ui.support import (
    SIZE,
    run_screen,
    screen_text,
    session_app,
    type_text,
)


def app_for(sessions_dir, clock, protocol_id: str = "handelingsgericht"):
    return session_app(sessions_dir, clock, protocol_id)


KEY_ROWS = [
    # Always-working key, timekeeper-mode key, what it does.
    ("F2", "␣", "Klok starten, pauzeren of laten doorlopen"),
    ("F4", "n", "Naar de volgende fase; in de laatste: afronden"),
    ("F3", "b", "Terug naar de vorige fase"),
    ("F6", "+", "Eén minuut meer voor deze fase"),
    ("F7", "-", "Eén minuut minder voor deze fase"),
    ("F5", "j", "Naar een fase naar keuze"),
    ("ctrl+t", "t", "In een ronde: de volgende spreker"),
    ("ctrl+r", "r", "In een ronde: de vorige spreker"),
    ("F8", "m", "Bel aan of uit wanneer de fasetijd op is"),
    ("F9", "?", "Alle toetsen, gespreksregels en uitleg"),
    ("ctrl+s", "", "Kopie van de sessie elders bewaren"),
    ("F12", "q", "Stoppen, na een vraag; de sessie blijft bewaard"),
]


def row_line(shown: str, cells: tuple[str, ...]) -> int | None:
    """The screen line on which ``cells`` stand side by side, in order, or None."""
    pattern = re.compile(r"(?<!\S)" + r" +".join(re.escape(cell) for cell in cells if cell))
    return next((n for n, line in enumerate(shown.splitlines()) if pattern.search(line)), None)


def key_descriptions(shown: str) -> list[str]:
    """The key table's "Wat" column as read off the screen, a description that wraps over
    several lines joined into one: readable means whole, not cut at the overlay's edge."""
    lines = shown.splitlines()
    header = next(n for n, line in enumerate(lines) if re.search("Altijd +Tijdbewaker +Wat", line))
    start = lines[header].index("Wat")
    descriptions: list[str] = []
    for line in lines[header + 1 :]:
        keys = line[:start].rsplit("█", 1)[-1].strip()
        text = line[start:].split("█", 1)[0].rstrip(" ▁▂▃▄▅▆▇▎")
        if keys or not descriptions:
            descriptions.append(text.strip())
        elif text.strip():
            descriptions[-1] += " " + text.strip()
    return descriptions


async def test_help_overlay_lists_every_key(sessions_dir, clock):
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = run_screen(app)
        await pilot.press("f9")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert [(k.typing_display, k.single_display, k.description) for k in RUN_KEYS] == KEY_ROWS
        shown = await screen_text(pilot)
        # Every key on a row of its own, in the key map's order; the extra keys after them
        # (their descriptions may wrap: the first words are on the key's line).
        rows = [(*row[:2], row[2]) for row in KEY_ROWS]
        rows += [(keys, " ".join(text.split()[:3])) for keys, text in EXTRA_KEYS]
        lines = [row_line(shown, row) for row in rows]
        missing = [row for row, line in zip(rows, lines, strict=True) if line is None]
        assert not missing, missing
        assert lines == sorted(set(lines)), lines
        shown = await screen_text(pilot)
        assert "Hulp tijdens de sessie" in shown
        for key in RUN_KEYS:
            assert key.description in shown
        # The key model is written down where the timekeeper looks for it.
        hints = [str(hint.content) for hint in help_screen.query(".hint")]
        assert any("Losse toetsen alleen in de tijdbewakermodus (Esc)" in h for h in hints)
        # The protocol's own help is reachable from the run screen, below the keys.
        help_screen.query_one("#help-body").scroll_end(animate=False)
        assert "Kenmerken van intervisie" in await screen_text(pilot)
        # It closes with escape and F9.
        for close in ["escape", "f9"]:
            await pilot.press(close)
            assert app.screen is screen
            assert app.is_running
            await pilot.press("f9")
            assert isinstance(app.screen, HelpScreen)
        # A character typed over it never quits the meeting: it goes to the field beneath.
        for stray in ["question_mark", "q"]:
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(stray)
            assert app.screen is screen
            assert app.is_running
            await pilot.press("f9")
        # From timekeeper mode, ? opens it as well.
        await pilot.press("escape", "escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_help_overlay_shows_the_protocols_rules_and_help(sessions_dir, clock):
    app = app_for(sessions_dir, clock, "oplossingsgericht")
    async with app.run_test(size=(160, 45)) as pilot:
        protocol = run_screen(app).protocol
        await pilot.press("f9")
        shown = await screen_text(pilot)
        assert "Gespreksregels" in shown
        rules = str(app.screen.query_one(".help-rules").content)
        assert rules == "\n".join(f"• {rule}" for rule in protocol.rules)
        assert f"• {protocol.rules[0]}" in shown
        app.screen.query_one("#help-body").scroll_end(animate=False)
        shown = await screen_text(pilot)
        # The phase's own panels too: the overlay is the keyboard's way to them.
        for panel in (*protocol.phases[0].help, *protocol.help):
            assert panel.title in shown


async def test_help_overlay_at_80x24_shows_every_run_key_and_how_to_close_it(sessions_dir, clock):
    """On a laptop every run key must be readable, the tail of the table at least reachable
    by scrolling, and the line saying how to close the overlay visible."""
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        shown = await screen_text(pilot)
        assert "Hulp tijdens de sessie" in shown
        described = key_descriptions(shown)
        for key in RUN_KEYS:
            assert key.description in described, (key.description, described)
        body = app.screen.query_one("#help-body")
        last = EXTRA_KEYS[-1][1]  # "Alle acties, ook afronden en afbreken"
        assert last in shown or body.max_scroll_y > 0, "the last key can not be reached"
        assert "Esc of F9 sluit dit venster." in shown, shown


RUN_TITLES = [
    "Start (␣/F2)",
    "Volgende (n/F4)",
    "Vorige (b/F3)",
    "+1 min (+/F6)",
    "-1 min (-/F7)",
    "Spring (j/F5)",
    "Beurt (t/ctrl+t)",
    "Beurt terug (r/ctrl+r)",
    "Bel (m/F8)",
    "Hulp (?/F9)",
    "Kopie (ctrl+s)",
    "Stop (q/F12)",
    "Sessie afronden",
    "Sessie afbreken",
]


async def test_command_palette_offers_the_run_commands(sessions_dir, clock):
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        titles = [command.title for command in app.get_system_commands(screen)]
        for title in RUN_TITLES:
            assert title in titles
        assert len([t for t in titles if t in RUN_TITLES]) == len(RUN_KEYS) + 2
        # The copy is ctrl+s or the palette's "Kopie": never a single letter typed by mistake.
        assert not [t for t in titles if "(e)" in t]

        # Through the palette itself: "start" finds the command, enter runs it.
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "start")
        await pilot.pause(0.2)
        assert "Start (␣/F2)" in (await screen_text(pilot))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.runner.status.value == "running"


async def test_the_palette_names_the_clock_key_as_the_key_bar_does(sessions_dir, clock):
    """While the clock runs, the key bar says "F2 Pauze"; the timekeeper who looks for
    "pauze" in the palette must find it there too."""
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")
        assert str(screen.query_one("#key-bar").content).startswith("F2 Pauze")
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Pauze (␣/F2)" in titles
        await pilot.press("ctrl+p")
        await type_text(pilot, "pauze")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.runner.status.value == "paused"


async def test_abandon_from_the_palette(sessions_dir, clock):
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.press("ctrl+p")
        await type_text(pilot, "afbreken")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Sessie afbreken?" in (await screen_text(pilot))
        await pilot.press("tab", "enter")  # from the safe button to "Ja"
        await pilot.pause()
        [path] = [p for p in sessions_dir.glob("*.json") if not p.name.startswith(".")]
        saved = load_session(path)
        assert saved.status.value == "abandoned"
        assert saved.events[-1].kind.value == "abandon"
        # Abandoning was asked once; no second question may promise a resume that the
        # abandoned session no longer allows. The program goes Home and says where it went.
        assert "hervatten" not in await screen_text(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert f"Sessie bewaard in {path}" in [n.message for n in app._notifications]
        assert app.is_running


# -- the key bar -------------------------------------------------------------------------------

BAR_WIDTHS = [58, 78, 118, 158]  # the bar inside 60, 80, 120 and 160 columns


def bar_keys(text: str) -> list[str]:
    """The keys the bar names, in its order (each part is "key label", parts two blanks apart)."""
    return [part.split(" ", 1)[0] for part in text.split("  ")]


@pytest.mark.parametrize("width", BAR_WIDTHS)
@pytest.mark.parametrize("round_phase", [False, True])
@pytest.mark.parametrize("timekeeper", [False, True])
def test_the_key_bar_always_shows_start_next_help_and_stop(width, round_phase, timekeeper):
    text = key_bar(
        TimerStatus.RUNNING,
        timekeeper=timekeeper,
        round_phase=round_phase,
        last_phase=False,
        width=width,
    )
    assert len(text) <= width
    keys = bar_keys(text)
    must = ["␣", "n", "?", "q"] if timekeeper else ["F2", "F4", "F9", "F12"]
    if round_phase:
        must.append("t" if timekeeper else "ctrl+t")
    assert set(must) <= set(keys), text


@pytest.mark.parametrize("round_phase", [False, True])
@pytest.mark.parametrize("timekeeper", [False, True])
def test_a_wider_key_bar_adds_keys_by_priority_and_moves_none(round_phase, timekeeper):
    """Each width shows the keys of the one below it, in the same order, and more; a key of
    lower priority never shows while one of higher priority is left out."""
    priority = [a for a in BY_PRIORITY if round_phase or a not in ("next_turn", "previous_turn")]
    by_action = {k.action: k for k in RUN_KEYS}
    symbol = {
        action: (k.single_display if timekeeper and k.key else k.typing_display)
        for action, k in by_action.items()
    }
    shown_before: list[str] = []
    for width in range(50, 200):
        keys = bar_keys(
            key_bar(
                TimerStatus.PAUSED,
                timekeeper=timekeeper,
                round_phase=round_phase,
                last_phase=False,
                width=width,
            )
        )
        assert [k for k in keys if k in shown_before] == shown_before
        optional = [a for a in priority if symbol[a] in keys]
        assert optional == priority[: len(optional)]
        shown_before = keys
    assert {symbol[a] for a in priority} <= set(shown_before)


def test_the_key_bar_names_keys_as_on_the_keyboard():
    text = key_bar(
        TimerStatus.RUNNING, timekeeper=True, round_phase=False, last_phase=False, width=158
    )
    assert "- -1 min" in text
    assert "−" not in text


async def test_at_80_columns_the_key_bar_shows_stop_and_in_the_last_phase_afronden(
    sessions_dir, clock
):
    app = app_for(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")
        bar = lambda: str(screen.query_one("#key-bar").content)  # noqa: E731
        assert "F4 Volgende" in bar()
        assert "F12 Stop" in bar()
        assert "F9 Hulp" in bar()
        screen.runner.jump(len(screen.protocol.phases) - 1, override=True)
        await screen.show_phase()
        screen.tick()
        await pilot.pause()
        assert "F4 Afronden" in bar()
        assert "Volgende" not in bar()
        assert "F12 Stop" in bar()
        assert bar() in await screen_text(pilot)
