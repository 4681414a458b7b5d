"""Generic fixtures for every test folder (engine, CLI and, later, UI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervisie_tui.engine.clock import FakeClock
from tests.builders import BUILTIN_PROTOCOLS, REPO_ROOT


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def builtin_protocols_dir() -> Path:
    return BUILTIN_PROTOCOLS


@pytest.fixture(autouse=True)
def _no_sessions_dir_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's INTERVISIE_SESSIONS_DIR must never leak into a test."""
    monkeypatch.delenv("INTERVISIE_SESSIONS_DIR", raising=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A sessions folder that does not exist yet: the code under test must create it."""
    return tmp_path / "sessions"
