"""Find the session files in a folder; a bad file is named with its reason, never fatal.

Listing reads every file in full and validates it, so a file that cannot be opened is reported
here and not only when someone tries to open it. A folder of thousands of sessions makes that
slow, so :func:`scan_sessions` can keep an **index**: ``.intervisie-index.json`` in the sessions
folder, one entry per file with what the listing shows (or the reason the file is bad), keyed by
the file's size, mtime, ctime and inode. A file whose key still matches is not read again; any
save (an atomic rename: a new inode and times) makes its entry stale. The index is only a cache:
it is written atomically with mode 0600 (it holds pseudonyms, like the sessions), a damaged,
foreign or stale index is ignored and rebuilt, and deleting it loses nothing. It is also
discarded when the program or its validation rules change (see ``_fingerprint``).

This module deliberately imports no pydantic at import time (the session model is imported
inside the functions that need it): ``intervisie show`` uses :func:`find_session` and
:func:`indexed_as_valid` to render a file already validated by an earlier listing without
building the models, which keeps its start-up close to that of a bare ``import pydantic, rich``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intervisie_tui.engine.atomic import TEMP_SUFFIX, remove_stale_temporaries, temp_prefix
from intervisie_tui.engine.case_forms import meeting_about
from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.problems import FileProblems, Problem

if TYPE_CHECKING:
    from intervisie_tui.engine.session import Session, SessionStatus

INDEX_NAME = ".intervisie-index.json"
# 2: evaluation dates as the follow-up reads them, and undated agreements; 3: protocol_sha256
INDEX_FORMAT = 4
DUE_HORIZON_DAYS = 14
UNDATED = "zonder datum"  # an open agreement without an evaluation date, wherever it is listed


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
    agreements: int = 0
    open_agreements: int = 0  # not yet evaluated
    next_evaluation: date | None = None  # earliest evaluation date among the open agreements
    undated_agreements: int = 0  # open agreements without any evaluation date
    rehearsal: bool = False
    protocol_sha256: str = ""  # of the protocol file the session was started with
    about: str = ""  # the pupil, or a theme meeting's theme: ``case_forms.meeting_about``

    @classmethod
    def of(cls, path: Path, session: Session) -> SessionSummary:
        """The evaluation dates are the follow-up's (an old session's separate evaluation date
        counts for its agreements without one), so the listing and the follow-up list agree."""
        from intervisie_tui.engine.followup import evaluation_dates  # followup imports listing

        index = session.timer.current_phase
        open_dates = [
            when
            for agreement, when in zip(session.agreements, evaluation_dates(session), strict=True)
            if agreement.evaluation is None
        ]
        dated = [when for when in open_dates if when is not None]
        return cls(
            path=path,
            id=session.id,
            created_at=session.created_at,
            status=session.status,
            protocol_id=session.protocol.id,
            protocol_title=session.protocol.title,
            pupil=session.case.pupil,
            current_phase=None if index is None else session.protocol.phases[index].title,
            agreements=len(session.agreements),
            open_agreements=sum(a.evaluation is None for a in session.agreements),
            next_evaluation=min(dated) if dated else None,
            undated_agreements=len(open_dates) - len(dated),
            rehearsal=session.rehearsal_speed is not None,
            protocol_sha256=session.protocol_sha256,
            about=meeting_about(
                session.case.pupil, session.case.help_question, session.protocol.subject.value
            ),
        )

    def evaluation_due(self, today: date, horizon_days: int = DUE_HORIZON_DAYS) -> bool:
        """The session has an agreement on the follow-up list (``followup.due_agreements``)."""
        return self.date_due(today, horizon_days) or self.undated_due

    def date_due(self, today: date, horizon_days: int = DUE_HORIZON_DAYS) -> bool:
        """An open agreement is to be evaluated by ``today + horizon_days`` (or is overdue);
        never in a rehearsal, which is practice."""
        return (
            not self.rehearsal
            and self.next_evaluation is not None
            and self.next_evaluation <= today + timedelta(days=horizon_days)
        )

    @property
    def undated_due(self) -> bool:
        """An open agreement has no date at all in a meeting that ended (in one still running a
        date can be added yet): nobody would come back to it unless it is listed."""
        from intervisie_tui.engine.session import SessionStatus

        return (
            not self.rehearsal
            and self.undated_agreements > 0
            and self.status is not SessionStatus.IN_PROGRESS
        )

    @property
    def evaluation_label(self) -> str:
        """The next evaluation date, and "zonder datum" when an open agreement has none."""
        from intervisie_tui.timefmt import dutch_date

        parts = [] if self.next_evaluation is None else [dutch_date(self.next_evaluation)]
        if self.undated_agreements:
            parts.append(UNDATED)
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "status": self.status.value,
            "protocol_id": self.protocol_id,
            "protocol_title": self.protocol_title,
            "pupil": self.pupil,
            "current_phase": self.current_phase,
            "agreements": self.agreements,
            "open_agreements": self.open_agreements,
            "next_evaluation": (
                None if self.next_evaluation is None else self.next_evaluation.isoformat()
            ),
            "undated_agreements": self.undated_agreements,
            "rehearsal": self.rehearsal,
            "protocol_sha256": self.protocol_sha256,
            "about": self.about,
        }

    @classmethod
    def from_json(cls, path: Path, data: dict[str, Any]) -> SessionSummary:
        from intervisie_tui.engine.session import SessionStatus

        evaluation = data["next_evaluation"]
        created = datetime.fromisoformat(data["created_at"])
        if created.tzinfo is None:
            raise ValueError("created_at without time zone")
        return cls(
            path=path,
            id=_str(data["id"]),
            created_at=created,
            status=SessionStatus(data["status"]),
            protocol_id=_str(data["protocol_id"]),
            protocol_title=_str(data["protocol_title"]),
            pupil=_str(data["pupil"]),
            current_phase=None if data["current_phase"] is None else _str(data["current_phase"]),
            agreements=_int(data["agreements"]),
            open_agreements=_int(data["open_agreements"]),
            next_evaluation=None if evaluation is None else date.fromisoformat(evaluation),
            undated_agreements=_int(data["undated_agreements"]),
            rehearsal=bool(data["rehearsal"]),
            protocol_sha256=_str(data["protocol_sha256"]),
            about=_str(data["about"]),
        )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


@dataclass
class SessionScan:
    sessions: list[SessionSummary] = field(default_factory=list)  # newest first
    problems: list[Problem] = field(default_factory=list)  # one per bad file, in name order

    def in_progress(self) -> list[SessionSummary]:
        from intervisie_tui.engine.session import SessionStatus

        return [s for s in self.sessions if s.status is SessionStatus.IN_PROGRESS]

    def due(self, today: date, horizon_days: int = DUE_HORIZON_DAYS) -> list[SessionSummary]:
        return [s for s in self.sessions if s.evaluation_due(today, horizon_days)]


def session_paths(directory: Path) -> list[Path]:
    """The session files of a folder: ``*.json`` files not starting with a dot, in name order."""
    return [directory / name for name in _entries(directory)[0]]


def _entries(directory: Path) -> tuple[list[str], list[str], list[str]]:
    """Names in ``directory``: regular ``*.json`` files, other ``*.json`` entries (a folder, a
    FIFO, a dangling link: named as bad files, never opened as sessions), and all names."""
    files: list[str] = []
    others: list[str] = []
    names: list[str] = []
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                names.append(entry.name)
                if entry.name.endswith(".json") and not entry.name.startswith("."):
                    (files if _is_file(entry) else others).append(entry.name)
    except OSError:
        return [], [], []
    return sorted(files), sorted(others), names


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def scan_sessions(directory: Path, *, index: bool = False) -> SessionScan:
    """Every session in ``directory``, newest first, and a :class:`Problem` per bad file.

    Corrupt, truncated, foreign, newer-version and unreadable files are named with their reason,
    and so is anything else called ``*.json`` (a folder, a FIFO, a dangling link); every good
    file is listed whatever else the folder holds. Session files are only read. With
    ``index=True`` the folder's index is used and brought up to date. Temporary files left by
    an interrupted save are removed once they are stale (see ``atomic``); nothing else is
    written.
    """
    scan = SessionScan()
    files, others, names = _entries(directory)
    remove_stale_temporaries(directory, names)
    paths = [directory / name for name in sorted(files + others)]
    cached = _read_index(directory) if index else {}
    entries: dict[str, dict[str, Any]] = {}
    for path in paths:
        entry, summary, problem = _entry_for(path, cached.get(path.name))
        if entry is not None:
            entries[path.name] = entry
        if summary is not None:
            scan.sessions.append(summary)
        if problem is not None:
            scan.problems.append(problem)
    scan.sessions.sort(key=lambda s: (s.created_at, s.id), reverse=True)
    if index and entries != cached:
        _write_index(directory, entries)
    return scan


_Read = tuple[dict[str, Any] | None, SessionSummary | None, Problem | None]


def _entry_for(path: Path, cached: dict[str, Any] | None) -> _Read:
    """The index entry for ``path`` (None when it is not to be remembered) and what it says."""
    key = _stat_key(path)
    if key is not None and cached is not None and cached.get("key") == key:
        try:
            return (cached, *_from_entry(path, cached))
        except Exception:  # a damaged entry: read the file again
            pass
    entry = _fresh_entry(path, key)
    return (entry if key is not None else None, *_from_entry(path, entry))


def _fresh_entry(path: Path, key: list[int] | None) -> dict[str, Any]:
    from intervisie_tui.engine.store import load_session

    try:
        session = load_session(path)
    except FileProblems as bad:
        first = bad.problems[0]
        return {"key": key, "problem": [first.line, first.path, first.message]}
    return {"key": key, "summary": SessionSummary.of(path, session).to_json()}


def _from_entry(path: Path, entry: dict[str, Any]) -> tuple[SessionSummary | None, Problem | None]:
    if "summary" in entry:
        return SessionSummary.from_json(path, entry["summary"]), None
    line, key_path, message = entry["problem"]
    return None, Problem(path, line, _str(key_path), _str(message))


def _stat_key(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


# -- the index -----------------------------------------------------------------------------------


def _fingerprint() -> str:
    """What decides whether a file is a valid session: the program version and the engine's
    model sources (so a development change to the rules invalidates the index too)."""
    from intervisie_tui import __version__

    parts = [__version__, str(INDEX_FORMAT)]
    engine = Path(__file__).resolve().parent
    for name in ("session.py", "protocol.py", "store.py", "listing.py", "followup.py"):
        try:
            st = (engine / name).stat()
        except OSError:
            parts.append(f"{name}:?")
            continue
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def index_path(directory: Path) -> Path:
    return directory / INDEX_NAME


def _read_index(directory: Path) -> dict[str, dict[str, Any]]:
    try:
        raw = json.loads(index_path(directory).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("fingerprint") != _fingerprint():
        return {}
    entries = raw.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(v, dict)}


def _index_header() -> str:
    about = "cache van 'intervisie sessions'; mag altijd weg"
    return f'{{"about": {json.dumps(about)}, "fingerprint": {json.dumps(_fingerprint())}, '


def _write_index(directory: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Atomically and privately; a folder that cannot be written to just goes without.

    One JSON document, but laid out one entry per line, so :func:`indexed_as_valid` can find a
    single file's entry without parsing the whole index.
    """
    if not directory.is_dir():
        return
    import tempfile  # here, not at the top: it costs `intervisie show` a millisecond or two

    lines = [
        f"{_dumps(name)}: {_dumps(entry)}"
        for name, entry in sorted(entries.items())
        if _encodable(name)  # a name that is not UTF-8 is read each time instead
    ]
    text = _index_header() + '"entries": {\n' + ",\n".join(lines) + "\n}}\n"
    try:
        descriptor, temp_name = tempfile.mkstemp(
            dir=directory, prefix=temp_prefix(index_path(directory)), suffix=TEMP_SUFFIX
        )
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.replace(temp_name, index_path(directory))
    except OSError:
        Path(temp_name).unlink(missing_ok=True)


def _dumps(value: Any) -> str:
    # json.dumps escapes every control character, so an entry never spans two lines.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _encodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _lookup(path: Path) -> dict[str, Any] | None:
    """One file's entry in its folder's index, found by its line (no full parse)."""
    if not _encodable(path.name):
        return None
    try:
        data = index_path(path.parent).read_bytes()
    except OSError:
        return None
    header = _index_header().encode("utf-8")
    if not data.startswith(header):
        return None
    needle = b"\n" + _dumps(path.name).encode("utf-8") + b": "
    start = data.find(needle)
    if start < 0:
        return None
    end = data.find(b"\n", start + 1)
    line = data[start + 1 : end if end >= 0 else len(data)].rstrip(b",")
    try:
        entry = json.loads(b"{" + line + b"}").get(path.name)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def indexed_as_valid(path: Path) -> bool:
    """The folder's index says this very file (same size, times and inode) is a valid session.

    Lets a reader skip validating a file that a listing validated and nobody changed since.
    """
    key = _stat_key(path)
    if key is None:
        return False
    entry = _lookup(path)
    return entry is not None and entry.get("key") == key and "summary" in entry


def remember(path: Path, session: Session) -> None:
    """Record a file just validated in full, so the next reader can trust the index."""
    key = _stat_key(path)
    if key is None:
        return
    entries = _read_index(path.parent)
    entry = {"key": key, "summary": SessionSummary.of(path, session).to_json()}
    if entries.get(path.name) != entry:
        entries[path.name] = entry
        _write_index(path.parent, entries)


def forget(paths: Iterable[Path]) -> None:
    """Drop files from their folder's index (after deleting them: no pseudonym stays behind)."""
    by_folder: dict[Path, set[str]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, set()).add(path.name)
    for folder, names in by_folder.items():
        if not index_path(folder).exists():
            continue
        entries = _read_index(folder)
        kept = {k: v for k, v in entries.items() if k not in names}
        if kept:
            _write_index(folder, kept)
        else:
            index_path(folder).unlink(missing_ok=True)


# -- finding one session ---------------------------------------------------------------------


def session_id_of(path: Path) -> str:
    """The id in a session's file name (``..._<id>.json``)."""
    return path.stem.rsplit("_", 1)[-1]


def find_session(directory: Path, spec: str) -> Path:
    """A path, a session id, or a unique prefix of one; raises LookupError with a Dutch line."""
    spec = spec.strip()
    if not spec:
        raise LookupError("geef een sessie: een pad, een id of het begin van een id")
    shown = printable_path(spec)
    # Something spelled as a file is returned whatever it is (a folder, a FIFO, a dangling
    # link), so that reading it names the reason; a bare word is an id unless it is a file.
    as_file = spec.endswith(".json") or "/" in spec or os.sep in spec
    as_path = Path(spec)
    if as_path.is_file() or (as_file and os.path.lexists(as_path)):
        return as_path
    in_folder = directory / spec
    bare = "/" not in spec and os.sep not in spec
    if bare and (in_folder.is_file() or (as_file and os.path.lexists(in_folder))):
        return in_folder
    if as_file:
        raise LookupError(f"{shown}: bestand bestaat niet")
    wanted = spec.lower()
    # Plain names while searching (no sorting, no Path objects, no stat), so that a folder of
    # thousands of sessions stays quick to search; only the matches are looked at closer.
    try:
        names = os.listdir(directory)
    except OSError:
        names = []
    matches = sorted(
        directory / name
        for name in names
        if wanted in name
        and name.endswith(".json")
        and not name.startswith(".")
        and name[:-5].rsplit("_", 1)[-1].startswith(wanted)
        and (directory / name).is_file()
    )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        where = printable_path(directory)
        if not directory.is_dir():
            where += " (map bestaat niet)"
        raise LookupError(f"geen sessie {shown!r} in {where}")
    ids = ", ".join(printable_path(session_id_of(p)) for p in matches[:5])
    more = ", …" if len(matches) > 5 else ""
    raise LookupError(f"{shown!r} past bij {len(matches)} sessies ({ids}{more}); geef meer tekens")
