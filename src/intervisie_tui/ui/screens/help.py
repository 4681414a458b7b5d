"""The key map as an overlay, for the timekeeper who forgot a key mid-meeting."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from intervisie_tui.ui.keys import EXTRA_KEYS, RUN_KEYS


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f9,q", "close", "Sluiten")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Toetsen tijdens de sessie", classes="dialog-title")
            yield DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)
            yield Static("Enkele toetsen buiten tekstvelden; F-toetsen altijd.", classes="hint")
            yield Static("Escape of ? sluit dit venster.", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Toets", "Tijdens typen", "Wat")
        for key in RUN_KEYS:
            single = key.display.split("/")[0]
            table.add_row(Text(single), Text(key.typing_key.upper()), Text(key.description))
        for keys, description in EXTRA_KEYS:
            table.add_row(Text(keys), Text(""), Text(description))

    def action_close(self) -> None:
        self.dismiss(None)
