"""The baseline for the terminal benchmarks: a bare Textual app with a 1 Hz ``Digits`` countdown
and a focused ``TextArea`` (issue 7: what any Textual meeting timer with a note field costs).

Same Python, same Textual version as the app, none of its code. Run as a script (``python
bench/bare_app.py``), so it imports no more than Textual.

- At start it shows ``05:00``, as the run screen does for the first phase of
  ``handelingsgericht``, with the empty ``TextArea`` below it focused (its cursor blinks,
  Textual's default; the meeting window's is steady); ``bench/startup.py`` waits for the
  digits.
- ``F2`` starts a five-minute countdown redrawn from ``set_interval(1, ...)`` (the remaining time
  comes from ``time.monotonic()``; the digits change only when the text changes). It is the key
  that starts the meeting window's clock while typing, and a focused ``TextArea`` would take a
  space as text. Typing goes into the ``TextArea``: ``bench/keystroke.py``.
- ``--digits-only``: the earlier baseline, one ``Digits`` and nothing else, to compare figures
  measured before issue 7 with.
"""

from __future__ import annotations

import math
import sys
import time

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Digits, TextArea

BUDGET_SECONDS = 300.0
START_KEY = "f2"


def countdown(remaining: float) -> str:
    total = max(0, math.ceil(remaining))
    minutes, seconds = divmod(total, 60)
    return f"{minutes:02d}:{seconds:02d}"


class BareApp(App[None]):
    BINDINGS = [Binding(START_KEY, "start", "Start", priority=True)]

    def __init__(self, *, text_area: bool = True) -> None:
        super().__init__()
        self._text_area = text_area
        self._started_at: float | None = None

    def compose(self) -> ComposeResult:
        yield Digits(countdown(BUDGET_SECONDS))
        if self._text_area:
            yield TextArea(soft_wrap=True)

    def action_start(self) -> None:
        if self._started_at is None:
            self._started_at = time.monotonic()
            self.set_interval(1, self.tick)

    def tick(self) -> None:
        assert self._started_at is not None
        text = countdown(BUDGET_SECONDS - (time.monotonic() - self._started_at))
        digits = self.query_one(Digits)
        if digits.value != text:
            digits.update(text)


if __name__ == "__main__":
    BareApp(text_area="--digits-only" not in sys.argv[1:]).run()
