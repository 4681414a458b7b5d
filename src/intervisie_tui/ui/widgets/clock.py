"""The clock's state in words and a symbol as well as colour, and when to redraw it.

Colour alone fails on a washed-out projector and for colour-blind colleagues, so every state
also has a word and a symbol; the clock band (widgets/room.py) shows them under the digits. The
meeting window and the beamer window share this module without importing each other.
"""

from __future__ import annotations

from intervisie_tui.engine.runner import Snapshot, WarningLevel
from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.timefmt import countdown

STATE_CLASSES = ("-normal", "-warning", "-over", "-paused", "-ready")


def state_line(snapshot: Snapshot) -> tuple[str, str]:
    """The words under the clock and the CSS class that colours the band."""
    if snapshot.status is TimerStatus.NOT_STARTED:
        return "● KLAAR — F2 start de klok", "-ready"
    if snapshot.status is TimerStatus.PAUSED:
        return "❚❚ GEPAUZEERD — F2: verder", "-paused"
    if snapshot.level is WarningLevel.OVER:
        return f"■ TIJD! {countdown(snapshot.remaining_seconds)} over de tijd", "-over"
    if snapshot.level is WarningLevel.WARNING:
        return "▲ BIJNA TIJD — rond af", "-warning"
    return "▶ LOOPT", "-normal"


IDLE_REDRAW_SECONDS = 1.0
REDRAW_MARGIN_SECONDS = 0.005


def next_redraw_delay(snapshot: Snapshot, speed: float | None) -> float:
    """Real seconds until the countdown shows a different second.

    Waking exactly then, instead of polling several times a second, keeps the CPU of a laptop
    that drives a projector for 40 minutes near that of a plain clock. When the clock stands
    still, a slow redraw still moves the projected end time and retries failed saves.
    """
    if snapshot.status is not TimerStatus.RUNNING:
        return IDLE_REDRAW_SECONDS
    until_change = snapshot.remaining_seconds % 1.0 or 1.0
    return min(IDLE_REDRAW_SECONDS, until_change / (speed or 1.0) + REDRAW_MARGIN_SECONDS)
