"""Session files: private names and modes, atomic writes, locks, refusal of bad files, resume."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest

from intervisie_tui.engine.catalog import builtin_protocols_dir
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import (
    SESSION_SCHEMA_VERSION,
    Agreement,
    EventKind,
    Participant,
    Role,
    Session,
    TallyItem,
    TimerStatus,
)
from intervisie_tui.engine.store import (
    ENV_SESSIONS_DIR,
    SessionLocked,
    create_session_file,
    ensure_private_dir,
    load_session,
    open_session_file,
    serialize,
    session_filename,
    sessions_dir,
    write_atomically,
)
from tests.builders import make_protocol, make_session, phase_dict


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def handelingsgericht_session(clock: FakeClock) -> Session:
    loaded = load_protocol(builtin_protocols_dir() / "handelingsgericht.toml")
    return Session.new(
        loaded.protocol,
        protocol_sha256=loaded.sha256,
        created_at=clock.now(),
        protocol_file=str(loaded.path),
    )


def leftovers(directory: Path) -> list[str]:
    """Temporary files a save could leave behind."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# -- names, folders, modes ------------------------------------------------------------------


def test_file_name_has_date_time_protocol_and_id_but_no_names(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 23, 15, 30, 45).astimezone())
    session = handelingsgericht_session(clock)
    session.participants = [Participant(name="Anna de Vries", roles=[Role.INBRENGER])]
    session.case.pupil = "Thomas"
    session.case.help_question = "Hoe help ik Thomas?"
    name = session_filename(session)
    assert name == f"2026-11-23_1530_handelingsgericht_{session.id}.json"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}_\d{4}_handelingsgericht_[0-9a-f]{8}\.json", name)
    for personal in ("Anna", "Vries", "Thomas"):
        assert personal not in name

    handle = create_session_file(tmp_path / "sessies", session)
    with handle:
        assert handle.path.name == name
        assert "Thomas" not in str(handle.path)


def test_files_are_0600_and_folder_0700(tmp_path: Path) -> None:
    folder = tmp_path / "nieuw" / "sessies"
    with create_session_file(folder, make_session()) as handle:
        assert mode(folder) == 0o700
        assert mode(handle.path) == 0o600
        handle.path.chmod(0o644)  # someone loosened it
        handle.save()
        assert mode(handle.path) == 0o600


@pytest.mark.parametrize("shared", [0o755, 0o1777])
def test_an_existing_folder_keeps_its_mode(tmp_path: Path, shared: int) -> None:
    """Not ours to change (a shared folder may be shared on purpose): the program warns."""
    folder = tmp_path / "sessies"
    folder.mkdir()
    folder.chmod(shared)
    ensure_private_dir(folder)
    create_session_file(folder, make_session()).close()
    assert stat.S_IMODE(folder.stat().st_mode) == shared


def test_new_session_never_replaces_an_existing_file(tmp_path: Path) -> None:
    session = make_session()
    first = create_session_file(tmp_path, session)
    first.close()
    before = first.path.read_bytes()
    with pytest.raises(FileExistsError):
        create_session_file(tmp_path, session)
    assert first.path.read_bytes() == before
    open_session_file(first.path).close()  # the failed attempt released its lock


def test_sessions_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_SESSIONS_DIR, raising=False)
    assert sessions_dir() == Path("sessions")
    monkeypatch.setenv(ENV_SESSIONS_DIR, str(tmp_path / "uit-env"))
    assert sessions_dir() == tmp_path / "uit-env"
    assert sessions_dir(tmp_path / "expliciet") == tmp_path / "expliciet"
    monkeypatch.setenv(ENV_SESSIONS_DIR, "")
    assert sessions_dir() == Path("sessions")


# -- atomic writes --------------------------------------------------------------------------


def test_crash_between_write_and_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    handle = create_session_file(tmp_path, make_session(clock=clock))
    old = handle.path.read_bytes()
    handle.session.case.help_question = "nieuwe tekst die niet op schijf mag komen"

    def crash(src: object, dst: object) -> None:
        assert Path(str(src)).read_bytes() == serialize(handle.session)  # fully written first
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="Input/output error"):
        handle.save()
    monkeypatch.undo()

    assert handle.path.read_bytes() == old
    assert leftovers(tmp_path) == []
    assert load_session(handle.path).case.help_question == ""
    handle.save()
    assert load_session(handle.path).case.help_question.startswith("nieuwe tekst")
    assert leftovers(tmp_path) == []
    handle.close()


def test_crash_while_writing_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bestand.json"
    target.write_bytes(b"oud")

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"nieuw")
    assert target.read_bytes() == b"oud"
    assert leftovers(tmp_path) == []


def test_keyboard_interrupt_during_save_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bestand.json"
    target.write_bytes(b"oud")

    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"nieuw")
    assert (target.read_bytes(), leftovers(tmp_path)) == (b"oud", [])


def test_write_atomically_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    write_atomically(target, b"een")
    write_atomically(target, b"twee")
    assert target.read_bytes() == b"twee"
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


# -- locks ----------------------------------------------------------------------------------


def test_second_open_in_the_same_process_is_refused(tmp_path: Path) -> None:
    handle = create_session_file(tmp_path, make_session())
    with pytest.raises(SessionLocked) as caught:
        open_session_file(handle.path)
    message = str(caught.value)
    assert str(handle.path) in message
    assert "geopend in een ander programma" in message
    handle.close()
    with open_session_file(handle.path) as again:
        assert again.session.id == handle.session.id


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from intervisie_tui.engine.store import open_session_file

    handle = open_session_file(Path(sys.argv[1]))
    print("vast", flush=True)
    sys.stdin.read()
    handle.close()
    print("los", flush=True)
    """
)


def test_lock_held_by_another_process(tmp_path: Path) -> None:
    handle = create_session_file(tmp_path, make_session())
    handle.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(handle.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == "vast\n"
        with pytest.raises(SessionLocked, match="geopend in een ander programma; sluit dat eerst"):
            open_session_file(handle.path)
        holder.stdin.close()
        assert holder.stdout.readline() == "los\n"
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    with open_session_file(handle.path) as reopened:
        assert reopened.session.id == handle.session.id


# -- bad files are refused with one line and left untouched ---------------------------------


def valid_bytes() -> bytes:
    return serialize(handelingsgericht_session(FakeClock()))


def newer_version() -> bytes:
    data = json.loads(valid_bytes())
    data["schema_version"] = SESSION_SCHEMA_VERSION + 1
    return json.dumps(data).encode()


def wrong_field() -> bytes:
    data = json.loads(valid_bytes())
    data["phases"] = "geen lijst"
    return json.dumps(data).encode()


BAD_SESSIONS: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "leeg bestand: geen sessie"),
    "whitespace": (b"  \n\t\n", "leeg bestand: geen sessie"),
    "truncated": (valid_bytes()[: len(valid_bytes()) // 2], "kapotte of afgebroken JSON"),
    "not_json": (b"dit is geen json\n", "kapotte of afgebroken JSON"),
    "not_utf8": (b'{"a": "\xff\xfe"}', "geen UTF-8-tekst"),
    "binary": (bytes(range(256)) * 4, "geen UTF-8-tekst"),
    "foreign_object": (b'{"name": "package.json", "version": "1.0"}', "geen sessiebestand"),
    "foreign_list": (b"[1, 2, 3]", "geen sessiebestand"),
    "foreign_string": (b'"sessie"', "geen sessiebestand"),
    "nan": (b"NaN", "geen sessiebestand"),
    "newer_schema": (
        newer_version(),
        f"versie {SESSION_SCHEMA_VERSION + 1} is nieuwer dan dit programma leest",
    ),
    "invalid_content": (wrong_field(), "phases"),
    "deeply_nested": (b"[" * 100_000 + b"]" * 100_000, ""),
    "huge_integer": (b'{"protocol": {}, "phases": ' + b"9" * 5000 + b"}", ""),
}


@pytest.mark.parametrize("name", sorted(BAD_SESSIONS))
def test_bad_session_file_gives_one_line_and_stays_untouched(name: str, tmp_path: Path) -> None:
    data, expected = BAD_SESSIONS[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(data)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = (path.read_bytes(), path.stat().st_mtime_ns)

    with pytest.raises(FileProblems) as caught:
        open_session_file(path)
    [problem] = caught.value.problems
    line = str(problem)
    assert "\n" not in line
    assert line.startswith(str(path))
    assert expected in line
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert leftovers(tmp_path) == []
    # The refused file did not keep its lock: a second try gives the same answer, not "locked".
    with pytest.raises(FileProblems):
        open_session_file(path)


def test_missing_session_file(tmp_path: Path) -> None:
    with pytest.raises(FileProblems) as caught:
        load_session(tmp_path / "weg.json")
    assert (
        str(caught.value) == f"{tmp_path / 'weg.json'}: kan niet lezen: No such file or directory"
    )


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        ({"id": "GEEN-ID"}, None),
        ({"id": "GEEN-ID", "created_at": "gisteren"}, "(en nog 1 fout)"),
        ({"id": "GEEN-ID", "created_at": "gisteren", "status": "?"}, "(en nog 2 fouten)"),
    ],
)
def test_invalid_content_counts_further_errors(
    tmp_path: Path, broken: dict[str, str], said: str | None
) -> None:
    data = json.loads(valid_bytes())
    data.update(broken)
    path = tmp_path / "fouten.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    [problem] = caught.value.problems
    assert problem.path in broken
    if said is None:
        assert "en nog" not in str(problem)
    else:
        assert str(problem).endswith(said)


# -- resume ---------------------------------------------------------------------------------


def test_session_saved_while_running_reloads_paused_with_everything(tmp_path: Path) -> None:
    clock = FakeClock()
    session = handelingsgericht_session(clock)
    session.participants = [
        Participant(name="Anna", roles=[Role.VOORZITTER]),
        Participant(name="Bram", roles=[Role.INBRENGER, Role.NOTULIST]),
    ]
    session.case.pupil = "T."
    session.case.help_question = "Hoe help ik T. om in de kring te blijven zitten?"
    session.preparation = {"waarom-nu": "Het gaat sinds de herfst mis.", "ouders": "Zelfde beeld."}
    handle = create_session_file(tmp_path, session)
    runner = SessionRunner(session, clock)
    runner.start()
    clock.advance(301.5)
    runner.next()
    clock.advance(610)
    runner.next()
    session.set_answer("doel", "doel", "T. blijft drie ochtenden vier minuten zitten.")
    clock.advance(100)
    runner.pause()
    clock.advance(999)
    runner.resume()
    clock.advance(20.25)
    runner.next()
    session.set_answer("onderwijsbehoeften", "onderwijsbehoeften", ["een timer", "een vaste plek"])
    session.agreements = [
        Agreement(
            what="Ouders bellen", who="Bram", when="vrijdag", evaluation_date=date(2027, 1, 8)
        )
    ]
    clock.advance(45.75)
    runner.sync()  # what the autosaver does each second
    handle.save()
    expected_elapsed = [301.5, 610, 120.25, 45.75, 0, 0, 0]
    saved_json = json.loads(handle.path.read_bytes())
    timer = saved_json["timer"]
    assert (timer["status"], timer["current_phase"]) == ("running", 3)
    assert datetime.fromisoformat(timer["synced_at"]) == clock.now()  # for a reader of the file
    handle.close()  # or the program was killed: the lock goes with it

    clock.advance(3600)  # a day later, as far as the file knows
    with open_session_file(handle.path) as reopened:
        resumed = SessionRunner(reopened.session, clock)
        assert resumed.status is TimerStatus.PAUSED
        assert resumed.current_index == 3
        restore = reopened.session.events[-1]
        assert (restore.kind, restore.phase, restore.at) == (
            EventKind.RESTORE,
            "onderwijsbehoeften",
            clock.now(),
        )
        assert restore.elapsed_seconds == sum(expected_elapsed)
        assert [resumed.phase_elapsed(i) for i in range(7)] == expected_elapsed
        loaded = reopened.session
        assert loaded.answer("doel", "doel") == "T. blijft drie ochtenden vier minuten zitten."
        assert loaded.answer("onderwijsbehoeften", "onderwijsbehoeften") == [
            "een timer",
            "een vaste plek",
        ]
        assert loaded.participants == session.participants
        assert loaded.case == session.case
        assert loaded.preparation == session.preparation
        assert loaded.agreements == session.agreements
        assert loaded.events[:-1] == session.events
        resumed.resume()
        clock.advance(14.25)
        assert resumed.phase_elapsed(3) == 60
        reopened.save()
    assert load_session(handle.path).timer.status is TimerStatus.RUNNING


def test_tally_answers_survive_the_file(tmp_path: Path) -> None:
    protocol = make_protocol(
        phases=[phase_dict(1, fields=[{"id": "turf", "label": "Turf", "type": "tally"}])]
    )
    session = make_session(protocol)
    session.set_answer("fase-1", "turf", [TallyItem(keyword="rust", count=4)])
    with create_session_file(tmp_path, session) as handle:
        path = handle.path
    assert load_session(path).answer("fase-1", "turf") == [TallyItem(keyword="rust", count=4)]


# -- what is checked before reading, and before locking -----------------------------------------


def test_size_is_checked_before_a_byte_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "groot.json"
    with huge.open("wb") as sparse:
        sparse.truncate(2_000_000_000)  # sparse: two gigabytes that cost no disk
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(FileProblems) as caught:
        load_session(huge)
    assert str(caught.value) == f"{huge}: bestand is te groot voor een sessie"
    assert reads == []


def test_a_fifo_named_json_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pijp.json"
    os.mkfifo(fifo)
    # Run in a child: were the FIFO opened for a normal read, it would wait for ever.
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from intervisie_tui.engine.problems import FileProblems
        from intervisie_tui.engine.store import load_session
        try:
            load_session(Path({str(fifo)!r}))
        except FileProblems as bad:
            print(bad)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    assert done.stdout.strip() == f"{fifo}: is een FIFO (named pipe), geen sessiebestand"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.mkdir(), "is een map, geen sessiebestand"),
        (
            lambda p: p.symlink_to(p.with_name("elders.json")),
            "symbolische koppeling naar iets dat niet bestaat: geen sessiebestand",
        ),
    ],
)
def test_things_that_are_no_file_get_their_own_reason(tmp_path: Path, make, reason) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.json"
    make(path)
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    assert str(caught.value) == f"{path}: {reason}"


def test_a_bad_session_id_is_named_as_such(tmp_path: Path) -> None:
    data = json.loads(valid_bytes())
    data["id"] = "../../x"
    path = tmp_path / "id.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_session(path)
    assert str(caught.value) == f"{path}: id: moet een sessie-id zijn: 8 tekens, alleen 0-9 en a-f"


@pytest.mark.parametrize("name", ["passwd", "geen-sessie.json", "map.json"])
def test_no_lock_file_is_left_next_to_something_that_is_no_session(
    tmp_path: Path, name: str
) -> None:
    """``resume ../../etc/passwd`` must not create ``/etc/.passwd.lock``."""
    elsewhere = tmp_path / "etc"
    elsewhere.mkdir()
    target = elsewhere / name
    if name == "map.json":
        target.mkdir()
    else:
        target.write_text("root:x:0:0:root:/root:/bin/bash\n")
    before = sorted(p.name for p in elsewhere.iterdir())
    spelled = tmp_path / "sessions" / ".." / "etc" / name
    with pytest.raises(FileProblems) as caught:
        open_session_file(spelled)
    assert "\n" not in str(caught.value)
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_a_session_opened_through_a_link_is_saved_in_the_real_file(tmp_path: Path) -> None:
    path = create_session_file(tmp_path / "sessions", make_session()).path
    link = tmp_path / "link.json"
    link.symlink_to(path)
    with open_session_file(link) as handle:
        assert handle.path == path
        handle.session.case.pupil = "K."
        handle.save()
    assert link.is_symlink() and load_session(path).case.pupil == "K."
