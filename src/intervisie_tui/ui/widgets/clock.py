"""The big countdown, with its state in words and a symbol as well as colour.

Colour alone fails on a washed-out projector and for colour-blind colleagues, so every state
also has a word and a symbol.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from intervisie_tui.engine.runner import Snapshot, WarningLevel
from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.timefmt import countdown

STATE_CLASSES = ("-normal", "-warning", "-over", "-paused", "-ready")


def state_line(snapshot: Snapshot) -> tuple[str, str]:
    """The words under the clock and the CSS class that colours them."""
    if snapshot.status is TimerStatus.NOT_STARTED:
        return "● KLAAR — druk op spatie om de klok te starten", "-ready"
    if snapshot.status is TimerStatus.PAUSED:
        return "❚❚ GEPAUZEERD — spatie: verder", "-paused"
    if snapshot.level is WarningLevel.OVER:
        return f"■ TIJD! {countdown(snapshot.remaining_seconds)} over de tijd", "-over"
    if snapshot.level is WarningLevel.WARNING:
        return "▲ BIJNA TIJD — rond af", "-warning"
    return "▶ LOOPT", "-normal"


class PhaseClock(Vertical):
    def compose(self) -> ComposeResult:
        yield Digits("00:00", id="clock-digits")
        yield Static("", id="clock-state", markup=False)

    def on_mount(self) -> None:
        self._digits = self.query_one(Digits)
        self._label = self.query_one("#clock-state", Static)

    def show(self, snapshot: Snapshot) -> None:
        text = countdown(snapshot.remaining_seconds)
        if self._digits.value != text:
            self._digits.update(text)
        words, state = state_line(snapshot)
        previous = str(self._label.content)
        if previous != words:
            # The state line is as wide as its words: lay out again only when the width changes.
            self._label.update(words, layout=len(previous) != len(words))
        if not self.has_class(state):
            self.remove_class(*STATE_CLASSES)
            self.add_class(state)
