"""Every start parses the stylesheets once, with the program's own theme: a second parse (a
theme set after the start, a screen bringing a stylesheet not read yet) is a tenth of the time
to the meeting window's first frame. A screen shown later brings its own stylesheet."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.css.stylesheet import Stylesheet
from textual.widgets import Collapsible, Static

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.ui.app import IntervisieApp, StartRequest
from intervisie_tui.ui.screens.end import EndScreen
from intervisie_tui.ui.theme import HIGH_CONTRAST
from tests.ui.support import SIZE, entry, new_session, run_screen, save_new, settle


def stylesheet_files(app: IntervisieApp) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source if str(path).endswith(".tcss")}


@pytest.fixture
def reparses(monkeypatch: pytest.MonkeyPatch) -> list[None]:
    counted: list[None] = []
    reparse = Stylesheet.reparse

    def counting(self: Stylesheet) -> None:
        counted.append(None)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting)
    return counted


def request(kind: str, sessions_dir: Path, clock: FakeClock) -> StartRequest:
    if kind == "resume":
        from intervisie_tui.engine.store import open_session_file

        path = save_new(sessions_dir, new_session("handelingsgericht", clock))
        return StartRequest(session=open_session_file(path))
    if kind == "run":
        return StartRequest(protocol=entry("handelingsgericht"))
    if kind == "adapt":
        return StartRequest(adapt=entry("handelingsgericht"))
    return StartRequest()


@pytest.mark.parametrize("kind", ["resume", "run", "adapt", "home"])
async def test_every_start_parses_the_stylesheets_once(
    kind, sessions_dir, clock, tmp_path, reparses
):
    app = IntervisieApp(
        sessions_dir=sessions_dir,
        protocols_dir=tmp_path / "protocols",
        clock=clock,
        autosave_clock=clock,
        request=request(kind, sessions_dir, clock),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert reparses == []
        assert app.theme == HIGH_CONTRAST.name
        assert app.screen.styles.background.hex == HIGH_CONTRAST.background
        files = stylesheet_files(app)
        assert {"app.tcss", "run.tcss", "fields.tcss", "room.tcss", "bigclock.tcss"} <= files
        assert ("screens.tcss" in files) is (kind != "resume")


async def test_screens_shown_after_the_meeting_window_bring_their_stylesheet(
    sessions_dir, clock
):
    from intervisie_tui.engine.store import open_session_file

    path = save_new(sessions_dir, new_session("handelingsgericht", clock))
    app = IntervisieApp(
        sessions_dir=sessions_dir,
        clock=clock,
        autosave_clock=clock,
        request=StartRequest(session=open_session_file(path)),
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        assert "screens.tcss" not in stylesheet_files(app)
        await pilot.press("f2")
        screen.action_finish()
        await pilot.pause()
        await pilot.press("f4")
        await settle(pilot, lambda: isinstance(app.screen, EndScreen))
        assert "screens.tcss" in stylesheet_files(app)
        # A rule of screens.tcss: the end screen's body has room at its sides.
        assert tuple(app.screen.query_one("#end-body").styles.padding) == (0, 2, 0, 2)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 45)])
async def test_the_meeting_window_styles_its_own_widgets_once_at_start(
    size, sessions_dir, clock, monkeypatch
):
    """Born with the class of the terminal's width and of each part's state, and not styled
    anew when first shown: each style pass over the screen is a tenth of its start."""
    applied: Counter[int] = Counter()
    apply = Stylesheet.apply

    def counting(self: Stylesheet, node, **options) -> None:  # type: ignore[no-untyped-def]
        applied[id(node)] += 1
        apply(self, node, **options)

    monkeypatch.setattr(Stylesheet, "apply", counting)
    app = IntervisieApp(
        sessions_dir=sessions_dir,
        clock=clock,
        autosave_clock=clock,
        request=request("resume", sessions_dir, clock),
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = run_screen(app)
        # Textual's own compound widgets (a help panel) restyle themselves as they open.
        ours = [
            node
            for node in screen.walk_children(with_self=True)
            if (
                type(node).__module__.startswith("intervisie_tui")
                or isinstance(node, Static | Horizontal | Vertical)
            )
            and not any(isinstance(a, Collapsible) for a in node.ancestors_with_self)
            # A scroll area is restyled when its scrollbar comes or goes, which depends on when
            # its content's height is known: not a second pass over the screen.
            and not isinstance(node, ScrollableContainer)
        ]
        twice = [node for node in ours if applied[id(node)] > 1]
        assert len(ours) > 30
        assert twice == []
