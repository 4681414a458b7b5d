"""Writing protocols back to TOML: same protocol on reading, own folder only, old file kept."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intervisie_tui import cli
from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.protocol import Protocol
from intervisie_tui.engine.protocol_loader import load_protocol, parse_protocol
from intervisie_tui.engine.protocol_writer import (
    SCHEMA_FILE,
    SCHEMA_LINE,
    Target,
    WriteRefused,
    backup_path,
    body_toml,
    comments,
    own_comments,
    protocol_data,
    protocol_toml,
    schema_text,
    target_for,
    user_protocols_dir,
    write_protocol,
    write_schema,
)
from intervisie_tui.engine.store import load_session
from tests.builders import BUILTIN_PROTOCOLS, make_protocol, phase_dict
from tests.builders import protocol_toml as hand_toml
from tests.meetings import run_meeting, save

WHEN = datetime(2026, 11, 23, 15, 30, 0)
SHIPPED = sorted(BUILTIN_PROTOCOLS.glob("*.toml"))


def written(protocol: Protocol, adapted_from: str = "test.toml (map)") -> str:
    return protocol_toml(protocol, adapted_from=adapted_from, when=WHEN)


def reload(text: str) -> Protocol:
    return parse_protocol(text.encode("utf-8"), Path("x.toml")).protocol


# -- the text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_protocol_reads_back_the_same(path: Path) -> None:
    original = load_protocol(path).protocol
    assert reload(written(original)) == original


def test_keys_holding_their_default_are_left_out() -> None:
    protocol = make_protocol(
        warning_minutes=1,
        phases=[
            phase_dict(1, questions=[], round=False, fields=[{"id": "a", "label": "A"}]),
            phase_dict(2, warning_minutes=2, round=True),
        ],
    )
    text = written(protocol)
    for default in ("warning_minutes = 1", "questions", "round = false", 'type = "text"'):
        assert default not in text
    assert "warning_minutes = 2" in text and "round = true" in text
    assert "timekeeper_note" not in text and "group_size" not in text
    assert reload(text) == protocol


def test_minutes_read_as_a_coordinator_writes_them() -> None:
    text = written(make_protocol(minutes=[5, 2.5, 10]))
    assert [line for line in text.splitlines() if line.startswith("minutes")] == [
        "minutes = 5",
        "minutes = 2.5",
        "minutes = 10",
    ]


def test_phases_fields_and_help_are_tables_even_when_short() -> None:
    protocol = make_protocol(
        help=[{"title": "H"}],
        phases=[
            phase_dict(1, fields=[{"id": "a", "label": "A"}], help=[{"title": "Hulp"}]),
            phase_dict(2),
        ],
        preparation={"questions": [{"id": "q", "text": "Vraag?"}]},
        group_size={"min": 2, "max": 4},
    )
    lines = written(protocol).splitlines()
    headers = [line for line in lines if line.startswith("[")]
    assert headers == [
        "[group_size]",
        "[[help]]",
        "[preparation]",
        "[[preparation.questions]]",
        "[[phases]]",
        "[[phases.help]]",
        "[[phases.fields]]",
        "[[phases]]",
    ]
    assert not any(" = [" in line and "{" in line for line in lines)


def test_header_says_where_from_and_when_and_points_editors_at_the_schema() -> None:
    text = written(make_protocol(), adapted_from="handelingsgericht.toml (ingebouwd)")
    first, second, third = text.splitlines()[:3]
    assert first == SCHEMA_LINE == "#:schema ./protocol.schema.json"
    assert second == (
        "# Aangepast met intervisie-tui op 23-11-2026 om 15:30, "
        "uit handelingsgericht.toml (ingebouwd)."
    )
    assert third.startswith("# Eigen opmerkingen (#) gaan verloren")


def test_a_source_name_with_a_newline_cannot_break_the_file() -> None:
    protocol = make_protocol()
    text = written(protocol, adapted_from='x\nid = "ander"\r.toml')
    assert reload(text) == protocol
    assert text.splitlines()[1].endswith('uit x?id = "ander"?.toml.')


printable = st.characters(exclude_categories=["Cs"])
texts = st.text(printable, min_size=1, max_size=40)
slugs = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)


@st.composite
def protocols(draw: st.DrawFn) -> Protocol:
    count = draw(st.integers(1, 4))
    ids = draw(st.lists(slugs, min_size=count, max_size=count, unique=True))
    phases = [
        {
            "id": phase_id,
            "title": draw(texts),
            "minutes": draw(st.floats(0.25, 240, allow_nan=False).map(lambda m: round(m, 2))),
            "who": draw(texts),
            "instruction": draw(st.text(printable, max_size=60)),
            "questions": draw(st.lists(st.text(printable, max_size=30), max_size=3)),
        }
        for phase_id in ids
    ]
    return make_protocol(title=draw(texts), description=draw(st.text(printable)), phases=phases)


@settings(max_examples=60, deadline=None)
@given(protocols())
def test_any_protocol_reads_back_the_same(protocol: Protocol) -> None:
    text = written(protocol)
    assert reload(text) == protocol
    assert own_comments(text) == []


# -- comments ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_comments_of_a_shipped_file_are_its_hash_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    hash_lines = [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip()[:1] == "#"]
    assert [line for line, _ in comments(text)] == hash_lines
    assert len(own_comments(text)) == len(hash_lines) > 0


def test_hashes_inside_strings_are_not_comments() -> None:
    text = (
        'a = "# niet" # wel 1\n'
        "b = '#niet' # wel 2\n"
        'c = """\n# niet\n\\""" # niet\n""" # wel 3\n'
        "d = '''\n# niet\n'''''  # wel 4\n"
        'e = "\\"#niet"\n'
        '"#sleutel" = 1 # wel 5\n'
    )
    assert comments(text) == [
        (1, "# wel 1"),
        (2, "# wel 2"),
        (6, "# wel 3"),
        (9, "# wel 4"),
        (11, "# wel 5"),
    ]


def test_own_comments_leave_out_the_written_header() -> None:
    text = written(make_protocol())
    assert len(comments(text)) == 3 and own_comments(text) == []
    edited = text.replace("[[phases]]", "# stap 1 duurt kort\n[[phases]]", 1)
    [(line, comment)] = own_comments(edited)
    assert comment == "# stap 1 duurt kort"
    assert edited.splitlines()[line - 1] == comment


# -- where it goes -----------------------------------------------------------------------------


def test_user_folder_is_the_explicit_one_or_protocols_in_the_working_folder(
    tmp_path: Path,
) -> None:
    assert user_protocols_dir(None, cwd=tmp_path) == tmp_path / "protocols"
    assert user_protocols_dir(tmp_path / "eigen", cwd=tmp_path) == tmp_path / "eigen"


def test_the_folder_of_built_in_protocols_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="ingebouwde protocollen"):
        target_for("handelingsgericht", BUILTIN_PROTOCOLS)
    (tmp_path / "link").symlink_to(BUILTIN_PROTOCOLS)
    with pytest.raises(WriteRefused, match="ingebouwde protocollen"):
        target_for("nieuw", tmp_path / "link")
    with pytest.raises(WriteRefused):
        write_protocol("", Target(BUILTIN_PROTOCOLS / "nieuw.toml", False), when=WHEN, replace=True)
    assert not (BUILTIN_PROTOCOLS / "nieuw.toml").exists()


def test_target_reports_what_saving_would_replace(tmp_path: Path) -> None:
    assert target_for("nieuw", tmp_path) == Target(tmp_path / "nieuw.toml", exists=False)
    (tmp_path / "eigen.toml").write_text("# mijn opmerking\n" + hand_toml(), encoding="utf-8")
    target = target_for("eigen", tmp_path)
    assert target.exists and target.own_comments == ((1, "# mijn opmerking"),)


def test_a_new_file_is_written_with_its_schema_beside_it(tmp_path: Path) -> None:
    protocol = make_protocol(id="eigen")
    folder = tmp_path / "protocols"
    result = write_protocol(
        written(protocol), target_for("eigen", folder), when=WHEN, replace=False
    )
    assert result.path == folder / "eigen.toml" and result.backup is None
    assert load_protocol(result.path).protocol == protocol
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o644
    schema = json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))
    assert result.schema == folder / SCHEMA_FILE
    assert {"schema_version", "id", "phases"} <= set(schema["properties"])
    assert sorted(p.name for p in folder.iterdir()) == ["eigen.toml", SCHEMA_FILE]


def test_the_saved_file_passes_intervisie_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in SHIPPED:
        loaded = load_protocol(path)
        text = written(loaded.protocol, f"{path.name} (ingebouwd)")
        write_protocol(text, target_for(loaded.protocol.id, tmp_path), when=WHEN, replace=False)
    files = [str(p) for p in sorted(tmp_path.glob("*.toml"))]
    assert len(files) == len(SHIPPED)
    assert cli.main(["validate", *files]) == 0
    assert capsys.readouterr().out.count(": OK — ") == len(SHIPPED)


def test_an_existing_file_is_never_replaced_without_asking(tmp_path: Path) -> None:
    path = tmp_path / "eigen.toml"
    target = target_for("eigen", tmp_path)  # made before the file appears
    path.write_text("# van een collega\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match="bestaat al"):
        write_protocol(written(make_protocol(id="eigen")), target, when=WHEN, replace=False)
    assert path.read_text(encoding="utf-8") == "# van een collega\n"
    assert [p.name for p in tmp_path.iterdir()] == ["eigen.toml"]


def test_replacing_keeps_the_previous_version_beside_it(tmp_path: Path) -> None:
    old = "# eigen opmerking\n" + hand_toml(id="eigen")
    path = tmp_path / "eigen.toml"
    path.write_text(old, encoding="utf-8")
    os.chmod(path, 0o600)
    new = written(make_protocol(id="eigen", minutes=[7]))
    result = write_protocol(new, target_for("eigen", tmp_path), when=WHEN, replace=True)
    assert result.backup == tmp_path / "eigen.toml.bak-20261123-153000"
    assert result.backup.read_text(encoding="utf-8") == old
    assert stat.S_IMODE(result.backup.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == new
    again = write_protocol(new, target_for("eigen", tmp_path), when=WHEN, replace=True)
    assert again.backup == tmp_path / "eigen.toml.bak-20261123-153000-2"
    assert again.backup.read_text(encoding="utf-8") == new
    # Backups are not *.toml: the catalog loads the file itself, once, without problems.
    catalog = load_catalog(cwd=tmp_path.parent, extra_dir=tmp_path)
    assert catalog.problems == [] and catalog.get("eigen").loaded.path == path


def test_backup_names_count_on_when_taken(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    assert backup_path(path, WHEN).name == "a.toml.bak-20261123-153000"
    (tmp_path / "a.toml.bak-20261123-153000").touch()
    (tmp_path / "a.toml.bak-20261123-153000-2").touch()
    assert backup_path(path, WHEN).name == "a.toml.bak-20261123-153000-3"


def test_a_folder_that_cannot_be_written_is_one_dutch_line(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(WriteRefused, match="kan niet schrijven") as caught:
        write_protocol("x", Target(blocker / "p.toml", False), when=WHEN, replace=False)
    assert "\n" not in str(caught.value)


def test_schema_file_is_rewritten_only_when_it_differs(tmp_path: Path) -> None:
    path = tmp_path / SCHEMA_FILE
    write_schema(path)
    inode = path.stat().st_ino
    write_schema(path)
    assert path.stat().st_ino == inode
    path.write_text("{}", encoding="utf-8")
    write_schema(path)
    assert path.read_text(encoding="utf-8") == schema_text()


# -- sessions keep their own copy ------------------------------------------------------------------


def test_adapting_a_protocol_never_changes_a_past_session(tmp_path: Path) -> None:
    folder = tmp_path / "protocols"
    original = make_protocol(id="eigen", minutes=[5, 10])
    write_protocol(written(original), target_for("eigen", folder), when=WHEN, replace=False)
    loaded = load_protocol(folder / "eigen.toml")
    session_path = save(tmp_path / "sessions", run_meeting(loaded.protocol))
    before = session_path.read_bytes()

    adapted = original.model_copy(
        update={"phases": [original.phases[0].model_copy(update={"minutes": 13.0})]}
    )
    write_protocol(written(adapted), target_for("eigen", folder), when=WHEN, replace=True)

    assert session_path.read_bytes() == before
    session = load_session(session_path)
    assert session.protocol == loaded.protocol != load_protocol(folder / "eigen.toml").protocol
    assert [p.planned_seconds for p in session.phases] == [300, 600]


def test_protocol_data_is_what_the_body_writes() -> None:
    protocol = make_protocol()
    assert body_toml(protocol_data(protocol)) in written(protocol)


def test_replacing_a_file_just_written_needs_no_second_backup(tmp_path: Path) -> None:
    first = written(make_protocol(id="eigen", minutes=[6]))
    write_protocol(first, target_for("eigen", tmp_path), when=WHEN, replace=False)
    second = written(make_protocol(id="eigen", minutes=[7]))
    result = write_protocol(
        second, target_for("eigen", tmp_path), when=WHEN, replace=True, keep_previous=False
    )
    assert result.backup is None
    assert (tmp_path / "eigen.toml").read_text(encoding="utf-8") == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eigen.toml", SCHEMA_FILE]


def test_line_breaks_read_back_exactly() -> None:
    """A table whose texts hold a carriage return is written with escapes: a TOML reader
    would turn CRLF inside a multi-line string into LF."""
    protocol = make_protocol(
        description="Regel een\nregel twee",
        phases=[
            phase_dict(1, instruction="a\r\nb", questions=["x\ry", "p\nq"]),
            phase_dict(2, instruction="c\nd"),
        ],
    )
    text = written(protocol)
    assert 'description = """\nRegel een\nregel twee"""' in text
    assert 'instruction = "a\\r\\nb"' in text
    assert 'instruction = """\nc\nd"""' in text
    assert reload(text) == protocol
