"""Builders and small helpers shared by the TUI tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from time import monotonic

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Static

from intervisie_tui.engine.catalog import Catalog, CatalogEntry, load_catalog
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.session import Case, Participant, Role, Session
from intervisie_tui.engine.store import create_session_file, open_session_file
from intervisie_tui.ui.app import IntervisieApp, StartRequest
from intervisie_tui.ui.screens.run import RunScreen
from intervisie_tui.ui.widgets.bigclock import BigClock

START = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
SIZE = (80, 24)
PARTICIPANTS = [
    Participant(name="Anna", roles=[Role.VOORZITTER]),
    Participant(name="Bram", roles=[Role.TIJDBEWAKER]),
    Participant(name="Carla", roles=[Role.INBRENGER]),
]


@cache
def catalog() -> Catalog:
    return load_catalog()


def entry(protocol_id: str) -> CatalogEntry:
    found = catalog().get(protocol_id)
    assert found is not None, f"protocol {protocol_id!r} is not shipped"
    return found


def new_session(
    protocol: str | CatalogEntry,
    clock: FakeClock,
    *,
    pupil: str = "L.",
    help_question: str = "Hoe help ik L. bij de start van de dag?",
    session_id: str | None = None,
) -> Session:
    chosen = entry(protocol) if isinstance(protocol, str) else protocol
    session = Session.new(
        chosen.loaded.protocol,
        protocol_sha256=chosen.loaded.sha256,
        protocol_file=str(chosen.loaded.path),
        created_at=clock.now(),
    )
    if session_id is not None:
        session.id = session_id
    session.participants = list(PARTICIPANTS)
    session.case = Case(pupil=pupil, help_question=help_question)
    return session


def save_new(directory: Path, session: Session) -> Path:
    """Write a new session file the way the app does, and release its lock."""
    with create_session_file(directory, session) as file:
        return file.path


def make_app(
    sessions_dir: Path,
    clock: FakeClock,
    *,
    protocol: CatalogEntry | None = None,
    path: Path | None = None,
    speed: float | None = None,
    protocols_dir: Path | None = None,
) -> IntervisieApp:
    """The app as the command line builds it, on the FakeClock for both meeting and autosave."""
    request = StartRequest(
        protocol=protocol, session=open_session_file(path) if path is not None else None
    )
    return IntervisieApp(
        sessions_dir=sessions_dir,
        protocols_dir=protocols_dir,
        clock=clock,
        autosave_clock=clock,
        speed=speed,
        request=request,
    )


def session_app(
    sessions_dir: Path, clock: FakeClock, protocol_id: str, **options: object
) -> IntervisieApp:
    """The app opened on a new, not yet started session of ``protocol_id``."""
    path = save_new(sessions_dir, new_session(protocol_id, clock))
    return make_app(sessions_dir, clock, path=path, **options)  # type: ignore[arg-type]


def run_screen(app: IntervisieApp) -> RunScreen:
    screen = app.screen
    assert isinstance(screen, RunScreen), f"expected the run screen, got {screen!r}"
    return screen


async def tick(pilot: Pilot, clock: FakeClock, seconds: float = 0) -> None:
    """Let meeting time pass on the FakeClock, then redraw (and autosave) as the timer does.

    The autosave writes on its own thread: it first does what is due at the new time (the
    running clock's saves, retries), so the redraw shows the outcome, and then writes what the
    redraw handed over, so a test can read the file straight after.
    """
    if seconds:
        clock.advance(seconds)
    screen = run_screen(pilot.app)  # type: ignore[arg-type]
    screen.saver.settle()
    screen.tick()
    screen.saver.settle()
    await pilot.pause()


def text_of(app: IntervisieApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def clock_state(app: IntervisieApp) -> str:
    return text_of(app, "#band-state")


def clock_digits(app: IntervisieApp) -> str:
    """The big clock's text, without the blank that keeps the place of an overtime sign."""
    return app.screen.query_one("#band-digits", BigClock).text.strip()


def phase_title(app: IntervisieApp) -> str:
    return text_of(app, "#header-title")


async def screen_text(pilot: Pilot) -> str:
    """What the terminal shows for the active screen, one line per row, once the layout has
    settled (straight after a key press a modal's backdrop may not be composed yet)."""
    await pilot.pause()
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def settle(pilot: Pilot, condition: Callable[[], bool], timeout: float = 3.0) -> None:
    """Pause until ``condition`` holds, for what Textual finishes a frame later (for example
    moving focus off a widget that was just hidden); fails after ``timeout`` real seconds."""
    deadline = monotonic() + timeout
    while not condition():
        assert monotonic() < deadline, "the app did not settle"
        await pilot.pause(0.01)


async def resize(pilot: Pilot, width: int, height: int) -> None:
    """Resize the terminal and wait until the app has taken the new size and laid it out
    (one pause is not always enough on a busy machine)."""
    await pilot.resize_terminal(width, height)
    await settle(pilot, lambda: tuple(pilot.app.size) == (width, height))
    await pilot.pause()


async def press_quickly(pilot: Pilot, *keys: str) -> None:
    """Press named keys (``"tab"``, ``"shift+tab"``, ``"ctrl+up"``) the way ``type_text`` types:
    queued together and waited for once."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()


# What a terminal reports for these characters (Textual's name for "\r" alone would be "\r",
# a key no widget knows, so an Enter in a typed sentence would not be an Enter).
TYPED_KEYS = {"\r": "enter", "\t": "tab"}


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` as key events, one per character (space and brackets included).

    The same events ``Pilot.press`` sends, through the same path (app, bindings, focused
    widget), but queued together and waited for once: ``press`` idles ~80 ms after every key.
    """
    app = pilot.app
    for character in text:
        key = TYPED_KEYS.get(character) or (
            character if character.isalnum() else _character_to_key(character)
        )
        event = events.Key(key, character)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()
