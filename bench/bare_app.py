"""The baseline for the terminal benchmarks: a bare Textual app showing one ``Digits("05:00")``.

Same Python, same Textual version as the app, none of its code: what any Textual countdown
costs. Run as a script (``python bench/bare_app.py``), so it imports no more than Textual.

- At start it shows ``05:00``, as the run screen does for the first phase of
  ``handelingsgericht``; ``bench/startup.py`` waits for those digits to appear.
- ``space`` starts a five-minute countdown redrawn from ``set_interval(1, ...)`` (the remaining
  time comes from ``time.monotonic()``, and the digits are only updated when the text changes),
  which is what ``bench/idle_cpu.py`` measures. ``q`` quits.
"""

from __future__ import annotations

import math
import time

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Digits

BUDGET_SECONDS = 300.0


def countdown(remaining: float) -> str:
    total = max(0, math.ceil(remaining))
    minutes, seconds = divmod(total, 60)
    return f"{minutes:02d}:{seconds:02d}"


class BareApp(App[None]):
    BINDINGS = [
        Binding("space", "start", "Start"),
        Binding("q", "quit", "Stop"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._started_at: float | None = None

    def compose(self) -> ComposeResult:
        yield Digits(countdown(BUDGET_SECONDS))

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
    BareApp().run()
