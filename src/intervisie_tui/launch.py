"""From command-line arguments to a running TUI, with every file problem reported before the
terminal switches to full screen (a one-line message is easier to read than a crashed app).

The sessions folder is checked first, before any set-up: a folder this program cannot write
(or a file given as the folder) is refused with what to do, and a folder others can read or
write is warned about on stderr, where the warning stays after the app has closed.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from intervisie_tui.engine.catalog import CatalogEntry, load_catalog
from intervisie_tui.engine.clock import Clock, ScaledClock, SystemClock
from intervisie_tui.engine.display import printable, printable_path
from intervisie_tui.engine.folders import SessionsDirError, check_sessions_dir
from intervisie_tui.engine.listing import find_session, scan_sessions
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.session import SessionStatus
from intervisie_tui.engine.store import (
    SessionFile,
    SessionLocked,
    open_session_file,
    sessions_dir,
)

EXIT_PROBLEM = 2


class LaunchError(Exception):
    """A reason not to start, printed as one line."""


def resolve_protocol(spec: str, protocols_dir: Path | None) -> CatalogEntry:
    if spec.endswith(".toml") or "/" in spec:
        loaded = load_protocol(Path(spec))
        return CatalogEntry(loaded, "bestand")
    catalog = load_catalog(protocols_dir)
    entry = catalog.get(spec)
    if entry is None:
        known = ", ".join(sorted(catalog.entries)) or "geen"
        raise LaunchError(f"onbekend protocol {spec!r} (beschikbaar: {known})")
    return entry


def resolve_session(spec: str | None, directory: Path) -> Path:
    """A path, a session id, a unique prefix of one — or, without SPEC, the newest in progress."""
    if spec is None:
        in_progress = scan_sessions(directory).in_progress()
        if not in_progress:
            raise LaunchError(f"geen lopende sessie in {printable_path(directory)}")
        return in_progress[0].path
    try:
        return find_session(directory, spec)
    except LookupError as problem:
        raise LaunchError(str(problem)) from None


# Where sessions go when neither --sessions-dir nor INTERVISIE_SESSIONS_DIR says otherwise.
DEFAULT_SESSIONS_DIR = Path("sessions")


def command_line(directory: Path, *words: str) -> str:
    """A command to type later, naming the sessions folder unless it is the default one: a
    hint without it would not find the session (an environment variable may be gone by then).
    Words are quoted as the shell needs them and printable."""
    folder = (
        ()
        if directory.resolve() == DEFAULT_SESSIONS_DIR.resolve()
        else ("--sessions-dir", printable_path(directory))
    )
    return shlex.join(["intervisie", *folder, *words])


def open_to_resume(spec: str | None, directory: Path) -> SessionFile:
    """The session to carry on, locked; one that has ended is refused before the screen opens
    (its meeting window would only refuse the keys), with how to read it instead."""
    file = open_session_file(resolve_session(spec, directory))
    status = file.session.status
    if status is SessionStatus.IN_PROGRESS:
        return file
    file.close()
    ended = "afgerond" if status is SessionStatus.COMPLETED else "afgebroken"
    path = file.path
    inside = path.parent.resolve() == directory.resolve()
    target = file.session.id if inside else printable_path(path)
    raise LaunchError(
        f"{printable_path(path)}: deze sessie is al {ended} en gaat niet verder; "
        f"lezen: {command_line(directory, 'show', target)}"
    )


def make_clock(speed: float | None) -> Clock:
    return ScaledClock(speed) if speed else SystemClock()


def launch(args: argparse.Namespace) -> int:
    from intervisie_tui.ui.app import IntervisieApp, StartRequest

    directory = sessions_dir(args.sessions_dir)
    try:
        # Adapting only reads past sessions (for the figures beside each phase).
        for warning in check_sessions_dir(directory, write=args.command != "adapt"):
            print(warning, file=sys.stderr)
        if args.command == "run":
            request = StartRequest(protocol=resolve_protocol(args.protocol, args.protocols_dir))
        elif args.command == "adapt":
            request = StartRequest(adapt=resolve_protocol(args.protocol, args.protocols_dir))
        elif args.command == "resume":
            request = StartRequest(session=open_to_resume(args.session, directory))
        else:
            request = StartRequest()
        app = IntervisieApp(
            sessions_dir=directory,
            protocols_dir=args.protocols_dir,
            clock=make_clock(args.speed),
            speed=args.speed,
            request=request,
        )
    except (FileProblems, LaunchError, SessionLocked, SessionsDirError) as problem:
        print(problem, file=sys.stderr)
        return EXIT_PROBLEM
    farewell = app.run()
    if farewell:
        print("\n".join(printable(line) for line in farewell.splitlines()))
    # Not 0 when the session could not be saved, or the app failed: scripts must see that.
    return app.return_code or 0
