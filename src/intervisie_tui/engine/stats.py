"""Planned against actual time per phase, over the completed sessions of one protocol.

This is the evidence a coordinator needs to decide "phase 2 is too long". Only **completed**
sessions count (an abandoned meeting says little about how long a phase takes), and rehearsals
(``rehearsal_speed`` set) are left out: they are practice, not meetings. A phase that a session
never visited is not a sample of its duration and is counted in ``skipped`` instead.

A phase *ran over* when its actual time exceeded its planned time (the ``minutes`` of the
protocol as it was in that session, before any adjustment during the meeting) by more than
``OVERRUN_GRACE_SECONDS``: pressing "next" a few seconds after the bell is on time. Quartiles
use linear interpolation between the samples (``statistics.quantiles(method="inclusive")``, as
numpy's default), so with one sample median, quartiles, minimum and maximum coincide.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from intervisie_tui.engine.listing import scan_sessions
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.session import Session, SessionStatus
from intervisie_tui.engine.store import load_session

OVERRUN_GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class PhaseStats:
    phase_id: str
    title: str
    planned_minutes: float  # from the newest session that has this phase
    samples: int  # completed sessions that visited this phase
    median_minutes: float | None
    q1_minutes: float | None
    q3_minutes: float | None
    min_minutes: float | None
    max_minutes: float | None
    overrun_count: int
    skipped: int = 0  # completed sessions that had the phase but never visited it

    @property
    def overrun_share(self) -> float | None:
        return self.overrun_count / self.samples if self.samples else None


def counted(session: Session) -> bool:
    """Whether a session is evidence for the statistics: completed and not a rehearsal."""
    return session.status is SessionStatus.COMPLETED and session.rehearsal_speed is None


def protocol_stats(sessions: Iterable[Session], protocol_id: str) -> list[PhaseStats]:
    """Per phase, in the order of the newest session's protocol copy; phases that only older
    copies have are appended in the order they are first met going back in time."""
    chosen = sorted(
        (s for s in sessions if s.protocol.id == protocol_id and counted(s)),
        key=lambda s: s.created_at,
        reverse=True,
    )
    order: list[str] = []
    titles: dict[str, str] = {}
    planned: dict[str, float] = {}
    actual: dict[str, list[float]] = {}
    overruns: dict[str, int] = {}
    skipped: dict[str, int] = {}
    for session in chosen:
        for record in session.phases:
            if record.id not in titles:
                order.append(record.id)
                titles[record.id] = record.title
                planned[record.id] = record.planned_seconds
                actual[record.id] = []
                overruns[record.id] = 0
                skipped[record.id] = 0
            if not record.visits:
                skipped[record.id] += 1
                continue
            actual[record.id].append(record.actual_seconds)
            if record.actual_seconds > record.planned_seconds + OVERRUN_GRACE_SECONDS:
                overruns[record.id] += 1
    return [
        _phase_stats(pid, titles[pid], planned[pid], actual[pid], overruns[pid], skipped[pid])
        for pid in order
    ]


def _phase_stats(
    phase_id: str,
    title: str,
    planned_seconds: float,
    seconds: list[float],
    overruns: int,
    skipped: int,
) -> PhaseStats:
    minutes = sorted(s / 60 for s in seconds)
    if not minutes:
        median = q1 = q3 = low = high = None
    elif len(minutes) == 1:
        median = q1 = q3 = low = high = minutes[0]
    else:
        q1, median, q3 = statistics.quantiles(minutes, n=4, method="inclusive")
        low, high = minutes[0], minutes[-1]
    return PhaseStats(
        phase_id=phase_id,
        title=title,
        planned_minutes=planned_seconds / 60,
        samples=len(minutes),
        median_minutes=median,
        q1_minutes=q1,
        q3_minutes=q3,
        min_minutes=low,
        max_minutes=high,
        overrun_count=overruns,
        skipped=skipped,
    )


def protocols_with_stats(sessions: Iterable[Session]) -> list[tuple[str, str, int]]:
    """(protocol id, title of the newest copy, number of counted sessions), by title."""
    newest: dict[str, Session] = {}
    counts: dict[str, int] = {}
    for session in sessions:
        if not counted(session):
            continue
        pid = session.protocol.id
        counts[pid] = counts.get(pid, 0) + 1
        if pid not in newest or session.created_at > newest[pid].created_at:
            newest[pid] = session
    return sorted(
        ((pid, s.protocol.title, counts[pid]) for pid, s in newest.items()),
        key=lambda item: (item[1].casefold(), item[0]),
    )


def counted_sessions(
    directory: Path, protocol_id: str | None = None, *, index: bool = False
) -> list[Session]:
    """The sessions in ``directory`` that count for the statistics (of one protocol if given),
    loaded in full; bad files are skipped (the listing names them)."""
    sessions = []
    for summary in scan_sessions(directory, index=index).sessions:
        if summary.status is not SessionStatus.COMPLETED or summary.rehearsal:
            continue
        if protocol_id is not None and summary.protocol_id != protocol_id:
            continue
        try:
            sessions.append(load_session(summary.path))
        except FileProblems:  # changed into a bad file since the listing
            continue
    return sessions
