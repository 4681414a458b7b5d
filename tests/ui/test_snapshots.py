"""Screenshots of the main screens at laptop size (80x24) and projector size (160x45); the
meeting window also at 120x40, where it is still stacked but the rail appears.

Everything on screen is pinned: the FakeClock (meeting time, "einde ± 16:05"), TZ=UTC, the
session id, a relative sessions folder (the end screen shows the path) and steady cursors.
Regenerate after an intended change with ``pytest tests/ui/test_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/ui/__snapshots__/`` before committing them.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Agreement
from intervisie_tui.ui.app import IntervisieApp
from intervisie_tui.ui.screens.end import EndScreen
from intervisie_tui.ui.screens.help import HelpScreen
from intervisie_tui.ui.screens.run import RunScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from tests.ui.support import entry, make_app, new_session, save_new, type_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
RUN_SIZES = [*SIZES, pytest.param((120, 40), id="120x40")]
SESSION_ID = "0123abcd"
# Running seconds of the phases done before the snapshot (budgets 5/10/2/... minutes).
DONE = [290, 630, 100]


@pytest.fixture
def sessions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Relative, so the path on the end screen is the same on every machine and every run."""
    monkeypatch.chdir(tmp_path)
    return Path("sessions")


def steady_cursors(app: IntervisieApp) -> None:
    """A blinking cursor would be on or off depending on timing: keep it on."""
    for widget in app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


def session_in_phase_4(sessions_dir: Path, clock: FakeClock, *, finished_phases: int = 3) -> Path:
    """Handelingsgericht with phases 1-3 done (phase 2 over budget) and answers recorded,
    paused at the start of phase 4, whose list has two items already."""
    session = new_session("handelingsgericht", clock, pupil="T.", session_id=SESSION_ID)
    runner = SessionRunner(session, clock)
    runner.start()
    for seconds in DONE[:finished_phases]:
        clock.advance(seconds)
        runner.next()
    session.set_answer("doel", "doel", "Thomas blijft op drie ochtenden vier minuten zitten")
    session.set_answer(
        "onderwijsbehoeften",
        "onderwijsbehoeften",
        ["instructie die kort en visueel is", "een vaste plek in de kring"],
    )
    runner.pause()
    return save_new(sessions_dir, session)


def run_app(sessions_dir: Path, clock: FakeClock) -> IntervisieApp:
    return make_app(sessions_dir, clock, path=session_in_phase_4(sessions_dir, clock))


def running_for(clock: FakeClock, seconds: float, *then: str):
    """run_before: start the clock, let ``seconds`` pass, redraw, then press ``then``."""

    async def run_before(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, RunScreen)
        await pilot.press("f2")
        clock.advance(seconds)
        screen.tick()
        await pilot.pause()
        if then:
            await pilot.press(*then)
        steady_cursors(pilot.app)  # type: ignore[arg-type]

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_setup_handelingsgericht(snap_compare, sessions_dir, clock, size):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))

    async def run_before(pilot: Pilot) -> None:
        assert isinstance(pilot.app.screen, SetupScreen)
        for row, name in enumerate(["Anna", "Bram"]):
            pilot.app.screen.query_one(f"#name-{row}", Input).focus()
            await type_text(pilot, name)
        await pilot.press("tab")  # to Bram's role
        steady_cursors(app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", RUN_SIZES)
def test_run_normal(snap_compare, sessions_dir, clock, size):
    app = run_app(sessions_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=running_for(clock, 120))


@pytest.mark.parametrize("size", RUN_SIZES)
def test_run_warning(snap_compare, sessions_dir, clock, size):
    app = run_app(sessions_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=running_for(clock, 550))


@pytest.mark.parametrize("size", RUN_SIZES)
def test_run_over(snap_compare, sessions_dir, clock, size):
    app = run_app(sessions_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=running_for(clock, 683))


@pytest.mark.parametrize("size", RUN_SIZES)
def test_run_paused(snap_compare, sessions_dir, clock, size):
    app = run_app(sessions_dir, clock)
    assert snap_compare(app, terminal_size=size, run_before=running_for(clock, 200, "f2"))


@pytest.mark.parametrize("size", SIZES)
def test_help_overlay(snap_compare, sessions_dir, clock, size):
    app = run_app(sessions_dir, clock)
    run_before = running_for(clock, 60, "f9")

    async def then_check(pilot: Pilot) -> None:
        await run_before(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)

    assert snap_compare(app, terminal_size=size, run_before=then_check)


@pytest.mark.parametrize("size", SIZES)
def test_end_screen(snap_compare, sessions_dir, clock, size):
    path = session_in_phase_4(sessions_dir, clock)
    # On to the last phase with more answers and two agreements, one without evaluation date.
    from intervisie_tui.engine.store import open_session_file

    with open_session_file(path) as file:
        session = file.session
        runner = SessionRunner(session, clock)
        runner.resume()
        for seconds in [540, 275, 280]:
            clock.advance(seconds)
            runner.next()
        clock.advance(115)
        runner.pause()
        session.set_answer("haalbaarheid", "haalbaar", "Drie keer per week, in de kring")
        session.set_answer("opbrengst", "opbrengst", "Een doel dat T. zeker haalt")
        session.agreements = [
            Agreement(what="Ouders bellen", who="Carla", when="vrijdag"),
            Agreement(
                what="T. zelf betrekken",
                who="Carla",
                when="maandag",
                evaluation_date=clock.now().date().replace(day=30),
            ),
        ]
        file.save()
    app = make_app(sessions_dir, clock, path=path)

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("f4", "f4")  # finish, and F4 again to say yes
        await pilot.pause()
        assert isinstance(pilot.app.screen, EndScreen)
        steady_cursors(app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_snapshots"
CLAIMS = {
    "test_setup_handelingsgericht": ["Voorbereiding — Handelingsgerichte intervisie", "Anna"],
    "test_run_normal": [
        "▶ LOOPT",
        "Fase 4 van 7 · Collega's formuleren de onderwijsbehoeften",
        "Aan het woord: ",
        "een vaste plek in de kring",
        "Totaal 19:",
    ],
    "test_run_warning": ["▲ BIJNA TIJD — rond af"],
    "test_run_over": ["■ TIJD! +01:23 over de tijd"],
    "test_run_paused": ["❚❚ GEPAUZEERD — F2: verder"],
    "test_help_overlay": ["Hulp tijdens de sessie", "Esc of F9 sluit dit venster."],
    "test_end_screen": [
        "Afgerond — Handelingsgerichte intervisie · leerling T.",
        "Totaal 37:10 van 39:00 — 01:50 binnen de tijd",
        "1 afspraak zonder evaluatiedatum",
        "Bewaard in: sessions/2026-11-23_1530_handelingsgericht_0123abcd.json",
    ],
}


def svg_text(path: Path) -> str:
    texts = re.findall(r"<text[^>]*>(.*?)</text>", path.read_text(encoding="utf-8"))
    return html.unescape("".join(texts)).replace("\xa0", " ")


STORED = [
    (name, size)
    for name in sorted(CLAIMS)
    for size in ["80x24", "120x40", "160x45"]
    if size != "120x40" or name.startswith("test_run_")
]


@pytest.mark.parametrize(("name", "size"), STORED)
def test_stored_snapshots_show_what_they_claim(name, size):
    """A blind --snapshot-update must not bless a screen that lost its point."""
    path = SNAPSHOTS / f"{name}[{size}].svg"
    assert path.exists(), f"{path.name} missing: run with --snapshot-update once"
    text = svg_text(path)
    for claim in CLAIMS[name]:
        assert claim in text, f"{path.name} does not show {claim!r}"
