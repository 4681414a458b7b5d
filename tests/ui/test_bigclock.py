"""The big clock in a host app: fills the space it is given, follows resizes and CSS, and a
second that does not change the text costs nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical

from intervisie_tui.ui.widgets import bigclock
from intervisie_tui.ui.widgets.bigclock import BigClock
from intervisie_tui.ui.widgets.bigfont import fit, metrics
from tests.ui.support import resize, screen_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


class ClockHost(App[None]):
    """Clocks stacked in one band, each sized ``1fr`` by the widget's own stylesheet."""

    CSS_PATH = [Path(bigclock.__file__).with_suffix(".tcss"), "bigclock_host.tcss"]

    def __init__(self, *texts: str, box: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.texts = texts
        self.box = box

    def compose(self) -> ComposeResult:
        with Vertical(classes="band"):
            for text in self.texts:
                yield BigClock(text)

    def on_mount(self) -> None:
        if self.box is not None:
            clock = self.query_one(BigClock)
            clock.styles.width, clock.styles.height = self.box


def drawn_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def used_all_it_could(clock: BigClock) -> bool:
    """The digits are as tall as the widget, or one pixel taller would not fit its width."""
    width, height = clock.size
    size = fit(clock.text, width, height)
    assert size is not None
    assert clock.glyph_rows == size.rows
    return size.rows == height or metrics(size.pixel_height + 1).text_width(clock.text) > width


@pytest.mark.parametrize(
    ("size", "expected"),
    [((80, 24), 13), ((120, 40), 20), ((160, 45), 27)],
    ids=["80x24", "120x40", "160x45"],
)
async def test_a_clock_filling_the_screen_uses_its_height(size, expected):
    app = ClockHost("05:00")
    async with app.run_test(size=size) as pilot:
        clock = app.query_one(BigClock)
        assert clock.size == size
        assert clock.glyph_rows == expected
        assert used_all_it_could(clock)
        assert len(drawn_rows(await screen_text(pilot))) == expected


@pytest.mark.parametrize(
    ("size", "box"),
    [
        ((80, 24), (50, 5)),  # the meeting window on a laptop, at its narrowest
        ((120, 40), (80, 8)),
        ((160, 45), (90, 11)),
        ((160, 45), (150, 15)),  # the beamer window
    ],
)
async def test_the_layouts_rows_are_all_used_with_a_sign(size, box):
    app = ClockHost("+01:23", box=box)
    async with app.run_test(size=size) as pilot:
        clock = app.query_one(BigClock)
        assert clock.size == box
        assert clock.glyph_rows == box[1]
        rows = drawn_rows(await screen_text(pilot))
        assert len(rows) == box[1]
        assert all(len(row.rstrip()) <= box[0] for row in rows)


async def test_it_grows_and_shrinks_with_the_terminal():
    app = ClockHost("05:00")
    async with app.run_test(size=(80, 24)) as pilot:
        clock = app.query_one(BigClock)
        laptop = clock.glyph_rows
        await resize(pilot, 160, 45)
        assert clock.glyph_rows > laptop
        assert len(drawn_rows(await screen_text(pilot))) == clock.glyph_rows
        await resize(pilot, 80, 24)
        assert clock.glyph_rows == laptop
        await resize(pilot, 60, 10)
        assert clock.glyph_rows == 10
        assert used_all_it_could(clock)
        await resize(pilot, 60, 2)
        assert clock.glyph_rows == 1
        assert drawn_rows(await screen_text(pilot)) == [f"{'05:00':^60}"]


async def test_the_same_text_does_not_refresh_and_a_new_one_does_not_lay_out(monkeypatch):
    app = ClockHost("05:00")
    async with app.run_test(size=(80, 24)) as pilot:
        clock = app.query_one(BigClock)
        await pilot.pause()
        calls: list[dict[str, object]] = []
        refresh = clock.refresh

        def spy(*regions, **options):
            calls.append(options)
            return refresh(*regions, **options)

        monkeypatch.setattr(clock, "refresh", spy)
        clock.update("05:00")
        assert calls == []
        before = (clock.region, await screen_text(pilot))
        clock.update("+1:05:00")
        assert calls == [{}]  # a repaint; Widget.refresh lays out only when asked to
        after = (clock.region, await screen_text(pilot))
        assert after[0] == before[0]
        assert after[1] != before[1]
        assert clock.text == "+1:05:00"


async def test_a_frame_reuses_the_lines_of_the_last_one():
    app = ClockHost("05:00")
    async with app.run_test(size=(80, 24)) as pilot:
        clock = app.query_one(BigClock)
        await pilot.pause()
        middle = clock.size.height // 2
        first = clock.render_line(middle)
        assert clock.render_line(middle) is first
        clock.update("04:59")
        assert clock.render_line(middle) is not first
        assert clock.render_line(clock.size.height).text == " " * 80


async def test_digits_take_their_colour_from_css_and_their_background_from_the_band():
    app = ClockHost("05:00")
    async with app.run_test(size=(80, 24)) as pilot:
        clock = app.query_one(BigClock)
        band = app.query_one(".band")
        variables = app.get_css_variables()

        def ink_style():
            line = clock.render_line(clock.size.height // 2)
            (segment,) = line
            return segment.style

        def rich(name: str) -> RichColor:
            return Color.parse(variables[name]).rich_color

        assert ink_style().bgcolor == rich("panel")
        assert ink_style().color == rich("foreground")
        band.add_class("-over")
        await pilot.pause()
        assert ink_style().bgcolor == rich("error")
        assert ink_style().color == rich("background")


async def test_it_never_takes_focus():
    app = ClockHost("05:00")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        assert app.focused is None
        assert not app.query_one(BigClock).can_focus


def test_characters_it_cannot_draw_are_refused_at_once():
    with pytest.raises(ValueError, match="'x'"):
        BigClock("0x:00")
    clock = BigClock()
    assert clock.text == "00:00"
    with pytest.raises(ValueError, match="'a'"):
        clock.update("a")
    assert clock.text == "00:00"


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_sign_and_countdown_stacked(snap_compare, size):
    assert snap_compare(ClockHost("+01:23", "05:00"), terminal_size=size)
