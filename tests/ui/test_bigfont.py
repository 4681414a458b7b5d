"""The big-digit font: every character at every size, fitting the area it is given exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.ui.widgets.bigfont import SUPPORTED, fit, glyph, metrics, render

# Pixel heights from the smallest glyph (3 rows) to a 30-row clock.
PIXEL_HEIGHTS = range(5, 61)
DIGITS = "0123456789"
# Upper and lower half of a cell, as in the font's half blocks.
BITS = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}


def ink(rows: tuple[str, ...]) -> set[tuple[int, int]]:
    """The pixels a rendering inks, as (pixel row, column)."""
    return {
        (2 * y + half, x)
        for y, row in enumerate(rows)
        for x, cell in enumerate(row)
        for half, on in enumerate(BITS[cell])
        if on
    }


def assert_fills(lines: tuple[str, ...], width: int, height: int) -> None:
    assert len(lines) == height
    assert all(len(line) == width for line in lines), [len(line) for line in lines]


@pytest.mark.parametrize("char", sorted(SUPPORTED))
@pytest.mark.parametrize(("width", "height"), [(3, 3), (20, 4), (40, 11), (60, 30), (200, 45)])
def test_every_character_renders_at_every_size(char, width, height):
    rendering = render(char, width, height)
    assert_fills(rendering.lines, width, height)
    assert rendering.glyph_rows == height
    drawn = "".join(rendering.lines)
    assert set(drawn) <= set(BITS)
    assert (drawn.strip() != "") == (char != " ")


@pytest.mark.parametrize("pixel_height", PIXEL_HEIGHTS)
def test_eight_contains_every_segment_of_the_others(pixel_height):
    size = metrics(pixel_height)
    eight = ink(glyph("8", size))
    for char in "0123456789-\u2212":
        assert ink(glyph(char, size)) <= eight, char


@pytest.mark.parametrize("pixel_height", PIXEL_HEIGHTS)
def test_digits_are_told_apart_at_every_size(pixel_height):
    size = metrics(pixel_height)
    drawn = {glyph(char, size) for char in DIGITS}
    assert len(drawn) == len(DIGITS)
    assert glyph("-", size) == glyph("\u2212", size)


@pytest.mark.parametrize("pixel_height", PIXEL_HEIGHTS)
def test_every_glyph_of_a_size_is_the_same_width(pixel_height):
    size = metrics(pixel_height)
    widths = {char: {len(row) for row in glyph(char, size)} for char in SUPPORTED}
    assert widths.pop(":") == {size.colon_width}
    assert set().union(*widths.values()) == {size.digit_width}
    assert all(len(glyph(char, size)) == size.rows for char in SUPPORTED)


def test_smallest_glyphs_are_classic_three_row_digits():
    assert render("0123456789", 39, 3).lines == (
        "█▀█   █ ▀▀█ ▀▀█ █ █ █▀▀ █▀▀ ▀▀█ █▀█ █▀█",
        "█ █   █ █▀▀ ▀▀█ ▀▀█ ▀▀█ █▀█   █ █▀█ ▀▀█",
        "█▄█   █ █▄▄ ▄▄█   █ ▄▄█ █▄█   █ █▄█ ▄▄█",
    )


def test_strokes_grow_with_size():
    strokes = [metrics(pixel_height).stroke for pixel_height in PIXEL_HEIGHTS]
    assert strokes == sorted(strokes)
    assert strokes[-1] >= 5 * strokes[0]


@pytest.mark.parametrize("text", ["05:00", "+01:23", "1:05:00", "--:--"])
def test_taller_area_gives_taller_glyphs_until_the_width_runs_out(text):
    width = 150
    rows = [render(text, width, height).glyph_rows for height in range(1, 61)]
    assert rows == sorted(rows)
    wide_enough = [height for height in range(3, 61) if fit(text, width, height)]
    assert rows[14] == 15  # the beamer clock
    for height in wide_enough:
        size = fit(text, width, height)
        assert size is not None
        bigger = metrics(size.pixel_height + 1)
        # Either the height is all used, or one pixel more would not fit the width.
        assert size.rows == height or bigger.text_width(text) > width


@pytest.mark.parametrize("text", ["05:00", "+01:23"])
def test_wider_area_never_gives_smaller_glyphs(text):
    rows = [render(text, width, 30).glyph_rows for width in range(1, 201)]
    assert rows == sorted(rows)


@pytest.mark.parametrize(
    ("text", "width", "height"),
    [
        # The meeting window's clock on a laptop (80x24), in the narrowest width it gets.
        ("05:00", 50, 5),
        ("+01:23", 50, 5),
        ("1:05:00", 50, 5),
        # 120x40 and 160x45 meeting windows; the beamer window at 160x45.
        ("+01:23", 80, 8),
        ("+01:23", 90, 11),
        ("+01:23", 150, 15),
    ],
)
def test_the_layouts_rows_are_all_used(text, width, height):
    assert render(text, width, height).glyph_rows == height


def test_same_shape_texts_put_every_glyph_in_the_same_place():
    """09:59 -> 10:00, or a sign appearing, must not move the digits sideways."""
    width, height = 150, 15
    covering = ink(render("88:88", width, height).lines)
    for text in ["09:59", "10:00", "11:11", "--:--", "00:00"]:
        assert ink(render(text, width, height).lines) <= covering, text
    # A sign takes a digit's cell (8's top bar inks every column of its cell).
    cells = {x for _, x in ink(render("88:88:88", width, height).lines)}
    for text in ["+1:05:00", "−1:05:00", "-1:05:00", " 1:05:00"]:
        assert {x for _, x in ink(render(text, width, height).lines)} <= cells, text


def test_centred_both_ways():
    lines = render("00:00", 100, 20).lines
    drawn_rows = [y for y, line in enumerate(lines) if line.strip()]
    assert abs(drawn_rows[0] - (20 - 1 - drawn_rows[-1])) <= 1
    left = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    right = min(len(line) - len(line.rstrip()) for line in lines if line.strip())
    assert abs(left - right) <= 1


@pytest.mark.parametrize(("width", "height"), [(80, 2), (80, 1), (4, 10)])
def test_too_small_for_any_glyph_falls_back_to_plain_text(width, height):
    rendering = render("05:00", width, height)
    assert_fills(rendering.lines, width, height)
    assert rendering.glyph_rows == 1
    assert [line.strip() for line in rendering.lines if line.strip()] == ["05:00"[:width]]
    row = rendering.lines[(height - 1) // 2]
    assert row.strip()
    assert abs((len(row) - len(row.lstrip())) - (len(row) - len(row.rstrip()))) <= 1


def test_nothing_to_draw_in_no_space():
    assert render("05:00", 0, 5).lines == ("",) * 5
    assert render("05:00", 10, 0).lines == ()
    assert render("05:00", 0, 0).glyph_rows == 0
    assert render("", 10, 5).lines == (" " * 10,) * 5
    assert render("", 10, 5).glyph_rows == 0


def test_characters_it_cannot_draw_are_refused():
    with pytest.raises(ValueError, match="'x'"):
        render("05x00", 80, 10)


@given(
    text=st.text(alphabet=sorted(SUPPORTED), max_size=12),
    width=st.integers(1, 200),
    height=st.integers(1, 60),
)
def test_never_wider_or_taller_than_given(text, width, height):
    rendering = render(text, width, height)
    assert_fills(rendering.lines, width, height)
    assert 0 <= rendering.glyph_rows <= height
