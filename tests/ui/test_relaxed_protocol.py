"""A protocol with only the required keys on screen: its optional texts (description, source,
a phase's ``who``) are shown only when present, never as an empty label."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, OptionList, Static

from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.ui.screens.adapt import AdaptScreen
from intervisie_tui.ui.screens.home import HomeScreen
from intervisie_tui.ui.widgets.room import PhaseHeader
from tests.builders import make_protocol, make_session, phase_dict
from tests.ui.support import SIZE, entry, make_app, settle

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


async def test_adapt_marks_every_phase_a_counted_problem_is_about(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.push_screen(AdaptScreen(entry("handelingsgericht"), tmp_path / "protocols"))
        await pilot.pause()
        options = app.screen.query_one("#adapt-phases", OptionList)
        await settle(pilot, lambda: options.option_count > 0)
        for phase in (2, 4):
            options.highlighted = phase
            await pilot.pause()
            app.screen.query_one("#f-title", Input).value = ""
            await pilot.pause()
        check = str(app.screen.query_one("#adapt-check", Static).content).splitlines()
        marked = [
            str(options.get_option_at_index(i).prompt).startswith("⚠")
            for i in range(options.option_count)
        ]
    assert check[0].startswith("✗ 1 probleem;")
    assert check[1].endswith("phases[2].title: ontbreekt in 2 fasen: 2 en 4")
    assert marked == [False, False, True, False, True, False, False, False]
