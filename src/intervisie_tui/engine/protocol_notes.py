"""What is said about a protocol before a meeting, beside its own texts: which minutes are our own
proposal, the note for the timekeeper, what set-up asks for, and the group-size warning.

Kept in one place so that Home, set-up, ``intervisie protocols`` and ``intervisie prepare`` say
it in the same words; the seeds give minute budgets only for handelingsgericht, and a group
should be able to tell a publication's times from ours wherever minutes are shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from intervisie_tui.engine.case_forms import PUPIL_CASE as PUPIL_CASE
from intervisie_tui.engine.case_forms import THEME_CASE as THEME_CASE
from intervisie_tui.engine.case_forms import CaseForm, case_form_for
from intervisie_tui.engine.display import dutch_list
from intervisie_tui.engine.protocol import Order, Phase, Protocol
from intervisie_tui.engine.session import Participant
from intervisie_tui.engine.speakers import contributors

PROPOSAL_MARK = "eigen voorstel"
STRICT_TIMEKEEPER_NOTE = "Spreek van tevoren af wie de tijd bewaakt."


def minutes_mark(protocol: Protocol, phase: Phase) -> str:
    """``"eigen voorstel"`` beside minutes that are our own proposal, else ``""``: e.g.
    ``10 min (eigen voorstel)`` in a list of phases."""
    return PROPOSAL_MARK if protocol.proposed_minutes(phase) else ""


def minutes_note(protocol: Protocol) -> str:
    """One sentence saying which minutes are our own proposal; ``""`` when none are."""
    proposed = [
        number
        for number, phase in enumerate(protocol.phases, start=1)
        if protocol.proposed_minutes(phase)
    ]
    if not proposed:
        return ""
    if len(proposed) == len(protocol.phases):
        return "De minuten zijn een eigen voorstel, niet uit de bron."
    numbers = dutch_list([str(n) for n in proposed])
    which = f"fase {numbers}" if len(proposed) == 1 else f"de fasen {numbers}"
    return f"De minuten van {which} zijn een eigen voorstel, niet uit de bron."


def timekeeper_note(protocol: Protocol) -> str:
    """The note for whoever keeps time, for every protocol that has something to say: its own
    ``timekeeper_note`` (oplossingsgericht's "als alle punten maar besproken worden" is one, in a
    flexible protocol), or for a strict protocol without one the advice to agree on a
    timekeeper beforehand; then which minutes are our own proposal. ``""``: nothing to say."""
    own = protocol.timekeeper_note or (
        STRICT_TIMEKEEPER_NOTE if protocol.order is Order.STRICT else ""
    )
    return " ".join(part for part in (own, minutes_note(protocol)) if part)


def case_form(protocol: Protocol) -> CaseForm:
    return case_form_for(protocol.subject.value)


def group_size_warning(protocol: Protocol, participants: Sequence[Participant]) -> str:
    """The protocol's group-size advice against the people set up, counting only those who
    contribute (a toehoorder watches); ``""`` when it fits or nobody is set up yet."""
    group = protocol.group_size
    if group is None or not participants:
        return ""
    counted = len(contributors(participants))
    if group.min <= counted <= group.max:
        return ""
    people = "deelnemer" if counted == 1 else "deelnemers"
    watching = " (toehoorders niet meegeteld)" if counted < len(participants) else ""
    return (
        f"Let op: {counted} {people}{watching}; deze werkwijze adviseert "
        f"{group.min} tot {group.max}."
    )
