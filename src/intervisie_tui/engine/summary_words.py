"""How a list of sessions says which rehearsals it leaves out.

Rehearsals (``--speed``) are practice: they are never due for evaluation and never counted in
the statistics. Leaving them out is deliberate, but silently leaving them out made a folder of
rehearsals look empty ("geen afspraken", "nog geen afgeronde sessies") next to a listing that
shows them; every list that leaves them out says how many (``rehearsals_left_out``).

Imports no pydantic (``intervisie sessions`` must start fast): statuses are compared by value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intervisie_tui.engine.listing import SessionSummary


def rehearsals_left_out(count: int) -> str:
    """``3 oefensessies niet meegeteld``; empty for none."""
    if not count:
        return ""
    return f"{count} {'oefensessie' if count == 1 else 'oefensessies'} niet meegeteld"


def rehearsals_due(summaries: Iterable[SessionSummary], today: date, horizon_days: int) -> int:
    """Rehearsals that would be on the follow-up list if they were meetings."""
    return sum(
        s.rehearsal and replace(s, rehearsal=False).evaluation_due(today, horizon_days)
        for s in summaries
    )


def rehearsals_completed(summaries: Iterable[SessionSummary], protocol_id: str | None) -> int:
    """Completed rehearsals (of one protocol if given): what the statistics leave out."""
    return sum(
        s.rehearsal
        and s.status.value == "completed"
        and (protocol_id is None or s.protocol_id == protocol_id)
        for s in summaries
    )
