"""Set-up: who takes part in which role, the case, and the preparation answers."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static, TextArea

from intervisie_tui.documents.preparation import read_preparation_answers
from intervisie_tui.engine.catalog import CatalogEntry
from intervisie_tui.engine.followup import due_agreements, mark_evaluated
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol import Order
from intervisie_tui.engine.session import Case, Participant, Role
from intervisie_tui.engine.store import SessionLocked
from intervisie_tui.timefmt import dutch_date
from intervisie_tui.ui.app import SetupResult
from intervisie_tui.ui.screens.dialogs import ExportScreen, NoteScreen

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
        # Priority: a focused TextArea binds F6 (select line) itself and would swallow it.
        Binding("f6", "import_preparation", "Voorbereiding inlezen", priority=True),
    ]

    def __init__(self, entry: CatalogEntry) -> None:
        super().__init__()
        self.entry = entry
        self.protocol = entry.loaded.protocol

    def compose(self) -> ComposeResult:
        protocol = self.protocol
        yield Static(f"Voorbereiding — {protocol.title}", classes="screen-title", markup=False)
        with VerticalScroll(id="setup-form"):
            with Vertical(id="followup"):
                yield Static(
                    "Eerst evalueren: afspraken van eerdere sessies", classes="section-title"
                )
                yield Static(
                    "Enter op een afspraak: markeren als geëvalueerd, met een korte notitie.",
                    classes="hint",
                )
                yield DataTable(id="followup-table", cursor_type="row")
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
        table = self.query_one("#followup-table", DataTable)
        table.add_columns("Sessie", "Leerling", "Afspraak", "Wie", "Evaluatie")
        self._show_followup()
        self.query_one("#name-0", Input).focus()
        self._update_warnings()

    def _show_followup(self) -> None:
        """Seed 000: the next meeting should start by evaluating what was agreed last time."""
        app = self.app
        self._due = due_agreements(app.sessions_dir, app.clock.now().date())  # type: ignore[attr-defined]
        table = self.query_one("#followup-table", DataTable)
        table.clear()
        for due in self._due:
            evaluation = due.agreement.evaluation_date
            table.add_row(
                Text(due.created_at.astimezone().strftime("%d-%m-%Y")),
                Text(due.pupil or "—"),
                Text(due.agreement.what),
                Text(due.agreement.who),
                Text(dutch_date(evaluation) if evaluation else "—"),
            )
        self.query_one("#followup").display = bool(self._due)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self._due):
            return
        due = self._due[event.cursor_row]

        def noted(note: str | None) -> None:
            if note is None:
                return
            try:
                mark_evaluated(due.path, due.index, note, self.app.clock.now())  # type: ignore[attr-defined]
            except (SessionLocked, FileProblems, IndexError) as problem:
                self.notify(
                    f"Niet vastgelegd: {problem}", severity="error", timeout=10, markup=False
                )
                return
            self.notify("Evaluatie vastgelegd in de oorspronkelijke sessie.")
            self._show_followup()

        self.app.push_screen(
            NoteScreen("Afspraak geëvalueerd", f"{due.agreement.what} ({due.pupil or '—'})"),
            noted,
        )

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_preparation":
            return self.protocol.preparation is not None
        return True

    def action_import_preparation(self) -> None:
        """Take in the form the case owner filled in a week ahead (`intervisie prepare`)."""
        suggestion = Path.cwd() / f"voorbereiding-{self.protocol.id}.md"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                # Paths are text: "[b]" in a file name is no markup (Widget.notify renders it).
                self.notify(
                    f"Kan {path} niet lezen: {error}", severity="error", timeout=10, markup=False
                )
                return
            answers = read_preparation_answers(text, self.protocol)
            for question_id, answer in answers.items():
                self.query_one(f"#prep-{question_id}", TextArea).text = answer
            self.notify(f"{len(answers)} antwoord(en) ingelezen uit {path}", markup=False)

        self.app.push_screen(
            ExportScreen(suggestion, "Ingevuld voorbereidingsformulier (Markdown)"), chosen
        )

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
