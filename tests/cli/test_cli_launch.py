"""Before the TUI starts: the sessions folder is checked, a resume target is checked before any
lock, and what the app leaves behind (its farewell, its exit status) reaches the shell."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from intervisie_tui import launch as launching
from intervisie_tui.engine.store import open_session_file
from tests.meetings import child_env, run_meeting, save


def intervisie(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intervisie_tui", *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize("command", [["run", "handelingsgericht"], ["resume"], []])
def test_a_file_as_sessions_folder_is_refused_before_the_screen(
    tmp_path: Path, command: list[str]
) -> None:
    file = tmp_path / "sessies"
    file.write_text("x")
    done = intervisie("--sessions-dir", str(file), *command)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"{file}: is een bestand, geen map; kies een eigen map met --sessions-dir "
        "(of INTERVISIE_SESSIONS_DIR)\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_this_program_cannot_write_is_refused_before_the_set_up(tmp_path: Path) -> None:
    folder = tmp_path / "van-een-ander"
    folder.mkdir(mode=0o500)
    try:
        done = intervisie("--sessions-dir", str(folder), "run", "handelingsgericht")
    finally:
        folder.chmod(0o700)
    assert done.returncode == 2
    assert "kan niet schrijven in deze sessiemap" in done.stderr


@pytest.mark.parametrize("target", ["../etc/passwd", "../etc/sessie.json", "../etc"])
def test_resume_of_something_that_is_no_session_leaves_no_lock(
    tmp_path: Path, target: str
) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (etc / "sessie.json").write_text('{"gebruikers": ["root"]}')
    work = tmp_path / "werk"
    work.mkdir()
    done = intervisie("--sessions-dir", "sessions", "resume", target, cwd=work)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{target}: ")
    assert sorted(p.name for p in etc.iterdir()) == ["passwd", "sessie.json"]


def test_the_farewell_is_printed_safely_and_the_exit_status_passed_on(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from intervisie_tui.ui.app import IntervisieApp

    folder = tmp_path / "sessions"
    path = save(folder, run_meeting(end="none"))

    def run(self: IntervisieApp) -> str:
        self._return_code = 4
        return f"LET OP: sessie niet opgeslagen in {path}\x1b[2J"

    monkeypatch.setattr(IntervisieApp, "run", run)
    args = argparse.Namespace(
        command="resume",
        session=str(path),
        sessions_dir=folder,
        protocols_dir=None,
        speed=None,
    )
    assert launching.launch(args) == 4
    out, err = capsys.readouterr()
    assert out == f"LET OP: sessie niet opgeslagen in {path}␛[2J\n"
    assert err == ""


@pytest.mark.parametrize(("end", "word"), [("finish", "afgerond"), ("abandon", "afgebroken")])
def test_resume_of_an_ended_session_is_refused_with_how_to_read_it(
    tmp_path: Path, end: str, word: str
) -> None:
    """Its meeting window would open with every key and then refuse them: one line instead,
    naming the command that shows it, which works as printed."""
    path = save(tmp_path / "sessions", run_meeting(end=end))
    session_id = path.stem[-8:]
    done = intervisie("resume", session_id, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"{path.relative_to(tmp_path)}: deze sessie is al {word} en gaat niet verder; "
        f"lezen: intervisie show {session_id}\n"
    )
    open_session_file(path).close()  # not left locked
    shown = intervisie("show", session_id, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr


@pytest.mark.parametrize("how", ["option", "environment"])
def test_hints_name_a_sessions_folder_that_is_not_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A hint typed later, in another shell, must find the session: the folder goes in it."""
    folder = tmp_path / "mijn sessies"
    path = save(folder, run_meeting(end="finish"))
    session_id = path.stem[-8:]
    if how == "option":
        done = intervisie("--sessions-dir", str(folder), "resume", session_id)
    else:
        env = {**child_env(), "INTERVISIE_SESSIONS_DIR": str(folder)}
        done = subprocess.run(
            [sys.executable, "-m", "intervisie_tui", "resume", session_id],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
    hint = done.stderr.strip().rsplit("lezen: ", 1)[1]
    assert hint == f"intervisie --sessions-dir '{folder}' show {session_id}"
    # The hint works as printed, with no environment variable set.
    program, *words = shlex.split(hint)
    assert program == "intervisie"
    shown = intervisie(*words)
    assert shown.returncode == 0, shown.stderr
    assert launching.command_line(Path("sessions"), "resume", "abc") == "intervisie resume abc"
    monkeypatch.chdir(tmp_path)
    assert launching.command_line(tmp_path / "sessions", "resume", "x") == "intervisie resume x"
