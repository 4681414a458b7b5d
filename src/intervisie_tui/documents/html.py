"""A session as a self-contained HTML page that prints well on A4.

No scripts, no external files (a Content-Security-Policy forbids both), every recorded text
escaped; ``@page`` sets A4 with margins, headings stay with what follows and agreements and
answers do not break across pages.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from intervisie_tui.documents.common import (
    DEVIATIONS_NOTE,
    DEVIATIONS_TITLE,
    NOBODY,
    NOT_COVERED,
    Answer,
    SessionDocument,
    budget_text,
    clock,
    deviation,
    document_of,
    dutch_date,
)

if TYPE_CHECKING:
    from intervisie_tui.engine.session import Session

STYLE = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-size: 11pt; }
body {
  font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Noto Sans", sans-serif;
  line-height: 1.45; color: #111; background: #fff;
  max-width: 178mm; margin: 0 auto; padding: 6mm 0;
}
h1 { font-size: 18pt; margin: 0 0 3mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; padding-bottom: 1mm; border-bottom: 0.5pt solid #777; }
h3 { font-size: 12pt; margin: 6mm 0 1mm; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 0.5pt solid #999; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
thead th { background: #eee; }
tr, li, .answer, .question { break-inside: avoid; page-break-inside: avoid; }
table.facts th { width: 32%; background: none; font-weight: 600; }
table.facts, table.facts th, table.facts td { border: none; padding: 0.6mm 2mm 0.6mm 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { color: #444; font-style: italic; }
.over { color: #a00000; font-weight: 600; }
.questions { color: #333; margin: 1mm 0 2mm; padding-left: 6mm; }
.answer { margin: 2mm 0 3mm; }
.answer h4 { font-size: 11pt; margin: 0 0 0.5mm; }
.next { font-size: 12pt; }
.note { margin-top: 10mm; font-size: 9pt; color: #444; border-top: 0.5pt solid #999; }
@media print { body { max-width: none; padding: 0; } }
""".strip()


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def page(title: str, body: list[str]) -> str:
    """A complete, self-contained HTML page."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="nl">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)}</title>",
            f"<style>\n{STYLE}\n</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def render_html(session: Session | SessionDocument, *, anonymous: bool = False) -> str:
    doc = document_of(session, anonymous=anonymous)
    body = [f"<h1>{esc(doc.title)}</h1>", '<table class="facts">']
    facts = doc.facts()
    body += [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts]
    body.append("</table>")
    if doc.help_question.strip():
        body.append(
            f"<p><strong>{esc(doc.question_label)}:</strong></p>"
            f'<p class="text">{esc(doc.help_question)}</p>'
        )

    if doc.records_agreements:
        body.append("<h2>Afspraken</h2>")
    if doc.next_evaluation is not None:
        body.append(
            f'<p class="next">Eerstvolgende evaluatie: '
            f"<strong>{dutch_date(doc.next_evaluation)}</strong></p>"
        )
    if doc.agreements:
        body += [
            "<table>",
            "<thead><tr><th>#</th><th>Afspraak</th><th>Wie</th><th>Wanneer</th>"
            "<th>Evaluatie</th></tr></thead>",
            "<tbody>",
        ]
        for a in doc.agreements:
            body.append(
                f'<tr><td>{a.number}</td><td class="text">{esc(a.what)}</td>'
                f'<td class="text">{esc(a.who or NOBODY)}</td>'
                f'<td class="text">{esc(a.when or NOBODY)}</td>'
                f'<td class="text">{esc(a.evaluation_line())}</td></tr>'
            )
        body += ["</tbody>", "</table>"]
    elif doc.records_agreements:
        body.append("<p>Geen afspraken vastgelegd.</p>")

    if doc.preparation:
        body.append("<h2>Voorbereiding</h2>")
        for question, answer in doc.preparation:
            body.append(
                f'<div class="answer"><h4>{esc(question)}</h4>'
                f'<div class="text">{esc(answer)}</div></div>'
            )

    if doc.deviations:
        body += [f"<h2>{DEVIATIONS_TITLE}</h2>", f"<p>{esc(DEVIATIONS_NOTE)}</p>", "<ul>"]
        body += [f"<li>{esc(d.line())}</li>" for d in doc.deviations]
        body.append("</ul>")

    body += [
        "<h2>Verloop</h2>",
        "<table>",
        "<thead><tr><th>Fase</th><th>Gepland</th><th>Werkelijk</th><th>Verschil</th></tr></thead>",
        "<tbody>",
    ]
    for phase in doc.phases:
        if phase.visited:
            actual = clock(phase.actual_seconds)
            css = ' class="over"' if phase.over else ""
            difference = f"<td{css}>{deviation(phase.actual_seconds, phase.budget_seconds)}</td>"
        else:
            actual, difference = NOT_COVERED, "<td></td>"
        planned = budget_text(phase.budget_seconds, phase.planned_seconds)
        body.append(
            f"<tr><td>{phase.number}. {esc(phase.title)}</td><td>{planned}</td>"
            f"<td>{actual}</td>{difference}</tr>"
        )
    body.append(
        f"<tr><th>Totaal</th><th>{doc.planned_total()}</th>"
        f"<th>{clock(doc.actual_seconds)}</th><th></th></tr>"
    )
    body += ["</tbody>", "</table>"]

    for phase in doc.phases:
        body.append(f"<h3>{phase.number}. {esc(phase.title)}</h3>")
        meta = [phase.who] if phase.who else []
        meta.append(phase.time_line())
        body.append(f'<p class="meta">{esc(" · ".join(meta))}</p>')
        if phase.questions:
            body.append('<ul class="questions">')
            body += [f"<li>{esc(q)}</li>" for q in phase.questions]
            body.append("</ul>")
        body += [_answer(a) for a in phase.answers]
        if phase.records_agreements:
            body.append('<p class="meta">De afspraken staan bovenaan.</p>')
        if not phase.answers and not phase.records_agreements:
            body.append('<p class="meta">Geen aantekeningen.</p>')
    body.append(f'<p class="note">{esc(doc.privacy_note)}</p>')
    return page(f"{doc.title} — {dutch_date(doc.created_at.date())}", body)


def _answer(answer: Answer) -> str:
    if answer.is_items:
        items = "".join(f'<li class="text">{esc(item)}</li>' for item in answer.lines())
        content = f"<ul>{items}</ul>"
    else:
        content = f'<div class="text">{esc(answer.lines()[0])}</div>'
    return f'<div class="answer"><h4>{esc(answer.label)}</h4>{content}</div>'
