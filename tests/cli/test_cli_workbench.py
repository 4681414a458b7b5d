"""The coordinator's commands: ``protocols copy``, ``schema -o``, ``validate --watch`` (on a real
process, with the file edited under it) and ``adapt``; every refusal one Dutch line, exit 2."""

from __future__ import annotations

import argparse
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intervisie_tui import cli
from intervisie_tui import launch as launching
from intervisie_tui.engine.catalog import builtin_protocols_dir, load_catalog
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.protocol_writer import SCHEMA_FILE, SCHEMA_LINE, comments, schema_text
from tests.builders import protocol_toml
from tests.meetings import child_env

ESC = "\x1b"
BUILTIN = builtin_protocols_dir() / "handelingsgericht.toml"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- protocols copy ------------------------------------------------------------------------------


def test_copy_with_the_same_id_takes_the_built_in_ones_place_and_says_so(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "protocols", "copy", "handelingsgericht")
    target = work / "protocols" / "handelingsgericht.toml"
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Gekopieerd: {BUILTIN} → {target} (id 'handelingsgericht')",
        f"Zelfde id als het origineel: deze kopie gaat voortaan voor {BUILTIN} in de plaats. "
        "Kies een ander id om beide te houden.",
        f"Volgende stap: pas {target} aan en controleer het met: intervisie validate {target}",
    ]
    text = target.read_text(encoding="utf-8")
    assert text == f"{SCHEMA_LINE}\n{BUILTIN.read_text(encoding='utf-8')}"
    assert (work / "protocols" / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()
    entry = load_catalog().get("handelingsgericht")
    assert entry is not None and entry.loaded.path == target and entry.overrides == (BUILTIN,)
    assert run(capsys, "validate", str(target))[0] == 0


def test_copy_to_a_new_id_in_the_protocols_dir_keeps_every_comment(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = work / "eigen"
    code, out, _err = run(
        capsys, "--protocols-dir", str(own), "protocols", "copy", "oplossingsgericht", "kort"
    )
    assert code == 0
    assert "in de plaats" not in out
    source = builtin_protocols_dir() / "oplossingsgericht.toml"
    copy = own / "kort.toml"
    assert [c for _, c in comments(copy.read_text(encoding="utf-8"))][1:] == [
        c for _, c in comments(source.read_text(encoding="utf-8"))
    ]
    assert load_protocol(copy).protocol.id == "kort"
    code, out, _err = run(capsys, "--protocols-dir", str(own), "protocols")
    assert code == 0
    assert f"    bestand: {copy} (--protocols-dir)" in out.splitlines()
    assert "oplossingsgericht — " in out


def test_copy_refuses_to_overwrite_and_force_starts_again_from_the_built_in(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "protocols", "copy", "handelingsgericht")[0] == 0
    target = work / "protocols" / "handelingsgericht.toml"
    edited = target.read_text(encoding="utf-8").replace("minutes = 10", "minutes = 12")
    target.write_text(edited, encoding="utf-8")

    code, out, err = run(capsys, "protocols", "copy", "handelingsgericht")
    assert (code, out) == (2, "")
    assert err == f"{target}: bestaat al; niet overschreven (--force om te vervangen)\n"
    assert target.read_text(encoding="utf-8") == edited

    # The catalog now serves the edited copy; --force copies what it took the place of.
    code, out, err = run(capsys, "protocols", "copy", "handelingsgericht", "--force")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Gekopieerd: {BUILTIN} → {target} (id 'handelingsgericht')"
    [backup] = target.parent.glob("handelingsgericht.toml.bak-*")
    assert backup.read_text(encoding="utf-8") == edited
    assert f"Het bestand dat er stond is bewaard als {backup}" in out.splitlines()
    assert target.read_text(encoding="utf-8") == f"{SCHEMA_LINE}\n{BUILTIN.read_text('utf-8')}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["onbekend"], "onbekend protocol 'onbekend' (beschikbaar: "),
        (["handelingsgericht", "Met Spatie"], "id 'Met Spatie': alleen a-z, 0-9, - en _"),
        (["eigen"], "dit is het protocol zelf; geef de kopie een ander id"),
        (["protocols/kapot.toml", "heel"], "protocols/kapot.toml:1: ongeldige TOML: "),
    ],
)
def test_copy_refusals_are_one_line(
    work: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    (work / "protocols").mkdir()
    (work / "protocols" / "eigen.toml").write_text(protocol_toml(id="eigen"), encoding="utf-8")
    (work / "protocols" / "kapot.toml").write_text("[[", encoding="utf-8")
    before = sorted(p.name for p in (work / "protocols").iterdir())
    code, out, err = run(capsys, "protocols", "copy", *args)
    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert expected in line
    assert sorted(p.name for p in (work / "protocols").iterdir()) == before


def test_copy_prints_a_folder_name_safely(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = ["--protocols-dir", str(work / f"map{ESC}[2J"), "protocols", "copy", "basis-intervisie"]
    code, out, err = run(capsys, *copy)
    assert (code, err) == (0, "")
    assert ESC not in out and "map␛[2J" in out
    code, out, err = run(capsys, *copy)
    assert (code, out) == (2, "")
    assert ESC not in err and err.startswith(f"{work}/map␛[2J/basis-intervisie.toml: bestaat al")


# -- schema -o -----------------------------------------------------------------------------------


def test_schema_written_to_a_file_is_what_stdout_shows(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _err = run(capsys, "schema", "protocol")
    assert code == 0 and printed == schema_text()
    code, out, err = run(capsys, "schema", "protocol", "-o", "protocol.schema.json")
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        "geschreven: protocol.schema.json",
        "voor een editor (Taplo, Even Better TOML): zet '#:schema ./protocol.schema.json' "
        "bovenaan een protocolbestand in dezelfde map",
    ]
    written = work / "protocol.schema.json"
    assert written.read_text(encoding="utf-8") == printed
    assert written.stat().st_mode & 0o777 == 0o644
    code, printed, _err = run(capsys, "schema", "session")
    assert run(capsys, "schema", "session", "-o", "sessie.json")[:2] == (0, "")
    assert json.loads((work / "sessie.json").read_text("utf-8")) == json.loads(printed)


def test_schema_refuses_a_link_and_a_missing_folder(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = work / "van-iemand-anders.json"
    other.write_text("blijft", encoding="utf-8")
    link = work / "link.json"
    link.symlink_to(other)
    for target, reason in [
        (link, "is een symbolische koppeling"),
        (work / "nergens" / "s.json", "bestaat niet"),
    ]:
        code, out, err = run(capsys, "schema", "protocol", "-o", str(target))
        assert (code, out) == (2, "")
        [line] = err.splitlines()
        assert line.startswith(f"{target}: ") and reason in line
    assert other.read_text(encoding="utf-8") == "blijft"


# -- validate ------------------------------------------------------------------------------------


def test_validate_prints_a_file_name_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"p{ESC}[31m.toml"
    path.write_text(protocol_toml(minutes=[5, 15]), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert (code, err) == (0, "")
    assert out == f"{tmp_path}/p␛[31m.toml: OK — test-protocol: 2 fasen, 20 minuten, " + (
        "volgorde strikt\n"
    )


def test_validate_watch_takes_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--watch", "a.toml", "b.toml")
    assert (code, out) == (2, "")
    assert err == "validate --watch: geef één bestand om te bewaken\n"


class Reader:
    """The lines a running process writes, waited for with a deadline (never a fixed sleep)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None and process.stderr is not None
        self.selector = selectors.DefaultSelector()
        self.streams = {"out": process.stdout, "err": process.stderr}
        for name, stream in self.streams.items():
            os.set_blocking(stream.fileno(), False)
            self.selector.register(stream, selectors.EVENT_READ, name)
        self.text = {"out": "", "err": ""}

    def until(self, name: str, wanted: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.text[name]:
            left = deadline - time.monotonic()
            assert left > 0, f"{wanted!r} not in {self.text}"
            for key, _ in self.selector.select(left):
                chunk = os.read(key.fileobj.fileno(), 65536)  # type: ignore[union-attr]
                self.text[key.data] += chunk.decode("utf-8")

    def rest(self) -> None:
        for name, stream in self.streams.items():
            os.set_blocking(stream.fileno(), True)
            self.text[name] += stream.read().decode("utf-8")


def test_validate_watch_checks_every_save_and_ctrl_c_ends_it_quietly(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(protocol_toml(minutes=[5, 15]), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "intervisie_tui", "validate", "--watch", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    try:
        reader = Reader(process)
        reader.until("err", f"bewaakt {path}: opnieuw gecontroleerd bij elke wijziging")
        reader.until("out", f"{path}: OK — test-protocol: 2 fasen, 20 minuten, volgorde strikt\n")
        # Saved in place, as most editors do.
        path.write_text(protocol_toml(minutes=[5, 0]), encoding="utf-8")
        reader.until("err", "phases[2].minutes: moet groter zijn dan 0\n")
        # Saved by writing another file and renaming it over this one, as vim does.
        fresh = tmp_path / "p.toml.nieuw"
        fresh.write_text(protocol_toml(minutes=[5, 25]), encoding="utf-8")
        fresh.replace(path)
        reader.until("out", f"{path}: OK — test-protocol: 2 fasen, 30 minuten, volgorde strikt\n")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        reader.rest()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert reader.text["out"].count(" OK — ") == 2
    assert reader.text["out"].count("-- ") == 2 and reader.text["err"].count("-- ") == 1
    assert "Traceback" not in reader.text["err"] and "KeyboardInterrupt" not in reader.text["err"]


# -- adapt ---------------------------------------------------------------------------------------


def test_adapt_starts_the_app_on_the_adapt_screen_for_that_protocol(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intervisie_tui.ui.app import IntervisieApp

    started: list[IntervisieApp] = []

    def run_app(self: IntervisieApp) -> None:
        started.append(self)

    monkeypatch.setattr(IntervisieApp, "run", run_app)
    assert cli.main(["--sessions-dir", "sessies", "adapt", "oplossingsgericht"]) == 0
    [app] = started
    assert app.request.adapt is not None
    assert app.request.adapt.loaded.protocol.id == "oplossingsgericht"
    assert app.request.protocol is None and app.request.session is None
    assert not (work / "sessies").exists()  # adapting reads past sessions, writes none


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_adapt_only_needs_to_read_the_sessions_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intervisie_tui.ui.app import IntervisieApp

    monkeypatch.setattr(IntervisieApp, "run", lambda self: None)
    folder = tmp_path / "alleen-lezen"
    folder.mkdir(mode=0o500)
    args = argparse.Namespace(
        command="adapt",
        protocol="handelingsgericht",
        sessions_dir=folder,
        protocols_dir=None,
        speed=None,
    )
    try:
        assert launching.launch(args) == 0
    finally:
        folder.chmod(0o700)


def test_adapt_of_an_unknown_protocol_is_refused_before_the_screen(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "intervisie_tui", "adapt", "onbekend"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    [line] = done.stderr.splitlines()
    assert line.startswith("onbekend protocol 'onbekend' (beschikbaar: ")
