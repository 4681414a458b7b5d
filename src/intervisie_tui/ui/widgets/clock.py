"""The clock's state in words and a symbol as well as colour.

Colour alone fails on a washed-out projector and for colour-blind colleagues, so every state
also has a word and a symbol; the clock band (widgets/room.py) shows them under the digits.
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
