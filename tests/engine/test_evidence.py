"""Evidence per phase from past meetings, and a new budget only where the evidence is clear."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from intervisie_tui.engine.evidence import (
    MIN_SESSIONS,
    dutch_minutes,
    judge,
    load_evidence,
    phase_evidence,
)
from intervisie_tui.engine.protocol import Protocol
from intervisie_tui.engine.session import Session
from intervisie_tui.engine.stats import protocol_stats
from tests.builders import phase_dict
from tests.meetings import meeting_protocol, run_meeting, save

START = datetime(2026, 9, 1, 15, 0).astimezone()


def meetings(
    second_phase: list[float], protocol: Protocol | None = None, **kwargs: object
) -> list[Session]:
    """One completed meeting per entry: phase 2 (planned 10) took that long, the rest to plan."""
    return [
        run_meeting(
            protocol,
            start=START + timedelta(days=day),
            minutes=[5, minutes, 5, 2],
            **kwargs,  # type: ignore[arg-type]
        )
        for day, minutes in enumerate(second_phase)
    ]


def test_a_phase_that_mostly_runs_over_gets_its_median_proposed() -> None:
    evidence = phase_evidence(meeting_protocol(), meetings([13] * 7 + [9, 9.5]))
    second = evidence["fase-2"]
    assert second.proposal == 13
    assert second.question() == "liep in 7 van 9 sessies uit, mediaan 13 min: 13 minuten?"
    assert second.summary() == "mediaan 13 min, liep 7 van 9 keer uit"
    # The other phases ran to plan: figures, no proposal.
    assert evidence["fase-1"].proposal is None and evidence["fase-1"].question() == ""


def test_the_figures_are_those_of_intervisie_stats() -> None:
    sessions = meetings([12, 14, 9, 11])
    evidence = phase_evidence(meeting_protocol(), sessions)
    assert [e.stats for e in evidence.values()] == protocol_stats(sessions, "test-protocol")


def test_a_median_between_minutes_is_rounded_and_written_the_dutch_way() -> None:
    [only] = [phase_evidence(meeting_protocol(), meetings([12, 12.5, 13, 12.2]))["fase-2"]]
    assert only.stats.median_minutes == pytest.approx(12.35)
    assert only.question() == "liep in 4 van 4 sessies uit, mediaan 12,3 min: 12 minuten?"


def test_too_few_sessions_give_figures_but_no_proposal() -> None:
    evidence = phase_evidence(meeting_protocol(), meetings([20] * (MIN_SESSIONS - 1)))
    assert evidence["fase-2"].proposal is None
    assert evidence["fase-2"].summary() == "mediaan 20 min, liep 2 van 2 keer uit"


def test_mixed_evidence_gives_no_proposal() -> None:
    evidence = phase_evidence(meeting_protocol(), meetings([13, 13, 13, 8, 8, 8]))
    assert evidence["fase-2"].stats.overrun_count == 3
    assert evidence["fase-2"].proposal is None


def test_a_phase_always_done_early_gets_a_shorter_budget() -> None:
    evidence = phase_evidence(meeting_protocol(), meetings([5, 6, 6.5, 4, 7]))
    second = evidence["fase-2"]
    assert second.stats.q3_minutes == pytest.approx(6.5)
    assert second.proposal == 7
    assert second.question() == (
        "liep in geen van 5 sessies uit, driekwart klaar binnen 6,5 min: 7 minuten?"
    )


def test_nearly_on_time_is_not_a_reason_to_shorten() -> None:
    evidence = phase_evidence(meeting_protocol(), meetings([9.2, 9.5, 9.9, 9.4]))
    assert evidence["fase-2"].proposal is None


def test_no_proposal_once_the_plan_follows_the_evidence() -> None:
    second = phase_evidence(meeting_protocol(), meetings([13] * 5))["fase-2"]
    assert second.proposal == 13
    assert judge(second.stats, 13).proposal is None
    assert judge(second.stats, 12.5).proposal == 13


def test_a_proposal_never_exceeds_the_longest_phase_allowed() -> None:
    protocol = meeting_protocol(
        phases=[phase_dict(1, minutes=200), phase_dict(2, minutes=1)], order="strict"
    )
    sessions = [
        run_meeting(protocol, start=START + timedelta(days=d), minutes=[300, 1]) for d in range(3)
    ]
    assert phase_evidence(protocol, sessions)["fase-1"].proposal == 240


def test_skipped_phases_are_counted_and_said() -> None:
    skipped = run_meeting(start=START + timedelta(days=9), minutes=[5, 10, 0, 2], skip=(2,))
    sessions = [*meetings([10] * 3), skipped]
    third = phase_evidence(meeting_protocol(), sessions)["fase-3"]
    assert (third.stats.samples, third.stats.skipped, third.sessions) == (3, 1, 4)
    assert third.summary() == "mediaan 5 min, liep 0 van 3 keer uit · 1 van 4 keer overgeslagen"


def test_phases_are_matched_by_id_and_only_this_protocol_counts() -> None:
    sessions = meetings([13] * 3) + meetings([50] * 3, meeting_protocol(id="ander"))
    sessions += meetings([50] * 3, end="abandon") + meetings([50] * 3, rehearsal=10)
    base = meeting_protocol()
    reordered = base.model_copy(
        update={
            "phases": [
                base.phases[1],
                base.phases[0],
                base.phases[0].model_copy(update={"id": "nieuw"}),
            ]
        }
    )
    evidence = phase_evidence(reordered, sessions)
    assert list(evidence) == ["fase-2", "fase-1"]
    assert evidence["fase-2"].stats.samples == 3
    assert evidence["fase-2"].proposal == 13


def test_evidence_from_a_sessions_folder_is_the_same(tmp_path: Path) -> None:
    sessions = meetings([13] * 4)
    folder = tmp_path / "sessions"
    for session in sessions:
        save(folder, session)
    assert load_evidence(meeting_protocol(), folder) == phase_evidence(meeting_protocol(), sessions)
    assert load_evidence(meeting_protocol(), tmp_path / "nergens") == {}


@pytest.mark.parametrize(
    ("value", "shown"), [(13, "13"), (12.96, "13"), (12.35, "12,3"), (0.5, "0,5"), (7.04, "7")]
)
def test_dutch_minutes(value: float, shown: str) -> None:
    assert dutch_minutes(value) == shown
