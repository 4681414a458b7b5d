"""Small modal questions the run screen asks: confirm, pick a phase, export a copy, and what to
do when the session cannot be saved."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from intervisie_tui.engine.runner import PhaseState, Snapshot
from intervisie_tui.timefmt import clock


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("j,y", "answer(True)", "Ja"),
        Binding("n,escape", "answer(False)", "Nee"),
    ]

    def __init__(
        self, question: str, detail: str = "", *, yes: str = "Ja (j)", no: str = "Nee (n)"
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.detail = detail
        self.labels = (yes, no)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, classes="dialog-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.labels[0], id="yes", variant="primary")
                yield Button(self.labels[1], id="no")
            yield Static("Enter of j: ja · Esc of n: nee", classes="hint")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class JumpScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", "Annuleer")]

    def __init__(self, snapshot: Snapshot) -> None:
        super().__init__(classes="dialog-screen")
        self.snapshot = snapshot

    def compose(self) -> ComposeResult:
        marks = {PhaseState.DONE: "✓", PhaseState.CURRENT: "▶", PhaseState.UPCOMING: "○"}
        options = [
            Option(
                Content.assemble(
                    f"{marks[view.state]} {view.index + 1}. ",
                    (view.title, "bold"),
                    f"  ({clock(view.budget_seconds)})",
                ),
                disabled=view.state is PhaseState.CURRENT,
            )
            for view in self.snapshot.phases
        ]
        with Vertical(classes="dialog"):
            yield Static("Naar welke fase?", classes="dialog-title")
            yield OptionList(*options, id="jump-list")

    def on_mount(self) -> None:
        current = self.snapshot.current or 0
        options = self.query_one(OptionList)
        options.highlighted = min(current + 1, len(self.snapshot.phases) - 1)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[Path | None]):
    """Asks where to put a copy; the caller writes it, so errors surface where they belong."""

    BINDINGS = [Binding("escape", "cancel", "Annuleer")]

    def __init__(self, suggestion: Path, title: str = "Kopie van de sessie bewaren als") -> None:
        super().__init__(classes="dialog-screen")
        self.suggestion = suggestion
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(str(self.suggestion), id="export-path")
            yield Static("Enter: bewaren · Escape: annuleren", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.dismiss(Path(text).expanduser() if text else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """A short note, e.g. how an agreement worked out when it is marked evaluated."""

    BINDINGS = [Binding("escape", "cancel", "Annuleer")]

    def __init__(self, title: str, detail: str) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.detail, classes="dialog-detail", markup=False)
            yield Input(placeholder="Korte notitie: hoe ging het?", id="note", max_length=2000)
            yield Static("Enter: vastleggen · Escape: annuleren", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class UnsavedQuitScreen(ModalScreen[Path | bool | None]):
    """Stopping while the session file cannot be written: a copy elsewhere comes first, and
    leaving without one takes a deliberate choice. Returns the copy's path, True for "stop
    without saving", or None to stay."""

    BINDINGS = [Binding("escape", "stay", "Blijven")]

    def __init__(self, error: str, suggestion: Path) -> None:
        super().__init__(classes="dialog-screen")
        self.error = error
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("De sessie kan niet worden opgeslagen", classes="dialog-title")
            yield Static(
                f"{self.error}\nWat sinds de laatste keer is vastgelegd staat alleen nog in dit "
                "programma. Bewaar eerst een kopie elders:",
                classes="dialog-detail",
                markup=False,
            )
            yield Input(str(self.suggestion), id="copy-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Kopie bewaren en stoppen", id="copy", variant="primary")
                yield Button("Blijven (esc)", id="stay")
                yield Button("Stoppen zonder opslaan", id="discard", variant="error")
            yield Static("Enter: kopie bewaren en stoppen · Esc: blijven", classes="hint")

    def _copy(self) -> None:
        text = self.query_one("#copy-path", Input).value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._copy()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self._copy()
        elif event.button.id == "discard":
            self.dismiss(True)
        else:
            self.dismiss(None)

    def action_stay(self) -> None:
        self.dismiss(None)
