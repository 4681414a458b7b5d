"""The command line after the meeting: sessions, show, export, prepare, stats and purge."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui.engine import store
from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.listing import INDEX_NAME, indexed_as_valid
from intervisie_tui.engine.store import load_session, lock_path
from tests.meetings import (
    INJECTION,
    NAMES,
    agreement,
    bad_files,
    child_env,
    days_ago,
    full_answers,
    held_by_other_program,
    run_meeting,
    save,
    snapshot,
)

TODAY = date.today()


def run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--sessions-dir", str(folder), *args])
    out, err = capsys.readouterr()
    return code, out, err


def sid(path: Path) -> str:
    return path.stem.rsplit("_", 1)[-1]


@pytest.fixture
def meetings(folder: Path) -> dict[str, Path]:
    return {
        "due": save(
            folder,
            run_meeting(
                start=days_ago(20),
                pupil="A.",
                answers=full_answers(),
                help_question=INJECTION,
                agreements=[
                    agreement(f"Time-timer {INJECTION}", who=NAMES[1], evaluation_date=TODAY),
                    agreement("Ouders bellen", evaluation_date=TODAY + timedelta(days=30)),
                ],
            ),
        ),
        "later": save(
            folder,
            run_meeting(
                start=days_ago(5),
                pupil="B.",
                agreements=[agreement(evaluation_date=TODAY + timedelta(days=40))],
            ),
        ),
        "running": save(folder, run_meeting(start=days_ago(1), pupil="C.", end="none")),
    }


# -- sessions ------------------------------------------------------------------------------------


def test_sessions_table(capsys, folder: Path, meetings: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, folder, "sessions")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == [
        "DATUM", "ID", "PROTOCOL", "VERSIE", "LEERLING/THEMA", "STATUS", "AFSPRAKEN", "EVALUATIE"
    ]  # fmt: skip
    assert [line.split()[2] for line in lines[1:]] == [
        sid(meetings[k]) for k in ("running", "later", "due")
    ]
    # The protocol file's version, as git abbreviates a commit.
    version = load_session(meetings["due"]).protocol_sha256
    assert f" {version[:7]} " in lines[3] and version[:8] not in lines[3]
    due_line = lines[3]
    assert "A." in due_line and "afgerond" in due_line
    assert " 2 open " in due_line
    assert f"{TODAY:%d-%m-%Y} (binnenkort)" in due_line
    assert "loopt nog" in lines[1]


def test_sessions_due_and_json(capsys, folder: Path, meetings: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, folder, "sessions", "--due")
    assert code == 0
    assert [line.split()[2] for line in out.splitlines()[1:]] == [sid(meetings["due"])]
    code, out, err = run(capsys, folder, "sessions", "--json", "--due", "--within", "60")
    assert code == 0 and err == ""
    payload = json.loads(out)
    assert payload["problems"] == []
    assert [s["id"] for s in payload["sessions"]] == [sid(meetings["later"]), sid(meetings["due"])]
    first = payload["sessions"][1]
    assert first["path"] == str(meetings["due"])
    assert (first["agreements"], first["open_agreements"]) == (2, 2)
    assert first["next_evaluation"] == TODAY.isoformat()
    assert first["evaluation_due"] is True
    assert first["protocol_sha256"] == load_session(meetings["due"]).protocol_sha256
    assert first["status"] == "completed"


def test_sessions_due_lists_agreements_without_a_date(capsys, folder: Path, meetings) -> None:  # type: ignore[no-untyped-def]
    """As the follow-up list: an agreement without any date in a meeting that ended is due,
    and an old file's separate evaluation date counts for its agreements without one."""
    undated = save(
        folder,
        run_meeting(
            start=days_ago(10),
            pupil="D.",
            agreements=[
                agreement("Zonder datum"),
                agreement("Later", evaluation_date=TODAY + timedelta(days=30)),
            ],
        ),
    )
    code, out, err = run(capsys, folder, "sessions", "--due")
    assert (code, err) == (0, "")
    rows = {line.split()[2]: line for line in out.splitlines()[1:]}
    assert set(rows) == {sid(meetings["due"]), sid(undated)}
    later = TODAY + timedelta(days=30)
    assert rows[sid(undated)].endswith(f"{later:%d-%m-%Y}, zonder datum")
    (folder / "oud.json").write_bytes(
        (Path(__file__).resolve().parent.parent / "fixtures" / "sessions-0.1.0")
        .joinpath("oplossingsgericht-completed.json")
        .read_bytes()
    )
    code, out, _ = run(capsys, folder, "sessions", "--json")
    by_pupil = {s["pupil"]: s for s in json.loads(out)["sessions"]}
    assert by_pupil["D."]["undated_agreements"] == 1 and by_pupil["D."]["evaluation_due"]
    assert by_pupil["L."]["next_evaluation"] == "2026-12-14"  # the old file's own date
    assert by_pupil["L."]["undated_agreements"] == 0  # the other takes the old field's date


def test_sessions_option_after_the_command(capsys, folder: Path, meetings) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["sessions", "--sessions-dir", str(folder), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["sessions"]) == 3


def test_sessions_from_the_environment(capsys, folder, meetings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INTERVISIE_SESSIONS_DIR", str(folder))
    assert cli.main(["sessions", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["sessions"]) == 3
    assert cli.sessions_dir(None) == store.sessions_dir(None) == folder
    monkeypatch.delenv("INTERVISIE_SESSIONS_DIR")
    assert cli.sessions_dir(None) == store.sessions_dir(None) == Path("sessions")


def test_sessions_names_bad_files_and_lists_every_good_one(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    reasons = bad_files(folder, run_meeting())
    before = snapshot(folder, reasons)
    code, out, err = run(capsys, folder, "sessions")
    assert code == 0
    assert len(out.splitlines()) == 1 + len(meetings)
    err_lines = err.splitlines()
    assert len(err_lines) == len(reasons)
    for name, reason in reasons.items():
        [line] = [line for line in err_lines if name in line]
        assert line.startswith("overgeslagen: ") and reason in line
    code, out, _ = run(capsys, folder, "sessions", "--json")
    assert len(json.loads(out)["problems"]) == len(reasons)
    assert snapshot(folder, reasons) == before


def test_sessions_exit_codes_for_empty_and_all_bad(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, folder, "sessions")
    assert (code, out) == (0, "") and "geen sessies in" in err
    bad_files(folder, run_meeting())
    code, out, err = run(capsys, folder, "sessions")
    assert code == 2 and out == "" and "overgeslagen" in err


def test_sessions_writes_a_private_index(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    run(capsys, folder, "sessions")
    index = folder / INDEX_NAME
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    assert all(indexed_as_valid(p) for p in meetings.values())


# -- show ----------------------------------------------------------------------------------------


def test_show_agreements_first_and_literal_text(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, folder, "show", sid(meetings["due"])[:5])
    assert code == 0 and err == ""
    assert out.index("Afspraken") < out.index("Time-timer") < out.index("1. Vraag")
    assert f"Eerstvolgende evaluatie: {TODAY:%d-%m-%Y} (vandaag)" in out
    assert "[bold]x[/] <script>alert(1)</script> *ster* # kop" in out
    assert "? Wat is je hulpvraag?" in out  # the questions of the protocol copy
    assert "Belonen: 3" in out and "6 (op een schaal van 1 tot 10)" in out


def test_show_is_the_same_from_the_index_and_validated(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    path = meetings["due"]
    assert not indexed_as_valid(path)
    _, validated, _ = run(capsys, folder, "show", str(path))
    assert indexed_as_valid(path), "show remembers a file it validated"
    _, from_index, _ = run(capsys, folder, "show", sid(path))
    assert from_index == validated


def test_show_errors_are_one_line_with_exit_2(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    reasons = bad_files(folder, run_meeting())
    before = snapshot(folder, reasons)
    cases = {
        "zzzz": "geen sessie 'zzzz'",
        "0badf00d": "nieuwer dan dit programma",
        "c0ffee": "afgebroken JSON",
        "abad1dea": "score",
        "boodschappen.json": "geen sessiebestand",
        str(folder / "weg.json"): "bestaat niet",
    }
    for spec, expected in cases.items():
        for command in ("show", "export"):
            code, out, err = run(capsys, folder, command, spec)
            assert (code, out) == (2, ""), spec
            assert len(err.splitlines()) == 1 and expected in err, err
    assert snapshot(folder, reasons) == before


def test_show_a_file_changed_since_it_was_indexed(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    path = meetings["later"]
    run(capsys, folder, "sessions")
    assert indexed_as_valid(path)
    data = json.loads(path.read_bytes())
    data["phases"][0]["answers"] = {"score": "veel"}  # not a field of this phase
    path.write_text(json.dumps(data))
    code, _, err = run(capsys, folder, "show", sid(path))
    assert code == 2 and "onbekend veld" in err


# -- export --------------------------------------------------------------------------------------


def test_export_markdown_to_stdout(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, folder, "export", sid(meetings["due"]))
    assert code == 0 and err == ""
    assert out.startswith("# Intervisie: Testprotocol")
    assert "\\[bold\\]x\\[/\\] \\<script\\>" in out
    assert "<script>" not in out
    assert NAMES[1] in out


def test_export_html_file_is_private_and_escaped(capsys, folder, meetings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "verslag.html"
    target.write_text("oud")
    target.chmod(0o644)
    code, out, err = run(capsys, folder, "export", sid(meetings["due"]), "-o", str(target))
    assert code == 0 and out == "" and f"geschreven: {target}" in err
    text = target.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".verslag.html.*"))


def test_export_format_option_wins_over_suffix(capsys, folder, meetings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "verslag.html"
    run(capsys, folder, "export", sid(meetings["due"]), "--format", "md", "-o", str(target))
    assert target.read_text().startswith("# Intervisie")
    code, out, _ = run(capsys, folder, "export", sid(meetings["due"]), "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")


def test_export_anonymous_leaves_names_out(capsys, folder, meetings) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("md", "html"):
        code, out, _ = run(
            capsys, folder, "export", sid(meetings["due"]), "--anonymous", "--format", fmt
        )
        assert code == 0
        for name in NAMES:
            assert name not in out
        assert "namen weggelaten" in out


def test_export_write_errors(capsys, folder, meetings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec = sid(meetings["due"])
    session_file = meetings["later"]
    before = snapshot(folder, [session_file.name])
    cases = {
        str(tmp_path / "nergens" / "x.md"): "bestaat niet",
        str(tmp_path): "is een map",
        str(session_file): "sessiemap",
    }
    for target, expected in cases.items():
        code, out, err = run(capsys, folder, "export", spec, "-o", target)
        assert code == 2 and out == "" and expected in err and len(err.splitlines()) == 1
    assert snapshot(folder, [session_file.name]) == before


# -- prepare -------------------------------------------------------------------------------------


def test_prepare_builtin_protocol(capsys, folder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, folder, "prepare", "handelingsgericht")
    assert code == 0 and err == ""
    assert out.startswith("# Voorbereiding van de handelingsgerichte intervisie")
    assert "Welke vragen heb je? Wat wil je precies weten en waarom?" in out
    target = tmp_path / "voorbereiding.html"
    code, _, _ = run(capsys, folder, "prepare", "handelingsgericht", "-o", str(target))
    assert code == 0 and target.read_text().startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_prepare_errors(capsys, folder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, folder, "prepare", "bestaat-niet")
    assert code == 2 and out == "" and "onbekend protocol" in err
    broken = tmp_path / "kapot.toml"
    broken.write_text("id = \n")
    code, out, err = run(capsys, folder, "prepare", str(broken))
    assert code == 2 and out == "" and "kapot.toml" in err and len(err.splitlines()) == 1


def _rehearsals(folder: Path, count: int = 3) -> None:
    """Rehearsals (--speed) with an agreement due today: practice, never due, never counted."""
    for day in range(count):
        save(
            folder,
            run_meeting(
                start=days_ago(3 + day),
                rehearsal=20,
                agreements=[agreement("Oefenen", evaluation_date=TODAY)],
            ),
        )


def test_due_says_how_many_rehearsals_it_left_out(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    _rehearsals(folder)
    code, out, err = run(capsys, folder, "sessions", "--due")
    assert code == 0 and out == ""
    assert err == (
        "geen afspraken om te evalueren binnen 14 dagen (3 oefensessies niet meegeteld)\n"
    )
    save(
        folder,
        run_meeting(start=days_ago(9), agreements=[agreement(evaluation_date=TODAY)]),
    )
    code, out, err = run(capsys, folder, "sessions", "--due")
    assert len(out.splitlines()) == 2 and err == "3 oefensessies niet meegeteld\n"
    code, out, err = run(capsys, folder, "sessions", "--due", "--json")
    assert err == "" and len(json.loads(out)["sessions"]) == 1


def test_stats_say_how_many_rehearsals_they_left_out(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    _rehearsals(folder, 1)
    code, out, err = run(capsys, folder, "stats")
    assert code == 0 and out == ""
    assert err.endswith("(1 oefensessie niet meegeteld)\n")
    assert err.startswith("nog geen afgeronde sessies in ")
    _stats_folder(folder)
    code, out, err = run(capsys, folder, "stats")
    assert out.splitlines()[-1].endswith("geen oefensessies (1 oefensessie niet meegeteld).")


# -- stats ---------------------------------------------------------------------------------------


def _stats_folder(folder: Path) -> None:
    for day, minutes in enumerate(([5, 12, 4, 2], [6, 14, 5, 2], [4, 9, 6, 3])):
        save(folder, run_meeting(start=days_ago(10 + day), minutes=minutes))
    save(folder, run_meeting(start=days_ago(2), end="abandon"))


def test_stats_text(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    _stats_folder(folder)
    code, out, err = run(capsys, folder, "stats")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Testprotocol (test-protocol): 3 afgeronde sessies"
    # The test protocol is no file in the protocols list: its version cannot be today's.
    assert re.fullmatch(
        r"Alle 3 sessies liepen met versie [0-9a-f]{7} \(3×\); "
        r"dit protocol staat nu niet in de lijst van protocollen\.",
        lines[1],
    )
    lines = [lines[0], *lines[2:]]
    assert lines[1].split()[:3] == ["FASE", "GEPLAND", "MEDIAAN"]
    phase_two = lines[3]
    assert phase_two.startswith("2. Verkennen")
    assert "10:00" in phase_two and "12:00" in phase_two and "10:30–13:00" in phase_two
    assert "2/3 (67%)" in phase_two
    code, same, _ = run(capsys, folder, "stats", "test-protocol")
    assert same == out


def test_stats_json(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    _stats_folder(folder)
    code, out, _ = run(capsys, folder, "stats", "--json")
    assert code == 0
    [protocol] = json.loads(out)["protocols"]
    assert (protocol["id"], protocol["sessions"]) == ("test-protocol", 3)
    two = protocol["phases"][1]
    assert two["median_minutes"] == 12 and two["overrun_count"] == 2
    assert two["overrun_share"] == pytest.approx(2 / 3)
    assert protocol["protocol_sha256"] is None  # not in the protocols list today
    [other] = protocol["other_versions"]
    assert other["sessions"] == 3 and re.fullmatch(r"[0-9a-f]{64}", other["protocol_sha256"])


def test_stats_say_which_sessions_used_another_version_of_the_file(
    capsys, folder: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Held with the shipped file, then with an adapted one in --protocols-dir: the figures
    mix both, and the output says how many used a file other than today's."""
    shipped = load_catalog().get("handelingsgericht")
    assert shipped is not None
    protocol = shipped.loaded.protocol

    def held(day: int, sha256: str) -> Path:
        session = run_meeting(protocol, start=days_ago(day))
        session.protocol_sha256 = sha256
        return save(folder, session)

    for day in (3, 2):
        held(day, shipped.loaded.sha256)
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "handelingsgericht.toml").write_bytes(shipped.loaded.path.read_bytes() + b"\n# eigen\n")
    adapted = load_catalog(own).get("handelingsgericht")
    assert adapted is not None and adapted.loaded.sha256 != shipped.loaded.sha256
    held(1, adapted.loaded.sha256)
    code, out, err = run(capsys, folder, "--protocols-dir", str(own), "stats")
    assert code == 0 and err == ""
    assert out.splitlines()[1] == (
        "2 van de 3 sessies liepen met een andere versie van het protocol dan het bestand van "
        f"nu ({adapted.loaded.sha256[:7]}): {shipped.loaded.sha256[:7]} (2×)."
    )
    code, out, _ = run(capsys, folder, "--protocols-dir", str(own), "stats", "--json")
    [entry] = json.loads(out)["protocols"]
    assert entry["protocol_sha256"] == adapted.loaded.sha256
    assert entry["other_versions"] == [{"protocol_sha256": shipped.loaded.sha256, "sessions": 2}]
    # Without the adapted file, the shipped one is today's again.
    code, out, _ = run(capsys, folder, "stats")
    assert out.splitlines()[1].startswith("1 van de 3 sessies liep met een andere versie")


def test_stats_errors(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, folder, "stats")
    assert code == 0 and out == "" and "nog geen afgeronde sessies" in err
    _stats_folder(folder)
    code, out, err = run(capsys, folder, "stats", "ander")
    assert code == 2 and out == ""
    assert "geen afgeronde sessies van protocol 'ander'" in err and "test-protocol" in err


# -- purge ---------------------------------------------------------------------------------------


def test_purge_dry_run_deletes_nothing(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    old = save(folder, run_meeting(start=days_ago(400)))
    save(folder, run_meeting(start=days_ago(3)))
    reasons = bad_files(folder, run_meeting(start=days_ago(900)))
    before = sorted(p.name for p in folder.iterdir())
    contents = snapshot(folder)
    code, out, err = run(capsys, folder, "purge", "--older-than", "365", "--dry-run")
    assert code == 0
    assert out.splitlines()[0].startswith(f"zou verwijderen: {old}")
    assert "\n1 sessie van vóór " in out and " zou verwijderd worden " in out
    assert "niets verwijderd" in out
    assert sum("onleesbaar (niet verwijderd)" in line for line in err.splitlines()) == len(reasons)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert snapshot(folder) == contents


def test_purge_deletes_expired_only_and_never_a_locked_one(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    old = save(folder, run_meeting(start=days_ago(400)))
    open_elsewhere = save(folder, run_meeting(start=days_ago(500)))
    recent = save(folder, run_meeting(start=days_ago(3)))
    reasons = bad_files(folder, run_meeting(start=days_ago(900)))
    keep = snapshot(folder, [*reasons, open_elsewhere.name, recent.name])
    with held_by_other_program(open_elsewhere):
        code, out, err = run(capsys, folder, "purge", "--older-than", "365")
    assert code == 0
    assert out.splitlines()[0].startswith(f"verwijderd: {old}")
    assert "\n1 sessie van vóór " in out and out.endswith(" verwijderd\n")
    assert f"geopend in een ander programma: {open_elsewhere}" in err
    assert not old.exists() and not lock_path(old).exists()
    assert snapshot(folder, [*reasons, open_elsewhere.name, recent.name]) == keep


def test_purge_needs_a_number_of_days(capsys, folder: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (["purge"], ["purge", "--older-than", "0"], ["purge", "--older-than", "x"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(["--sessions-dir", str(folder), *args])
        assert exit_.value.code == 2
    capsys.readouterr()


# -- as a separate program -----------------------------------------------------------------------


def _intervisie(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "--sessions-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
    )


def test_as_a_program_with_bad_files_no_traceback(folder: Path, meetings) -> None:  # type: ignore[no-untyped-def]
    bad_files(folder, run_meeting())
    expectations = [
        (["sessions"], 0),
        (["show", sid(meetings["due"])], 0),
        (["show", "0badf00d"], 2),
        (["export", "c0ffee00", "--format", "html"], 2),
        (["stats"], 0),
        (["purge", "--older-than", "3650", "--dry-run"], 0),
    ]
    for args, expected in expectations:
        done = _intervisie(folder, *args)
        assert done.returncode == expected, (args, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, args
    done = _intervisie(folder, "show", sid(meetings["due"]))
    assert "[bold]x[/] <script>alert(1)</script>" in done.stdout


_PROBE = """
import sys, io, contextlib
from intervisie_tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(code, "textual" in sys.modules, "pydantic" in sys.modules)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["sessions"],
        ["sessions", "--json"],
        ["show", "ID"],
        ["export", "ID"],
        ["stats"],
        ["purge", "--older-than", "3650", "--dry-run"],
        ["prepare", "handelingsgericht"],
    ],
)
def test_commands_do_not_import_textual(folder: Path, meetings, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    args = [sid(meetings["due"]) if a == "ID" else a for a in args]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "--sessions-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
    )
    code, textual, _pydantic = done.stdout.split()
    assert (code, textual) == ("0", "False"), done.stderr


def test_show_of_an_indexed_file_builds_no_models(folder: Path, meetings) -> None:  # type: ignore[no-untyped-def]
    """The quick start of `show`: after a listing, neither pydantic nor the models load."""
    assert _intervisie(folder, "sessions").returncode == 0
    for command in ("show", "export"):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _PROBE,
                "--sessions-dir",
                str(folder),
                command,
                sid(meetings["due"]),
            ],
            capture_output=True,
            text=True,
            env=child_env(),
            timeout=60,
        )
        assert done.stdout.split() == ["0", "False", "False"], done.stderr
