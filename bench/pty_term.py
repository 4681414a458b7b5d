"""Programs in a pseudo-terminal of our own: keystrokes in, the output stream out, no tmux between.

tmux parses a program's output into its own screen before ``capture-pane`` can show it, and a
capture is a client round trip of a few milliseconds: fine for half a second of start-up, too
coarse for the ~10 ms from a keystroke to its echo. Here the benchmark holds the master side of
the pty: it writes a key and reads the bytes the program writes back, timing the first
appearance of what it waits for to the microsecond.

Every open :class:`PtyProgram` must be drained, or a program blocks once the pty's buffer is
full: :meth:`Ptys.pump` reads all of them at once, and waiting for one keeps reading the others.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.terminal import PYCACHE, REPO

_ESCAPES = re.compile(rb"\x1b(\[[0-9;?<=>!$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")


def plain_text(data: bytes) -> str:
    """The output with escape sequences removed: text drawn on one row stays contiguous."""
    return _ESCAPES.sub(b"", data).decode("utf-8", "replace")


def bench_env() -> dict[str, str]:
    """The environment of a user's terminal: bytecode cached (see ``bench/terminal.py``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["TERM"] = "xterm-256color"
    env.setdefault("COLORTERM", "truecolor")
    return env


class PtyError(RuntimeError):
    """The program ended, or never wrote what was waited for."""


class PtyProgram:
    """One program on its own pty; use through :class:`Ptys` so every pty is drained."""

    def __init__(self, ptys: Ptys, argv: Sequence[str | os.PathLike[str]], width: int,
                 height: int, env: dict[str, str] | None, cwd: Path) -> None:  # fmt: skip
        self.ptys = ptys
        self.argv = [str(arg) for arg in argv]
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.launched_at = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env or bench_env(),
            start_new_session=True,
            preexec_fn=_take_terminal,
            close_fds=True,
        )
        os.close(slave)
        os.set_blocking(master, False)
        self.fd = master
        self.output = bytearray()
        self.closed = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def read_available(self) -> int:
        """Read what is there without blocking; returns the number of bytes read."""
        total = 0
        while not self.closed:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            except OSError:  # EIO: the program closed its side
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self.output += chunk
            total += len(chunk)
        return total

    def send(self, data: str | bytes) -> float:
        """Write keys to the program; returns ``time.perf_counter()`` just before the write."""
        raw = data.encode() if isinstance(data, str) else data
        now = time.perf_counter()
        os.write(self.fd, raw)
        return now

    def wait_for(self, found: Callable[[bytes], bool], *, since: int = 0,
                 timeout: float = 20.0) -> float:  # fmt: skip
        """Read (draining every pty) until ``found(output[since:])``; returns the
        ``time.perf_counter()`` of the read that made it true."""
        deadline = time.perf_counter() + timeout
        while True:
            if found(bytes(self.output[since:])):
                return time.perf_counter()
            if self.closed or self.process.poll() is not None:
                self.read_available()
                if found(bytes(self.output[since:])):
                    return time.perf_counter()
                raise PtyError(
                    f"{self.argv[0]} ended (exit {self.process.poll()}) before the awaited output;"
                    f" its last output:\n{plain_text(bytes(self.output[-3000:]))}"
                )
            left = deadline - time.perf_counter()
            if left <= 0:
                raise PtyError(
                    f"{self.argv[0]}: nothing awaited after {timeout:g} s; its last output:\n"
                    f"{plain_text(bytes(self.output[-3000:]))}"
                )
            self.ptys.pump(min(left, 0.5), until=self)

    def wait_for_text(self, text: str, *, since: int = 0, timeout: float = 20.0) -> float:
        return self.wait_for(lambda data: text in plain_text(data), since=since, timeout=timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """SIGHUP, as a closed terminal window sends; SIGKILL if it does not go."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGHUP)
            deadline = time.perf_counter() + timeout
            while self.process.poll() is None and time.perf_counter() < deadline:
                self.ptys.pump(0.02)
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
            self.closed = True
        self.ptys.programs.remove(self)


def _take_terminal() -> None:
    """In the child, after ``setsid``: make the pty its controlling terminal, as a terminal
    emulator does (job control, SIGWINCH, SIGHUP on close)."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Ptys:
    """The open programs; use as a context manager so every program is stopped."""

    def __init__(self) -> None:
        self.programs: list[PtyProgram] = []

    def launch(self, argv: Sequence[str | os.PathLike[str]], *, width: int, height: int,
               env: dict[str, str] | None = None, cwd: Path = REPO) -> PtyProgram:  # fmt: skip
        program = PtyProgram(self, argv, width, height, env, cwd)
        self.programs.append(program)
        return program

    def pump(self, timeout: float, until: PtyProgram | None = None) -> None:
        """Wait up to ``timeout`` for output of any program and read all that is there; returns
        early once ``until`` (if given) has new output."""
        deadline = time.perf_counter() + timeout
        while True:
            fds = {p.fd: p for p in self.programs if not p.closed}
            if not fds:
                time.sleep(max(0.0, min(timeout, 0.01)))
                return
            left = max(0.0, deadline - time.perf_counter())
            ready, _, _ = select.select(list(fds), [], [], left)
            got_awaited = False
            for fd in ready:
                if fds[fd].read_available() and fds[fd] is until:
                    got_awaited = True
            if got_awaited or not ready or time.perf_counter() >= deadline:
                return

    def sleep(self, seconds: float) -> None:
        """Let time pass while draining every pty."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self.pump(left)

    def __enter__(self) -> Ptys:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for program in list(self.programs):
            program.stop()
