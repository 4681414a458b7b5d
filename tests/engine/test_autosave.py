"""AutoSaver: debounced edits, a save per second while the clock runs, failures and retries."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from intervisie_tui.engine import store
from intervisie_tui.engine.autosave import RETRY_SECONDS, AutoSaver
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.store import SessionFile, create_session_file, load_session
from tests.builders import make_session


class FlakyDisk:
    """Stands in for store.write_atomically; fails with ENOSPC while ``broken``."""

    def __init__(self) -> None:
        self.broken = False
        self.attempts = 0
        self._real = store.write_atomically

    def __call__(self, path: Path, data: bytes) -> None:
        self.attempts += 1
        if self.broken:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._real(path, data)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def handle(tmp_path: Path, clock: FakeClock) -> Iterator[SessionFile]:
    file = create_session_file(tmp_path / "sessies", make_session(clock=clock))
    yield file
    file.close()


@pytest.fixture
def runner(handle: SessionFile, clock: FakeClock) -> SessionRunner:
    return SessionRunner(handle.session, clock)


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> FlakyDisk:
    flaky = FlakyDisk()
    monkeypatch.setattr(store, "write_atomically", flaky)
    return flaky


def on_disk(handle: SessionFile) -> dict:
    return json.loads(handle.path.read_bytes())


def test_edits_are_debounced(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    handle.session.case.help_question = "eerste letter"
    saver.changed()
    clock.advance(0.5)
    handle.session.case.help_question = "eerste letters getypt"
    saver.changed()  # later keystrokes do not postpone the save forever
    clock.advance(0.49)
    assert saver.poll() is False
    assert (saver.saves, disk.attempts) == (0, 0)
    assert on_disk(handle)["case"]["help_question"] == ""
    clock.advance(0.01)
    assert saver.poll() is True
    assert (saver.saves, disk.attempts) == (1, 1)
    assert on_disk(handle)["case"]["help_question"] == "eerste letters getypt"
    clock.advance(10)
    assert saver.poll() is False  # nothing new, clock not running
    assert disk.attempts == 1


def test_nothing_to_save_means_no_writes(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    for _ in range(10):
        clock.advance(1)
        assert saver.poll() is False
    assert disk.attempts == 0


def test_running_clock_is_saved_every_second(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    clock.advance(0.6)
    assert saver.poll() is False
    clock.advance(0.4)
    assert saver.poll() is True
    assert on_disk(handle)["phases"][0]["visits"][0]["seconds"] == 1.0
    for second in range(2, 6):
        clock.advance(0.5)
        assert saver.poll() is False
        clock.advance(0.5)
        assert saver.poll() is True
        assert on_disk(handle)["phases"][0]["actual_seconds"] == second
    assert saver.saves == 5
    runner.pause()
    saver.changed()
    clock.advance(1)
    assert saver.poll() is True  # the pause itself
    clock.advance(5)
    assert saver.poll() is False  # paused: no more time to save
    assert on_disk(handle)["timer"]["status"] == "paused"
    assert on_disk(handle)["phases"][0]["actual_seconds"] == 5


def test_flush_saves_now(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    clock.advance(0.25)
    runner.next()
    assert saver.flush() is True
    assert saver.saves == 1
    saved = on_disk(handle)
    assert saved["timer"]["current_phase"] == 1
    assert saved["events"][-1]["kind"] == "next"
    saver.changed()
    assert saver.flush() is True
    clock.advance(1)
    assert saver.poll() is True  # only because the clock runs, not for the flushed edit
    assert saver.saves == 3


def test_save_failure_reports_keeps_data_and_retries(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    disk.broken = True
    handle.session.case.help_question = "niet kwijtraken"
    saver.changed()
    clock.advance(1)
    saver.poll()
    assert disk.attempts == 1
    assert saver.error is not None
    assert str(handle.path) in saver.error
    assert "No space left on device" in saver.error
    assert handle.session.case.help_question == "niet kwijtraken"
    assert on_disk(handle)["case"]["help_question"] == ""

    clock.advance(RETRY_SECONDS - 0.5)
    assert saver.poll() is False
    assert disk.attempts == 1  # no hammering of a full disk

    clock.advance(0.5)
    saver.poll()
    assert disk.attempts == 2
    assert saver.error is not None

    disk.broken = False
    clock.advance(RETRY_SECONDS)
    assert saver.poll() is True
    assert disk.attempts == 3
    assert saver.error is None
    assert on_disk(handle)["case"]["help_question"] == "niet kwijtraken"
    assert saver.saves == 1


def test_failure_while_running_is_retried_without_new_edits(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    disk.broken = True
    clock.advance(1)
    assert saver.poll() is False
    assert saver.error is not None
    runner.pause()
    disk.broken = False
    clock.advance(RETRY_SECONDS)
    assert saver.poll() is True
    assert saver.error is None
    saved = on_disk(handle)
    assert (saved["timer"]["status"], saved["phases"][0]["actual_seconds"]) == ("paused", 1)


def test_flush_failure_returns_false_and_sets_error(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    disk.broken = True
    assert saver.flush() is False
    assert saver.error == f"Opslaan mislukt (No space left on device): {handle.path}"
    disk.broken = False
    assert saver.flush() is True
    assert saver.error is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_sets_error_and_recovers(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    folder = handle.path.parent
    folder.chmod(0o500)
    try:
        saver.changed()
        clock.advance(1)
        assert saver.poll() is False
        assert saver.error is not None
        assert str(handle.path) in saver.error
    finally:
        folder.chmod(0o700)
    clock.advance(RETRY_SECONDS)
    assert saver.poll() is True
    assert saver.error is None


def test_export_writes_a_private_valid_copy(
    tmp_path: Path, handle: SessionFile, runner: SessionRunner, clock: FakeClock
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    clock.advance(12.5)
    handle.session.case.help_question = "alleen in het geheugen"
    target = tmp_path / "usb" / "kopie.json"
    target.parent.mkdir()
    saver.export_to(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    copy = load_session(target)
    assert copy.id == handle.session.id
    assert copy.case.help_question == "alleen in het geheugen"
    assert copy.phases[0].actual_seconds == 12.5
    assert on_disk(handle)["case"]["help_question"] == ""  # the session file itself untouched


def test_path_is_the_session_file(handle: SessionFile, runner: SessionRunner) -> None:
    assert AutoSaver(runner, handle, clock=FakeClock()).path == handle.path
