"""Real terminals for the benchmarks: tmux sessions of a fixed size, and what runs in them.

Every benchmark gets its own tmux server (``tmux -L intervisie-bench-<pid> -f /dev/null``), so a
user's own tmux and its configuration are never touched; the server is started with a "keeper"
session (so it does not exit between rounds) and killed when the ``with`` block ends.

A command runs as the pane's process itself (``exec``), so the pane's PID is the Python process
whose CPU time ``/proc/PID/stat`` reports. Its stdin, stdout and stderr are the pane's terminal,
as in real use (Textual writes its output to stderr's terminal). Panes stay open when their
command exits (``remain-on-exit``), so a crash shows up as a message, not as a timeout.

Python in the panes caches bytecode as on a user's laptop: ``PYTHONDONTWRITEBYTECODE`` (set in
some containers and CI images) is dropped, and the cache goes to ``bench/results/pycache``
(``PYTHONPYCACHEPREFIX``) rather than into ``src/``. Without a cache an editable install compiles
all of its own modules at every start, which would be measured as start-up time.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

WIDTH = 80
HEIGHT = 24

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
PYCACHE = REPO / "bench" / "results" / "pycache"

Marker = Callable[[str], bool]
"""True when a captured screen shows what is being waited for."""


class TerminalError(RuntimeError):
    """tmux is missing, or a command in a pane died or never showed what was expected."""


def require_tmux() -> str:
    found = shutil.which("tmux")
    if found is None:
        raise TerminalError("tmux is not installed (apt-get install tmux)")
    return found


def digit_rows(text: str) -> tuple[str, ...]:
    """The three text rows that Textual's ``Digits`` draws for ``text``, taken from Textual
    itself, so the marker follows the installed version."""
    from rich.console import Console
    from textual.renderables.digits import Digits

    with open(os.devnull, "w") as sink:
        console = Console(width=WIDTH, record=True, file=sink, color_system=None)
        console.print(Digits(text))
    rows = tuple(line.rstrip() for line in console.export_text().splitlines() if line.strip())
    if len(rows) != 3:
        raise TerminalError(f"unexpected Digits rendering of {text!r}: {rows!r}")
    return rows


def shows_digits(text: str) -> Marker:
    rows = digit_rows(text)
    return lambda screen: all(row in screen for row in rows)


def shows_text(*needles: str) -> Marker:
    return lambda screen: all(needle in screen for needle in needles)


def any_output(screen: str) -> bool:
    return bool(screen.strip())


def cpu_ticks(pid: int) -> int:
    """User + system CPU time of a process in clock ticks (``/proc/PID/stat`` fields 14, 15),
    including threads that have ended."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


CLOCK_TICK = 1 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    return cpu_ticks(pid) * CLOCK_TICK


def _thread_files(pid: int, name: str) -> list[str]:
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/{name}") as handle:
                out.append(handle.read())
        except FileNotFoundError:  # the thread ended while we listed them
            continue
    return out


def run_seconds_precise(pid: int) -> float:
    """CPU time of the live threads in nanosecond resolution (``/proc/PID/task/*/schedstat``).

    ``/proc/PID/stat`` counts in clock ticks (10 ms): fine over a minute, too coarse for the
    few milliseconds an idle app spends in five seconds. Threads that ended are not counted.
    """
    return sum(int(text.split()[0]) for text in _thread_files(pid, "schedstat")) / 1e9


def context_switches(pid: int) -> int:
    """Voluntary context switches of the live threads: how often the process went to sleep,
    roughly how often it wakes up."""
    total = 0
    for text in _thread_files(pid, "status"):
        for line in text.splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total


def io_counters(pid: int) -> dict[str, int]:
    """``/proc/PID/io``: bytes and system calls for reading and writing (terminal and files)."""
    with open(f"/proc/{pid}/io") as handle:
        pairs = (line.split(":") for line in handle.read().splitlines())
        return {key.strip(): int(value) for key, value in pairs}


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@dataclass
class Pane:
    """A command running in its own detached tmux session."""

    tmux: Tmux
    name: str
    pid: int
    launched_at: float  # time.perf_counter() just before tmux was asked to start it

    def capture(self) -> str:
        return self.tmux.run("capture-pane", "-p", "-t", f"={self.name}:").stdout

    def send(self, *keys: str) -> None:
        self.tmux.run("send-keys", "-t", f"={self.name}:", *keys)

    def wait_for(
        self,
        markers: Mapping[str, Marker],
        *,
        timeout: float = 20.0,
        poll: float = 0.004,
    ) -> dict[str, float]:
        """Poll the screen until every marker has shown; seconds since launch per marker.

        Each time is that of the first capture showing the marker, so it is late by at most one
        poll (a sleep of ``poll`` plus one ``tmux capture-pane``, a few ms).
        """
        seen: dict[str, float] = {}
        deadline = time.perf_counter() + timeout
        screen = ""
        while True:
            screen = self.capture()
            now = time.perf_counter()
            for name, marker in markers.items():
                if name not in seen and marker(screen):
                    seen[name] = now - self.launched_at
            if len(seen) == len(markers):
                return seen
            missing = sorted(set(markers) - set(seen))
            if not alive(self.pid):
                raise TerminalError(
                    f"{self.name}: the command ended before showing {missing};"
                    f" its screen:\n{self.capture()}"
                )
            if now > deadline:
                raise TerminalError(
                    f"{self.name}: no {missing} after {timeout:g} s; its screen:\n{screen}"
                )
            time.sleep(poll)

    def kill(self, timeout: float = 5.0) -> None:
        """Close the session (SIGHUP to the command) and wait until the process has gone, so
        the next round never finds a session file still locked."""
        self.tmux.run("kill-session", "-t", f"={self.name}", check=False)
        deadline = time.monotonic() + timeout
        while alive(self.pid):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                deadline = time.monotonic() + timeout
            time.sleep(0.005)


class Tmux:
    """A private tmux server; use as a context manager."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.binary = require_tmux()
        self.socket = f"intervisie-bench-{os.getpid()}"
        self.width = width
        self.height = height
        self._count = 0
        self._socket_path = ""
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [self.binary, "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            env=self.env,  # the server, started by the first call, hands it to the panes
        )
        if check and done.returncode != 0:
            raise TerminalError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done

    def __enter__(self) -> Tmux:
        self.run(*self._new_session("keeper", "exec cat"))
        self.run("set-option", "-g", "remain-on-exit", "on")
        self._socket_path = self.run("display-message", "-p", "#{socket_path}").stdout.strip()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.run("kill-server", check=False)
        if self._socket_path:  # kill-server leaves the socket file behind
            Path(self._socket_path).unlink(missing_ok=True)

    def _new_session(
        self, name: str, command: str, cwd: Path = REPO, size: tuple[int, int] | None = None
    ) -> list[str]:
        width, height = size or (self.width, self.height)
        # -P -F: print the new pane's PID (the command's, thanks to exec).
        return [
            "new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", name,
            "-x", str(width), "-y", str(height), "-c", str(cwd), command,
        ]  # fmt: skip

    def launch(
        self,
        argv: Sequence[str | os.PathLike[str]],
        cwd: Path = REPO,
        *,
        size: tuple[int, int] | None = None,
    ) -> Pane:
        """Start ``argv`` in a new detached session (of ``size``, columns x rows, if given
        instead of the server's); returns once tmux has forked it."""
        self._count += 1
        name = f"bench-{self._count}"
        command = "exec " + shlex.join(str(arg) for arg in argv)
        started = time.perf_counter()
        done = self.run(*self._new_session(name, command, cwd, size))
        return Pane(self, name, int(done.stdout.strip()), started)
