"""Planned against actual minutes per phase over completed sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from intervisie_tui.engine.stats import (
    OVERRUN_GRACE_SECONDS,
    PhaseStats,
    protocol_stats,
    protocols_with_stats,
)
from tests.builders import phase_dict
from tests.meetings import meeting_protocol, run_meeting

START = datetime(2026, 9, 1, 15, 0).astimezone()


def _at(day: int) -> datetime:
    return START + timedelta(days=day)


def hand_made() -> list:
    """Planned 5, 10, 5 and 2 minutes."""
    return [
        run_meeting(start=_at(1), minutes=[5, 12, 4, 2]),
        run_meeting(start=_at(2), minutes=[6, 14, 5, 2.4]),
        run_meeting(start=_at(3), minutes=[4, 9, 5.6, 3]),
        run_meeting(start=_at(4), minutes=[5, 20, 0, 2], skip=(2,)),
        # Not counted: abandoned, in progress, a rehearsal, another protocol.
        run_meeting(start=_at(5), minutes=[50, 50, 50, 50], end="abandon"),
        run_meeting(start=_at(6), minutes=[50, 50, 50, 50], end="none"),
        run_meeting(start=_at(7), minutes=[50, 50, 50, 50], rehearsal=10),
        run_meeting(meeting_protocol(id="ander"), start=_at(8), minutes=[50, 50, 50, 50]),
    ]


def by_id(stats: list[PhaseStats]) -> dict[str, PhaseStats]:
    return {s.phase_id: s for s in stats}


def test_medians_quartiles_and_overruns_on_hand_made_sessions() -> None:
    stats = protocol_stats(hand_made(), "test-protocol")
    assert [s.phase_id for s in stats] == ["fase-1", "fase-2", "fase-3", "fase-4"]
    one, two, three, four = stats
    assert (one.title, one.planned_minutes, one.samples) == ("Vraag", 5, 4)
    assert one.median_minutes == pytest.approx(5)
    assert (one.q1_minutes, one.q3_minutes) == (pytest.approx(4.75), pytest.approx(5.25))
    assert (one.min_minutes, one.max_minutes) == (pytest.approx(4), pytest.approx(6))
    assert one.overrun_count == 1 and one.overrun_share == pytest.approx(0.25)

    assert two.median_minutes == pytest.approx(13)
    assert (two.q1_minutes, two.q3_minutes) == (pytest.approx(11.25), pytest.approx(15.5))
    assert two.overrun_count == 3 and two.overrun_share == pytest.approx(0.75)

    # Phase 3 was skipped once: three samples, one skip.
    assert (three.samples, three.skipped) == (3, 1)
    assert three.median_minutes == pytest.approx(5)
    assert (three.q1_minutes, three.q3_minutes) == (pytest.approx(4.5), pytest.approx(5.3))
    assert three.overrun_count == 1  # 5.6 min is 36 s over: more than the grace

    # 2.4 min is 24 s over a 2-minute plan: within the grace, so on time.
    assert four.median_minutes == pytest.approx(2.2)
    assert four.overrun_count == 1
    assert OVERRUN_GRACE_SECONDS == 30


def test_one_sample_gives_equal_quartiles() -> None:
    [only, *_] = protocol_stats([run_meeting(minutes=[7, 10, 5, 2])], "test-protocol")
    assert only.samples == 1
    assert only.median_minutes == only.q1_minutes == only.q3_minutes == pytest.approx(7)
    assert only.min_minutes == only.max_minutes == pytest.approx(7)


def test_no_completed_sessions_gives_no_phases() -> None:
    assert protocol_stats([run_meeting(end="abandon")], "test-protocol") == []
    assert protocol_stats(hand_made(), "onbekend") == []


def test_a_phase_never_visited_has_no_figures() -> None:
    sessions = [run_meeting(start=_at(i), skip=(2,)) for i in range(3)]
    three = by_id(protocol_stats(sessions, "test-protocol"))["fase-3"]
    assert (three.samples, three.skipped, three.overrun_count) == (0, 3, 0)
    assert three.median_minutes is None and three.overrun_share is None


def test_phase_order_follows_the_newest_snapshot_and_keeps_dropped_phases() -> None:
    old = meeting_protocol()
    phases = [p.model_dump() for p in old.phases[:3]]
    new_phase = phase_dict(9, title="Nieuwe ronde", minutes=4)
    renamed = {**phases[1], "title": "Verkennen (korter)", "minutes": 8}
    new = meeting_protocol(phases=[phases[0], renamed, new_phase, phases[2]])
    sessions = [
        run_meeting(old, start=_at(1)),
        run_meeting(new, start=_at(3), minutes=[5, 8, 4, 5]),
        run_meeting(old, start=_at(2)),
    ]
    stats = protocol_stats(sessions, "test-protocol")
    assert [s.phase_id for s in stats] == ["fase-1", "fase-2", "fase-9", "fase-3", "fase-4"]
    two = by_id(stats)["fase-2"]
    assert (two.title, two.planned_minutes, two.samples) == ("Verkennen (korter)", 8, 3)
    assert by_id(stats)["fase-9"].samples == 1
    assert by_id(stats)["fase-4"].samples == 2


def test_overrun_is_measured_against_each_sessions_own_plan() -> None:
    old = meeting_protocol()
    longer = [p.model_dump() for p in old.phases]
    longer[0]["minutes"] = 8
    new = meeting_protocol(phases=longer)
    sessions = [
        run_meeting(old, start=_at(1), minutes=[7, 10, 5, 2]),  # 2 min over its plan of 5
        run_meeting(new, start=_at(2), minutes=[7, 10, 5, 2]),  # within its plan of 8
    ]
    one = by_id(protocol_stats(sessions, "test-protocol"))["fase-1"]
    assert (one.planned_minutes, one.overrun_count) == (8, 1)


def test_protocols_with_stats_lists_counted_protocols() -> None:
    assert protocols_with_stats(hand_made()) == [
        ("ander", "Testprotocol", 1),
        ("test-protocol", "Testprotocol", 4),
    ]


def test_counted_sessions_from_a_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from intervisie_tui.engine.stats import counted_sessions, protocol_stats
    from tests.meetings import bad_files, edge_files, save

    folder = tmp_path / "sessions"
    paths = [save(folder, s) for s in hand_made()]
    bad_files(folder, hand_made()[0])
    edge_files(folder, hand_made()[0])  # counted if the schema accepts them: never a crash
    counted = counted_sessions(folder)
    protocol_stats(counted, "test-protocol")
    ids = {s.id for s in counted if not s.id.startswith("ed9e")}
    assert len(ids) == 5  # four of test-protocol, one of "ander"
    of_protocol = counted_sessions(folder, "test-protocol")
    assert len([s for s in of_protocol if not s.id.startswith("ed9e")]) == 4
    assert counted_sessions(folder, "onbekend") == []
    assert len(paths) == 8
