"""Checking a protocol file once, or again after every save, in the words of validate."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui.engine.protocol_check import Checked, check_file, check_text, watch
from tests.builders import protocol_toml


def cli_lines(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    cli.main(["validate", str(path)])
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


@pytest.mark.parametrize(
    "text",
    [protocol_toml(), protocol_toml(minutes=["vijf", 0]), "id = ", protocol_toml(titel="x")],
    ids=["good", "bad-minutes", "syntax", "unknown-key"],
)
def test_same_lines_as_intervisie_validate(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    checked = check_file(path)
    assert checked.lines() == cli_lines(path, capsys)
    assert check_text(text, path) == checked
    assert checked.ok == (text == protocol_toml())


def test_watch_checks_again_after_every_save_and_only_then(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(protocol_toml(), encoding="utf-8")
    edits = [
        None,  # nothing saved: no new report
        protocol_toml(minutes=[0]),
        None,
        protocol_toml(minutes=[7]),
        "",  # deleted
        protocol_toml(minutes=[8]),
    ]
    reports: list[Checked] = []

    def wait() -> bool:
        if not edits:
            return False
        edit = edits.pop(0)
        if edit == "":
            path.unlink()
        elif edit is not None:
            # Same size as before is possible: a new mtime must still count.
            path.write_text(edit, encoding="utf-8")
            os.utime(path, ns=(len(reports) * 10**9, len(reports) * 10**9))
        return True

    watch(path, reports.append, wait=wait)
    assert [r.ok for r in reports] == [True, False, True, False, True]
    assert "moet groter zijn dan 0" in reports[1].lines()[0]
    assert reports[2].loaded is not None and reports[2].loaded.protocol.total_minutes == 7
    assert "kan niet lezen" in reports[3].lines()[0]


@pytest.mark.parametrize(("order", "word"), [("strict", "strikt"), ("flexible", "vrij")])
def test_summary_is_dutch_and_names_the_file_printably(
    order: str, word: str, tmp_path: Path
) -> None:
    """The adapt screen shows these lines too, where a name with an escape would be acted on."""
    path = tmp_path / "a\x1b[2Jb\nc.toml"
    path.write_text(protocol_toml(order=order), encoding="utf-8")
    [line] = check_file(path).lines()
    assert line == (
        f"{tmp_path}/a␛[2Jb␊c.toml: OK — test-protocol: 3 fasen, 20 minuten, volgorde {word}"
    )
