"""The sessions browser: every session in the folder, sortable, filterable and searchable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Input, Select, Static

from intervisie_tui.engine.display import dutch_list
from intervisie_tui.engine.listing import DUE_HORIZON_DAYS, SessionSummary
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.protocol_versions import short_version
from intervisie_tui.engine.search import session_text_matches
from intervisie_tui.engine.session import Session
from intervisie_tui.engine.store import load_session
from intervisie_tui.engine.summary_words import (
    STATUS_WORDS,
    agreements_words,
    rehearsals_due,
    rehearsals_left_out,
    status_words,
)
from intervisie_tui.timefmt import dutch_date, dutch_datetime

COLUMNS = ("Datum", "Protocol", "Leerling / thema", "Status", "Afspraken", "Evaluatie", "Versie")
# Below these widths of the screen the browser leaves out the version and the time, then the
# protocol (the filter above names it, the reader shows it), so status, agreements and
# evaluation stay in sight at 80 columns; the count line says what was left out.
WIDE = 142
MEDIUM = 120
PROTOCOL_WIDTH = {WIDE: 32, MEDIUM: 26}  # a long title is cut with "…"
ABOUT_WIDTH = 16  # a long theme is cut with "…" when the screen is narrow
EVALUATION_WIDTH = 12  # a date and "zonder datum" after it: the date, and "…"
OTHER_VERSION = "*"  # after a version that is not the protocol's file of today


class SkippedFiles(VerticalScroll):
    """Every file that could not be read, however many: a folder can collect dozens, and the
    one a user is looking for may be the last. The border says how many; the box scrolls."""

    def compose(self) -> ComposeResult:
        yield Static("", classes="skipped-lines", markup=False)

    def show(self, problems: Sequence[Problem]) -> None:
        files = len({p.file for p in problems})
        self.border_title = f"{files} {'bestand' if files == 1 else 'bestanden'} overgeslagen"
        self.query_one(".skipped-lines", Static).update("\n".join(str(p) for p in problems))
        self.display = bool(problems)


class DueFilter(Checkbox):
    """The "evaluation due" filter. Textual's box is a dim X when off, which a projector shows
    as on: here an empty or ticked box, and words that say which."""

    BUTTON_LEFT = ""
    BUTTON_INNER = "☐"
    BUTTON_RIGHT = ""

    def __init__(self, *, id: str) -> None:
        super().__init__(self._words(False), id=id, compact=True)

    @staticmethod
    def _words(on: bool) -> str:
        return "Evaluatie nodig: aan" if on else "Evaluatie nodig: uit"

    def watch_value(self) -> None:
        super().watch_value()
        self.BUTTON_INNER = "☑" if self.value else "☐"
        self.label = self._words(self.value)


def _sort_key(column: str) -> Callable[[SessionSummary], tuple[object, ...]]:
    def key(summary: SessionSummary) -> tuple[object, ...]:
        values = (
            summary.created_at,
            summary.protocol_title.casefold(),
            summary.about.casefold(),
            summary.status.value,
            summary.agreements,
            summary.next_evaluation or date.max,
            summary.protocol_sha256,
        )
        return (values[COLUMNS.index(column)],)

    return key


def columns_for(width: int) -> tuple[str, ...]:
    """The columns that fit a screen ``width`` columns wide."""
    if width >= WIDE:
        return COLUMNS
    if width >= MEDIUM:
        return tuple(c for c in COLUMNS if c != "Versie")
    return tuple(c for c in COLUMNS if c not in ("Versie", "Protocol"))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip(" ,") + "…"


class SessionsScreen(Screen[None]):
    CSS_PATH = "screens.tcss"  # read when first shown: see ui/app.py
    BINDINGS = [
        Binding("escape", "back", "Terug"),
        Binding("slash", "search", "Zoeken"),
        Binding("d", "toggle_due", "Evaluatie nodig"),
    ]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today
        self._sort_column = COLUMNS[0]
        self._descending = True
        self._columns: tuple[str, ...] = ()
        self._loaded: dict[Path, Session] = {}

    def compose(self) -> ComposeResult:
        yield Static("Sessies", classes="screen-title")
        with Horizontal(id="sessions-filters"):
            yield Select[str]([], prompt="Alle protocollen", id="filter-protocol", compact=True)
            yield Select[str](
                [(word, value) for value, word in STATUS_WORDS.items()],
                prompt="Elke status",
                id="filter-status",
                compact=True,
            )
            yield DueFilter(id="filter-due")
        yield Input(placeholder="/ Zoeken in antwoorden en afspraken", id="sessions-search")
        yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="sessions-count", markup=False)
        yield SkippedFiles(id="sessions-problems")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        if columns_for(self.size.width) != self._columns:
            self.refill()

    def on_screen_resume(self) -> None:
        # Going Home from further up pops this screen too, right after resuming it.
        if self.is_active:
            self.reload()

    def reload(self) -> None:
        scan = self.app.scan()  # type: ignore[attr-defined]
        self._all = scan.sessions
        # Each protocol's version today, to mark the sessions held with another one.
        self._current = self.app.catalog().current_versions()  # type: ignore[attr-defined]
        self._loaded.clear()
        protocols = sorted({(s.protocol_title, s.protocol_id) for s in self._all})
        # A protocol's title is anyone's text: as Text, a Select never reads it as markup.
        self.query_one("#filter-protocol", Select).set_options(
            [(Text(title), pid) for title, pid in protocols]
        )
        self.query_one(SkippedFiles).show(scan.problems)
        self.refill()

    def visible(self) -> list[SessionSummary]:
        protocol = self.query_one("#filter-protocol", Select).value
        status = self.query_one("#filter-status", Select).value
        due_only = self.query_one("#filter-due", Checkbox).value
        query = self.query_one("#sessions-search", Input).value.strip()
        chosen = [
            s
            for s in self._all
            if (protocol is Select.NULL or s.protocol_id == protocol)
            and (status is Select.NULL or s.status.value == status)
            and (not due_only or s.evaluation_due(self.today))
            and (not query or self._matches(s, query))
        ]
        chosen.sort(key=_sort_key(self._sort_column), reverse=self._descending)
        return chosen

    def _matches(self, summary: SessionSummary, query: str) -> bool:
        session = self._loaded.get(summary.path)
        if session is None:
            try:
                session = load_session(summary.path)
            except FileProblems:
                return False
            self._loaded[summary.path] = session
        return session_text_matches(session, query)

    def refill(self) -> None:
        table = self.query_one(DataTable)
        columns = columns_for(self.size.width)
        if columns != self._columns:
            table.clear(columns=True)
            for title in columns:
                table.add_column(title, key=title)
            self._columns = columns
        else:
            table.clear()
        narrow = "Protocol" not in columns
        wide = "Versie" in columns
        self._rows = self.visible()
        others = 0
        for summary in self._rows:
            version = short_version(summary.protocol_sha256)
            if summary.protocol_sha256 != self._current.get(summary.protocol_id):
                version += OTHER_VERSION
                others += 1
            evaluation = summary.evaluation_label or "—"
            if narrow:
                evaluation = _cut(evaluation, EVALUATION_WIDTH)
            if summary.evaluation_due(self.today):
                evaluation += " !"
            cells = {
                "Datum": dutch_datetime(summary.created_at)
                if wide
                else dutch_date(summary.created_at.date()),
                "Protocol": _cut(summary.protocol_title, PROTOCOL_WIDTH[WIDE if wide else MEDIUM]),
                "Leerling / thema": _cut(summary.about, ABOUT_WIDTH) if narrow else summary.about,
                "Status": status_words(summary),
                "Afspraken": agreements_words(summary),
                "Evaluatie": evaluation,
                "Versie": version,
            }
            table.add_row(*(Text(cells[title] or "—") for title in columns))
        explained = (
            f" · {OTHER_VERSION} {others} met een andere versie van het protocol dan nu"
            if others and "Versie" in columns
            else ""
        )
        if self.query_one("#filter-due", Checkbox).value:
            # Rehearsals are never due: the filter says how many it left out.
            left_out = rehearsals_left_out(rehearsals_due(self._all, self.today, DUE_HORIZON_DAYS))
            explained += f" · {left_out}" if left_out else ""
        hidden = [title.lower() for title in COLUMNS if title not in columns]
        if hidden:
            explained += f" · {dutch_list(hidden)} verborgen (smal venster)"
        self.query_one("#sessions-count", Static).update(
            f"{len(self._rows)} van {len(self._all)} sessies{explained} · enter: lezen · "
            "klik een kolomkop om te sorteren"
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refill()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.refill()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        if column == self._sort_column:
            self._descending = not self._descending
        else:
            self._sort_column, self._descending = column, False
        self.refill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from intervisie_tui.ui.screens.reader import ReaderScreen

        if 0 <= event.cursor_row < len(self._rows):
            self.app.push_screen(ReaderScreen(self._rows[event.cursor_row].path))

    def action_search(self) -> None:
        self.query_one("#sessions-search", Input).focus()

    def action_toggle_due(self) -> None:
        self.query_one("#filter-due", Checkbox).toggle()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()
