"""Reading a past session, weeks later: the same rendering as `intervisie show`, read-only.

The file is loaded without taking its lock: reading never writes, so a session open elsewhere
can still be read.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from intervisie_tui.documents.markdown import render_markdown
from intervisie_tui.documents.terminal import render_terminal
from intervisie_tui.engine.atomic import write_atomically
from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol_versions import short_version
from intervisie_tui.engine.session import Session, SessionStatus
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.dialogs import ExportScreen


class ReaderScreen(Screen[None]):
    CSS_PATH = "screens.tcss"  # read when first shown: see ui/app.py
    BINDINGS = [
        Binding("escape,q", "back", "Terug"),
        Binding("e", "export", "Exporteren (Markdown)"),
        Binding("r", "resume", "Verder met deze sessie"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.session: Session | None = None

    def compose(self) -> ComposeResult:
        yield Static(printable_path(self.path.name), classes="screen-title", markup=False)
        with VerticalScroll(id="reader-body"):
            yield Static("", id="reader-content", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        content = self.query_one("#reader-content", Static)
        try:
            self.session = load_session(self.path)
        except FileProblems as problem:
            content.update(str(problem))
            return
        # A Rich renderable: user text inside it is Text, never markup.
        rendered = render_terminal(self.session, today=self.app.clock.now().date())  # type: ignore[attr-defined]
        content.update(Group(rendered, Text(f"\n{self._version_line(self.session)}", "dim")))
        self.query_one("#reader-body").focus()
        self.refresh_bindings()

    def _version_line(self, session: Session) -> str:
        """Which protocol file the session was held with, as the sessions browser says it."""
        current = self.app.catalog().get(session.protocol.id)  # type: ignore[attr-defined]
        line = f"Gehouden met protocolversie {short_version(session.protocol_sha256)}"
        if current is None or current.loaded.sha256 != session.protocol_sha256:
            return f"{line}: een andere dan het protocolbestand van nu."
        return f"{line}, het protocolbestand van nu."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.session is not None and self.session.status is SessionStatus.IN_PROGRESS
        if action == "export":
            return self.session is not None
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_export(self) -> None:
        if self.session is None:
            return
        session = self.session
        suggestion = Path.home() / f"intervisie-{session.id}.md"

        def chosen(target: Path | None) -> None:
            if target is None:
                return
            try:
                write_atomically(target, render_markdown(session).encode("utf-8"))
            except OSError as error:
                self.notify(
                    f"Exporteren mislukt: {error.strerror or error}", severity="error", markup=False
                )
                return
            self.notify(f"Geëxporteerd: {target}", markup=False)

        self.app.push_screen(ExportScreen(suggestion, "Exporteren als Markdown naar"), chosen)

    def action_resume(self) -> None:
        self.app.resume_session(self.path)  # type: ignore[attr-defined]
