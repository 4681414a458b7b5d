"""A session in the terminal with Rich: agreements and evaluation date first, then the phases.

All recorded text goes into :class:`rich.text.Text` objects, which Rich never parses for markup
or emoji codes, so ``[bold]x[/]`` in an answer is printed as typed; control characters were
made visible when the document was built. Print with a ``Console(highlight=False)`` so Rich
does not colour numbers or URLs inside answers either.

The layout is lines with a hanging indent (wrapped lines stay under the text, not under the
bullet) rather than Rich tables: it reads well in a narrow terminal and renders quickly, which
``intervisie show`` needs to start fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.text import Text

from intervisie_tui.documents.common import (
    DEVIATIONS_NOTE,
    DEVIATIONS_TITLE,
    NOBODY,
    NOT_COVERED,
    SessionDocument,
    clock,
    document_of,
    dutch_date,
)

if TYPE_CHECKING:
    from intervisie_tui.engine.session import Session


class Hanging:
    """``prefix`` then ``text``; lines that wrap are indented to where the text starts."""

    def __init__(self, prefix: str | Text, text: str | Text, style: str = "") -> None:
        self.prefix = prefix if isinstance(prefix, Text) else Text(prefix, style=style)
        self.text = text if isinstance(text, Text) else Text(text, style=style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        indent = self.prefix.cell_len
        lines = self.text.wrap(console, max(10, options.max_width - indent))
        pad = Segment(" " * indent)
        for number, line in enumerate(lines):
            if number == 0:
                yield from self.prefix.render(console)
            else:
                yield pad
            yield from line.render(console)
            yield Segment.line()


def _relative(when: date, today: date) -> str:
    days = (when - today).days
    return "vandaag" if days == 0 else f"over {_days(days)}"


def _days(count: int) -> str:
    return f"{count} dag{'en' if count != 1 else ''}"


def evaluation_line(dates: list[date], today: date) -> Text | None:
    """The next evaluation, or first the ones already due: an overdue date is no "next" one
    ("Evaluatie te laat: 20-11-2026 (11 dagen); daarna 10-12-2026 (over 9 dagen)")."""
    late = [d for d in dates if d < today]
    coming = [d for d in dates if d >= today]
    if not dates:
        return None
    line = Text()
    if late:
        line.append("Evaluatie te laat: ", style="red")
        for number, when in enumerate(late):
            line.append(", " if number else "")
            line.append(dutch_date(when), style="bold red")
            line.append(f" ({_days((today - when).days)})", style="red")
        if not coming:
            return line
        line.append("; daarna ")
    else:
        line.append("Eerstvolgende evaluatie: ")
    line.append(dutch_date(coming[0]), style="bold")
    line.append(f" ({_relative(coming[0], today)})", style="dim")
    return line


def _items(marker: str, texts: Iterable[str], *, indent: int, style: str = "") -> list[Hanging]:
    return [Hanging(" " * indent + marker + " ", text, style) for text in texts]


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def render_terminal(
    session: Session | SessionDocument, *, today: date | None = None
) -> RenderableType:
    doc = document_of(session)
    today = today or date.today()
    parts: list[RenderableType] = []
    title = Text(doc.title, style="bold")
    title.append(f"  {doc.when_line()}", style="dim")
    parts.append(title)

    facts = [("Sessie", f"{doc.id} · {doc.status_label}")]
    if doc.asks_pupil:
        facts.append(("Casus", doc.pupil or "—"))
    facts.append(("Deelnemers", doc.participants_line() or "—"))
    rehearsal = doc.rehearsal_line()
    if rehearsal is not None:
        facts.append(("Oefensessie", rehearsal))
    width = max(len(label) for label, _ in facts) + 2
    for label, value in facts:
        parts.append(Hanging(Text(label.ljust(width), style="bold"), value))
    if doc.help_question.strip():
        # Under the facts, as Markdown has it: its label is too long for their column.
        parts.append(Hanging("", Text(doc.question_label, style="bold")))
        parts.append(Hanging("  ", doc.help_question))

    if doc.records_agreements:
        parts.append(_heading("Afspraken"))
    line = evaluation_line(doc.evaluation_dates, today)
    if line is not None:
        parts.append(line)
    if doc.records_agreements and not doc.agreements:
        parts.append(Text("Geen afspraken vastgelegd.", style="dim"))
    number_width = len(str(len(doc.agreements))) + 2
    for a in doc.agreements:
        parts.append(Hanging(Text(f"{a.number}.".ljust(number_width), style="bold"), a.what))
        details = Text(f"wie: {a.who or NOBODY} · wanneer: {a.when or NOBODY} · ")
        late = not a.evaluated and a.evaluation_date is not None and a.evaluation_date < today
        details.append(a.evaluation_line(), style="red" if late else "")
        parts.append(Hanging(" " * number_width, details, style="dim"))

    if doc.preparation:
        parts.append(_heading("Voorbereiding"))
        for question, answer in doc.preparation:
            parts.append(Hanging("", Text(question, style="bold")))
            parts.append(Hanging("  ", answer))

    if doc.deviations:
        parts.append(_heading(DEVIATIONS_TITLE))
        parts.append(Hanging("", DEVIATIONS_NOTE, "dim"))
        parts += _items("↺", (d.line() for d in doc.deviations), indent=0, style="yellow")

    parts.append(_heading("Verloop"))
    parts.append(
        Text(f"Totaal gepland {doc.planned_total()}, werkelijk {clock(doc.actual_seconds)}")
    )
    if doc.uncovered:
        parts.append(
            Hanging(f"{NOT_COVERED.capitalize()}: ", ", ".join(doc.uncovered), "yellow")
        )
    for phase in doc.phases:
        parts.append(Text(f"\n{phase.number}. {phase.title}", style="bold"))
        meta = Text(f"{phase.who} · " if phase.who else "", style="dim")
        meta.append(phase.time_line(), style="red" if phase.over else "dim")
        parts.append(Hanging("", meta))
        parts += _items("?", phase.questions, indent=2, style="italic dim")
        for answer in phase.answers:
            parts.append(Hanging("  ", Text(answer.label, style="bold")))
            if answer.is_items:
                parts += _items("•", answer.lines(), indent=4)
            else:
                parts.append(Hanging("    ", answer.lines()[0]))
        if phase.records_agreements:
            parts.append(Hanging("  ", "De afspraken staan bovenaan.", "dim"))
        elif not phase.answers:
            parts.append(Hanging("  ", "Geen aantekeningen.", "dim"))
    return Group(*parts)
