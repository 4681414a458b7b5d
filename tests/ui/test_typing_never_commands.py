"""The note-taker types without looking: no keystroke typed as text may ever act as a command,
wherever the focus is, in every phase of every shipped protocol.

Each phase is shown the way the timekeeper reaches it, the focus is put on every position that
Tab, shift+Tab and a field's own keys (ctrl+up to its list) can reach, and a sentence holding
every single-key command, space, + - ? and Enter is typed there. The clock, the phase, the bell,
the files on disk and the screen must be exactly as before.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widget import Widget
from textual.widgets import Input, TextArea

from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.ui.keys import RUN_KEYS
from intervisie_tui.ui.widgets.fields import ScaleSelector
from tests.ui.support import (
    SIZE,
    catalog,
    press_quickly,
    run_screen,
    session_app,
    type_text,
)

COMMAND_CHARACTERS = "".join(
    {"space": " ", "plus": "+", "minus": "-", "question_mark": "?"}.get(k.key, k.key)
    for k in RUN_KEYS
    if k.key is not None
)
SENTENCE = f"Ja, n b j m q t r e: {COMMAND_CHARACTERS} + - ? ok.\r"
PROTOCOLS = sorted(catalog().entries)


def files_on_disk(app, *folders: Path) -> set[str]:
    """The files in ``folders`` once the autosave writer is idle (a save in progress has a
    temporary file for a moment: that is not a new file)."""
    run_screen(app).saver.settle()
    found = set()
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            found.update(os.path.join(root, name) for name in names)
    return found


def meeting_state(app) -> tuple[object, ...]:
    runner = run_screen(app).runner
    return (runner.status, runner.current_index, app.muted, type(app.screen).__name__)


async def reachable_positions(pilot) -> list[Widget | None]:
    """Every widget the keyboard can put the focus on in the current phase: the Tab chain in
    both directions, and the lists that their inputs open with ctrl+up."""
    app = pilot.app
    seen: list[Widget | None] = []
    for key in ("tab", "shift+tab"):
        run_screen(app).action_back_to_typing()
        await pilot.pause()
        for _ in range(40):
            if app.focused not in seen:
                seen.append(app.focused)
            await press_quickly(pilot, key)
            if app.focused is seen[0]:
                break
    for widget in list(seen):
        if widget is None:
            continue
        app.screen.set_focus(widget)
        await pilot.pause()
        await press_quickly(pilot, "ctrl+up")
        if app.focused not in seen:
            seen.append(app.focused)
    return seen


async def show_phase(pilot, index: int) -> None:
    screen = run_screen(pilot.app)
    if screen.runner.current_index != index:
        screen.runner.jump(index, override=True)
        await screen._after_move()
    await pilot.pause()


async def type_everywhere(pilot, positions: list[Widget | None], sentence: str, dirs) -> None:
    app = pilot.app
    for widget in positions:
        app.screen.set_focus(widget)
        await pilot.pause()
        before, files = meeting_state(app), files_on_disk(app, *dirs)
        await type_text(pilot, sentence)
        await pilot.pause()
        assert meeting_state(app) == before, f"typing at {widget!r} changed the meeting"
        assert files_on_disk(app, *dirs) == files, f"typing at {widget!r} wrote a file"
        assert app.is_running


@pytest.mark.parametrize("protocol_id", PROTOCOLS)
async def test_typing_in_every_phase_and_position_is_text(
    protocol_id, sessions_dir, clock, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = session_app(sessions_dir, clock, protocol_id)
    async with app.run_test(size=SIZE) as pilot:
        await press_quickly(pilot, "f2")
        screen = run_screen(app)
        assert screen.runner.status is TimerStatus.RUNNING
        for index in range(len(screen.protocol.phases)):
            await show_phase(pilot, index)
            positions = await reachable_positions(pilot)
            assert None not in positions, "Tab must never leave the fields for nowhere"
            # Only what takes text: an Enter typed on a help panel's title would fold it.
            assert all(isinstance(p, TextArea | Input | ScaleSelector) for p in positions), [
                type(p).__name__ for p in positions
            ]
            # Tab really moves: every field of the phase is among the positions reached.
            for spec in screen.protocol.phases[index].recorded_fields:
                editor = screen.query_one(f"#field-{spec.id}")
                assert any(p is not None and editor in p.ancestors for p in positions), spec.id
            await type_everywhere(pilot, positions, SENTENCE, (sessions_dir, tmp_path))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    protocol_id=st.sampled_from(PROTOCOLS),
    phase=st.integers(min_value=0, max_value=20),
    position=st.integers(min_value=0, max_value=20),
    sentence=st.text(
        alphabet=st.sampled_from(list(COMMAND_CHARACTERS + "aeiou .,:;!'\r\t")), max_size=40
    ),
)
async def test_random_sentences_at_random_positions(
    protocol_id, phase, position, sentence, tmp_path_factory
):
    from intervisie_tui.engine.clock import FakeClock
    from tests.ui.support import START

    folder = tmp_path_factory.mktemp("typing")
    sessions_dir = folder / "sessions"
    app = session_app(sessions_dir, FakeClock(START), protocol_id)
    async with app.run_test(size=SIZE) as pilot:
        await press_quickly(pilot, "f2")
        screen = run_screen(app)
        await show_phase(pilot, phase % len(screen.protocol.phases))
        positions = await reachable_positions(pilot)
        widget = positions[position % len(positions)]
        # Tab is a key too: typed into the sentence, it moves between fields and must never
        # land anywhere that reads letters as commands.
        await type_everywhere(pilot, [widget], sentence, (sessions_dir,))


# Every dialog the keys open over the meeting window, as (keys that open it, phase to open it
# in). Typing on while it is open cancels it: the letters j and n, a space and Enter answer
# nothing, and the words land in the field that had the focus.
DIALOG_OPENERS = {
    "back (F3)": (("f3",), 1),
    "jump list (F5)": (("f5",), 1),
    "jump confirmation (F5)": (("f5", "down", "down", "enter"), 1),
    "finish (F4)": (("f4",), -1),
    "stop (F12)": (("f12",), 0),
    "stop (ctrl+q)": (("ctrl+q",), 0),
    "help (F9)": (("f9",), 0),
    "copy (ctrl+s)": (("ctrl+s",), 0),
    "back in timekeeper mode (b)": (("escape", "b"), 1),
}
TYPED_ON = "ja hoor, j n nee\rnou ja "


async def typing_in_phase(pilot, phase: int):  # -> (RunScreen, TextArea)
    """The clock started and the note-taker typing in the first field of ``phase``."""
    await press_quickly(pilot, "f2")
    screen = run_screen(pilot.app)
    await show_phase(pilot, phase % len(screen.protocol.phases))
    screen.action_back_to_typing()
    await pilot.pause()
    field = pilot.app.focused
    assert isinstance(field, TextArea)
    return screen, field


@pytest.mark.parametrize("opener", list(DIALOG_OPENERS))
async def test_typing_on_in_a_dialog_cancels_it_and_types_into_the_field(
    opener, sessions_dir, clock, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    keys, phase = DIALOG_OPENERS[opener]
    app = session_app(sessions_dir, clock, "handelingsgericht")
    async with app.run_test(size=SIZE) as pilot:
        screen, field = await typing_in_phase(pilot, phase)
        written = field.text
        before, files = meeting_state(app), files_on_disk(app, sessions_dir, tmp_path)
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert app.screen is not screen, f"{opener} opened no dialog"
        await type_text(pilot, TYPED_ON)
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert meeting_state(app) == before
        assert files_on_disk(app, sessions_dir, tmp_path) == files
        assert app.focused is field
        assert field.text == written + TYPED_ON.replace("\r", "\n")
        assert not screen.timekeeper


@pytest.mark.parametrize("opener", ["back (F3)", "stop (F12)", "finish (F4)"])
async def test_an_enter_typed_first_in_a_question_answers_no(
    opener, sessions_dir, clock, tmp_path, monkeypatch
):
    """The safe button has the focus: a typed Enter cancels, and the words after it are
    typed into the field."""
    monkeypatch.chdir(tmp_path)
    keys, phase = DIALOG_OPENERS[opener]
    app = session_app(sessions_dir, clock, "handelingsgericht")
    async with app.run_test(size=SIZE) as pilot:
        screen, field = await typing_in_phase(pilot, phase)
        before = meeting_state(app)
        for key in keys:
            await pilot.press(key)
        await type_text(pilot, "\rja")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert meeting_state(app) == before
        assert field.text.endswith("ja")
