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

    def show(self, snapshot: Snapshot) -> None:
        digits = self.query_one(Digits)
        text = countdown(snapshot.remaining_seconds)
        if digits.value != text:
            digits.update(text)
        words, state = state_line(snapshot)
        label = self.query_one("#clock-state", Static)
        if str(label.content) != words:
            label.update(words)
        if not self.has_class(state):
            self.remove_class(*STATE_CLASSES)
            self.add_class(state)
