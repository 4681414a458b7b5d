"""Follow-up: the agreements of earlier sessions that are due for evaluation, and marking one
evaluated in its original file.

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

from intervisie_tui.engine.listing import DUE_HORIZON_DAYS, scan_sessions
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.session import Agreement, Evaluation, Session
from intervisie_tui.engine.store import (
    load_session,
    open_session_file,
    parse_session,
    write_atomically,
)


@dataclass(frozen=True)
class DueAgreement:
    path: Path
    session_id: str
    created_at: datetime
    protocol_title: str
    pupil: str
    index: int  # position in the session's ``agreements``
    agreement: Agreement

    @property
    def evaluation_date(self) -> date:
        assert self.agreement.evaluation_date is not None
        return self.agreement.evaluation_date

    def overdue(self, today: date) -> bool:
        return self.evaluation_date < today


def due_agreements(
    directory: Path,
    today: date,
    horizon_days: int = DUE_HORIZON_DAYS,
    *,
    index: bool = False,
) -> list[DueAgreement]:
    """Open agreements whose evaluation date is before ``today + horizon_days``, overdue first.

    Bad files are skipped here (the listing names them). ``index`` as in ``scan_sessions``.
    """
    limit = today + timedelta(days=horizon_days)
    due: list[DueAgreement] = []
    for summary in scan_sessions(directory, index=index).sessions:
        if not summary.evaluation_due(today, horizon_days):
            continue
        try:
            session = load_session(summary.path)
        except FileProblems:  # changed into a bad file since the listing: skip it
            continue
        for position, agreement in enumerate(session.agreements):
            when = agreement.evaluation_date
            if agreement.evaluation is None and when is not None and when <= limit:
                due.append(
                    DueAgreement(
                        path=summary.path,
                        session_id=session.id,
                        created_at=session.created_at,
                        protocol_title=session.protocol.title,
                        pupil=session.case.pupil,
                        index=position,
                        agreement=agreement,
                    )
                )
    due.sort(key=lambda d: (d.evaluation_date, d.created_at, d.index))
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
        data = path.read_bytes()
        raw = json.loads(data.decode("utf-8"))
        agreements = raw.get("agreements")
        count = len(handle.session.agreements)
        if not isinstance(agreements, list) or len(agreements) != count:
            raise FileProblems([Problem(path, None, "agreements", "onverwachte vorm")])
        if not 0 <= index < count:
            raise IndexError(f"afspraak {index + 1} bestaat niet (de sessie heeft er {count})")
        agreements[index]["evaluation"] = evaluation.model_dump(mode="json")
        updated = json.dumps(raw, indent=2, ensure_ascii=False).encode("utf-8")
        session = parse_session(updated, path)  # schema-valid, or nothing is written
        write_atomically(path, updated)
        handle.session = session
    return session


def _evaluation(at: datetime, note: str) -> Evaluation:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("het tijdstip van de evaluatie heeft een tijdzone nodig")
    note = note.strip()
    if len(note) > 100_000:
        raise ValueError("de notitie is te lang (hoogstens 100000 tekens)")
    return Evaluation(evaluated_at=at, note=note)
