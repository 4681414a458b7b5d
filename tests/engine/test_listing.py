"""Listing a sessions folder: every good session, every bad file named, nothing written."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from intervisie_tui.engine import listing, store
from intervisie_tui.engine.listing import (
    INDEX_NAME,
    SessionSummary,
    find_session,
    indexed_as_valid,
    scan_sessions,
)
from intervisie_tui.engine.session import SessionStatus
from tests.meetings import (
    agreement,
    bad_files,
    days_ago,
    meeting_protocol,
    run_meeting,
    save,
    snapshot,
)


def test_summary_counts_agreements_and_the_next_evaluation(folder: Path) -> None:
    session = run_meeting(
        agreements=[
            agreement("a", evaluation_date=date(2027, 1, 20)),
            agreement("b", evaluation_date=date(2027, 1, 10)),
            agreement("c"),
        ]
    )
    first = session.agreements[1]
    session.agreements[1] = first.model_copy(update={"evaluation_date": date(2026, 12, 1)})
    path = save(folder, session)
    [summary] = scan_sessions(folder).sessions
    assert summary.path == path
    assert (summary.agreements, summary.open_agreements) == (3, 3)
    assert (summary.next_evaluation, summary.undated_agreements) == (date(2026, 12, 1), 1)
    assert summary.evaluation_label == "01-12-2026, zonder datum"
    assert summary.status is SessionStatus.COMPLETED
    assert summary.date_due(date(2026, 11, 17))
    assert not summary.date_due(date(2026, 11, 16))
    assert summary.date_due(date(2026, 11, 30), horizon_days=0) is False
    assert summary.date_due(date(2026, 12, 1), horizon_days=0)
    # "c" has no date at all and the meeting ended: due whatever the day, until evaluated.
    assert summary.undated_due and summary.evaluation_due(date(2026, 1, 1), horizon_days=0)


def test_an_evaluated_agreement_is_no_longer_open(folder: Path) -> None:
    from intervisie_tui.engine.session import Evaluation

    done = agreement(
        "klaar",
        evaluation_date=date(2026, 12, 1),
        evaluation=Evaluation(evaluated_at=days_ago(1), note="gelukt"),
    )
    later = agreement("open", evaluation_date=date(2031, 1, 1))
    save(folder, run_meeting(agreements=[done, later]))
    [summary] = scan_sessions(folder).sessions
    assert (summary.agreements, summary.open_agreements) == (2, 1)
    assert (summary.next_evaluation, summary.undated_agreements) == (date(2031, 1, 1), 0)
    assert summary.evaluation_label == "01-01-2031"
    assert not summary.evaluation_due(date(2030, 1, 1))
    save(folder, run_meeting(agreements=[done]))
    only_done = next(s for s in scan_sessions(folder).sessions if s.open_agreements == 0)
    assert (only_done.next_evaluation, only_done.undated_agreements) == (None, 0)
    assert only_done.evaluation_label == ""
    assert not only_done.evaluation_due(date(2026, 12, 1), horizon_days=10_000)


def test_summary_json_round_trip(folder: Path) -> None:
    path = save(folder, run_meeting(agreements=[agreement(evaluation_date=date(2027, 2, 1))]))
    summary = scan_sessions(folder).sessions[0]
    assert SessionSummary.from_json(path, json.loads(json.dumps(summary.to_json()))) == summary


def test_a_theme_meeting_is_listed_by_its_theme(folder: Path) -> None:
    theme = meeting_protocol(subject="theme")
    save(folder, run_meeting(theme, pupil="", help_question="Zelfstandig werken"))
    save(folder, run_meeting(pupil="L.", start=days_ago(3)))
    listed = scan_sessions(folder).sessions
    assert [(s.pupil, s.about) for s in listed] == [("L.", "L."), ("", "Zelfstandig werken")]
    # The index keeps it: read again without validating.
    assert [s.about for s in scan_sessions(folder).sessions] == ["L.", "Zelfstandig werken"]


def test_newest_first(folder: Path) -> None:
    old = save(folder, run_meeting(start=days_ago(30)))
    new = save(folder, run_meeting(start=days_ago(1)))
    mid = save(folder, run_meeting(start=days_ago(10)))
    assert [s.path for s in scan_sessions(folder).sessions] == [new, mid, old]


def test_every_good_session_listed_and_every_bad_file_named(folder: Path) -> None:
    good = [save(folder, run_meeting(start=days_ago(d))) for d in (3, 2, 1)]
    reasons = bad_files(folder, run_meeting())
    before = snapshot(folder)
    scan = scan_sessions(folder)
    assert sorted(s.path for s in scan.sessions) == sorted(good)
    named = {p.file.name: str(p) for p in scan.problems}
    assert set(named) == set(reasons)
    for name, reason in reasons.items():
        assert reason in named[name], named[name]
        assert "\n" not in named[name]
    assert snapshot(folder) == before
    assert not (folder / INDEX_NAME).exists(), "without index=True nothing is written"


def test_missing_folder_lists_nothing(tmp_path: Path) -> None:
    scan = scan_sessions(tmp_path / "nergens", index=True)
    assert scan.sessions == [] and scan.problems == []
    assert not (tmp_path / "nergens").exists()


def test_hidden_files_and_other_names_are_not_sessions_but_a_folder_json_is_named(
    folder: Path,
) -> None:
    path = save(folder, run_meeting())
    (folder / "map.json").mkdir()
    (folder / ".verborgen.json").write_text("{}")
    (folder / "notities.txt").write_text("x")
    scan = scan_sessions(folder)
    assert [s.path for s in scan.sessions] == [path]
    assert [str(p) for p in scan.problems] == [
        f"{folder / 'map.json'}: is een map, geen sessiebestand"
    ]


# -- the index -----------------------------------------------------------------------------------


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    loaded: list[Path] = []
    real = store.load_session

    def counting(path: Path):  # type: ignore[no-untyped-def]
        loaded.append(path)
        return real(path)

    monkeypatch.setattr(store, "load_session", counting)
    return loaded


def test_index_spares_reading_unchanged_files(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [save(folder, run_meeting(start=days_ago(d))) for d in (1, 2, 3)]
    reasons = bad_files(folder, run_meeting())
    loaded = _count_loads(monkeypatch)
    first = scan_sessions(folder, index=True)
    assert len(loaded) == 3 + len(reasons)
    mode = stat.S_IMODE((folder / INDEX_NAME).stat().st_mode)
    assert mode == 0o600
    loaded.clear()
    second = scan_sessions(folder, index=True)
    # A dangling link has nothing to key an entry on: it is tried again (and fails at once).
    assert loaded == [folder / "koppeling.json"]
    assert second.sessions == first.sessions
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert all(indexed_as_valid(p) for p in paths)


def test_a_changed_file_is_read_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keep = save(folder, run_meeting(start=days_ago(2)))
    change = save(folder, run_meeting(start=days_ago(1), pupil="A."))
    scan_sessions(folder, index=True)
    with store.open_session_file(change) as handle:
        handle.session.case = handle.session.case.model_copy(update={"pupil": "B."})
        handle.save()
    assert not indexed_as_valid(change) and indexed_as_valid(keep)
    loaded = _count_loads(monkeypatch)
    scan = scan_sessions(folder, index=True)
    assert loaded == [change]
    assert {s.path: s.pupil for s in scan.sessions}[change] == "B."


def test_a_bad_file_that_becomes_good_is_listed(folder: Path) -> None:
    session = run_meeting()
    path = save(folder, session)
    good = path.read_bytes()
    path.write_bytes(good[:100])
    assert scan_sessions(folder, index=True).sessions == []
    path.write_bytes(good)
    assert [s.path for s in scan_sessions(folder, index=True).sessions] == [path]


def test_deleted_files_leave_the_index(folder: Path) -> None:
    gone = save(folder, run_meeting(start=days_ago(1), pupil="Q."))
    save(folder, run_meeting(start=days_ago(2)))
    scan_sessions(folder, index=True)
    gone.unlink()
    scan_sessions(folder, index=True)
    assert gone.name not in (folder / INDEX_NAME).read_text()
    assert '"Q."' not in (folder / INDEX_NAME).read_text()


@pytest.mark.parametrize(
    "content",
    [b"", b"{kapot", b"[]", b'{"fingerprint": "oud", "entries": {}}', None],
)
def test_a_damaged_or_foreign_index_is_ignored_and_rebuilt(
    folder: Path, content: bytes | None
) -> None:
    path = save(folder, run_meeting())
    if content is None:  # right fingerprint, nonsense entry with the right key
        scan_sessions(folder, index=True)
        raw = json.loads((folder / INDEX_NAME).read_text())
        raw["entries"][path.name]["summary"] = {"id": 5}
        content = json.dumps(raw).encode()
    (folder / INDEX_NAME).write_bytes(content)
    scan = scan_sessions(folder, index=True)
    assert [s.path for s in scan.sessions] == [path]
    assert scan.problems == []
    assert [s.path for s in scan_sessions(folder, index=True).sessions] == [path]


def test_an_index_from_another_program_version_is_not_trusted(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save(folder, run_meeting())
    scan_sessions(folder, index=True)
    assert indexed_as_valid(path)
    monkeypatch.setattr(listing, "_fingerprint", lambda: "een andere versie")
    assert not indexed_as_valid(path)
    loaded = _count_loads(monkeypatch)
    scan_sessions(folder, index=True)
    assert loaded == [path]


def test_index_in_a_read_only_folder_is_skipped(folder: Path) -> None:
    path = save(folder, run_meeting())
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        scan = scan_sessions(folder, index=True)
        assert [s.path for s in scan.sessions] == [path]
    finally:
        os.chmod(folder, 0o700)


def test_index_never_touches_bad_files(folder: Path) -> None:
    save(folder, run_meeting())
    reasons = bad_files(folder, run_meeting())
    before = snapshot(folder, reasons)
    for _ in range(2):
        scan_sessions(folder, index=True)
    assert snapshot(folder, reasons) == before


# -- finding one session ------------------------------------------------------------------------


def test_find_by_path_id_prefix_and_file_name(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save(folder, run_meeting())
    sid = path.stem.rsplit("_", 1)[-1]
    assert find_session(folder, str(path)) == path
    assert find_session(folder, sid) == path
    assert find_session(folder, sid[:3].upper()) == path
    assert find_session(folder, path.name) == path
    monkeypatch.chdir(folder.parent)
    assert find_session(Path("sessions"), sid[:4]) == Path("sessions") / path.name


def test_find_errors_are_one_dutch_line(folder: Path) -> None:
    first = save(folder, run_meeting())
    second = run_meeting()
    second.id = first.stem.rsplit("_", 1)[-1][:4] + "ffff"
    if second.id == first.stem.rsplit("_", 1)[-1]:
        second.id = second.id[:4] + "eeee"
    save(folder, second)
    cases = {
        "": "geef een sessie",
        "zzzz": "geen sessie 'zzzz'",
        first.stem.rsplit("_", 1)[-1][:4]: "past bij 2 sessies",
        "elders/x.json": "bestaat niet",
    }
    for spec, expected in cases.items():
        with pytest.raises(LookupError) as caught:
            find_session(folder, spec)
        assert expected in str(caught.value)
        assert "\n" not in str(caught.value)
    with pytest.raises(LookupError, match="map bestaat niet"):
        find_session(folder / "nergens", "abc")


def test_due_filter_on_the_scan(folder: Path) -> None:
    today = date.today()
    soon = save(folder, run_meeting(agreements=[agreement(evaluation_date=today + timedelta(9))]))
    save(folder, run_meeting(agreements=[agreement(evaluation_date=today + timedelta(40))]))
    late = save(folder, run_meeting(agreements=[agreement(evaluation_date=today - timedelta(3))]))
    undated = save(folder, run_meeting(agreements=[agreement()]))
    save(folder, run_meeting(agreements=[agreement()], end="none"))  # a date can come yet
    save(folder, run_meeting(agreements=[agreement(evaluation_date=today)], rehearsal=10))
    assert {s.path for s in scan_sessions(folder).due(today)} == {soon, late, undated}
    assert {s.path for s in scan_sessions(folder).due(today, 0)} == {late, undated}


OLD_SESSIONS = Path(__file__).resolve().parent.parent / "fixtures" / "sessions-0.1.0"


def test_an_old_separate_evaluation_date_counts_for_undated_agreements(folder: Path) -> None:
    folder.mkdir()
    name = "oplossingsgericht-completed.json"
    (folder / name).write_bytes((OLD_SESSIONS / name).read_bytes())
    [summary] = scan_sessions(folder).sessions
    # Its own date for the first agreement, the old "Evaluatiedatum" field for the second.
    assert (summary.next_evaluation, summary.undated_agreements) == (date(2026, 12, 14), 0)
    from intervisie_tui.engine.followup import mark_evaluated

    mark_evaluated(folder / name, 0, "Gelukt.", days_ago(0))
    [summary] = scan_sessions(folder).sessions
    assert (summary.next_evaluation, summary.undated_agreements) == (date(2027, 1, 11), 0)
    assert summary.evaluation_label == "11-01-2027"


def test_the_due_sessions_are_those_of_the_follow_up_list(folder: Path) -> None:
    """One meaning of "due" for `sessions --due`, the browser's filter and set-up's follow-up."""
    from intervisie_tui.engine.followup import due_agreements

    base = date(2026, 12, 1)
    kinds = {
        "soon": {"agreements": [agreement(evaluation_date=base + timedelta(9))]},
        "far": {"agreements": [agreement(evaluation_date=base + timedelta(40))]},
        "late": {"agreements": [agreement(evaluation_date=base - timedelta(3))]},
        "undated": {"agreements": [agreement()]},
        "undated-running": {"agreements": [agreement()], "end": "none"},
        "late-running": {
            "agreements": [agreement(evaluation_date=base - timedelta(1))],
            "end": "none",
        },
        "undated-abandoned": {"agreements": [agreement()], "end": "abandon"},
        "rehearsal": {
            "agreements": [agreement(evaluation_date=base), agreement()],
            "rehearsal": 10.0,
        },
        "none": {"agreements": []},
    }
    for pupil, kwargs in kinds.items():
        save(folder, run_meeting(pupil=pupil, **kwargs))  # type: ignore[arg-type]
    folder.joinpath("oud.json").write_bytes(
        (OLD_SESSIONS / "oplossingsgericht-completed.json").read_bytes()
    )
    scan = scan_sessions(folder, index=True)
    for today in (base - timedelta(60), base, base + timedelta(45)):
        for horizon in (0, 14, 60):
            listed = {s.path for s in scan.due(today, horizon)}
            followed = {d.path for d in due_agreements(folder, today, horizon)}
            assert listed == followed, (today, horizon)
    due = {s.pupil for s in scan.due(base)}
    assert due == {"soon", "late", "undated", "late-running", "undated-abandoned", "L."}  # L.: oud


def test_an_index_of_the_previous_format_is_rebuilt(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format 1 took only an agreement's own date and did not count undated ones."""
    path = save(folder, run_meeting(agreements=[agreement()]))
    with monkeypatch.context() as old:
        old.setattr(listing, "INDEX_FORMAT", 1)
        scan_sessions(folder, index=True)
        raw = json.loads((folder / INDEX_NAME).read_text())
        del raw["entries"][path.name]["summary"]["undated_agreements"]
        (folder / INDEX_NAME).write_text(json.dumps(raw))
    loaded = _count_loads(monkeypatch)
    [summary] = scan_sessions(folder, index=True).sessions
    assert loaded == [path]
    assert summary.undated_agreements == 1 and summary.evaluation_due(date(2026, 12, 1))


def test_the_summary_names_the_protocol_file_the_session_used(folder: Path) -> None:
    session = run_meeting()
    path = save(folder, session)
    [summary] = scan_sessions(folder, index=True).sessions
    assert summary.protocol_sha256 == session.protocol_sha256
    [cached] = scan_sessions(folder, index=True).sessions
    assert cached == summary and cached.path == path


def test_an_index_without_protocol_versions_is_rebuilt(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format 2 had no protocol_sha256: the whole index of that format is discarded, so no
    entry of it is trusted (here one that a damaged write left with a wrong version)."""
    session = run_meeting()
    path = save(folder, session)
    with monkeypatch.context() as old:
        old.setattr(listing, "INDEX_FORMAT", 2)
        scan_sessions(folder, index=True)
        raw = json.loads((folder / INDEX_NAME).read_text())
        raw["entries"][path.name]["summary"]["protocol_sha256"] = "0" * 64
        (folder / INDEX_NAME).write_text(json.dumps(raw))
    loaded = _count_loads(monkeypatch)
    [summary] = scan_sessions(folder, index=True).sessions
    assert loaded == [path]
    assert summary.protocol_sha256 == session.protocol_sha256
