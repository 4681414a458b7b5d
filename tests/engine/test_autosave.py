"""AutoSaver: copies on the UI thread, one writer thread, at most a second lost, failures retried.

Everything runs on a FakeClock. The writer is a real thread; ``settle()`` lets it do what is due
at the fake time before a test looks at the file, so no test sleeps.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervisie_tui.engine import store
from intervisie_tui.engine.atomic import RefusedTarget
from intervisie_tui.engine.autosave import (
    DEBOUNCE_SECONDS,
    REFRESH_SECONDS,
    RETRY_SECONDS,
    AutoSaver,
)
from intervisie_tui.engine.clock import FakeClock, ScaledClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.store import (
    SessionFile,
    create_session_file,
    encode,
    load_session,
    serialize,
)
from tests.builders import make_session


class FlakyDisk:
    """Stands in for store.write_atomically: fails with ENOSPC while ``broken``, and holds a
    write until ``gate`` is set when one is given (a slow disk)."""

    def __init__(self) -> None:
        self.broken = False
        self.attempts = 0
        self.gate: threading.Event | None = None
        self.writing = threading.Event()
        self._real = store.write_atomically

    def __call__(self, path: Path, data: bytes) -> None:
        self.attempts += 1
        if self.gate is not None:
            self.writing.set()
            assert self.gate.wait(10), "the test never opened the gate"
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


def seconds_on_disk(handle: SessionFile) -> float:
    return on_disk(handle)["phases"][0]["actual_seconds"]


def test_an_edit_is_copied_at_the_next_poll_and_written_by_the_writer(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    assert saver.delay == DEBOUNCE_SECONDS < 1
    handle.session.case.help_question = "eerste letter"
    saver.changed()
    handle.session.case.help_question = "eerste letters getypt"
    saver.changed()
    assert disk.attempts == 0  # a keystroke is never written by itself
    assert saver.poll() is True
    assert saver.settle() is True
    assert (saver.saves, disk.attempts) == (1, 1)
    assert on_disk(handle)["case"]["help_question"] == "eerste letters getypt"
    clock.advance(10)
    assert saver.poll() is False  # nothing new, clock not running
    assert saver.settle() is True
    assert disk.attempts == 1


def test_nothing_to_save_means_no_writes(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    for _ in range(10):
        clock.advance(1)
        assert saver.poll() is False
        saver.settle()
    assert disk.attempts == 0


def test_the_writer_keeps_the_running_time_on_disk_without_any_poll(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    assert saver.flush() is True
    assert seconds_on_disk(handle) == 0
    clock.advance(REFRESH_SECONDS - 0.01)
    saver.settle()
    assert (saver.saves, seconds_on_disk(handle)) == (1, 0)
    clock.advance(0.01)
    saver.settle()
    assert (saver.saves, seconds_on_disk(handle)) == (2, REFRESH_SECONDS)
    for step in range(2, 12):
        clock.advance(REFRESH_SECONDS)
        saver.settle()
        assert seconds_on_disk(handle) == step * REFRESH_SECONDS
    # What the writer wrote on its own is exactly what the UI thread would have saved now.
    runner.sync()
    assert handle.path.read_bytes() == serialize(handle.session)
    assert on_disk(handle)["timer"]["synced_at"] is not None


def test_a_pause_stops_the_time_saves(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    saver.flush()
    clock.advance(3)
    runner.pause()  # without a flush: the next redraw's poll notices the runner moved
    assert saver.poll() is True
    saver.settle()
    attempts = disk.attempts
    clock.advance(5)
    saver.settle()
    assert disk.attempts == attempts
    saved = on_disk(handle)
    assert (saved["timer"]["status"], saved["phases"][0]["actual_seconds"]) == ("paused", 3)


def test_rehearsal_time_runs_at_its_speed_but_saves_at_real_pace(
    handle: SessionFile, clock: FakeClock, disk: FlakyDisk
) -> None:
    runner = SessionRunner(handle.session, ScaledClock(60, base=clock))
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    saver.flush()
    clock.advance(REFRESH_SECONDS)
    saver.settle()
    assert saver.saves == 2
    assert seconds_on_disk(handle) == pytest.approx(60 * REFRESH_SECONDS)


def test_flush_saves_now_on_the_callers_thread(
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
    assert saver.poll() is False  # the flush took everything


def test_a_slow_disk_never_holds_up_poll_and_only_the_newest_copy_follows(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    disk.gate = threading.Event()
    handle.session.case.help_question = "een"
    saver.changed()
    saver.poll()
    assert disk.writing.wait(10)  # the writer is stuck on the disk with "een"
    for text in ("twee", "drie", "vier"):
        handle.session.case.help_question = text
        saver.changed()
        assert saver.poll() is True  # returns although the disk is busy
    disk.gate.set()
    assert saver.settle() is True
    assert disk.attempts == 2  # "een", then only the newest: "vier"
    assert on_disk(handle)["case"]["help_question"] == "vier"


def test_save_failure_reports_keeps_data_and_retries(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    disk.broken = True
    handle.session.case.help_question = "niet kwijtraken"
    saver.changed()
    saver.poll()
    assert saver.settle() is False
    assert disk.attempts == 1
    assert saver.error == f"Opslaan mislukt (No space left on device): {handle.path}"
    assert handle.session.case.help_question == "niet kwijtraken"
    assert on_disk(handle)["case"]["help_question"] == ""

    handle.session.case.help_question = "niet kwijtraken, nooit"
    saver.changed()
    clock.advance(RETRY_SECONDS - 0.5)
    saver.poll()
    saver.settle()
    assert disk.attempts == 1  # no hammering of a full disk

    clock.advance(0.5)
    saver.settle()
    assert disk.attempts == 2
    assert saver.error is not None

    disk.broken = False
    clock.advance(RETRY_SECONDS)
    assert saver.settle() is True
    assert disk.attempts == 3
    assert saver.error is None
    assert on_disk(handle)["case"]["help_question"] == "niet kwijtraken, nooit"
    assert saver.saves == 1


def test_failure_while_running_is_retried_with_the_time_up_to_date(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    saver.flush()
    disk.broken = True
    clock.advance(1)
    saver.settle()
    assert saver.error is not None
    attempts = disk.attempts
    for _ in range(4):
        clock.advance(1)
        saver.settle()
    assert disk.attempts == attempts  # time saves back off too
    disk.broken = False
    clock.advance(1)
    assert saver.settle() is True
    assert seconds_on_disk(handle) == 6


def test_flush_failure_returns_false_and_a_later_flush_wins_over_the_failed_copy(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    disk.broken = True
    handle.session.case.help_question = "oud"
    assert saver.flush() is False
    assert saver.error == f"Opslaan mislukt (No space left on device): {handle.path}"
    disk.broken = False
    handle.session.case.help_question = "nieuw"
    assert saver.flush() is True
    assert saver.error is None
    clock.advance(RETRY_SECONDS)
    assert saver.settle() is True
    assert on_disk(handle)["case"]["help_question"] == "nieuw"
    assert disk.attempts == 2  # the failed copy is not retried over the newer one


def test_an_unexpected_failure_keeps_the_writer_alive(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in writing must not end the writer thread silently: it is a failed save like any
    other, shown in the banner and retried."""
    from intervisie_tui.engine import autosave

    saver = AutoSaver(runner, handle, clock=clock)
    real_encode = autosave.encode
    monkeypatch.setattr(autosave, "encode", lambda raw: raw["bestaat niet"])
    handle.session.case.help_question = "bewaren"
    saver.changed()
    saver.poll()
    assert saver.settle() is False
    assert saver.error == f"Opslaan mislukt (interne fout: KeyError): {handle.path}"
    monkeypatch.setattr(autosave, "encode", real_encode)
    clock.advance(RETRY_SECONDS)
    assert saver.settle() is True
    assert on_disk(handle)["case"]["help_question"] == "bewaren"


def test_nothing_is_written_once_the_file_is_closed(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock, disk: FlakyDisk
) -> None:
    """Closing gives up the lock: a write after that could overwrite another program's."""
    saver = AutoSaver(runner, handle, clock=clock)
    runner.start()
    saver.flush()
    handle.close()
    before = handle.path.read_bytes()
    clock.advance(5)
    handle.session.case.help_question = "te laat"
    saver.changed()
    saver.poll()
    saver.settle()
    assert handle.path.read_bytes() == before
    assert saver.flush() is False


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_sets_error_and_recovers(
    handle: SessionFile, runner: SessionRunner, clock: FakeClock
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    folder = handle.path.parent
    folder.chmod(0o500)
    try:
        saver.changed()
        saver.poll()
        assert saver.settle() is False
        assert saver.error is not None
        assert str(handle.path) in saver.error
    finally:
        folder.chmod(0o700)
    clock.advance(RETRY_SECONDS)
    assert saver.settle() is True
    assert saver.error is None


def test_encoded_copy_equals_serialize(handle: SessionFile, runner: SessionRunner) -> None:
    runner.start()
    runner.sync()
    session = handle.session
    assert encode(session.model_dump(mode="json")) == serialize(session)


# -- the guarantee, on the run screen's calling pattern -------------------------------------------

STEP = 0.02


@settings(max_examples=15, deadline=None)
@given(
    keystrokes=st.lists(st.floats(0.0, 9.0), min_size=1, max_size=40),
    jitter=st.floats(0.0, 0.05),
)
def test_typing_and_time_are_on_disk_within_a_second(
    tmp_path_factory: pytest.TempPathFactory, keystrokes: list[float], jitter: float
) -> None:
    """Redraws once a (slightly late) second, a debounce timer started by the first unsaved
    keystroke and not restarted by a redraw's save, typing at random moments: at every moment
    the file holds every keystroke older than the debounce delay and the running time to within
    the writer's refresh interval (plus the step of this simulation)."""
    clock = FakeClock()
    handle = create_session_file(tmp_path_factory.mktemp("s"), make_session(clock=clock))
    try:
        runner = SessionRunner(handle.session, clock)
        saver = AutoSaver(runner, handle, clock=clock)
        runner.start()
        saver.flush()
        start = clock.monotonic()
        typed: list[float] = []  # elapsed time of each keystroke; the answer holds their count
        pending = sorted(keystrokes)
        next_tick = 1.0 + jitter
        debounce: float | None = None
        elapsed = 0.0
        while elapsed < 10.0:
            clock.advance(STEP)
            elapsed = clock.monotonic() - start
            while pending and pending[0] <= elapsed:
                pending.pop(0)
                typed.append(elapsed)
                handle.session.case.help_question = "x" * len(typed)
                saver.changed()
                if debounce is None:
                    debounce = elapsed + saver.delay
            if debounce is not None and elapsed >= debounce:
                debounce = None
                saver.poll()
            if elapsed >= next_tick:
                next_tick += 1.0 + jitter
                saver.poll()
            saver.settle()
            saved = on_disk(handle)
            count = len(saved["case"]["help_question"])
            lost_typing = [t for t in typed[count:] if elapsed - t > saver.delay + STEP * 1.5]
            assert lost_typing == []
            lost_time = elapsed - saved["phases"][0]["actual_seconds"]
            assert lost_time <= REFRESH_SECONDS + STEP * 1.5
    finally:
        handle.close()


# -- a copy elsewhere ----------------------------------------------------------------------------


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


def test_export_refuses_links_and_session_names_in_the_sessions_folder(
    tmp_path: Path, handle: SessionFile, runner: SessionRunner, clock: FakeClock
) -> None:
    saver = AutoSaver(runner, handle, clock=clock)
    secret = tmp_path / "elders.txt"
    secret.write_text("van iemand anders")
    link = tmp_path / "kopie.json"
    link.symlink_to(secret)
    folder = handle.path.parent
    for target, reason in [
        (link, "symbolische koppeling"),
        (folder / "kopie.json", "sessiemap"),
        (handle.path, "sessiemap"),
        (folder / ".kopie.json.lock", "sessiemap"),
        (tmp_path, "is een map"),
        (tmp_path / "nergens" / "kopie.json", "bestaat niet"),
    ]:
        with pytest.raises(RefusedTarget) as refused:
            saver.export_to(target)
        assert reason in refused.value.strerror
    assert link.is_symlink() and secret.read_text() == "van iemand anders"
    assert not (folder / "kopie.json").exists()
    saver.export_to(folder / "kopie.txt")  # another name in the folder is not a session


def test_path_is_the_session_file(handle: SessionFile, runner: SessionRunner) -> None:
    assert AutoSaver(runner, handle, clock=FakeClock()).path == handle.path

