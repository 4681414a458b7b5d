"""Editors for the things a phase records, one per field type.

Each editor writes through ``Session.set_answer`` (or the session's agreements), so the file can
never hold an answer of the wrong shape, and posts ``Recorded`` so the screen schedules a save.
All user text is shown literally: rich Text for table cells, markup=False for statics.

The note-taker types without looking where the focus is, so only widgets that take input are in
the Tab chain. A list of what was recorded is reached from its own input with ctrl+up and left
with esc or ctrl+down; there Enter puts a record back into the input to correct it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import events
from textual.actions import SkipAction
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

LIST_ITEM_MAX = 5_000
KEYWORD_MAX = 200
COUNT_MAX = 10_000


def today_for(widget: Widget) -> date:
    """Today by the app's clock, so a rehearsal or a test decides what 'the past' is."""
    return widget.app.clock.now().astimezone().date()  # type: ignore[attr-defined]


def past_question(value: date) -> str:
    return f"{dutch_date(value)} ligt in het verleden — klopt dat? Enter bevestigt."


def pasted_lines(text: str) -> list[str]:
    """The non-empty lines of a paste, without surrounding blanks."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# -- tally entries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyEntry:
    """What one line typed into a tally means: a keyword, and its count if one was given."""

    keyword: str
    count: int | None = None


_COUNTED = re.compile(r"^(?P<keyword>.*?)\s*:\s*(?P<count>-?\d+)$")


def parse_tally_entry(text: str) -> TallyEntry:
    """``Belonen`` counts one more; ``Belonen: 3`` (``Belonen:3``, ``Belonen : 3``) sets the
    count to 3. Raises ValueError with the reason, in Dutch, for what cannot be recorded."""
    cleaned = text.strip()
    keyword, count = cleaned, None
    match = _COUNTED.match(cleaned)
    if match and match["keyword"]:
        keyword, count = match["keyword"], int(match["count"])
        if count < 0:
            raise ValueError(f"{cleaned!r}: een aantal kan niet negatief zijn")
        if count > COUNT_MAX:
            raise ValueError(f"{cleaned!r}: hoogstens {COUNT_MAX}")
    if not keyword:
        raise ValueError("geen trefwoord")
    if len(keyword) > KEYWORD_MAX:
        raise ValueError(f"trefwoord te lang (hoogstens {KEYWORD_MAX} tekens)")
    return TallyEntry(keyword, count)


def _same_keyword(item: TallyItem, keyword: str) -> bool:
    return item.keyword.casefold() == keyword.casefold()


def count_tally(items: Sequence[TallyItem], entry: TallyEntry) -> list[TallyItem]:
    """The tally after one typed entry: a known keyword (in any case) gets one more or the given
    count, a new one is added at the end, and a count of 0 removes the keyword."""
    result = [item.model_copy() for item in items]
    for index, item in enumerate(result):
        if _same_keyword(item, entry.keyword):
            if entry.count is None:
                item.count = min(COUNT_MAX, item.count + 1)
            elif entry.count == 0:
                del result[index]
            else:
                item.count = entry.count
            return result
    if entry.count != 0:
        result.append(TallyItem(keyword=entry.keyword, count=entry.count or 1))
    return result


def correct_tally(items: Sequence[TallyItem], index: int, entry: TallyEntry) -> list[TallyItem]:
    """Row ``index`` rewritten: renamed, recounted (no count keeps the old one) or, with count 0,
    removed. Renamed onto another keyword, the two rows become one with both counts."""
    result = [item.model_copy() for item in items]
    if entry.count == 0:
        del result[index]
        return result
    edited = result[index]
    edited.keyword = entry.keyword
    if entry.count is not None:
        edited.count = entry.count
    for other in list(result):
        if other is not edited and _same_keyword(other, entry.keyword):
            edited.count = min(COUNT_MAX, edited.count + other.count)
            result.remove(other)
    return result


def tally_note(
    before: Sequence[TallyItem], after: Sequence[TallyItem], edited: int | None = None
) -> str:
    """What a change did beyond counting one more or adding a keyword, in one short line: a
    count set ("Belonen: 8 → 3"), row ``edited`` renamed onto another keyword ("Muntjes
    samengevoegd met Belonen: 8"), a keyword removed ("Reactieprocedure verwijderd"). The rules
    are quick to type and easy to trigger without meaning to, so the field says what it did;
    '' when there is nothing to say."""
    old = {item.keyword.casefold(): item for item in before}
    new = {item.keyword.casefold(): item for item in after}
    grown = [key for key, item in new.items() if key in old and item.count != old[key].count]
    if edited is not None:
        # One row corrected: renamed, recounted, merged into another or removed.
        source = before[edited]
        if source.keyword.casefold() not in new:
            if grown:
                target = new[grown[0]]
                return f"{source.keyword} samengevoegd met {target.keyword}: {target.count}"
            if len(after) < len(before):
                return f"{source.keyword} verwijderd"
            [renamed] = [item for key, item in new.items() if key not in old]
            old = {renamed.keyword.casefold(): source}
            grown = [renamed.keyword.casefold()]
    notes = [f"{item.keyword} verwijderd" for key, item in old.items() if key not in new]
    notes += [
        f"{new[key].keyword}: {old[key].count} → {new[key].count}"
        for key in grown
        if new[key].count != old[key].count + 1 and new[key].count != old[key].count
    ]
    return " · ".join(notes)


# -- the widgets the editors are made of -----------------------------------------------------


class LineInput(Input):
    """A one-line input that loses nothing of a multi-line paste, nor what it already holds.

    With ``split_lines`` the lines go to the editor as separate records (one list item or one
    keyword per line); otherwise they are joined with spaces into this one line. It does not
    select its text when it gets the focus: the next key would replace a saved answer or a
    record being corrected, where the note-taker means to add to it.
    """

    class Lines(Message):
        def __init__(self, line_input: LineInput, lines: list[str]) -> None:
            super().__init__()
            self.line_input = line_input
            self.lines = lines

        @property
        def control(self) -> LineInput:
            return self.line_input

    def __init__(self, *args: object, split_lines: bool = False, **kwargs: object) -> None:
        super().__init__(*args, select_on_focus=False, **kwargs)  # type: ignore[arg-type]
        self.split_lines = split_lines

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        self._take(event.text)

    def action_paste(self) -> None:
        self._take(self.app.clipboard)

    def _take(self, text: str) -> None:
        lines = pasted_lines(text)
        if len(lines) > 1 and self.split_lines:
            self.post_message(self.Lines(self, lines))
            return
        # One line goes in as it is, blanks included, the way typing it would.
        joined = " ".join(lines) if len(lines) > 1 else text.strip("\r\n")
        start, end = self.selection
        self.replace(joined, start, end)


Layout = tuple[list[tuple[str, int]], list[list[Text]]]


class RecordTable(DataTable[Text]):
    """A read-only list of records whose cells wrap to the width it has.

    It is out of the Tab chain: Tab must only ever reach widgets that take text, because a
    note-taker who types into a list without noticing loses the words. Its editor makes it
    reachable for one visit (ctrl+up); it becomes unreachable again as soon as it loses focus.
    The cursor only shows while it has focus, so an unfocused list does not look selected.
    """

    def __init__(
        self, layout: Callable[[int], Layout], *, show_header: bool, id: str | None = None
    ) -> None:
        super().__init__(
            cursor_type="row", show_header=show_header, show_cursor=False, classes="items", id=id
        )
        self._layout = layout
        self._width = 0
        self.reachable = False

    def allow_focus(self) -> bool:
        return self.reachable

    def enter(self) -> None:
        """Take the focus, with the cursor on the newest record.

        At once, not on the next message as ``focus()`` does: keys typed right after ctrl+up
        are already queued, and belong to the list."""
        self.reachable = True
        self.show_cursor = True
        self.screen.set_focus(self)
        self.move_cursor(row=self.row_count - 1, animate=False)

    def refill(self) -> None:
        """Lay the records out anew for the current width, keeping the cursor's row."""
        width = self.scrollable_content_region.width
        self._width = width
        columns, rows = self._layout(width)
        keep = self.cursor_row
        self.clear(columns=True)
        for label, column_width in columns:
            self.add_column(label, width=column_width)
        console = self.app.console
        for cells in rows:
            # Heights measured now, not by DataTable on idle: the editor can then keep its input
            # in view as soon as the table has grown.
            height = max(
                len(cell.wrap(console, column_width))
                for cell, (_, column_width) in zip(cells, columns, strict=True)
            )
            self.add_row(*cells, height=max(1, height))
        self.display = bool(rows)
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1), animate=False)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self.refill()

    def on_blur(self) -> None:
        self.show_cursor = False
        self.reachable = False


def column_widths(width: int, fixed: Sequence[int], padding: int = 1) -> list[int]:
    """Content widths for columns of which all but the first have a fixed width; the first
    takes what is left of ``width`` (at least 8), so the table never scrolls sideways."""
    cells = len(fixed) + 1
    rest = width - sum(fixed) - 2 * padding * cells
    return [max(8, rest), *fixed]


# -- editors ---------------------------------------------------------------------------------


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

    def on_mount(self) -> None:
        # After a resume, new words belong after what was already written.
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.record(event.text_area.text)


EMPTIED_HINT = "Lijst leeg — je typt weer in het invoerveld hierboven"


class RecordsEditor(FieldEditor):
    """What the list, tally and agreements editors share: a table of records above inputs, the
    keys between them, and correcting a record in place.

    State lives in ``editing`` (the row being corrected, or None) and ``_draft`` (what was typed
    into the inputs before the correction started, given back afterwards so nothing is lost).
    """

    BINDINGS = [
        Binding("ctrl+up", "to_table", "Naar de lijst", show=False),
        Binding("ctrl+down", "to_input", "Terug naar invoer", show=False),
        Binding("escape", "escape", "Terug", show=False),
        Binding("delete", "remove", "Verwijderen", show=False),
    ]
    NOUN = "item"
    SHOW_HEADER = False
    TABLE_KEYS = "enter: wijzigen · delete: verwijderen · esc: terug"

    def __init__(self, session: Session, phase_id: str, spec: FieldSpec) -> None:
        super().__init__(session, phase_id, spec)
        self.editing: int | None = None
        self._draft: list[str] = []
        self._splitting: list[LineInput] = []
        self._emptied = False  # the last record was just removed from the list

    def compose_editor(self) -> ComposeResult:
        yield RecordTable(self.table_layout, show_header=self.SHOW_HEADER)
        yield from self.compose_inputs()
        yield Static("", classes="field-hint", markup=False)
        yield Static("", classes="field-error", markup=False)

    def on_mount(self) -> None:
        self._splitting = [field for field in self.query(LineInput) if field.split_lines]
        self.refill()

    # What each kind of record needs --------------------------------------------------------

    def compose_inputs(self) -> ComposeResult:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def table_layout(self, width: int) -> Layout:
        raise NotImplementedError

    def values_of(self, index: int) -> list[str]:
        """The texts that put record ``index`` back into the inputs."""
        raise NotImplementedError

    def remove_record(self, index: int) -> None:
        """Remove record ``index`` from the session and post ``Recorded``."""
        raise NotImplementedError

    # Shared behaviour ------------------------------------------------------------------------

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def inputs(self) -> list[Input]:
        return list(self.query(Input))

    def refill(self) -> None:
        self.table.refill()
        self.show_hint()
        self._keep_in_view()

    def show_error(self, text: str) -> None:
        self.query_one(".field-error", Static).update(text)
        if text:
            self._keep_in_view()

    def _keep_in_view(self) -> None:
        """Show the field's label, the focused input and the lines under it (hint, error) in
        the phase panel: a list growing above the input pushes them down, out of a small panel,
        and the note-taker must still see which list they type into. Later ones win when not
        all fits: the input last."""
        focused = self.screen.focused
        if focused is None or focused not in self.inputs:
            return
        lines = [w for w in self.query(".field-hint, .field-error") if w.display]
        label = self.query_one(".field-label")

        def scroll() -> None:
            label.scroll_visible(animate=False, immediate=True, top=True)
            for widget in [*lines, focused]:
                widget.scroll_visible(animate=False, immediate=True)

        # Two refreshes on: the table's new rows are laid out in the first, and the screen's own
        # scroll to the newly focused input (with the old layout) runs in between.
        self.call_after_refresh(self.call_after_refresh, scroll)

    def show_hint(self) -> None:
        hint = self.query_one(".field-hint", Static)
        focused = self.screen.focused
        if self.count() or (focused not in self.inputs and focused is not self.table):
            self._emptied = False  # records again, or the focus has gone elsewhere
        if self.editing is not None:
            text = f"Wijzig {self.NOUN} {self.editing + 1} — enter bewaart, esc annuleert"
        elif self.table.has_focus:
            text = self.TABLE_KEYS
        elif self.count():
            text = "ctrl+↑ naar de lijst: wijzigen, verwijderen"
        elif self._emptied and self.screen.focused in self.inputs:
            # The list the note-taker was in is gone: say where the keys go now.
            text = EMPTIED_HINT
        else:
            text = ""
        hint.update(text)
        hint.display = bool(text)
        hint.set_class(self.editing is not None, "-editing")

    def on_descendant_focus(self) -> None:
        self.show_hint()
        self._keep_in_view()  # arriving by Tab, the screen shows the input alone

    def on_descendant_blur(self) -> None:
        self.show_hint()

    def _fill_inputs(self, values: Sequence[str]) -> None:
        for field, value in zip(self.inputs, values, strict=True):
            field.value = value
            field.cursor_position = len(value)

    def _back_to_input(self) -> None:
        self.screen.set_focus(self.inputs[0])

    def action_to_table(self) -> None:
        if self.editing is not None:
            return  # first save (enter) or cancel (esc) the correction the label shows
        if not self.count():
            raise SkipAction()
        if not self.table.has_focus:
            self.table.enter()

    def action_to_input(self) -> None:
        if not self.table.has_focus:
            raise SkipAction()
        self._back_to_input()

    def action_escape(self) -> None:
        """One level at a time: list → its input → (not handled here) leave the field."""
        if self.table.has_focus:
            self._back_to_input()
        elif self.editing is not None:
            self.stop_editing()
        else:
            raise SkipAction()

    def action_remove(self) -> None:
        table = self.table
        if not table.has_focus:
            raise SkipAction()
        row = table.cursor_row
        if 0 <= row < self.count():
            self.remove_record(row)
            if not self.count():
                self._emptied = True
                self._back_to_input()
            self.refill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.editing is None and 0 <= event.cursor_row < self.count():
            self.start_editing(event.cursor_row)

    def start_editing(self, index: int) -> None:
        self._draft = [field.value for field in self.inputs]
        self.editing = index
        self._set_split_lines(False)
        self._fill_inputs(self.values_of(index))
        self.show_error("")
        self._back_to_input()
        self.show_hint()
        self.call_after_refresh(self._keep_in_view)

    def stop_editing(self) -> None:
        """Leave the correction; the inputs get back what was typed before it began."""
        self.editing = None
        self._set_split_lines(True)
        self._fill_inputs(self._draft)
        self.show_error("")
        self.show_hint()

    def _set_split_lines(self, split: bool) -> None:
        """A paste while correcting one record joins its lines: it is still one record."""
        for field in self._splitting:
            field.split_lines = split


class ListFieldEditor(RecordsEditor):
    def compose_inputs(self) -> ComposeResult:
        yield LineInput(
            placeholder="Nieuw item — enter voegt toe", classes="add-item", split_lines=True
        )

    def _items(self) -> list[str]:
        value = self.answer
        return list(value) if isinstance(value, list) else []

    def count(self) -> int:
        return len(self._items())

    def table_layout(self, width: int) -> Layout:
        [text_width] = column_widths(width, ())
        rows = [[Text(f"{number}. {item}")] for number, item in enumerate(self._items(), 1)]
        return [("item", text_width)], rows

    def values_of(self, index: int) -> list[str]:
        return [self._items()[index]]

    def remove_record(self, index: int) -> None:
        items = self._items()
        del items[index]
        self.record(items)

    def _checked(self, lines: list[str]) -> bool:
        for number, line in enumerate(lines, 1):
            if len(line) > LIST_ITEM_MAX:
                where = f"regel {number}: " if len(lines) > 1 else ""
                self.show_error(f"{where}te lang (hoogstens {LIST_ITEM_MAX} tekens)")
                return False
        self.show_error("")
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if self.editing is not None:
            if not text:
                self.show_error("Leeg: esc annuleert; delete in de lijst verwijdert.")
                return
            if self._checked([text]):
                items = self._items()
                items[self.editing] = text
                self.record(items)
                self.stop_editing()
                self.refill()
            return
        if text and self._checked([text]):
            self.record([*self._items(), text])
            event.input.clear()
            self.refill()

    def on_line_input_lines(self, event: LineInput.Lines) -> None:
        event.stop()
        if self._checked(event.lines):
            self.record([*self._items(), *event.lines])
            self.refill()


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


COUNT_WIDTH = 6


class TallyFieldEditor(RecordsEditor):
    """Keywords clustered and counted, as the method writes notes on the wall and counts them."""

    BINDINGS = [
        Binding("plus,equals_sign", "count(1)", "+1", show=False),
        Binding("minus", "count(-1)", "−1", show=False),
    ]
    NOUN = "trefwoord"
    SHOW_HEADER = True
    TABLE_KEYS = "+/-: tellen · enter: wijzigen · delete: verwijderen · esc: terug"

    def compose_inputs(self) -> ComposeResult:
        yield LineInput(
            placeholder="Trefwoord, enter telt +1 ('woord: 3' zet 3)",
            classes="add-item",
            split_lines=True,
        )

    def _items(self) -> list[TallyItem]:
        value = self.answer
        return [item.model_copy() for item in value] if isinstance(value, list) else []

    def count(self) -> int:
        return len(self._items())

    def table_layout(self, width: int) -> Layout:
        widths = column_widths(width, (COUNT_WIDTH,))
        rows = [
            [Text(item.keyword), Text(str(item.count), justify="right")] for item in self._items()
        ]
        return list(zip(("Trefwoord", "Aantal"), widths, strict=True)), rows

    def values_of(self, index: int) -> list[str]:
        item = self._items()[index]
        return [f"{item.keyword}: {item.count}"]

    def remove_record(self, index: int) -> None:
        items = self._items()
        del items[index]
        self.record(items)

    def _entries(self, lines: list[str]) -> list[TallyEntry] | None:
        entries = []
        for number, line in enumerate(lines, 1):
            try:
                entries.append(parse_tally_entry(line))
            except ValueError as problem:
                where = f"regel {number}: " if len(lines) > 1 else ""
                self.show_error(f"{where}{problem}")
                return None
        self.show_error("")
        return entries

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        entries = self._entries([event.value])
        if entries is None:
            return
        [entry] = entries
        before, editing = self._items(), self.editing
        if self.editing is not None:
            after = correct_tally(before, self.editing, entry)
            self.record(after)
            self.stop_editing()
        else:
            after = count_tally(before, entry)
            self.record(after)
            event.input.clear()
        self.show_error(tally_note(before, after, editing))
        self.refill()

    def on_line_input_lines(self, event: LineInput.Lines) -> None:
        event.stop()
        entries = self._entries(event.lines)
        if entries is None:
            return
        before = items = self._items()
        for entry in entries:
            items = count_tally(items, entry)
        self.record(items)
        self.show_error(tally_note(before, items))
        self.refill()

    def action_count(self, delta: int) -> None:
        table = self.table
        items = self._items()
        row = table.cursor_row
        if not table.has_focus or not 0 <= row < len(items):
            raise SkipAction()
        items[row].count = min(COUNT_MAX, max(0, items[row].count + delta))
        self.record(items)
        self.refill()


AGREEMENT_COLUMNS = ("Wat", "Wie", "Wanneer", "Evaluatie")
# Below this many columns "what" would get fewer than 40 of them beside who, when and the date:
# the four cells of an agreement then stack in one column instead.
AGREEMENT_WIDE = 90
WHO_WIDTH, WHEN_WIDTH, DATE_WIDTH = 14, 16, 10


def agreement_cells(agreement: Agreement) -> tuple[str, str, str, str]:
    evaluation = dutch_date(agreement.evaluation_date) if agreement.evaluation_date else "—"
    return (agreement.what, agreement.who or "—", agreement.when or "—", evaluation)


def agreements_layout(agreements: Sequence[Agreement], width: int) -> Layout:
    """Four columns where they fit; else one, with who, when and the evaluation date on a line
    under what was agreed. Either way the text wraps inside its cell."""
    if width >= AGREEMENT_WIDE:
        widths = column_widths(width, (WHO_WIDTH, WHEN_WIDTH, DATE_WIDTH))
        rows = [[Text(cell) for cell in agreement_cells(a)] for a in agreements]
        return list(zip(AGREEMENT_COLUMNS, widths, strict=True)), rows
    [text_width] = column_widths(width, ())
    stacked = []
    for number, agreement in enumerate(agreements, 1):
        what, who, when, evaluation = agreement_cells(agreement)
        details = f"wie: {who or '—'} · wanneer: {when or '—'} · evaluatie: {evaluation}"
        stacked.append([Text.assemble(f"{number}. {what}", "\n", (details, "dim"))])
    return [("Afspraak — wie · wanneer · evaluatie", text_width)], stacked


class AgreementsEditor(RecordsEditor):
    """What, who, when and the evaluation date: the seeds found the date is what gets forgotten.

    A date in the past is asked about once ("klopt dat?"); Enter again with the same date keeps
    it, because an evaluation that is already due is more often a typo than a plan.
    """

    NOUN = "afspraak"
    SHOW_HEADER = True

    def __init__(self, session: Session, phase_id: str, spec: FieldSpec) -> None:
        super().__init__(session, phase_id, spec)
        self._past_asked: date | None = None

    def compose_inputs(self) -> ComposeResult:
        with Vertical(classes="agreement-form"):
            what = LineInput(placeholder="Wat spreken we af?", id="agreement-what", max_length=5000)
            what.border_title = "Wat"
            yield what
            with Horizontal(classes="agreement-details"):
                for field_id, title, placeholder, length in (
                    ("agreement-who", "Wie", "naam", 200),
                    ("agreement-when", "Wanneer", "dag/week", 200),
                    ("agreement-date", "Evaluatie", "dd-mm-jjjj", 10),
                ):
                    field = LineInput(placeholder=placeholder, id=field_id, max_length=length)
                    field.border_title = title
                    yield field

    def count(self) -> int:
        return len(self.session.agreements)

    def table_layout(self, width: int) -> Layout:
        return agreements_layout(self.session.agreements, width)

    def values_of(self, index: int) -> list[str]:
        agreement = self.session.agreements[index]
        evaluation = agreement.evaluation_date
        return [
            agreement.what,
            agreement.who,
            agreement.when,
            dutch_date(evaluation) if evaluation else "",
        ]

    def remove_record(self, index: int) -> None:
        agreements = list(self.session.agreements)
        del agreements[index]
        self._store(agreements)

    def _store(self, agreements: list[Agreement]) -> None:
        self.session.agreements = agreements
        self.post_message(self.Recorded())

    def _stripped(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    def _evaluation_date(self) -> tuple[bool, date | None]:
        """The date typed, once it is valid and, if it lies in the past, confirmed."""
        date_input = self.query_one("#agreement-date", Input)
        if not date_input.value.strip():
            return True, None
        try:
            evaluation = parse_date(date_input.value)
        except ValueError as problem:
            self.show_error(str(problem))
            self.screen.set_focus(date_input)
            return False, None
        unchanged = (
            self.editing is not None
            and self.session.agreements[self.editing].evaluation_date == evaluation
        )
        if evaluation < today_for(self) and not unchanged and self._past_asked != evaluation:
            self._past_asked = evaluation
            self.show_error(past_question(evaluation))
            self.screen.set_focus(date_input)
            return False, None
        return True, evaluation

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "agreement-date" and self._past_asked is not None:
            self._past_asked = None
            self.show_error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        what = self.query_one("#agreement-what", Input)
        if not what.value.strip():
            self.show_error("Vul eerst in wat er is afgesproken.")
            self.screen.set_focus(what)
            return
        valid, evaluation = self._evaluation_date()
        if not valid:
            return
        self._past_asked = None
        fields = {
            "what": what.value.strip(),
            "who": self._stripped("agreement-who"),
            "when": self._stripped("agreement-when"),
            "evaluation_date": evaluation,
        }
        agreements = list(self.session.agreements)
        if self.editing is not None:
            # Corrected in place; a follow-up evaluation already noted on it stays.
            agreements[self.editing] = Agreement(
                **{**agreements[self.editing].model_dump(), **fields}
            )
            self._store(agreements)
            self.stop_editing()
        else:
            self._store([*agreements, Agreement(**fields)])
            for field in self.inputs:
                field.clear()
            self.show_error(
                "" if evaluation else "Afspraak vastgelegd — nog zonder evaluatiedatum."
            )
        self.screen.set_focus(what)
        self.refill()


class DateFieldEditor(FieldEditor):
    """A date as dd-mm-jjjj. A date in the past is only recorded after Enter confirms it."""

    def compose_editor(self) -> ComposeResult:
        current = self.answer
        text = dutch_date(current) if isinstance(current, date) else ""
        yield LineInput(text, placeholder="dd-mm-jjjj", max_length=10)
        yield Static("", classes="field-error", markup=False)

    def _feedback(self, text: str, *, question: bool = False) -> None:
        feedback = self.query_one(".field-error", Static)
        feedback.update(text)
        feedback.set_class(question, "-question")

    def _typed(self) -> date:
        return parse_date(self.query_one(Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not event.value.strip():
            self._feedback("")
            self.record(None)
            return
        try:
            value = self._typed()
        except ValueError as problem:
            self._feedback(str(problem))
            self.record(None)
            return
        if value < today_for(self) and value != self.answer:
            self._feedback(past_question(value), question=True)
            self.record(None)
            return
        self._feedback(dutch_date(value))
        self.record(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = self._typed()
        except ValueError:
            return
        if self.answer != value:
            self._feedback(f"{dutch_date(value)} (in het verleden, bevestigd)")
            self.record(value)


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
