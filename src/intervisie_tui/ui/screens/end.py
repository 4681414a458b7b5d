"""The end of a round: time per phase against its budget, the agreements, and the file path.

Seed 000 found that no round agreed an evaluation date; this screen asks for one whenever an
agreement lacks it, before anyone closes the laptop. It leads back to Home (the program ends
from there), so the next round can be set up without starting the program again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from intervisie_tui.documents.common import (
    NOT_COVERED,
    ON_TIME,
    SessionDocument,
    budget_text,
    document_of,
    shown_difference,
    shown_seconds,
)
from intervisie_tui.engine.autosave import AutoSaver
from intervisie_tui.engine.case_forms import meeting_about
from intervisie_tui.engine.session import PhaseRecord, Session
from intervisie_tui.timefmt import clock, parse_date
from intervisie_tui.ui.screens.dialogs import ExportScreen
from intervisie_tui.ui.screens.home import show_home
from intervisie_tui.ui.widgets.fields import (
    RecordTable,
    agreements_layout,
    past_question,
    today_for,
)

BAR_WIDTH = 30


def phase_bar(actual: float, planned: float, scale: float) -> Content:
    """Actual time as a bar against the planned budget; the part over budget stands out."""
    planned_cells = round(planned / scale * BAR_WIDTH)
    actual_cells = round(actual / scale * BAR_WIDTH)
    within = min(actual_cells, planned_cells)
    return Content.assemble(
        ("█" * within, "$success"),
        ("█" * max(0, actual_cells - planned_cells), "$error"),
        ("░" * max(0, planned_cells - actual_cells), "$foreground-muted"),
    )


def phase_times(record: PhaseRecord) -> str:
    """``06:59 / 04:00 (+02:59; bijgesteld van 05:00)``: against the budget the meeting ran
    with, as the rail showed it, and the protocol's own minutes named when they were changed."""
    notes = []
    over = shown_difference(record.actual_seconds, record.budget_seconds)
    if over > 0:
        notes.append(f"+{clock(over)}")
    if record.adjustment_seconds:
        notes.append(f"bijgesteld van {clock(record.planned_seconds)}")
    text = f"{clock(record.actual_seconds)} / {clock(record.budget_seconds)}"
    return f"{text} ({'; '.join(notes)})" if notes else text


def about_suffix(session: Session) -> str:
    """`` · leerling S.``, or for a theme meeting `` · thema: …`` (its first words, as the
    lists name it): a theme meeting has no pupil, and its theme is what it was about."""
    case = session.case
    about = meeting_about(case.pupil, case.help_question, session.protocol.subject.value)
    if not about:
        return ""
    return f" · leerling {about}" if case.pupil else f" · thema: {about}"


OUTCOME_TITLE = "Wat de bijeenkomst opleverde"


def outcome_text(document: SessionDocument) -> str:
    """Every field the meeting recorded, but its notes and the help question, as the reader
    shows them (``Answer.is_outcome``): the goal, a scale's figure and the closing words alike,
    not only the last phase's. Under a heading no protocol uses as a label, so a field called
    "Opbrengst" does not read twice."""
    lines = [f"{a.label}: {'; '.join(a.lines())}" for a in document.outcome()]
    return "\n".join(lines) or "—"


class EndScreen(Screen[None]):
    CSS_PATH = "screens.tcss"  # read when first shown: see ui/app.py
    BINDINGS = [
        Binding("escape", "back", "Naar het begin"),
        # q used to end the program here; now it leads Home too, where q ends it.
        Binding("q", "home", "Naar het begin", show=False),
    ]

    def __init__(self, session: Session, saver: AutoSaver) -> None:
        super().__init__()
        self.session = session
        self.saver = saver

    def compose(self) -> ComposeResult:
        session = self.session
        yield Static(
            f"Afgerond — {session.protocol.title}{about_suffix(session)}",
            classes="screen-title",
            markup=False,
        )
        with VerticalScroll(id="end-body"):
            yield Static("Tijd per fase (gepland tegen werkelijk)", classes="section-title")
            scale = max(max(p.actual_seconds, p.budget_seconds) for p in session.phases)
            for number, record in enumerate(session.phases, 1):
                yield Static(
                    Content.assemble(
                        f"{number}. {record.title}\n   ",
                        phase_bar(record.actual_seconds, record.budget_seconds, scale),
                        " " + phase_times(record),
                    ),
                    classes="end-phase",
                )
            # The sum of the phase times shown above, so the lines add up.
            total_actual = sum(shown_seconds(p.actual_seconds) for p in session.phases)
            total_budget = sum(p.budget_seconds for p in session.phases)
            total_planned = sum(p.planned_seconds for p in session.phases)
            overrun = shown_difference(total_actual, total_budget)
            verdict = (
                f"{clock(abs(overrun))} {'over' if overrun > 0 else 'binnen'} de tijd"
                if overrun
                else ON_TIME
            )
            budget = budget_text(total_budget, total_planned)
            yield Static(
                f"Totaal {clock(total_actual)} van {budget} — {verdict}",
                id="end-total",
                markup=False,
            )
            if session.uncovered_at_finish:
                titles = [session.phase_record(i).title for i in session.uncovered_at_finish]
                yield Static(
                    f"{NOT_COVERED.capitalize()}: " + "; ".join(titles),
                    classes="warning-text",
                    markup=False,
                )
            document = document_of(session)
            if document.records_agreements:
                yield Static("Afspraken", classes="section-title")
                yield RecordTable(
                    lambda width: agreements_layout(self.session.agreements, width),
                    show_header=True,
                    id="end-agreements",
                )
                yield Static("", id="evaluation-prompt", classes="warning-text", markup=False)
                yield Input(placeholder="Evaluatiedatum dd-mm-jjjj, enter", id="evaluation-date")
            yield Static(OUTCOME_TITLE, classes="section-title")
            yield Static(outcome_text(document), id="end-yield", markup=False)
            yield Static(f"Bewaard in: {self.saver.path}", id="end-path", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._confirmed_past: date | None = None
        self._show_agreements()

    def _missing_dates(self) -> int:
        return sum(a.evaluation_date is None for a in self.session.agreements)

    def _show_agreements(self) -> None:
        if not self.query(RecordTable):
            return  # a protocol without agreements (leren van successen): nothing to date
        self.query_one(RecordTable).refill()
        missing = self._missing_dates()
        prompt = self.query_one("#evaluation-prompt", Static)
        date_input = self.query_one("#evaluation-date", Input)
        if not self.session.agreements:
            prompt.update("Geen afspraken vastgelegd.")
        elif missing:
            agreements = "afspraak" if missing == 1 else "afspraken"
            prompt.update(
                f"{missing} {agreements} zonder evaluatiedatum. Wanneer evalueren jullie?"
            )
        else:
            prompt.update("")
        date_input.display = bool(missing)
        if missing:
            date_input.focus()
        elif date_input.has_focus:
            # Give focus back now, so the next q quits instead of waiting a frame as a letter.
            self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            chosen = parse_date(event.value)
        except ValueError as problem:
            self.query_one("#evaluation-prompt", Static).update(str(problem))
            return
        if chosen < today_for(self) and chosen != self._confirmed_past:
            # A date already past is more often a typo than a plan: Enter again keeps it.
            self._confirmed_past = chosen
            self.query_one("#evaluation-prompt", Static).update(past_question(chosen))
            return
        self.session.agreements = [
            a if a.evaluation_date else a.model_copy(update={"evaluation_date": chosen})
            for a in self.session.agreements
        ]
        self.saver.flush()
        self._show_agreements()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)
        else:
            self.action_home()

    def action_home(self) -> None:
        """Save and release the session, then Home. A session that cannot be saved is not left
        before a copy is kept elsewhere."""
        if not self.saver.flush():
            self._keep_a_copy_first()
            return
        farewell = self.app.close_session()  # type: ignore[attr-defined]
        if farewell:
            self.app.notify(farewell, timeout=10, markup=False)
        show_home(self.app, self.session.protocol.id)

    def _keep_a_copy_first(self) -> None:
        self.notify(
            f"{self.saver.error} — bewaar eerst een kopie elders.",
            severity="error",
            timeout=10,
            markup=False,
        )

        def chosen(target: Path | None) -> None:
            if target is None or not self.app.write_copy(target):  # type: ignore[attr-defined]
                return
            self.app.close_session()  # type: ignore[attr-defined]
            show_home(self.app, self.session.protocol.id)

        self.app.push_screen(
            ExportScreen(
                Path.home() / f"intervisie-{self.session.id}.json",
                "Niet opgeslagen — kopie van de sessie bewaren als",
            ),
            chosen,
        )
