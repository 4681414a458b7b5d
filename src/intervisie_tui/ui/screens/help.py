"""The help overlay: the keys, the protocol's rules, and the help panels of the phase and the
protocol, for the timekeeper who forgot a key mid-meeting and the group that wants the ground
rules back on the wall. It is the keyboard's way to the panels, which the guide keeps out of the
Tab chain."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from intervisie_tui.engine.protocol import Phase, Protocol
from intervisie_tui.ui.keys import EXTRA_KEYS, RUN_KEYS
from intervisie_tui.ui.widgets.room import help_panel, items_static


def key_table() -> Table:
    """Every key, its description wrapping within the overlay's width (a laptop is 80 wide)."""
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True, row_styles=["", "dim"])
    table.add_column("Altijd", no_wrap=True, style="bold")
    table.add_column("Tijdbewaker", no_wrap=True)
    table.add_column("Wat", ratio=1)
    for key in RUN_KEYS:
        table.add_row(Text(key.typing_display), Text(key.single_display), Text(key.description))
    for keys, description in EXTRA_KEYS:
        table.add_row(Text(keys), Text(""), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f9", "close", "Sluiten")]

    def __init__(self, protocol: Protocol | None = None, phase: Phase | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.protocol = protocol
        self.phase = phase

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Hulp tijdens de sessie", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                if self.protocol is not None and self.protocol.rules:
                    yield Static("Gespreksregels", classes="section-title")
                    yield items_static("•", self.protocol.rules, "help-rules")
                yield Static("Toetsen", classes="section-title")
                yield Static(key_table(), id="help-keys")
                yield Static(
                    "F-toetsen en ctrl-toetsen werken altijd, ook tijdens het typen. Losse "
                    "toetsen alleen in de tijdbewakermodus (Esc); typen in een veld is nooit "
                    "een opdracht.",
                    classes="hint",
                )
                phase_panels = self.phase.help if self.phase is not None else []
                protocol_panels = self.protocol.help if self.protocol is not None else []
                for panel in (*phase_panels, *protocol_panels):
                    yield help_panel(panel)
            yield Static("Esc of F9 sluit dit venster.", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
