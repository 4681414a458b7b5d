"""Whether a sessions folder is fit to hold children's data, checked when the program starts.

A folder others can read or write is a privacy problem the user should hear about, but it is
not this program's to fix: it may be a shared folder on purpose, or someone else's. So the
check only *reports* (a warning line with what to do) and refuses only what cannot work: a
file where a folder should be, or a folder this program cannot read or write. It changes
nothing; folders this program creates itself are created private (``store.ensure_private_dir``).

No pydantic: the fast read-only commands (``show``, ``export``) run the check too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from intervisie_tui.engine.display import printable, printable_path


class SessionsDirError(Exception):
    """A sessions folder this program cannot use; the message is one Dutch line with advice."""


_ADVICE = "kies een eigen map met --sessions-dir (of INTERVISIE_SESSIONS_DIR)"


def check_sessions_dir(directory: Path, *, write: bool = True) -> list[str]:
    """Whether ``directory`` can hold sessions; returns warnings (one Dutch line each) about a
    folder others can read or write, and raises SessionsDirError for one this program cannot
    use (a file, unreadable, or with ``write`` not writable, also when it still has to be
    created). Changes nothing."""
    name = printable_path(directory)
    try:
        st = os.stat(directory)
    except FileNotFoundError:
        if write:
            _check_creatable(directory)
        return []
    except OSError as error:
        raise SessionsDirError(
            f"{name}: sessiemap niet te openen ({_reason(error)}); {_ADVICE}"
        ) from None
    if not stat.S_ISDIR(st.st_mode):
        raise SessionsDirError(f"{name}: is een bestand, geen map; {_ADVICE}")
    if not os.access(directory, os.R_OK | os.X_OK):
        raise SessionsDirError(f"{name}: geen leesrechten in deze sessiemap; {_ADVICE}")
    owner = _owner(st.st_uid)
    if write and not os.access(directory, os.W_OK | os.X_OK):
        raise SessionsDirError(
            f"{name}: kan niet schrijven in deze sessiemap (eigenaar {owner}, rechten "
            f"{stat.S_IMODE(st.st_mode):04o}); {_ADVICE}"
        )
    others = []
    if st.st_uid != os.geteuid():
        others.append(f"is van {owner}, die alle sessies kan lezen")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o002:
        others.append(f"iedereen kan erin schrijven (rechten {mode:04o})")
    elif mode & 0o020:
        others.append(f"de groep kan erin schrijven (rechten {mode:04o})")
    elif mode & 0o005:
        others.append(f"iedereen kan erin kijken (rechten {mode:04o})")
    elif mode & 0o050:
        others.append(f"de groep kan erin kijken (rechten {mode:04o})")
    if not others:
        return []
    fix = _ADVICE if st.st_uid != os.geteuid() else f"maak hem privé: chmod 700 {_quoted(name)}"
    return [f"let op: sessiemap {name} is niet privé: {'; '.join(others)} — {fix}"]


def _check_creatable(directory: Path) -> None:
    """The nearest existing folder above ``directory`` must let this program create it."""
    name = printable_path(directory)
    parent = directory.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise SessionsDirError(f"{name}: {printable_path(parent)} is geen map; {_ADVICE}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SessionsDirError(
            f"{name}: kan de sessiemap niet aanmaken, geen schrijfrechten in "
            f"{printable_path(parent)}; {_ADVICE}"
        )


def _owner(uid: int) -> str:
    try:
        import pwd

        return printable(pwd.getpwuid(uid).pw_name)
    except (ImportError, KeyError):
        return f"gebruiker {uid}"


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
