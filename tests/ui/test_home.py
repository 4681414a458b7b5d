"""Home: the protocol list with phase counts and minutes, the sessions still in progress."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import SessionStatus
from intervisie_tui.ui.screens.home import HomeScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from tests.ui.support import (
    SIZE,
    catalog,
    clock_state,
    make_app,
    new_session,
    phase_title,
    run_screen,
    save_new,
    screen_text,
)


def option_texts(app, selector: str) -> list[str]:
    options = app.screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def started_session_file(sessions_dir: Path, clock: FakeClock, *, pupil: str) -> Path:
    """An in-progress handelingsgericht session, two minutes into its second phase."""
    session = new_session("handelingsgericht", clock, pupil=pupil)
    runner = SessionRunner(session, clock)
    runner.start()
    clock.advance(200)
    runner.next()
    clock.advance(120)
    runner.pause()
    return save_new(sessions_dir, session)


async def test_home_lists_protocols_with_phase_count_and_minutes(sessions_dir, clock):
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        lines = option_texts(app, "#protocol-list")
        expected = [
            f"{e.loaded.protocol.title}\n{len(e.loaded.protocol.phases)} fasen · "
            f"{e.loaded.protocol.total_minutes:g} min"
            for e in catalog().sorted_entries()
        ]
        assert lines == expected
        assert "Handelingsgerichte intervisie\n7 fasen · 39 min" in lines
        assert "Oplossingsgerichte intervisie\n6 fasen · 45 min" in lines
        assert "Basismodel intervisie\n6 fasen · 50 min" in lines
        # Nothing in progress yet: one disabled line says so.
        assert option_texts(app, "#resume-list") == ["(geen lopende sessies)"]
        details = str(app.screen.query_one("#protocol-details", Static).content)
        assert details.startswith("Basismodel intervisie\n")
        assert "6 fasen, 50 minuten, vaste volgorde" in details


async def test_home_details_follow_the_highlighted_protocol(sessions_dir, clock):
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        details = str(app.screen.query_one("#protocol-details", Static).content)
        assert details.startswith("Handelingsgerichte intervisie\n")
        assert "7 fasen, 39 minuten, vaste volgorde" in details
        assert "  3. Leerkracht formuleert het doel (2 min)" in details


async def test_enter_on_a_protocol_opens_setup(sessions_dir, clock):
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        titles = [e.loaded.protocol.title for e in catalog().sorted_entries()]
        await pilot.press(*["down"] * titles.index("Oplossingsgerichte intervisie"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.protocol.id == "oplossingsgericht"
        assert "Voorbereiding — Oplossingsgerichte intervisie" in (await screen_text(pilot))
        # Escape leaves the name field first, then goes back Home.
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_home_lists_in_progress_sessions_and_resumes_the_chosen_one(sessions_dir, clock):
    started = started_session_file(sessions_dir, clock, pupil="Sterre")
    finished = new_session("oplossingsgericht", clock, pupil="Z.")
    finished.status = SessionStatus.COMPLETED
    save_new(sessions_dir, finished)

    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Only the session still in progress, with date, protocol, pupil and current phase.
        assert option_texts(app, "#resume-list") == [
            "23-11-2026 15:30 · Handelingsgerichte intervisie · Sterre · "
            "nu: Collega's stellen verhelderingsvragen"
        ]
        await pilot.press("r")
        assert app.focused is app.screen.query_one("#resume-list")
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = run_screen(app)
        assert app.session_file is not None and app.session_file.path == started
        assert phase_title(app).startswith("Fase 2 van 7")
        assert phase_title(app).endswith("Collega's stellen verhelderingsvragen")
        assert "GEPAUZEERD" in clock_state(app)
        assert screen.runner.phase_elapsed(1) == 120


async def test_r_then_enter_resumes_the_only_session_in_progress(sessions_dir, clock):
    """The footer offers "r Lopende sessies" and "enter Kies": that pair must open the session.

    The resume list gets focus with nothing highlighted, so enter is silently ignored until
    the user happens to press an arrow key first.
    """
    started = started_session_file(sessions_dir, clock, pupil="Sterre")
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        run_screen(app)
        assert app.session_file is not None and app.session_file.path == started
