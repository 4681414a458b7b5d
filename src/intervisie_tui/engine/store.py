"""Session files on disk: private, atomic, locked, and never overwritten when unreadable.

Session files describe children, so the folder is 0700 and files are 0600. A save writes a
temporary file in the same folder, fsyncs it and renames it over the old one, so a crash at any
moment leaves either the old or the new file whole. A lock next to each file keeps a second
running program from writing the same session.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError
from pydantic_core import to_json

from intervisie_tui.engine.atomic import remove_stale_temporaries, write_atomically
from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.json_words import json_error_words
from intervisie_tui.engine.messages import translate
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.protocol_loader import format_loc
from intervisie_tui.engine.session import SESSION_SCHEMA_VERSION, Session

ENV_SESSIONS_DIR = "INTERVISIE_SESSIONS_DIR"
MAX_SESSION_BYTES = 50_000_000


class SessionLocked(Exception):
    """Another running program has this session open."""


class SessionClosed(Exception):
    """A save was asked of a session file that was already closed (its lock given up)."""


def sessions_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    from_env = os.environ.get(ENV_SESSIONS_DIR)
    return Path(from_env) if from_env else Path("sessions")


def ensure_private_dir(directory: Path) -> None:
    """Create the folder 0700 when it is missing. An existing folder keeps its mode: it may be
    shared on purpose, and ``folders.check_sessions_dir`` tells the user rather than change it.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def session_filename(session: Session) -> str:
    """Date, time, protocol and a random id: deliberately nothing that names a person."""
    created = session.created_at.astimezone()
    return f"{created:%Y-%m-%d_%H%M}_{session.protocol.id}_{session.id}.json"


def serialize(session: Session) -> bytes:
    return session.model_dump_json(indent=2).encode("utf-8")


def encode(raw: dict[str, Any]) -> bytes:
    """The bytes of a session already turned into plain data (``model_dump(mode="json")``):
    the same bytes as :func:`serialize`, for a copy taken on one thread and written on another.
    """
    return to_json(raw, indent=2)


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
        others = count - 1
        more = f" (en nog {others} {'fout' if others == 1 else 'fouten'})" if others else ""
        raise FileProblems([Problem(path, None, format_loc(loc), message + more)]) from None


def _decode_json(data: bytes, path: Path) -> dict[str, Any]:
    if len(data) > MAX_SESSION_BYTES:
        raise FileProblems([Problem(path, None, "", TOO_BIG)])
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
            [
                Problem(
                    path,
                    error.lineno,
                    "",
                    f"kapotte of afgebroken JSON: {json_error_words(error)}",
                )
            ]
        ) from None
    except (RecursionError, ValueError):
        raise FileProblems(
            [Problem(path, None, "", "kapotte JSON: te diep genest of te groot getal")]
        ) from None
    if not isinstance(raw, dict) or "protocol" not in raw or "phases" not in raw:
        raise FileProblems([Problem(path, None, "", "geen sessiebestand van intervisie-tui")])
    return raw


def load_session(path: Path) -> Session:
    return parse_session(read_session_bytes(path), path)


def read_session_bytes(path: Path) -> bytes:
    """The bytes of a file that may be a session; raises FileProblems with the reason why not.

    The kind and size of the file are checked on the open descriptor before anything is read:
    a folder, a FIFO (which would block) or a device named ``*.json`` is refused, and so is a
    file too big to be a session, without reading gigabytes first.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileProblems([Problem(path, None, "", _unreadable(path, error))]) from None
    try:
        st = os.fstat(descriptor)
        if not stat.S_ISREG(st.st_mode):
            raise FileProblems([Problem(path, None, "", _not_a_file(st.st_mode))])
        if st.st_size > MAX_SESSION_BYTES:
            raise FileProblems([Problem(path, None, "", TOO_BIG)])
        chunks = []
        left = MAX_SESSION_BYTES + 1  # a file that grows while being read is caught too
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise FileProblems([Problem(path, None, "", _unreadable(path, error))]) from None
    finally:
        os.close(descriptor)
    return b"".join(chunks)


TOO_BIG = "bestand is te groot voor een sessie"


def _unreadable(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT and path.is_symlink():
        return "symbolische koppeling naar iets dat niet bestaat: geen sessiebestand"
    if error.errno == errno.ENXIO:
        return "geen gewoon bestand (een socket of apparaat): geen sessiebestand"
    return f"kan niet lezen: {_reason(error)}"


def _not_a_file(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is een map, geen sessiebestand"
    if stat.S_ISFIFO(mode):
        return "is een FIFO (named pipe), geen sessiebestand"
    return "geen gewoon bestand (een apparaat of socket): geen sessiebestand"


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@dataclass
class SessionFile:
    """An open session: holds the lock for as long as the program works on it.

    Saves may come from two threads (the autosave writer and the UI's own flush); they take
    turns, and none happens once the file is closed, so a program never writes a session whose
    lock it has given up.
    """

    path: Path
    session: Session
    _lock: FileLock
    _io: threading.Lock = field(default_factory=threading.Lock, repr=False)
    closed: bool = False

    def save(self, data: bytes | None = None) -> None:
        """Write ``data`` (the session as serialised by the caller), or the session as it is
        now; raises OSError when the disk refuses and SessionClosed after :meth:`close`."""
        with self._io:
            if self.closed:
                raise SessionClosed(str(self.path))
            write_atomically(self.path, serialize(self.session) if data is None else data)

    def close(self) -> None:
        """Wait for a save in progress, then give up the lock; later saves are refused."""
        with self._io:
            if self.closed:
                return
            self.closed = True
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
            f"{printable_path(path)}: deze sessie is geopend in een ander programma; "
            "sluit dat eerst"
        ) from None
    return lock


def create_session_file(directory: Path, session: Session) -> SessionFile:
    ensure_private_dir(directory)
    remove_stale_temporaries(directory)
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
    """Check, lock, load: a file is only ever rewritten by the program holding its lock.

    The target is resolved and checked to look like a session file *before* the lock is taken,
    so pointing the program at something that is not one (``/etc/passwd``) is refused without
    leaving a lock file next to it. The full validation happens once, under the lock (the file
    may change in between, and validating twice would double the time to the first frame).
    """
    path = _session_target(path)
    _decode_json(read_session_bytes(path), path)
    remove_stale_temporaries(path.parent)
    try:
        lock = _acquire(path, timeout)
    except OSError as error:  # no lock file can be made: the folder is not writable
        reason = f"kan niet vergrendelen ({_reason(error)}); schrijfrechten nodig in de map"
        raise FileProblems([Problem(path, None, "", reason)]) from None
    try:
        session = load_session(path)
    except BaseException:
        lock.release()
        raise
    return SessionFile(path, session, lock)


def _session_target(path: Path) -> Path:
    """``path`` if its real file is named as a session file (``*.json``); the real file itself
    when ``path`` is a symbolic link, as saves never write over a link."""
    try:
        resolved = path.resolve(strict=True)
    except OSError as error:
        raise FileProblems([Problem(path, None, "", _unreadable(path, error))]) from None
    if resolved.suffix.lower() != ".json":
        raise FileProblems(
            [Problem(path, None, "", "geen sessiebestand (een sessie is een .json-bestand)")]
        )
    return resolved if path.is_symlink() else path
