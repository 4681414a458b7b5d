"""Check a protocol file and say so in the words of ``intervisie validate``, once or on every save.

The adapt screen checks its draft through the same function, so a coordinator sees the same lines
in the TUI as on the command line, pointing at the lines of the file that saving would write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.protocol import Order
from intervisie_tui.engine.protocol_loader import LoadedProtocol, load_protocol, parse_protocol
from intervisie_tui.timefmt import minutes

WATCH_INTERVAL_SECONDS = 0.5
# The order in Dutch output; the file and ``--json`` keep the format's English values.
ORDER_WORDS = {Order.STRICT.value: "strikt", Order.FLEXIBLE.value: "vrij"}


@dataclass(frozen=True)
class Checked:
    path: Path
    loaded: LoadedProtocol | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.loaded is not None

    def lines(self) -> list[str]:
        """The summary of a good file, or one line per problem (``FILE:LINE: key: message``)."""
        if self.loaded is None:
            return [str(problem) for problem in self.problems]
        protocol = self.loaded.protocol
        return [
            f"{printable_path(self.path)}: OK — {protocol.id}: {len(protocol.phases)} fasen, "
            f"{minutes(protocol.total_minutes)} minuten, volgorde {ORDER_WORDS[protocol.order]}"
        ]


def check_file(path: Path) -> Checked:
    try:
        return Checked(path, load_protocol(path))
    except FileProblems as bad:
        return Checked(path, None, tuple(bad.problems))


def check_text(text: str, path: Path) -> Checked:
    """As ``check_file`` for text that is not (yet) in ``path``."""
    try:
        return Checked(path, parse_protocol(text.encode("utf-8"), path))
    except FileProblems as bad:
        return Checked(path, None, tuple(bad.problems))


def _version(path: Path) -> tuple[int, int, int] | None:
    """What changes when an editor saves: in place (time, size) or by rename (inode)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def pause() -> bool:
    """Wait a moment before looking at the file again; the loop ends only with ctrl+c."""
    time.sleep(WATCH_INTERVAL_SECONDS)
    return True


def watch(
    path: Path, report: Callable[[Checked], None], *, wait: Callable[[], bool] = pause
) -> None:
    """Check ``path`` now and after every change, until ``wait`` returns False (or the user
    presses ctrl+c). ``wait`` pauses between looks at the file; tests pass one that edits it."""
    seen = _version(path)
    report(check_file(path))
    while wait():
        current = _version(path)
        if current != seen:
            seen = current
            report(check_file(path))
