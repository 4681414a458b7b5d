"""A session left mid-phase (terminal closed, laptop lid shut) comes back where it was."""

from __future__ import annotations

import shutil

from textual.widgets import Input, TextArea

from intervisie_tui.engine.follow import SessionFollower
from intervisie_tui.engine.session import EventKind, TimerStatus
from intervisie_tui.engine.store import load_session
from tests.ui.support import (
    SIZE,
    clock_digits,
    clock_state,
    make_app,
    new_session,
    phase_title,
    run_screen,
    save_new,
    text_of,
    tick,
    type_text,
)

GOAL = "Kring: vier minuten blijven zitten"


async def test_resume_after_teardown_mid_phase(sessions_dir, clock, tmp_path):
    path = save_new(sessions_dir, new_session("handelingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await tick(pilot, clock, 200)
        await pilot.press("f4")
        await tick(pilot, clock, 500)
        await pilot.press("f4")
        await pilot.pause()
        assert phase_title(app) == "Fase 3 van 7 · Leerkracht formuleert het doel"
        field = app.screen.query_one("#field-doel").query_one(TextArea)
        assert app.focused is field  # a new phase: typing goes to its first field
        await type_text(pilot, GOAL)
        await tick(pilot, clock, 45)

        # The autosave (due a second after an edit, and every second while running) has
        # written both the text and the time.
        autosaved = load_session(path)
        assert autosaved.phases[2].answers == {"doel": GOAL}
        assert autosaved.phases[2].actual_seconds == 45
        assert autosaved.timer.status is TimerStatus.RUNNING
        # What a killed program would leave behind: keep a copy to resume from below.
        crashed = tmp_path / "crashed" / path.name
        crashed.parent.mkdir()
        shutil.copy(path, crashed)

        clock.advance(0.5)  # half a second no tick has seen yet
        # Leave the context without stopping: the app is torn down as by a closed terminal.

    on_disk = load_session(path)
    assert on_disk.phases[2].actual_seconds == 45.5  # saved on the way out
    assert on_disk.status.value == "in_progress"

    resumed = make_app(sessions_dir, clock, path=path)
    async with resumed.run_test(size=SIZE) as pilot:
        screen = run_screen(resumed)
        runner = screen.runner
        assert phase_title(resumed) == "Fase 3 van 7 · Leerkracht formuleert het doel"
        # Back paused: nobody is there to watch a running clock.
        assert runner.status is TimerStatus.PAUSED
        assert clock_state(resumed) == "❚❚ GEPAUZEERD — F2: verder"
        # Paused on the way out already: the file said so while the program was gone.
        assert on_disk.timer.status is TimerStatus.PAUSED
        assert runner.session.events[-1].kind is EventKind.PAUSE
        # 2 min budget, 45.5 s used: 74.5 s left, shown rounded up.
        assert runner.phase_elapsed(2) == 45.5
        assert clock_digits(resumed) == "01:15"
        assert text_of(resumed, "#band-meeting-line").startswith("Totaal 12:25 van 39:00 · ")
        editor = screen.query_one("#field-doel").query_one(TextArea)
        assert editor.text == GOAL

        # The focus is back in the phase's first field, after what was written: typing, with
        # no key pressed first, carries on the text.
        assert resumed.focused is editor
        assert editor.cursor_location == editor.document.end
        await type_text(pilot, " en meedoen")
        assert editor.text == GOAL + " en meedoen"
        assert runner.session.answer("doel", "doel") == GOAL + " en meedoen"

        # The rail (from 100 columns) shows the phases done, with their time against budget.
        await pilot.resize_terminal(160, 45)
        await tick(pilot, clock)
        assert (
            text_of(resumed, "#rail-0") == "✓ 03:20/05:00 1. Leerkracht licht zijn/haar vraag toe"
        )
        assert text_of(resumed, "#rail-1") == (
            "✓ 08:20/10:00 2. Collega's stellen verhelderingsvragen"
        )

        # Time stands still until F2, then carries on from where it was.
        await tick(pilot, clock, 30)
        assert clock_digits(resumed) == "01:15"
        await pilot.press("f2")
        await tick(pilot, clock, 14.5)
        assert clock_digits(resumed) == "01:00"
        assert clock_state(resumed) == "▲ BIJNA TIJD — rond af"

    # The copy a killed program left: the same phase and text, at most a second less time.
    after_crash = make_app(tmp_path / "crashed", clock, path=crashed)
    async with after_crash.run_test(size=SIZE):
        runner = run_screen(after_crash).runner
        assert runner.current_index == 2
        assert runner.status is TimerStatus.PAUSED
        assert runner.session.events[-1].kind is EventKind.RESTORE
        assert runner.phase_elapsed(2) == 45
        assert after_crash.screen.query_one("#field-doel").query_one(TextArea).text == GOAL


async def test_resume_in_a_list_phase_types_into_the_new_item_input(sessions_dir, clock):
    """The first field of a list phase is its input, not the list: after a resume the words
    typed go in as a new item, and Tab goes on to the next input, never to the list."""
    path = save_new(sessions_dir, new_session("handelingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2", "f4", "f4", "f4")
        await pilot.pause()
        await type_text(pilot, "instructie die kort is")
        await pilot.press("enter")
        await tick(pilot, clock, 20)

    resumed = make_app(sessions_dir, clock, path=path)
    async with resumed.run_test(size=SIZE) as pilot:
        screen = run_screen(resumed)
        assert phase_title(resumed) == "Fase 4 van 7 · Collega's formuleren de onderwijsbehoeften"
        field = screen.query_one("#field-onderwijsbehoeften")
        assert resumed.focused is field.query_one(Input)
        await type_text(pilot, "feedback die direct is")
        await pilot.press("enter")
        assert screen.runner.session.answer("onderwijsbehoeften", "onderwijsbehoeften") == [
            "instructie die kort is",
            "feedback die direct is",
        ]
        await pilot.press("tab")
        notes = screen.query_one("#field-aantekeningen").query_one(TextArea)
        assert resumed.focused is notes
        await type_text(pilot, "n b j")
        assert notes.text == "n b j"
        assert screen.runner.current_index == 3
        assert screen.runner.status is TimerStatus.PAUSED


async def test_a_session_open_elsewhere_is_not_opened_twice(sessions_dir, clock):
    path = save_new(sessions_dir, new_session("handelingsgericht", clock))
    first = make_app(sessions_dir, clock, path=path)
    async with first.run_test(size=SIZE):
        home = make_app(sessions_dir, clock)
        async with home.run_test(size=SIZE) as pilot:
            home.resume_session(path)
            await pilot.pause()
            assert type(home.screen).__name__ == "HomeScreen"
            [note] = list(home._notifications)
            assert "deze sessie is geopend in een ander programma" in note.message


def followed(path, clock) -> SessionFollower:
    """What a beamer window following ``path`` reads, now."""
    follower = SessionFollower(path.parent, path, clock=clock)
    follower.poll()
    return follower


async def test_stopping_while_the_clock_runs_leaves_the_file_paused(sessions_dir, clock):
    """F12 and yes with the clock running: the file is paused before it is unlocked, so a
    beamer following it stops counting and a resume needs no second F2."""
    path = save_new(sessions_dir, new_session("handelingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await tick(pilot, clock, 30)
        assert followed(path, clock).session.timer.status is TimerStatus.RUNNING
        await pilot.press("f12", "f12")
        await pilot.pause()
    assert app.return_value.startswith("Sessie bewaard in ")
    beamer = followed(path, clock)
    assert beamer.session.timer.status is TimerStatus.PAUSED
    assert beamer.session.events[-1].kind is EventKind.PAUSE
    shown = beamer.snapshot().phases[0].actual_seconds
    clock.advance(60)
    assert beamer.snapshot().phases[0].actual_seconds == shown == 30
    # Unlocked: the session opens again, paused, and F2 once runs the clock.
    resumed = make_app(sessions_dir, clock, path=path)
    async with resumed.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await tick(pilot, clock)
        assert followed(path, clock).session.timer.status is TimerStatus.RUNNING


async def test_a_file_left_running_is_saved_paused_as_soon_as_it_opens(
    sessions_dir, clock, tmp_path
):
    """A killed program leaves the file running; the meeting window takes it back paused and
    writes that at once, before any key: the beamer agrees within its next poll."""
    path = save_new(sessions_dir, new_session("handelingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await tick(pilot, clock, 20)
        killed = tmp_path / "killed" / path.name
        killed.parent.mkdir()
        shutil.copy(path, killed)  # the file as a killed program leaves it
    assert followed(killed, clock).session.timer.status is TimerStatus.RUNNING

    reopened = make_app(killed.parent, clock, path=killed)
    async with reopened.run_test(size=SIZE) as pilot:
        assert run_screen(reopened).runner.status is TimerStatus.PAUSED
        beamer = followed(killed, clock)
        assert beamer.session.timer.status is TimerStatus.PAUSED
        assert beamer.session.events[-1].kind is EventKind.RESTORE


async def test_collection_paused_while_starting_is_on_again_once_the_meeting_is_up(
    sessions_dir, clock
):
    """`intervisie resume` starts with garbage collection paused (gc_pause); a meeting runs
    for an hour, so it must be on again as soon as its first screen is there, not at the end."""
    import gc

    from intervisie_tui.gc_pause import paused_while_starting

    with paused_while_starting():
        path = save_new(sessions_dir, new_session("handelingsgericht", clock))
        app = make_app(sessions_dir, clock, path=path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    gc.unfreeze()
