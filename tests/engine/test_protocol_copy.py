"""Copying a protocol file: every comment kept, only the id changed, nothing overwritten."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.protocol_copy import copy_protocol
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.protocol_writer import SCHEMA_FILE, SCHEMA_LINE, WriteRefused, comments
from tests.builders import BUILTIN_PROTOCOLS, protocol_toml

WHEN = datetime(2026, 11, 23, 15, 30)
SHIPPED = sorted(BUILTIN_PROTOCOLS.glob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_copy_is_the_original_text_with_another_id(path: Path, tmp_path: Path) -> None:
    source = load_protocol(path)
    copied = copy_protocol(source, tmp_path, "eigen-versie", now=WHEN)
    assert copied.path == tmp_path / "eigen-versie.toml" and not copied.same_id
    original = path.read_text(encoding="utf-8").splitlines()
    copy = copied.path.read_text(encoding="utf-8").splitlines()
    assert copy[0] == SCHEMA_LINE
    changed = [(a, b) for a, b in zip(original, copy[1:], strict=True) if a != b]
    assert changed == [(f'id = "{source.protocol.id}"', 'id = "eigen-versie"')]
    assert [c for _, c in comments("\n".join(copy))] == [SCHEMA_LINE] + [
        c for _, c in comments("\n".join(original))
    ]
    reloaded = load_protocol(copied.path).protocol
    assert reloaded == source.protocol.model_copy(update={"id": "eigen-versie"})
    assert (tmp_path / SCHEMA_FILE).is_file()


def test_same_id_takes_the_place_of_the_original_and_says_so(tmp_path: Path) -> None:
    source = load_protocol(BUILTIN_PROTOCOLS / "handelingsgericht.toml")
    copied = copy_protocol(source, tmp_path / "protocols", now=WHEN)
    assert copied.same_id and copied.protocol_id == "handelingsgericht"
    report = copied.report()
    assert report[0] == (
        f"Gekopieerd: {source.path} → {copied.path} (id 'handelingsgericht')"
    )
    assert "gaat voortaan voor" in report[1] and "in de plaats" in report[1]
    assert report[-1] == (
        f"Volgende stap: pas {copied.path} aan en controleer het met: "
        f"intervisie validate {copied.path}"
    )
    entry = load_catalog(cwd=tmp_path).get("handelingsgericht")
    assert entry is not None and entry.origin == "map"
    assert entry.overrides == (source.path,)


def test_a_new_id_leaves_the_original_in_place(tmp_path: Path) -> None:
    source = load_protocol(BUILTIN_PROTOCOLS / "oplossingsgericht.toml")
    copied = copy_protocol(source, tmp_path / "protocols", "kort", now=WHEN)
    assert not any("in de plaats" in line for line in copied.report())
    catalog = load_catalog(cwd=tmp_path)
    assert catalog.get("kort").loaded.path == copied.path
    assert catalog.get("oplossingsgericht").origin == "ingebouwd"


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    source = load_protocol(BUILTIN_PROTOCOLS / "basis-intervisie.toml")
    target = tmp_path / "mijn.toml"
    target.write_text("# van een collega\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match=r"bestaat al.*--force"):
        copy_protocol(source, tmp_path, "mijn", now=WHEN)
    assert target.read_text(encoding="utf-8") == "# van een collega\n"
    forced = copy_protocol(source, tmp_path, "mijn", now=WHEN, force=True)
    assert forced.backup == tmp_path / "mijn.toml.bak-20261123-153000"
    assert forced.backup.read_text(encoding="utf-8") == "# van een collega\n"
    assert f"bewaard als {forced.backup}" in forced.report()[-2]
    assert load_protocol(target).protocol.id == "mijn"


def test_an_id_that_cannot_be_a_file_name_is_refused(tmp_path: Path) -> None:
    source = load_protocol(BUILTIN_PROTOCOLS / "basis-intervisie.toml")
    for bad in ("../weg", "Met Hoofdletters", "", "a" * 65):
        with pytest.raises(WriteRefused, match="id ") as caught:
            copy_protocol(source, tmp_path, bad, now=WHEN)
        assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_the_built_in_folder_is_refused(tmp_path: Path) -> None:
    source = load_protocol(BUILTIN_PROTOCOLS / "basis-intervisie.toml")
    with pytest.raises(WriteRefused, match="ingebouwde protocollen"):
        copy_protocol(source, BUILTIN_PROTOCOLS, "nieuw", now=WHEN)
    assert not (BUILTIN_PROTOCOLS / "nieuw.toml").exists()


def test_a_file_changed_since_reading_is_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "bron.toml"
    path.write_text(protocol_toml(), encoding="utf-8")
    source = load_protocol(path)
    path.write_text(protocol_toml(title="Anders"), encoding="utf-8")
    with pytest.raises(WriteRefused, match="veranderd sinds het inlezen"):
        copy_protocol(source, tmp_path / "uit", "kopie", now=WHEN)
    assert not (tmp_path / "uit").exists()


def test_comment_after_the_id_and_an_existing_schema_line_are_kept(tmp_path: Path) -> None:
    text = "#:schema ../elders.json\n" + protocol_toml().replace(
        'id = "test-protocol"', "id = 'test-protocol'  # oud id", 1
    )
    path = tmp_path / "bron.toml"
    path.write_text(text, encoding="utf-8")
    copied = copy_protocol(load_protocol(path), tmp_path, "nieuw", now=WHEN)
    copy = copied.path.read_text(encoding="utf-8")
    assert copy == text.replace("id = 'test-protocol'", 'id = "nieuw"')


def test_a_rewrite_that_would_change_anything_else_is_refused(tmp_path: Path) -> None:
    """An ``id =`` line inside a multi-line string that starts on a line of its own misleads
    the line scanner; the check on the result catches it."""
    text = (
        "schema_version = 1\n"
        'rules = [\n"""\nid = "nep"\n""",\n]\n'
        + protocol_toml().replace("schema_version = 1\n", "", 1)
    )
    path = tmp_path / "bron.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WriteRefused, match="niet veilig"):
        copy_protocol(load_protocol(path), tmp_path / "uit", "nieuw", now=WHEN)
    assert not (tmp_path / "uit" / "nieuw.toml").exists()


def test_the_copy_passes_intervisie_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = load_protocol(BUILTIN_PROTOCOLS / "leren-van-successen.toml")
    copied = copy_protocol(source, tmp_path, "successen-kort", now=WHEN)
    assert cli.main(["validate", str(copied.path)]) == 0
    assert ": OK — successen-kort:" in capsys.readouterr().out
