"""Pilot tests for the after-the-meeting screens: browser, reader, stats and follow-up."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static

from intervisie_tui.engine.catalog import Catalog, load_catalog
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Agreement, Case, Session
from intervisie_tui.engine.store import create_session_file, load_session, lock_path
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.reader import ReaderScreen
from intervisie_tui.ui.screens.sessions import SessionsScreen, SkippedFiles
from intervisie_tui.ui.screens.setup import SetupScreen
from intervisie_tui.ui.screens.stats import StatsScreen
from tests.meetings import agreement, bad_files, run_meeting, save
from tests.ui.support import make_app, save_new, screen_text, session_app, settle

START = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)


def version(protocol_id: str, when: str = "vandaag") -> str:
    """A protocol file's sha256 that stays the same when the shipped file is edited, so that
    snapshots do not change with every comment in a protocol."""
    return hashlib.sha256(f"{when} {protocol_id}".encode()).hexdigest()


def fixed_versions() -> Catalog:
    """The shipped protocols, each with :func:`version` as today's file."""
    real = load_catalog()
    return Catalog(
        {
            pid: replace(e, loaded=replace(e.loaded, sha256=version(pid)))
            for pid, e in real.entries.items()
        },
        real.problems,
    )


def _session(
    directory: Path,
    clock: FakeClock,
    protocol_id: str,
    pupil: str,
    minutes: float,
    agreement: str | None,
    finish: bool = True,
    held_with: str = "vandaag",
) -> Path:
    entry = load_catalog().get(protocol_id)
    assert entry is not None
    session = Session.new(
        entry.loaded.protocol,
        protocol_sha256=version(protocol_id, held_with),
        created_at=clock.now(),
    )
    session.id = f"{len(list(directory.glob('*.json'))) + 1:08d}"  # stable names for snapshots
    session.case = Case(pupil=pupil, help_question="Hoe help ik [bold]haar[/]?")
    runner = SessionRunner(session, clock)
    runner.start()
    clock.advance(minutes * 60)
    if finish:
        runner.finish()
    if agreement:
        session.agreements = [
            Agreement(what=agreement, who="juf", evaluation_date=date(2026, 11, 30))
        ]
    handle = create_session_file(directory, session)
    handle.close()
    clock.advance(3600)
    return handle.path


@pytest.fixture
def world(tmp_path: Path) -> tuple[IntervisieApp, FakeClock, list[Path]]:
    clock = FakeClock(START)
    paths = [
        _session(
            tmp_path,
            clock,
            "handelingsgericht",
            "[bold]L.[/]",
            4,
            "Dagritmekaart [red",
            held_with="eerder",  # before the protocol was adapted
        ),
        _session(tmp_path, clock, "oplossingsgericht", "S.", 2, None),
        _session(tmp_path, clock, "handelingsgericht", "T.", 7, None, finish=False),
    ]
    app = IntervisieApp(sessions_dir=tmp_path, clock=clock, autosave_clock=clock)
    catalog = fixed_versions()
    app.catalog = lambda: catalog  # type: ignore[method-assign]
    return app, clock, paths


async def test_browser_lists_filters_searches_and_opens_the_reader(world) -> None:
    app, _clock, _paths = world
    async with app.run_test(size=(160, 30)) as pilot:  # every column
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        table = screen.query_one("#sessions-table", DataTable)
        assert table.row_count == 3
        pupils = {str(table.get_row_at(i)[2]) for i in range(3)}
        assert pupils == {"[bold]L.[/]", "S.", "T."}  # literal, not markup
        await pilot.press("d")  # evaluation due: only the session with an agreement
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("d")
        screen.query_one("#sessions-search", Input).value = "dagritme"
        await pilot.pause()
        assert table.row_count == 1
        assert str(table.get_row_at(0)[2]) == "[bold]L.[/]"
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.session is not None
        assert app.screen.session.agreements[0].what == "Dagritmekaart [red"


async def test_header_click_sorts_by_pupil(world) -> None:
    app, _clock, _paths = world
    async with app.run_test(size=(160, 30)) as pilot:  # every column
        await pilot.press("s")
        await pilot.pause()
        table = app.screen.query_one("#sessions-table", DataTable)
        app.screen.post_message(
            DataTable.HeaderSelected(table, table.ordered_columns[2].key, 2, label=None)
        )
        await pilot.pause()
        assert [str(table.get_row_at(i)[2]) for i in range(3)] == ["[bold]L.[/]", "S.", "T."]


async def test_reader_resumes_an_in_progress_session(world) -> None:
    app, _clock, paths = world
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ReaderScreen(paths[2]))
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "RunScreen"
        assert app.runner is not None and app.runner.session.case.pupil == "T."


async def test_stats_screen_shows_planned_against_median(world) -> None:
    app, _clock, _paths = world
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = str(app.screen.query_one("#stats-content", Static).content)
        assert "mediaan 4.0 van 5 min" in text  # first phase: 4 minutes of 5, one session


async def test_browser_shows_each_sessions_protocol_version_and_marks_another(world) -> None:
    """The session held before the protocol was adapted is marked; the one in progress used
    today's file (it does not count for the statistics, being unfinished)."""
    app, _clock, _paths = world
    async with app.run_test(size=(160, 30)) as pilot:  # every column
        await pilot.press("s")
        await pilot.pause()
        table = app.screen.query_one("#sessions-table", DataTable)
        versions = {str(table.get_row_at(i)[2]): str(table.get_row_at(i)[6]) for i in range(3)}
        assert versions == {
            "[bold]L.[/]": version("handelingsgericht", "eerder")[:7] + "*",
            "S.": version("oplossingsgericht")[:7],
            "T.": version("handelingsgericht")[:7],
        }
        count = str(app.screen.query_one("#sessions-count", Static).content)
        assert "· * 1 met een andere versie van het protocol dan nu ·" in count
        # Sorting by version puts the same versions together.
        app.screen.post_message(
            DataTable.HeaderSelected(table, table.ordered_columns[6].key, 6, label=None)
        )
        await pilot.pause()
        ordered = [str(table.get_row_at(i)[6]).rstrip("*") for i in range(3)]
        assert ordered == sorted(ordered)


async def test_reader_says_which_version_the_session_was_held_with(world) -> None:
    app, _clock, paths = world
    async with app.run_test(size=(120, 30)) as pilot:
        for path, said in (
            (paths[0], f"{version('handelingsgericht', 'eerder')[:7]}: een andere dan"),
            (paths[1], f"{version('oplossingsgericht')[:7]}, het protocolbestand van nu."),
        ):
            app.push_screen(ReaderScreen(path))
            await pilot.pause()
            console = Console(file=io.StringIO(), width=120)
            console.print(app.screen.query_one("#reader-content", Static).content)
            text = console.file.getvalue()  # type: ignore[attr-defined]
            assert f"Gehouden met protocolversie {said}" in text
            app.pop_screen()
            await pilot.pause()


async def test_stats_screen_says_which_version_its_sessions_used(world) -> None:
    app, _clock, _paths = world
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        note = app.screen.query_one("#stats-versions", Static)
        assert str(note.content) == (
            "De sessie liep met een andere versie van het protocol dan het bestand van "
            f"nu ({version('handelingsgericht')[:7]}): "
            f"{version('handelingsgericht', 'eerder')[:7]} (1×)."
        )
        app.screen.query_one("#stats-protocol", Select).value = "oplossingsgericht"
        await pilot.pause()
        assert str(note.content) == (
            f"De sessie liep met de versie van nu ({version('oplossingsgericht')[:7]})."
        )


async def test_follow_up_marks_an_agreement_evaluated_in_the_original_file(world) -> None:
    app, _clock, paths = world
    before = load_session(paths[0])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # first protocol on Home -> set-up
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        table = app.screen.query_one("#followup-table", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[2]) == "Dagritmekaart [red"
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"werkt", "enter")
        await pilot.pause()
        assert not app.screen.query_one("#followup").display
    after = load_session(paths[0])
    assert after.agreements[0].evaluation is not None
    assert after.agreements[0].evaluation.note == "werkt"
    assert after.phases == before.phases and after.case == before.case


async def test_follow_up_reports_a_locked_session_and_keeps_the_file(world) -> None:
    from filelock import FileLock

    app, _clock, paths = world
    original = paths[0].read_bytes()
    holder = FileLock(lock_path(paths[0]))
    holder.acquire()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            app.screen.query_one("#followup-table", DataTable).focus()
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press(*"ok", "enter")
            await pilot.pause(2.5)
            assert app.screen.query_one("#followup").display  # still due
    finally:
        holder.release()
    assert paths[0].read_bytes() == original


async def test_set_up_takes_in_a_filled_in_preparation_form(tmp_path: Path) -> None:
    from textual.widgets import TextArea

    from intervisie_tui.documents.preparation import render_preparation

    entry = load_catalog().get("handelingsgericht")
    assert entry is not None
    form = render_preparation(entry.loaded.protocol).replace(
        "<!-- antwoord: waarom-nu -->", "<!-- antwoord: waarom-nu -->\nloopt vast bij [b]rekenen"
    )
    filled = tmp_path / "ingevuld.md"
    filled.write_text(form, encoding="utf-8")
    clock = FakeClock(START)
    app = IntervisieApp(sessions_dir=tmp_path / "s", clock=clock, autosave_clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(SetupScreen(entry))
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(filled)
        await pilot.press("enter")
        await pilot.pause()
        answer = app.screen.query_one("#prep-waarom-nu", TextArea).text
        assert answer == "loopt vast bij [b]rekenen"
        assert app.screen.query_one("#prep-verklaringen", TextArea).text == ""


async def test_follow_up_lists_undated_agreements_as_zonder_datum(world) -> None:
    app, _clock, paths = world
    folder = paths[0].parent
    save(
        folder,
        run_meeting(pupil="Z.", agreements=[agreement("Koptelefoon proberen", who="meester")]),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one("#followup-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        # Dated first, then undated; every date dd-mm-jjjj.
        assert rows == [
            ["23-11-2026", "[bold]L.[/]", "Dagritmekaart [red", "juf", "30-11-2026"],
            ["23-11-2026", "Z.", "Koptelefoon proberen", "meester", "zonder datum"],
        ]


async def test_browser_lists_every_skipped_file_with_the_count(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("s")  # short paths: a name is not wrapped over two lines
    reasons = bad_files(folder, run_meeting())
    (folder / "naam\x1b[31mrood.json").write_bytes(b"{")
    clock = FakeClock(START)
    app = IntervisieApp(sessions_dir=folder, clock=clock, autosave_clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        box = app.screen.query_one("#sessions-problems", SkippedFiles)
        assert box.border_title == f"{len(reasons) + 1} bestanden overgeslagen"
        text = str(box.query_one(".skipped-lines", Static).content)
        for name, reason in reasons.items():
            line = next(line for line in text.splitlines() if f"/{name}" in line)
            assert reason in line, (name, line)
        # A name with an escape sequence is shown with the escape made visible.
        assert "s/naam␛[31mrood.json" in text
        assert "\x1b" not in text
        assert box.max_scroll_y > 0
        box.focus()
        await pilot.press("end")
        await settle(pilot, lambda: box.scroll_y == box.max_scroll_y)
        assert "s/zonder-tijdzone.json" in await screen_text(pilot)  # last in name order


async def test_the_evaluation_filter_says_whether_it_is_on(world) -> None:
    app, _clock, _paths = world
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        first_lines = (await screen_text(pilot)).splitlines()[:2]
        assert "☐ Evaluatie nodig: uit" in "\n".join(first_lines)
        await pilot.press("d")
        await pilot.pause()
        first_lines = (await screen_text(pilot)).splitlines()[:2]
        assert "☑ Evaluatie nodig: aan" in "\n".join(first_lines)
        assert app.screen.query_one("#sessions-table", DataTable).row_count == 1


async def test_a_session_resumed_from_the_reader_ends_on_home(world) -> None:
    """Home → browser → reader → resume → end: going Home clears the whole way there."""
    from intervisie_tui.ui.screens.end import EndScreen
    from intervisie_tui.ui.screens.home import HomeScreen

    app, _clock, paths = world
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        browser = app.screen
        assert isinstance(browser, SessionsScreen)
        row = next(i for i, summary in enumerate(browser._rows) if summary.path == paths[2])
        table = browser.query_one("#sessions-table", DataTable)
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert app.runner is not None
        app.runner.finish()
        app.show_end()
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["HomeScreen"]
    assert load_session(paths[2]).status.value == "completed"


# -- the end screen ("Afgerond") ---------------------------------------------------------------


async def end_screen(
    sessions_dir: Path, clock: FakeClock, protocol_id: str, steps: Callable[[SessionRunner], None]
) -> dict[str, str]:
    """Hold a meeting of ``protocol_id`` by ``steps``, finish it and read the end screen: the
    text of each of its Statics by id (and ``all``: the whole screen)."""
    from intervisie_tui.ui.screens.end import EndScreen

    app = session_app(sessions_dir, clock, protocol_id)
    async with app.run_test(size=(140, 60)) as pilot:
        await pilot.pause()
        assert app.runner is not None
        app.runner.start()
        steps(app.runner)
        app.runner.finish()
        app.show_end()
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        texts = {
            str(widget.id): str(widget.content)
            for widget in app.screen.query(Static)
            if widget.id is not None
        }
        texts["all"] = await screen_text(pilot)
        return texts


async def test_the_end_total_is_the_difference_of_the_times_it_shows(sessions_dir, clock):
    """'Totaal 26:25 van 45:00 — 18:34 binnen de tijd' in the walk-through: the difference
    must be that of the two times shown (18:35), not of the exact seconds."""

    def steps(runner: SessionRunner) -> None:
        clock.advance(16 * 60 + 40.6)

    shown = await end_screen(sessions_dir, clock, "handelingsgericht", steps)
    assert shown["end-total"].startswith("Totaal 16:40 van 39:00 — 22:20 binnen de tijd")


async def test_an_end_exactly_on_time_says_so(sessions_dir, clock):
    def steps(runner: SessionRunner) -> None:
        for minutes in (5, 10, 2, 10, 5, 5):
            clock.advance(minutes * 60 + 0.4)
            runner.next()
        clock.advance(2 * 60)  # each phase shows its whole minutes: 39:00 in all

    shown = await end_screen(sessions_dir, clock, "handelingsgericht", steps)
    assert shown["end-total"].startswith("Totaal 39:00 van 39:00 — precies op tijd")


async def test_the_end_screen_measures_against_the_adjusted_budget(sessions_dir, clock):
    """After '-' in phase 1 (5 → 4 min) the rail said 06:59/04:00! and the end screen
    06:59 / 05:00 (+01:59): one baseline, the budget the meeting ran with, the original named."""

    def steps(runner: SessionRunner) -> None:
        runner.adjust(-1)
        clock.advance(6 * 60 + 59)

    shown = await end_screen(sessions_dir, clock, "handelingsgericht", steps)
    assert "06:59 / 04:00 (+02:59; bijgesteld van 05:00)" in shown["all"]
    assert shown["end-total"].startswith(
        "Totaal 06:59 van 38:00 (bijgesteld van 39:00) — 31:01 binnen de tijd"
    )


async def test_the_end_screen_shows_all_the_meeting_produced(sessions_dir, clock):
    """The walk-through's oplossingsgericht end screen showed only the last phase's feedback,
    while the goal and the scale's 7 were in the reader: every recorded field but the notes
    and the help question, under a heading that no field repeats."""

    def steps(runner: SessionRunner) -> None:
        session = runner.session
        session.set_answer("probleeminventarisatie", "hulpvraag", "Hoe help ik S.?")
        session.set_answer("probleeminventarisatie", "aantekeningen", "losse notitie")
        session.set_answer("envisioning", "doel", "S. start binnen 5 min")
        session.set_answer("dialoging", "schaal", 7)
        session.set_answer("evaluatie", "feedback", ["rustig en positief", "top"])
        clock.advance(60)

    shown = await end_screen(sessions_dir, clock, "oplossingsgericht", steps)
    assert shown["end-yield"] == (
        "Doel: S. start binnen 5 min\n"
        "Schaalvraag: cijfer voor de situatie nu: 7 (op een schaal van 0 tot 10)\n"
        "Oplossingsgerichte feedback voor de inbrenger: rustig en positief; top"
    )
    assert "Wat de bijeenkomst opleverde" in shown["all"]
    assert "Opbrengst" not in shown["all"]


async def test_the_end_screen_names_phases_not_covered_as_documents_do(sessions_dir, clock):
    def steps(runner: SessionRunner) -> None:
        clock.advance(60)
        runner.jump(5)

    shown = await end_screen(sessions_dir, clock, "oplossingsgericht", steps)
    assert "Niet besproken: Appreciating: wat gaat goed?;" in shown["all"]


async def test_the_end_of_a_theme_meeting_names_the_theme_and_no_agreements(
    sessions_dir, clock
):
    """Leren van successen: the header names the theme (the help question holds it) and there
    is no 'Afspraken · Geen afspraken vastgelegd' for a method that makes none."""
    from tests.ui.support import entry, new_session

    session = new_session(
        entry("leren-van-successen"), clock, pupil="", help_question="Gewenst gedrag bekrachtigen"
    )
    app = make_app(sessions_dir, clock, path=save_new(sessions_dir, session))
    async with app.run_test(size=(140, 60)) as pilot:
        await pilot.pause()
        assert app.runner is not None
        app.runner.start()
        clock.advance(60)
        app.runner.finish()
        app.show_end()
        await pilot.pause()
        shown = await screen_text(pilot)
    assert "Afgerond — Leren van successen (successen van de leerkracht) · thema: Gewenst" in shown
    assert "Afspraken" not in shown
    assert "Geen afspraken" not in shown


async def test_the_end_total_is_the_sum_of_the_phase_times_shown(sessions_dir, clock):
    """07:09 and 08:57 make 16:06 on the total line too, not the 16:07 of the exact sum."""

    def steps(runner: SessionRunner) -> None:
        clock.advance(429.4)
        runner.next()
        clock.advance(537.7)

    shown = await end_screen(sessions_dir, clock, "handelingsgericht", steps)
    assert "07:09 / 05:00 (+02:09)" in shown["all"]
    assert "08:57 / 10:00" in shown["all"]
    assert shown["end-total"].startswith("Totaal 16:06 van 39:00 — 22:54 binnen de tijd")
