"""How a listed session reads in words, the same in the sessions browser and in
``intervisie sessions``, and how a list says which rehearsals it leaves out.

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


# By ``SessionStatus`` value; also the status filter's choices in the sessions browser.
STATUS_WORDS = {"in_progress": "loopt nog", "completed": "afgerond", "abandoned": "afgebroken"}
REHEARSAL = "oefening"


def status_words(summary: SessionSummary) -> str:
    """``afgerond``, or ``afgerond (oefening)`` for a rehearsal."""
    words = STATUS_WORDS.get(summary.status.value, summary.status.value)
    return f"{words} ({REHEARSAL})" if summary.rehearsal else words


def agreements_words(summary: SessionSummary) -> str:
    """How many agreements, and how many still await their evaluation: ``geen``, ``2 open``,
    ``2, 1 open``, ``2, geen open``."""
    total, still_open = summary.agreements, summary.open_agreements
    if not total:
        return "geen"
    if still_open == total:
        return f"{total} open"
    return f"{total}, {still_open or 'geen'} open"


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
