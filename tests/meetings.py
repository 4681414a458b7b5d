"""Finished meetings for the tests of what comes after them (listing, documents, CLI, screens),
built through the engine (never as hand-written JSON), plus the bad files a real sessions folder
collects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol import Protocol
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import (
    SESSION_SCHEMA_VERSION,
    Agreement,
    Case,
    Participant,
    Role,
    Session,
)
from intervisie_tui.engine.store import create_session_file, lock_path, serialize
from tests.builders import make_protocol, make_session, phase_dict

INJECTION = "[bold]x[/] <script>alert(1)</script> *ster* # kop"
NAMES = ("Marieke de Vries", "Bram")


def meeting_protocol(**overrides: Any) -> Protocol:
    """Four phases whose fields cover every field type; flexible, so a phase can be skipped."""
    phases = [
        phase_dict(
            1,
            title="Vraag",
            minutes=5,
            questions=["Wat is je hulpvraag?"],
            fields=[
                {"id": "notes", "label": "Aantekeningen", "type": "text"},
                {"id": "ideas", "label": "Ideeën", "type": "list"},
            ],
        ),
        phase_dict(
            2,
            title="Verkennen",
            minutes=10,
            questions=["Wat gaat goed?", "Wanneer lukt het wel?"],
            fields=[
                {"id": "score", "label": "Cijfer", "type": "scale", "min": 1, "max": 10},
                {"id": "words", "label": "Kernwoorden", "type": "tally"},
            ],
        ),
        phase_dict(
            3,
            title="Afspraken",
            minutes=5,
            fields=[
                {"id": "afspraken", "label": "Afspraken", "type": "agreements"},
                {"id": "next", "label": "Volgende keer", "type": "date"},
            ],
        ),
        phase_dict(4, title="Opbrengst", minutes=2),
    ]
    data: dict[str, Any] = {
        "phases": phases,
        "order": "flexible",
        "preparation": {
            "questions": [
                {"id": "waarom", "text": "Waarom breng je deze leerling nu in?"},
                {"id": "goed", "text": "Wat gaat juist goed?", "hint": "Vraag het de leerling."},
            ]
        },
    }
    data.update(overrides)
    return make_protocol(**data)


def run_meeting(
    protocol: Protocol | None = None,
    *,
    start: datetime | None = None,
    minutes: list[float] | None = None,
    skip: tuple[int, ...] = (),
    answers: dict[tuple[str, str], Any] | None = None,
    agreements: list[Agreement] | None = None,
    pupil: str = "L.",
    help_question: str = "Hoe help ik L. zelfstandig te werken?",
    preparation: dict[str, str] | None = None,
    end: str = "finish",
    rehearsal: float | None = None,
) -> Session:
    """A meeting driven by a SessionRunner on a FakeClock; ``minutes`` per phase (default: the
    plan), phases in ``skip`` jumped over; ``end`` is finish, abandon or none (in progress)."""
    protocol = protocol or meeting_protocol()
    clock = FakeClock(start or datetime(2026, 11, 23, 15, 30).astimezone())
    session = make_session(protocol, clock)
    session.rehearsal_speed = rehearsal
    session.participants = [
        Participant(name=NAMES[0], roles=[Role.VOORZITTER, Role.TIJDBEWAKER]),
        Participant(name=NAMES[1], roles=[Role.INBRENGER]),
    ]
    session.case = Case(pupil=pupil, help_question=help_question)
    session.preparation = preparation or {}
    runner = SessionRunner(session, clock)
    runner.start()
    visit = [i for i in range(len(protocol.phases)) if i not in skip]
    assert visit[0] == 0, "the first phase is always visited"
    for position, index in enumerate(visit):
        phase = protocol.phases[index]
        spent = minutes[index] if minutes is not None else phase.minutes
        clock.advance(spent * 60)
        for (phase_id, field_id), value in (answers or {}).items():
            if phase_id == phase.id:
                session.set_answer(phase_id, field_id, value)
        if position + 1 < len(visit):
            runner.jump(visit[position + 1])
    session.agreements = list(agreements or [])
    if end == "finish":
        runner.finish()
    elif end == "abandon":
        runner.abandon()
    else:
        runner.pause()
    return session


def full_answers() -> dict[tuple[str, str], Any]:
    return {
        ("fase-1", "notes"): f"Marieke de Vries zag het eerst. {INJECTION}",
        ("fase-1", "ideas"): ["Time-timer op tafel", "Bram zoekt een maatje", INJECTION],
        ("fase-2", "score"): 6,
        ("fase-2", "words"): [{"keyword": "Belonen", "count": 3}],
        ("fase-3", "next"): date(2027, 1, 11),
    }


def save(folder: Path, session: Session) -> Path:
    handle = create_session_file(folder, session)
    handle.close()
    return handle.path


def agreement(what: str = "L. krijgt een time-timer.", **kwargs: Any) -> Agreement:
    return Agreement(what=what, **kwargs)


# -- bad files -----------------------------------------------------------------------------------


def bad_files(folder: Path, good: Session) -> dict[str, str]:
    """Every kind of bad file next to the good ones; returns name -> part of the expected reason."""
    folder.mkdir(parents=True, exist_ok=True)
    data = serialize(good)
    newer = json.loads(data)
    newer["schema_version"] = SESSION_SCHEMA_VERSION + 1
    newer["id"] = "0badf00d"
    invalid = json.loads(data)
    invalid["phases"][1]["answers"] = {"score": "veel"}
    files = {
        "2026-01-05_1200_test-protocol_c0ffee00.json": (b'{"id": "c0ffee00", "pro', "afgebroken"),
        "2026-01-06_1200_test-protocol_0badf00d.json": (
            json.dumps(newer).encode(),
            "nieuwer",
        ),
        "2026-01-07_1200_test-protocol_deadbeef.json": (data[: len(data) // 2], "afgebroken"),
        "boodschappen.json": (b'{"melk": 2, "brood": 1}', "geen sessiebestand"),
        "lijst.json": (b"[1, 2, 3]", "geen sessiebestand"),
        "leeg.json": (b"", "leeg bestand"),
        "latin1.json": ('{"naam": "Zoë"}'.encode("latin-1"), "UTF-8"),
        "2026-01-08_1200_test-protocol_abad1dea.json": (json.dumps(invalid).encode(), "score"),
    }
    for name, (content, _reason) in files.items():
        (folder / name).write_bytes(content)
    return {name: reason for name, (_content, reason) in files.items()}


def snapshot(folder: Path, names: Any = None) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of files in ``folder`` (all ``*.json`` unless ``names``)."""
    chosen = names if names is not None else [p.name for p in folder.glob("*.json")]
    return {
        name: ((folder / name).read_bytes(), (folder / name).stat().st_mtime_ns) for name in chosen
    }


# -- another program holding a session's lock ---------------------------------------------------

_HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.read()
lock.release()
"""


@contextmanager
def held_by_other_program(path: Path) -> Iterator[None]:
    """A separate process holds the session's lock (as a running TUI would) until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(lock_path(path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


def days_ago(days: float) -> datetime:
    return datetime.now().astimezone() - timedelta(days=days)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("INTERVISIE_SESSIONS_DIR", None)
    return env
