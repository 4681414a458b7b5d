"""A session as a Markdown document: agreements first, then each phase as it was run.

Every piece of recorded text is escaped, so a rendered document shows it exactly as typed:
``[bold]``, ``<script>``, ``*`` or a line starting with ``#`` never turn into markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from intervisie_tui.documents.common import (
    DEVIATIONS_NOTE,
    DEVIATIONS_TITLE,
    NOBODY,
    NOT_COVERED,
    Answer,
    SessionDocument,
    clock,
    document_of,
    dutch_date,
)

if TYPE_CHECKING:
    from intervisie_tui.engine.session import Session

# Characters that mean something inline in CommonMark/GFM: escaped wherever they occur.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# Constructs that only mean something at the start of a line (after the indent is dropped).
_LINE_START = re.compile(r"^(#|=|-|\+)|^(\d+)([.)])")


def escape(text: str) -> str:
    """One line of text, literal in Markdown."""
    text = _INLINE.sub(r"\\\1", text.strip())
    return _LINE_START.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text
    )


def block(text: str, indent: str = "") -> str:
    """Multi-line text: paragraphs kept, single line breaks kept as hard breaks."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [escape(line) for line in paragraph.split("\n") if line.strip()]
        if lines:
            paragraphs.append((" \\\n" + indent).join(lines))
    return ("\n\n" + indent).join(paragraphs)


def render_markdown(session: Session | SessionDocument, *, anonymous: bool = False) -> str:
    doc = document_of(session, anonymous=anonymous)
    out: list[str] = [f"# {escape(doc.title)}", ""]
    facts = doc.facts()
    out += [f"- **{label}:** {escape(value)}" for label, value in facts]
    out.append("")
    if doc.help_question.strip():
        out += [f"**{escape(doc.question_label)}:**", "", block(doc.help_question), ""]

    if doc.records_agreements:
        out += ["## Afspraken", ""]
    if doc.next_evaluation is not None:
        out += [f"Eerstvolgende evaluatie: **{dutch_date(doc.next_evaluation)}**", ""]
    if doc.records_agreements and not doc.agreements:
        out += ["Geen afspraken vastgelegd.", ""]
    for agreement in doc.agreements:
        out.append(f"{agreement.number}. {block(agreement.what, '   ')}")
        details = [
            f"wie: {escape(agreement.who or NOBODY)}",
            f"wanneer: {escape(agreement.when or NOBODY)}",
            escape(agreement.evaluation_line()),
        ]
        out += ["", "   *" + " · ".join(details) + "*", ""]

    if doc.preparation:
        out += ["## Voorbereiding", ""]
        for question, answer in doc.preparation:
            out += [f"**{escape(question)}**", "", block(answer), ""]

    if doc.deviations:
        out += [f"## {DEVIATIONS_TITLE}", "", escape(DEVIATIONS_NOTE), ""]
        out += [f"- {escape(d.line())}" for d in doc.deviations]
        out.append("")

    out += ["## Verloop", ""]
    out += [
        f"Totaal: gepland {doc.planned_total()}, werkelijk {clock(doc.actual_seconds)}.",
        "",
    ]
    if doc.uncovered:
        titles = ", ".join(escape(t) for t in doc.uncovered)
        out += [f"{NOT_COVERED.capitalize()}: {titles}.", ""]
    for phase in doc.phases:
        out += [f"### {phase.number}. {escape(phase.title)}", ""]
        meta = [escape(phase.who)] if phase.who else []
        meta.append(escape(phase.time_line()))
        out += ["*" + " · ".join(meta) + "*", ""]
        if phase.questions:
            out += ["Vragen:", ""]
            out += [f"- {escape(q)}" for q in phase.questions]
            out.append("")
        for answer in phase.answers:
            out += _answer(answer)
        if phase.records_agreements:
            out += ["*De afspraken staan bovenaan.*", ""]
        if not phase.answers and not phase.records_agreements:
            out += ["*Geen aantekeningen.*", ""]
    out += ["---", "", f"*{escape(doc.privacy_note)}*", ""]
    return "\n".join(out)


def _answer(answer: Answer) -> list[str]:
    lines = [f"**{escape(answer.label)}**", ""]
    if answer.is_items:
        lines += [f"- {escape(item)}" for item in answer.lines()]
    elif answer.type == "text":
        lines.append(block(answer.value))
    else:
        lines.append(escape(answer.lines()[0]))
    lines.append("")
    return lines
