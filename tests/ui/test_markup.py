"""Square brackets are text: what people type and what a protocol file says is stored and shown
literally, never interpreted as Textual markup (and never a MarkupError that kills the app)."""

from __future__ import annotations

from pathlib import Path

import tomli_w
from textual.widgets import Collapsible, DataTable, Input, OptionList, Static, TextArea

from intervisie_tui.engine.catalog import CatalogEntry
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.session import Participant, Role
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.dialogs import ConfirmScreen, JumpScreen
from intervisie_tui.ui.screens.end import EndScreen
from intervisie_tui.ui.screens.home import HomeScreen
from intervisie_tui.ui.screens.setup import SetupScreen
from tests.ui.support import (
    entry,
    make_app,
    new_session,
    run_screen,
    save_new,
    screen_text,
    text_of,
    tick,
    type_text,
)

MARKUP = ["[bold]x[/]", "[/]", "[link=http://x]y[/link]", "[red"]
WIDE = (160, 45)


def cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def statics(screen) -> list[str]:
    return [str(s.content) for s in screen.query(Static) if isinstance(s.content, str)]


async def test_markup_typed_into_setup_and_every_run_field(sessions_dir, clock):
    app = make_app(sessions_dir, clock, protocol=entry("oplossingsgericht"))
    async with app.run_test(size=WIDE) as pilot:
        setup = app.screen
        for row, name in enumerate(MARKUP):
            setup.query_one(f"#name-{row}", Input).focus()
            await type_text(pilot, name)
        setup.query_one("#pupil", Input).focus()
        await type_text(pilot, "[red")
        setup.query_one("#help-question", TextArea).focus()
        await type_text(pilot, " ".join(MARKUP))
        for row, name in enumerate(MARKUP):
            assert setup.query_one(f"#name-{row}", Input).value == name
        await pilot.press("f5")
        await pilot.pause()

        screen = run_screen(app)
        runner = screen.runner
        # The help question, typed once at set-up, fills phase 1's field for it, literally.
        prefilled = screen.query_one("#field-hulpvraag").query_one(TextArea).text
        assert prefilled == " ".join(MARKUP)
        assert [p.name for p in runner.session.participants] == MARKUP
        assert runner.session.case.pupil == "[red"
        assert runner.session.case.help_question == " ".join(MARKUP)
        assert text_of(app, "#run-title") == "Oplossingsgerichte intervisie · leerling [red"
        assert "Oplossingsgerichte intervisie · leerling [red" in (await screen_text(pilot))
        await pilot.press("f2")

        # A text field (it started with the help question from set-up: see above).
        text = screen.query_one("#field-hulpvraag").query_one(TextArea)
        text.text = ""
        text.focus()
        await type_text(pilot, " ".join(MARKUP))
        assert text.text == " ".join(MARKUP)
        assert " ".join(MARKUP) in (await screen_text(pilot))
        assert runner.session.answer("probleeminventarisatie", "hulpvraag") == " ".join(MARKUP)

        # A list field: each item a table row, shown as typed.
        await pilot.press("f4")
        await pilot.pause()
        item_input = screen.query_one("#field-wat-werkt-al").query_one(Input)
        item_input.focus()
        for item in MARKUP:
            await type_text(pilot, item)
            await pilot.press("enter")
        items = screen.query_one("#field-wat-werkt-al").query_one(DataTable)
        assert cells(items) == [[f"{n}. {item}"] for n, item in enumerate(MARKUP, 1)]
        shown = await screen_text(pilot)
        for n, item in enumerate(MARKUP, 1):
            assert f"{n}. {item}" in shown
        assert runner.session.answer("appreciating", "wat-werkt-al") == MARKUP

        # The last phase: agreements (four inputs) and a date field that refuses markup.
        await pilot.press("f5")
        options = app.screen.query_one(OptionList)
        while options.highlighted != 5:
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert runner.current_index == 5
        for selector, value in [
            ("#agreement-what", "[bold]x[/] en [/]"),
            ("#agreement-who", "[link=http://x]y[/link]"),
            ("#agreement-when", "[red"),
            ("#agreement-date", "[/]"),
        ]:
            screen.query_one(selector, Input).focus()
            await type_text(pilot, value)
        # The evaluation date refuses markup, and says so with the text as typed.
        await pilot.press("enter")
        form = screen.query_one("#field-afspraken")
        error = str(form.query_one(".field-error", Static).content)
        assert error == "geen datum: '[/]' (schrijf dd-mm-jjjj)"
        assert "geen datum: '[/]'" in await screen_text(pilot)
        agreements = form.query_one(DataTable)
        assert agreements.row_count == 0
        await pilot.press("ctrl+u", "enter")  # without a date, then
        agreements.scroll_visible(animate=False)
        # The fields stand beside the room's part at 160 columns: one agreement, two lines.
        assert cells(agreements) == [
            ["1. [bold]x[/] en [/]\nwie: [link=http://x]y[/link] · wanneer: [red · evaluatie: —"]
        ]
        await pilot.pause()
        shown = await screen_text(pilot)
        for value in ["[bold]x[/] en [/]", "[link=http://x]y[/link]", "[red"]:
            assert value in shown
        feedback = screen.query_one("#field-feedback").query_one(Input)
        feedback.focus()
        await type_text(pilot, "[bold]x[/]")
        await pilot.press("enter")
        await tick(pilot, clock, 10)

        # Finish: the overview shows it all literally too.
        await pilot.press("f4", "f4")
        await pilot.pause()
        end = app.screen
        assert isinstance(end, EndScreen)
        assert cells(end.query_one("#end-agreements", DataTable)) == [
            ["[bold]x[/] en [/]", "[link=http://x]y[/link]", "[red", "—"]
        ]
        yielded = text_of(app, "#end-yield")
        assert "[bold]x[/]" in yielded
        end.query_one("#evaluation-date", Input).focus()
        await type_text(pilot, "[link=http://x]y[/link]")
        await pilot.press("enter")
        assert text_of(app, "#evaluation-prompt") == (
            "geen datum: '[link=http://x]y[/link]' (schrijf dd-mm-jjjj)"
        )
        assert "Afgerond — Oplossingsgerichte intervisie · leerling [red" in (
            await screen_text(pilot)
        )
        path = app.session_file.path

    saved = load_session(path)
    assert [p.name for p in saved.participants] == MARKUP
    assert saved.answer("appreciating", "wat-werkt-al") == MARKUP
    assert saved.agreements[0].what == "[bold]x[/] en [/]"


async def test_markup_typed_into_a_tally(sessions_dir, clock):
    path = save_new(sessions_dir, new_session("leren-van-successen", clock, pupil="[/]"))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=WIDE) as pilot:
        screen = run_screen(app)
        await pilot.press("f2", "f4")
        await pilot.pause()
        tally = screen.query_one("#field-succes-op-school")
        tally.query_one(Input).focus()
        for keyword in [*MARKUP, "[red"]:  # the second "[red" counts up
            await type_text(pilot, keyword)
            await pilot.press("enter")
        assert cells(tally.query_one(DataTable)) == [
            ["[bold]x[/]", "1"],
            ["[/]", "1"],
            ["[link=http://x]y[/link]", "1"],
            ["[red", "2"],
        ]
        shown = await screen_text(pilot)
        for keyword in MARKUP:
            assert keyword in shown
        assert "leerling [/]" in shown
        answer = screen.runner.session.answer("inventarisatie", "succes-op-school")
        assert [(item.keyword, item.count) for item in answer] == [
            ("[bold]x[/]", 1),
            ("[/]", 1),
            ("[link=http://x]y[/link]", 1),
            ("[red", 2),
        ]


async def test_export_notice_shows_the_path_literally(sessions_dir, clock, tmp_path, monkeypatch):
    """A folder such as "USB [backup]" must read as written in the notice, and a path
    containing "[/]" must not crash the app with a MarkupError."""
    path = save_new(sessions_dir, new_session("handelingsgericht", clock))
    app = make_app(sessions_dir, clock, path=path)
    monkeypatch.chdir(tmp_path)  # short relative paths: the notice fits on one line
    Path("USB [backup]").mkdir()
    Path("x[", "]").mkdir(parents=True)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        for target in ["USB [backup]/kopie.json", "x[/]/kopie.json"]:
            await pilot.press("ctrl+s")
            await pilot.press("shift+tab", "shift+tab")  # from "Annuleren" to the path
            await pilot.press("ctrl+u")  # away with the suggested place
            await type_text(pilot, target)
            await pilot.press("enter")
            await pilot.pause()
            assert (tmp_path / target).exists()
            assert f"Kopie bewaard in {target}" in (await screen_text(pilot))


# -- protocol text with markup ---------------------------------------------------------------

PROTOCOL = {
    "schema_version": 1,
    "id": "opmaak",
    "title": "[bold]Opmaak[/] [red",
    "description": "Beschrijving [/] met [link=http://x]link[/link]",
    "source": "[i]bron",
    "order": "flexible",
    "timekeeper_note": "[b]tijd[/b]",
    "group_size": {"min": 2, "max": 4, "advice": "[/] advies"},
    "rules": ["[red]regel[/red]"],
    "preparation": {
        "title": "[bold]Voorbereiden[/]",
        "instruction": "[/] instructie",
        "questions": [{"id": "vraag", "text": "[link=http://x]vraag?[/link]"}],
    },
    "phases": [
        {
            "id": "een",
            "title": "[bold]Eerste[/] fase",
            "minutes": 5,
            "who": "[red]iedereen",
            "instruction": "Doe [/] dit",
            "questions": ["[b]Vraag een[/b]?"],
            "rules": ["[/]Geen ja-maar"],
            "help": [{"title": "[i]Hulp[/i]", "text": "[red]tekst", "items": ["[/]item"]}],
            "fields": [
                {"id": "tekst", "label": "[bold]Label[/]", "type": "text", "help": "[red"},
                {"id": "lijst", "label": "[/] lijst", "type": "list"},
            ],
        },
        {"id": "twee", "title": "[link=http://x]Tweede[/link]", "minutes": 5, "who": "[/]"},
    ],
}


def markup_protocol(tmp_path: Path) -> CatalogEntry:
    folder = tmp_path / "protocollen"
    folder.mkdir()
    path = folder / "opmaak.toml"
    path.write_text(tomli_w.dumps(PROTOCOL), encoding="utf-8")
    return CatalogEntry(load_protocol(path), "bestand")


async def test_protocol_markup_is_literal_on_home(sessions_dir, clock, tmp_path):
    chosen = markup_protocol(tmp_path)
    app = make_app(sessions_dir, clock, protocols_dir=chosen.loaded.path.parent)
    async with app.run_test(size=WIDE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#protocol-list", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        index = prompts.index("[bold]Opmaak[/] [red\n2 fasen · 10 min")
        options.highlighted = index
        await pilot.pause()
        details = str(app.screen.query_one("#protocol-details", Static).content)
        assert details.startswith("[bold]Opmaak[/] [red\n\nBeschrijving [/] met [link=http://x]")
        assert "  1. [bold]Eerste[/] fase (5 min)" in details
        shown = await screen_text(pilot)
        assert "[bold]Opmaak[/] [red" in shown
        assert "1. [bold]Eerste[/] fase (5 min)" in shown
        assert "Bron: [i]bron" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "Voorbereiding — [bold]Opmaak[/] [red" in (await screen_text(pilot))


async def test_protocol_markup_is_literal_in_setup_run_and_end(sessions_dir, clock, tmp_path):
    chosen = markup_protocol(tmp_path)
    app = make_app(sessions_dir, clock, protocol=chosen)
    async with app.run_test(size=WIDE) as pilot:
        shown = await screen_text(pilot)
        for text in ["Voorbereiding — [bold]Opmaak[/] [red", "[/] advies", "[bold]Voorbereiden[/]"]:
            assert text in shown
        setup_text = statics(app.screen)
        for text in ["[/] instructie", "[link=http://x]vraag?[/link]"]:
            assert text in setup_text
        # A flexible protocol shows its timekeeper note too (issue 10), literally.
        assert "[b]tijd[/b]" in setup_text
        await type_text(pilot, "Anna")
        await pilot.press("f5")
        await pilot.pause()

        screen = run_screen(app)
        expected = [
            "[bold]Opmaak[/] [red · leerling",  # title (no pupil: the line ends here)
            "Fase 1 van 2 · [bold]Eerste[/] fase",
            "Aan het woord: [red]iedereen",
            "Doe [/] dit",
            "• [b]Vraag een[/b]?",
            "! [/]Geen ja-maar",
            "[bold]Label[/]",
            "[/] lijst",
            "○ 05:00 1. [bold]Eerste[/] fase",  # not started: no current phase yet
            "○ 05:00 2. [link=http://x]Tweede[/link]",
            "[i]Hulp[/i]",
            "Gespreksregels",
        ]
        shown = await screen_text(pilot)
        for text in expected[1:]:
            assert text in shown, text
        assert text_of(app, "#run-title") == "[bold]Opmaak[/] [red"
        assert "[red" in statics(screen)  # the field help

        # Help panels and the protocol rules open to literal text.
        for collapsible in screen.query(Collapsible):
            collapsible.collapsed = False
        await pilot.pause()
        body = "\n".join(statics(screen))
        assert "[red]tekst\n• [/]item" in body
        assert "• [red]regel[/red]" in body

        # The phase picker names phases literally.
        await pilot.press("f2", "f5")
        assert isinstance(app.screen, JumpScreen)
        assert "2. [link=http://x]Tweede[/link]  (05:00)" in (await screen_text(pilot))
        await pilot.press("escape")
        await tick(pilot, clock, 30)

        # Finish from the command palette with phase 2 never visited: named literally.
        await pilot.press("ctrl+p")
        await type_text(pilot, "afronden")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one(".dialog-detail", Static).content)
        assert detail == "Nog niet besproken: [link=http://x]Tweede[/link]. Dit wordt vastgelegd."
        assert "Nog niet besproken: [link=http://x]Tweede[/link]." in (await screen_text(pilot))
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        shown = await screen_text(pilot)
        assert "Afgerond — [bold]Opmaak[/] [red" in shown
        assert "1. [bold]Eerste[/] fase" in shown
        assert "2. [link=http://x]Tweede[/link]" in shown
        assert "Niet besproken: [link=http://x]Tweede[/link]" in shown
        assert "Wat de bijeenkomst opleverde" in shown
    assert load_session(app_path(sessions_dir)).uncovered_at_finish == ["twee"]


def app_path(sessions_dir: Path) -> Path:
    [path] = sessions_dir.glob("*.json")
    return path


async def test_protocol_markup_is_literal_in_a_later_phase(sessions_dir, clock, tmp_path):
    chosen = markup_protocol(tmp_path)
    path = save_new(sessions_dir, new_session(chosen, clock))
    app = make_app(sessions_dir, clock, path=path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f2", "f4")
        await pilot.pause()
        shown = await screen_text(pilot)
        assert "Fase 2 van 2 · [link=http://x]Tweede[/link]" in shown
        assert "Aan het woord: [/]" in shown
        assert "✓ 00:00/05:00 1. [bold]Eerste[/] fase" in shown
        # End of the round: the yield of the last phase, which records nothing.
        await pilot.press("f4", "f4")
        await pilot.pause()
        assert text_of(app, "#end-yield") == "—"


def round_protocol(tmp_path: Path) -> CatalogEntry:
    """The markup protocol with role words in ``who`` and its second phase a round."""
    first, second = (dict(phase) for phase in PROTOCOL["phases"])  # type: ignore[call-overload]
    first["who"] = "[bold]x[/] inbrenger"
    second.update(who="[red]de collega's[/]", round=True)
    folder = tmp_path / "ronde"
    folder.mkdir()
    path = folder / "ronde.toml"
    path.write_text(tomli_w.dumps({**PROTOCOL, "phases": [first, second]}), encoding="utf-8")
    return CatalogEntry(load_protocol(path), "bestand")


async def test_markup_in_who_names_and_turns_is_literal_in_the_header(
    sessions_dir, clock, tmp_path
):
    """A ``who`` with markup, names with markup, and a round's speakers by those names: the
    header shows every bracket as written."""
    session = new_session(round_protocol(tmp_path), clock)
    session.participants = [
        Participant(name="[/]", roles=[Role.INBRENGER]),
        Participant(name="[link=http://x]y[/link]", roles=[Role.TIJDBEWAKER]),
        Participant(name="[bold]Bea[/]", roles=[Role.DEELNEMER]),
    ]
    app = make_app(sessions_dir, clock, path=save_new(sessions_dir, session))
    async with app.run_test(size=WIDE) as pilot:
        assert text_of(app, "#header-who") == "Aan het woord: [bold]x[/] [/] (inbrenger)"
        assert "Aan het woord: [bold]x[/] [/] (inbrenger)" in await screen_text(pilot)

        await pilot.press("f2", "f4")
        await pilot.pause()
        who = "Aan het woord: [red][link=http://x]y[/link], [bold]Bea[/][/]"
        turn = "Beurt 1 van 2: [link=http://x]y[/link] · daarna: [bold]Bea[/]"
        assert text_of(app, "#header-who") == who
        assert text_of(app, "#header-turn").startswith(turn + " · richttijd")
        shown = await screen_text(pilot)
        assert who in shown
        assert turn in shown

        await pilot.press("ctrl+t")  # the next speaker
        last = "Beurt 2 van 2: [bold]Bea[/] · laatste beurt"
        assert text_of(app, "#header-turn").startswith(last)
        assert last in await screen_text(pilot)
    speakers = [e.speaker for e in load_session(app_path(sessions_dir)).events if e.speaker]
    assert speakers == ["[link=http://x]y[/link]", "[bold]Bea[/]"]


async def test_setup_notices_show_a_typed_path_literally(
    sessions_dir, clock, tmp_path, monkeypatch
):
    """Reading the preparation from a file that is not there names the file as typed."""
    monkeypatch.chdir(tmp_path)
    app = make_app(sessions_dir, clock, protocol=entry("handelingsgericht"))
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        for typed in ["[b]x.md", "x[/]y.md"]:
            await pilot.press("f6")
            await type_text(pilot, typed)
            await pilot.press("enter")
            assert isinstance(app.screen, SetupScreen)
            assert f"Kan {typed} niet lezen" in await screen_text(pilot)
