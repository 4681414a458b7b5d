"""Session files on disk: private, atomic, locked, and never overwritten when unreadable.

Session files describe children, so the folder is 0700 and files are 0600. A save writes a
temporary file in the same folder, fsyncs it and renames it over the old one, so a crash at any
moment leaves either the old or the new file whole. A lock next to each file keeps a second
running program from writing the same session.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from intervisie_tui.engine.atomic import write_atomically
from intervisie_tui.engine.messages import translate
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.protocol_loader import format_loc
from intervisie_tui.engine.session import SESSION_SCHEMA_VERSION, Session

ENV_SESSIONS_DIR = "INTERVISIE_SESSIONS_DIR"
MAX_SESSION_BYTES = 50_000_000


class SessionLocked(Exception):
    """Another running program has this session open."""


def sessions_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_SESSIONS_DIR)
    return Path(from_env) if from_env else Path("sessions")


def ensure_private_dir(directory: Path) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = stat.S_IMODE(directory.stat().st_mode)
    if mode & 0o077:
        directory.chmod(mode & 0o700)


def session_filename(session: Session) -> str:
    """Date, time, protocol and a random id: deliberately nothing that names a person."""
    created = session.created_at.astimezone()
    return f"{created:%Y-%m-%d_%H%M}_{session.protocol.id}_{session.id}.json"


def serialize(session: Session) -> bytes:
    return session.model_dump_json(indent=2).encode("utf-8")


def parse_session(data: bytes, path: Path) -> Session:
    """Raises FileProblems with a one-line reason for anything that is not a valid session."""
    raw = _decode_json(data, path)
    version = raw.get("schema_version")
    if (
        isinstance(version, int)
        and not isinstance(version, bool)
        and version > SESSION_SCHEMA_VERSION
    ):
        raise FileProblems(
            [
                Problem(
                    path,
                    None,
                    "schema_version",
                    f"versie {version} is nieuwer dan dit programma leest "
                    f"({SESSION_SCHEMA_VERSION}); werk intervisie-tui bij",
                )
            ]
        )
    try:
        return Session.model_validate(raw)
    except ValidationError as error:
        loc, message = translate(error, Session)[0]
        count = error.error_count()
        more = f" (en nog {count - 1} fout(en))" if count > 1 else ""
        raise FileProblems([Problem(path, None, format_loc(loc), message + more)]) from None


def _decode_json(data: bytes, path: Path) -> dict[str, Any]:
    if len(data) > MAX_SESSION_BYTES:
        raise FileProblems([Problem(path, None, "", "bestand is te groot voor een sessie")])
    if not data.strip():
        raise FileProblems([Problem(path, None, "", "leeg bestand: geen sessie")])
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise FileProblems(
            [Problem(path, None, "", "geen UTF-8-tekst: geen sessiebestand")]
        ) from None
    except json.JSONDecodeError as error:
        raise FileProblems(
            [Problem(path, error.lineno, "", f"kapotte of afgebroken JSON: {error.msg}")]
        ) from None
    except (RecursionError, ValueError):
        raise FileProblems(
            [Problem(path, None, "", "kapotte JSON: te diep genest of te groot getal")]
        ) from None
    if not isinstance(raw, dict) or "protocol" not in raw or "phases" not in raw:
        raise FileProblems([Problem(path, None, "", "geen sessiebestand van intervisie-tui")])
    return raw


def load_session(path: Path) -> Session:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FileProblems([Problem(path, None, "", f"kan niet lezen: {error.strerror}")]) from None
    return parse_session(data, path)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@dataclass
class SessionFile:
    """An open session: holds the lock for as long as the program works on it."""

    path: Path
    session: Session
    _lock: FileLock

    def save(self) -> None:
        write_atomically(self.path, serialize(self.session))

    def close(self) -> None:
        self._lock.release()

    def __enter__(self) -> SessionFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _acquire(path: Path, timeout: float) -> FileLock:
    lock = FileLock(lock_path(path), timeout=timeout, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise SessionLocked(
            f"{path}: deze sessie is geopend in een ander programma; sluit dat eerst"
        ) from None
    return lock


def create_session_file(directory: Path, session: Session) -> SessionFile:
    ensure_private_dir(directory)
    path = directory / session_filename(session)
    lock = _acquire(path, timeout=0)
    try:
        # O_EXCL: a new session never replaces an existing file, however unlikely the clash.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(descriptor)
        handle = SessionFile(path, session, lock)
        handle.save()
    except BaseException:
        lock.release()
        raise
    return handle


def open_session_file(path: Path, *, timeout: float = 0) -> SessionFile:
    """Lock first, then load: a file is only ever rewritten by the program holding its lock."""
    lock = _acquire(path, timeout)
    try:
        session = load_session(path)
    except BaseException:
        lock.release()
        raise
    return SessionFile(path, session, lock)
