"""Home: pick a protocol to start, or pick up a session that is still in progress.

Every way out of set-up, a finished session or the after-the-meeting screens comes back here
(:func:`show_home`), with the protocol that was in use still chosen; only Home ends the program.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from intervisie_tui.engine.catalog import CatalogEntry
from intervisie_tui.engine.listing import SessionSummary
from intervisie_tui.engine.protocol_notes import minutes_mark
from intervisie_tui.timefmt import dutch_datetime, minutes
from intervisie_tui.ui.screens.sessions import SkippedFiles


def show_home(app: App[object], protocol_id: str | None = None) -> None:
    """Back to Home, with ``protocol_id`` chosen in the list when it is there. Started with
    ``intervisie run`` or ``resume`` there is no Home underneath yet: then it takes the place
    of the screen on top, so leaving never ends the program by surprise."""
    home = next((s for s in app.screen_stack if isinstance(s, HomeScreen)), None)
    if home is None:
        app.switch_screen(HomeScreen(selected=protocol_id))
        return
    if protocol_id is not None:
        home.selected = protocol_id
    while app.screen is not home:
        app.pop_screen()


class HomeScreen(Screen[None]):
    CSS_PATH = "screens.tcss"  # read when first shown: see ui/app.py
    BINDINGS = [
        Binding("enter", "choose", "Kies", show=True),
        Binding("r", "focus_resume", "Lopende sessies"),
        # Not in the footer: at 80 columns it leaves room for "a", and the list has the focus
        # from the start (tab reaches it too).
        Binding("p", "focus_protocols", "Protocollen", show=False),
        Binding("a", "adapt", "Aanpassen"),
        Binding("s", "sessions", "Sessies"),
        Binding("t", "stats", "Tijd per fase"),
        Binding("q", "app.quit", "Stop"),
    ]

    def __init__(self, selected: str | None = None) -> None:
        super().__init__()
        self.selected = selected  # protocol id to show chosen when the list is (re)built
        self._entries: list[CatalogEntry] = []
        self._sessions: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        yield Static("Intervisie — kies een werkwijze", id="home-title", classes="screen-title")
        with Horizontal(id="home-body"):
            with Vertical(id="home-protocols"):
                yield Static("Nieuwe sessie", classes="section-title")
                yield OptionList(id="protocol-list")
            with VerticalScroll(id="home-details"):
                yield Static(id="protocol-details", markup=False)
        yield Static("Lopende sessies", classes="section-title", id="resume-title")
        yield OptionList(id="resume-list")
        yield SkippedFiles(id="home-problems")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_lists()
        self.query_one("#protocol-list", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_lists()

    def refresh_lists(self) -> None:
        app = self.app
        catalog = app.catalog()  # type: ignore[attr-defined]
        protocols = self.query_one("#protocol-list", OptionList)
        if self.selected is None:
            self.selected = self._highlighted_protocol()
        self._entries = catalog.sorted_entries()
        protocols.clear_options()
        protocols.add_options([Option(_protocol_line(e)) for e in self._entries])
        scan = app.scan()  # type: ignore[attr-defined]
        self._sessions = scan.in_progress()
        sessions = self.query_one("#resume-list", OptionList)
        sessions.clear_options()
        sessions.add_options([Option(_session_line(s)) for s in self._sessions])
        if not self._sessions:
            sessions.add_option(Option("(geen lopende sessies)", disabled=True))
        else:
            # Highlighted from the start, so "r" (or tab) then enter opens a session.
            sessions.highlighted = 0
        self.query_one(SkippedFiles).show([*catalog.problems, *scan.problems])
        if self._entries:
            ids = [e.loaded.protocol.id for e in self._entries]
            index = ids.index(self.selected) if self.selected in ids else 0
            self.selected = None
            protocols.highlighted = index
            self._show_details(index)

    def _highlighted_protocol(self) -> str | None:
        """The protocol chosen in the list as it is now, so rebuilding the list keeps it."""
        highlighted = self.query_one("#protocol-list", OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self._entries):
            return None
        return self._entries[highlighted].loaded.protocol.id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "protocol-list":
            self._show_details(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "protocol-list":
            self._start(event.option_index)
        elif event.option_index < len(self._sessions):
            self.app.resume_session(self._sessions[event.option_index].path)  # type: ignore[attr-defined]

    def _start(self, index: int) -> None:
        from intervisie_tui.ui.screens.setup import SetupScreen

        self.app.push_screen(SetupScreen(self._entries[index]))

    def _show_details(self, index: int) -> None:
        if not 0 <= index < len(self._entries):
            return
        protocol = self._entries[index].loaded.protocol
        phases = "\n".join(
            f"  {n}. {p.title} ({minutes(p.minutes)} min{_marked(minutes_mark(protocol, p))})"
            for n, p in enumerate(protocol.phases, 1)
        )
        order = "vaste volgorde" if protocol.order == "strict" else "volgorde vrij"
        # Description and source are optional: shown only when the protocol has them.
        parts = [
            protocol.title,
            protocol.description,
            f"{len(protocol.phases)} fasen, {minutes(protocol.total_minutes)} minuten, {order}\n"
            f"{phases}",
            f"Bron: {protocol.source}" if protocol.source else "",
        ]
        self.query_one("#protocol-details", Static).update("\n\n".join(p for p in parts if p))

    def action_choose(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.highlighted is not None:
            focused.action_select()

    def action_adapt(self) -> None:
        """The highlighted protocol on the adapt screen; back here, the list is read again
        (``on_screen_resume``), so a protocol saved there shows at once."""
        index = self.query_one("#protocol-list", OptionList).highlighted
        if index is not None and 0 <= index < len(self._entries):
            self.app.open_adapt(self._entries[index])  # type: ignore[attr-defined]

    def action_focus_resume(self) -> None:
        self.query_one("#resume-list", OptionList).focus()

    def action_sessions(self) -> None:
        from intervisie_tui.ui.screens.sessions import SessionsScreen

        self.app.push_screen(SessionsScreen(self.app.clock.now().date()))  # type: ignore[attr-defined]

    def action_stats(self) -> None:
        from intervisie_tui.ui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_focus_protocols(self) -> None:
        self.query_one("#protocol-list", OptionList).focus()


def _marked(mark: str) -> str:
    """``", eigen voorstel"`` after minutes that are our own proposal, as set-up says it."""
    return f", {mark}" if mark else ""


def _protocol_line(entry: CatalogEntry) -> Content:
    protocol = entry.loaded.protocol
    return Content.assemble(
        (protocol.title, "bold"),
        f"\n{len(protocol.phases)} fasen · {minutes(protocol.total_minutes)} min",
    )


def _session_line(summary: SessionSummary) -> Content:
    when = dutch_datetime(summary.created_at)
    about = f" · {summary.about}" if summary.about else ""
    phase = f" · nu: {summary.current_phase}" if summary.current_phase else " · nog niet gestart"
    return Content.assemble((when, "bold"), f" · {summary.protocol_title}{about}{phase}")
