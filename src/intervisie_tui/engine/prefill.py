"""What set-up already asked, carried into the meeting so nobody types it twice.

The help question is typed once, at set-up (or read from the preparation form), and stored as
``case.help_question``. A phase that asks for it again starts with it filled in: a **text field
whose id is** ``hulpvraag`` **or whose label begins with "Hulpvraag"** (oplossingsgericht phase 1:
``id = "hulpvraag"``, "Hulpvraag van de inbrenger"). The rule goes by name, so a protocol author
needs no extra key to get it; a field that only mentions the help question further on ("Reactie
op de hulpvraag") is not filled. The same name rule picks the help question out of a filled-in
preparation form (the generic form's question ``hulpvraag``).
"""

from __future__ import annotations

from intervisie_tui.engine.case_forms import names_help_question
from intervisie_tui.engine.protocol import FieldType, Protocol
from intervisie_tui.engine.session import Session


def help_question_fields(protocol: Protocol) -> list[tuple[str, str]]:
    """(phase id, field id) of every text field that asks for the help question."""
    return [
        (phase.id, spec.id)
        for phase in protocol.phases
        for spec in phase.fields
        if spec.type is FieldType.TEXT and names_help_question(spec.id, spec.label)
    ]


def prefill_answers(session: Session) -> list[tuple[str, str]]:
    """Fill the fields that ask for what set-up knows, where they are still empty; returns the
    fields filled. Run once, when the session is created: later edits in the meeting stand."""
    question = session.case.help_question
    if not question.strip():
        return []
    filled = []
    for phase_id, field_id in help_question_fields(session.protocol):
        current = session.answer(phase_id, field_id)
        if current is None or not str(current).strip():
            session.set_answer(phase_id, field_id, question)
            filled.append((phase_id, field_id))
    return filled
