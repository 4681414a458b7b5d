"""``intervisie beamer``: the room's view of a meeting, in a second window for the projector.

The meeting window stays on the laptop; this window only reads. It follows the session file the
meeting window saves (``engine/follow.py`` finds, polls and parses it) and renders what the
follower has. It holds no data of its own, so ``q`` closes it without asking. At rest it costs
what the meeting window does: a redraw when the displayed second changes, and a stat of the file
four times a second.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Middle
from textual.timer import Timer
from textual.widgets import Static

from intervisie_tui.engine.clock import Clock, SystemClock
from intervisie_tui.engine.follow import POLL_SECONDS, SessionFollower
from intervisie_tui.engine.listing import find_session
from intervisie_tui.engine.session import Session
from intervisie_tui.engine.store import sessions_dir
from intervisie_tui.gc_pause import resume as resume_collection
from intervisie_tui.ui.theme import start_with_theme
from intervisie_tui.ui.widgets.clock import next_redraw_delay
from intervisie_tui.ui.widgets.room import RoomView, meeting_title

EXIT_PROBLEM = 2


class BeamerApp(App[None]):
    CSS_PATH = ["app.tcss", "widgets/bigclock.tcss", "widgets/room.tcss", "beamer.tcss"]
    TITLE = "Intervisie — beamer"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "Sluiten")]
    # From 36 rows the phase and who speaks get bands of their own (room.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-low"), (36, "-tall")]

    def __init__(self, follower: SessionFollower) -> None:
        super().__init__()
        start_with_theme(self)
        self.follower = follower
        self.room: RoomView | None = None
        self._shown_phase: int | None = None
        self._moment: tuple[object, ...] | None = None
        self._redraw_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="beamer-top"):
            yield Static("", id="beamer-title", markup=False)
            yield Static("", id="beamer-notice", markup=False)
            yield Static("", id="beamer-rehearsal", markup=False)
        with Middle(id="beamer-waiting"):
            with Center():
                yield Static(self.follower.waiting, markup=False)
            with Center():
                yield Static(
                    "Dit venster toont de sessie die in het vergaderscherm loopt. q: sluiten",
                    classes="hint",
                    markup=False,
                )

    async def on_mount(self) -> None:
        self._title = self.query_one("#beamer-title", Static)
        self._notice = self.query_one("#beamer-notice", Static)
        self._rehearsal = self.query_one("#beamer-rehearsal", Static)
        self.follower.poll()
        await self.show_reading()
        resume_collection()  # the first screen is built: see gc_pause
        self.set_interval(POLL_SECONDS, self.poll, name="poll")

    async def poll(self) -> None:
        """Stat the file; only news from it (a save, a new session, a problem) redraws."""
        if self.follower.poll():
            await self.show_reading()

    async def show_reading(self) -> None:
        """Called at every save of the meeting window (once a second while its clock runs), so
        it changes only what differs: most saves bring nothing new but the time."""
        _put(self._notice, self.follower.notice)
        session = self.follower.session
        self.query_one("#beamer-waiting").display = session is None
        if session is None:
            return
        if self.room is None or self.room.session.id != session.id:
            if self.room is not None:
                await self.room.remove()
            self.room = RoomView(session)
            self._shown_phase = None
            await self.mount(self.room)
        else:
            self.room.session = session
        _put(self._title, meeting_title(session, whole_theme=True))
        speed = session.rehearsal_speed
        _put(self._rehearsal, f"OEFENMODUS x{speed:g}" if speed else "")
        index = session.timer.current_phase or 0
        if index != self._shown_phase:
            self._shown_phase = index
            await self.room.show_phase(index)
        moment = _moment(session)
        if moment != self._moment:
            # A key pressed in the meeting window: show it now. A save that only brings the
            # clock up to date waits for the next redraw, so as not to paint twice a second.
            self._moment = moment
            self.tick()

    def tick(self) -> None:
        """Redraw the clock from the saved state and the clock, and sleep until it changes."""
        snapshot = self.follower.snapshot()
        if snapshot is None or self.room is None:
            return
        self.room.show(snapshot, held=self.follower.stale)
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
        self._redraw_timer = self.set_timer(
            next_redraw_delay(snapshot, snapshot.speed), self.tick, name="redraw"
        )


def _moment(session: Session) -> tuple[object, ...]:
    """What the meeting window changes by a key, as opposed to by time passing: the state of
    the clock, the phase, the turn and the minutes added or taken off."""
    timer = session.timer
    return (
        session.id,
        timer.status,
        timer.current_phase,
        timer.turn,
        tuple(record.adjustment_seconds for record in session.phases),
    )


def _put(label: Static, text: str) -> None:
    """A label in the top line: shown with its text, hidden without; untouched if the same."""
    if str(label.content) != text:
        label.update(text)
        label.display = bool(text)


def launch_beamer(args: argparse.Namespace, clock: Clock | None = None) -> int:
    """From the command line to the window; a session that cannot be found or read is one line
    on stderr before the terminal switches to full screen."""
    directory = sessions_dir(args.sessions_dir)
    path: Path | None = None
    if args.session is not None:
        try:
            path = find_session(directory, args.session)
        except LookupError as problem:
            print(problem, file=sys.stderr)
            return EXIT_PROBLEM
    follower = SessionFollower(directory, path, clock=clock or SystemClock())
    follower.poll()
    if path is not None and follower.session is None:
        print(follower.problem, file=sys.stderr)
        return EXIT_PROBLEM
    BeamerApp(follower).run()
    return 0
