"""Free-text search through what a session recorded.

A session matches when every word of the query occurs somewhere in its searchable text:
the answers (every field type: text, list items, scale values, tally keywords, dates written
both as ``2026-12-14`` and ``14-12-2026``), the agreements (what, who, when, evaluation note),
the case (the pupil's pseudonym and the help question), the preparation answers, and the
protocol's title. Participants' names are not searched: the browser finds a meeting by what
was discussed, not by who was there. Matching ignores case and accents (``ideeen`` finds
``ideeën``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.session import Session, TallyItem
from intervisie_tui.engine.store import load_session
from intervisie_tui.timefmt import dutch_date


def fold(text: str) -> str:
    """Lower case without accents, for matching only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def searchable_texts(session: Session) -> Iterator[str]:
    yield session.protocol.title
    yield session.case.pupil
    yield session.case.help_question
    yield from session.preparation.values()
    for agreement in session.agreements:
        yield agreement.what
        yield agreement.who
        yield agreement.when
        if agreement.evaluation_date is not None:
            yield from _date_texts(agreement.evaluation_date)
        if agreement.evaluation is not None:
            yield agreement.evaluation.note
    for record in session.phases:
        for field_id in record.answers:
            yield from _answer_texts(session.answer(record.id, field_id))


def _answer_texts(answer: object) -> Iterator[str]:
    if answer is None:
        return
    if isinstance(answer, str):
        yield answer
    elif isinstance(answer, date):
        yield from _date_texts(answer)
    elif isinstance(answer, int):
        yield str(answer)
    elif isinstance(answer, list):
        for item in answer:
            yield item.keyword if isinstance(item, TallyItem) else str(item)


def _date_texts(value: date) -> Iterator[str]:
    yield value.isoformat()
    yield dutch_date(value)


def session_text(session: Session) -> str:
    """Everything searchable, folded, one piece per line."""
    return "\n".join(fold(t) for t in searchable_texts(session) if t)


def session_text_matches(session: Session, query: str) -> bool:
    """Every word of ``query`` occurs in the session's searchable text; an empty query matches."""
    words = fold(query).split()
    if not words:
        return True
    haystack = session_text(session)
    return all(word in haystack for word in words)


def matching_paths(paths: Iterable[Path], query: str) -> list[Path]:
    """The session files among ``paths`` whose text matches ``query`` (bad files skipped)."""
    if not fold(query).split():
        return list(paths)
    found = []
    for path in paths:
        try:
            session = load_session(path)
        except FileProblems:
            continue
        if session_text_matches(session, query):
            found.append(path)
    return found
