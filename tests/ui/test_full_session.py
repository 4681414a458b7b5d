"""A whole handelingsgericht meeting, from set-up to the overview, then the file phase by phase."""

from __future__ import annotations

import json
from datetime import date, timedelta

from textual.widgets import DataTable, Input, Static, TextArea

from intervisie_tui.engine.session import EventKind, SessionStatus
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.dialogs import ConfirmScreen
from intervisie_tui.ui.screens.end import EndScreen
from intervisie_tui.ui.screens.home import HomeScreen
from tests.ui.support import (
    SIZE,
    START,
    clock_digits,
    clock_state,
    entry,
    make_app,
    phase_title,
    run_screen,
    settle,
    text_of,
    tick,
    type_text,
)

# Running seconds per phase (budgets 5/10/2/10/5/5/2 minutes): phase 2 runs 30 s over.
ACTUAL = [290, 630, 100, 540, 275, 280, 115]
PAUSED_IN_PHASE_3 = 500
# The rounds (phases 2 and 4) start with the first colleague's turn, recorded in the events.
TURNS = [("verheldering", "Bram"), ("onderwijsbehoeften", "Bram")]


def field_widget(app, field_id: str, kind: type):
    return app.screen.query_one(f"#field-{field_id}").query_one(kind)


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def fill_setup(pilot) -> None:
    screen = pilot.app.screen
    for row, name in enumerate(["Anna", "Bram", "Carla"]):  # voorzitter, tijdbewaker, inbrenger
        screen.query_one(f"#name-{row}", Input).focus()
        await type_text(pilot, name)
    screen.query_one("#pupil", Input).focus()
    await type_text(pilot, "T.")
    screen.query_one("#help-question", TextArea).focus()
    await type_text(pilot, "Hoe blijft T. in de kring zitten?")
    screen.query_one("#prep-waarom-nu", TextArea).focus()
    await type_text(pilot, "Het wordt erger")
    screen.query_one("#prep-bereiken", TextArea).focus()
    await type_text(pilot, "Een klein doel")


async def test_a_whole_handelingsgericht_session(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await fill_setup(pilot)
        await pilot.press("f5")
        await pilot.pause()
        screen = run_screen(app)
        runner = screen.runner
        assert text_of(app, "#run-title") == "Handelingsgerichte intervisie · leerling T."
        assert clock_state(app) == "● KLAAR — F2 start de klok"
        # Names given at set-up, not roles, say who speaks.
        assert text_of(app, "#header-who") == "Aan het woord: Carla (inbrenger)"

        # 1. Toelichting (5 min): started with F2, 4:50.
        await pilot.press("f2")
        await tick(pilot, clock, ACTUAL[0])
        assert clock_digits(app) == "00:10"
        await pilot.press("f4")
        await pilot.pause()

        # 2. Verheldering (10 min): 30 s over budget.
        assert phase_title(app) == "Fase 2 van 7 · Collega's stellen verhelderingsvragen"
        # A round: whose turn it is, by name (the chair leads, the case owner is asked).
        assert text_of(app, "#header-who") == "Aan het woord: Bram"
        assert text_of(app, "#header-turn") == (
            "Beurt 1 van 1: Bram · laatste beurt · richttijd ± 10:00 per beurt"
        )
        await tick(pilot, clock, ACTUAL[1])
        assert clock_digits(app) == "+00:30"
        await pilot.press("f4")
        await pilot.pause()
        await pilot.resize_terminal(160, 45)  # the rail shows from 100 columns
        await tick(pilot, clock)
        assert text_of(app, "#rail-1") == "✓ 10:30/10:00! 2. Collega's stellen verhelderingsvragen"
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()

        # 3. Doel (2 min): typed into the text field, where the focus already is, with a pause
        # that does not count.
        assert phase_title(app) == "Fase 3 van 7 · Leerkracht formuleert het doel"
        doel = field_widget(app, "doel", TextArea)
        assert app.focused is doel
        await type_text(pilot, "Thomas blijft 4 minuten zitten")
        await tick(pilot, clock, 40)
        await pilot.press("f2")  # pause while typing
        assert "GEPAUZEERD" in clock_state(app)
        await tick(pilot, clock, PAUSED_IN_PHASE_3)
        await pilot.press("escape", "space")  # the timekeeper's single key carries on
        await tick(pilot, clock, ACTUAL[2] - 40)
        assert clock_digits(app) == "00:20"
        await pilot.press("n")
        await pilot.pause()

        # 4. Onderwijsbehoeften (10 min): a list, item by item with enter; F4 moves on.
        needs = field_widget(app, "onderwijsbehoeften", Input)
        assert app.focused is needs
        await type_text(pilot, "instructie die kort is")
        await pilot.press("enter")
        await type_text(pilot, "feedback die direct is")
        await pilot.press("enter")
        assert needs.value == ""
        items = field_widget(app, "onderwijsbehoeften", DataTable)
        assert table_rows(items) == [["1. instructie die kort is"], ["2. feedback die direct is"]]
        await tick(pilot, clock, ACTUAL[3])
        await pilot.press("f4")
        await pilot.pause()

        # 5. Haalbaarheid (5 min): a text and a list; tab goes from one to the next.
        assert phase_title(app).startswith("Fase 5 van 7 · ")
        feasible = field_widget(app, "haalbaar", TextArea)
        assert app.focused is feasible
        await type_text(pilot, "Drie keer per week")
        await pilot.press("tab")
        support = field_widget(app, "ondersteuningsbehoeften", Input)
        assert app.focused is support
        await type_text(pilot, "een ib die meekijkt")
        await pilot.press("enter")
        await tick(pilot, clock, ACTUAL[4])
        await pilot.press("escape", "n")
        await pilot.pause()

        # 6. Afspraken (5 min): the agreements form, one with an evaluation date, one without.
        assert phase_title(app) == "Fase 6 van 7 · Afspraken maken"
        assert app.focused is app.screen.query_one("#agreement-what", Input)
        await type_text(pilot, "Ouders bellen")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#agreement-who", Input)
        await type_text(pilot, "Carla")
        await pilot.press("tab")
        await type_text(pilot, "vrijdag")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#agreement-date", Input)
        await type_text(pilot, "04-12-2026")
        await pilot.press("enter")
        assert app.focused is app.screen.query_one("#agreement-what", Input)
        await type_text(pilot, "T. zelf betrekken")
        await pilot.press("tab")
        await type_text(pilot, "Carla en T.")
        await pilot.press("enter")
        error = app.screen.query_one("#field-afspraken").query_one(".field-error", Static)
        assert str(error.content) == "Afspraak vastgelegd — nog zonder evaluatiedatum."
        agreements = field_widget(app, "afspraken", DataTable)
        # At 80 columns each agreement is one row of two lines, so nothing is cut off.
        assert table_rows(agreements) == [
            ["1. Ouders bellen\nwie: Carla · wanneer: vrijdag · evaluatie: 04-12-2026"],
            ["2. T. zelf betrekken\nwie: Carla en T. · wanneer: — · evaluatie: —"],
        ]
        await tick(pilot, clock, ACTUAL[5])
        await pilot.press("escape", "n")
        await pilot.pause()

        # 7. Opbrengst (2 min): left for timekeeper mode, clicked into (which ends the mode),
        # typed; F4 on the last phase asks to finish.
        assert phase_title(app) == "Fase 7 van 7 · Opbrengst"
        harvest = field_widget(app, "opbrengst", TextArea)
        await pilot.press("escape")
        assert screen.timekeeper and app.focused is None
        harvest.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(harvest)
        assert app.focused is harvest
        assert not screen.timekeeper
        await type_text(pilot, "Een haalbaar plan")
        await tick(pilot, clock, ACTUAL[6])
        await pilot.press("f4")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("f4")
        await pilot.pause()

        # The overview: time per phase, the overrun, and the missing evaluation date.
        end = app.screen
        assert isinstance(end, EndScreen)
        phases = [str(s.content) for s in end.query(".end-phase")]
        assert len(phases) == 7
        assert "2. Collega's stellen verhelderingsvragen" in phases[1]
        assert phases[1].endswith(" 10:30 / 10:00 (+00:30)")
        assert phases[2].endswith(" 01:40 / 02:00")
        assert text_of(app, "#end-total") == "Totaal 37:10 van 39:00 — 01:50 binnen de tijd"
        assert text_of(app, "#end-yield") == (
            "Doel: Thomas blijft 4 minuten zitten\n"
            "Onderwijsbehoeften van de leerling: instructie die kort is; feedback die direct is\n"
            "Wat is voor de leerkracht haalbaar: Drie keer per week\n"
            "Ondersteuningsbehoeften van de leerkracht: een ib die meekijkt\n"
            "Opbrengst: Een haalbaar plan"
        )
        assert text_of(app, "#evaluation-prompt") == (
            "1 afspraak zonder evaluatiedatum. Wanneer evalueren jullie?"
        )
        date_input = end.query_one("#evaluation-date", Input)
        assert app.focused is date_input
        await type_text(pilot, "11-12-2026")
        await pilot.press("enter")
        assert date_input.display is False
        # Hidden, the field gives up focus (a frame later), so q is a key again, not a letter.
        await settle(pilot, lambda: app.focused is not date_input)
        assert text_of(app, "#evaluation-prompt") == ""
        # At 80 columns each agreement is one cell: what, then who, when and the date under it.
        assert table_rows(end.query_one("#end-agreements", DataTable))[1] == [
            "2. T. zelf betrekken\nwie: Carla en T. · wanneer: — · evaluatie: 11-12-2026"
        ]
        path = app.session_file.path
        assert text_of(app, "#end-path") == f"Bewaard in: {path}"
        # q leads Home, saying where the session went; q there ends the program.
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.session_file is None
        assert f"Sessie bewaard in {path}" in [n.message for n in app._notifications]
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    assert runner.session.status is SessionStatus.COMPLETED

    # The file, as JSON ...
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["status"] == "completed"
    assert raw["timer"] == {
        "status": "finished",
        "current_phase": 6,
        "synced_at": None,
        "turn": None,
        "turn_started_seconds": None,
    }
    assert raw["uncovered_at_finish"] == []
    assert [p["id"] for p in raw["phases"]] == [
        "toelichting",
        "verheldering",
        "doel",
        "onderwijsbehoeften",
        "haalbaarheid",
        "afspraken",
        "opbrengst",
    ]
    assert [p["actual_seconds"] for p in raw["phases"]] == ACTUAL
    assert [len(p["visits"]) for p in raw["phases"]] == [1] * 7
    assert [p["planned_seconds"] for p in raw["phases"]] == [300, 600, 120, 600, 300, 300, 120]
    assert [p["answers"] for p in raw["phases"]] == [
        {},
        {},
        {"doel": "Thomas blijft 4 minuten zitten"},
        {"onderwijsbehoeften": ["instructie die kort is", "feedback die direct is"]},
        {"haalbaar": "Drie keer per week", "ondersteuningsbehoeften": ["een ib die meekijkt"]},
        {},
        {"opbrengst": "Een haalbaar plan"},
    ]
    assert raw["agreements"] == [
        {
            "what": "Ouders bellen",
            "who": "Carla",
            "when": "vrijdag",
            "evaluation_date": "2026-12-04",
            "evaluation": None,
        },
        {
            "what": "T. zelf betrekken",
            "who": "Carla en T.",
            "when": "",
            "evaluation_date": "2026-12-11",
            "evaluation": None,
        },
    ]
    assert raw["participants"] == [
        {"name": "Anna", "roles": ["voorzitter"]},
        {"name": "Bram", "roles": ["tijdbewaker"]},
        {"name": "Carla", "roles": ["inbrenger"]},
    ]
    assert raw["case"] == {"pupil": "T.", "help_question": "Hoe blijft T. in de kring zitten?"}
    assert raw["preparation"] == {"waarom-nu": "Het wordt erger", "bereiken": "Een klein doel"}

    # ... and through the engine's loader.
    session = load_session(path)
    assert session.status is SessionStatus.COMPLETED
    assert [record.actual_seconds for record in session.phases] == ACTUAL
    assert session.answer("onderwijsbehoeften", "onderwijsbehoeften") == [
        "instructie die kort is",
        "feedback die direct is",
    ]
    assert [a.evaluation_date for a in session.agreements] == [
        date(2026, 12, 4),
        date(2026, 12, 11),
    ]
    kinds = [event.kind for event in session.events]
    assert kinds == [
        EventKind.START,
        EventKind.NEXT,
        EventKind.TURN,  # a round: the first speaker's turn starts with the phase
        EventKind.NEXT,
        EventKind.PAUSE,
        EventKind.RESUME,
        EventKind.NEXT,
        EventKind.TURN,
        EventKind.NEXT,
        EventKind.NEXT,
        EventKind.NEXT,
        EventKind.FINISH,
    ]
    turns = [(e.phase, e.speaker) for e in session.events if e.kind is EventKind.TURN]
    assert turns == TURNS
    moves = [(e.phase, e.to_phase, e.override) for e in session.events if e.kind is EventKind.NEXT]
    assert moves == [
        ("toelichting", "verheldering", False),
        ("verheldering", "doel", False),
        ("doel", "onderwijsbehoeften", False),
        ("onderwijsbehoeften", "haalbaarheid", False),
        ("haalbaarheid", "afspraken", False),
        ("afspraken", "opbrengst", False),
    ]
    # Event times: running seconds exclude the pause, wall-clock stamps include it.
    assert session.events[-1].elapsed_seconds == sum(ACTUAL)
    wall = sum(ACTUAL) + PAUSED_IN_PHASE_3
    assert session.events[-1].at == START + timedelta(seconds=wall)
    assert session.ended_at == START + timedelta(seconds=wall)
    third = session.phases[2].visits[0]
    assert third.started_at == START + timedelta(seconds=ACTUAL[0] + ACTUAL[1])
    assert third.ended_at == third.started_at + timedelta(seconds=ACTUAL[2] + PAUSED_IN_PHASE_3)
