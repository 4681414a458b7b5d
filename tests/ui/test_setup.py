"""Set-up: participants and roles, the case, preparation answers, warnings, and F5 to start."""

from __future__ import annotations

import json

from textual.widgets import Input, Select, TextArea

from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.setup import SetupScreen
from tests.ui.support import SIZE, entry, make_app, phase_title, run_screen, text_of, type_text


async def fill_name(pilot, row: int, name: str) -> None:
    pilot.app.screen.query_one(f"#name-{row}", Input).focus()
    await type_text(pilot, name)


async def choose_role(pilot, row: int, label: str) -> None:
    """Open the role drop-down with the keyboard and move to ``label``."""
    select = pilot.app.screen.query_one(f"#role-{row}", Select)
    select.focus()
    await pilot.press("enter")
    labels = ["voorzitter", "tijdbewaker", "inbrenger", "deelnemer", "notulist"]
    steps = labels.index(label) - labels.index(str(select.value))
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    assert select.value == label


async def test_setup_form_is_recorded_in_the_new_session_file(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        # The first name field has focus from the start.
        assert app.focused is screen.query_one("#name-0", Input)
        await type_text(pilot, "Anna de Vries")
        await fill_name(pilot, 1, "Bram")
        await fill_name(pilot, 2, "Carla")
        await fill_name(pilot, 3, "Dirk")
        await choose_role(pilot, 3, "notulist")
        # The same name twice is one person with two roles.
        await fill_name(pilot, 4, "Anna de Vries")
        await choose_role(pilot, 4, "inbrenger")

        screen.query_one("#pupil", Input).focus()
        await type_text(pilot, "L.")
        screen.query_one("#help-question", TextArea).focus()
        await type_text(pilot, "Hoe krijg ik L. aan het werk?")
        prep = screen.query_one("#prep-waarom-nu", TextArea)
        prep.focus()
        await type_text(pilot, "Sinds de herfst gaat het mis")
        screen.query_one("#prep-bereiken", TextArea).text = "Een plan voor de ochtend"
        # An empty answer is left out.
        screen.query_one("#prep-ouders", TextArea).text = "   "
        assert text_of(app, "#timekeeper-warning") == ""
        assert text_of(app, "#group-warning") == ""  # handelingsgericht has no group size

        await pilot.press("f5")
        await pilot.pause()
        run_screen(app)
        assert phase_title(app) == "Fase 1 van 7: Leerkracht licht zijn/haar vraag toe"

    files = sorted(sessions_dir.glob("*.json"))
    assert len(files) == 1
    name = files[0].name
    assert name.startswith("2026-11-23_1530_handelingsgericht_")
    for person in ("Anna", "Vries", "Bram", "Carla", "Dirk", "L."):
        assert person not in name
    raw = json.loads(files[0].read_text())
    assert raw["participants"] == [
        {"name": "Anna de Vries", "roles": ["voorzitter", "inbrenger"]},
        {"name": "Bram", "roles": ["tijdbewaker"]},
        {"name": "Carla", "roles": ["inbrenger"]},
        {"name": "Dirk", "roles": ["notulist"]},
    ]
    assert raw["case"] == {"pupil": "L.", "help_question": "Hoe krijg ik L. aan het werk?"}
    assert raw["preparation"] == {
        "waarom-nu": "Sinds de herfst gaat het mis",
        "bereiken": "Een plan voor de ochtend",
    }
    assert raw["status"] == "in_progress"
    assert raw["timer"] == {"status": "not_started", "current_phase": None}
    assert load_session(files[0]).protocol.id == "handelingsgericht"


async def test_group_size_outside_the_advice_is_only_a_warning(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("oplossingsgericht"))  # advises 3..5
    async with app.run_test(size=SIZE) as pilot:
        for row, name in enumerate(["Anna", "Bram", "Carla", "Dirk", "Eva"]):
            await fill_name(pilot, row, name)
        assert text_of(app, "#group-warning") == ""
        await fill_name(pilot, 5, "Fleur")
        assert (
            text_of(app, "#group-warning")
            == "Let op: 6 deelnemers; deze werkwijze adviseert 3 tot 5."
        )
        # Two people are too few as well.
        for row in range(2, 6):
            app.screen.query_one(f"#name-{row}", Input).value = ""
        await pilot.pause()
        assert (
            text_of(app, "#group-warning")
            == "Let op: 2 deelnemers; deze werkwijze adviseert 3 tot 5."
        )
        # A flexible protocol never asks for a timekeeper.
        await choose_role(pilot, 1, "deelnemer")
        assert text_of(app, "#timekeeper-warning") == ""
        for row, name in [(2, "Carla"), (3, "Dirk"), (4, "Eva"), (5, "Fleur")]:
            await fill_name(pilot, row, name)
        assert "6 deelnemers" in text_of(app, "#group-warning")

        await pilot.press("f5")
        await pilot.pause()
        run_screen(app)
    [path] = sessions_dir.glob("*.json")
    assert len(load_session(path).participants) == 6


async def test_strict_protocol_asks_for_a_timekeeper(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        # An empty form warns about nothing.
        assert text_of(app, "#timekeeper-warning") == ""
        await type_text(pilot, "Anna")  # row 0: voorzitter
        assert text_of(app, "#timekeeper-warning") == (
            "Wie is de tijdbewaker? Kies bij één deelnemer de rol 'tijdbewaker'."
        )
        await fill_name(pilot, 1, "Bram")  # row 1 defaults to tijdbewaker
        assert text_of(app, "#timekeeper-warning") == ""
        await choose_role(pilot, 1, "deelnemer")
        assert "tijdbewaker" in text_of(app, "#timekeeper-warning")
        await choose_role(pilot, 0, "tijdbewaker")
        assert text_of(app, "#timekeeper-warning") == ""


async def test_full_name_of_a_pupil_is_warned_about(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#pupil", Input).focus()
        await type_text(pilot, "Sterre Jansen")
        assert text_of(app, "#pupil-warning") == (
            "Dat lijkt een volledige naam. Gebruik liever initialen of een schuilnaam."
        )
        await pilot.press(*["backspace"] * len(" Jansen"))
        assert text_of(app, "#pupil-warning") == ""


async def test_escape_leaves_the_field_before_it_leaves_the_form(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Anna")
        await pilot.press("escape")
        assert isinstance(app.screen, SetupScreen)
        assert app.focused is None
        assert app.screen.query_one("#name-0", Input).value == "Anna"
        await pilot.press("escape")
        await pilot.pause()
    # Started straight into set-up (intervisie run PROTOCOL): the second escape ends the app.
    assert app.return_value is None
    assert not list(sessions_dir.glob("*.json"))


async def test_the_start_button_starts_too(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("basis-intervisie"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Anna")
        app.screen.query_one("#start").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert phase_title(run_screen(app).app).startswith("Fase 1 van 6: ")


async def test_f6_reads_in_the_preparation_also_while_typing_an_answer(sessions_dir, clock):
    """The footer offers "f6 Voorbereiding inlezen"; a focused TextArea binds F6 itself
    (select line), so without priority the key did nothing in the answer fields."""
    from intervisie_tui.ui.screens.dialogs import ExportScreen

    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        assert isinstance(app.screen, ExportScreen)  # asks which file to read
        await pilot.press("escape")
        answer = app.screen.query_one("#prep-waarom-nu", TextArea)
        answer.focus()
        await type_text(pilot, "eerste regel")
        await pilot.press("f6")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        assert answer.text == "eerste regel"
