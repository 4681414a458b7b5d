"""Reading protocol files: every problem is one line ``FILE:LINE: key.path: message``."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.protocol import MinutesSource, Order, Subject
from intervisie_tui.engine.protocol_loader import (
    MAX_FILE_BYTES,
    format_loc,
    load_protocol,
    parse_protocol,
)
from intervisie_tui.engine.toml_lines import key_lines, line_of
from tests.builders import protocol_toml

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad_protocols"
SMALLEST = BAD.parent / "good_protocols" / "smallest.toml"
BAD_FILES = sorted(BAD.glob("*.toml"))
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<rest>.+)$")


def expected_lines(toml: Path, shown_as: str) -> list[str]:
    text = toml.with_suffix(".expected").read_text(encoding="utf-8")
    return [line.replace("{file}", shown_as) for line in text.splitlines() if line]


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(FileProblems) as caught:
        load_protocol(path)
    return caught.value.problems


def line_number(text: str, marker: str) -> int:
    """1-based number of the only line containing ``marker``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(found) == 1, (marker, found)
    return found[0]


# -- the fixture folder ---------------------------------------------------------------------


def test_fixture_folder_is_paired() -> None:
    assert len(BAD_FILES) >= 30
    expected = sorted(BAD.glob("*.expected"))
    assert [p.stem for p in expected] == [p.stem for p in BAD_FILES]


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_bad_file_gives_exactly_its_expected_lines(
    bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == expected_lines(bad, str(bad))


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_bad_file_problems_carry_a_line(bad: Path) -> None:
    found = problems_of(bad)
    assert [str(p) for p in found] == expected_lines(bad, str(bad))
    assert all(p.file == bad and p.line is not None and p.line >= 1 for p in found)
    assert all("\n" not in str(p) for p in found)


def test_all_bad_files_in_one_subprocess_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "validate", *map(str, BAD_FILES)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    wanted = [line for bad in BAD_FILES for line in expected_lines(bad, str(bad))]
    assert result.stderr.splitlines() == wanted


def test_valid_and_invalid_files_together(
    builtin_protocols_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = builtin_protocols_dir / "handelingsgericht.toml"
    bad = BAD / "minutes_zero.toml"
    assert cli.main(["validate", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{good}: OK — handelingsgericht: 7 fasen, 39 minuten, volgorde strikt"
    ]
    assert err.splitlines() == expected_lines(bad, str(bad))


# -- line numbers point at the key ----------------------------------------------------------

TRICKY = '''# A comment that mentions [[phases]] and minutes = 1
schema_version = 1
id = "lijnen"
title = "Regelnummers"
description = """
Een tekst over meerdere regels, die op sleutels lijkt:
minutes = 99
[[phases]]
"""
source = 'tests'
order = "flexible"
rules = [
  "een",
  "twee",
]

[[phases]]
id = "een"
title = "Een"
minutes = 5
who = "allen"

[[phases.fields]]
id = "a"
label = "A"

[[phases]]   # the second phase
id = "twee"
title = "Twee"
minutes = 2.5
who = "allen"
instruction = """Nog een lange tekst.
[[phases]]
minutes = 1
"""

[[phases.fields]]
id = "b"
label = "B"

[[phases.fields]]
id = "c"
label = "C"

[[phases]]
id = "drie"
title = "Drie"
  minutes   =   MINUTES   # the third phase's minutes
who = "allen"

[[phases.fields]]
id = "d"
label = "D"

[[phases.fields]]
id = "e"
label = "E"
type = "skale"   # the bad type

[phases.help_panel]
title = "bestaat niet"
'''


def test_schema_error_lines_point_at_the_key(tmp_path: Path) -> None:
    text = TRICKY.replace("MINUTES", "0")
    path = tmp_path / "lijnen.toml"
    path.write_text(text, encoding="utf-8")
    found = {p.path: p for p in problems_of(path)}
    assert set(found) == {"phases[3].minutes", "phases[3].fields[2].type", "phases[3].help_panel"}
    assert found["phases[3].minutes"].line == line_number(text, "the third phase's minutes")
    assert found["phases[3].minutes"].message == "moet groter zijn dan 0"
    assert found["phases[3].fields[2].type"].line == line_number(text, "the bad type")
    assert found["phases[3].help_panel"].line == line_number(text, "[phases.help_panel]")
    line = line_number(text, "the third phase")
    assert str(found["phases[3].minutes"]) == (
        f"{path}:{line}: phases[3].minutes: moet groter zijn dan 0"
    )


def test_tricky_file_is_valid_when_fixed(tmp_path: Path) -> None:
    text = TRICKY.replace("MINUTES", "7").replace('"skale"', '"scale"')
    text = text[: text.index("[phases.help_panel]")]
    loaded = parse_protocol(text.encode(), tmp_path / "ok.toml")
    assert [p.minutes for p in loaded.protocol.phases] == [5, 2.5, 7]
    assert loaded.protocol.phases[2].fields[1].scale_range == (0, 10)


def test_missing_key_points_at_its_table(tmp_path: Path) -> None:
    text = protocol_toml(minutes=[5, 5, 5]).replace('title = "Fase 2"\n', "")
    [problem] = problems_of(_write(tmp_path, text))
    headers = [n for n, line in enumerate(text.splitlines(), 1) if line == "[[phases]]"]
    assert (problem.path, problem.line, problem.message) == (
        "phases[2].title",
        headers[1],
        "ontbreekt",
    )


def test_a_key_missing_in_several_phases_is_said_once(tmp_path: Path) -> None:
    text = protocol_toml(minutes=[5, 5, 5, 5]).replace('title = "Fase 2"\n', "")
    text = text.replace('title = "Fase 3"\n', "").replace('title = "Fase 4"\n', "")
    [problem] = problems_of(_write(tmp_path, text))
    headers = [n for n, line in enumerate(text.splitlines(), 1) if line == "[[phases]]"]
    assert (problem.path, problem.line) == ("phases[2].title", headers[1])
    assert problem.message == "ontbreekt in 3 fasen: 2–4"
    assert problem.others == ("phases[3].title", "phases[4].title")
    assert (
        str(problem)
        == f"{tmp_path / 'protocol.toml'}:{headers[1]}: phases[2].title: {problem.message}"
    )


def test_the_same_wrong_value_in_several_phases_is_said_once(tmp_path: Path) -> None:
    text = protocol_toml(minutes=[0, 5, 0, 0, 0, 7])
    [problem] = problems_of(_write(tmp_path, text))
    assert (problem.path, problem.message) == (
        "phases[1].minutes",
        "moet groter zijn dan 0 (in 4 fasen: 1 en 3–5)",
    )
    assert problem.line == text.splitlines().index("minutes = 0") + 1


def test_the_smallest_protocol_gets_every_default(tmp_path: Path) -> None:
    protocol = load_protocol(SMALLEST).protocol
    assert [(p.id, p.minutes, p.who) for p in protocol.phases] == [
        ("vraag", 5, ""),
        ("ronde", 15, ""),
    ]
    assert (protocol.description, protocol.source, protocol.timekeeper_note) == ("", "", "")
    assert protocol.order is Order.STRICT
    assert protocol.minutes_source is MinutesSource.SOURCE
    assert protocol.subject is Subject.PUPIL
    assert not any(protocol.proposed_minutes(p) for p in protocol.phases)
    assert (protocol.group_size, protocol.preparation, protocol.rules) == (None, None, [])


def test_toml_syntax_error_line(tmp_path: Path) -> None:
    text = protocol_toml() + "\n\n# broken below\nminutes = = 5\n"
    [problem] = problems_of(_write(tmp_path, text))
    assert problem.line == line_number(text, "minutes = = 5")
    assert problem.path == ""
    assert problem.message.startswith("ongeldige TOML: ")


def test_toml_error_at_end_of_document_points_at_last_line(tmp_path: Path) -> None:
    text = 'schema_version = 1\nrules = ["open'
    [problem] = problems_of(_write(tmp_path, text))
    assert problem.line == 2
    assert problem.message.startswith("ongeldige TOML: ")
    assert "end of document" not in problem.message


def test_newer_schema_version_is_refused_as_newer(tmp_path: Path) -> None:
    text = "# eerst een opmerking\n" + protocol_toml(schema_version=3)
    [problem] = problems_of(_write(tmp_path, text))
    assert problem.path == "schema_version"
    assert problem.line == line_number(text, "schema_version")
    assert "versie 3 is nieuwer dan dit programma kan lezen (1)" in problem.message


def test_boolean_schema_version_is_refused(tmp_path: Path) -> None:
    # `schema_version = true` is not version 1, although Python says True == 1.
    text = "# opmerking\n" + protocol_toml().replace("schema_version = 1", "schema_version = true")
    found = [(p.path, p.line) for p in problems_of(_write(tmp_path, text))]
    assert found == [("schema_version", 2)]


def test_non_utf8_reports_line_of_first_bad_byte(tmp_path: Path) -> None:
    data = protocol_toml().encode() + b'\n\nrules = ["caf\xe9"]\n'
    path = tmp_path / "latin.toml"
    path.write_bytes(data)
    [problem] = problems_of(path)
    assert problem.line == data.decode("latin-1").splitlines().index('rules = ["café"]') + 1
    assert "UTF-8" in problem.message


# -- what a good file gives -----------------------------------------------------------------


def test_loaded_protocol_records_path_and_hash(tmp_path: Path) -> None:
    path = _write(tmp_path, protocol_toml(minutes=[2.5, 10]))
    loaded = load_protocol(path)
    assert loaded.path == path
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.protocol.total_minutes == 12.5


def test_crlf_line_endings_load(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    path.write_bytes(protocol_toml(minutes=[3, 4]).replace("\n", "\r\n").encode())
    assert load_protocol(path).protocol.total_minutes == 7


# -- unreadable and oversized files ---------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "bestaat-niet.toml"
    [problem] = problems_of(path)
    assert str(problem) == f"{path}: kan niet lezen: No such file or directory"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path)
    assert str(problem).startswith(f"{tmp_path}: kan niet lezen: ")


def test_file_over_one_megabyte_is_refused_unparsed(tmp_path: Path) -> None:
    path = _write(tmp_path, protocol_toml() + "#" * MAX_FILE_BYTES)
    [problem] = problems_of(path)
    assert str(problem) == f"{path}: bestand is groter dan 1 MB: geen protocol"


# -- absurd content must still give one line per problem and never a traceback -------------

ABSURD: dict[str, bytes] = {
    "deeply_nested_array": b"rules = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "deeply_nested_inline_table": b"x = " + b"{a = " * 5000 + b"1" + b"}" * 5000 + b"\n",
    "integer_with_5000_digits": protocol_toml().encode()
    + b"\n[group_size]\nmin = 1"
    + b"0" * 5000
    + b"\nmax = 2\n",
    "newline_in_quoted_key": protocol_toml().encode() + b'"a\\nb" = 1\n',
    "escape_sequence_in_key": protocol_toml().encode() + b'"\\u001b[2J" = 1\n',
    "random_bytes": bytes((i * 151 + 7) % 256 for i in range(4096)),
    "control_characters": b"\x01\x02\x03 = 4\n",
}


def _write(tmp_path: Path, text: str, name: str = "protocol.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _assert_one_line_per_problem(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert cli.main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    count = len(problems_of(path))
    assert len(lines) == count, f"{count} problems printed as {len(lines)} lines: {lines!r}"
    for line in lines:
        match = PROBLEM_LINE.match(line)
        assert match, line
        assert match["file"] == str(path)
        assert "\x1b" not in line
    return lines


@pytest.mark.parametrize("name", sorted(ABSURD))
def test_absurd_content_gives_one_line_per_problem(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_bytes(ABSURD[name])
    _assert_one_line_per_problem(path, capsys)


def test_absurd_content_in_a_subprocess_never_gives_a_traceback(tmp_path: Path) -> None:
    paths = []
    for name, data in sorted(ABSURD.items()):
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    printed = {PROBLEM_LINE.match(line)["file"] for line in result.stderr.splitlines()}  # type: ignore[index]
    assert printed == {str(p) for p in paths}


def test_duplicate_phase_id_points_at_the_phases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = protocol_toml(minutes=[5, 5, 5]).replace('id = "fase-3"', 'id = "fase-1"')
    path = _write(tmp_path, text)
    [line] = _assert_one_line_per_problem(path, capsys)
    match = PROBLEM_LINE.match(line)
    assert match
    assert "'fase-1' komt meer dan eens voor" in match["rest"]
    # FILE:LINE: key.path: message — the key path names the phases, and the line is inside them
    # (not line 1, which is schema_version).
    assert match["rest"].startswith("phases"), line
    first_phase = text.splitlines().index("[[phases]]") + 1
    assert int(match["line"]) >= first_phase


# -- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loc", "shown"),
    [
        ((), ""),
        (("id",), "id"),
        (("phases", 2, "minutes"), "phases[3].minutes"),
        (("phases", 0, "fields", 1, "type"), "phases[1].fields[2].type"),
        (("preparation", "questions", 0), "preparation.questions[1]"),
    ],
)
def test_format_loc_counts_from_one(loc: tuple, shown: str) -> None:
    assert format_loc(loc) == shown


def test_key_lines_counts_array_entries_and_resets_nested_ones() -> None:
    text = "\n".join(
        [
            "a = 1",  # 1
            "[[phases]]",  # 2
            "minutes = 1",  # 3
            "[[phases.fields]]",  # 4
            "id = 'x'",  # 5
            "[[phases]]",  # 6
            "[[phases.fields]]",  # 7
            "'quoted key' = 2",  # 8
            "dotted.key = 3",  # 9
        ]
    )
    lines = key_lines(text)
    assert lines[("a",)] == 1
    assert lines[("phases", 0)] == 2
    assert lines[("phases", 0, "minutes")] == 3
    assert lines[("phases", 0, "fields", 0, "id")] == 5
    assert lines[("phases", 1)] == 6
    assert lines[("phases", 1, "fields", 0)] == 7
    assert lines[("phases", 1, "fields", 0, "quoted key")] == 8
    assert lines[("phases", 1, "fields", 0, "dotted", "key")] == 9
    assert line_of(lines, ("phases", 1, "fields", 0, "nope")) == 7
    assert line_of(lines, ("elsewhere",)) == 1
