"""The field editors in a small host app: the keys between an input and its list, correcting a
record in place, multi-line pastes, dates in the past, and where the cursor is after reopening.

The host stands in for the run screen where it matters: a scrolled body that never takes the
focus, and an app-level Escape ("leave the field") that an editor must only let through when it
has nothing of its own to step back from. At 80 columns the agreements stack in one column, at
160 they get four.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Static, TextArea

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.session import Agreement, Evaluation, Session, TallyItem
from intervisie_tui.ui.widgets import fields
from intervisie_tui.ui.widgets.fields import FieldEditor, editor_for
from tests.builders import make_protocol, make_session, phase_dict
from tests.ui.support import START, type_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
FIELDS = [
    {"id": "lijst", "label": "Wat werkt al?", "type": "list"},
    {"id": "telling", "label": "Succesfactoren", "type": "tally"},
    {"id": "afspraken", "label": "Afspraken", "type": "agreements"},
    {"id": "datum", "label": "Evaluatiedatum", "type": "date"},
    {"id": "schaal", "label": "Schaal", "type": "scale"},
    {"id": "aantekeningen", "label": "Aantekeningen", "type": "text"},
]
PHASE = "fase-1"
TODAY = START.date()  # 23-11-2026


class Body(VerticalScroll, can_focus=False):
    """The run screen's phase body is scrolled, never focused, as here."""


class FieldsHost(App[None]):
    """One phase's editors between two plain inputs, as the run screen shows them."""

    CSS_PATH = [Path(fields.__file__).with_suffix(".tcss")]
    BINDINGS = [Binding("escape", "leave_field", "Veld verlaten")]

    def __init__(self, session: Session, clock: FakeClock) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.left_field = 0
        self.recorded = 0

    def compose(self) -> ComposeResult:
        with Body():
            yield Input(id="before")
            phase = self.session.protocol.phases[0]
            for spec in phase.fields:
                yield editor_for(self.session, phase.id, spec)
            yield Input(id="after")

    def action_leave_field(self) -> None:
        self.left_field += 1
        self.set_focus(None)

    def on_field_editor_recorded(self, event: FieldEditor.Recorded) -> None:
        self.recorded += 1


def new_session(clock: FakeClock, specs: list[dict] | None = None) -> Session:
    protocol = make_protocol(phases=[phase_dict(1, fields=specs or FIELDS)])
    return make_session(protocol, clock)


@pytest.fixture
def session(clock: FakeClock) -> Session:
    return new_session(clock)


def editor(app: App, field_id: str) -> FieldEditor:
    return app.query_one(f"#field-{field_id}", FieldEditor)


def first_input(app: App, field_id: str) -> Input:
    return editor(app, field_id).query(Input).first()


def hint(app: App, field_id: str) -> str:
    return str(editor(app, field_id).query_one(".field-hint", Static).content)


def error(app: App, field_id: str) -> str:
    return str(editor(app, field_id).query_one(".field-error", Static).content)


def answer(session: Session, field_id: str) -> object:
    return session.answer(PHASE, field_id)


def tally_pairs(session: Session) -> list[tuple[str, int]]:
    value = answer(session, "telling")
    return [(item.keyword, item.count) for item in value] if isinstance(value, list) else []


async def focus(pilot, widget) -> None:
    widget.focus()
    await pilot.pause()


async def enter_lines(pilot, *lines: str) -> None:
    for line in lines:
        await type_text(pilot, line)
        await pilot.press("enter")


async def paste(pilot, text: str) -> None:
    """A bracketed paste from the terminal, as the app receives it."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


# -- the list and its input ------------------------------------------------------------------


async def test_ctrl_up_goes_to_the_list_and_esc_or_ctrl_down_come_back(session, clock):
    session.set_answer(PHASE, "lijst", ["vaste plek", "korte instructie", "stilte-kaart"])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "lijst")
        table = editor(app, "lijst").query_one(DataTable)
        assert not table.focusable  # out of the Tab chain until asked for
        await focus(pilot, field)
        assert hint(app, "lijst") == "ctrl+↑ naar de lijst: wijzigen, verwijderen"
        await pilot.press("ctrl+up")
        assert app.focused is table
        assert table.cursor_row == 2  # on the newest item
        assert hint(app, "lijst") == "enter: wijzigen · delete: verwijderen · esc: terug"
        await pilot.press("escape")
        assert app.focused is field
        assert app.left_field == 0  # one level at a time: Escape did not leave the field
        assert not table.focusable
        await pilot.press("ctrl+up", "up", "ctrl+down")
        assert app.focused is field
        # From the input, Escape is the screen's again.
        await pilot.press("escape")
        assert (app.left_field, app.focused) == (1, None)


async def test_keys_typed_right_after_ctrl_up_belong_to_the_list(session, clock):
    """A fast typist's keys are queued before the focus moves: they must still reach the list."""
    session.set_answer(PHASE, "lijst", ["een", "twee", "drie"])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "lijst")
        await focus(pilot, field)
        for key in ("ctrl+up", "up", "enter"):
            event = events.Key(key, None)
            event.set_sender(app)
            app.post_message(event)
        await pilot.pause()
        assert (app.focused, field.value) == (field, "twee")


async def test_ctrl_up_without_items_lets_the_key_through(session, clock):
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "lijst")
        await focus(pilot, field)
        assert hint(app, "lijst") == ""
        assert editor(app, "lijst").query_one(".field-hint").display is False
        await pilot.press("ctrl+up")
        assert app.focused is field


async def test_enter_on_an_item_corrects_it_in_place_and_gives_back_the_draft(session, clock):
    session.set_answer(PHASE, "lijst", ["vaste plek", "korte instrutcie", "stilte-kaart"])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "lijst")
        await focus(pilot, field)
        await type_text(pilot, "half getypt")
        await pilot.press("ctrl+up", "up", "enter")
        assert app.focused is field
        assert field.value == "korte instrutcie"
        assert field.cursor_position == len(field.value)
        assert hint(app, "lijst") == "Wijzig item 2 — enter bewaart, esc annuleert"
        assert editor(app, "lijst").query_one(".field-hint").has_class("-editing")
        # ctrl+up waits until the correction is saved or cancelled.
        await pilot.press("ctrl+up")
        assert app.focused is field
        await pilot.press(*["backspace"] * 4)
        await type_text(pilot, "ctie")
        await pilot.press("enter")
        assert answer(session, "lijst") == ["vaste plek", "korte instructie", "stilte-kaart"]
        assert field.value == "half getypt"  # what was being typed is back
        assert hint(app, "lijst") == "ctrl+↑ naar de lijst: wijzigen, verwijderen"
        table = editor(app, "lijst").query_one(DataTable)
        assert [str(table.get_row_at(r)[0]) for r in range(3)] == [
            "1. vaste plek",
            "2. korte instructie",
            "3. stilte-kaart",
        ]


async def test_esc_cancels_a_correction(session, clock):
    session.set_answer(PHASE, "lijst", ["vaste plek", "korte instructie"])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "lijst")
        await focus(pilot, field)
        await pilot.press("ctrl+up", "enter")
        await type_text(pilot, " en nog wat")
        recorded = app.recorded
        await pilot.press("escape")
        assert answer(session, "lijst") == ["vaste plek", "korte instructie"]
        assert app.recorded == recorded
        assert (field.value, app.focused, app.left_field) == ("", field, 0)
        assert editor(app, "lijst").editing is None  # type: ignore[attr-defined]
        # An empty correction is not saved as an empty item.
        await pilot.press("ctrl+up", "enter", *["backspace"] * 20, "enter")
        assert answer(session, "lijst") == ["vaste plek", "korte instructie"]
        assert error(app, "lijst") == "Leeg: esc annuleert; delete in de lijst verwijdert."
        await pilot.press("escape")
        assert error(app, "lijst") == ""


async def test_delete_removes_the_row_and_the_last_one_returns_to_the_input(session, clock):
    session.set_answer(PHASE, "lijst", ["een", "twee", "drie"])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "lijst")
        table = editor(app, "lijst").query_one(DataTable)
        await focus(pilot, field)
        await pilot.press("delete")  # in the input: a character key, not a removal
        assert answer(session, "lijst") == ["een", "twee", "drie"]
        await pilot.press("ctrl+up", "up", "delete")
        assert answer(session, "lijst") == ["een", "drie"]
        assert (app.focused, table.cursor_row) == (table, 1)
        await pilot.press("delete", "delete")
        assert answer(session, "lijst") == []
        assert table.display is False
        assert app.focused is field
        # The list the keys were in is gone: the hint says where they go now.
        assert hint(app, "lijst") == fields.EMPTIED_HINT
        hint_line = editor(app, "lijst").query_one(".field-hint", Static)
        assert hint_line.display
        await type_text(pilot, "vier")
        await pilot.press("tab")  # once the input is left, the hint has done its work
        assert hint(app, "lijst") == ""


async def test_a_pasted_list_becomes_one_item_per_line(session, clock):
    session.set_answer(PHASE, "lijst", ["eerst"])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "lijst")
        await focus(pilot, field)
        await type_text(pilot, "bezig")
        await paste(pilot, "vaste plek\n\n  korte instructie\r\nstilte-kaart\n")
        assert answer(session, "lijst") == [
            "eerst",
            "vaste plek",
            "korte instructie",
            "stilte-kaart",
        ]
        assert field.value == "bezig"  # the paste did not take what was being typed
        # One line is pasted into the input like typing.
        await paste(pilot, " en meer")
        assert field.value == "bezig en meer"
        # While correcting one item, a paste stays that one item.
        field.clear()
        await pilot.press("ctrl+up", "enter", *["backspace"] * 20)
        await paste(pilot, "stilte\nkaart")
        assert field.value == "stilte kaart"
        await pilot.press("enter")
        assert answer(session, "lijst")[-1] == "stilte kaart"
        assert len(answer(session, "lijst")) == 4


async def test_too_long_an_item_is_refused_with_a_reason(session, clock):
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, first_input(app, "lijst"))
        await paste(pilot, "kort\n" + "x" * 5001)
        assert answer(session, "lijst") is None
        assert error(app, "lijst") == "regel 2: te lang (hoogstens 5000 tekens)"


# -- the tally -------------------------------------------------------------------------------


async def test_a_tally_reads_counts_and_zero_removes(session, clock):
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, first_input(app, "telling"))
        await enter_lines(pilot, "Structuur", "Belonen: 3", "structuur", "Humor:2")
        assert tally_pairs(session) == [("Structuur", 2), ("Belonen", 3), ("Humor", 2)]
        await enter_lines(pilot, "belonen : 5")
        assert error(app, "telling") == "Belonen: 3 → 5"  # a count set says so
        await enter_lines(pilot, "Humor: 0")
        assert tally_pairs(session) == [("Structuur", 2), ("Belonen", 5)]
        assert error(app, "telling") == "Humor verwijderd"
        await enter_lines(pilot, "Structuur")
        assert error(app, "telling") == ""  # one more: the list shows it
        await enter_lines(pilot, "Rust: -1")
        assert error(app, "telling") == "'Rust: -1': een aantal kan niet negatief zijn"
        assert first_input(app, "telling").value == "Rust: -1"  # kept, to correct
        assert tally_pairs(session) == [("Structuur", 3), ("Belonen", 5)]


async def test_a_pasted_tally_counts_one_keyword_per_line(session, clock):
    session.set_answer(PHASE, "telling", [TallyItem(keyword="Structuur", count=1)])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, first_input(app, "telling"))
        await paste(pilot, "structuur\nBelonen: 3\nHumor\n")
        assert tally_pairs(session) == [("Structuur", 2), ("Belonen", 3), ("Humor", 1)]
        await paste(pilot, "Rust\nBelonen: veel\nStilte: 99999")
        assert error(app, "telling") == "regel 3: 'Stilte: 99999': hoogstens 10000"
        assert tally_pairs(session) == [("Structuur", 2), ("Belonen", 3), ("Humor", 1)]


async def test_tally_rows_are_counted_corrected_and_removed_on_the_list(session, clock):
    session.set_answer(
        PHASE,
        "telling",
        [TallyItem(keyword="Structuur", count=3), TallyItem(keyword="humor", count=2)],
    )
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "telling")
        await focus(pilot, field)
        await type_text(pilot, "+-")  # in the input, + and - are text
        assert field.value == "+-"
        field.clear()
        await pilot.press("ctrl+up", "plus", "plus", "up", "minus")
        assert tally_pairs(session) == [("Structuur", 2), ("humor", 4)]
        await pilot.press("down", "enter")
        assert field.value == "humor: 4"
        assert hint(app, "telling") == "Wijzig trefwoord 2 — enter bewaart, esc annuleert"
        await pilot.press(*["backspace"] * 8)
        await type_text(pilot, "Structuur: 3")
        await pilot.press("enter")
        # Renamed onto another keyword: one row with both counts, and the field says so.
        assert tally_pairs(session) == [("Structuur", 5)]
        assert error(app, "telling") == "humor samengevoegd met Structuur: 5"
        await pilot.press("ctrl+up", "enter")
        await pilot.press(*["backspace"] * 12)
        await type_text(pilot, "Humor: 6")
        await pilot.press("enter")
        assert tally_pairs(session) == [("Humor", 6)]
        assert error(app, "telling") == ""  # renamed, one more: nothing to explain
        await type_text(pilot, "Structuur")
        await pilot.press("enter")
        assert tally_pairs(session) == [("Humor", 6), ("Structuur", 1)]
        await pilot.press("ctrl+up", "delete")
        assert tally_pairs(session) == [("Humor", 6)]


# -- agreements ------------------------------------------------------------------------------


LONG_AGREEMENTS = [
    Agreement(
        what="Carla observeert de ochtendstart in groep 5 en let op de overgang van het "
        "buitenspelen naar de eerste instructie",
        who="Carla en Anna",
        when="voor de kerstvakantie",
        evaluation_date=date(2026, 12, 14),
    ),
    Agreement(what="Dagritmekaart op tafel", who="Bram"),
    Agreement(
        what="Met ouders bespreken wat thuis helpt bij het beginnen aan een taak",
        who="Anna",
        when="oudergesprek in januari",
        evaluation_date=date(2027, 1, 25),
    ),
]


def agreements_session(clock: FakeClock) -> Session:
    session = new_session(clock, [FIELDS[2]])
    session.agreements = list(LONG_AGREEMENTS)
    return session


async def test_enter_on_an_agreement_puts_all_four_back_and_saves_in_place(clock):
    session = agreements_session(clock)
    evaluated = Evaluation(evaluated_at=START, note="gedaan")
    session.agreements = [
        session.agreements[0].model_copy(update={"evaluation": evaluated}),
        *session.agreements[1:],
    ]
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        what = app.query_one("#agreement-what", Input)
        await focus(pilot, what)
        await type_text(pilot, "nieuw")
        await pilot.press("ctrl+up", "up", "up", "enter")
        values = [field.value for field in editor(app, "afspraken").query(Input)]
        assert values == [
            LONG_AGREEMENTS[0].what,
            "Carla en Anna",
            "voor de kerstvakantie",
            "14-12-2026",
        ]
        assert app.focused is what
        assert hint(app, "afspraken") == "Wijzig afspraak 1 — enter bewaart, esc annuleert"
        await focus(pilot, app.query_one("#agreement-who", Input))
        await pilot.press(*["backspace"] * 8)
        await pilot.press("enter")
        first = session.agreements[0]
        assert (first.what, first.who, first.evaluation) == (
            LONG_AGREEMENTS[0].what,
            "Carla",
            evaluated,
        )
        assert len(session.agreements) == 3
        assert [field.value for field in editor(app, "afspraken").query(Input)] == [
            "nieuw",
            "",
            "",
            "",
        ]
        # Esc cancels: nothing changes.
        await pilot.press("ctrl+up", "enter")
        await focus(pilot, app.query_one("#agreement-when", Input))
        await type_text(pilot, " of later")
        await pilot.press("escape")
        assert session.agreements[2] == LONG_AGREEMENTS[2]
        assert app.left_field == 0


async def test_an_evaluation_date_in_the_past_is_asked_about(clock):
    session = new_session(clock, [FIELDS[2]])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, app.query_one("#agreement-what", Input))
        await type_text(pilot, "Observeren")
        await focus(pilot, app.query_one("#agreement-date", Input))
        await type_text(pilot, "20-11-2026")
        await pilot.press("enter")
        assert error(app, "afspraken") == (
            "20-11-2026 ligt in het verleden — klopt dat? Enter bevestigt."
        )
        assert session.agreements == []
        # Another date is a new question; the same date again is the answer.
        await pilot.press("backspace")
        await type_text(pilot, "5")
        assert error(app, "afspraken") == ""
        await pilot.press("enter")
        assert "20-11-2025 ligt in het verleden" in error(app, "afspraken")
        await pilot.press("enter")
        [agreement] = session.agreements
        assert agreement.evaluation_date == date(2025, 11, 20)
        # Today is not the past.
        await focus(pilot, app.query_one("#agreement-what", Input))
        await type_text(pilot, "Vandaag")
        await focus(pilot, app.query_one("#agreement-date", Input))
        await type_text(pilot, "23-11-2026")
        await pilot.press("enter")
        assert session.agreements[-1].evaluation_date == TODAY


async def test_correcting_an_agreement_does_not_ask_again_about_its_own_past_date(clock):
    session = new_session(clock, [FIELDS[2]])
    session.agreements = [Agreement(what="Observeren", evaluation_date=date(2026, 11, 2))]
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, app.query_one("#agreement-what", Input))
        await pilot.press("ctrl+up", "enter")
        await type_text(pilot, " in de kring")
        await pilot.press("enter")
        assert session.agreements == [
            Agreement(what="Observeren in de kring", evaluation_date=date(2026, 11, 2))
        ]


def table_fits(table: DataTable) -> bool:
    return table.virtual_size.width <= table.scrollable_content_region.width


@pytest.mark.parametrize("size", SIZES)
async def test_long_agreements_wrap_inside_the_table(clock, size):
    app = FieldsHost(agreements_session(clock), clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = editor(app, "afspraken").query_one(DataTable)
        assert table_fits(table)
        assert max(row.height for row in table.rows.values()) > 1


async def test_the_table_lays_out_again_when_the_width_changes(clock):
    app = FieldsHost(agreements_session(clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        table = editor(app, "afspraken").query_one(DataTable)
        await pilot.pause()
        assert len(table.columns) == 1  # narrow: what, with who/when/date beneath
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert [str(c.label) for c in table.columns.values()] == [
            "Wat",
            "Wie",
            "Wanneer",
            "Evaluatie",
        ]
        assert table_fits(table)


async def snapshot_ready(pilot, *, editing: bool) -> None:
    app = pilot.app
    for widget in app.query("Input"):
        widget.cursor_blink = False
    await focus(pilot, app.query_one("#agreement-what", Input))
    if editing:
        await pilot.press("ctrl+up", "up", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("editing", [False, True], ids=["list", "editing"])
def test_agreements_snapshot(snap_compare, size, editing):
    clock = FakeClock(START)
    app = FieldsHost(agreements_session(clock), clock)

    async def run_before(pilot) -> None:
        await snapshot_ready(pilot, editing=editing)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


# -- dates -----------------------------------------------------------------------------------


async def test_a_date_in_the_past_is_only_recorded_after_enter(session, clock):
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        field = first_input(app, "datum")
        await focus(pilot, field)
        await type_text(pilot, "14-12-2026")
        assert (answer(session, "datum"), error(app, "datum")) == (date(2026, 12, 14), "14-12-2026")
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "2026-11-02")
        assert (
            error(app, "datum") == "02-11-2026 ligt in het verleden — klopt dat? Enter bevestigt."
        )
        assert editor(app, "datum").query_one(".field-error").has_class("-question")
        assert answer(session, "datum") is None
        await pilot.press("enter")
        assert answer(session, "datum") == date(2026, 11, 2)
        assert error(app, "datum") == "02-11-2026 (in het verleden, bevestigd)"
        # An invalid date is no date at all; an empty field clears it.
        await pilot.press("backspace")
        assert answer(session, "datum") is None
        assert error(app, "datum") == "geen datum: '2026-11-0' (schrijf dd-mm-jjjj)"
        await pilot.press(*["backspace"] * 9)
        await type_text(pilot, "31-02-2027")
        assert error(app, "datum") == "31-02-2027 bestaat niet"  # the form is right, the day not
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "2027-02-03")
        assert (answer(session, "datum"), error(app, "datum")) == (date(2027, 2, 3), "03-02-2027")
        await pilot.press(*["backspace"] * 10)
        assert (answer(session, "datum"), error(app, "datum")) == (None, "")


async def test_the_past_is_the_apps_clock(clock):
    clock.advance(60 * 24 * 3600)  # 22-01-2027
    session = new_session(clock, [FIELDS[3]])
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, first_input(app, "datum"))
        await type_text(pilot, "14-12-2026")
        assert "ligt in het verleden" in error(app, "datum")


# -- reopening -------------------------------------------------------------------------------


async def test_after_reopening_new_typing_goes_after_the_saved_text(session, clock):
    session.set_answer(PHASE, "aantekeningen", "Eerste regel\nTweede regel")
    session.set_answer(PHASE, "datum", date(2026, 12, 14))
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, editor(app, "aantekeningen").query_one(TextArea))
        await type_text(pilot, " en meer")
        assert answer(session, "aantekeningen") == "Eerste regel\nTweede regel en meer"
        date_field = first_input(app, "datum")
        await focus(pilot, date_field)
        await pilot.press("backspace")
        await type_text(pilot, "7")
        assert answer(session, "datum") == date(2027, 12, 14)


# -- the Tab chain ---------------------------------------------------------------------------


async def test_tab_never_lands_on_a_list(clock):
    session = new_session(clock)
    session.set_answer(PHASE, "lijst", ["een", "twee"])
    session.set_answer(PHASE, "telling", [TallyItem(keyword="Rust", count=1)])
    session.agreements = list(LONG_AGREEMENTS)
    app = FieldsHost(session, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await focus(pilot, app.query_one("#before", Input))
        for field_id in ("lijst", "telling", "afspraken"):
            # Visit each list once, so leaving it is part of what is checked.
            await focus(pilot, first_input(app, field_id))
            await pilot.press("ctrl+up", "escape")
        for key in ("tab", "shift+tab"):
            await focus(pilot, app.query_one("#before", Input))
            visited = []
            for _ in range(20):
                await pilot.press(key)
                visited.append(app.focused)
            assert not [w for w in visited if isinstance(w, DataTable)]
            kinds = {type(w).__name__ for w in visited}
            assert kinds == {"Input", "LineInput", "ScaleSelector", "TextArea"}
        # Tab from inside a list leaves it, and it cannot be tabbed back into.
        await focus(pilot, first_input(app, "telling"))
        await pilot.press("ctrl+up", "tab")
        assert app.focused is first_input(app, "telling")  # the next widget after the list
        await pilot.press("shift+tab")
        assert app.focused is first_input(app, "lijst")
