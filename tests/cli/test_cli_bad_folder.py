"""Every command that reads the sessions folder, on the shared corrupt folder: each good session
listed, each bad file named once with its reason, nothing modified, file names printed safely,
and a folder that is not private or not usable said so before anything else."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui.cli import sessions as session_commands
from tests.meetings import (
    bad_files,
    days_ago,
    edge_files,
    run_meeting,
    save,
    snapshot,
    stale_and_fresh_temporaries,
)

ESC = "\x1b"


def run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--sessions-dir", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def sid(path: Path) -> str:
    return path.stem.rsplit("_", 1)[-1]


@pytest.fixture
def corrupt(folder: Path) -> tuple[list[Path], dict[str, str], list[str]]:
    """Two completed sessions long ago, one in progress, and everything that can go wrong."""
    good = [
        save(folder, run_meeting(start=days_ago(400), pupil="A.")),
        save(folder, run_meeting(start=days_ago(300), pupil="B.")),
        save(folder, run_meeting(start=days_ago(1), pupil="C.", end="none")),
    ]
    reasons = bad_files(folder, run_meeting())
    edges = edge_files(folder, run_meeting())
    return good, reasons, edges


def named_once(err: str, reasons: dict[str, str], prefix: str) -> None:
    lines = [line for line in err.splitlines() if line.startswith(prefix)]
    for name, reason in reasons.items():
        [line] = [line for line in lines if f"/{name}:" in line]
        assert reason in line, line


READERS = [
    ["sessions"],
    ["sessions", "--json"],
    ["stats"],
    ["stats", "--json"],
    ["purge", "--older-than", "3650", "--dry-run"],
    ["purge", "--older-than", "200"],
]


@pytest.mark.parametrize("args", READERS)
def test_every_reader_lists_the_good_names_the_bad_and_changes_none(
    capsys: pytest.CaptureFixture[str], folder: Path, corrupt, args: list[str]
) -> None:
    good, reasons, edges = corrupt
    stale, fresh = stale_and_fresh_temporaries(folder, good[2].name)  # never purged
    before = snapshot(folder, [*reasons, *edges])
    code, out, err = run(capsys, folder, *args)
    assert code == 0, err
    assert "Traceback" not in out + err
    prefix = "overgeslagen, onleesbaar (niet verwijderd): " if args[0] == "purge" else ""
    if args[-1] == "--json":
        problems = json.loads(out)["problems"]
        for name in [*reasons, *edges]:
            assert len([p for p in problems if f"/{name}:" in p]) <= 1
        for name, reason in reasons.items():
            [problem] = [p for p in problems if f"/{name}:" in p]
            assert reason in problem
    else:
        named_once(err, reasons, prefix)
    # The extreme files are valid sessions or bad files, as the schema says: listed or named.
    accounted = out + err
    for name in edges:
        assert name[-13:-5] in accounted or f"/{name}:" in accounted, name
    if args[0] == "sessions":
        for path in good:
            assert sid(path) in out
    if args == ["purge", "--older-than", "200"]:
        assert [p.exists() for p in good] == [False, False, True]
        assert "2 sessies van vóór" in out
    assert snapshot(folder, [*reasons, *edges]) == before
    assert not (folder / stale).exists() and (folder / fresh).exists()


@pytest.mark.parametrize("command", ["show", "export"])
def test_show_and_export_name_a_bad_file_in_one_line(
    capsys: pytest.CaptureFixture[str], folder: Path, corrupt, command: str
) -> None:
    good, reasons, _edges = corrupt
    before = snapshot(folder, reasons)
    for name, reason in reasons.items():
        code, out, err = run(capsys, folder, command, str(folder / name))
        assert (code, out) == (2, ""), name
        [line] = err.splitlines()
        assert line.startswith(f"{folder / name}:") and reason in line
    code, out, err = run(capsys, folder, command, sid(good[0]))
    assert code == 0 and "L. zelfstandig" in out
    assert snapshot(folder, reasons) == before


# -- names that would act on the terminal ---------------------------------------------------------

FORGED = "sessie\x1b]0;gehackt\x07\x1b[2J\nverwijderd: alles.json"


def test_file_names_never_reach_the_terminal_raw(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    good = save(folder, run_meeting(start=days_ago(400)))
    renamed = good.with_name(FORGED)
    good.rename(renamed)
    (folder / f"kapot{ESC}[31m.json").write_text("{")
    for args in (
        ["sessions"],
        ["sessions", "--json"],
        ["stats"],
        ["show", str(folder / f"kapot{ESC}[31m.json")],
        ["purge", "--older-than", "30", "--dry-run"],
        ["purge", "--older-than", "30"],
    ):
        _code, out, err = run(capsys, folder, *args)
        for stream in (out, err):
            assert ESC not in stream and "\x07" not in stream, args
            assert not any(line.startswith("verwijderd: alles") for line in stream.splitlines())
    assert "sessie␛]0;gehackt␇␛[2J␊verwijderd: alles.json" in out  # what purge deleted


def test_a_name_that_is_not_utf8_is_printed_too(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    folder.mkdir(mode=0o700)
    (folder / os.fsdecode(b"caf\xe9.json")).write_text("{")
    code, _out, err = run(capsys, folder, "sessions")
    assert code == 2 and "caf\\xe9.json:1: kapotte of afgebroken JSON" in err
    code, _out, err = run(capsys, folder, "show", os.fsdecode(b"caf\xe9.json"))
    assert code == 2 and "caf\\xe9.json:1: kapotte of afgebroken JSON" in err


# -- the folder itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["sessions"],
        ["show", "c0ffee00"],
        ["export", "c0ffee00"],
        ["stats"],
        ["purge", "--older-than", "30"],
    ],
)
def test_a_file_as_sessions_folder_is_refused_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    file = tmp_path / "sessies.txt"
    file.write_text("x")
    code, out, err = run(capsys, file, *args)
    assert (code, out) == (2, "")
    assert err == (
        f"{file}: is een bestand, geen map; kies een eigen map met --sessions-dir "
        "(of INTERVISIE_SESSIONS_DIR)\n"
    )


def test_a_shared_folder_is_warned_about_and_left_as_it_is(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    save(folder, run_meeting())
    folder.chmod(0o777)
    code, out, err = run(capsys, folder, "sessions")
    assert code == 0 and out
    assert err == (
        f"let op: sessiemap {folder} is niet privé: iedereen kan erin schrijven (rechten 0777) "
        f"— maak hem privé: chmod 700 {folder}\n"
    )
    assert folder.stat().st_mode & 0o777 == 0o777


# -- exports -------------------------------------------------------------------------------------


def test_export_refuses_a_link_and_a_session_name_in_the_folder(
    capsys: pytest.CaptureFixture[str], folder: Path, tmp_path: Path
) -> None:
    path = save(folder, run_meeting())
    other = tmp_path / "van-iemand-anders.txt"
    other.write_text("blijft")
    link = folder / "y.json"
    link.symlink_to(other)
    for target, reason in [
        (link, "is een symbolische koppeling; kies een gewoon bestand"),
        (folder / "nieuw.json", "ligt in de sessiemap"),
        (tmp_path / "elders" / "x.md", "bestaat niet"),
    ]:
        code, out, err = run(capsys, folder, "export", sid(path), "-o", str(target))
        assert (code, out) == (2, "")
        assert err.startswith(f"{target}: ") and reason in err
    assert link.is_symlink() and other.read_text() == "blijft"
    assert not (folder / "nieuw.json").exists()
    code, _, err = run(capsys, folder, "export", sid(path), "-o", str(tmp_path / "x.md"))
    assert code == 0 and err == f"geschreven: {tmp_path / 'x.md'}\n"


# -- a fault of the program itself ---------------------------------------------------------------


def test_an_internal_error_prints_one_line_and_no_data(
    capsys: pytest.CaptureFixture[str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(args: object) -> int:
        pupil = "Jantje de Vries"  # what a traceback with locals would print
        raise OverflowError(f"date value out of range for {pupil}")

    monkeypatch.setattr(session_commands, "cmd_sessions", broken)
    code, out, err = run(capsys, folder, "sessions")
    assert code == cli.EXIT_INTERNAL == 70
    assert out == ""
    assert err == (
        "intervisie: interne fout (OverflowError); er wordt niets uit de sessies getoond. "
        "Zet INTERVISIE_DEBUG=1 voor de details en meld het.\n"
    )
    monkeypatch.setenv("INTERVISIE_DEBUG", "1")
    with pytest.raises(OverflowError):
        cli.main(["--sessions-dir", str(folder), "sessions"])
