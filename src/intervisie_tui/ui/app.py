"""The application: owns the open session file and moves between screens."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.theme import ThemeProvider
from textual.widgets import Input, TextArea

from intervisie_tui import ENV_DEBUG
from intervisie_tui.engine.autosave import AutoSaver
from intervisie_tui.engine.catalog import Catalog, CatalogEntry, load_catalog
from intervisie_tui.engine.clock import Clock, ScaledClock, SystemClock
from intervisie_tui.engine.listing import SessionScan, scan_sessions
from intervisie_tui.engine.prefill import prefill_answers
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Case, Participant, Session, SessionStatus, TimerStatus
from intervisie_tui.engine.store import (
    SessionFile,
    SessionLocked,
    create_session_file,
    ensure_private_dir,
    open_session_file,
)
from intervisie_tui.gc_pause import resume as resume_collection
from intervisie_tui.launch import command_line
from intervisie_tui.ui.keys import RUN_KEYS
from intervisie_tui.ui.theme import start_with_theme

# The single keys that are commands in timekeeper mode; any other character typed ends it.
TIMEKEEPER_KEYS = frozenset(k.key for k in RUN_KEYS if k.key is not None)

# The keys that stop the program: in a question about stopping, either answers yes.
QUIT_KEYS = ("f12", "ctrl+q")

# Exit statuses after a session whose file could not be written (0 means saved as usual).
EXIT_COPY_ONLY = 3
EXIT_NOT_SAVED = 4


@dataclass
class StartRequest:
    """What the command line asked for: a protocol to set up, an open session, a protocol to
    adapt, or Home."""

    protocol: CatalogEntry | None = None
    session: SessionFile | None = None
    adapt: CatalogEntry | None = None


@dataclass(frozen=True)
class SetupResult:
    participants: list[Participant]
    case: Case
    preparation: dict[str, str]


# The stylesheets of the screens a session opens on; a session resumed from the command line
# (the meeting window) needs no others. One per part, so each can change on its own.
BASE_CSS_PATH = [
    "app.tcss",
    "screens/run.tcss",
    "widgets/fields.tcss",
    "widgets/bigclock.tcss",
    "widgets/room.tcss",
]
# The other screens name these in their own CSS_PATH, which Textual reads (and then re-parses
# every stylesheet) when such a screen is first shown. A start on one of them reads them with
# the rest instead, so every start parses the stylesheets once.
SCREENS_CSS_PATH = ["screens/screens.tcss", "screens/adapt.tcss"]


class IntervisieApp(App[str | None]):
    TITLE = "Intervisie"
    ENABLE_COMMAND_PALETTE = True
    # The palette's key as Textual would add it, with a Dutch word in the footer.
    BINDINGS = [
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "opdrachten",
            show=False,
            priority=True,
            tooltip="Alle acties, ook afronden en afbreken",
        )
    ]

    def __init__(
        self,
        *,
        sessions_dir: Path,
        protocols_dir: Path | None = None,
        clock: Clock | None = None,
        autosave_clock: Clock | None = None,
        speed: float | None = None,
        request: StartRequest | None = None,
    ) -> None:
        request = request or StartRequest()
        opens_run = request.session is not None
        css_path = BASE_CSS_PATH if opens_run else [*BASE_CSS_PATH, *SCREENS_CSS_PATH]
        super().__init__(css_path=css_path)
        start_with_theme(self)
        self.sessions_dir = sessions_dir
        self.protocols_dir = protocols_dir
        self.clock = clock or SystemClock()
        self.autosave_clock = autosave_clock
        self.speed = speed
        self.request = request
        self.session_file: SessionFile | None = None
        self.saver: AutoSaver | None = None
        self.runner: SessionRunner | None = None
        self.muted = False

    def on_mount(self) -> None:
        if self.request.session is not None:
            self.open_run(self.request.session)
        elif self.request.protocol is not None:
            from intervisie_tui.ui.screens.setup import SetupScreen

            self.push_screen(SetupScreen(self.request.protocol))
        elif self.request.adapt is not None:
            self.open_adapt(self.request.adapt)
        else:
            from intervisie_tui.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
        resume_collection()  # the first screen's modules are in: see gc_pause

    def open_adapt(self, entry: CatalogEntry) -> None:
        from intervisie_tui.engine.protocol_writer import user_protocols_dir
        from intervisie_tui.ui.screens.adapt import AdaptScreen

        self.push_screen(AdaptScreen(entry, user_protocols_dir(self.protocols_dir)))

    # -- catalog and sessions ------------------------------------------------------------------

    def catalog(self) -> Catalog:
        return load_catalog(self.protocols_dir)

    def scan(self) -> SessionScan:
        return scan_sessions(self.sessions_dir, index=True)

    def begin_session(self, entry: CatalogEntry, setup: SetupResult) -> None:
        session = Session.new(
            entry.loaded.protocol,
            protocol_sha256=entry.loaded.sha256,
            protocol_file=str(entry.loaded.path),
            created_at=self.clock.now(),
            rehearsal_speed=self.speed,
        )
        session.participants = setup.participants
        session.case = setup.case
        session.preparation = setup.preparation
        prefill_answers(session)  # the help question, typed at set-up, where a phase asks it
        try:
            file = create_session_file(self.sessions_dir, session)
        except (OSError, SessionLocked) as error:
            self.notify(
                f"Kan de sessie niet aanmaken: {error}", severity="error", timeout=10, markup=False
            )
            return
        self.open_run(file, replace=True)

    def resume_session(self, path: Path) -> None:
        try:
            file = open_session_file(path)
        except (FileProblems, SessionLocked) as problem:
            self.notify(str(problem), severity="error", timeout=10, markup=False)
            return
        if file.session.status is not SessionStatus.IN_PROGRESS:
            file.close()
            self.notify("Deze sessie is al afgerond.", severity="warning")
            return
        self.open_run(file)

    def open_run(self, file: SessionFile, *, replace: bool = False) -> None:
        from intervisie_tui.ui.screens.run import RunScreen

        # A rehearsal resumed from Home (or without --speed) keeps its own speed and badge.
        speed = file.session.rehearsal_speed or self.speed
        clock = self.clock
        if speed != self.speed:
            clock = ScaledClock(speed / (self.speed or 1.0), base=self.clock)
        self.session_file = file
        left_running = file.session.timer.status is TimerStatus.RUNNING
        self.runner = SessionRunner(file.session, clock)
        self.saver = AutoSaver(self.runner, file, clock=self.autosave_clock)
        if left_running:
            # The runner takes a file left running (a killed program) back paused: say so in
            # the file at once, or a beamer following it goes on counting.
            self.saver.flush()
        screen = RunScreen(self.runner, self.saver, speed=speed)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_end(self) -> None:
        from intervisie_tui.ui.screens.end import EndScreen

        assert self.runner is not None and self.saver is not None
        self.switch_screen(EndScreen(self.runner.session, self.saver))

    def close_session(self) -> str | None:
        """Pause a running clock, save and unlock; returns a line telling where the session
        went, or None. Paused, because nobody watches the clock once the program is gone: a
        beamer following the file stops counting, and a resume starts where this one ended."""
        if self.saver is None or self.session_file is None or self.runner is None:
            return None
        if self.runner.status is TimerStatus.RUNNING:
            self.runner.pause()
        saved = self.saver.flush()
        self.session_file.close()
        path, session = self.session_file.path, self.session_file.session
        self.session_file = self.saver = self.runner = None
        if not saved:
            return f"LET OP: sessie niet opgeslagen in {path}"
        if session.status is SessionStatus.IN_PROGRESS:
            return f"Sessie bewaard in {path} — verder met: {self.resume_command(session.id)}"
        return f"Sessie bewaard in {path}"

    def resume_command(self, session: str) -> str:
        """How to come back to ``session`` (an id or a path) from the shell."""
        return command_line(self.sessions_dir, "resume", session)

    @property
    def exports_dir(self) -> Path:
        """Copies go into a private folder the program owns, never the working folder."""
        return self.sessions_dir / "exports"

    def export_copy(self) -> None:
        """Ask where to put a copy of the open session, write it, and say where it went."""
        from intervisie_tui.ui.screens.dialogs import ExportScreen

        if self.saver is None or self.runner is None:
            return
        suggestion = self.exports_dir / f"intervisie-{self.runner.session.id}.json"

        def chosen(target: Path | None) -> None:
            if target is not None:
                self.write_copy(target)

        self.push_screen(ExportScreen(suggestion, key="ctrl+s"), chosen)

    def write_copy(self, target: Path) -> bool:
        """Write a copy of the open session to ``target`` and say how it went."""
        assert self.saver is not None
        try:
            if target.parent == self.exports_dir:
                ensure_private_dir(target.parent)
            self.saver.export_to(target)
        except OSError as error:
            self.notify(
                f"Kopie mislukt: {error.strerror or error}: {target}",
                severity="error",
                timeout=10,
                markup=False,
            )
            return False
        self.notify(f"Kopie bewaard in {target}", timeout=10, markup=False)
        return True

    async def action_quit(self, key: str = "ctrl+q") -> None:
        """Ending the program while a session is open always asks: the screen is projected
        and a stray key must not take it away; a session that cannot be saved is never left
        without offering a copy elsewhere first. ``key`` is the one that asked: pressed again,
        it answers yes (F12 and ctrl+q both, whichever asked)."""
        from intervisie_tui.ui.screens.dialogs import ConfirmScreen, UnsavedQuitScreen

        if self.saver is None or self.runner is None:
            if isinstance(self.screen, ConfirmScreen):
                self.screen.key_again(key)  # a question is on screen: it is answered first
                return
            # A screen with typed input not yet in any file (set-up's form) says what would go.
            lost = getattr(self.screen, "unsaved_input", lambda: None)()
            if not lost:
                self.exit()
                return

            def stop(answer: bool | None) -> None:
                if answer:
                    self.exit()

            self.push_screen(
                ConfirmScreen("Programma stoppen?", lost, yes="Stoppen", no="Blijven", keys=(key,)),
                stop,
            )
            return
        if isinstance(self.screen, ConfirmScreen | UnsavedQuitScreen):
            self.screen.key_again(key)
            return
        session = self.runner.session
        keys = (key, *(k for k in QUIT_KEYS if k != key))
        if self.saver.flush():

            def confirmed(answer: bool | None) -> None:
                if answer:
                    self.exit(self.close_session())

            self.push_screen(
                ConfirmScreen(
                    "Programma stoppen?",
                    "De sessie is bewaard en blijft te hervatten: "
                    f"{self.resume_command(session.id)}",
                    yes="Stoppen",
                    no="Blijven",
                    keys=keys,
                ),
                confirmed,
            )
            return

        def decided(choice: Path | bool | None) -> None:
            if isinstance(choice, Path):
                if self.write_copy(choice):
                    self.close_session()
                    self.exit(
                        f"LET OP: sessie niet opgeslagen in de sessiemap; kopie in {choice}"
                        f" — verder met: {self.resume_command(str(choice))}",
                        return_code=EXIT_COPY_ONLY,
                    )
            elif choice is True:
                farewell = self.close_session()
                self.exit(farewell, return_code=EXIT_NOT_SAVED)

        self.push_screen(
            UnsavedQuitScreen(
                self.saver.error or "Opslaan mislukt",
                Path.home() / f"intervisie-{session.id}.json",
                keys=keys,
            ),
            decided,
        )

    def _fatal_error(self) -> None:
        """Textual prints a crash as a traceback with the values of local variables, which can
        hold a child's data: print one line instead (the session is saved on unmount), unless
        INTERVISIE_DEBUG asks for the details."""
        if os.environ.get(ENV_DEBUG):
            super()._fatal_error()
            return
        error = sys.exc_info()[1]
        name = type(error).__name__ if error is not None else "onbekend"
        self.bell()
        self._exit_renderables.append(
            Text(
                f"intervisie: interne fout ({name}); er wordt niets uit de sessie getoond en wat "
                f"is vastgelegd is bewaard. Zet {ENV_DEBUG}=1 voor de details en meld het."
            )
        )
        self._close_messages_no_wait()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and event.is_printable:
            self._route_typing(event)
        await super().on_event(event)

    def _route_typing(self, event: events.Key) -> None:
        """A character typed over the meeting window where it would not be text is the
        note-taker typing on: a dialog open over the meeting closes as cancelled, timekeeper
        mode ends unless the key is one of its commands, and the character goes, with Textual's
        own forwarding that follows, to the field that had the focus. A dialog's own text field
        (a path, the palette's search) keeps what is typed into it. A yes/no question anywhere
        else (set-up, adapting a protocol) is cancelled the same way. Here, before the key
        reaches any widget, so keys queued behind it arrive in the field in the order typed."""
        from intervisie_tui.ui.screens.dialogs import ConfirmScreen
        from intervisie_tui.ui.screens.run import RunScreen

        top = self.screen
        if isinstance(top, RunScreen):
            if top.timekeeper and event.key not in TIMEKEEPER_KEYS:
                top.resume_typing()
            return
        stack = self.screen_stack
        meeting = stack[-2] if len(stack) > 1 else None
        if isinstance(top, ConfirmScreen) or (
            isinstance(meeting, RunScreen)
            and isinstance(top, ModalScreen)
            and not isinstance(top.focused, Input | TextArea)
        ):
            top.dismiss(None)
            if isinstance(meeting, RunScreen) and meeting.focused is None:
                meeting.resume_typing()

    def action_help_quit(self) -> None:
        self.notify("Stoppen: F12 of ctrl+q (er komt eerst een vraag)", markup=False)

    def on_unmount(self) -> None:
        # A closed terminal or SIGTERM ends the app without action_quit: save what we have.
        self.close_session()

    def action_command_palette(self) -> None:
        from intervisie_tui.ui.palette import DutchCommandPalette

        if not DutchCommandPalette.is_open(self):
            self.push_screen(
                DutchCommandPalette(id="--command-palette", placeholder="Zoek een actie…")
            )

    def search_themes(self) -> None:
        from intervisie_tui.ui.palette import DutchCommandPalette

        self.push_screen(
            DutchCommandPalette(providers=[ThemeProvider], placeholder="Zoek een thema…")
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, in Dutch; no screenshot, which would write the screen (a
        child's data) into the working folder."""
        yield SystemCommand("Thema", "Kies de kleuren van het scherm", self.action_change_theme)
        yield SystemCommand("Stoppen", "Het programma beëindigen (met vraag)", self.action_quit)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
