"""The room's widgets on their own: the clock band, the phase header and the phase guide, as the
meeting window and the beamer both compose them."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Collapsible, Static

import intervisie_tui.ui as ui_package
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Participant, Role, Session
from intervisie_tui.ui.screens.run import RunScreen
from intervisie_tui.ui.widgets import bigfont
from intervisie_tui.ui.widgets.bigclock import BigClock
from intervisie_tui.ui.widgets.clock import state_line
from intervisie_tui.ui.widgets.room import (
    ClockBand,
    Meter,
    PhaseGuide,
    PhaseHeader,
    band_state,
    framed,
    go_round_words,
    meeting_title,
)
from tests.builders import make_protocol, make_session, phase_dict
from tests.meetings import INJECTION
from tests.ui.support import (
    PARTICIPANTS,
    entry,
    make_app,
    new_session,
    resize,
    run_screen,
    save_new,
    screen_text,
    settle,
)

UI = Path(ui_package.__file__).parent


class Harness(App[None]):
    """The widgets under test with the product's stylesheets, and nothing else."""

    CSS_PATH = [UI / "app.tcss", UI / "widgets/bigclock.tcss", UI / "widgets/room.tcss"]

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self.widgets = widgets

    def compose(self) -> ComposeResult:
        yield from self.widgets


def meeting(clock: FakeClock, protocol_id: str = "handelingsgericht") -> SessionRunner:
    session = new_session(protocol_id, clock)
    session.participants = [*PARTICIPANTS, Participant(name="Daan", roles=[Role.DEELNEMER])]
    return SessionRunner(session, clock)


def glyph_columns(text: str, width: int, height: int) -> list[int]:
    """Columns of the drawn clock in which any row has ink."""
    lines = bigfont.render(text, width, height).lines
    return [x for x in range(width) if any(line[x] != " " for line in lines)]


# -- the digits ------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(76, 8), (96, 11), (156, 19), (60, 14)])
def test_the_digits_stay_in_place_when_the_sign_appears(width: int, height: int) -> None:
    before = glyph_columns(framed("00:01", width, height), width, height)
    after = glyph_columns(framed("+00:01", width, height), width, height)
    # The same cells for "00:01"; the sign only adds ink to their left.
    assert after[-len(before) :] == before or set(before) <= set(after)
    assert min(after) < min(before)
    assert max(after) == max(before)


def test_the_digits_are_centred_where_that_costs_no_size() -> None:
    # 156 columns at 17 rows: room for a blank on both sides.
    text = framed("06:50", 156, 17)
    assert text == " 06:50 "
    columns = glyph_columns(text, 156, 17)
    assert abs(min(columns) - (155 - max(columns))) <= 1
    # Two rows more: a second blank would cost glyph size, so the digits keep the size.
    assert framed("06:50", 156, 19) == " 06:50"
    assert bigfont.fit(" 06:50", 156, 19) != bigfont.fit(" 06:50 ", 156, 19)


@pytest.mark.parametrize(
    ("band_rows", "band_width", "least_glyph_rows"),
    [(14, 100, 11), (16, 110, 13), (11, 76, 8), (8, 76, 5)],
)
async def test_the_clock_takes_all_but_three_rows_of_the_band(
    band_rows: int, band_width: int, least_glyph_rows: int
) -> None:
    """The meeting window gives the band 13 to 16 rows at 160x45: the digits use them."""
    runner = meeting(FakeClock())
    band = ClockBand()
    band.styles.height = band_rows
    band.styles.width = band_width + 4  # the band's own padding
    async with Harness(band).run_test(size=(160, 45)) as pilot:
        band.show(runner.snapshot())
        await pilot.pause()
        glyphs = band.query_one(BigClock).glyph_rows
    assert glyphs >= least_glyph_rows
    assert glyphs == band_rows - 3


# -- the band --------------------------------------------------------------------------------


def test_the_room_sees_no_keys_the_meeting_window_does() -> None:
    runner = meeting(FakeClock())
    ready = runner.snapshot()
    assert band_state(ready, keys=True) == state_line(ready)
    assert band_state(ready, keys=False) == ("● KLAAR — de klok start zo", "-ready")
    runner.start()
    runner.pause()
    assert band_state(runner.snapshot(), keys=False) == ("❚❚ GEPAUZEERD", "-paused")


async def test_a_tick_repaints_without_a_new_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock()
    runner = meeting(clock)
    band = ClockBand()
    async with Harness(band).run_test(size=(120, 40)) as pilot:
        runner.start()
        band.show(runner.snapshot())
        await pilot.pause()
        layouts: list[Widget] = []
        real = Widget.refresh

        def spying(self: Widget, *args: object, layout: bool = False, **kwargs: object):
            if layout:
                layouts.append(self)
            return real(self, *args, layout=layout, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Widget, "refresh", spying)
        for _ in range(250):  # into the warning minute: a new state, still no new layout
            clock.advance(1)
            band.show(runner.snapshot())
        await pilot.pause()
        assert "-warning" in band.classes
        assert [w for w in layouts if w is band or band in w.ancestors] == []


async def test_the_bars_show_the_phase_and_the_meeting_used() -> None:
    clock = FakeClock()
    runner = meeting(clock)
    band = ClockBand()
    async with Harness(band).run_test(size=(84, 24)) as pilot:
        runner.start()
        clock.advance(150)  # half of phase 1's five minutes
        band.show(runner.snapshot())
        await pilot.pause()
        phase_bar = band.query_one("#band-phase-meter", Meter)
        assert phase_bar.fraction == pytest.approx(0.5)
        assert str(phase_bar.render()) == "━" * 40 + "─" * 40
        meeting_bar = band.query_one("#band-meeting-meter", Meter)
        assert meeting_bar.fraction == pytest.approx(150 / (39 * 60))
        clock.advance(600)  # over time: a full bar, never more
        band.show(runner.snapshot())
        await pilot.pause()
        assert str(phase_bar.render()) == "━" * 80


async def test_the_meeting_line_is_never_cut_short() -> None:
    clock = FakeClock()
    runner = meeting(clock)
    band = ClockBand()
    async with Harness(band).run_test(size=(120, 30)) as pilot:
        runner.start()
        band.show(runner.snapshot())
        await pilot.pause()
        await pilot.pause()  # the first layout done: from here on only show() can change it
        clock.advance(480)  # phase 1's five minutes and three more: three minutes behind
        band.show(runner.snapshot())
        await pilot.pause()
        line = band.query_one("#band-meeting-line", Static)
        assert "3 min achter" in str(line.content)
        assert line.content_region.width == len(str(line.content))
        bar = band.query_one("#band-meeting-meter", Meter)
        assert bar.region.x == line.region.right


# -- the header and the guide ----------------------------------------------------------------


async def test_the_header_names_who_speaks_and_whose_turn_it_is() -> None:
    clock = FakeClock()
    runner = meeting(clock)
    header = PhaseHeader(runner.session)
    async with Harness(header).run_test(size=(120, 30)) as pilot:
        runner.start()
        header.show_phase(0)
        header.show(runner.snapshot())
        await pilot.pause()
        title = "Fase 1 van 7 · Leerkracht licht zijn/haar vraag toe"
        assert text(header, "#header-title") == title
        assert text(header, "#header-who") == "Aan het woord: Carla (inbrenger)"
        assert not header.query_one("#header-turn").display

        runner.next()
        header.show_phase(1)
        header.show(runner.snapshot())
        await pilot.pause()
        assert text(header, "#header-who") == "Aan het woord: Bram, Daan"
        turn = header.query_one("#header-turn")
        assert turn.display
        assert text(header, "#header-turn") == (
            "Beurt 1 van 2: Bram · daarna: Daan · richttijd ± 5:00 per beurt"
        )
        runner.next_turn()
        header.show(runner.snapshot())
        assert text(header, "#header-turn") == (
            "Beurt 2 van 2: Daan · laatste beurt · richttijd ± 5:00 per beurt"
        )
        # After the last speaker the round starts again: the header says it is a second pass.
        runner.next_turn()
        header.show(runner.snapshot())
        assert text(header, "#header-turn") == (
            "Beurt 1 van 2, tweede ronde: Bram · daarna: Daan · richttijd ± 5:00 per beurt"
        )
        for _ in range(4):
            runner.next_turn()
        header.show(runner.snapshot())
        assert text(header, "#header-turn").startswith("Beurt 1 van 2, vierde ronde: Bram")
        runner.previous_turn()  # back over the start of a go-round: the third one again
        header.show(runner.snapshot())
        assert text(header, "#header-turn").startswith("Beurt 2 van 2, derde ronde: Daan")


@pytest.mark.parametrize(
    ("go_round", "words"), [(0, ""), (1, "tweede ronde"), (7, "achtste ronde"), (8, "ronde 9")]
)
def test_go_rounds_are_counted_in_words(go_round: int, words: str) -> None:
    assert go_round_words(go_round) == words


def text(widget: Widget, selector: str) -> str:
    return str(widget.query_one(selector, Static).content)


def guide_session(clock: FakeClock) -> Session:
    protocol = make_protocol(
        phases=[
            phase_dict(
                1,
                title=f"Eerste {INJECTION}",
                instruction=f"Lees voor. {INJECTION}",
                questions=["Wat zie je?", INJECTION],
                rules=["Niet onderbreken.", INJECTION],
                help=[{"title": f"Hulp {INJECTION}", "text": "Uitleg", "items": ["a"]}],
            ),
            phase_dict(2, title="Tweede"),
        ],
        rules=["Eén spreker tegelijk."],
        help=[{"title": "Over dit protocol", "text": "Achtergrond"}],
    )
    return make_session(protocol, clock)


async def test_the_guide_shows_rules_and_questions_and_folds_only_help() -> None:
    session = guide_session(FakeClock())
    guide = PhaseGuide(session)
    async with Harness(guide).run_test(size=(120, 40)) as pilot:
        await guide.show_phase(0)
        await pilot.pause()
        # One widget per list, a line per item.
        shown = [str(s.content).split("\n") for s in guide.query("#guide-body > Static")]
        # What the room works with all phase long first, the instruction read out at its start
        # after it, and "Hierna" once more as the last line for a screen too low to pin it.
        assert shown == [
            ["Regels bij deze fase"],
            ["! Niet onderbreken.", f"! {INJECTION}"],
            ["Vragen"],
            ["• Wat zie je?", f"• {INJECTION}"],
            ["Werkwijze"],
            [f"Lees voor. {INJECTION}"],
            ["Gespreksregels"],
            ["• Eén spreker tegelijk."],
            ["Hierna: Fase 2 · Tweede"],
        ]
        drawn = [s for s in guide.query("#guide-body > Static") if s.display]
        assert all(s.region.height >= 1 for s in drawn)
        # Here "Hierna" stays pinned below the guide: not a second time as its last line.
        assert not guide.query_one(".guide-next-inline").display
        panels = list(guide.query(Collapsible))
        assert [str(p.title) for p in panels] == [f"Hulp {INJECTION}", "Over dit protocol"]
        assert all(p.collapsed for p in panels)
        assert text(guide, "#guide-next") == "Hierna: Fase 2 · Tweede"

        await guide.show_phase(1)
        await pilot.pause()
        assert text(guide, "#guide-next") == "Hierna: afronden — dit is de laatste fase"


async def test_the_guide_can_leave_help_out() -> None:
    guide = PhaseGuide(guide_session(FakeClock()), help=False)
    async with Harness(guide).run_test() as pilot:
        await guide.show_phase(0)
        await pilot.pause()
        assert not guide.query(Collapsible)


# -- the meeting window's room part at laptop size ----------------------------------------------

PROTOCOLS = ["handelingsgericht", "oplossingsgericht", "leren-van-successen", "basis-intervisie"]


def phases_of(protocol_id: str) -> list[tuple[str, int]]:
    return [(protocol_id, index) for index in range(len(entry(protocol_id).loaded.protocol.phases))]


ALL_PHASES = [case for protocol_id in PROTOCOLS for case in phases_of(protocol_id)]


async def open_phase(sessions_dir: Path, clock: FakeClock, protocol_id: str, index: int, size):
    """The meeting window in phase ``index`` of a running meeting with four colleagues (so a
    round's header has its turn line), laid out at ``size``."""
    session = new_session(protocol_id, clock)
    session.participants = [
        *session.participants,
        Participant(name="Daan", roles=[Role.DEELNEMER]),
        Participant(name="Eva", roles=[Role.DEELNEMER]),
    ]
    return make_app(sessions_dir, clock, path=save_new(sessions_dir, session)), index, size


async def go_to(pilot, index: int) -> RunScreen:
    screen = run_screen(pilot.app)
    await pilot.press("f2")
    if index:
        screen.runner.jump(index, override=True)
        await screen.show_phase()
        screen.tick()
    await pilot.pause()
    await pilot.pause()  # the focused field is scrolled into view after a refresh
    return screen


def first_line(item: str, width: int = 60) -> str:
    """The start of an item as the guide draws it: "• " and as many words as fit ``width``."""
    words, line = item.split(), ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            break
        line = f"{line} {word}".strip()
    return line


@pytest.mark.parametrize(("protocol_id", "index"), ALL_PHASES)
async def test_at_80x24_the_room_sees_the_first_rule_or_question(
    sessions_dir: Path, clock: FakeClock, protocol_id: str, index: int
) -> None:
    """The guide's few rows at laptop size show what the room works with (the phase's rules and
    questions) before the instruction, and the clock keeps its five glyph rows."""
    app, index, size = await open_phase(sessions_dir, clock, protocol_id, index, (80, 24))
    phase = entry(protocol_id).loaded.protocol.phases[index]
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, index)
        shown = await screen_text(pilot)
        assert app.screen.query_one(BigClock).glyph_rows >= 5
        first = [*phase.rules[:1], *phase.questions[:1]]
        for item in first:
            assert first_line(item) in shown, (phase.title, item, shown)
        if not first and phase.instruction:
            assert first_line(phase.instruction) in shown, shown


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_the_guide_keeps_a_blank_column_before_its_scrollbar(
    sessions_dir: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    app, index, size = await open_phase(sessions_dir, clock, "oplossingsgericht", 4, size)
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, index)
        body = app.screen.query_one("#guide-body")
        assert body.show_vertical_scrollbar
        scrollbar_x = body.region.right - body.scrollbar_size_vertical
        for child in body.children:
            assert child.region.right < scrollbar_x, (child, child.region, scrollbar_x)


@pytest.mark.parametrize(("protocol_id", "index"), ALL_PHASES)
async def test_at_80x24_the_field_typed_in_shows_its_label(
    sessions_dir: Path, clock: FakeClock, protocol_id: str, index: int
) -> None:
    """The note-taker sees which field they type in: the focused field's label (or, in the
    agreements' form of several inputs, the input's own title in its border) and the place
    being typed in are both in view, in every phase and after Tab to the next field."""
    app, index, size = await open_phase(sessions_dir, clock, protocol_id, index, (80, 24))
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, index)
        for _ in app.screen.query("#phase-body .field"):
            # Scrolling follows the focus a frame or two later: wait for it, then say what.
            with contextlib.suppress(AssertionError):
                await settle(pilot, lambda: typed_field_in_view(app) is None, timeout=1.0)
            assert typed_field_in_view(app) is None, typed_field_in_view(app)
            await pilot.press("tab")


def typed_field_in_view(app) -> str | None:
    """None when the focused field is named on screen (its label, or in the agreements' form
    of several inputs the input's own border title) and the place typed in is in view."""
    desk = app.screen.query_one("#phase-body").region
    focused = app.focused
    if focused is None:
        return "no focus"
    field = next(a for a in focused.ancestors if a.has_class("field"))
    label = field.query_one(".field-label").region
    cursor_row = focused.region.y + (1 if focused.styles.border_top[0] else 0)
    if not desk.y <= cursor_row < desk.bottom:
        return f"{field.id}: typing at row {cursor_row}, the desk is {desk}"
    if desk.contains_region(label) or (bool(focused.border_title) and desk.y <= focused.region.y):
        return None
    return f"{field.id}: label at {label}, the desk is {desk}"


# -- what the meeting is about ------------------------------------------------------------------

THEME = "Hoe we ouders laten merken wat hun kind goed doet in de klas"


async def test_a_theme_meeting_is_named_by_its_theme(sessions_dir: Path, clock: FakeClock) -> None:
    """Leren van successen has no pupil: the meeting window's top line names the theme's first
    words (as the lists do), the beamer's the whole theme; a pupil's meeting its pupil."""
    session = new_session("leren-van-successen", clock, pupil="", help_question=THEME)
    title = "Leren van successen (successen van de leerkracht)"
    assert meeting_title(session) == f"{title} · thema: Hoe we ouders laten…"
    assert meeting_title(session, whole_theme=True) == f"{title} · thema: {THEME}"
    pupil = new_session("oplossingsgericht", clock, pupil="S.v.D.")
    assert meeting_title(pupil, whole_theme=True).endswith(" · leerling S.v.D.")
    app = make_app(sessions_dir, clock, path=save_new(sessions_dir, session))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        top = (await screen_text(pilot)).splitlines()[0]
        assert f"{title} · thema: Hoe we ouders laten…" in top
        # At 80 columns the line ends in an ellipsis rather than losing the theme to a wrap.
        await resize(pilot, 80, 24)
        top = (await screen_text(pilot)).splitlines()[0]
        assert f"{title} · thema: Hoe we" in top
