"""When saving fails (a full disk), a banner says so, nothing typed is lost, retries follow, and
a copy can be written elsewhere."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Static, TextArea

from intervisie_tui.engine import autosave
from intervisie_tui.engine.store import SessionFile, load_session
from intervisie_tui.ui.app import EXIT_COPY_ONLY, EXIT_NOT_SAVED
from intervisie_tui.ui.screens.dialogs import ExportScreen, UnsavedQuitScreen
from tests.ui.support import SIZE, make_app, new_session, run_screen, save_new, tick, type_text

TYPED = "Wat werkt er al bij L.?"


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch):
    """Switch SessionFile.save between working and a full disk; counts the failed attempts."""

    class Disk:
        full = False
        failures = 0

    original = SessionFile.save

    def save(self: SessionFile, data: bytes | None = None) -> None:
        if Disk.full:
            Disk.failures += 1
            raise OSError(28, "No space left on device")
        original(self, data)

    monkeypatch.setattr(SessionFile, "save", save)
    return Disk


async def test_save_failure_banner_retry_and_export(sessions_dir, clock, disk, tmp_path):
    path = save_new(sessions_dir, new_session("oplossingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        runner = screen.runner
        banner = screen.query_one("#save-banner", Static)
        assert banner.display is False
        await pilot.press("f2")
        await tick(pilot, clock, 5)
        assert banner.display is False

        disk.full = True
        editor = screen.query_one("#field-hulpvraag").query_one(TextArea)
        editor.focus()
        await type_text(pilot, TYPED)
        await tick(pilot, clock, 1)  # the debounced save is due, and fails
        assert disk.failures == 1
        assert banner.display is True
        assert banner.region.height > 0
        assert str(banner.content) == (
            f"⚠ Opslaan mislukt (No space left on device): {path} — niets is verloren, "
            "opnieuw proberen loopt; ctrl+s: kopie elders bewaren"
        )
        # Nothing typed is lost: it is in the session in memory (the file is behind).
        assert runner.session.answer("probleeminventarisatie", "hulpvraag") == TYPED
        assert editor.text == TYPED
        assert load_session(path).phases[0].answers == {}

        # Retries come every 5 s, not on every tick.
        await tick(pilot, clock, 2)
        await tick(pilot, clock, 2)
        assert disk.failures == 1
        assert banner.display is True

        # A copy elsewhere, while the sessions folder still cannot be written: ctrl+s works
        # while typing; the suggestion is in the program's own exports folder.
        await pilot.press("ctrl+s")
        export = app.screen
        assert isinstance(export, ExportScreen)
        field = export.query_one("#export-path", Input)
        assert field.value == str(export.suggestion)
        exports = sessions_dir / "exports"
        assert export.suggestion == exports / f"intervisie-{runner.session.id}.json"
        copy = tmp_path / "usb" / "intervisie-kopie.json"
        copy.parent.mkdir()
        # The focus starts on "Annuleren" (typing on would cancel): back to the path first.
        await pilot.press("shift+tab", "shift+tab")
        assert export.focused is field
        await type_text(pilot, str(copy))  # the suggestion is selected: typing replaces it
        assert field.value == str(copy)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        copied = json.loads(copy.read_text(encoding="utf-8"))
        assert copied["phases"][0]["answers"] == {"hulpvraag": TYPED}
        assert copied["phases"][0]["actual_seconds"] == 10

        # The disk has room again: the next retry (5 s after the last attempt) succeeds.
        disk.full = False
        await tick(pilot, clock, 0.5)
        assert banner.display is True  # 4.5 s since the failed attempt
        await tick(pilot, clock, 0.5)
        assert banner.display is False
        assert str(banner.content) == ""
        saved = load_session(path)
        assert saved.phases[0].answers == {"hulpvraag": TYPED}
        assert saved.phases[0].actual_seconds == 11


async def _stop_while_the_disk_is_full(pilot, disk) -> UnsavedQuitScreen:
    await pilot.press("f2")
    await type_text(pilot, TYPED)
    disk.full = True
    await pilot.press("f12")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, UnsavedQuitScreen)
    return dialog


async def test_stopping_while_the_disk_is_full_offers_a_copy_first(
    sessions_dir, clock, disk, tmp_path
):
    path = save_new(sessions_dir, new_session("oplossingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _stop_while_the_disk_is_full(pilot, disk)
        field = dialog.query_one("#copy-path", Input)
        assert field.value == str(Path.home() / f"intervisie-{path.stem[-8:]}.json")
        # Esc stays in the meeting: nothing is given up.
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        assert run_screen(app).runner.session.answer("probleeminventarisatie", "hulpvraag")
        # Again, now with a copy: the program ends and says where the copy is.
        dialog = await _stop_while_the_disk_is_full(pilot, disk)
        copy = tmp_path / "kopie.json"
        dialog.query_one("#copy-path", Input).value = str(copy)
        await pilot.press("f12")  # the key that asked, again: the copy, then stop
        await pilot.pause()
    assert app.return_code == EXIT_COPY_ONLY
    assert str(copy) in app.return_value
    assert json.loads(copy.read_text(encoding="utf-8"))["phases"][0]["answers"] == {
        "hulpvraag": TYPED + TYPED
    }


async def test_stopping_without_saving_takes_an_explicit_choice_and_says_so(
    sessions_dir, clock, disk
):
    path = save_new(sessions_dir, new_session("oplossingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        await _stop_while_the_disk_is_full(pilot, disk)
        await pilot.click("#discard")
        await pilot.pause()
    assert app.return_code == EXIT_NOT_SAVED
    assert app.return_value == f"LET OP: sessie niet opgeslagen in {path}"


async def test_failing_atomic_write_shows_the_banner_too(sessions_dir, clock, monkeypatch):
    """The failure can come from the atomic write itself (what SessionFile.save calls)."""
    path = save_new(sessions_dir, new_session("oplossingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")

        def no_room(target, data):
            raise OSError(28, "No space left on device")

        import intervisie_tui.engine.store as store

        monkeypatch.setattr(store, "write_atomically", no_room)
        await tick(pilot, clock, 1)  # running: the time is due to be saved
        banner = screen.query_one("#save-banner", Static)
        assert banner.display is True
        assert str(path) in str(banner.content)
        assert screen.saver.error == f"Opslaan mislukt (No space left on device): {path}"
        assert autosave.RETRY_SECONDS == 5.0


async def test_typing_on_while_stopping_cannot_save_stays_in_the_meeting(
    sessions_dir, clock, disk, tmp_path, monkeypatch
):
    """The buttons have the focus, not the path: the note-taker typing on after F12 neither
    stops the program nor writes a copy, and the words land in the field."""
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    path = save_new(sessions_dir, new_session("oplossingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _stop_while_the_disk_is_full(pilot, disk)
        assert "(F12)" in str(dialog.query_one("#copy", Button).label)
        await type_text(pilot, " ja\rj")
        await pilot.pause()
        assert app.is_running
        screen = run_screen(app)
        field = screen.query_one("#phase-body").query_one(TextArea)
        assert field.text == TYPED + " ja\nj"
        assert app.focused is field
    assert not list(tmp_path.glob("intervisie-*.json"))
