"""Set-up: participants and roles, the case, preparation answers, warnings, and F5 to start."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, OptionList, Select, Static, TextArea

from intervisie_tui.documents.preparation import render_preparation
from intervisie_tui.engine.session import Role
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.dialogs import ConfirmScreen
from intervisie_tui.ui.screens.home import HomeScreen
from intervisie_tui.ui.screens.setup import (
    CHAIR_AND_PARTICIPANT,
    PARTICIPANT_ROWS,
    ROLE_OPTIONS,
    SetupScreen,
)
from tests.ui.support import (
    SIZE,
    catalog,
    entry,
    make_app,
    phase_title,
    run_screen,
    screen_text,
    settle,
    text_of,
    type_text,
)


def highlighted_protocol(app) -> str:
    options = app.screen.query_one("#protocol-list", OptionList)
    assert options.highlighted is not None
    return catalog().sorted_entries()[options.highlighted].loaded.protocol.id


async def fill_name(pilot, row: int, name: str) -> None:
    screen = pilot.app.screen
    await settle(pilot, lambda: bool(screen.query(f"#name-{row}")))  # a row added just now
    screen.query_one(f"#name-{row}", Input).focus()
    await type_text(pilot, name)


async def choose_role(pilot, row: int, label: str) -> None:
    """Open the role drop-down with the keyboard and move to ``label``."""
    select = pilot.app.screen.query_one(f"#role-{row}", Select)
    select.focus()
    await pilot.press("enter")
    labels = [value for _, value in ROLE_OPTIONS]
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
        assert phase_title(app).endswith("Leerkracht licht zijn/haar vraag toe")

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
    assert raw["timer"]["status"] == "not_started"
    assert raw["timer"]["current_phase"] is None
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


async def test_one_escape_from_a_field_asks_before_leaving_a_filled_in_form(
    sessions_dir, clock
):
    """Started with `intervisie run PROTOCOL`: the key bar says "esc Terug", so one Esc, also
    from a field, goes back; it never ends the program and never throws the form away unasked;
    leaving lands on Home with the protocol still chosen."""
    app = make_app(sessions_dir, clock, protocol=entry("oplossingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Anna")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        shown = await screen_text(pilot)
        assert "Voorbereiding verlaten?" in shown
        assert "Wat je hebt ingevuld gaat verloren." in shown
        await pilot.press("enter")  # the safe answer has the focus: stay
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#name-0", Input).value == "Anna"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # Esc in the question means stay, too
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("escape")
        await pilot.press("tab", "enter")  # leaving takes a deliberate choice
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running
        assert highlighted_protocol(app) == "oplossingsgericht"
    assert not list(sessions_dir.glob("*.json"))


async def test_typing_on_in_the_question_stays_and_types_into_the_field(sessions_dir, clock):
    """A letter never answers a question: "ja" typed on after a stray Esc keeps the form and
    lands in the field that had the focus."""
    app = make_app(sessions_dir, clock, protocol=entry("oplossingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "An")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await type_text(pilot, "ja nee")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#name-0", Input).value == "Anja nee"


async def test_leaving_a_filled_form_and_an_empty_form_leaves_without_asking(
    sessions_dir, clock
):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#prep-ouders", TextArea).text = "Bellen"  # an answer counts too
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert highlighted_protocol(app) == "handelingsgericht"
        # Back in: nothing typed this time, so nothing to ask.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert highlighted_protocol(app) == "handelingsgericht"


async def test_starting_with_no_participants_and_no_case_asks_first(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("basis-intervisie"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Starten zonder deelnemers en casus?" in await screen_text(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, SetupScreen)
        assert not list(sessions_dir.glob("*.json"))
        await pilot.press("f5", "f5")  # the key that asked, again
        await pilot.pause()
        run_screen(app)
    [path] = sessions_dir.glob("*.json")
    session = load_session(path)
    assert session.participants == [] and session.case.pupil == ""


async def test_a_pupil_alone_is_enough_to_start_without_asking(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("basis-intervisie"))
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#pupil", Input).focus()
        await type_text(pilot, "L.")
        await pilot.press("f5")
        await pilot.pause()
        run_screen(app)


async def test_a_row_appears_when_the_last_one_gets_a_name(sessions_dir, clock):
    """More than eight people: the form grows instead of stopping at eight rows."""
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    names = [f"Collega {n}" for n in range(1, 12)]
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert len(screen.query(".participant-row")) == PARTICIPANT_ROWS
        for row, name in enumerate(names):
            await fill_name(pilot, row, name)
        await pilot.pause()
        assert len(screen.query(".participant-row")) == len(names) + 1
        last = screen.query_one(f"#name-{len(names)}", Input)
        assert last.value == "" and last.placeholder == f"Naam {len(names) + 1}"
        assert screen.query_one(f"#role-{len(names)}", Select).value == "deelnemer"
        await pilot.press("f5")
        await pilot.pause()
        run_screen(app)
    [path] = sessions_dir.glob("*.json")
    assert [p.name for p in load_session(path).participants] == names


async def test_the_help_question_fills_the_phase_that_asks_for_it(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("oplossingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Anna")
        app.screen.query_one("#help-question", TextArea).focus()
        await type_text(pilot, "Hoe help ik [b]S. bij het plannen?")
        await pilot.press("f5")
        await pilot.pause()
        screen = run_screen(app)
        field = screen.query_one("#field-hulpvraag").query_one(TextArea)
        assert field.text == "Hoe help ik [b]S. bij het plannen?"
    [path] = sessions_dir.glob("*.json")
    session = load_session(path)
    assert session.answer("probleeminventarisatie", "hulpvraag") == (
        "Hoe help ik [b]S. bij het plannen?"
    )


def filled_form(tmp_path: Path, protocol_id: str, owner: str, pupil: str, **answers: str) -> Path:
    form = render_preparation(entry(protocol_id).loaded.protocol)
    form = form.replace("- **Inbrenger:** ", f"- **Inbrenger:** {owner}")
    form = form.replace(
        "- **Leerling (schuilnaam of initialen):** ",
        f"- **Leerling (schuilnaam of initialen):** {pupil}",
    )
    for qid, answer in answers.items():
        form = form.replace(f"<!-- antwoord: {qid} -->\n", f"<!-- antwoord: {qid} -->\n{answer}\n")
    path = tmp_path / "ingevuld.md"
    path.write_text(form, encoding="utf-8")
    return path


async def read_form(pilot, path: Path) -> None:
    await pilot.press("f6")
    pilot.app.screen.query_one("#export-path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_preparation_form_brings_in_owner_pupil_and_answers(sessions_dir, clock, tmp_path):
    path = filled_form(
        tmp_path, "handelingsgericht", "Carla de Boer", "S.", **{"waarom-nu": "Sinds de herfst"}
    )
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await type_text(pilot, "Anna")
        await read_form(pilot, path)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        # Row 3 is the inbrenger's row: the case owner's name goes there.
        assert screen.query_one("#name-2", Input).value == "Carla de Boer"
        assert screen.query_one("#pupil", Input).value == "S."
        assert screen.query_one("#prep-waarom-nu", TextArea).text == "Sinds de herfst"
        assert screen.query_one("#help-question", TextArea).text == ""  # no such question
        [note] = list(app._notifications)
        assert note.message == (
            f"Ingelezen uit {path}: inbrenger Carla de Boer, leerling S., 1 antwoord."
        )
        # Reading it twice does not add the case owner twice.
        await read_form(pilot, path)
        values = [screen.query_one(f"#name-{row}", Input).value for row in range(screen.rows)]
        assert values.count("Carla de Boer") == 1
        # Leaving asks.
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape", "f5")
        await pilot.pause()
        run_screen(app)
    [session_path] = sessions_dir.glob("*.json")
    session = load_session(session_path)
    assert [(p.name, p.roles) for p in session.participants] == [
        ("Anna", [Role.VOORZITTER]),
        ("Carla de Boer", [Role.INBRENGER]),
    ]
    assert session.case.pupil == "S."
    assert session.preparation == {"waarom-nu": "Sinds de herfst"}


async def test_the_case_owner_gets_a_free_row_when_the_inbrenger_row_is_taken(
    sessions_dir, clock, tmp_path
):
    path = filled_form(tmp_path, "handelingsgericht", "Carla", "")
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        for row, name in enumerate(["Anna", "Bram", "Dirk", "Carla"]):  # Carla as deelnemer
            await fill_name(pilot, row, name)
        await read_form(pilot, path)
        screen = app.screen
        assert screen.query_one("#name-2", Input).value == "Dirk"  # left alone
        assert screen.query_one("#name-4", Input).value == "Carla"
        assert screen.query_one("#role-4", Select).value == "inbrenger"
        carla = [p for p in screen.participants() if p.name == "Carla"]
        assert carla[0].roles == [Role.DEELNEMER, Role.INBRENGER]


async def test_the_generic_form_brings_in_the_help_question(sessions_dir, clock, tmp_path):
    """A protocol without its own form gets the generic one (`intervisie prepare`); its help
    question goes to set-up's help question, and from there into the meeting."""
    path = filled_form(tmp_path, "oplossingsgericht", "Eva", "T.", hulpvraag="Hoe plan ik met T.?")
    app = make_app(sessions_dir, clock, protocol=entry("oplossingsgericht"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await read_form(pilot, path)
        screen = app.screen
        assert screen.query_one("#help-question", TextArea).text == "Hoe plan ik met T.?"
        assert screen.query_one("#name-2", Input).value == "Eva"
        [note] = list(app._notifications)
        assert note.message == f"Ingelezen uit {path}: inbrenger Eva, leerling T., hulpvraag."
        await pilot.press("f5")
        await pilot.pause()
        run_screen(app)
    [session_path] = sessions_dir.glob("*.json")
    session = load_session(session_path)
    assert session.answer("probleeminventarisatie", "hulpvraag") == "Hoe plan ik met T.?"


async def test_an_empty_form_says_nothing_was_read(sessions_dir, clock, tmp_path):
    path = filled_form(tmp_path, "handelingsgericht", "", "")
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await read_form(pilot, path)
        [note] = list(app._notifications)
        assert note.message == (f"Niets ingelezen uit {path}: het formulier is nog niet ingevuld.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # nothing filled in: no question


async def test_the_start_button_starts_too(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("basis-intervisie"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Anna")
        app.screen.query_one("#start").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert phase_title(run_screen(app).app).startswith("Fase 1 van 6")


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


async def test_stopping_the_program_from_a_filled_in_form_asks_first(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Anna")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        shown = await screen_text(pilot)
        assert "Programma stoppen?" in shown
        assert "Wat je bij de voorbereiding hebt ingevuld gaat verloren." in shown
        await pilot.press("escape")
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#name-0", Input).value == "Anna"
        await pilot.press("ctrl+q", "ctrl+q")  # the key that asked, again: yes
        await pilot.pause()
    assert not app.is_running


async def test_stopping_the_program_from_an_empty_form_does_not_ask(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


# -- a theme instead of a pupil (leren van successen) -------------------------------------------


async def test_a_theme_is_asked_for_instead_of_a_pupil(sessions_dir, clock):
    """Teachers and parents learn as equals from what succeeded: no pupil, no help question;
    the theme is kept as the case's help question, so the session file keeps its shape."""
    app = make_app(sessions_dir, clock, protocol=entry("leren-van-successen"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert not screen.query("#pupil") and not screen.query("#pupil-warning")
        form = screen.query_one("#setup-form")
        text = "\n".join(str(w.content) for w in form.query(Static))  # Labels too
        assert "Het thema" in text and "Thema van de bijeenkomst" in text
        assert "Leerling" not in text and "Hulpvraag" not in text and "De casus" not in text
        await pilot.press("f5")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Starten zonder deelnemers en thema?" in await screen_text(pilot)
        assert "geen leerling" not in await screen_text(pilot)
        await pilot.press("n")
        # A theme alone is enough to start without asking, as a pupil is for a case.
        screen.query_one("#help-question", TextArea).focus()
        await type_text(pilot, "Rust bij het opstarten")
        await pilot.press("f5")
        await pilot.pause()
        run_screen(app)
    [path] = sessions_dir.glob("*.json")
    raw = json.loads(path.read_text())
    assert raw["case"] == {"pupil": "", "help_question": "Rust bij het opstarten"}


async def test_a_theme_form_brings_in_its_answers_and_never_a_pupil(
    sessions_dir, clock, tmp_path
):
    form = render_preparation(entry("leren-van-successen").loaded.protocol)
    assert "Leerling" not in form
    form = form.replace("- **Inbrenger:** ", "- **Inbrenger:** Carla")
    form = form.replace("<!-- antwoord: succes -->\n", "<!-- antwoord: succes -->\nDe kring.\n")
    # A pupil's line added by hand has no place to go: a theme asks for none.
    path = tmp_path / "ingevuld.md"
    path.write_text(form + "\n- **Leerling (schuilnaam of initialen):** S.\n", encoding="utf-8")
    app = make_app(sessions_dir, clock, protocol=entry("leren-van-successen"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await read_form(pilot, path)
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert screen.query_one("#name-2", Input).value == "Carla"
        assert screen.query_one("#prep-succes", TextArea).text == "De kring."
        [note] = list(app._notifications)
        assert note.message == f"Ingelezen uit {path}: inbrenger Carla, 1 antwoord."
        assert screen.result().case.pupil == ""


async def test_set_up_says_where_the_chair_takes_no_turn_and_how_to_give_one(sessions_dir, clock):
    """Basismodel: "de deelnemers geven adviezen", the chair leads the advice round; a chair set
    up as 'voorzitter en deelnemer' takes turns, in one row."""
    app = make_app(sessions_dir, clock, protocol=entry("basis-intervisie"))
    async with app.run_test(size=SIZE) as pilot:
        note = text_of(app, "#chair-note")
        assert "'Adviesronde'" in note and "'voorzitter en deelnemer'" in note
        for row, name in enumerate(["Anna", "Bram", "Carla", "Dirk"]):
            await fill_name(pilot, row, name)
        assert "'Adviesronde'" in text_of(app, "#chair-note")
        await choose_role(pilot, 0, CHAIR_AND_PARTICIPANT)
        assert text_of(app, "#chair-note") == ""
        await pilot.press("f5")
        await pilot.pause()
        run_screen(app)
    raw = json.loads(next(sessions_dir.glob("*.json")).read_text())
    assert raw["participants"][0] == {"name": "Anna", "roles": ["voorzitter", "deelnemer"]}


async def test_handelingsgericht_names_both_rounds_in_the_chair_note(sessions_dir, clock):
    """Seed 002 has no chair: a group whose chair asks too is told how, before any round."""
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await fill_name(pilot, 0, "Anneloes")
        assert text_of(app, "#chair-note") == (
            "In 'Collega's stellen verhelderingsvragen' en 'Collega's formuleren de "
            "onderwijsbehoeften' krijgt de voorzitter geen beurt: die leidt de ronde. Doet de "
            "voorzitter ook mee? Kies dan de rol 'voorzitter en deelnemer'."
        )


def key_bar(app) -> list[tuple[str, str]]:
    """The keys the footer shows, in order, without the palette's."""
    return [
        (key.key, key.description)
        for key in app.screen.query("FooterKey")
        if key.key != app.COMMAND_PALETTE_BINDING
    ]


async def test_the_key_bar_keeps_its_order_and_speaks_dutch_wherever_the_focus_is(
    sessions_dir, clock
):
    expected = [
        ("f5", "Start de sessie"),
        ("escape", "Terug"),
        ("f6", "Voorbereiding inlezen"),
    ]
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: key_bar(app) == expected)  # a name field has the focus
        app.screen.query_one("#prep-waarom-nu", TextArea).focus()
        await settle(pilot, lambda: app.focused is app.screen.query_one("#prep-waarom-nu"))
        await pilot.pause()
        assert key_bar(app) == expected
        select = app.screen.query_one("#role-3", Select)
        select.focus()
        await pilot.press("enter")  # the role list opens
        await settle(pilot, lambda: select.expanded)
        await pilot.pause()
        assert key_bar(app) == [expected[0], ("escape", "Lijst sluiten"), expected[2]]
        await pilot.press("escape")  # closes the list, stays on set-up
        assert isinstance(app.screen, SetupScreen) and not select.expanded


async def test_the_pupil_and_the_help_question_start_in_the_same_column(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pupil = app.screen.query_one("#pupil", Input)
        question = app.screen.query_one("#help-question", TextArea)
        assert pupil.content_region.x == question.content_region.x
