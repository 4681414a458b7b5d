"""Following a session that another program runs: read-only, lock-free and cheap to keep up.

The beamer shows the meeting that the meeting window drives, and must never get in its way. It
takes no lock (the lock says who may *write* a session) and writes nothing, not even the
listing's index. It notices a change by a stat of the file (inode, size, mtime) a few times a
second and reads and validates the file only when that changes. The meeting window replaces the
file atomically, so a read sees the old or the new file whole; anything else (a foreign writer, a
disk error, a deleted file) leaves the last good state in view, with a note saying since when.

Without a session named, it follows the session in progress that was written last, waits while
there is none, and moves on to the next meeting once the one it shows has ended.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from intervisie_tui.engine.clock import Clock
from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.listing import session_paths
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.runner import Snapshot, observe
from intervisie_tui.engine.session import Session, SessionStatus, TimerStatus
from intervisie_tui.engine.store import parse_session, read_session_bytes

POLL_SECONDS = 0.25
RACY_NS = 1_000_000_000
STALE_SECONDS = 4.0
"""While its clock runs, the meeting window rewrites the file twice a second (autosave's
``REFRESH_SECONDS``), a slow disk perhaps once a second: this long without a new file, the
window has stopped or was killed, and the file's clock runs no more."""

# What changes when a file is replaced or rewritten: an atomic save brings a new inode.
Stamp = tuple[int, int, int]


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True, eq=False)  # compared by identity: each read is a new one
class Reading:
    """The last good state of the followed file, and when it was read."""

    session: Session
    read_at: datetime


class SessionFollower:
    """Call :meth:`poll` every :data:`POLL_SECONDS`; it says when the screen has news."""

    def __init__(self, directory: Path, path: Path | None = None, *, clock: Clock) -> None:
        self.directory = directory
        self.clock = clock
        self.pinned = path is not None
        self.path = path
        self.reading: Reading | None = None
        self.problem: str | None = None  # why the file could not be read ("path: reason")
        self.vanished = False
        self._stamp: Stamp | None = None
        self._told = ""  # the notice as the last poll said it
        self._written_at: datetime | None = None  # when a poll last found the file rewritten
        self._folder_stamp: Stamp | None = None
        self._not_in_progress: dict[Path, Stamp] = {}

    # -- what the screen shows -----------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return None if self.reading is None else self.reading.session

    @property
    def waiting(self) -> str:
        return f"Wacht op een sessie in {printable_path(self.directory)} …"

    @property
    def stale(self) -> bool:
        """The file says the clock runs, but has not been rewritten for ``STALE_SECONDS``. Any
        rewrite counts, a half-written one too: the meeting window is there, the clock runs."""
        session, written = self.session, self._written_at
        if session is None or written is None or session.timer.status is not TimerStatus.RUNNING:
            return False
        return (self.clock.now() - written).total_seconds() >= STALE_SECONDS

    @property
    def notice(self) -> str:
        """One short line for a corner of the screen while the file cannot be read, or while
        the meeting window no longer keeps it up to date."""
        if self.reading is None:
            return ""
        since = self.reading.read_at.astimezone().strftime("%H:%M:%S")
        if self.problem or self.vanished:
            what = "bestand verdwenen" if self.vanished else "bestand niet leesbaar"
            return f"⚠ {what} — laatste stand van {since}"
        if self.stale:
            held = self.reading.session.timer.synced_at or self.reading.read_at
            at = held.astimezone().strftime("%H:%M:%S")
            return f"⚠ vergaderscherm reageert niet — klok stilgezet op de stand van {at}"
        return ""

    def snapshot(self) -> Snapshot | None:
        """The meeting as of now, computed from the file's saved state and the clock; once the
        file is stale, as of its last save: a clock nobody keeps is not counted on."""
        session = self.session
        if session is None:
            return None
        synced = session.timer.synced_at
        return observe(session, synced if self.stale and synced else self.clock.now())

    # -- polling -------------------------------------------------------------------------------

    def poll(self) -> bool:
        """Stat, and read on a change; True when the session, its path or the notice changed
        (the notice also by time alone, when the file goes stale)."""
        before = (self.reading, self._told)
        if self.path is not None:
            self._follow(self.path)
        if not self.pinned and self._wants_another():
            self._locate()
        self._told = self.notice
        return (self.reading, self._told) != before

    def _wants_another(self) -> bool:
        session = self.session
        return session is None or self.vanished or session.status is not SessionStatus.IN_PROGRESS

    def _follow(self, path: Path) -> None:
        stamp = stamp_of(path)
        self.vanished = stamp is None
        if stamp is None or stamp == self._stamp:
            return
        # The stamp is taken before reading: a write landing during the read shows as a change.
        self._stamp = stamp
        self._written_at = self.clock.now()
        parsed = _parse(path)
        if isinstance(parsed, str):
            self.problem = parsed
        else:
            self._adopt(path, parsed, stamp)

    def _adopt(self, path: Path, session: Session, stamp: Stamp) -> None:
        self.path, self._stamp = path, stamp
        self.reading = Reading(session, self.clock.now())
        self._written_at = self.reading.read_at
        self.problem = None
        self.vanished = False

    def _locate(self) -> None:
        """Switch to the session in progress that was written last.

        Looks only when the folder changed (a new file, or a save's rename) or may have changed
        unseen: file systems stamp times in steps of some milliseconds, so a folder touched less
        than a second ago can change again under the same stamp. A file is validated only when
        a quick look says it is in progress; the others are remembered by stamp, so a folder of
        old sessions is looked at once, not at every poll.
        """
        folder = stamp_of(self.directory)
        if folder is None or (folder == self._folder_stamp and not _racy(folder)):
            return
        self._folder_stamp = folder
        stamped = {
            path: stamp for path in session_paths(self.directory) if (stamp := stamp_of(path))
        }
        self._not_in_progress = {
            path: stamp
            for path, stamp in self._not_in_progress.items()
            if stamped.get(path) == stamp
        }
        for path in sorted(stamped, key=lambda p: (stamped[p][2], p.name), reverse=True):
            stamp = stamped[path]
            if self._not_in_progress.get(path) == stamp:
                continue
            parsed = _parse_if_in_progress(path)
            if isinstance(parsed, Session) and parsed.status is SessionStatus.IN_PROGRESS:
                self._adopt(path, parsed, stamp)
                return
            self._not_in_progress[path] = stamp


def _racy(stamp: Stamp) -> bool:
    # The file system's time, not the meeting's clock: this compares against its own stamps.
    return time.time_ns() - stamp[2] < RACY_NS


def _parse(path: Path) -> Session | str:
    """The session in the file, or why it cannot be read (one line naming the file)."""
    try:
        return parse_session(read_session_bytes(path), path)
    except FileProblems as bad:
        return str(bad.problems[0])


def _parse_if_in_progress(path: Path) -> Session | None:
    """The session in the file when a quick look at its status (without building the models)
    says it is in progress; the bytes are read once for both."""
    try:
        data = read_session_bytes(path)
        raw = json.loads(data)
    except (FileProblems, ValueError, RecursionError):
        return None
    if not isinstance(raw, dict) or raw.get("status") != SessionStatus.IN_PROGRESS.value:
        return None
    try:
        return parse_session(data, path)
    except FileProblems:
        return None
