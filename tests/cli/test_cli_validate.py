"""``intervisie validate FILE...``: a summary line per good file, exit 2 for any bad one."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui.engine.catalog import builtin_protocols_dir
from tests.builders import phase_dict, protocol_toml

BUILTINS = sorted(builtin_protocols_dir().glob("*.toml"))
SMALLEST = Path(__file__).resolve().parent.parent / "fixtures" / "good_protocols" / "smallest.toml"


DUTCH_ORDER = {"strict": "strikt", "flexible": "vrij"}  # the output is Dutch, the file English


def summary(path: Path) -> str:
    """The summary line, computed from the file independently of the program."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    total = sum(p["minutes"] for p in data["phases"])
    return (
        f"{path}: OK — {data['id']}: {len(data['phases'])} fasen, {total:g} minuten, "
        f"volgorde {DUTCH_ORDER[data.get('order', 'strict')]}"
    )


def test_every_builtin_protocol_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(BUILTINS) >= 5
    assert cli.main(["validate", *map(str, BUILTINS)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [summary(p) for p in BUILTINS]


def test_handelingsgericht_summary(capsys: pytest.CaptureFixture[str]) -> None:
    path = builtin_protocols_dir() / "handelingsgericht.toml"
    assert cli.main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"{path}: OK — handelingsgericht: 7 fasen, 39 minuten, volgorde strikt\n"
    )


def test_fractional_minutes_in_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kort.toml"
    text = protocol_toml(id="kort", order="flexible", minutes=[2.5, 0.25, 4.75, 1])
    path.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (f"{path}: OK — kort: 4 fasen, 8.5 minuten, volgorde vrij\n", "")


def test_one_problem_line_per_problem_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phases = [phase_dict(1), phase_dict(2, minutes=0), phase_dict(3, id="../x")]
    path = tmp_path / "fout.toml"
    path.write_text(protocol_toml(phases=phases, order="streng"), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    text = path.read_text(encoding="utf-8").splitlines()
    order, minutes, bad_id = (
        text.index(line) + 1 for line in ('order = "streng"', "minutes = 0", 'id = "../x"')
    )
    assert err.splitlines() == [
        f"{path}:{order}: order: moet één van deze zijn: 'strict' of 'flexible'",
        f"{path}:{minutes}: phases[2].minutes: moet groter zijn dan 0",
        f"{path}:{bad_id}: phases[3].id: alleen a-z, 0-9, - en _ (begin met letter of cijfer)",
    ]


def test_every_file_is_checked_even_after_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "leeg.toml"
    bad.write_bytes(b"")
    good = builtin_protocols_dir() / "oplossingsgericht.toml"
    missing = tmp_path / "weg.toml"
    assert cli.main(["validate", str(bad), str(good), str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [summary(good)]
    lines = err.splitlines()
    assert len(lines) == 5  # the four required keys of the empty file, and the missing file
    assert lines[0] == f"{bad}:1: schema_version: ontbreekt"
    assert lines[-1] == f"{missing}: kan niet lezen: No such file or directory"


def test_the_smallest_protocol_validates(capsys: pytest.CaptureFixture[str]) -> None:
    path = SMALLEST
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 13
    assert cli.main(["validate", str(path)]) == 0
    assert capsys.readouterr() == (
        f"{path}: OK — korte-ronde: 2 fasen, 20 minuten, volgorde strikt\n",
        "",
    )
    assert summary(path) == f"{path}: OK — korte-ronde: 2 fasen, 20 minuten, volgorde strikt"


def test_a_key_missing_in_thirty_phases_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phases = [{"id": f"f{n}", "title": f"Fase {n}"} for n in range(1, 31)]
    path = tmp_path / "dertig.toml"
    path.write_text(protocol_toml(phases=phases), encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    first = path.read_text(encoding="utf-8").splitlines().index("[[phases]]") + 1
    assert (out, err) == ("", f"{path}:{first}: phases[1].minutes: ontbreekt in 30 fasen: 1–30\n")


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["validate"])
    assert caught.value.code == 2
    assert "BESTAND" in capsys.readouterr().err


def test_validate_as_a_subprocess(tmp_path: Path) -> None:
    good = builtin_protocols_dir() / "handelingsgericht.toml"
    bad = tmp_path / "rommel.toml"
    bad.write_bytes(b"\xff\xfe\x00garbage\n\x00\x01")
    result = subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "validate", str(good), str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == f"{summary(good)}\n"
    assert result.stderr == f"{bad}:1: geen geldige UTF-8-tekst (sla het bestand op als UTF-8)\n"


# -- docs/protocol-format.md stays true ---------------------------------------------------------

DOC = (Path(__file__).resolve().parents[2] / "docs" / "protocol-format.md").read_text("utf-8")


def _fenced(after: str, lang: str = "") -> str:
    """The first fenced block after the heading or marker ``after``."""
    return DOC.split(after, 1)[1].split(f"```{lang}\n", 1)[1].split("```", 1)[0]


def test_the_documented_smallest_protocol_is_the_fixture() -> None:
    block = DOC.split("<!-- smallest:start -->")[1].split("<!-- smallest:end -->")[0]
    assert block.strip() == f"```toml\n{SMALLEST.read_text(encoding='utf-8')}```"


def test_the_documented_mistakes_give_the_documented_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _fenced("## A fuller example", "toml")
    monkeypatch.chdir(tmp_path)
    Path("goed.toml").write_text(good, encoding="utf-8")
    assert cli.main(["validate", "goed.toml"]) == 0
    capsys.readouterr()
    mistakes = [
        ('title = "Korte intervisieronde"\n', ""),
        ("warning_minutes = 1\n", "warning_minuten = 1\n"),
        ("minutes = 4.5            # 4 minuten en 30 seconden\n", ""),
        ("minutes = 3.5\n", ""),
        ('id = "ronde"\n', 'id = "Ronde 2"\n'),
        ("minutes = 12\n", "minutes = 300\n"),
        ("min = 1\nmax = 10\n", "min = 5\nmax = 5\n"),
    ]
    bad = good
    for old, new in mistakes:
        assert bad.count(old) == 1, old
        bad = bad.replace(old, new)
    Path("fout.toml").write_text(bad, encoding="utf-8")
    assert cli.main(["validate", "fout.toml"]) == 2
    documented = _fenced("with six mistakes").strip().splitlines()
    assert capsys.readouterr().err.splitlines() == documented
