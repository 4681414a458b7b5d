"""Snapshots of the after-the-meeting screens at a laptop and a projector size."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.reader import ReaderScreen
from tests.ui.test_after_screens import START, world  # noqa: F401 - fixture

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


@pytest.mark.parametrize("size", SIZES)
def test_home_with_skipped_files(snap_compare, tmp_path, monkeypatch, size) -> None:
    """More skipped files than fit: all in a scrolling box, with their count on its border."""
    monkeypatch.chdir(tmp_path)
    folder = Path("sessies")
    folder.mkdir()
    for number in range(14):
        (folder / f"kapot-{number:02d}.json").write_bytes(b'{"id": ')
    (folder / "naam\x1b[31mrood.json").write_bytes(b"")
    clock = FakeClock(START)
    app = IntervisieApp(sessions_dir=folder, clock=clock, autosave_clock=clock)
    assert snap_compare(app, terminal_size=size)


SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_after_snapshots"
CLAIMS = {
    "test_sessions_browser": [
        "☐ Evaluatie nodig: uit",
        "3 van 3 sessies · ",
        ("* 1 met een andere versie van het protocol dan nu", "160x45"),
        ("protocol en versie verborgen (smal venster)", "80x24"),  # and said so
    ],
    "test_set_up_with_follow_up": ["Eerst evalueren", "30-11-2026", "f6 Voorbereiding inlezen"],
    "test_home_with_skipped_files": ["15 bestanden overgeslagen", "sessies/kapot-00.json:1"],
    "test_stats": [
        "Tijd per fase over afgeronde sessies",
        "De sessie liep met een andere versie van het protocol",
    ],
}


@pytest.mark.parametrize("name", sorted(CLAIMS))
@pytest.mark.parametrize("size", ["80x24", "160x45"])
def test_stored_snapshots_show_what_they_claim(name, size) -> None:
    """A blind --snapshot-update must not bless a screen that lost its point."""
    path = SNAPSHOTS / f"{name}[{size}].svg"
    assert path.exists(), f"{path.name} missing: run with --snapshot-update once"
    texts = re.findall(r"<text[^>]*>(.*?)</text>", path.read_text(encoding="utf-8"))
    text = html.unescape("".join(texts)).replace("\xa0", " ")
    for claim in CLAIMS[name]:
        claim, only = claim if isinstance(claim, tuple) else (claim, size)
        if only == size:
            assert claim in text, f"{path.name} does not show {claim!r}"
