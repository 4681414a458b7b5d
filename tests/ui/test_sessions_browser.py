"""The sessions browser and the statistics screen: what a row says, which sessions a filter or
the statistics leave out, and that it is said."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from intervisie_tui import cli
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.session import Agreement, Evaluation, SessionStatus
from intervisie_tui.ui.screens.sessions import SessionsScreen
from intervisie_tui.ui.screens.stats import StatsScreen
from tests.ui.support import SIZE, make_app, new_session, resize, save_new, settle, text_of


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


def cells(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_at_80_columns_status_agreements_and_evaluation_are_in_sight(
    sessions_dir, clock, capsys
):
    """Status and agreements read as 'intervisie sessions' says them; at 80 columns the version
    and the protocol make room, and the count line says so."""
    save_rehearsals(sessions_dir, clock, 1)
    clock.advance(3600)  # the meeting is the newer one: listed first
    meeting = new_session("handelingsgericht", clock, pupil="Sterre")
    meeting.status = SessionStatus.COMPLETED
    meeting.agreements = [
        Agreement(what="Bellen", who="Bram"),
        Agreement(what="Plan", who="Bram", evaluation=Evaluation(evaluated_at=clock.now())),
    ]
    save_new(sessions_dir, meeting)
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot, lambda: isinstance(app.screen, SessionsScreen))
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.ordered_columns] == [
            "Datum", "Leerling / thema", "Status", "Afspraken", "Evaluatie"
        ]  # fmt: skip
        assert table.virtual_size.width <= SIZE[0]
        rows = cells(app)
        assert [row[2:4] for row in rows] == [
            ["afgerond", "2, 1 open"],
            ["afgerond (oefening)", "1 open"],
        ]
        assert "protocol en versie verborgen (smal venster)" in text_of(app, "#sessions-count")
        await resize(pilot, 160, 45)
        await settle(pilot, lambda: len(app.screen.query_one(DataTable).columns) == 7)
    assert cli.main(["--sessions-dir", str(sessions_dir), "sessions"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "afgerond  " in listed[1] and " 2, 1 open " in listed[1]
    assert "afgerond (oefening)" in listed[2] and " 1 open " in listed[2]
