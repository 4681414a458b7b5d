"""Small modal questions the run screen asks: confirm, pick a phase, export a copy, and what to
do when the session cannot be saved."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from intervisie_tui.engine.runner import PhaseState, Snapshot
from intervisie_tui.timefmt import clock


def key_name(key: str) -> str:
    """A key as the key bar writes it: ``F3``, ``ctrl+q``."""
    return key.upper() if key.startswith("f") else key


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question. It never answers to a letter, wherever it is asked: a typed
    character cancels it and goes to the field beneath (``IntervisieApp.on_event``). It answers
    to Esc (no), Enter on the focused button, a click, and one of ``keys``, the key that asked,
    pressed again (yes). The safe button has the focus first, so a typed Enter cancels. A
    question asked by Esc (leaving a filled-in form) has no key again: Esc means no."""

    BINDINGS = [Binding("escape", "answer(False)", "Nee")]
    AUTO_FOCUS = "#no"

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes: str | None = None,
        no: str | None = None,
        keys: tuple[str, ...] = (),
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.detail = detail
        self.keys = keys
        yes, no = yes or "Ja", no or "Nee"
        again = f" ({key_name(keys[0])})" if keys else ""
        self.labels = (f"{yes}{again}", f"{no} (Esc)")
        how = f"{key_name(keys[0])}: {yes.lower()}" if keys else f"tab dan enter: {yes.lower()}"
        self.hint = f"{how} · Esc: {no.lower()} · typen gaat naar het veld"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Static(self.detail, classes="dialog-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.labels[0], id="yes", variant="primary")
                yield Button(self.labels[1], id="no")
            yield Static(self.hint, classes="hint", markup=False)

    def on_key(self, event: events.Key) -> None:
        if event.key in self.keys:
            event.stop()
            self.action_answer(True)

    def key_again(self, key: str) -> None:
        """Answer yes if ``key`` is one that asked; for keys the app binds itself (ctrl+q)."""
        if key in self.keys:
            self.action_answer(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_answer(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        # A key or click already queued when typing cancelled the question finds it gone.
        if self.is_active:
            self.dismiss(answer)


class JumpScreen(ModalScreen[int | None]):
    """Picks a phase with the arrows and Enter, or ``key`` (the one that opened it) again.
    Letters never pick: over the meeting window they go to the field beneath."""

    BINDINGS = [Binding("escape", "cancel", "Annuleer")]

    def __init__(self, snapshot: Snapshot, *, key: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.snapshot = snapshot
        self.key = key

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
            again = f" of {key_name(self.key)}" if self.key else ""
            yield Static(f"Enter{again}: kiezen · Esc: annuleren", classes="hint", markup=False)

    def on_mount(self) -> None:
        current = self.snapshot.current or 0
        options = self.query_one(OptionList)
        options.highlighted = min(current + 1, len(self.snapshot.phases) - 1)
        options.focus()

    def on_key(self, event: events.Key) -> None:
        if self.key is not None and event.key == self.key:
            event.stop()
            self.query_one(OptionList).action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.is_active:
            self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        if self.is_active:
            self.dismiss(None)


class ExportScreen(ModalScreen[Path | None]):
    """Asks where to put a copy; the caller writes it, so errors surface where they belong.

    Asked over the meeting window (``key``, the one that asked), the path is not where the
    focus starts: the note-taker may be typing on after a stray key, and the words would go
    into the path and an Enter would write a copy. The focus starts on "Annuleren", so typing
    cancels (the app hands the characters to the field beneath); the key again, or Tab to the
    path and Enter, writes the copy."""

    BINDINGS = [Binding("escape", "cancel", "Annuleer")]

    def __init__(
        self, suggestion: Path, title: str = "Kopie van de sessie bewaren als", key: str = ""
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.suggestion = suggestion
        self.title_text = title
        self.key = key

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(str(self.suggestion), id="export-path")
            if self.key:
                with Horizontal(classes="dialog-buttons"):
                    yield Button(f"Bewaren ({self.key})", id="save", variant="primary")
                    yield Button("Annuleren (Esc)", id="cancel")
                hint = f"{self.key}: bewaren · Esc: annuleren · typen gaat naar het veld"
            else:
                hint = "Enter: bewaren · Escape: annuleren"
            yield Static(hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        if self.key:
            self.query_one("#cancel", Button).focus()

    def on_key(self, event: events.Key) -> None:
        if self.key and event.key == self.key:
            event.stop()
            self._submit(self.query_one("#export-path", Input).value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._submit(self.query_one("#export-path", Input).value)
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit(event.value)

    def _submit(self, value: str) -> None:
        text = value.strip()
        if self.is_active:
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
    # Stopping is the step a typed Enter must not take: the path is reached with Tab or a click.
    AUTO_FOCUS = "#stay"

    def __init__(self, error: str, suggestion: Path, *, keys: tuple[str, ...] = ()) -> None:
        super().__init__(classes="dialog-screen")
        self.error = error
        self.suggestion = suggestion
        self.keys = keys

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
            again = f" ({key_name(self.keys[0])})" if self.keys else ""
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"Kopie bewaren en stoppen{again}", id="copy", variant="primary")
                yield Button("Blijven (Esc)", id="stay")
                yield Button("Stoppen zonder opslaan", id="discard", variant="error")
            yield Static(
                "Enter in het pad: kopie bewaren en stoppen · Esc: blijven", classes="hint"
            )

    def on_key(self, event: events.Key) -> None:
        if event.key in self.keys:
            event.stop()
            self._copy()

    def key_again(self, key: str) -> None:
        """Copy and stop if ``key`` is one that asked; for keys the app binds itself."""
        if key in self.keys:
            self._copy()

    def _copy(self) -> None:
        text = self.query_one("#copy-path", Input).value.strip()
        if text:
            self._answer(Path(text).expanduser())

    def _answer(self, choice: Path | bool | None) -> None:
        if self.is_active:
            self.dismiss(choice)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._copy()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self._copy()
        elif event.button.id == "discard":
            self._answer(True)
        else:
            self._answer(None)

    def action_stay(self) -> None:
        self._answer(None)
