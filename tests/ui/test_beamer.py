"""The beamer window: what the room sees in each state and size, and how it follows the meeting
window's file (a second app instance in the same test, on the same FakeClock).

Snapshots are pinned like those of the meeting window: the FakeClock, TZ=UTC, the session id and
a relative sessions folder (the waiting screen names it). Regenerate after an intended change
with ``pytest tests/ui/test_beamer.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from intervisie_tui.cli import main
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.follow import SessionFollower
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Agreement, Participant, Role, TimerStatus
from intervisie_tui.engine.store import SessionFile, create_session_file
from intervisie_tui.ui.beamer import BeamerApp
from intervisie_tui.ui.widgets.bigclock import BigClock
from intervisie_tui.ui.widgets.room import ClockBand
from tests.ui.support import (
    PARTICIPANTS,
    make_app,
    new_session,
    resize,
    run_screen,
    save_new,
    screen_text,
    settle,
)

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 40), id="120x40"),
    pytest.param((160, 45), id="160x45"),
]
SESSION_ID = "0123abcd"
# Two colleagues more, so handelingsgericht's rounds have three speakers: Bram, Daan, Eva.
ROUND_PARTICIPANTS = [
    *PARTICIPANTS,
    Participant(name="Daan", roles=[Role.DEELNEMER]),
    Participant(name="Eva", roles=[Role.DEELNEMER]),
]


@pytest.fixture
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Relative, so the folder named on the waiting screen is the same on every machine."""
    monkeypatch.chdir(tmp_path)
    return Path("sessions")


def open_meeting(sessions_dir: Path, clock: FakeClock) -> tuple[SessionRunner, SessionFile]:
    """Handelingsgericht as the meeting window holds it: locked, saved, not started."""
    session = new_session("handelingsgericht", clock, pupil="T.", session_id=SESSION_ID)
    session.participants = list(ROUND_PARTICIPANTS)
    file = create_session_file(sessions_dir, session)
    return SessionRunner(session, clock), file


def saved(runner: SessionRunner, file: SessionFile) -> None:
    """As the meeting window's autosave does it."""
    runner.sync()
    file.save()


def in_state(state: str) -> Callable[[SessionRunner, FakeClock], None]:
    """Drive a fresh meeting into ``state``."""

    def ready(runner: SessionRunner, clock: FakeClock) -> None:
        pass

    def normal(runner: SessionRunner, clock: FakeClock) -> None:
        # Phase 2, a round of 10 minutes: Daan's turn, 3:10 into the phase.
        runner.start()
        clock.advance(290)
        runner.next()
        clock.advance(150)
        runner.next_turn()
        clock.advance(40)

    def warning(runner: SessionRunner, clock: FakeClock) -> None:
        # Phase 3 has 2 minutes and warns in the last one.
        runner.start()
        for seconds in (290, 630):
            clock.advance(seconds)
            runner.next()
        clock.advance(75)

    def over(runner: SessionRunner, clock: FakeClock) -> None:
        runner.start()
        clock.advance(383)

    def paused(runner: SessionRunner, clock: FakeClock) -> None:
        runner.start()
        for seconds in (290, 630, 100):
            clock.advance(seconds)
            runner.next()
        clock.advance(200)
        runner.pause()

    def ended(runner: SessionRunner, clock: FakeClock) -> None:
        runner.start()
        for phase in runner.session.protocol.phases[:-1]:
            clock.advance(phase.minutes * 60 + 20)
            runner.next()
        clock.advance(100)
        runner.finish()

    return {
        "ready": ready,
        "normal": normal,
        "warning": warning,
        "over": over,
        "paused": paused,
        "ended": ended,
    }[state]


def beamer_in_state(sessions_dir: Path, clock: FakeClock, state: str) -> BeamerApp:
    runner, file = open_meeting(sessions_dir, clock)
    in_state(state)(runner, clock)
    saved(runner, file)
    file.close()
    # Named, as in `intervisie beamer 0123abcd`: without a name an ended meeting is not picked.
    return BeamerApp(SessionFollower(sessions_dir, file.path, clock=clock))


def beamer_digits(app: BeamerApp) -> str:
    """The big clock's text without the blanks that keep it in place."""
    return app.query_one("#band-digits", BigClock).text.strip()


def glyph_rows(app: BeamerApp) -> int:
    return app.query_one("#band-digits", BigClock).glyph_rows


# -- what the room sees ----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("state", ["normal", "warning", "over", "paused"])
def test_snapshot_states(
    snap_compare, sessions_dir: Path, clock: FakeClock, size: tuple[int, int], state: str
) -> None:
    assert snap_compare(beamer_in_state(sessions_dir, clock, state), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_waiting(
    snap_compare, sessions_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    assert snap_compare(BeamerApp(SessionFollower(sessions_dir, clock=clock)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_ended(
    snap_compare, sessions_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    assert snap_compare(beamer_in_state(sessions_dir, clock, "ended"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_unreadable_file(
    snap_compare, sessions_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = beamer_in_state(sessions_dir, clock, "normal")

    async def damage(pilot: Pilot) -> None:
        [path] = sessions_dir.glob("*.json")
        clock.advance(12)
        path.write_bytes(path.read_bytes()[:100])
        await app.poll()
        app.tick()  # as the next redraw does, within a second

    assert snap_compare(app, terminal_size=size, run_before=damage)


@pytest.mark.parametrize(
    ("state", "words", "digits"),
    [
        ("ready", "● KLAAR — de klok start zo", "05:00"),
        ("normal", "▶ LOOPT", "06:50"),
        ("warning", "▲ BIJNA TIJD — rond af", "00:45"),
        ("over", "■ TIJD! +01:23 over de tijd", "+01:23"),
        ("paused", "❚❚ GEPAUZEERD", "06:40"),
        ("ended", "✓ BIJEENKOMST AFGEROND", "40:40"),
    ],
)
async def test_each_state_has_words_and_colours_the_whole_band(
    sessions_dir: Path, clock: FakeClock, state: str, words: str, digits: str
) -> None:
    app = beamer_in_state(sessions_dir, clock, state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        band = app.query_one("ClockBand")
        assert f"-{state}" in band.classes
        assert str(app.query_one("#band-state").content) == words  # type: ignore[attr-defined]
        assert beamer_digits(app) == digits
        background = band.styles.background
        if state in ("warning", "over", "paused"):
            assert background != app.screen.styles.background


async def test_shows_the_phase_who_speaks_the_turn_and_what_comes_next(
    sessions_dir: Path, clock: FakeClock
) -> None:
    async with beamer_in_state(sessions_dir, clock, "normal").run_test(size=(160, 45)) as pilot:
        text = await screen_text(pilot)
    assert "Handelingsgerichte intervisie · leerling T." in text
    assert "Fase 2 van 7 · Collega's stellen verhelderingsvragen" in text
    assert "Aan het woord: Bram, Daan, Eva" in text
    assert "Beurt 2 van 3: Daan · daarna: Eva · richttijd ± 3:20 per beurt" in text
    assert "• Wat gaat juist goed?" in text
    assert "Hierna: Fase 3 · Leerkracht formuleert het doel" in text
    assert "Totaal 08:00 van 39:00" in text


async def test_shows_no_notes_and_no_answers(sessions_dir: Path, clock: FakeClock) -> None:
    runner, file = open_meeting(sessions_dir, clock)
    runner.start()
    for seconds in (290, 630, 100):
        clock.advance(seconds)
        runner.next()
    runner.session.set_answer("doel", "doel", "GEHEIM-DOEL Thomas blijft zitten")
    runner.session.case = runner.session.case.model_copy(update={"help_question": "GEHEIME-VRAAG"})
    saved(runner, file)
    file.close()
    app = BeamerApp(SessionFollower(sessions_dir, clock=clock))
    async with app.run_test(size=(160, 45)) as pilot:
        text = await screen_text(pilot)
        await pilot.press("j", "b")  # nothing to jump or go back with here
        after = await screen_text(pilot)
    assert "GEHEIM" not in text
    assert "Fase 4 van 7" in text
    assert after == text
    assert not app.query("Input, TextArea")


async def test_q_closes_it_without_asking(sessions_dir: Path, clock: FakeClock) -> None:
    app = beamer_in_state(sessions_dir, clock, "normal")
    async with app.run_test() as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_clock_grows_and_shrinks_with_the_terminal(
    sessions_dir: Path, clock: FakeClock
) -> None:
    app = beamer_in_state(sessions_dir, clock, "normal")
    rows = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for size in [(80, 24), (120, 40), (160, 45), (80, 24)]:
            await resize(pilot, *size)
            rows[size] = glyph_rows(app)
            assert rows[size] >= size[1] / 3 - 1
    assert rows[(80, 24)] >= 5
    assert rows[(120, 40)] >= 8
    assert rows[(160, 45)] >= 15
    assert rows[(80, 24)] < rows[(120, 40)] < rows[(160, 45)]


async def test_a_file_it_cannot_read_keeps_the_last_state_and_says_so(
    sessions_dir: Path, clock: FakeClock
) -> None:
    app = beamer_in_state(sessions_dir, clock, "normal")
    [path] = sessions_dir.glob("*.json")
    good = path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        clock.advance(5)
        path.write_bytes(b'{"schema_version": 2, "pro')
        await app.poll()
        text = await screen_text(pilot)
        assert "⚠ bestand niet leesbaar — laatste stand van 15:38:00" in text
        assert "Fase 2 van 7" in text
        app.tick()
        assert beamer_digits(app) == "06:45"  # still counting

        path.write_bytes(good)
        await app.poll()
        assert "⚠" not in await screen_text(pilot)


async def test_waits_for_a_session_and_shows_it_when_it_begins(
    sessions_dir: Path, clock: FakeClock
) -> None:
    app = BeamerApp(SessionFollower(sessions_dir, clock=clock))
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Wacht op een sessie in sessions …" in await screen_text(pilot)
        _runner, file = open_meeting(sessions_dir, clock)
        await app.poll()
        text = await screen_text(pilot)
        assert "Wacht op" not in text
        assert "Fase 1 van 7" in text
        assert "KLAAR" in text
        file.close()


# -- following the meeting window ----------------------------------------------------------


async def test_follows_what_the_meeting_window_does(sessions_dir: Path, clock: FakeClock) -> None:
    """Both windows as separate apps, on one FakeClock: every change shows at the next poll,
    without waiting for an autosave, and the countdown runs on between saves."""
    session = new_session("handelingsgericht", clock, pupil="T.", session_id=SESSION_ID)
    session.participants = list(ROUND_PARTICIPANTS)
    path = save_new(sessions_dir, session)
    meeting = make_app(sessions_dir, clock, path=path)
    beamer = BeamerApp(SessionFollower(sessions_dir, clock=clock))

    async with meeting.run_test(size=(120, 40)) as window, beamer.run_test(size=(160, 45)) as room:

        async def both_see(digits: str, *, phase: int | None = None) -> str:
            await beamer.poll()
            beamer.tick()
            await room.pause()
            assert beamer_digits(beamer) == digits
            if phase is not None:
                assert f"Fase {phase} van 7" in await screen_text(room)
            return str(beamer.query_one("#band-state").content)  # type: ignore[attr-defined]

        async def press(key: str) -> None:
            await window.press(key)
            await window.pause()

        assert "KLAAR" in await both_see("05:00", phase=1)
        await press("f2")  # start
        clock.advance(61)
        # The meeting window rewrites the file while its clock runs: a beamer that sees no
        # rewrite for a few seconds holds the clock (test_follow.py).
        assert run_screen(meeting).saver.flush()
        assert await both_see("03:59", phase=1) == "▶ LOOPT"
        await press("f2")  # pause
        clock.advance(300)
        assert await both_see("03:59", phase=1) == "❚❚ GEPAUZEERD"
        await press("f2")
        await press("f6")  # one minute more
        assert await both_see("04:59", phase=1) == "▶ LOOPT"
        await press("f4")  # next
        clock.advance(10)
        assert run_screen(meeting).saver.flush()
        await both_see("09:50", phase=2)
        assert "Beurt 1 van 3: Bram · daarna: Daan" in await screen_text(room)
        await press("ctrl+t")  # next turn
        await both_see("09:50", phase=2)
        assert "Beurt 2 van 3: Daan · daarna: Eva" in await screen_text(room)
        await press("f3")  # back, in a strict protocol after a confirmation: F3 again
        await press("f3")
        await both_see("04:59", phase=1)

        screen = run_screen(meeting)
        live = screen.runner.session
        # From the meeting app's own message loop: the test's context belongs to both apps.
        screen.call_later(screen.action_finish)
        await window.pause()
        await press("f4")  # the finishing key again says yes
        await settle(window, lambda: live.timer.status is TimerStatus.FINISHED)
        assert await both_see("01:11") == "✓ BIJEENKOMST AFGEROND"


async def test_a_save_of_time_alone_waits_for_the_next_redraw(
    sessions_dir: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meeting window saves every second while its clock runs: painting at each save as
    well as at each new second would double the beamer's work for nothing."""
    runner, file = open_meeting(sessions_dir, clock)
    runner.start()
    saved(runner, file)
    app = BeamerApp(SessionFollower(sessions_dir, file.path, clock=clock))
    async with app.run_test() as pilot:
        redraws: list[str] = []
        real_tick = app.tick
        monkeypatch.setattr(app, "tick", lambda: redraws.append("tick") or real_tick())
        clock.advance(1.3)
        saved(runner, file)
        assert await poll_changed(app)
        assert redraws == []
        runner.pause()
        saved(runner, file)
        assert await poll_changed(app)
        assert redraws == ["tick"]
        await pilot.pause()
        assert "GEPAUZEERD" in await screen_text(pilot)
    file.close()


async def poll_changed(app: BeamerApp) -> bool:
    """Poll as the app's interval does; True when the follower read something new."""
    before = app.follower.reading
    await app.poll()
    return app.follower.reading is not before


# -- from the command line -------------------------------------------------------------------


def test_a_session_it_cannot_find_or_read_is_one_line_before_any_window(
    sessions_dir: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--sessions-dir", str(sessions_dir), "beamer", "nope"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"geen sessie 'nope' in {sessions_dir} (map bestaat niet)"
    )
    path = save_new(sessions_dir, new_session("handelingsgericht", clock, session_id=SESSION_ID))
    path.write_bytes(b'{"schema_version": 2, "pro')
    assert main(["beamer", "--sessions-dir", str(sessions_dir), SESSION_ID]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{path}:1: kapotte of afgebroken JSON")


async def test_a_meeting_window_that_stopped_writing_holds_the_clock_and_says_so(
    sessions_dir: Path, clock: FakeClock
) -> None:
    """The file says the clock runs, but nobody rewrites it any more (the meeting window was
    killed): after a few seconds the beamer says so in its top line and counts no further."""
    app = beamer_in_state(sessions_dir, clock, "normal")  # saved at 15:38:00, 06:50 left
    async with app.run_test(size=(160, 45)) as pilot:
        clock.advance(2)
        await app.poll()
        app.tick()
        await pilot.pause()
        assert beamer_digits(app) == "06:48"  # between two saves the clock runs on
        assert "⚠" not in await screen_text(pilot)
        clock.advance(3)
        await app.poll()
        app.tick()
        await pilot.pause()
        top = (await screen_text(pilot)).splitlines()[0]
        assert "⚠ vergaderscherm reageert niet — klok stilgezet op de stand van 15:38:00" in top
        assert beamer_digits(app) == "06:50"
        # The band under the clock says the same, not "LOOPT" (both were on screen at once).
        shown = await screen_text(pilot)
        assert "KLOK STILGEZET" in shown and "LOOPT" not in shown
        assert app.query_one(ClockBand).has_class("-paused")
        clock.advance(60)
        await app.poll()
        app.tick()
        assert beamer_digits(app) == "06:50"


async def test_while_agreements_are_made_the_room_reads_them(
    sessions_dir: Path, clock: FakeClock
) -> None:
    """In the agreements phase the beamer shows every agreement recorded so far, what, who,
    when and the evaluation date, as each save brings it; in other phases, no agreements."""
    runner, file = open_meeting(sessions_dir, clock)
    runner.start()
    clock.advance(30)
    runner.session.set_answer("doel", "doel", "geen notities op het scherm")
    saved(runner, file)
    app = BeamerApp(SessionFollower(sessions_dir, file.path, clock=clock))
    async with app.run_test(size=(160, 45)) as pilot:
        assert "Afspraken tot nu toe" not in await screen_text(pilot)
        runner.jump(5, override=True)  # "Afspraken maken"
        saved(runner, file)
        await app.poll()
        await pilot.pause()
        shown = await screen_text(pilot)
        assert "Fase 6 van 7 · Afspraken maken" in shown
        assert "Nog geen afspraken vastgelegd." in shown

        runner.session.agreements = [
            Agreement(what="Ouders bellen", who="Carla", when="vrijdag"),
            Agreement(
                what="T. zelf betrekken",
                who="Bram",
                when="maandag",
                evaluation_date=date(2026, 12, 14),
            ),
        ]
        saved(runner, file)
        await app.poll()
        await pilot.pause()
        shown = await screen_text(pilot)
        assert "1. Ouders bellen" in shown
        assert "wie: Carla · wanneer: vrijdag · evaluatie: —" in shown
        assert "2. T. zelf betrekken" in shown
        assert "wie: Bram · wanneer: maandag · evaluatie: 14-12-2026" in shown
        assert "geen notities" not in shown
        board = app.query_one("#board-agreements")
        assert board.region.height >= 4 and board.styles.text_style.bold

        runner.next()
        saved(runner, file)
        await app.poll()
        await pilot.pause()
        assert "Ouders bellen" not in await screen_text(pilot)
    file.close()


async def test_at_160x45_the_phase_and_who_speaks_stand_out_beside_a_large_clock(
    sessions_dir: Path, clock: FakeClock
) -> None:
    """Read from the back of the room: the phase title is a band three rows high in reverse
    (the primary colour behind it), who speaks a band of its own; the clocks keep their size
    (at least a third of the height on the beamer, eleven glyph rows in the meeting window)."""
    beamer = beamer_in_state(sessions_dir, clock, "normal")
    meeting = make_app(
        sessions_dir / "window",
        clock,
        path=save_new(sessions_dir / "window", new_session("handelingsgericht", clock)),
    )
    for app, least_glyphs in [(beamer, 15), (meeting, 11)]:
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            title = app.screen.query_one("#header-title")
            who = app.screen.query_one("#header-who")
            screen_background = app.screen.styles.background
            assert title.region.height == 3
            assert title.styles.background != screen_background
            assert title.styles.color == screen_background.inverse or (
                title.styles.color.brightness < title.styles.background.brightness
            )
            assert who.styles.background != screen_background
            assert app.screen.query_one(BigClock).glyph_rows >= least_glyphs


async def test_collection_paused_while_starting_is_on_again_once_the_room_view_is_up(
    sessions_dir: Path, clock: FakeClock
) -> None:
    """`intervisie beamer` starts with garbage collection paused (gc_pause); the beamer runs
    for hours, so it must be on again as soon as its first screen is there, not at the end."""
    import gc

    from intervisie_tui.gc_pause import paused_while_starting

    with paused_while_starting():
        app = beamer_in_state(sessions_dir, clock, "normal")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    gc.unfreeze()
