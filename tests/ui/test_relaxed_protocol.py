"""A protocol with only the required keys on screen: its optional texts (description, source,
a phase's ``who``) are shown only when present, never as an empty label."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.ui.widgets.room import PhaseHeader
from tests.builders import make_protocol, make_session, phase_dict
from tests.ui.support import SIZE, make_app

SMALLEST = Path(__file__).resolve().parent.parent / "fixtures" / "good_protocols" / "smallest.toml"


class HeaderOnly(App[None]):
    def __init__(self, header: PhaseHeader) -> None:
        super().__init__()
        self.header = header

    def compose(self) -> ComposeResult:
        yield self.header


async def test_home_leaves_out_a_missing_description_and_source(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "eigen"
    folder.mkdir()
    shutil.copyfile(SMALLEST, folder / "korte-ronde.toml")
    ids = [e.loaded.protocol.id for e in load_catalog(folder, cwd=tmp_path).sorted_entries()]
    app = make_app(sessions_dir, clock, protocols_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * ids.index("korte-ronde"))
        await pilot.pause()
        details = str(app.screen.query_one("#protocol-details", Static).content)
    assert details == (
        "Korte intervisieronde\n\n"
        "2 fasen, 20 minuten, vaste volgorde\n"
        "  1. De inbrenger licht de hulpvraag toe (5 min)\n"
        "  2. Collega's denken mee (15 min)"
    )


async def test_the_header_has_no_speaker_line_for_a_phase_without_who() -> None:
    clock = FakeClock()
    protocol = make_protocol(phases=[phase_dict(1, who=""), phase_dict(2, who="allen")])
    runner = SessionRunner(make_session(protocol, clock), clock)
    header = PhaseHeader(runner.session)
    async with HeaderOnly(header).run_test(size=(120, 30)) as pilot:
        runner.start()
        header.show_phase(0)
        header.show(runner.snapshot())
        await pilot.pause()
        who = header.query_one("#header-who", Static)
        assert (str(who.content), who.display) == ("", False)

        runner.next()
        header.show_phase(1)
        header.show(runner.snapshot())
        await pilot.pause()
        assert (str(who.content), who.display) == ("Aan het woord: allen", True)
