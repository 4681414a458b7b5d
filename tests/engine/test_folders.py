"""The sessions folder is checked when the program starts: warned about, refused, never changed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from intervisie_tui.engine.folders import SessionsDirError, check_sessions_dir
from intervisie_tui.engine.store import ensure_private_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_private_or_missing_folder_gives_no_warning(tmp_path: Path) -> None:
    private = tmp_path / "eigen"
    ensure_private_dir(private)
    assert check_sessions_dir(private) == []
    assert check_sessions_dir(tmp_path / "nieuw" / "sessies") == []
    assert not (tmp_path / "nieuw").exists()  # checking creates nothing


@pytest.mark.parametrize(
    ("shared", "says"),
    [
        (0o777, "iedereen kan erin schrijven (rechten 0777)"),
        (0o1777, "iedereen kan erin schrijven (rechten 1777)"),
        (0o755, "iedereen kan erin kijken (rechten 0755)"),
        (0o770, "de groep kan erin schrijven (rechten 0770)"),
        (0o750, "de groep kan erin kijken (rechten 0750)"),
    ],
)
def test_a_folder_others_can_use_gets_one_warning_with_the_fix(
    tmp_path: Path, shared: int, says: str
) -> None:
    folder = tmp_path / "gedeeld"
    folder.mkdir()
    folder.chmod(shared)
    [warning] = check_sessions_dir(folder)
    assert warning == f"let op: sessiemap {folder} is niet privé: {says} — maak hem privé: " + (
        f"chmod 700 {folder}"
    )
    assert mode(folder) == shared  # only looked at


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_folder_of_someone_else_is_named_with_its_owner(tmp_path: Path) -> None:
    folder = tmp_path / "van-een-ander"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    [warning] = check_sessions_dir(folder)
    assert warning.startswith(f"let op: sessiemap {folder} is niet privé: is van ")
    assert "die alle sessies kan lezen" in warning
    assert warning.endswith("kies een eigen map met --sessions-dir (of INTERVISIE_SESSIONS_DIR)")


def test_a_file_is_refused_as_sessions_folder(tmp_path: Path) -> None:
    file = tmp_path / "sessies"
    file.write_text("x")
    for path in (file, file / "sub"):
        with pytest.raises(SessionsDirError) as refused:
            check_sessions_dir(path, write=False)
        assert "kies een eigen map met --sessions-dir" in str(refused.value)
    with pytest.raises(SessionsDirError, match="is een bestand, geen map"):
        check_sessions_dir(file)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_this_program_cannot_write_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "alleen-lezen"
    folder.mkdir(mode=0o500)
    try:
        assert check_sessions_dir(folder, write=False) == []
        with pytest.raises(SessionsDirError, match="kan niet schrijven in deze sessiemap"):
            check_sessions_dir(folder)
        with pytest.raises(SessionsDirError, match="kan de sessiemap niet aanmaken"):
            check_sessions_dir(folder / "sessies")
    finally:
        folder.chmod(0o700)
