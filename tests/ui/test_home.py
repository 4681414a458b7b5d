"""Home: the protocol list with phase counts and minutes, the sessions still in progress, the
files it skipped, the way to adapt a protocol; and every way back to it (set-up, the end screen,
the adapt screen) keeping the protocol chosen."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Static

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Agreement, SessionStatus
from intervisie_tui.engine.store import SessionFile, load_session, open_session_file
from intervisie_tui.ui.screens.adapt import AdaptScreen
from intervisie_tui.ui.screens.dialogs import ExportScreen
from intervisie_tui.ui.screens.end import EndScreen
from intervisie_tui.ui.screens.home import HomeScreen
from intervisie_tui.ui.screens.sessions import SessionsScreen, SkippedFiles
from intervisie_tui.ui.screens.setup import SetupScreen
from tests.meetings import bad_files
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
    settle,
    type_text,
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
        # Basismodel's minutes are all ours: each says so, in set-up's words.
        assert "  1. Introductie (5 min, eigen voorstel)" in details
        assert details.count("eigen voorstel") == 6


async def test_home_details_follow_the_highlighted_protocol(sessions_dir, clock):
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        details = str(app.screen.query_one("#protocol-details", Static).content)
        assert details.startswith("Handelingsgerichte intervisie\n")
        assert "7 fasen, 39 minuten, vaste volgorde" in details
        assert "  3. Leerkracht formuleert het doel (2 min)" in details
        assert "eigen voorstel" not in details  # the seed gives these minutes


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


# -- adapting a protocol -------------------------------------------------------------------------


async def retype(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await type_text(pilot, text)


async def test_a_adapts_the_highlighted_protocol_and_home_then_lists_the_saved_one(
    sessions_dir, clock, tmp_path
):
    own = tmp_path / "eigen"
    app = make_app(sessions_dir, clock, protocols_dir=own)
    async with app.run_test(size=SIZE) as pilot:
        ids = [e.loaded.protocol.id for e in catalog().sorted_entries()]
        await pilot.press(*["down"] * ids.index("oplossingsgericht"))
        await pilot.press("r")  # the key acts on the highlighted protocol wherever the focus is
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, AdaptScreen))
        assert app.screen.entry.loaded.protocol.id == "oplossingsgericht"
        await retype(pilot, "#p-id", "kort")
        await retype(pilot, "#p-title", "Korte ronde")
        await pilot.press("f2")
        await settle(pilot, lambda: (own / "kort.toml").exists())
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        lines = option_texts(app, "#protocol-list")
        assert "Korte ronde\n6 fasen · 45 min" in lines
        highlighted = app.screen.query_one("#protocol-list", OptionList).highlighted
        assert lines[highlighted].startswith("Oplossingsgerichte intervisie\n")
    assert load_protocol(own / "kort.toml").protocol.title == "Korte ronde"


async def test_home_footer_names_the_adapt_key_and_stop_at_80_columns(sessions_dir, clock):
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = (await screen_text(pilot)).splitlines()[-1]
        assert "a Aanpassen" in footer and "q Stop" in footer


# -- every way back leads Home, with the protocol still chosen ---------------------------------


def highlighted_protocol(app) -> str:
    options = app.screen.query_one("#protocol-list", OptionList)
    assert options.highlighted is not None
    return catalog().sorted_entries()[options.highlighted].loaded.protocol.id


async def test_going_back_home_keeps_the_protocol_chosen(sessions_dir, clock):
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        ids = [e.loaded.protocol.id for e in catalog().sorted_entries()]
        await pilot.press(*["down"] * ids.index("oplossingsgericht"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("escape", "escape")  # the name field, then the empty form
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert highlighted_protocol(app) == "oplossingsgericht"
        details = str(app.screen.query_one("#protocol-details", Static).content)
        assert details.startswith("Oplossingsgerichte intervisie\n")
        # The sessions browser and back: the list is rebuilt, the choice stays.
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert highlighted_protocol(app) == "oplossingsgericht"


def last_phase_file(sessions_dir: Path, clock: FakeClock, protocol: str = "oplossingsgericht"):
    """An in-progress session, paused in its last phase."""
    session = new_session(protocol, clock, pupil="S.")
    runner = SessionRunner(session, clock)
    runner.start()
    clock.advance(60)
    runner.jump(len(session.phases) - 1, override=True)
    clock.advance(60)
    runner.pause()
    return save_new(sessions_dir, session)


async def finish(app, pilot) -> None:
    """Finish as the run screen does on its last step, and show the end screen."""
    run_screen(app).runner.finish()
    app.show_end()
    await pilot.pause()
    assert isinstance(app.screen, EndScreen)


async def test_the_end_screen_leads_home_and_only_home_ends_the_program(sessions_dir, clock):
    path = last_phase_file(sessions_dir, clock)
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        await finish(app, pilot)
        assert "esc Naar het begin" in await screen_text(pilot)
        await pilot.press("q")  # not the end of the program any more: Home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running
        assert highlighted_protocol(app) == "oplossingsgericht"
        # Saved, completed and unlocked: nothing in progress, and the file opens elsewhere.
        assert option_texts(app, "#resume-list") == ["(geen lopende sessies)"]
        assert app.session_file is None
        with open_session_file(path) as reopened:
            assert reopened.session.status is SessionStatus.COMPLETED
        assert [n.message for n in app._notifications] == [f"Sessie bewaard in {path}"]
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_escape_on_the_end_screen_leaves_the_date_field_first(sessions_dir, clock):
    """Started with `intervisie resume`: no Home underneath; leaving makes one."""
    path = last_phase_file(sessions_dir, clock, "handelingsgericht")
    with open_session_file(path) as file:
        file.session.agreements = [Agreement(what="Ouders bellen", who="Carla")]
        file.save()
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        await finish(app, pilot)
        date_input = app.screen.query_one("#evaluation-date", Input)
        await settle(pilot, lambda: app.focused is date_input)
        await type_text(pilot, "q")  # a letter in the field, not a command
        assert date_input.value == "q"
        await pilot.press("escape")
        assert isinstance(app.screen, EndScreen) and app.focused is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert highlighted_protocol(app) == "handelingsgericht"
        assert [s for s in app.screen_stack if isinstance(s, HomeScreen)] == [app.screen]


async def test_an_unsaved_end_keeps_a_copy_before_going_home(
    sessions_dir, clock, tmp_path, monkeypatch
):
    path = last_phase_file(sessions_dir, clock)
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        await finish(app, pilot)

        def full_disk(self, data=None) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(SessionFile, "save", full_disk)
        await pilot.press("escape")
        assert isinstance(app.screen, ExportScreen)  # no silent leaving
        await pilot.press("escape")  # no copy: stay on the end screen
        assert isinstance(app.screen, EndScreen)
        assert app.session_file is not None
        await pilot.press("escape")
        copy = tmp_path / "kopie.json"
        app.screen.query_one("#export-path", Input).value = str(copy)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert load_session(copy).status is SessionStatus.COMPLETED


async def test_a_rehearsal_resumed_from_home_keeps_its_speed_and_badge(sessions_dir, clock):
    session = new_session("handelingsgericht", clock)
    session.rehearsal_speed = 6
    path = save_new(sessions_dir, session)
    app = make_app(sessions_dir, clock)  # Home, started without --speed
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        screen = run_screen(app)
        assert app.session_file is not None and app.session_file.path == path
        assert "OEFENMODUS x6" in await screen_text(pilot)
        screen.runner.start()
        clock.advance(10)
        assert screen.runner.phase_elapsed(0) == 60


# -- files that could not be read ---------------------------------------------------------------


async def test_home_lists_every_skipped_file_with_the_count(tmp_path, clock, monkeypatch):
    """Issue: the start screen showed 4 of 26 problems, with no way to see the rest."""
    monkeypatch.chdir(tmp_path)
    sessions_dir = Path("s")  # short paths: a name is not wrapped over two lines
    good = new_session("handelingsgericht", clock)
    reasons = bad_files(sessions_dir, good)
    for number in range(2):
        (sessions_dir / f"kapot-{number}.json").write_bytes(b"{")
    names = sorted([*reasons, "kapot-0.json", "kapot-1.json"])
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#home-problems", SkippedFiles)
        assert box.border_title == f"{len(names)} bestanden overgeslagen"
        text = str(box.query_one(".skipped-lines", Static).content)
        for name in names:
            assert name in text
        for name, reason in reasons.items():
            line = next(line for line in text.splitlines() if name in line)
            assert reason in line, (name, line)
        # More than fits: the box scrolls, and the last one can be brought into view.
        assert box.max_scroll_y > 0
        assert names[-1] not in await screen_text(pilot)
        box.focus()
        await pilot.press("end")
        await settle(pilot, lambda: box.scroll_y == box.max_scroll_y)  # it scrolls smoothly
        assert names[-1] in await screen_text(pilot)


async def test_one_skipped_file_is_one_bestand_and_none_shows_no_box(sessions_dir, clock):
    sessions_dir.mkdir()
    (sessions_dir / "leeg.json").write_bytes(b"")
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#home-problems", SkippedFiles)
        assert box.border_title == "1 bestand overgeslagen"
        assert box.display
        (sessions_dir / "leeg.json").unlink()
        app.screen.refresh_lists()
        await pilot.pause()
        assert not box.display


async def test_every_list_shows_the_meeting_s_own_time_not_the_machine_s(sessions_dir, clock):
    """A meeting held at 14:30 in Amsterdam (+01:00) reads 14:30 on Home, in the sessions
    browser and in set-up's follow-up, as in the reader and the command line, whatever the
    machine's time zone (UTC here: 13:30 would be the machine's reading)."""
    held = datetime(2026, 11, 26, 14, 30, tzinfo=timezone(timedelta(hours=1)))
    running = new_session("handelingsgericht", clock, pupil="Sterre")
    running.created_at = held
    save_new(sessions_dir, running)
    ended = new_session("oplossingsgericht", clock, pupil="Z.")
    ended.created_at = held
    ended.status = SessionStatus.COMPLETED
    ended.agreements = [Agreement(what="Bellen met de ouders", who="Bram")]
    save_new(sessions_dir, ended)

    app = make_app(sessions_dir, clock)
    async with app.run_test(size=(160, 45)) as pilot:  # wide: the browser shows the time
        await pilot.pause()
        assert option_texts(app, "#resume-list")[0].startswith("26-11-2026 14:30 · ")
        await pilot.press("s")
        await settle(pilot, lambda: isinstance(app.screen, SessionsScreen))
        table = app.screen.query_one(DataTable)
        assert [str(table.get_row_at(row)[0]) for row in range(table.row_count)] == [
            "26-11-2026 14:30",
            "26-11-2026 14:30",
        ]
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.push_screen(SetupScreen(catalog().get("oplossingsgericht")))
        await settle(pilot, lambda: bool(app.screen.query("#followup-table")))
        followup = app.screen.query_one("#followup-table", DataTable)
        assert str(followup.get_row_at(0)[0]) == "26-11-2026"
