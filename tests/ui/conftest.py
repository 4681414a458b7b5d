"""Fixtures for the TUI tests: a fixed time zone, a fixed clock and a private sessions folder.

Every test drives the app with a FakeClock (also used as the autosave clock), so meeting time
and autosave timing only move when a test says so; nothing waits for real meeting time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

# Home, the rail ("einde ± 16:09") and file names use local time: pin it before anything renders.
os.environ["TZ"] = "UTC"
time.tzset()

from intervisie_tui.engine.clock import FakeClock  # noqa: E402
from tests.ui.support import START  # noqa: E402


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


@pytest.fixture(autouse=True)
def _quicker_idle_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot waits for the process to go idle after every key, sampling CPU time every 20 ms;
    sampling every 5 ms (same 5 % CPU threshold) keeps the suite within its time budget."""
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.005 / 20)
