"""Finished meetings for the tests of what comes after them (listing, documents, CLI, screens),
built through the engine (never as hand-written JSON), plus the bad files a real sessions folder
collects."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import time
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
from intervisie_tui.engine.store import (
    MAX_SESSION_BYTES,
    create_session_file,
    lock_path,
    serialize,
)
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
    """Every kind of bad file a sessions folder collects, next to the good ones; returns
    name -> part of the expected reason.

    The one corrupt folder for every reader's tests (listing, ``sessions``, ``--json``, ``show``,
    ``export``, ``stats``, ``purge``, and the TUI's browser, reader and start screen): each
    reader must list the good sessions, name each of these with its reason, and change none of
    them (compare :func:`snapshot` before and after). Besides broken files there are things
    that only look like sessions by name: a folder, a FIFO, a dangling link, a file too big to
    read (sparse, so it costs no disk), and one nobody may read (not when running as root).
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = serialize(good)

    def changed(**changes: Any) -> bytes:
        raw = json.loads(data)
        for dotted, value in changes.items():
            *parents, last = dotted.split("__")
            target = raw
            for part in parents:
                target = target[int(part)] if isinstance(target, list) else target[part]
            target[last] = value
        return json.dumps(raw).encode()

    files = {
        "2026-01-05_1200_test-protocol_c0ffee00.json": (b'{"id": "c0ffee00", "pro', "afgebroken"),
        "2026-01-06_1200_test-protocol_0badf00d.json": (
            changed(schema_version=SESSION_SCHEMA_VERSION + 1, id="0badf00d"),
            "nieuwer",
        ),
        "2026-01-07_1200_test-protocol_deadbeef.json": (data[: len(data) // 2], "afgebroken"),
        "boodschappen.json": (b'{"melk": 2, "brood": 1}', "geen sessiebestand"),
        "lijst.json": (b"[1, 2, 3]", "geen sessiebestand"),
        "null.json": (b"null", "geen sessiebestand"),
        "leeg.json": (b"", "leeg bestand"),
        "witregels.json": (b" \n\t\n ", "leeg bestand"),
        "latin1.json": ('{"naam": "Zoë"}'.encode("latin-1"), "UTF-8"),
        "nul-bytes.json": (b"\x00\x00\x00", "kapotte"),
        "bom.json": (b"\xef\xbb\xbf" + data, "kapotte"),
        "diep.json": (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
        "groot-getal.json": (b'{"protocol": {}, "phases": ' + b"9" * 5000 + b"}", "te groot getal"),
        "2026-01-08_1200_test-protocol_abad1dea.json": (
            changed(phases__1__answers={"score": "veel"}),
            "score",
        ),
        "2026-01-09_1200_test-protocol_GEEN-ID.json": (changed(id="GEEN-ID"), "sessie-id"),
        "zonder-tijdzone.json": (changed(created_at="2026-01-10T12:00:00"), "tijdzone"),
        "nan.json": (data.replace(b": 300.0", b": NaN"), "eindig"),
        "status.json": (changed(status="klaar"), "van deze zijn: "),
        "huidige-fase.json": (changed(timer__current_phase=99), "bestaat niet"),
        "fasen.json": (changed(phases=[]), "fasen komen niet overeen"),
    }
    for name, (content, _reason) in files.items():
        (folder / name).write_bytes(content)
    reasons = {name: reason for name, (_content, reason) in files.items()}

    (folder / "map.json").mkdir()
    reasons["map.json"] = "is een map"
    os.mkfifo(folder / "pijp.json")
    reasons["pijp.json"] = "FIFO"
    (folder / "koppeling.json").symlink_to(folder / "bestaat-niet.json")
    reasons["koppeling.json"] = "koppeling naar iets dat niet bestaat"
    with (folder / "te-groot.json").open("wb") as sparse:
        sparse.truncate(MAX_SESSION_BYTES + 1)
    reasons["te-groot.json"] = "te groot"
    if os.geteuid() != 0:
        locked = folder / "geheim.json"
        locked.write_bytes(data.replace(good.id.encode(), b"5ec12e70"))
        locked.chmod(0)
        reasons["geheim.json"] = "kan niet lezen"
    return reasons


def edge_files(folder: Path, good: Session) -> list[str]:
    """Sessions with the most extreme values a file can hold: dates at either end of the
    calendar in a time zone that pushes them over the edge, absurd durations and speeds.
    Whether each is a valid session is for the schema to say; a reader must list it or name it,
    and never crash on it. Returns the names."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    raw = json.loads(serialize(good))
    late, early = "9999-12-31T23:30:00-01:00", "0001-01-01T00:30:00+01:00"
    variants: dict[str, dict[str, Any]] = {
        "late": {"created_at": late, "ended_at": late},
        "early": {"created_at": early, "ended_at": early},
        "ended-early": {"ended_at": early},
        "huge-durations": {"rehearsal_speed": 1e-300},
    }
    names = []
    for number, (label, changes) in enumerate(variants.items()):
        copy = json.loads(json.dumps(raw))
        copy.update(changes)
        copy["id"] = f"ed9e{number:04x}"
        if label == "huge-durations":
            for record in copy["phases"]:
                record["planned_seconds"] = 1.7e308
                record["adjustment_seconds"] = -1.7e308
                for visit in record["visits"]:
                    visit["seconds"] = 1.7e308
                    visit["started_at"] = early
                    visit["ended_at"] = late
            for event in copy["events"]:
                event["elapsed_seconds"] = 1.7e308
                event["at"] = late
            for agreement in copy["agreements"]:
                agreement["evaluation_date"] = "9999-12-31"
        name = f"2026-01-1{number}_1200_test-protocol_{copy['id']}.json"
        (folder / name).write_text(json.dumps(copy), encoding="utf-8")
        names.append(name)
    return names


def stale_and_fresh_temporaries(folder: Path, session_name: str) -> tuple[str, str]:
    """What a save killed halfway leaves behind (old) and one in progress right now (new)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stale = folder / f".{session_name}.k1ll3d00.tmp"
    stale.write_bytes(b'{"case": {"pupil": "Half geschreven"')
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = folder / f".{session_name}.busy0000.tmp"
    fresh.write_bytes(b'{"case": {"pupil": "Wordt nu geschreven"')
    return stale.name, fresh.name


def snapshot(folder: Path, names: Any = None) -> dict[str, tuple[Any, int]]:
    """What each entry in ``folder`` is (a digest of its bytes, or its kind when it is no
    regular file) and its mtime, all ``*.json`` unless ``names``; links are not followed."""
    chosen = names if names is not None else [p.name for p in folder.glob("*.json")]
    return {name: _entry_state(folder / name) for name in chosen}


def _entry_state(path: Path) -> tuple[Any, int]:
    st = path.lstat()
    if stat.S_ISREG(st.st_mode) and st.st_mode & 0o400:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest(), st.st_mtime_ns
    if stat.S_ISLNK(st.st_mode):
        return ("link", os.readlink(path)), st.st_mtime_ns
    return ("mode", st.st_mode, st.st_size), st.st_mtime_ns


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
