"""The phase countdown in digits as big as the space the layout gives it.

It redraws every second on a laptop that also drives a projector, so a frame costs one cached
lookup per line: the strips for the current text, size and style are built once and reused until
one of those changes. Its size comes from CSS only, never from the text, so a new text repaints
without a new layout.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from intervisie_tui.ui.widgets import bigfont


class BigClock(Widget):
    can_focus = False

    def __init__(
        self, text: str = "00:00", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        bigfont.check(text)
        self._text = text
        self._strips: tuple[Strip, ...] = ()
        self._strips_key: tuple[str, int, int, Style] | None = None

    @property
    def text(self) -> str:
        return self._text

    @property
    def glyph_rows(self) -> int:
        width, height = self.size
        return bigfont.render(self._text, width, height).glyph_rows

    def update(self, text: str) -> None:
        if text == self._text:
            return
        bigfont.check(text)
        self._text = text
        self.refresh()

    def render_line(self, y: int) -> Strip:
        strips = self._current_strips()
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def _current_strips(self) -> tuple[Strip, ...]:
        width, height = self.size
        # Keyed on the style too: a parent band that changes colour by state restyles the digits.
        style = self.visual_style.rich_style
        key = (self._text, width, height, style)
        if key != self._strips_key:
            lines = bigfont.render(self._text, width, height).lines
            self._strips = tuple(Strip([Segment(line, style)], width) for line in lines)
            self._strips_key = key
        return self._strips
