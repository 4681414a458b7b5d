"""Seven-segment digits drawn with half blocks, scaled to whatever area the layout gives.

The countdown is read from the back of a room on a projector, so it has to grow with the space
it is given instead of staying three rows tall. Kept free of Textual so sizing and drawing can be
tested (and property-tested) as plain functions.

Geometry works in "pixels": one column wide and half a row tall. A terminal cell is about twice
as tall as it is wide, so such a pixel is roughly square and one stroke thickness serves for
horizontal and vertical strokes alike. Each row of output packs two pixel rows into ``▀ ▄ █``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

SUPPORTED = frozenset("0123456789:+-\u2212 ")

# Segments as on a seven-segment display: a top, b upper right, c lower right, d bottom,
# e lower left, f upper left, g middle.
_SEGMENTS = {
    "0": "abcdef",
    "1": "bc",
    "2": "abdeg",
    "3": "abcdg",
    "4": "bcfg",
    "5": "acdfg",
    "6": "acdefg",
    "7": "abc",
    "8": "abcdefg",
    "9": "abcdfg",
    "-": "g",
    "\u2212": "g",
    " ": "",
}

# The smallest glyph: three strokes and two one-pixel gaps, three rows tall.
_MIN_PIXEL_HEIGHT = 5

_HALF_BLOCKS = {
    (False, False): " ",
    (True, False): "▀",
    (False, True): "▄",
    (True, True): "█",
}


@dataclass(frozen=True)
class Metrics:
    """Sizes of one glyph size; every cell width is fixed per size so the clock never shifts
    sideways when a digit changes or a sign appears."""

    pixel_height: int
    stroke: int
    digit_width: int
    colon_width: int
    spacing: int

    @property
    def rows(self) -> int:
        return (self.pixel_height + 1) // 2

    def cell_width(self, char: str) -> int:
        return self.colon_width if char == ":" else self.digit_width

    def text_width(self, text: str) -> int:
        return sum(self.cell_width(char) for char in text) + self.spacing * (len(text) - 1)


@lru_cache(maxsize=256)
def metrics(pixel_height: int) -> Metrics:
    """Proportions of a classic seven-segment display: about 0.55 as wide as tall, strokes about
    a sixth of the height, so a bigger clock also gets bolder strokes."""
    stroke = max(1, (pixel_height + 3) // 6)
    digit_width = max(2 * stroke + 1, (11 * pixel_height + 10) // 20)
    return Metrics(
        pixel_height=pixel_height,
        stroke=stroke,
        digit_width=digit_width,
        colon_width=stroke,
        spacing=max(1, (digit_width + 2) // 4),
    )


def fit(text: str, width: int, height: int) -> Metrics | None:
    """The largest glyph size whose rendering of ``text`` fits ``width`` x ``height`` cells, or
    None when not even the smallest one does. Only the colons' places matter (every other cell
    is as wide as a digit), so ``09:59`` and ``10:00`` share one answer: the clock asks this
    every second."""
    return _fit_shape(tuple(char == ":" for char in text), width, height)


@lru_cache(maxsize=64)
def _fit_shape(colons: tuple[bool, ...], width: int, height: int) -> Metrics | None:
    if not colons:
        return None
    shape = "".join(":" if colon else "0" for colon in colons)
    for pixel_height in range(2 * height, _MIN_PIXEL_HEIGHT - 1, -1):
        size = metrics(pixel_height)
        if size.text_width(shape) <= width:
            return size
    return None


def _ink(char: str, size: Metrics) -> list[list[bool]]:
    """The glyph as a grid of pixels, ``pixel_height`` rows of ``cell_width`` booleans."""
    height, stroke, width = size.pixel_height, size.stroke, size.cell_width(char)
    grid = [[False] * width for _ in range(height)]

    def fill(top: int, bottom: int, left: int, right: int) -> None:
        for y in range(max(0, top), min(height, bottom)):
            row = grid[y]
            for x in range(max(0, left), min(width, right)):
                row[x] = True

    upper_gap = (height - 3 * stroke) // 2
    middle = stroke + upper_gap  # first pixel row of the middle bar
    if char == ":":
        # Centred in the gaps above and below the middle bar, mirrored about the middle.
        dot = min(stroke, upper_gap)
        top = stroke + (upper_gap - dot + 1) // 2
        fill(top, top + dot, 0, width)
        fill(height - top - dot, height - top, 0, width)
        return grid
    if char == "+":
        # As tall as it is wide, crossing the middle bar.
        left = (width - stroke) // 2
        top = middle + (stroke - width) // 2
        fill(middle, middle + stroke, 0, width)
        fill(top, top + width, left, left + stroke)
        return grid
    rects = {
        "a": (0, stroke, 0, width),
        "b": (0, middle + stroke, width - stroke, width),
        "c": (middle, height, width - stroke, width),
        "d": (height - stroke, height, 0, width),
        "e": (middle, height, 0, stroke),
        "f": (0, middle + stroke, 0, stroke),
        "g": (middle, middle + stroke, 0, width),
    }
    for segment in _SEGMENTS[char]:
        fill(*rects[segment])
    return grid


@lru_cache(maxsize=1024)
def glyph(char: str, size: Metrics) -> tuple[str, ...]:
    """One glyph as ``size.rows`` strings of its cell width."""
    grid = _ink(char, size)
    if len(grid) % 2:
        grid.append([False] * size.cell_width(char))
    return tuple(
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(grid[::2], grid[1::2], strict=True)
    )


def check(text: str) -> None:
    """Raises ValueError for a character the font cannot draw."""
    unknown = sorted(set(text) - SUPPORTED)
    if unknown:
        raise ValueError(f"big clock cannot draw {''.join(unknown)!r} in {text!r}")


@dataclass(frozen=True)
class Rendering:
    """``lines`` fill the area exactly: ``height`` strings of ``width`` characters."""

    lines: tuple[str, ...]
    glyph_rows: int


@lru_cache(maxsize=64)
def render(text: str, width: int, height: int) -> Rendering:
    """``text`` as big as fits, centred in ``width`` x ``height`` cells; plain text, centred,
    when even the smallest glyphs do not fit."""
    check(text)
    width, height = max(0, width), max(0, height)
    blank = " " * width
    size = fit(text, width, height)
    if size is None:
        if not (text and width and height):
            return Rendering(lines=(blank,) * height, glyph_rows=0)
        top = (height - 1) // 2
        line = text[:width].center(width)
        return Rendering(
            lines=(blank,) * top + (line,) + (blank,) * (height - top - 1), glyph_rows=1
        )
    glyphs = [glyph(char, size) for char in text]
    left = " " * ((width - size.text_width(text)) // 2)
    gap = " " * size.spacing
    body = [
        (left + gap.join(rows[y] for rows in glyphs)).ljust(width) for y in range(size.rows)
    ]
    top = (height - size.rows) // 2
    return Rendering(
        lines=(blank,) * top + tuple(body) + (blank,) * (height - top - size.rows),
        glyph_rows=size.rows,
    )
