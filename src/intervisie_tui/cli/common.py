"""What every group of commands shares: exit statuses, one-line refusals, the sessions folder
and writing a document to a file or stdout.

Imports nothing heavy at module level (no pydantic, no rich, no Textual): every command module
imports this one, and the read-only commands must start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from intervisie_tui.engine.display import printable, printable_path

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a fault of this program, not of the user's files


class Refused(Exception):
    """A reason to stop, printed as one line with exit status 2."""


def fail(message: object) -> int:
    """One line on stderr, nothing in it the terminal would act on (it may hold a file's text)."""
    print(printable(str(message)), file=sys.stderr)
    return EXIT_INVALID


def minutes(value: float) -> str:
    return f"{value:g}"


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def sessions_dir(explicit: Path | None) -> Path:
    """As ``store.sessions_dir`` (kept in step by a test), without importing the models."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get("INTERVISIE_SESSIONS_DIR")
    return Path(from_env) if from_env else Path("sessions")


def checked_sessions_dir(args: argparse.Namespace, *, write: bool = False) -> Path:
    """The sessions folder, checked before anything is read: a warning line on stderr for each
    privacy problem; raises Refused (one line) for a folder that cannot be used."""
    from intervisie_tui.engine.folders import SessionsDirError, check_sessions_dir

    directory = sessions_dir(args.sessions_dir)
    try:
        warnings = check_sessions_dir(directory, write=write)
    except SessionsDirError as problem:
        raise Refused(str(problem)) from None
    for warning in warnings:
        print(warning, file=sys.stderr)
    return directory


def output_format(explicit: str | None, output: Path | None) -> str:
    if explicit:
        return explicit
    if output is not None and output.suffix.lower() in (".html", ".htm"):
        return "html"
    return "md"


def deliver(
    text: str, output: Path | None, directory: Path | None = None, *, mode: int = 0o600
) -> int:
    """To stdout, or written atomically to ``output``: 0600 unless ``mode`` says otherwise
    (exports are about children); never through a link or over a session."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return EXIT_OK
    from intervisie_tui.engine.atomic import RefusedTarget, check_export_target, write_atomically

    shown = printable_path(output)
    try:
        check_export_target(output, directory)
        write_atomically(output, text.encode("utf-8"), mode=mode)
    except RefusedTarget as refused:
        return fail(f"{shown}: {refused.strerror}")
    except OSError as error:
        return fail(f"{shown}: kan niet schrijven: {error.strerror or error}")
    print(f"geschreven: {shown}", file=sys.stderr)
    return EXIT_OK
