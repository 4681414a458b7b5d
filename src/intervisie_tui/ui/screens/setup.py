"""Set-up: who takes part in which role, the case, and the preparation answers."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, TextArea

from intervisie_tui.engine.catalog import CatalogEntry
from intervisie_tui.engine.protocol import Order
from intervisie_tui.engine.session import Case, Participant, Role
from intervisie_tui.ui.app import SetupResult

PARTICIPANT_ROWS = 8
ROLE_LABELS = {
    Role.VOORZITTER: "voorzitter",
    Role.TIJDBEWAKER: "tijdbewaker",
    Role.INBRENGER: "inbrenger",
    Role.DEELNEMER: "deelnemer",
    Role.NOTULIST: "notulist",
}
_FULL_NAME = re.compile(r"^[A-Z][a-z]+\s+([a-z]+\s+)*[A-Z][a-z]+")


class SetupScreen(Screen[None]):
    BINDINGS = [
        Binding("f5", "start", "Start de sessie"),
        Binding("ctrl+s", "start", "Start", show=False),
        Binding("escape", "back", "Terug"),
    ]

    def __init__(self, entry: CatalogEntry) -> None:
        super().__init__()
        self.entry = entry
        self.protocol = entry.loaded.protocol

    def compose(self) -> ComposeResult:
        protocol = self.protocol
        yield Static(f"Voorbereiding — {protocol.title}", classes="screen-title", markup=False)
        with VerticalScroll(id="setup-form"):
            yield Static("Deelnemers", classes="section-title")
            if protocol.group_size is not None:
                yield Static(protocol.group_size.advice, classes="hint", markup=False)
            for row in range(PARTICIPANT_ROWS):
                with Horizontal(classes="participant-row"):
                    yield Input(
                        placeholder=f"Naam {row + 1}",
                        id=f"name-{row}",
                        max_length=200,
                        compact=True,
                    )
                    yield Select(
                        [(label, role.value) for role, label in ROLE_LABELS.items()],
                        value=_default_role(row).value,
                        allow_blank=False,
                        id=f"role-{row}",
                        compact=True,
                    )
            yield Static(id="group-warning", classes="warning-text", markup=False)
            if protocol.order is Order.STRICT:
                note = protocol.timekeeper_note or "Spreek van tevoren af wie de tijd bewaakt."
                yield Static(note, classes="hint strong", markup=False)
            yield Static(id="timekeeper-warning", classes="warning-text", markup=False)

            yield Static("De casus", classes="section-title")
            yield Static(
                "Dit bestand gaat over een kind: gebruik een schuilnaam of initialen, "
                "nooit de volledige naam.",
                classes="hint strong",
            )
            yield Label("Leerling (schuilnaam of initialen)")
            yield Input(id="pupil", max_length=60, placeholder="bijv. L. of 'Sterre'")
            yield Static(id="pupil-warning", classes="warning-text", markup=False)
            yield Label("Hulpvraag van de inbrenger")
            yield TextArea(id="help-question", classes="answer")
            if protocol.preparation is not None:
                yield Static(protocol.preparation.title, classes="section-title", markup=False)
                yield Static(protocol.preparation.instruction, classes="hint", markup=False)
                for question in protocol.preparation.questions:
                    yield Static(question.text, classes="question", markup=False)
                    yield TextArea(id=f"prep-{question.id}", classes="answer")
            yield Button("Start de sessie (F5)", id="start", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#name-0", Input).focus()
        self._update_warnings()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._update_warnings()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._update_warnings()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def participants(self) -> list[Participant]:
        """Rows with a name; the same name twice is one person with several roles."""
        merged: dict[str, list[Role]] = {}
        for row in range(PARTICIPANT_ROWS):
            name = self.query_one(f"#name-{row}", Input).value.strip()
            if not name:
                continue
            role = Role(self.query_one(f"#role-{row}", Select).value)
            roles = merged.setdefault(name, [])
            if role not in roles:
                roles.append(role)
        return [Participant(name=name, roles=roles) for name, roles in merged.items()]

    def _update_warnings(self) -> None:
        people = self.participants()
        group = self.protocol.group_size
        warning = ""
        if group is not None and people and not group.min <= len(people) <= group.max:
            warning = (
                f"Let op: {len(people)} deelnemers; deze werkwijze adviseert "
                f"{group.min} tot {group.max}."
            )
        self.query_one("#group-warning", Static).update(warning)
        keeper = any(Role.TIJDBEWAKER in p.roles for p in people)
        needs_keeper = self.protocol.order is Order.STRICT and people and not keeper
        self.query_one("#timekeeper-warning", Static).update(
            "Wie is de tijdbewaker? Kies bij één deelnemer de rol 'tijdbewaker'."
            if needs_keeper
            else ""
        )
        pupil = self.query_one("#pupil", Input).value.strip()
        self.query_one("#pupil-warning", Static).update(
            "Dat lijkt een volledige naam. Gebruik liever initialen of een schuilnaam."
            if _FULL_NAME.match(pupil)
            else ""
        )

    def result(self) -> SetupResult:
        preparation: dict[str, str] = {}
        if self.protocol.preparation is not None:
            for question in self.protocol.preparation.questions:
                text = self.query_one(f"#prep-{question.id}", TextArea).text
                if text.strip():
                    preparation[question.id] = text
        return SetupResult(
            participants=self.participants(),
            case=Case(
                pupil=self.query_one("#pupil", Input).value.strip(),
                help_question=self.query_one("#help-question", TextArea).text,
            ),
            preparation=preparation,
        )

    def action_start(self) -> None:
        self.app.begin_session(self.entry, self.result())  # type: ignore[attr-defined]

    def action_back(self) -> None:
        if isinstance(self.focused, Input | TextArea):
            # Escape first leaves the field, so one stray key cannot throw away the form.
            self.set_focus(None)
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()


def _default_role(row: int) -> Role:
    return {0: Role.VOORZITTER, 1: Role.TIJDBEWAKER, 2: Role.INBRENGER}.get(row, Role.DEELNEMER)
