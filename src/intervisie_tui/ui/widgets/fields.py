"""Editors for the things a phase records, one per field type.

Each editor writes through ``Session.set_answer`` (or the session's agreements), so the file can
never hold an answer of the wrong shape, and posts ``Recorded`` so the screen schedules a save.
All user text is shown literally: rich Text for table cells, markup=False for statics.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from intervisie_tui.engine.protocol import FieldSpec, FieldType
from intervisie_tui.engine.session import Agreement, Session, TallyItem
from intervisie_tui.timefmt import dutch_date, parse_date


class FieldEditor(Vertical):
    class Recorded(Message):
        """Something was written into the session."""

    def __init__(self, session: Session, phase_id: str, spec: FieldSpec) -> None:
        super().__init__(classes=f"field field-{spec.type.value}", id=f"field-{spec.id}")
        self.session = session
        self.phase_id = phase_id
        self.spec = spec

    def compose(self) -> ComposeResult:
        yield Static(self.spec.label, classes="field-label", markup=False)
        if self.spec.help:
            yield Static(self.spec.help, classes="field-help", markup=False)
        yield from self.compose_editor()

    def compose_editor(self) -> ComposeResult:
        raise NotImplementedError

    def record(self, value: object) -> None:
        self.session.set_answer(self.phase_id, self.spec.id, value)
        self.post_message(self.Recorded())

    @property
    def answer(self) -> object:
        return self.session.answer(self.phase_id, self.spec.id)


class TextFieldEditor(FieldEditor):
    def compose_editor(self) -> ComposeResult:
        yield TextArea(str(self.answer or ""), classes="answer", soft_wrap=True)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.record(event.text_area.text)


class ListFieldEditor(FieldEditor):
    BINDINGS = [Binding("delete", "remove_item", "Verwijder item", show=False)]

    def compose_editor(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", show_header=False, classes="items")
        yield table
        yield Input(placeholder="Nieuw item — enter voegt toe", classes="add-item")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("item")
        self._refill()

    def _items(self) -> list[str]:
        value = self.answer
        return list(value) if isinstance(value, list) else []

    def _refill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for number, item in enumerate(self._items(), 1):
            table.add_row(Text(f"{number}. {item}"))
        table.display = bool(self._items())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.record([*self._items(), text])
            event.input.clear()
            self._refill()

    def action_remove_item(self) -> None:
        table = self.query_one(DataTable)
        items = self._items()
        if table.has_focus and items and 0 <= table.cursor_row < len(items):
            del items[table.cursor_row]
            self.record(items)
            self._refill()


class ScaleSelector(Widget, can_focus=True):
    """A 0–10 (or min–max) row of numbers; arrows or digits choose, delete clears."""

    BINDINGS = [
        Binding("left", "step(-1)", "Lager", show=False),
        Binding("right", "step(1)", "Hoger", show=False),
        Binding("delete,backspace", "clear", "Wis", show=False),
    ]
    value: reactive[int | None] = reactive(None)

    class Chosen(Message):
        def __init__(self, value: int | None) -> None:
            super().__init__()
            self.value = value

    def __init__(self, low: int, high: int, value: int | None) -> None:
        super().__init__()
        self.low, self.high = low, high
        self.set_reactive(ScaleSelector.value, value)

    def render(self) -> Text:
        text = Text()
        for number in range(self.low, self.high + 1):
            label = f" {number} "
            if number == self.value:
                text.append(f"[{number}]", style="bold reverse")
            else:
                text.append(label)
        if self.value is None:
            text.append("   (nog niet gekozen)", style="dim")
        return text

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            digit = int(event.character)
            # "1" then "0" makes 10 on a 0–10 scale.
            combined = (self.value or 0) * 10 + digit if self.value == 1 and digit == 0 else digit
            if self.low <= combined <= self.high:
                self._choose(combined)
                event.stop()

    def on_click(self, event) -> None:
        offset = 0
        for number in range(self.low, self.high + 1):
            width = len(f" {number} ")
            if offset <= event.x < offset + width:
                self._choose(number)
                return
            offset += width

    def action_step(self, delta: int) -> None:
        start = self.value if self.value is not None else (self.low if delta > 0 else self.high + 1)
        target = min(self.high, max(self.low, start + delta if self.value is not None else start))
        self._choose(target)

    def action_clear(self) -> None:
        self._choose(None)

    def _choose(self, value: int | None) -> None:
        self.value = value
        self.post_message(self.Chosen(value))


class ScaleFieldEditor(FieldEditor):
    def compose_editor(self) -> ComposeResult:
        low, high = self.spec.scale_range
        current = self.answer
        yield ScaleSelector(low, high, current if isinstance(current, int) else None)

    def on_scale_selector_chosen(self, event: ScaleSelector.Chosen) -> None:
        event.stop()
        self.record(event.value)


class TallyFieldEditor(FieldEditor):
    """Keywords clustered and counted, as the method writes notes on the wall and counts them."""

    BINDINGS = [
        Binding("plus,equals_sign", "count(1)", "+1", show=False),
        Binding("minus", "count(-1)", "−1", show=False),
        Binding("delete", "remove", "Verwijder", show=False),
    ]

    def compose_editor(self) -> ComposeResult:
        yield DataTable(cursor_type="row", classes="items")
        yield Input(placeholder="Trefwoord — enter telt het (nieuw of +1)", classes="add-item")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Trefwoord", "Aantal")
        self._refill()

    def _items(self) -> list[TallyItem]:
        value = self.answer
        return [item.model_copy() for item in value] if isinstance(value, list) else []

    def _refill(self, keep_row: int | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        items = self._items()
        for item in items:
            table.add_row(Text(item.keyword), Text(str(item.count), justify="right"))
        table.display = bool(items)
        if keep_row is not None and items:
            table.move_cursor(row=min(keep_row, len(items) - 1))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        keyword = event.value.strip()
        if not keyword:
            return
        items = self._items()
        for item in items:
            if item.keyword.casefold() == keyword.casefold():
                item.count += 1
                break
        else:
            items.append(TallyItem(keyword=keyword, count=1))
        self.record(items)
        event.input.clear()
        self._refill()

    def action_count(self, delta: int) -> None:
        table = self.query_one(DataTable)
        items = self._items()
        row = table.cursor_row
        if not items or not 0 <= row < len(items):
            return
        items[row].count = max(0, items[row].count + delta)
        self.record(items)
        self._refill(keep_row=row)

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        items = self._items()
        row = table.cursor_row
        if items and 0 <= row < len(items):
            del items[row]
            self.record(items)
            self._refill(keep_row=row)


class AgreementsEditor(FieldEditor):
    """What, who, when and the evaluation date: the seeds found the date is what gets forgotten."""

    BINDINGS = [Binding("delete", "remove", "Verwijder afspraak", show=False)]

    def compose_editor(self) -> ComposeResult:
        yield DataTable(cursor_type="row", classes="items")
        with Horizontal(classes="agreement-form"):
            yield Input(placeholder="Wat spreken we af?", id="agreement-what", max_length=5000)
            yield Input(placeholder="Wie", id="agreement-who", max_length=200)
            yield Input(placeholder="Wanneer", id="agreement-when", max_length=200)
            yield Input(placeholder="Evaluatie dd-mm-jjjj", id="agreement-date", max_length=10)
        yield Static("", classes="field-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*AGREEMENT_COLUMNS)
        self._refill()

    def _refill(self) -> None:
        show_agreements(self.query_one(DataTable), self.session.agreements)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        what = self.query_one("#agreement-what", Input)
        error = self.query_one(".field-error", Static)
        if not what.value.strip():
            error.update("Vul eerst in wat er is afgesproken.")
            what.focus()
            return
        date_input = self.query_one("#agreement-date", Input)
        evaluation: date | None = None
        if date_input.value.strip():
            try:
                evaluation = parse_date(date_input.value)
            except ValueError as problem:
                error.update(str(problem))
                date_input.focus()
                return
        self.session.agreements = [
            *self.session.agreements,
            Agreement(
                what=what.value.strip(),
                who=self.query_one("#agreement-who", Input).value.strip(),
                when=self.query_one("#agreement-when", Input).value.strip(),
                evaluation_date=evaluation,
            ),
        ]
        self.post_message(self.Recorded())
        for field in self.query(Input):
            field.clear()
        error.update("" if evaluation else "Afspraak vastgelegd — nog zonder evaluatiedatum.")
        what.focus()
        self._refill()

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        agreements = list(self.session.agreements)
        if table.has_focus and agreements and 0 <= table.cursor_row < len(agreements):
            del agreements[table.cursor_row]
            self.session.agreements = agreements
            self.post_message(self.Recorded())
            self._refill()


class DateFieldEditor(FieldEditor):
    def compose_editor(self) -> ComposeResult:
        current = self.answer
        text = dutch_date(current) if isinstance(current, date) else ""
        yield Input(text, placeholder="dd-mm-jjjj", max_length=10)
        yield Static("", classes="field-error", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        error = self.query_one(".field-error", Static)
        if not event.value.strip():
            self.record(None)
            error.update("")
            return
        try:
            value = parse_date(event.value)
        except ValueError as problem:
            error.update(str(problem))
            return
        error.update(dutch_date(value))
        self.record(value)


AGREEMENT_COLUMNS = ("Wat", "Wie", "Wanneer", "Evaluatie")


def show_agreements(table: DataTable[Text], agreements: list[Agreement]) -> None:
    """Fill an agreements table (literal text) and hide it while there is nothing to show."""
    table.clear()
    for agreement in agreements:
        evaluation = dutch_date(agreement.evaluation_date) if agreement.evaluation_date else "—"
        cells = (agreement.what, agreement.who, agreement.when, evaluation)
        table.add_row(*(Text(cell) for cell in cells))
    table.display = bool(agreements)


EDITORS: dict[FieldType, type[FieldEditor]] = {
    FieldType.TEXT: TextFieldEditor,
    FieldType.LIST: ListFieldEditor,
    FieldType.SCALE: ScaleFieldEditor,
    FieldType.TALLY: TallyFieldEditor,
    FieldType.AGREEMENTS: AgreementsEditor,
    FieldType.DATE: DateFieldEditor,
}


def editor_for(session: Session, phase_id: str, spec: FieldSpec) -> FieldEditor:
    return EDITORS[spec.type](session, phase_id, spec)
