"""Atomic, durable file writes: a crash leaves either the old file or the new one, whole.

A write goes to a temporary file next to the target (``.NAME.<random>.tmp``), which is fsynced
and renamed over the target. A program killed halfway leaves that temporary file behind, with
the same personal data as the session; :func:`remove_stale_temporaries` clears such leftovers
the next time the folder is opened.

Kept free of pydantic so that fast command-line paths (exports) can use it too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from intervisie_tui.engine.display import printable_path

TEMP_SUFFIX = ".tmp"
# A save in progress writes its temporary file continuously and renames it within seconds; one
# untouched for this long belongs to a program that was killed or crashed.
STALE_TEMP_SECONDS = 60.0


class RefusedTarget(OSError):
    """A file this program will not write to; ``strerror`` holds the Dutch reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EPERM, reason, str(path))


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomically(path: Path, data: bytes, *, mode: int = 0o600, replace: bool = True) -> None:
    """Temp file in the same folder (created 0600 by mkstemp), fsync, rename, fsync the folder.

    Never through or over a symbolic link: renaming onto a link would replace the link, and
    someone who planted one would decide where a child's data ends up. With ``replace=False``
    the file must not exist yet: it is linked into place (which refuses an existing name, even
    one that appeared a moment ago) and ``FileExistsError`` says so.
    """
    refuse_symlink(path)
    descriptor, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=temp_prefix(path), suffix=TEMP_SUFFIX
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        if replace:
            os.replace(temp_name, path)
        else:
            os.link(temp_name, path)
    finally:
        Path(temp_name).unlink(missing_ok=True)
    _fsync_dir(path.parent)


def refuse_symlink(path: Path) -> None:
    """Raise RefusedTarget when the final name of ``path`` is a symbolic link."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself will report what is wrong with the folder
    if is_link:
        raise RefusedTarget(path, "is een symbolische koppeling; kies een gewoon bestand")


def check_export_target(target: Path, sessions_dir: Path | None) -> None:
    """Raise RefusedTarget for a place a copy or export must not go: a folder, a symbolic
    link, a folder that does not exist, or a name in the sessions folder that the program
    would take for one of its own files (a ``*.json`` session, a hidden lock or index)."""
    if target.is_dir():
        raise RefusedTarget(target, "is een map; geef een bestandsnaam")
    refuse_symlink(target)
    if not target.parent.is_dir():
        raise RefusedTarget(target, f"map {printable_path(target.parent)} bestaat niet")
    if sessions_dir is None:
        return
    looks_own = target.suffix.lower() == ".json" or target.name.startswith(".")
    if looks_own and _same_folder(target.parent, sessions_dir):
        raise RefusedTarget(
            target, "ligt in de sessiemap en zou daar voor een sessie doorgaan; kies een andere map"
        )


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, which is fine."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def is_temporary_name(name: str) -> bool:
    """A temporary file as :func:`write_atomically` names them: ``.NAME.<random>.tmp``."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and name.count(".") >= 3


def remove_stale_temporaries(
    directory: Path,
    names: list[str] | None = None,
    *,
    now: float | None = None,
    older_than: float = STALE_TEMP_SECONDS,
) -> list[str]:
    """Delete this program's temporary files in ``directory`` that nobody has written to for
    ``older_than`` seconds; returns the names deleted. ``names`` saves listing the folder again
    when the caller just did. Anything that cannot be checked or deleted is left alone."""
    if names is None:
        try:
            names = os.listdir(directory)
        except OSError:
            return []
    cutoff = (time.time() if now is None else now) - older_than
    removed = []
    for name in names:
        if not is_temporary_name(name):
            continue
        path = directory / name
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_mtime > cutoff or st.st_uid != os.geteuid():
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(name)
    return removed
