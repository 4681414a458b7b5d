"""Follow-up: the agreements of earlier sessions that are due for evaluation, and marking one
evaluated in its original file.

An agreement carries its own evaluation date. Sessions of oplossingsgericht up to version 0.1.0
kept the date in a separate ``date`` field ("Evaluatiedatum") next to the agreements; an
agreement without a date of its own in such a session takes that field's answer, so old
sessions are still followed up. An agreement with no date at all is followed up too, marked
"zonder datum": seed 000 found that no evaluation date was agreed in any round, and an
agreement nobody comes back to is the failure this list exists to prevent.

Writing back is the one place where this feature changes a session file, so it is careful: it
takes the session's lock (a program that has the session open keeps it), validates the file
before touching it (a bad file is never written), changes only the one agreement's
``evaluation`` in the file's own JSON (every other key and value stays as it was, even in a file
written by hand), validates the result against the schema and saves it atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from intervisie_tui.engine.evaluation_field import separate_evaluation_field
from intervisie_tui.engine.listing import DUE_HORIZON_DAYS, UNDATED, scan_sessions
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.session import Agreement, Evaluation, Session, SessionStatus
from intervisie_tui.engine.store import (
    load_session,
    open_session_file,
    parse_session,
    read_session_bytes,
)
from intervisie_tui.timefmt import dutch_date


@dataclass(frozen=True)
class DueAgreement:
    path: Path
    session_id: str
    created_at: datetime
    protocol_title: str
    about: str  # the pupil, or a theme meeting's theme: ``case_forms.meeting_about``
    index: int  # position in the session's ``agreements``
    agreement: Agreement
    evaluation_date: date | None = None  # its own, or the old separate field's; None: undated
    date_from_field: bool = False  # the date came from the old separate field

    @property
    def undated(self) -> bool:
        return self.evaluation_date is None

    @property
    def evaluation_label(self) -> str:
        """The date as dd-mm-jjjj, or "zonder datum"."""
        return UNDATED if self.evaluation_date is None else dutch_date(self.evaluation_date)

    def overdue(self, today: date) -> bool:
        return self.evaluation_date is not None and self.evaluation_date < today


def separate_evaluation_date(session: Session) -> date | None:
    """The answer of an old protocol's separate evaluation date field (see
    ``engine/evaluation_field.py``)."""
    found = separate_evaluation_field(
        (phase.id, [spec.model_dump(mode="json") for spec in phase.fields])
        for phase in session.protocol.phases
    )
    if found is None:
        return None
    answer = session.answer(*found)
    return answer if isinstance(answer, date) else None


def evaluation_dates(session: Session) -> list[date | None]:
    """Each agreement's evaluation date, in order: its own, else the separate field's."""
    fallback = separate_evaluation_date(session)
    return [a.evaluation_date or fallback for a in session.agreements]


def due_agreements(
    directory: Path,
    today: date,
    horizon_days: int = DUE_HORIZON_DAYS,
    *,
    index: bool = False,
) -> list[DueAgreement]:
    """Open agreements to evaluate by ``today + horizon_days``, overdue first, then those
    without any date (oldest session first).

    Undated agreements come only from meetings that ended (in one still running a date can be
    added yet); rehearsals are practice and are left out. Bad files are skipped here (the
    listing names them). ``index`` as in ``scan_sessions``.
    """
    limit = today + timedelta(days=horizon_days)
    due: list[DueAgreement] = []
    for summary in scan_sessions(directory, index=index).sessions:
        # The listing's rule decides which sessions are worth loading; the loop below picks
        # their agreements by the same rule.
        if not summary.evaluation_due(today, horizon_days):
            continue
        try:
            session = load_session(summary.path)
        except FileProblems:  # changed into a bad file since the listing: skip it
            continue
        own_dates = [a.evaluation_date for a in session.agreements]
        ended = session.status is not SessionStatus.IN_PROGRESS
        for position, (agreement, when) in enumerate(
            zip(session.agreements, evaluation_dates(session), strict=True)
        ):
            if agreement.evaluation is not None:
                continue
            if (when is None and ended) or (when is not None and when <= limit):
                due.append(
                    DueAgreement(
                        path=summary.path,
                        session_id=session.id,
                        created_at=session.created_at,
                        protocol_title=session.protocol.title,
                        about=summary.about,
                        index=position,
                        agreement=agreement,
                        evaluation_date=when,
                        date_from_field=when is not None and own_dates[position] is None,
                    )
                )
    due.sort(key=lambda d: (d.undated, d.evaluation_date or date.max, d.created_at, d.index))
    return due


def mark_evaluated(
    path: Path, index: int, note: str, at: datetime, *, timeout: float = 2.0
) -> Session:
    """Set ``agreements[index].evaluation`` in the file at ``path`` and save it; returns the
    session as saved.

    Raises ``store.SessionLocked`` when another program holds the session (after ``timeout``
    seconds), ``FileProblems`` for a file that is not a valid session (which is then left
    untouched), ``IndexError`` for an agreement that does not exist and ``ValueError`` for a
    note that is too long or a time without a time zone. Marking an agreement that was already
    evaluated replaces its evaluation (to correct a note).
    """
    evaluation = _evaluation(at, note)
    with open_session_file(path, timeout=timeout) as handle:
        # Under the lock: re-read the bytes the validation just accepted, change one value.
        # The handle's path: a link given on the command line is resolved to the real file.
        path = handle.path
        raw = json.loads(read_session_bytes(path).decode("utf-8"))
        agreements = raw.get("agreements")
        count = len(handle.session.agreements)
        if not isinstance(agreements, list) or len(agreements) != count:
            raise FileProblems([Problem(path, None, "agreements", "onverwachte vorm")])
        if not 0 <= index < count:
            raise IndexError(f"afspraak {index + 1} bestaat niet (de sessie heeft er {count})")
        agreements[index]["evaluation"] = evaluation.model_dump(mode="json")
        updated = json.dumps(raw, indent=2, ensure_ascii=False).encode("utf-8")
        session = parse_session(updated, path)  # schema-valid, or nothing is written
        handle.session = session
        handle.save(updated)
    return session


def _evaluation(at: datetime, note: str) -> Evaluation:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("het tijdstip van de evaluatie heeft een tijdzone nodig")
    note = note.strip()
    if len(note) > 100_000:
        raise ValueError("de notitie is te lang (hoogstens 100000 tekens)")
    return Evaluation(evaluated_at=at, note=note)
