"""A crash of the TUI, in a real process on a real terminal: one line on the terminal, nothing
of the session in it, the exit status says so, and what was typed is saved.

The fault is planted from outside (a wrapper that breaks one action before running the real
command line), so the program itself carries no test hook.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from intervisie_tui.engine.store import load_session
from tests.ui.support import new_session, save_new

SECRET = "GeheimVanSterre"
F8 = "\x1b[19~"
WRAPPER = f"""
import sys
from intervisie_tui.ui.screens.run import RunScreen

def broken(self):
    raise ValueError({SECRET!r})

RunScreen.action_mute = broken
from intervisie_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


def crash(sessions_dir: Path, path: Path, *, debug: bool) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "INTERVISIE_DEBUG"}
    env["TERM"] = "xterm-256color"
    if debug:
        env["INTERVISIE_DEBUG"] = "1"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, "--sessions-dir", str(sessions_dir), "resume", str(path)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        output = read_until(master, b"F9 Hulp", timeout=20)
        assert b"F9 Hulp" in output, output[-2000:]
        os.write(master, b"wat al getypt is")
        # Typed text is on screen (and in the session) before the fault is triggered.
        output += read_until(master, b"getypt is", timeout=10)
        os.write(master, F8.encode())
        output += read_until(master, b"\x00never", timeout=10)
        status = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    return status, output.decode("utf-8", "replace")


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "INTERVISIE_DEBUG"])
def test_a_crash_prints_one_line_without_session_data(sessions_dir, clock, debug):
    path = save_new(sessions_dir, new_session("oplossingsgericht", clock))
    status, output = crash(sessions_dir, path, debug=debug)
    assert status != 0
    if debug:
        # The details are there for whoever asks: this is what the plain run must not show.
        assert SECRET in output
        return
    assert SECRET not in output
    assert "intervisie: interne fout (ValueError)" in output
    assert "Traceback" not in output
    # What was typed before the crash is in the file.
    answer = load_session(path).answer("probleeminventarisatie", "hulpvraag")
    assert "wat al getypt is" in str(answer)
