"""Find the session files in a folder; a bad file is named with its reason, never fatal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.session import Session, SessionStatus
from intervisie_tui.engine.store import load_session


@dataclass(frozen=True)
class SessionSummary:
    path: Path
    id: str
    created_at: datetime
    status: SessionStatus
    protocol_id: str
    protocol_title: str
    pupil: str
    current_phase: str | None

    @classmethod
    def of(cls, path: Path, session: Session) -> SessionSummary:
        index = session.timer.current_phase
        return cls(
            path=path,
            id=session.id,
            created_at=session.created_at,
            status=session.status,
            protocol_id=session.protocol.id,
            protocol_title=session.protocol.title,
            pupil=session.case.pupil,
            current_phase=None if index is None else session.protocol.phases[index].title,
        )


@dataclass
class SessionScan:
    sessions: list[SessionSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def in_progress(self) -> list[SessionSummary]:
        return [s for s in self.sessions if s.status is SessionStatus.IN_PROGRESS]


def session_paths(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.json") if not p.name.startswith("."))


def scan_sessions(directory: Path) -> SessionScan:
    scan = SessionScan()
    for path in session_paths(directory):
        try:
            session = load_session(path)
        except FileProblems as bad:
            scan.problems.extend(bad.problems)
            continue
        scan.sessions.append(SessionSummary.of(path, session))
    scan.sessions.sort(key=lambda s: s.created_at, reverse=True)
    return scan
