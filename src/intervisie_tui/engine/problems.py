"""Problems found in a user's file, reported as one line each and never as a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intervisie_tui.engine.display import printable, printable_path


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    path: str
    message: str
    # Where else the same problem was found, when the message says it once for all of them.
    others: tuple[str, ...] = ()

    def __str__(self) -> str:
        """One line, whatever the file is called: a name may hold an escape or a newline."""
        name = printable_path(self.file)
        where = f"{name}:{self.line}" if self.line else name
        message = printable(self.message)
        if self.path:
            return f"{where}: {printable(self.path)}: {message}"
        return f"{where}: {message}"


class FileProblems(Exception):
    """Raised when a file cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
