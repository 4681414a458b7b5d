"""One wording for a listed session, shared by the sessions browser and 'intervisie sessions'."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from intervisie_tui.engine.listing import SessionSummary
from intervisie_tui.engine.session import SessionStatus
from intervisie_tui.engine.summary_words import (
    agreements_words,
    rehearsals_left_out,
    status_words,
)


def summary(**changes: object) -> SessionSummary:
    base = SessionSummary(
        path=Path("s.json"),
        id="abc",
        created_at=datetime(2026, 11, 26, 14, 30, tzinfo=UTC),
        status=SessionStatus.COMPLETED,
        protocol_id="p",
        protocol_title="P",
        pupil="L.",
        current_phase=None,
    )
    return SessionSummary(**{**base.__dict__, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "rehearsal", "words"),
    [
        (SessionStatus.IN_PROGRESS, False, "loopt nog"),
        (SessionStatus.COMPLETED, False, "afgerond"),
        (SessionStatus.COMPLETED, True, "afgerond (oefening)"),
        (SessionStatus.ABANDONED, True, "afgebroken (oefening)"),
    ],
)
def test_status_words(status: SessionStatus, rehearsal: bool, words: str) -> None:
    assert status_words(summary(status=status, rehearsal=rehearsal)) == words


@pytest.mark.parametrize(
    ("total", "still_open", "words"),
    [(0, 0, "geen"), (2, 2, "2 open"), (2, 1, "2, 1 open"), (2, 0, "2, geen open")],
)
def test_agreements_words(total: int, still_open: int, words: str) -> None:
    assert agreements_words(summary(agreements=total, open_agreements=still_open)) == words


def test_rehearsals_left_out() -> None:
    assert rehearsals_left_out(0) == ""
    assert rehearsals_left_out(1) == "1 oefensessie niet meegeteld"
    assert rehearsals_left_out(3) == "3 oefensessies niet meegeteld"
