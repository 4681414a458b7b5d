"""The sessions browser and the statistics screen: what a row says, which sessions a filter or
the statistics leave out, and that it is said."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.session import Agreement, SessionStatus
from intervisie_tui.ui.screens.sessions import SessionsScreen
from intervisie_tui.ui.screens.stats import StatsScreen
from tests.ui.support import SIZE, make_app, new_session, save_new, settle, text_of


def save_rehearsals(sessions_dir: Path, clock: FakeClock, count: int = 3) -> None:
    """Completed rehearsals with an agreement to evaluate today."""
    for _ in range(count):
        session = new_session("handelingsgericht", clock)
        session.rehearsal_speed = 20
        session.status = SessionStatus.COMPLETED
        session.agreements = [
            Agreement(what="Oefenen", who="Bram", evaluation_date=clock.now().date())
        ]
        save_new(sessions_dir, session)


async def test_the_due_filter_says_how_many_rehearsals_it_left_out(sessions_dir, clock):
    save_rehearsals(sessions_dir, clock)
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot, lambda: isinstance(app.screen, SessionsScreen))
        assert app.screen.query_one(DataTable).row_count == 3
        assert "oefensessies" not in text_of(app, "#sessions-count")
        await pilot.press("d")
        await settle(pilot, lambda: app.screen.query_one(DataTable).row_count == 0)
        assert text_of(app, "#sessions-count").startswith(
            "0 van 3 sessies · 3 oefensessies niet meegeteld · "
        )


async def test_the_statistics_say_how_many_rehearsals_they_left_out(sessions_dir, clock):
    save_rehearsals(sessions_dir, clock, 2)
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await settle(pilot, lambda: isinstance(app.screen, StatsScreen))
        await settle(pilot, lambda: "oefensessies" in text_of(app, "#stats-versions"))
        assert "2 oefensessies niet meegeteld" in text_of(app, "#stats-versions")
