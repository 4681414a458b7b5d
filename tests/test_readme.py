"""The README is part of the interface: its commands and key table must stay true."""

from __future__ import annotations

import re
from pathlib import Path

from intervisie_tui.ui.keys import RUN_KEYS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    lines = [line.strip() for line in README.splitlines()[:6] if line.startswith("    ")]
    return [line.split("#")[0].strip() for line in lines]


def test_readme_opens_with_run_and_test_commands() -> None:
    assert _setup_commands() == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_key_table_matches_the_key_map() -> None:
    block = README.split("<!-- keys:start -->")[1].split("<!-- keys:end -->")[0]
    rows = [
        [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        for line in block.strip().splitlines()[2:]
    ]
    expected = [[k.typing_display, k.single_display, k.description] for k in RUN_KEYS]
    assert rows == expected
