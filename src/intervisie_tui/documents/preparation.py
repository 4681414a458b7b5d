"""The preparation form of a protocol (handelingsgericht's copy sheet 1), to send ahead.

The case owner fills it in and copies it to the colleagues about a week before the meeting.
A protocol without a ``[preparation]`` section gets a short generic form, so every protocol can
be prepared: for a case about a pupil it asks for the help question and the situation, for a
theme (leren van successen) it asks for the theme and a success, never for a pupil. Below the
questions the form shows how the meeting will go (the phases, who speaks and the minutes, with
the minutes that are our own proposal marked as set-up marks them), so colleagues know what to
expect.

The Markdown form marks each answer area with ``<!-- antwoord: ID -->``; after filling it in,
:func:`read_preparation` gives back the answers by question id, the case owner's name and the
pupil's schuilnaam from the lines at the top, and the help question (or the theme) for the
set-up screen, so nothing on the form is typed twice. Forms printed before "schuilnaam"
replaced "pseudoniem" on the pupil's line are read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from intervisie_tui.documents import html as html_doc
from intervisie_tui.documents.common import clean
from intervisie_tui.documents.markdown import escape
from intervisie_tui.engine.case_forms import PUPIL_CASE
from intervisie_tui.engine.prefill import names_help_question
from intervisie_tui.engine.protocol_notes import case_form, minutes_mark, minutes_note

if TYPE_CHECKING:
    from intervisie_tui.engine.protocol import Phase, Protocol

GENERIC_QUESTIONS = (
    ("hulpvraag", "Wat is je hulpvraag? Wat wil je na de intervisie weten of kunnen?", ""),
    ("situatie", "Wat is de situatie, en wat heb je al geprobeerd?", ""),
    ("goed", "Wat gaat juist goed? In welke situaties gaat het goed?", ""),
)
GENERIC_INSTRUCTION = (
    "Dit protocol heeft geen eigen voorbereidingsformulier. Beantwoord deze vragen in "
    "steekwoorden en geef ze ruim vóór de intervisie aan je collega's."
)
# A theme is learnt about from what succeeded, by equals (seed 004): no problem, no pupil.
THEME_QUESTION = "thema"  # its answer is the meeting's theme, kept as the case's help question
GENERIC_THEME_QUESTIONS = (
    (THEME_QUESTION, "Over welk thema wil je met de anderen van successen leren?", ""),
    (
        "succes",
        "Welk succes wil je vertellen: een moment waarop het goed ging, of een stap die gezet is?",
        "",
    ),
    ("waardoor", "Waardoor lukte het? Wat deed je zelf, en wat of wie hielp mee?", ""),
)
GENERIC_THEME_INSTRUCTION = (
    "Dit protocol heeft geen eigen voorbereidingsformulier. Deze intervisie gaat over wat "
    "gelukt is, niet over problemen. Beantwoord deze vragen in steekwoorden en geef ze ruim "
    "vóór de intervisie aan je collega's."
)
ALIAS_NOTE = "Noem de leerling met een schuilnaam of initialen, nooit met de volledige naam."
OWNER_LABEL = "Inbrenger"
PUPIL_LABEL = PUPIL_CASE.pupil_label or ""
OLD_PUPIL_LABEL = "Leerling (pseudoniem of initialen)"  # forms printed before "schuilnaam"
DATE_LABEL = "Datum van de intervisie"
_MARKER = re.compile(r"^<!-- antwoord: ([a-z0-9][a-z0-9_-]*) -->$", re.MULTILINE)


def _fact(*labels: str) -> re.Pattern[str]:
    """The filled-in line ``- **LABEL:** value`` at the top of the Markdown form."""
    either = "|".join(re.escape(label) for label in labels)
    return re.compile(rf"^[ \t]*[-*] \*\*(?:{either}):\*\*[ \t]*(.*?)[ \t]*$", re.MULTILINE)


_OWNER = _fact(OWNER_LABEL)
_PUPIL = _fact(PUPIL_LABEL, OLD_PUPIL_LABEL)


def _form(protocol: Protocol) -> tuple[str, str, list[tuple[str, str, str]]]:
    prep = protocol.preparation
    if prep is None:
        if case_form(protocol).pupil_label is None:
            return "Voorbereiding", GENERIC_THEME_INSTRUCTION, list(GENERIC_THEME_QUESTIONS)
        return "Voorbereiding", GENERIC_INSTRUCTION, list(GENERIC_QUESTIONS)
    questions = [(q.id, clean(q.text), clean(q.hint)) for q in prep.questions]
    return clean(prep.title), clean(prep.instruction), questions


def _facts(protocol: Protocol) -> tuple[list[str], str]:
    """The lines to fill in at the top (no pupil for a theme) and the note under them."""
    form = case_form(protocol)
    if form.pupil_label is None:
        return [OWNER_LABEL, DATE_LABEL], form.note
    return [OWNER_LABEL, form.pupil_label, DATE_LABEL], ALIAS_NOTE


def _minutes(protocol: Protocol, phase: Phase) -> str:
    """``5`` or ``5 (eigen voorstel)``, as Home lists them."""
    mark = minutes_mark(protocol, phase)
    return f"{phase.minutes:g} ({mark})" if mark else f"{phase.minutes:g}"


def render_preparation(protocol: Protocol, fmt: str = "md") -> str:
    if fmt == "md":
        return _markdown(protocol)
    if fmt == "html":
        return _html(protocol)
    raise ValueError(f"onbekend formaat {fmt!r} (kies md of html)")


def _markdown(protocol: Protocol) -> str:
    title, instruction, questions = _form(protocol)
    out = [f"# {escape(title)}", "", f"*{escape(clean(protocol.title))}*", ""]
    if instruction:
        out += [escape(instruction), ""]
    labels, note = _facts(protocol)
    out += [*(f"- **{label}:** " for label in labels), "", f"> {escape(note)}", ""]
    for number, (qid, text, hint) in enumerate(questions, start=1):
        out += [f"## {number}. {escape(text)}", ""]
        if hint:
            out += [f"*{escape(hint)}*", ""]
        out += [f"<!-- antwoord: {qid} -->", "", ""]
    out += _overview_markdown(protocol)
    return "\n".join(out)


def _overview_markdown(protocol: Protocol) -> list[str]:
    out = [
        "---",
        "",
        f"## Zo verloopt de intervisie ({protocol.total_minutes:g} minuten)",
        "",
        "| stap | wie | minuten |",
        "| --- | --- | ---: |",
    ]
    for number, phase in enumerate(protocol.phases, start=1):
        out.append(
            f"| {number}. {escape(clean(phase.title))} | {escape(clean(phase.who))} "
            f"| {_minutes(protocol, phase)} |"
        )
    out.append("")
    note = minutes_note(protocol)
    if note:
        out += [f"*{escape(note)}*", ""]
    return out


def _html(protocol: Protocol) -> str:
    esc = html_doc.esc
    title, instruction, questions = _form(protocol)
    body = [f"<h1>{esc(title)}</h1>", f'<p class="meta">{esc(clean(protocol.title))}</p>']
    if instruction:
        body.append(f"<p>{esc(instruction)}</p>")
    labels, note = _facts(protocol)
    body += [
        '<table class="facts">',
        *(f'<tr><th>{esc(label)}</th><td class="line"></td></tr>' for label in labels),
        "</table>",
        f'<p class="meta">{esc(note)}</p>',
    ]
    for number, (_qid, text, hint) in enumerate(questions, start=1):
        body.append(f'<div class="question"><h3>{number}. {esc(text)}</h3>')
        if hint:
            body.append(f'<p class="meta">{esc(hint)}</p>')
        body.append('<div class="box"></div></div>')
    body += [
        f"<h2>Zo verloopt de intervisie ({protocol.total_minutes:g} minuten)</h2>",
        "<table>",
        "<thead><tr><th>Stap</th><th>Wie</th><th>Minuten</th></tr></thead>",
        "<tbody>",
    ]
    for number, phase in enumerate(protocol.phases, start=1):
        body.append(
            f"<tr><td>{number}. {esc(clean(phase.title))}</td><td>{esc(clean(phase.who))}</td>"
            f"<td>{esc(_minutes(protocol, phase))}</td></tr>"
        )
    body += ["</tbody>", "</table>"]
    note = minutes_note(protocol)
    if note:
        body.append(f'<p class="meta">{esc(note)}</p>')
    extra = (
        ".box { border: 0.5pt solid #777; min-height: 32mm; margin: 1mm 0 4mm; }\n"
        "td.line { border-bottom: 0.5pt solid #777; min-width: 80mm; }"
    )
    document = html_doc.page(title, body)
    return document.replace("</style>", f"{extra}\n</style>", 1)


@dataclass(frozen=True)
class FilledForm:
    """What a filled-in Markdown form says; empty parts are empty strings."""

    answers: dict[str, str]  # by question id: the protocol's own, or the generic form's
    case_owner: str
    pupil: str  # always "" for a theme: its form has no pupil line
    help_question: str  # the answer that asks for the help question (or the theme), if any


def read_preparation(text: str, protocol: Protocol) -> FilledForm:
    answers = read_preparation_answers(text, protocol)
    _title, _instruction, questions = _form(protocol)
    theme = case_form(protocol).pupil_label is None
    help_question = next(
        (
            answers[qid]
            for qid, question, _hint in questions
            if qid in answers
            and (names_help_question(qid, question) or (theme and qid == THEME_QUESTION))
        ),
        "",
    )
    return FilledForm(
        answers=answers,
        case_owner=_first(_OWNER, text),
        pupil="" if theme else _first(_PUPIL, text),
        help_question=help_question,
    )


def _first(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    return found.group(1) if found else ""


def read_preparation_answers(text: str, protocol: Protocol) -> dict[str, str]:
    """The answers typed into a filled-in Markdown form, by question id (empty ones left out).

    Only ids of the form's own questions are returned (the protocol's, or the generic form's
    for a protocol without one); an answer runs from its marker to the next heading or marker.
    """
    known = {qid for qid, _text, _hint in _form(protocol)[2]}
    answers: dict[str, str] = {}
    markers = list(_MARKER.finditer(text))
    for position, marker in enumerate(markers):
        end = markers[position + 1].start() if position + 1 < len(markers) else len(text)
        chunk = text[marker.end() : end]
        heading = re.search(r"^(#{1,6} |---\s*$)", chunk, re.MULTILINE)
        if heading:
            chunk = chunk[: heading.start()]
        answer = chunk.strip()
        if marker.group(1) in known and answer:
            answers[marker.group(1)] = answer
    return answers
