"""Set-up: who takes part in which role, the case, and the preparation answers.

What is typed here is typed once: a filled-in preparation form fills the case and the case
owner's row, and the help question is carried into the phase that asks for it
(``engine.prefill``). Leaving with anything filled in asks first, and always lands on Home.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static, TextArea

from intervisie_tui.documents.preparation import FilledForm, read_preparation
from intervisie_tui.engine.catalog import CatalogEntry
from intervisie_tui.engine.display import dutch_list
from intervisie_tui.engine.followup import due_agreements, mark_evaluated
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol import Order
from intervisie_tui.engine.protocol_notes import case_form, group_size_warning, timekeeper_note
from intervisie_tui.engine.session import Case, Participant, Role
from intervisie_tui.engine.speakers import chair_left_out
from intervisie_tui.engine.store import SessionLocked
from intervisie_tui.timefmt import dutch_date
from intervisie_tui.ui.app import SetupResult
from intervisie_tui.ui.screens.dialogs import ConfirmScreen, ExportScreen, NoteScreen
from intervisie_tui.ui.screens.home import show_home

# Rows shown at first; another appears whenever the last one gets a name.
PARTICIPANT_ROWS = 8
ROLE_LABELS = {
    Role.VOORZITTER: "voorzitter",
    Role.TIJDBEWAKER: "tijdbewaker",
    Role.INBRENGER: "inbrenger",
    Role.DEELNEMER: "deelnemer",
    Role.NOTULIST: "notulist",
    Role.OUDER: "ouder",
    Role.TOEHOORDER: "toehoorder",
}
# A chair who also takes turns where a round goes round the "deelnemers" (engine/speakers.py):
# one row, not the same name typed twice.
CHAIR_AND_PARTICIPANT = "voorzitter+deelnemer"
ROLE_OPTIONS = [
    (ROLE_LABELS[Role.VOORZITTER], Role.VOORZITTER.value),
    ("voorzitter en deelnemer", CHAIR_AND_PARTICIPANT),
    *((label, role.value) for role, label in ROLE_LABELS.items() if role is not Role.VOORZITTER),
]
_FULL_NAME = re.compile(r"^[A-Z][a-z]+\s+([a-z]+\s+)*[A-Z][a-z]+")


class SetupScreen(Screen[None]):
    CSS_PATH = "screens.tcss"  # read when first shown: see ui/app.py
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
        # A case about a pupil, or a theme (leren van successen): then no pupil is asked for.
        self.case_form = case_form(self.protocol)
        self.rows = PARTICIPANT_ROWS

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
            with Vertical(id="participants"):
                for row in range(PARTICIPANT_ROWS):
                    yield _participant_row(row)
            yield Static(id="group-warning", classes="warning-text", markup=False)
            yield Static(id="chair-note", classes="hint", markup=False)
            note = timekeeper_note(protocol)  # for every protocol with one, flexible too
            if note:
                yield Static(note, classes="hint strong", markup=False)
            yield Static(id="timekeeper-warning", classes="warning-text", markup=False)

            form = self.case_form
            yield Static(form.heading, classes="section-title", markup=False)
            yield Static(form.note, classes="hint strong", markup=False)
            if form.pupil_label is not None:
                yield Label(form.pupil_label, markup=False)
                yield Input(id="pupil", max_length=60, placeholder="bijv. L. of 'Sterre'")
                yield Static(id="pupil-warning", classes="warning-text", markup=False)
            # Kept as the case's help question either way: the session format is the same.
            yield Label(form.question_label, markup=False)
            yield TextArea(id="help-question", classes="answer")
            if protocol.preparation is not None:
                yield Static(protocol.preparation.title, classes="section-title", markup=False)
                yield Static(protocol.preparation.instruction, classes="hint", markup=False)
                for question in protocol.preparation.questions:
                    yield Static(question.text, classes="question", markup=False)
                    yield TextArea(id=f"prep-{question.id}", classes="answer")
            yield Button("Start de sessie (F5)", id="start", variant="primary")
        yield Footer(compact=True)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The key bar in the order the screen declares, whatever has the focus: an answer
        field binds F6 itself (the screen's F6 has priority over it), which put F6 in front;
        and Esc in an open role list, which closes the list, said in Dutch."""
        found = super().active_bindings
        ordered = {b.key: found[b.key] for b in self.BINDINGS if b.key in found}
        ordered.update((key, active) for key, active in found.items() if key not in ordered)
        escape = ordered.get("escape")
        if escape is not None and isinstance(getattr(self.focused, "parent", None), Select):
            closing = replace(escape.binding, description="Lijst sluiten")
            ordered["escape"] = escape._replace(binding=closing)
        return ordered

    def on_mount(self) -> None:
        table = self.query_one("#followup-table", DataTable)
        table.add_columns("Sessie", "Leerling / thema", "Afspraak", "Wie", "Evaluatie")
        self._show_followup()
        self.query_one("#name-0", Input).focus()
        self._update_warnings()

    def _show_followup(self) -> None:
        """Seed 000: the next meeting should start by evaluating what was agreed last time;
        agreements that never got a date are listed too ("zonder datum"), so none is lost."""
        app = self.app
        self._due = due_agreements(app.sessions_dir, app.clock.now().date())  # type: ignore[attr-defined]
        table = self.query_one("#followup-table", DataTable)
        table.clear()
        for due in self._due:
            table.add_row(
                Text(dutch_date(due.created_at.date())),
                Text(due.about or "—"),
                Text(due.agreement.what),
                Text(due.agreement.who),
                Text(due.evaluation_label),
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
            NoteScreen("Afspraak geëvalueerd", f"{due.agreement.what} ({due.about or '—'})"),
            noted,
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == f"name-{self.rows - 1}" and event.value.strip():
            self._add_row()
        self._update_warnings()

    def _add_row(self) -> None:
        """More people than rows: a new empty row below the last one, so there is no limit."""
        self.query_one("#participants").mount(_participant_row(self.rows))
        self.rows += 1

    def _rows(self) -> list[tuple[Input, Select[str]]]:
        """Name and role of every row on screen (a row mounted just now has neither yet)."""
        names = self.query(".participant-row Input").results(Input)
        roles = self.query(".participant-row Select").results(Select)
        return list(zip(names, roles, strict=True))

    def on_select_changed(self, event: Select.Changed) -> None:
        self._update_warnings()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def participants(self) -> list[Participant]:
        """Rows with a name; the same name twice is one person with several roles."""
        merged: dict[str, list[Role]] = {}
        for name_input, role_select in self._rows():
            name = name_input.value.strip()
            if not name:
                continue
            roles = merged.setdefault(name, [])
            for role in map(Role, str(role_select.value).split("+")):
                if role not in roles:
                    roles.append(role)
        return [Participant(name=name, roles=roles) for name, roles in merged.items()]

    def _update_warnings(self) -> None:
        people = self.participants()
        self.query_one("#group-warning", Static).update(group_size_warning(self.protocol, people))
        self.query_one("#chair-note", Static).update(self._chair_note(people))
        keeper = any(Role.TIJDBEWAKER in p.roles for p in people)
        needs_keeper = self.protocol.order is Order.STRICT and people and not keeper
        self.query_one("#timekeeper-warning", Static).update(
            "Wie is de tijdbewaker? Kies bij één deelnemer de rol 'tijdbewaker'."
            if needs_keeper
            else ""
        )
        if self.case_form.pupil_label is not None:
            self.query_one("#pupil-warning", Static).update(
                "Dat lijkt een volledige naam. Gebruik liever initialen of een schuilnaam."
                if _FULL_NAME.match(self._pupil())
                else ""
            )

    def _chair_note(self, people: list[Participant]) -> str:
        """Where a round leaves the chair out, and how to let them take turns too: said before
        any name is typed, as long as a chair has no second role."""
        chair_only = [p for p in people if set(p.roles) == {Role.VOORZITTER}]
        if people and not chair_only:
            return ""
        team = chair_only or [Participant(name="voorzitter", roles=[Role.VOORZITTER])]
        rounds = [p.title for p in self.protocol.phases if p.round and chair_left_out(team, p.who)]
        if not rounds:
            return ""
        quoted = [f"'{title}'" for title in rounds]
        titles = dutch_list(quoted)
        return (
            f"In {titles} krijgt de voorzitter geen beurt: die leidt de ronde. Doet de "
            "voorzitter ook mee? Kies dan de rol 'voorzitter en deelnemer'."
        )

    def _pupil(self) -> str:
        """The pupil typed in; a theme asks for none."""
        if self.case_form.pupil_label is None:
            return ""
        return self.query_one("#pupil", Input).value.strip()

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
                pupil=self._pupil(),
                help_question=self.query_one("#help-question", TextArea).text,
            ),
            preparation=preparation,
        )

    def filled_in(self) -> bool:
        """Anything typed or imported that leaving would throw away."""
        result = self.result()
        return bool(
            result.participants
            or result.case.pupil
            or result.case.help_question.strip()
            or result.preparation
        )

    def unsaved_input(self) -> str | None:
        """What stopping the program now would throw away (the app asks before it does)."""
        return (
            "Wat je bij de voorbereiding hebt ingevuld gaat verloren." if self.filled_in() else None
        )

    def action_start(self) -> None:
        result = self.result()
        if result.participants or result.case.pupil or result.case.help_question.strip():
            self.app.begin_session(self.entry, result)  # type: ignore[attr-defined]
            return

        def answered(start: bool | None) -> None:
            if start:
                self.app.begin_session(self.entry, self.result())  # type: ignore[attr-defined]

        if self.case_form.pupil_label is None:
            title = "Starten zonder deelnemers en thema?"
            detail = "Er zijn nog geen namen en geen thema ingevuld."
        else:
            title = "Starten zonder deelnemers en casus?"
            detail = "Er zijn nog geen namen, geen leerling en geen hulpvraag ingevuld."
        self.app.push_screen(
            ConfirmScreen(title, detail, yes="Starten", keys=("f5", "ctrl+s")), answered
        )

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
            taken = self._take_in(read_preparation(text, self.protocol))
            self.notify(
                f"Ingelezen uit {path}: {', '.join(taken)}."
                if taken
                else f"Niets ingelezen uit {path}: het formulier is nog niet ingevuld.",
                severity="information" if taken else "warning",
                timeout=8,
                markup=False,
            )

        self.app.push_screen(
            ExportScreen(suggestion, "Ingevuld voorbereidingsformulier (Markdown)"), chosen
        )

    def _take_in(self, form: FilledForm) -> list[str]:
        """Put what the form says into the fields (the form wins over what was there; an empty
        part of it leaves the field alone); returns what was taken, in words."""
        taken = []
        if form.case_owner:
            name = form.case_owner[:200]
            self._place_case_owner(name)
            taken.append(f"inbrenger {name}")
        if form.pupil and self.case_form.pupil_label is not None:
            pupil = form.pupil[:60]
            self.query_one("#pupil", Input).value = pupil
            taken.append(f"leerling {pupil}")
        if form.help_question:
            self.query_one("#help-question", TextArea).text = form.help_question
            taken.append("hulpvraag" if self.case_form.pupil_label is not None else "thema")
        # The generic form (a protocol without its own) has no answer fields here but the
        # help question.
        answers = form.answers if self.protocol.preparation is not None else {}
        for question_id, answer in answers.items():
            self.query_one(f"#prep-{question_id}", TextArea).text = answer
        if answers:
            taken.append(f"{len(answers)} {'antwoord' if len(answers) == 1 else 'antwoorden'}")
        return taken

    def _place_case_owner(self, name: str) -> None:
        """The case owner gets a row with the role inbrenger: their own row if they are listed
        as inbrenger already, else the first empty inbrenger row, else the first empty row
        (there always is one: a new row appears as soon as the last one gets a name)."""
        rows = self._rows()
        inbrenger = Role.INBRENGER.value
        if any(
            field.value.strip().casefold() == name.casefold() and role.value == inbrenger
            for field, role in rows
        ):
            return
        empty = [(field, role) for field, role in rows if not field.value.strip()]
        field, role = next(((f, r) for f, r in empty if r.value == inbrenger), empty[0])
        field.value = name
        role.value = inbrenger

    def action_back(self) -> None:
        """Back to Home at once, also from a field (the key bar says "esc Terug"); a form with
        anything in it asks first, so one stray key cannot throw it away."""
        if not self.filled_in():
            self._leave()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self._leave()

        self.app.push_screen(
            ConfirmScreen(
                "Voorbereiding verlaten?",
                "Wat je hebt ingevuld gaat verloren.",
                yes="Verlaten",
                no="Blijven",
            ),
            answered,
        )

    def _leave(self) -> None:
        show_home(self.app, self.protocol.id)


def _participant_row(row: int) -> Horizontal:
    return Horizontal(
        Input(placeholder=f"Naam {row + 1}", id=f"name-{row}", max_length=200, compact=True),
        Select(
            ROLE_OPTIONS,
            value=_default_role(row).value,
            allow_blank=False,
            id=f"role-{row}",
            compact=True,
        ),
        classes="participant-row",
    )


def _default_role(row: int) -> Role:
    return {0: Role.VOORZITTER, 1: Role.TIJDBEWAKER, 2: Role.INBRENGER}.get(row, Role.DEELNEMER)
