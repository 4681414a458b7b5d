"""The atomic writer: never through or over a link, and what a killed save leaves is cleared."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from intervisie_tui.engine.atomic import (
    RefusedTarget,
    is_temporary_name,
    remove_stale_temporaries,
    write_atomically,
)
from intervisie_tui.engine.listing import scan_sessions
from intervisie_tui.engine.store import create_session_file, open_session_file
from tests.builders import make_session
from tests.meetings import run_meeting, save, stale_and_fresh_temporaries


def test_a_link_is_neither_followed_nor_replaced(tmp_path: Path) -> None:
    target = tmp_path / "van-iemand-anders.txt"
    target.write_text("blijft")
    link = tmp_path / "export.md"
    link.symlink_to(target)
    with pytest.raises(RefusedTarget) as refused:
        write_atomically(link, b"leerlinggegevens")
    assert "symbolische koppeling" in refused.value.strerror
    assert link.is_symlink() and target.read_text() == "blijft"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.md", "van-iemand-anders.txt"]


def test_a_dangling_link_is_not_replaced_either(tmp_path: Path) -> None:
    link = tmp_path / "export.md"
    link.symlink_to(tmp_path / "nog-niet.md")
    with pytest.raises(RefusedTarget):
        write_atomically(link, b"x")
    assert not (tmp_path / "nog-niet.md").exists()


def test_temporary_names_are_those_of_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "sessie.json"
    write_atomically(path, b"{}")
    assert is_temporary_name(".sessie.json.abc123_x.tmp")
    assert is_temporary_name(".intervisie-index.json.k9x2abcd.tmp")
    assert not is_temporary_name("sessie.json.tmp")
    assert not is_temporary_name(".sessie.json.lock")
    assert not is_temporary_name("notities.tmp")


def test_only_stale_temporaries_of_this_program_are_removed(tmp_path: Path) -> None:
    stale, fresh = stale_and_fresh_temporaries(tmp_path, "sessie.json")
    old = time.time() - 3600
    for name in ("notities.tmp", ".notities.tmp", "sessie.json"):
        (tmp_path / name).write_text("van de gebruiker")
        os.utime(tmp_path / name, (old, old))
    (tmp_path / ".map.json.abcdefgh.tmp").mkdir()
    assert remove_stale_temporaries(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh, "notities.tmp", ".notities.tmp", "sessie.json", ".map.json.abcdefgh.tmp"]
    )
    # A minute later the one that was being written is stale too (its writer was killed).
    assert remove_stale_temporaries(tmp_path, now=time.time() + 61) == [fresh]


@pytest.mark.parametrize("opening", ["listing", "create", "open"])
def test_opening_the_folder_clears_stale_temporaries(folder: Path, opening: str) -> None:
    path = save(folder, run_meeting())
    stale, fresh = stale_and_fresh_temporaries(folder, path.name)
    if opening == "listing":
        scan = scan_sessions(folder)
        assert [s.path for s in scan.sessions] == [path] and scan.problems == []
    elif opening == "create":
        create_session_file(folder, make_session()).close()
    else:
        open_session_file(path).close()
    assert not (folder / stale).exists()
    assert (folder / fresh).exists()
