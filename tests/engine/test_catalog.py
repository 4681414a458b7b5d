"""Protocol discovery: built-in set, ./protocols and --protocols-dir, later ones winning."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from intervisie_tui.engine import catalog as catalog_module
from intervisie_tui.engine.catalog import builtin_protocols_dir, load_catalog, search_dirs
from tests.builders import protocol_toml

KNOWN_BUILTINS = {
    "basis-intervisie",
    "handelingsgericht",
    "leren-van-successen",
    "leren-van-successen-ouders",
    "oplossingsgericht",
}


def builtin_ids() -> set[str]:
    return {
        tomllib.loads(p.read_text(encoding="utf-8"))["id"]
        for p in builtin_protocols_dir().glob("*.toml")
    }


def copy_with_title(source: Path, target_dir: Path, title: str) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / source.name
    text = source.read_text(encoding="utf-8")
    original = tomllib.loads(text)["title"]
    target.write_text(text.replace(f'title = "{original}"', f'title = "{title}"', 1), "utf-8")
    assert tomllib.loads(target.read_text(encoding="utf-8"))["title"] == title
    return target


def test_builtin_dir_is_the_repository_protocols_folder(repo_root: Path) -> None:
    assert builtin_protocols_dir() == repo_root / "protocols"


def test_builtin_set_found_without_problems(tmp_path: Path) -> None:
    catalog = load_catalog(cwd=tmp_path)
    assert catalog.problems == []
    assert set(catalog.entries) >= KNOWN_BUILTINS
    assert set(catalog.entries) == builtin_ids()
    for protocol_id, entry in catalog.entries.items():
        assert entry.origin == "ingebouwd"
        assert entry.overrides == ()
        assert entry.loaded.protocol.id == protocol_id
        assert entry.loaded.path.parent == builtin_protocols_dir()


def test_sorted_entries_by_title(tmp_path: Path) -> None:
    titles = [e.loaded.protocol.title for e in load_catalog(cwd=tmp_path).sorted_entries()]
    assert titles == sorted(titles, key=str.casefold)
    assert len(titles) == len(builtin_ids())


def test_running_from_the_repository_does_not_override_itself(repo_root: Path) -> None:
    # In a checkout ./protocols *is* the built-in folder; each file must be read once.
    catalog = load_catalog(cwd=repo_root)
    assert {e.origin for e in catalog.entries.values()} == {"ingebouwd"}
    assert all(e.overrides == () for e in catalog.entries.values())


def test_search_dirs_order(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    assert search_dirs(extra, cwd=tmp_path) == [
        (builtin_protocols_dir(), "ingebouwd"),
        (tmp_path / "protocols", "map"),
        (extra, "--protocols-dir"),
    ]
    assert [origin for _, origin in search_dirs(None, cwd=tmp_path)] == ["ingebouwd", "map"]


def test_working_folder_protocol_overrides_builtin(tmp_path: Path) -> None:
    builtin = builtin_protocols_dir() / "handelingsgericht.toml"
    mine = copy_with_title(builtin, tmp_path / "protocols", "Onze eigen versie")
    catalog = load_catalog(cwd=tmp_path)
    entry = catalog.get("handelingsgericht")
    assert entry is not None
    assert entry.loaded.protocol.title == "Onze eigen versie"
    assert entry.loaded.path == mine
    assert entry.origin == "map"
    assert entry.overrides == (builtin,)
    assert catalog.problems == []
    assert catalog.get("oplossingsgericht").origin == "ingebouwd"  # type: ignore[union-attr]


def test_current_versions_are_those_of_the_files_that_win(tmp_path: Path) -> None:
    builtin = builtin_protocols_dir() / "handelingsgericht.toml"
    mine = copy_with_title(builtin, tmp_path / "protocols", "Onze eigen versie")
    versions = load_catalog(cwd=tmp_path).current_versions()
    assert versions["handelingsgericht"] == hashlib.sha256(mine.read_bytes()).hexdigest()
    assert versions["handelingsgericht"] != hashlib.sha256(builtin.read_bytes()).hexdigest()
    assert set(versions) == KNOWN_BUILTINS


def test_protocols_dir_overrides_working_folder_and_builtin(tmp_path: Path) -> None:
    builtin = builtin_protocols_dir() / "handelingsgericht.toml"
    in_folder = copy_with_title(builtin, tmp_path / "protocols", "Versie uit de map")
    extra = copy_with_title(builtin, tmp_path / "extra", "Versie van de coördinator")
    entry = load_catalog(tmp_path / "extra", cwd=tmp_path).get("handelingsgericht")
    assert entry is not None
    assert entry.loaded.protocol.title == "Versie van de coördinator"
    assert entry.origin == "--protocols-dir"
    assert entry.loaded.path == extra
    assert entry.overrides == (builtin, in_folder)


def test_chdir_is_used_without_cwd_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "protocols").mkdir()
    (tmp_path / "protocols" / "eigen.toml").write_text(
        protocol_toml(id="eigen", title="Eigen"), encoding="utf-8"
    )
    entry = load_catalog().get("eigen")
    assert entry is not None
    assert entry.origin == "map"
    assert entry.loaded.path.resolve() == (tmp_path / "protocols" / "eigen.toml").resolve()


def test_new_protocol_is_added_next_to_builtins(tmp_path: Path) -> None:
    (tmp_path / "protocols").mkdir()
    (tmp_path / "protocols" / "nieuw.toml").write_text(protocol_toml(id="nieuw"), "utf-8")
    catalog = load_catalog(cwd=tmp_path)
    assert set(catalog.entries) == builtin_ids() | {"nieuw"}
    assert catalog.entries["nieuw"].overrides == ()


def test_override_is_by_id_not_by_file_name(tmp_path: Path) -> None:
    builtin = builtin_protocols_dir() / "oplossingsgericht.toml"
    folder = tmp_path / "protocols"
    folder.mkdir()
    renamed = folder / "onze-variant.toml"
    renamed.write_text(builtin.read_text(encoding="utf-8"), encoding="utf-8")
    entry = load_catalog(cwd=tmp_path).get("oplossingsgericht")
    assert entry is not None
    assert (entry.loaded.path, entry.overrides) == (renamed, (builtin,))


def test_bad_files_reported_good_ones_still_listed(tmp_path: Path) -> None:
    folder = tmp_path / "protocols"
    folder.mkdir()
    (folder / "goed.toml").write_text(protocol_toml(id="goed"), encoding="utf-8")
    (folder / "kapot.toml").write_text("id = \n", encoding="utf-8")
    (folder / "leeg.toml").write_bytes(b"")
    (folder / "notitie.txt").write_text("geen protocol", encoding="utf-8")
    catalog = load_catalog(cwd=tmp_path)
    assert "goed" in catalog.entries
    assert set(catalog.entries) >= KNOWN_BUILTINS
    assert {p.file.name for p in catalog.problems} == {"kapot.toml", "leeg.toml"}
    assert str(catalog.problems[0]) == f"{folder / 'kapot.toml'}:1: ongeldige TOML: Invalid value"
    # An empty file lacks the four required keys: schema_version, id, title and phases.
    assert sum(p.file.name == "leeg.toml" for p in catalog.problems) == 4


def test_bad_override_keeps_the_builtin(tmp_path: Path) -> None:
    builtin = builtin_protocols_dir() / "handelingsgericht.toml"
    folder = tmp_path / "protocols"
    folder.mkdir()
    text = builtin.read_text(encoding="utf-8").replace("minutes = 5", "minutes = -5", 1)
    (folder / "handelingsgericht.toml").write_text(text, encoding="utf-8")
    catalog = load_catalog(cwd=tmp_path)
    entry = catalog.get("handelingsgericht")
    assert entry is not None
    assert (entry.origin, entry.loaded.path) == ("ingebouwd", builtin)
    assert [p.path for p in catalog.problems] == ["phases[1].minutes"]


def test_missing_protocols_dir_is_a_problem(tmp_path: Path) -> None:
    catalog = load_catalog(tmp_path / "bestaat-niet", cwd=tmp_path)
    assert [str(p) for p in catalog.problems] == [f"{tmp_path / 'bestaat-niet'}: map bestaat niet"]
    assert set(catalog.entries) == builtin_ids()


def test_missing_working_folder_protocols_is_not_a_problem(tmp_path: Path) -> None:
    assert load_catalog(cwd=tmp_path / "nergens").problems == []


def test_installed_builtin_folder_is_preferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A wheel puts the protocols next to the package as builtin_protocols/.
    package = tmp_path / "site" / "intervisie_tui"
    (package / "engine").mkdir(parents=True)
    (package / "builtin_protocols").mkdir()
    monkeypatch.setattr(catalog_module, "__file__", str(package / "engine" / "catalog.py"))
    assert catalog_module.builtin_protocols_dir() == package / "builtin_protocols"
