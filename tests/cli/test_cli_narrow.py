"""'intervisie sessions' and 'stats' in a terminal 80 columns wide: no line wraps; long cells
are cut with "…", and what the table leaves out is said. A pipe or a file gets whole lines."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from datetime import date, timedelta
from pathlib import Path

from tests.meetings import agreement, child_env, days_ago, run_meeting, save

TODAY = date.today()


def in_terminal(folder: Path, *args: str, columns: int = 80) -> tuple[list[str], str]:
    """Run the command with its output on a terminal ``columns`` wide; its lines, and stderr."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in child_env().items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "--sessions-dir", str(folder), *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end is closed: all was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert done.returncode == 0, done.stderr
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n").splitlines(), done.stderr


def long_folder(folder: Path) -> None:
    for day in range(3):
        save(
            folder,
            run_meeting(
                start=days_ago(10 + day),
                pupil="Een heel lange schuilnaam",
                rehearsal=20 if day == 0 else None,
                agreements=[
                    agreement("Bellen", evaluation_date=TODAY + timedelta(days=3)),
                    agreement("Zonder datum"),
                ],
            ),
        )


def test_sessions_fit_80_columns_in_a_terminal(folder: Path) -> None:
    long_folder(folder)
    lines, err = in_terminal(folder, "sessions")
    assert len(lines) == 4
    assert max(len(line) for line in lines) <= 80
    assert lines[0].split()[:2] == ["DATUM", "ID"]
    assert any("afgerond (oefening)" in line for line in lines)
    assert "…" in lines[1]
    # What is left out is said, the time of day too (two meetings on one day differ by it).
    assert err.endswith(
        "versie, het tijdstip en protocol weggelaten: het venster is smal (--json geeft alles)\n"
    )
    wide, err = in_terminal(folder, "sessions", columns=200)
    assert "PROTOCOL" in wide[0] and "VERSIE" in wide[0] and err == ""


def test_stats_fit_80_columns_in_a_terminal(folder: Path) -> None:
    long_folder(folder)
    lines, _ = in_terminal(folder, "stats")
    assert max(len(line) for line in lines) <= 80
    assert lines[-1].endswith("oefensessie niet meegeteld).")


def test_a_pipe_gets_whole_lines_and_json_is_unchanged(folder: Path) -> None:
    long_folder(folder)
    piped = subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "--sessions-dir", str(folder), "sessions"],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
    )
    assert max(len(line) for line in piped.stdout.splitlines()) > 80
    assert "Een heel lange schuilnaam"[:15] in piped.stdout
    lines, _ = in_terminal(folder, "sessions", "--json")
    assert len(json.loads("\n".join(lines))["sessions"]) == 3
