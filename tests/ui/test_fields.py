"""The phase field editors with the keyboard on the real run screen: lists, tallies, a scale,
agreements, and a text answer after a resume. The editors' own keys in detail (and the date
field, which no shipped protocol uses) are in test_fields_editors.py."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, Static, TextArea

from intervisie_tui.engine.notes import NOTES_FIELD_ID
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.widgets.fields import ScaleSelector
from tests.ui.support import (
    SIZE,
    make_app,
    new_session,
    run_screen,
    save_new,
    session_app,
    tick,
    type_text,
)


def cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def app_for(protocol_id, sessions_dir, clock):
    return session_app(sessions_dir, clock, protocol_id)


async def go_to(pilot, number: int) -> None:
    """Flexible protocol: jump to phase ``number`` (1-based) with F5 and the picker."""
    await pilot.press("f5")
    options = pilot.app.screen.query_one("#jump-list")
    while options.highlighted != number - 1:
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def test_list_items_are_added_with_enter_and_removed_with_delete(sessions_dir, clock):
    app = app_for("oplossingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2", "f4")
        await pilot.pause()
        editor = screen.query_one("#field-wat-werkt-al")
        table = editor.query_one(DataTable)
        assert table.display is False  # no items yet: no empty table
        editor.query_one(Input).focus()
        for item in ["vaste plek", "  ", "korte instructie", "stilte-kaart"]:
            await type_text(pilot, item)
            await pilot.press("enter")
        assert cells(table) == [["1. vaste plek"], ["2. korte instructie"], ["3. stilte-kaart"]]
        await pilot.press("ctrl+up", "up", "delete")
        assert cells(table) == [["1. vaste plek"], ["2. stilte-kaart"]]
        assert screen.runner.session.answer("appreciating", "wat-werkt-al") == [
            "vaste plek",
            "stilte-kaart",
        ]
        # Delete in the Input does not remove items.
        editor.query_one(Input).focus()
        await pilot.press("delete")
        assert len(cells(table)) == 2
        await tick(pilot, clock, 1)
    assert load_session(next(sessions_dir.glob("*.json"))).answer(
        "appreciating", "wat-werkt-al"
    ) == ["vaste plek", "stilte-kaart"]


async def test_tally_counts_keywords_and_plus_minus_count_on_the_table(sessions_dir, clock):
    app = app_for("leren-van-successen", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2", "f4")
        await pilot.pause()
        editor = screen.query_one("#field-succes-op-school")
        table = editor.query_one(DataTable)
        editor.query_one(Input).focus()
        for keyword in ["structuur", "humor", "Structuur", "humor", "structuur"]:
            await type_text(pilot, keyword)
            await pilot.press("enter")
        assert cells(table) == [["structuur", "3"], ["humor", "2"]]
        await pilot.press("ctrl+up", "plus", "plus")  # on the table: counting, not +1 minute
        assert cells(table) == [["structuur", "3"], ["humor", "4"]]
        assert screen.runner.session.phases[1].adjustment_seconds == 0
        await pilot.press("up", "minus")
        assert cells(table) == [["structuur", "2"], ["humor", "4"]]
        await pilot.press("delete")
        assert cells(table) == [["humor", "4"]]
        answer = screen.runner.session.answer("inventarisatie", "succes-op-school")
        assert [(item.keyword, item.count) for item in answer] == [("humor", 4)]
        # Esc steps back one level at a time: to the input, where + is text, then out of the
        # field into timekeeper mode, where + is the timekeeper's again.
        await pilot.press("escape")
        assert app.focused is editor.query_one(Input)
        await pilot.press("plus")
        assert editor.query_one(Input).value == "+"
        await pilot.press("backspace", "escape", "plus")
        assert app.focused is None
        assert screen.runner.session.phases[1].adjustment_seconds == 60


async def test_scale_is_chosen_with_digits_arrows_and_cleared(sessions_dir, clock):
    app = app_for("oplossingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")
        await go_to(pilot, 4)
        scale = screen.query_one("#field-schaal").query_one(ScaleSelector)

        def answer():
            return screen.runner.session.answer("dialoging", "schaal")

        assert scale.value is None
        scale.focus()
        await pilot.press("right")  # from nothing, right starts at the low end
        assert (scale.value, answer()) == (0, 0)
        await pilot.press("7")
        assert answer() == 7
        await pilot.press("right", "right")
        assert answer() == 9
        await pilot.press("right", "right")  # stops at the top
        assert answer() == 10
        await pilot.press("1", "0")  # "1" then "0" makes 10
        assert answer() == 10
        await pilot.press("4", "left")
        assert answer() == 3
        rendered = str(scale.render())
        assert "[3]" in rendered
        await pilot.press("backspace")
        assert (scale.value, answer()) == (None, None)
        assert "(nog niet gekozen)" in str(scale.render())
        # Digits are the scale's; a letter on a focused widget is never a command.
        await pilot.press("6", "n")
        await pilot.pause()
        assert screen.runner.current_index == 3
        assert screen.runner.session.answer("dialoging", "schaal") == 6


async def test_agreements_need_a_what_and_a_valid_date(sessions_dir, clock):
    app = app_for("oplossingsgericht", sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2")
        await go_to(pilot, 6)
        editor = screen.query_one("#field-afspraken")
        error = editor.query_one(".field-error", Static)
        who = screen.query_one("#agreement-who", Input)
        who.focus()
        await type_text(pilot, "Anna")
        await pilot.press("enter")
        assert str(error.content) == "Vul eerst in wat er is afgesproken."
        assert app.focused is screen.query_one("#agreement-what", Input)
        assert screen.runner.session.agreements == []
        await type_text(pilot, "Observeren in de kring")
        screen.query_one("#agreement-date", Input).focus()
        await type_text(pilot, "13-13-2026")
        await pilot.press("enter")
        assert str(error.content) == "13-13-2026 bestaat niet"
        assert app.focused is screen.query_one("#agreement-date", Input)
        assert screen.runner.session.agreements == []
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "14-12-2026")
        await pilot.press("enter")
        assert str(error.content) == ""
        [agreement] = screen.runner.session.agreements
        assert (agreement.what, agreement.who, agreement.evaluation_date) == (
            "Observeren in de kring",
            "Anna",
            date(2026, 12, 14),
        )
        # All four inputs are cleared for the next one; delete on the table removes it. At 80
        # columns the table stacks who, when and the evaluation date under what was agreed.
        assert [i.value for i in editor.query(Input)] == ["", "", "", ""]
        table = editor.query_one(DataTable)
        assert cells(table) == [
            ["1. Observeren in de kring\nwie: Anna · wanneer: — · evaluatie: 14-12-2026"]
        ]
        await pilot.press("ctrl+up", "delete")
        assert screen.runner.session.agreements == []
        assert table.display is False


async def test_after_a_resume_typing_goes_after_the_saved_notes(sessions_dir, clock):
    """Phase 1 of handelingsgericht declares no fields: its notes field takes the typing."""
    session = new_session("handelingsgericht", clock)
    SessionRunner(session, clock).start()
    first = session.protocol.phases[0].id
    session.set_answer(first, NOTES_FIELD_ID, "Thomas blijft zitten")
    app = make_app(sessions_dir, clock, path=save_new(sessions_dir, session))
    async with app.run_test(size=SIZE) as pilot:
        screen = run_screen(app)
        area = screen.query_one(f"#field-{NOTES_FIELD_ID}").query_one(TextArea)
        screen.set_focus(area)
        await pilot.pause()
        await type_text(pilot, " tijdens de instructie")
        assert screen.runner.session.answer(first, NOTES_FIELD_ID) == (
            "Thomas blijft zitten tijdens de instructie"
        )


async def test_after_an_agreement_the_next_one_is_typed_where_it_can_be_seen(sessions_dir, clock):
    """At 80x24 the phase panel is a few rows high and the agreements table grows above the
    inputs: the input that takes the next agreement must be scrolled into view."""
    app = app_for("oplossingsgericht", sessions_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await go_to(pilot, 6)
        body = app.screen.query_one("#phase-body")
        for number in (1, 2):
            app.screen.query_one("#agreement-what", Input).focus()
            await type_text(pilot, f"Afspraak {number}")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            focused = app.focused
            assert focused is app.screen.query_one("#agreement-what", Input)
            assert body.region.contains_region(focused.region), (focused.region, body.region)
