"""``intervisie protocols [--json]`` says which file won; ``intervisie schema`` prints schemas."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui.engine import catalog as catalog_module
from intervisie_tui.engine.catalog import builtin_protocols_dir
from tests.builders import phase_dict, protocol_toml


def builtin(name: str) -> Path:
    return builtin_protocols_dir() / f"{name}.toml"


def user_copy(folder: Path, name: str, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = builtin(name).read_text(encoding="utf-8")
    original = tomllib.loads(text)["title"]
    target = folder / f"{name}.toml"
    target.write_text(text.replace(f'title = "{original}"', f'title = "{title}"', 1), "utf-8")
    return target


@pytest.fixture
def in_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert cli.main([*args, "protocols", "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def test_json_lists_builtins(in_empty_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = run_json(capsys)
    assert payload["problems"] == []
    by_id = {p["id"]: p for p in payload["protocols"]}
    entry = by_id["handelingsgericht"]
    assert entry == {
        "id": "handelingsgericht",
        "title": "Handelingsgerichte intervisie",
        "order": "strict",
        "total_minutes": 39,
        "phases": entry["phases"],
        "file": str(builtin("handelingsgericht")),
        "origin": "ingebouwd",
        "overrides": [],
    }
    assert [p["minutes"] for p in entry["phases"]] == [5, 10, 2, 10, 5, 5, 2]
    assert {p["minutes_source"] for p in entry["phases"]} == {"source"}
    assert {p["minutes_source"] for p in by_id["oplossingsgericht"]["phases"]} == {"proposal"}
    assert by_id["oplossingsgericht"]["order"] == "flexible"
    titles = [p["title"] for p in payload["protocols"]]
    assert titles == sorted(titles, key=str.casefold)


def test_json_says_which_file_won(
    in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = user_copy(in_empty_folder / "protocols", "handelingsgericht", "Onze versie")
    payload = run_json(capsys)
    entry = next(p for p in payload["protocols"] if p["id"] == "handelingsgericht")
    assert entry["title"] == "Onze versie"
    assert Path(entry["file"]).resolve() == mine.resolve()
    assert entry["origin"] == "map"
    assert entry["overrides"] == [str(builtin("handelingsgericht"))]


def test_json_protocols_dir_wins_over_both(
    in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_folder = user_copy(in_empty_folder / "protocols", "oplossingsgericht", "Uit de map")
    extra = user_copy(in_empty_folder / "coordinator", "oplossingsgericht", "Van de coördinator")
    payload = run_json(capsys, "--protocols-dir", str(extra.parent))
    entry = next(p for p in payload["protocols"] if p["id"] == "oplossingsgericht")
    assert entry["title"] == "Van de coördinator"
    assert entry["file"] == str(extra)
    assert entry["origin"] == "--protocols-dir"
    assert [Path(p).resolve() for p in entry["overrides"]] == [
        builtin("oplossingsgericht").resolve(),
        in_folder.resolve(),
    ]


def test_text_output_names_file_origin_and_what_it_replaces(
    in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = user_copy(in_empty_folder / "extra", "handelingsgericht", "Aangepast")
    assert cli.main(["--protocols-dir", str(extra.parent), "protocols"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    start = lines.index("handelingsgericht — Aangepast [volgorde strikt, 39 min]")
    assert lines[start + 1] == (
        "    fasen: Leerkracht licht zijn/haar vraag toe (5), "
        "Collega's stellen verhelderingsvragen (10), Leerkracht formuleert het doel (2), "
        "Collega's formuleren de onderwijsbehoeften (10), "
        "De leerkracht geeft aan wat voor hem/haar haalbaar is (5), Afspraken maken (5), "
        "Opbrengst (2)"
    )
    assert lines[start + 2] == (
        f"    bestand: {extra} (--protocols-dir) — vervangt {builtin('handelingsgericht')}"
    )
    basis = lines.index("basis-intervisie — Basismodel intervisie [volgorde strikt, 50 min]")
    assert lines[basis + 2] == "    De minuten zijn een eigen voorstel, niet uit de bron."
    assert lines[basis + 3] == f"    bestand: {builtin('basis-intervisie')} (ingebouwd)"
    assert "oplossingsgericht — Oplossingsgerichte intervisie [volgorde vrij, 45 min]" in lines


def test_minutes_that_are_our_own_proposal_are_said_per_phase(
    in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A phase's own ``minutes_source`` wins over the protocol's: in the JSON per phase, in the
    text as the one sentence that Home and set-up show too."""
    folder = in_empty_folder / "protocols"
    folder.mkdir()
    (folder / "test-protocol.toml").write_text(
        protocol_toml(
            phases=[
                phase_dict(1),
                phase_dict(2, minutes_source="proposal"),
                phase_dict(3, minutes_source="proposal"),
            ]
        ),
        encoding="utf-8",
    )
    payload = run_json(capsys)
    entry = next(p for p in payload["protocols"] if p["id"] == "test-protocol")
    assert [p["minutes_source"] for p in entry["phases"]] == ["source", "proposal", "proposal"]
    assert cli.main(["protocols"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("test-protocol — Testprotocol [volgorde strikt, 15 min]")
    assert lines[start + 2] == (
        "    De minuten van de fasen 2 en 3 zijn een eigen voorstel, niet uit de bron."
    )


def test_bad_files_reported_good_ones_listed(
    in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = in_empty_folder / "protocols"
    folder.mkdir()
    (folder / "eigen.toml").write_text(protocol_toml(id="eigen", title="Eigen"), "utf-8")
    bad = folder / "typo.toml"
    bad.write_text(protocol_toml(id="typo").replace("minutes", "minuten", 1), "utf-8")
    assert cli.main(["protocols"]) == 0
    out, err = capsys.readouterr()
    assert "eigen — Eigen [volgorde strikt, 20 min]" in out.splitlines()
    assert "handelingsgericht — Handelingsgerichte intervisie [volgorde strikt, 39 min]" in out
    err_lines = err.splitlines()
    assert len(err_lines) == 2
    assert all(line.startswith(f"overgeslagen: {bad}:") for line in err_lines)
    assert err_lines[1].endswith(
        "phases[1].minuten: onbekende sleutel 'minuten' — bedoelde je 'minutes'?"
    )

    assert cli.main(["protocols", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert "eigen" in {p["id"] for p in payload["protocols"]}
    assert payload["problems"] == [line.removeprefix("overgeslagen: ") for line in err_lines]


def test_missing_protocols_dir_reported(
    in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--protocols-dir", "nergens", "protocols"]) == 0
    out, err = capsys.readouterr()
    assert "handelingsgericht" in out
    assert err == "overgeslagen: nergens: map bestaat niet\n"


def test_exit_2_when_nothing_usable(
    in_empty_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = in_empty_folder / "geen-ingebouwde"
    empty.mkdir()
    monkeypatch.setattr(catalog_module, "builtin_protocols_dir", lambda: empty)
    (in_empty_folder / "protocols").mkdir()
    (in_empty_folder / "protocols" / "kapot.toml").write_text("[[", encoding="utf-8")
    assert cli.main(["protocols"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(
        f"overgeslagen: {in_empty_folder / 'protocols' / 'kapot.toml'}:1: ongeldige TOML: "
    )


# -- schema ---------------------------------------------------------------------------------


def test_schema_session_prints_a_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "session"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["type"] == "object"
    assert {"schema_version", "protocol", "phases", "events", "timer"} <= set(schema["properties"])
    assert "created_at" in schema["required"]
    record = schema["$defs"]["PhaseRecord"]
    assert "actual_seconds" in record["properties"]  # written for human readers
    assert schema["$defs"]["Case"]["properties"]["pupil"]["maxLength"] == 60


def test_schema_protocol_prints_a_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema", "protocol"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"id", "phases", "order"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    phase = schema["$defs"]["Phase"]["properties"]["minutes"]
    assert (phase["exclusiveMinimum"], phase["maximum"]) == (0, 240)


def test_schema_kind_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["schema", "agenda"])
    assert caught.value.code == 2
    assert "ongeldige keuze 'agenda'" in capsys.readouterr().err


def test_text_output_shows_control_characters_in_a_protocol_as_symbols(
    in_empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A protocol file is anyone's text: an escape sequence or a right-to-left override in its
    title must not act on the terminal."""
    extra = user_copy(in_empty_folder / "extra", "handelingsgericht", "X\\u001b[31mROOD\\u202eabc")
    assert cli.main(["--protocols-dir", str(extra.parent), "protocols"]) == 0
    out, _ = capsys.readouterr()
    assert "\x1b" not in out and "\u202e" not in out
    assert "handelingsgericht — X␛[31mROOD\ufffdabc [volgorde strikt, 39 min]" in out.splitlines()


@pytest.mark.parametrize("days", ["0", "100001"])
def test_purge_days_out_of_range_name_both_limits(
    days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["purge", "--older-than", days])
    assert "moet tussen 1 en 100000 liggen" in capsys.readouterr().err
