"""Snapshots of the after-the-meeting screens at a laptop and a projector size."""

from __future__ import annotations

import pytest

from intervisie_tui.ui.screens.reader import ReaderScreen
from tests.ui.test_after_screens import world  # noqa: F401 - fixture

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.mark.parametrize("size", SIZES)
def test_sessions_browser(snap_compare, world, size) -> None:  # noqa: F811
    app, _clock, _paths = world
    assert snap_compare(app, press=["s"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_reader(snap_compare, world, size) -> None:  # noqa: F811
    app, _clock, paths = world

    async def open_reader(pilot) -> None:
        app.push_screen(ReaderScreen(paths[0]))
        await pilot.pause()

    assert snap_compare(app, run_before=open_reader, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_stats(snap_compare, world, size) -> None:  # noqa: F811
    app, _clock, _paths = world
    assert snap_compare(app, press=["t"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_set_up_with_follow_up(snap_compare, world, size) -> None:  # noqa: F811
    app, _clock, _paths = world
    assert snap_compare(app, press=["enter"], terminal_size=size)
