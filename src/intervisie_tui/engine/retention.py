"""Retention: delete session files past a school's retention period.

Schools must not keep data on children longer than needed. Age is the ``created_at`` recorded
in the file (the date of the meeting), never the file's mtime: copying or restoring a folder
changes mtimes, and a follow-up note written into an old session must not make it look new.

A file that cannot be read as a session is **never deleted** by a purge: it may be a newer
version's session (whose date this program cannot vouch for), or not a session at all (someone's
own JSON file in the folder). Such files are reported with their reason so a person can decide.
A file whose session is open in a running program (its lock is held) is never deleted either.
Deleting a session also deletes its ``.lock`` file, any temporary file left by an interrupted
save of it (``.<name>.*.tmp``, which holds the same data), and its entry in the folder's index.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from filelock import FileLock, Timeout

from intervisie_tui.engine.listing import SessionSummary, forget, scan_sessions
from intervisie_tui.engine.problems import Problem
from intervisie_tui.engine.store import lock_path


@dataclass
class RetentionPlan:
    expired: list[SessionSummary] = field(default_factory=list)  # oldest first
    locked: list[SessionSummary] = field(default_factory=list)  # expired but open elsewhere
    problems: list[Problem] = field(default_factory=list)  # unreadable: never deleted


def retention_plan(
    directory: Path, older_than_days: int, now: datetime, *, index: bool = False
) -> RetentionPlan:
    if older_than_days < 0:
        raise ValueError("older_than_days must not be negative")
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    cutoff = now - timedelta(days=older_than_days)
    scan = scan_sessions(directory, index=index)
    plan = RetentionPlan(problems=scan.problems)
    for summary in sorted(scan.sessions, key=lambda s: s.created_at):
        if summary.created_at >= cutoff:
            continue
        (plan.locked if is_locked(summary.path) else plan.expired).append(summary)
    return plan


def expired_sessions(directory: Path, older_than_days: int, now: datetime) -> list[Path]:
    """Session files created more than ``older_than_days`` days before ``now``, oldest first;
    files that cannot be read, and sessions open in a running program, are not included."""
    return [s.path for s in retention_plan(directory, older_than_days, now).expired]


def is_locked(path: Path) -> bool:
    """Whether a running program holds this session's lock (creates no lock file)."""
    lock_file = lock_path(path)
    if not lock_file.exists():
        return False
    lock = FileLock(lock_file, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return True  # cannot tell: treat as in use, so nothing is deleted
    lock.release()
    return False


def purge(paths: list[Path]) -> list[Path]:
    """Delete these session files, with their lock files; returns the paths deleted.

    Each file is deleted while holding its lock, so a program cannot open it halfway; a file
    whose lock is held elsewhere is skipped, and so is one that is already gone.
    """
    deleted: list[Path] = []
    for path in paths:
        lock_file = lock_path(path)
        lock = FileLock(lock_file, timeout=0, mode=0o600)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # not ours to delete (permissions): left alone, reported by the caller
            lock.release()
            continue
        else:
            deleted.append(path)
            _remove_leftovers(path)
        lock.release()
        with contextlib.suppress(OSError):
            lock_file.unlink(missing_ok=True)
    forget(deleted)
    return deleted


def _remove_leftovers(path: Path) -> None:
    """Temporary files of interrupted saves of this session (they hold the same data)."""
    prefix = f".{path.name}."
    try:
        names = [n for n in os.listdir(path.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            (path.parent / name).unlink(missing_ok=True)
