"""Protocol aanpassen: evidence beside the phases, every edit checked, saved to the own folder."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select, Static, TextArea

from intervisie_tui import cli
from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.protocol_writer import document
from intervisie_tui.engine.store import load_session
from intervisie_tui.ui.screens.adapt import AdaptScreen
from intervisie_tui.ui.screens.dialogs import ConfirmScreen
from intervisie_tui.ui.screens.home import HomeScreen
from tests.builders import BUILTIN_PROTOCOLS
from tests.meetings import run_meeting, save
from tests.ui.support import SIZE, START, entry, make_app, settle, type_text

WIDE = (160, 45)
SHIPPED = sorted(p.stem for p in BUILTIN_PROTOCOLS.glob("*.toml"))
# Handelingsgericht plans 5/10/2/10/5/5/2; phase 2 took 13 minutes in 7 of 9 meetings.
HELD = [[5, 13 if day < 7 else 9, 2, 10, 5, 5, 2] for day in range(9)]


def held_meetings(sessions_dir: Path, protocol_id: str = "handelingsgericht") -> list[Path]:
    protocol = entry(protocol_id).loaded.protocol
    return [
        save(sessions_dir, run_meeting(protocol, start=START - timedelta(days=30 - d), minutes=m))
        for d, m in enumerate(HELD)
    ]


def adapt_app(sessions_dir: Path, clock: FakeClock, protocols_dir: Path, entry_id: str):  # type: ignore[no-untyped-def]
    """Home, with the adapt screen for ``entry_id`` pushed once the app runs."""
    app = make_app(sessions_dir, clock)
    chosen = load_catalog(protocols_dir).get(entry_id) or entry(entry_id)

    async def open_screen(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.push_screen(AdaptScreen(chosen, protocols_dir))
        await pilot.pause()
        await settle(pilot, lambda: bool(prompts(app)))

    return app, open_screen


def screen(app) -> AdaptScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, AdaptScreen), app.screen
    return app.screen


def prompts(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one("#adapt-phases", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def check_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#adapt-check", Static).content)


async def choose(pilot, option: int) -> None:  # type: ignore[no-untyped-def]
    """Highlight list entry ``option`` (0: the protocol, n: phase n) and focus the list."""
    options = pilot.app.screen.query_one("#adapt-phases", OptionList)
    options.focus()
    options.highlighted = option
    await pilot.pause()


async def replace_text(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Empty a field and type ``text`` into it, key by key, as a coordinator would."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    if isinstance(widget, Input):
        widget.value = ""
    else:
        widget.text = ""
    await pilot.pause()
    for number, line in enumerate(text.split("\n")):
        if number:
            await pilot.press("enter")
        await type_text(pilot, line)


# -- what the screen shows ---------------------------------------------------------------------


async def test_phases_in_order_with_minutes_who_counts_and_evidence(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    held_meetings(sessions_dir)
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path / "protocols", "handelingsgericht")
    async with app.run_test(size=WIDE) as pilot:
        await open_screen(pilot)
        shown = prompts(app)
        protocol = entry("handelingsgericht").loaded.protocol
        assert len(shown) == 1 + len(protocol.phases)
        assert shown[0].startswith("Protocol: Handelingsgerichte intervisie\n")
        assert "7 fasen · 39 min · volgorde strikt" in shown[0]
        for number, (text, phase) in enumerate(zip(shown[1:], protocol.phases, strict=True), 1):
            assert text.startswith(f"{number}. {phase.title}\n")
        assert "10 min · collega's · 9 vragen" in shown[2]
        assert shown[2].endswith("→ liep in 7 van 9 sessies uit, mediaan 13 min: 13 minuten? F3")
        assert shown[1].endswith("mediaan 5 min, liep 0 van 9 keer uit")
        assert check_text(app).startswith("✓ ")


async def test_without_meetings_each_phase_says_so(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "oplossingsgericht")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        assert all(p.endswith("nog geen afgeronde sessies") for p in prompts(app)[1:])
        await pilot.press("f3")
        assert screen(app).draft.dirty is False


# -- evidence and proposals ------------------------------------------------------------------------


async def test_f3_accepts_the_proposal_and_it_is_saved(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    held_meetings(sessions_dir)
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, "handelingsgericht")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(pilot)
        await choose(pilot, 2)
        await pilot.press("f3")
        assert screen(app).draft.phases[1]["minutes"] == 13
        assert app.screen.query_one("#f-minutes", Input).value == "13"
        assert prompts(app)[2].endswith("mediaan 13 min, liep 7 van 9 keer uit")
        assert "7 fasen, 42 minuten" in check_text(app)
        await pilot.press("f2")
        await pilot.pause()
        [*_, note] = list(app._notifications)
        assert note.message == (
            f"Bewaard in {folder / 'handelingsgericht.toml'}; deze versie gaat voortaan voor "
            "het ingebouwde protocol in de plaats"
        )
    saved = load_protocol(folder / "handelingsgericht.toml").protocol
    assert [p.minutes for p in saved.phases] == [5, 13, 2, 10, 5, 5, 2]
    # 13 is no longer the seed's figure: that phase's minutes are ours now, the others not.
    assert [saved.proposed_minutes(p) for p in saved.phases] == [False, True, *[False] * 5]


# -- edits ---------------------------------------------------------------------------------------


async def test_a_phase_edit_survives_save_and_load(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, "basis-intervisie")
    async with app.run_test(size=WIDE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 1)
        await replace_text(pilot, "#f-title", "Kort rondje")
        await replace_text(pilot, "#f-minutes", "7,5")
        await replace_text(pilot, "#f-who", "iedereen")
        await replace_text(pilot, "#f-instruction", "Zeg in een zin hoe het gaat.")
        await replace_text(pilot, "#f-questions", "Hoe gaat het?\n\nWat wil je kwijt?")
        await replace_text(pilot, "#f-rules", "Niet onderbreken")
        assert prompts(app)[1].startswith(
            "1. Kort rondje\n7,5 min, eigen voorstel · iedereen · 2 vragen"
        )
        await pilot.press("f2")
        await pilot.pause()
    original = entry("basis-intervisie").loaded.protocol
    saved = load_protocol(folder / "basis-intervisie.toml").protocol
    first = saved.phases[0]
    assert (first.title, first.minutes, first.who) == ("Kort rondje", 7.5, "iedereen")
    assert first.instruction == "Zeg in een zin hoe het gaat."
    assert first.questions == ["Hoe gaat het?", "Wat wil je kwijt?"]
    assert first.rules == ["Niet onderbreken"]
    assert first.fields == original.phases[0].fields
    assert saved.phases[1:] == original.phases[1:]


async def test_changed_minutes_become_our_own_proposal_and_say_so(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, "handelingsgericht")
    async with app.run_test(size=WIDE) as pilot:
        await open_screen(pilot)
        assert not any("eigen voorstel" in p for p in prompts(app))  # the seed's minutes
        await choose(pilot, 2)
        await replace_text(pilot, "#f-minutes", "12")
        assert prompts(app)[2].startswith(
            "2. Collega's stellen verhelderingsvragen\n12 min, eigen voorstel · "
        )
        assert screen(app).draft.phases[1]["minutes_source"] == "proposal"
        # Typed back to the seed's figure, it is the seed's again: nothing changed.
        await replace_text(pilot, "#f-minutes", "10")
        assert "minutes_source" not in screen(app).draft.phases[1]
        assert not screen(app).draft.dirty
        await replace_text(pilot, "#f-minutes", "8")
        await pilot.press("f4")  # a new phase: its minutes are nobody's source either
        assert prompts(app)[3].startswith("3. Nieuwe fase\n5 min, eigen voorstel · ")
        await pilot.press("f2")
        await pilot.pause()
    saved = load_protocol(folder / "handelingsgericht.toml").protocol
    assert [saved.proposed_minutes(p) for p in saved.phases] == [False, True, True, *[False] * 5]


async def test_in_a_protocol_of_proposed_minutes_a_change_adds_no_key(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """Basismodel's minutes are all ours already: the protocol says so once, for every phase."""
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "basis-intervisie")
    async with app.run_test(size=WIDE) as pilot:
        await open_screen(pilot)
        assert all(", eigen voorstel · " in p for p in prompts(app)[1:])
        await choose(pilot, 1)
        await replace_text(pilot, "#f-minutes", "7")
        assert "minutes_source" not in screen(app).draft.phases[0]
        assert prompts(app)[1].startswith("1. Introductie\n7 min, eigen voorstel · ")


async def test_add_duplicate_move_and_remove_phases(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "leren-van-successen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        ids = [p.id for p in entry("leren-van-successen").loaded.protocol.phases]
        draft = screen(app).draft

        def current() -> list[str]:
            return [p["id"] for p in draft.phases]

        await choose(pilot, 1)
        await pilot.press("f5")  # duplicate phase 1, the copy is highlighted
        assert current() == [ids[0], f"{ids[0]}-kopie", *ids[1:]]
        await pilot.press("f7", "f7")  # the copy moves down twice
        assert current() == [ids[0], ids[1], ids[2], f"{ids[0]}-kopie", *ids[3:]]
        await pilot.press("f6")
        assert current()[2] == f"{ids[0]}-kopie"
        await pilot.press("f4")  # a new phase after the highlighted one
        assert current()[3] == f"fase-{len(ids) + 2}"
        assert app.screen.query_one("#f-title", Input).value == "Nieuwe fase"
        await pilot.press("f8")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("f8")
        await settle(pilot, lambda: isinstance(app.screen, AdaptScreen))
        assert current() == [ids[0], ids[1], f"{ids[0]}-kopie", *ids[2:]]
        assert len(prompts(app)) == len(current()) + 1
        assert check_text(app).startswith("✓ ")


async def test_moves_and_removal_need_a_phase(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "basis-intervisie")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 0)
        before = [dict(p) for p in screen(app).draft.phases]
        await pilot.press("f5", "f6", "f7", "f8", "f3")
        assert isinstance(app.screen, AdaptScreen)
        assert screen(app).draft.phases == before


async def test_protocol_settings_order_warning_and_group_size(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, "handelingsgericht")
    async with app.run_test(size=WIDE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 0)
        app.screen.query_one("#p-order", Select).value = "flexible"
        await replace_text(pilot, "#p-warning", "2")
        await replace_text(pilot, "#p-group-min", "3")
        await replace_text(pilot, "#p-group-max", "6")
        await replace_text(pilot, "#p-id", "hg-team")
        await replace_text(pilot, "#p-title", "Handelingsgericht voor het team")
        assert "volgorde vrij · groep 3–6" in prompts(app)[0]
        await pilot.press("f2")
        await pilot.pause()
    saved = load_protocol(folder / "hg-team.toml").protocol
    assert (saved.id, saved.title, saved.order.value) == (
        "hg-team",
        "Handelingsgericht voor het team",
        "flexible",
    )
    assert saved.warning_minutes == 2
    assert (saved.group_size.min, saved.group_size.max) == (3, 6)


# -- checking ------------------------------------------------------------------------------------


async def test_every_change_is_checked_with_the_lines_of_intervisie_validate(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, "handelingsgericht")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(pilot)
        await choose(pilot, 3)
        await replace_text(pilot, "#f-minutes", "twaalf")
        await replace_text(pilot, "#f-title", "")
        checked = screen(app).checked
        assert checked is not None and not checked.ok
        shown = check_text(app).splitlines()
        assert shown[0] == "✗ 2 problemen; F2 bewaart pas als alles klopt"
        assert prompts(app)[3].startswith("⚠ 3. ")
        assert not prompts(app)[2].startswith("⚠")
        await pilot.press("f2")
        await pilot.pause()
        assert not folder.exists()
        [note] = list(app._notifications)
        assert note.message.startswith("Niet bewaard")
        adapted = screen(app)
    # The same text in the file saving would write, checked on the command line: same lines.
    path = folder / "handelingsgericht.toml"
    folder.mkdir()
    path.write_text(
        document(adapted.draft.data, adapted_from=adapted.adapted_from, when=clock.now()),
        encoding="utf-8",
    )
    assert cli.main(["validate", str(path)]) == 2
    assert shown[1:] == capsys.readouterr().err.splitlines()
    assert shown[1].endswith("phases[3].title: ontbreekt")
    assert shown[2].endswith("phases[3].minutes: moet een getal zijn")


async def test_an_id_that_cannot_be_a_file_name_is_checked_under_the_old_name(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "basis-intervisie")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 0)
        await replace_text(pilot, "#p-id", "../Mijn Protocol")
        [_heading, problem] = check_text(app).splitlines()
        assert problem.startswith(f"{tmp_path / 'basis-intervisie.toml'}:")
        assert problem.endswith("id: alleen a-z, 0-9, - en _ (begin met letter of cijfer)")
        assert prompts(app)[0].startswith("⚠ Protocol: ")


async def test_typed_text_never_acts_as_a_command(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, "oplossingsgericht")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 1)
        typed = "jn q?+- f2 s"
        await replace_text(pilot, "#f-who", typed)
        await replace_text(pilot, "#f-questions", typed)
        assert isinstance(app.screen, AdaptScreen)
        assert app.screen.query_one("#f-who", Input).value == typed
        assert app.screen.query_one("#f-questions", TextArea).text == typed
        phases = entry("oplossingsgericht").loaded.protocol.phases
        assert len(screen(app).draft.phases) == len(phases)
        assert not folder.exists()


async def test_tab_goes_from_the_list_through_the_fields_only(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "basis-intervisie")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 1)
        chain = []
        for _ in range(8):
            await pilot.press("tab")
            chain.append(app.focused.id if app.focused is not None else None)
        assert chain == [
            "f-title",
            "f-minutes",
            "f-who",
            "f-instruction",
            "f-questions",
            "f-rules",
            "adapt-phases",
            "f-title",
        ]


# -- saving --------------------------------------------------------------------------------------


@pytest.mark.parametrize("protocol_id", SHIPPED)
async def test_every_shipped_protocol_survives_a_save_unchanged(
    protocol_id: str, sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, protocol_id)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        for option in range(len(prompts(app))):  # visiting every form changes nothing
            await choose(pilot, option)
        assert not screen(app).draft.dirty
        await pilot.press("f2")
        await pilot.pause()
    path = folder / f"{protocol_id}.toml"
    assert load_protocol(path).protocol == entry(protocol_id).loaded.protocol
    assert path.read_text(encoding="utf-8").splitlines()[:2] == [
        "#:schema ./protocol.schema.json",
        "# Aangepast met intervisie-tui op 23-11-2026 om 15:30, uit "
        f"{protocol_id}.toml (ingebouwd, sha256 {entry(protocol_id).loaded.sha256[:12]}).",
    ]
    assert (folder / "protocol.schema.json").is_file()


async def test_saving_over_an_own_file_asks_and_keeps_the_previous_version(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "protocols"
    folder.mkdir()
    original = (BUILTIN_PROTOCOLS / "handelingsgericht.toml").read_text(encoding="utf-8")
    path = folder / "handelingsgericht.toml"
    path.write_text(original, encoding="utf-8")
    app, open_screen = adapt_app(sessions_dir, clock, folder, "handelingsgericht")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await open_screen(pilot)
        assert screen(app).entry.loaded.path == path
        await choose(pilot, 1)
        await replace_text(pilot, "#f-minutes", "6")
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        detail = str(app.screen.query_one(".dialog-detail", Static).content)
        assert "41 eigen opmerkingen (#, vanaf regel 1)" in detail
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, AdaptScreen))
        assert path.read_text(encoding="utf-8") == original
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, AdaptScreen))
        backup = folder / "handelingsgericht.toml.bak-20261123-153000"
        assert backup.read_text(encoding="utf-8") == original
        assert load_protocol(path).protocol.phases[0].minutes == 6
        # A second save of the file just written asks nothing and keeps no second copy.
        await replace_text(pilot, "#f-minutes", "7")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AdaptScreen)
        assert load_protocol(path).protocol.phases[0].minutes == 7
        assert sorted(p.name for p in folder.iterdir()) == [
            "handelingsgericht.toml",
            backup.name,
            "protocol.schema.json",
        ]
        assert not screen(app).draft.dirty


async def test_the_built_in_folder_is_never_written(sessions_dir: Path, clock: FakeClock) -> None:
    before = {p: p.read_bytes() for p in BUILTIN_PROTOCOLS.iterdir()}
    app, open_screen = adapt_app(sessions_dir, clock, BUILTIN_PROTOCOLS, "handelingsgericht")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_screen(pilot)
        await choose(pilot, 1)
        await replace_text(pilot, "#f-minutes", "6")
        await pilot.press("f2")
        await pilot.pause()
        [note] = list(app._notifications)
        assert "ingebouwde protocollen" in note.message and note.severity == "error"
    assert {p: p.read_bytes() for p in BUILTIN_PROTOCOLS.iterdir()} == before


async def test_adapting_never_changes_a_past_session(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    paths = held_meetings(sessions_dir)
    before = {p: p.read_bytes() for p in paths}
    folder = tmp_path / "protocols"
    app, open_screen = adapt_app(sessions_dir, clock, folder, "handelingsgericht")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 2)
        await pilot.press("f3", "f2")
        await pilot.pause()
    assert {p: p.read_bytes() for p in paths} == before
    session = load_session(paths[0])
    assert session.protocol == entry("handelingsgericht").loaded.protocol
    assert session.protocol_sha256 != load_protocol(folder / "handelingsgericht.toml").sha256


# -- leaving ---------------------------------------------------------------------------------------


async def test_escape_without_changes_goes_straight_back(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "basis-intervisie")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_escape_with_unsaved_changes_asks_first(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "basis-intervisie")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        await choose(pilot, 1)
        await replace_text(pilot, "#f-minutes", "9")
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # the safe answer has the focus
        await settle(pilot, lambda: isinstance(app.screen, AdaptScreen))
        assert screen(app).draft.phases[0]["minutes"] == 9
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("tab", "enter")
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert list(tmp_path.glob("*.toml")) == []


async def test_stopping_the_program_knows_what_would_go(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app, open_screen = adapt_app(sessions_dir, clock, tmp_path, "basis-intervisie")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot)
        assert screen(app).unsaved_input() is None
        await choose(pilot, 1)
        await replace_text(pilot, "#f-minutes", "9")
        assert "nog niet bewaard" in screen(app).unsaved_input()


async def test_opened_on_its_own_leaving_ends_the_program(
    sessions_dir: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """``intervisie adapt PROTOCOL`` opens this screen with nothing below it."""
    app = make_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.switch_screen(AdaptScreen(entry("basis-intervisie"), tmp_path))
        await pilot.pause()
        await settle(pilot, lambda: bool(prompts(app)))
        await pilot.press("escape")
        await settle(pilot, lambda: not app.is_running)


# -- snapshots -----------------------------------------------------------------------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_with_a_proposal(
    snap_compare, sessions_dir: Path, clock: FakeClock, tmp_path: Path, monkeypatch, size
) -> None:
    held_meetings(sessions_dir)
    monkeypatch.chdir(tmp_path)
    app, open_screen = adapt_app(sessions_dir, clock, Path("protocols"), "handelingsgericht")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_screen(pilot)
        await choose(pilot, 2)

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_with_problems(
    snap_compare, sessions_dir: Path, clock: FakeClock, tmp_path: Path, monkeypatch, size
) -> None:
    monkeypatch.chdir(tmp_path)
    app, open_screen = adapt_app(sessions_dir, clock, Path("protocols"), "oplossingsgericht")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_screen(pilot)
        await choose(pilot, 0)
        await replace_text(pilot, "#p-warning", "0")
        await choose(pilot, 1)
        await replace_text(pilot, "#f-minutes", "veel")
        await choose(pilot, 1)

    assert snap_compare(app, run_before=run_before, terminal_size=size)
