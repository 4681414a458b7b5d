"""The timekeeper's keys: every RUN_KEYS entry as its always-working key (F-key or ctrl) and,
in timekeeper mode only, as a single key."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, TextArea

from intervisie_tui.engine.session import Participant, Role, TimerStatus
from intervisie_tui.ui.keys import RUN_KEYS
from intervisie_tui.ui.screens.dialogs import ConfirmScreen, JumpScreen, key_name
from intervisie_tui.ui.screens.help import HelpScreen
from tests.ui.support import (
    SIZE,
    clock_digits,
    make_app,
    new_session,
    run_screen,
    save_new,
    screen_text,
    session_app,
    text_of,
    type_text,
)

KEYS = {k.action: k for k in RUN_KEYS}


def test_the_key_map_is_the_one_documented():
    assert [(k.action, k.key, k.typing_key) for k in RUN_KEYS] == [
        ("toggle_pause", "space", "f2"),
        ("next_phase", "n", "f4"),
        ("previous_phase", "b", "f3"),
        ("extend", "plus", "f6"),
        ("shorten", "minus", "f7"),
        ("jump", "j", "f5"),
        ("next_turn", "t", "ctrl+t"),
        ("previous_turn", "r", "ctrl+r"),
        ("mute", "m", "f8"),
        ("help", "question_mark", "f9"),
        ("export", None, "ctrl+s"),
        ("quit_session", "q", "f12"),
    ]


def flexible_app(sessions_dir, clock):
    """Oplossingsgericht: flexible order (no confirmations), and every phase has a text field."""
    return session_app(sessions_dir, clock, "oplossingsgericht")


def text_field(app) -> TextArea | Input:
    """The first place to type in the current phase: a TextArea, or a list's Input."""
    return app.screen.query_one("#phase-body").query("TextArea, Input").first()


async def press(pilot, action: str, *, typing: bool) -> TextArea | Input | None:
    """Press the key for ``action``: the F-key with a text field focused, or Esc (timekeeper
    mode) and then the single key. Returns the field that had focus, if any."""
    app = pilot.app
    if typing:
        field = text_field(app)
        field.focus()
        await pilot.pause()
        assert app.focused is field
        await pilot.press(KEYS[action].typing_key)
        return field
    if app.focused is not None or not run_screen(app).timekeeper:
        await pilot.press("escape")
    assert run_screen(app).timekeeper
    await pilot.press(KEYS[action].key)
    return None


def field_text(field: TextArea | Input) -> str:
    return field.text if isinstance(field, TextArea) else field.value


@pytest.mark.parametrize("typing", [False, True], ids=["timekeeper-mode", "f-key-while-typing"])
async def test_every_run_key_does_its_action(sessions_dir, clock, typing):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        assert runner.status is TimerStatus.NOT_STARTED
        assert clock_digits(app) == "03:00"

        # toggle_pause: start, pause, carry on.
        field = await press(pilot, "toggle_pause", typing=typing)
        assert runner.status is TimerStatus.RUNNING
        assert runner.current_index == 0
        if field is not None:
            assert field_text(field) == ""  # the F-key typed nothing
            assert app.focused is field  # and the field keeps focus
        await press(pilot, "toggle_pause", typing=typing)
        assert runner.status is TimerStatus.PAUSED
        await press(pilot, "toggle_pause", typing=typing)
        assert runner.status is TimerStatus.RUNNING

        # extend / shorten: one minute more or less for this phase.
        await press(pilot, "extend", typing=typing)
        assert runner.session.phases[0].adjustment_seconds == 60
        assert clock_digits(app) == "04:00"
        await press(pilot, "shorten", typing=typing)
        await press(pilot, "shorten", typing=typing)
        assert runner.session.phases[0].adjustment_seconds == -60
        assert clock_digits(app) == "02:00"

        # next_phase / previous_phase (flexible: no confirmation).
        await press(pilot, "next_phase", typing=typing)
        await pilot.pause()
        assert runner.current_index == 1
        assert text_of(app, "#header-title") == "Fase 2 van 6 · Appreciating: wat gaat goed?"
        await press(pilot, "previous_phase", typing=typing)
        await pilot.pause()
        assert runner.current_index == 0
        assert app.screen is screen

        # jump: the phase picker opens on the next phase; enter takes it.
        await press(pilot, "jump", typing=typing)
        assert isinstance(app.screen, JumpScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert runner.current_index == 1

        # mute: the bell goes off and on; the title says so.
        await press(pilot, "mute", typing=typing)
        assert app.muted is True
        assert text_of(app, "#run-title").endswith(" · bel uit")
        await press(pilot, "mute", typing=typing)
        assert app.muted is False
        assert "bel uit" not in text_of(app, "#run-title")

        # help: the overlay opens, escape closes it.
        await press(pilot, "help", typing=typing)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen is screen

        # export (ctrl+s only, in either mode): asks where, with the program's exports
        # folder suggested; the key again writes the copy there.
        await pilot.press("ctrl+s")
        assert app.screen is not screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        copy = sessions_dir / "exports" / f"intervisie-{runner.session.id}.json"
        assert json.loads(copy.read_text(encoding="utf-8"))["id"] == runner.session.id
        assert runner.status is TimerStatus.RUNNING
        assert [e.kind.value for e in runner.session.events] == [
            "start",
            "pause",
            "resume",
            "adjust",
            "adjust",
            "adjust",
            "next",
            "previous",
            "jump",
        ]


@pytest.mark.parametrize("keys", [("escape", "q"), ("f12",), ("ctrl+q",)])
async def test_stopping_asks_first_then_keeps_the_session_resumable(sessions_dir, clock, keys):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")
        clock.advance(42)
        typing = keys != ("escape", "q")
        if typing:
            await type_text(pilot, "bijna klaar")
        # No (Esc, or Enter on the button that has the focus first): the meeting goes on.
        for stay in ("escape", "enter"):
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            # The folder is not the default one: the command says which it is.
            detail = str(app.screen.query_one(".dialog-detail").content)
            assert f"intervisie --sessions-dir {sessions_dir} resume " in detail
            await pilot.press(stay)
            await pilot.pause()
            assert app.screen is screen and app.is_running
        # Yes: the key that asked, pressed again (F12 for q in timekeeper mode, which is the
        # key the button names).
        await pilot.press(*keys)
        await pilot.pause()
        again = "ctrl+q" if keys == ("ctrl+q",) else "f12"
        assert f"Stoppen ({key_name(again)})" in await screen_text(pilot)
        await pilot.press(again)
        await pilot.pause()
    [path] = sessions_dir.glob("*.json")
    assert app.return_value == (
        f"Sessie bewaard in {path} — verder met: "
        f"intervisie --sessions-dir {sessions_dir} resume {path.stem[-8:]}"
    )
    from intervisie_tui.engine.store import load_session

    session = load_session(path)
    assert session.status.value == "in_progress"
    assert session.phases[0].actual_seconds == 42
    if typing:
        assert session.phases[0].answers == {"hulpvraag": "bijna klaar"}


@pytest.mark.parametrize("widget", ["TextArea", "Input"])
async def test_single_letters_typed_into_a_field_stay_text(sessions_dir, clock, widget):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        await pilot.press("f2")
        if widget == "Input":  # phase 2 records a list: its "new item" Input
            await pilot.press("f4")
            await pilot.pause()
        field = screen.query_one("#phase-body").query_one(widget)
        field.focus()
        typed = "n b j m q e + - ? [x]"
        await type_text(pilot, typed)
        assert field_text(field) == typed
        # Nothing moved, paused, muted, opened or quit.
        assert app.screen is screen
        assert app.is_running
        assert runner.current_index == (1 if widget == "Input" else 0)
        assert runner.status is TimerStatus.RUNNING
        assert app.muted is False
        assert all(p.adjustment_seconds == 0 for p in runner.session.phases)
        assert app.focused is field
        if widget == "TextArea":
            assert runner.session.answer("probleeminventarisatie", "hulpvraag") == typed
        else:
            await pilot.press("enter")
            assert runner.session.answer("appreciating", "wat-werkt-al") == [typed]

        # Escape leaves the field for timekeeper mode; then the single keys work, and the new
        # phase puts the focus in its first field again, which ends the mode.
        await pilot.press("escape")
        assert app.focused is None
        assert screen.timekeeper
        assert screen.query_one("#timekeeper-banner").display is True
        await pilot.press("n")
        await pilot.pause()
        assert runner.current_index == (2 if widget == "Input" else 1)
        assert not screen.timekeeper
        assert app.focused is text_field(app)


async def test_without_timekeeper_mode_single_keys_do_nothing_even_with_no_focus(
    sessions_dir, clock
):
    """A click on the clock can leave nothing focused: that is not timekeeper mode."""
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")
        screen.set_focus(None)
        await pilot.pause()
        await type_text(pilot, " nbjmq+-?tr")
        assert screen.runner.status is TimerStatus.RUNNING
        assert screen.runner.current_index == 0
        assert screen.runner.session.phases[0].adjustment_seconds == 0
        assert app.screen is screen and not app.muted


@pytest.mark.parametrize("key", ["tab", "enter"])
async def test_tab_or_enter_leaves_timekeeper_mode_for_the_first_field(sessions_dir, clock, key):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        assert app.focused is text_field(app)  # the phase opens with the focus in its field
        await pilot.press("escape")
        assert screen.timekeeper and app.focused is None
        await pilot.press(key)
        await pilot.pause()
        assert not screen.timekeeper
        assert app.focused is text_field(app)
        await type_text(pilot, "n")
        assert field_text(text_field(app)) == "n"


async def test_the_key_bar_follows_the_mode_and_the_clock(sessions_dir, clock):
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        bar = lambda: text_of(app, "#key-bar")  # noqa: E731
        assert bar().startswith("F2 Start  F4 Volgende")
        assert bar().endswith("esc tijdbewaker")
        await pilot.press("f2")
        assert bar().startswith("F2 Pauze")
        await pilot.press("f2")
        assert bar().startswith("F2 Verder")
        await pilot.press("escape")
        assert bar().startswith("␣ Verder  n Volgende")
        assert bar().endswith("tab/enter typen")
        # A wider screen shows every key; a copy has no single key (it writes a file), and the
        # turn keys show only in a round.
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert "ctrl+s Kopie" in bar()
        assert "Beurt" not in bar()
        for width in (60, 80, 120, 160):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            assert len(bar()) <= width - 2
            assert "Hulp" in bar()


async def test_turn_keys_move_the_turn_in_a_round_and_record_it(sessions_dir, clock):
    """Handelingsgericht phase 2 is a round: ctrl+t moves the turn on, ctrl+r back, while
    typing too; each start of a turn is an event, and the header names who speaks next."""
    session = new_session("handelingsgericht", clock)
    session.participants = [
        *session.participants,
        Participant(name="Dirk", roles=[Role.DEELNEMER]),
        Participant(name="Eva", roles=[Role.DEELNEMER]),
    ]
    app = make_app(sessions_dir, clock, path=save_new(sessions_dir, session))
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        await pilot.press("f2")
        # Not a round: the key says so and changes nothing.
        await pilot.press("ctrl+t")
        assert runner.snapshot().turn is None
        await pilot.press("f4")
        await pilot.pause()
        turn = runner.snapshot().turn
        assert turn is not None and turn.number == 1
        header = text_of(app, "#header-turn")
        assert header.startswith(f"Beurt 1 van {turn.count}: {turn.speaker}")
        await type_text(pilot, "vraag van ")
        await pilot.press("ctrl+t")
        assert runner.snapshot().turn.number == 2
        assert text_of(app, "#header-turn").startswith(f"Beurt 2 van {turn.count}: ")
        await pilot.press("escape", "r")  # the same in timekeeper mode, with single keys
        assert runner.snapshot().turn.number == 1
        kinds = [event.kind.value for event in runner.session.events]
        assert kinds.count("turn") == 3  # entering the round, on, back
        # The keystrokes were turn commands, not text.
        assert screen.query_one("#field-aantekeningen").query_one("TextArea").text == "vraag van "


async def test_a_round_nobody_takes_part_in_offers_no_turn_keys(sessions_dir, clock):
    """Leren van successen, "Verdieping": the parents ask in turn ("ouders vragen"). Without
    anyone in the role ouder nobody has a turn: the key bar offers no turn keys, and ctrl+t
    says why."""
    session = new_session("leren-van-successen", clock)
    assert not any(Role.OUDER in p.roles for p in session.participants)
    index = next(i for i, p in enumerate(session.protocol.phases) if p.round)
    app = make_app(sessions_dir, clock, path=save_new(sessions_dir, session))
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")
        screen.runner.jump(index, override=True)
        await screen.show_phase()
        screen.tick()
        await pilot.pause()
        assert screen.protocol.phases[index].round
        assert "Beurt" not in text_of(app, "#key-bar")
        await pilot.press("ctrl+t")
        await pilot.pause()
        [note] = list(app._notifications)
        assert "niemand" in note.message and "die rol" in note.message


async def test_timekeeper_mode_ends_at_the_first_key_that_is_no_command(sessions_dir, clock):
    """Esc, then a sentence: the mode lasts only while its keys are used; the first other
    character is typed into the field that was left, and so is the rest."""
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2", "f4")
        await pilot.pause()
        fields = list(screen.query_one("#phase-body").query("TextArea, Input"))
        last = fields[-1]  # not the first field: the mode returns to the one it was left from
        assert last is not fields[0]
        last.focus()
        await type_text(pilot, "Al ")
        await pilot.press("escape")
        assert screen.timekeeper and app.focused is None
        await type_text(pilot, "Het gaat goed, dan n b j.")
        await pilot.pause()
        assert not screen.timekeeper
        assert app.focused is last
        assert field_text(last) == "Al Het gaat goed, dan n b j."
        assert app.screen is screen
        assert screen.runner.current_index == 1
        assert screen.runner.status is TimerStatus.RUNNING


async def test_after_the_last_item_is_deleted_the_hint_says_where_typing_goes(
    sessions_dir, clock
):
    """The list the note-taker was in disappears; the hint under the input says the keys go
    there now, and typing on after Esc lands in it, not in the timekeeper's commands."""
    app = flexible_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2", "f4")
        await pilot.pause()
        field = text_field(app)
        assert isinstance(field, Input)
        await type_text(pilot, "Vaste plek\r")
        await pilot.press("ctrl+up", "delete")
        await pilot.pause()
        assert app.focused is field
        hint = field.parent.query_one(".field-hint")
        assert hint.display and "invoerveld" in str(hint.content)
        await pilot.press("escape")
        assert screen.timekeeper
        await type_text(pilot, "Kaart op tafel")
        assert app.focused is field and field.value == "Kaart op tafel"
        assert screen.runner.current_index == 1
