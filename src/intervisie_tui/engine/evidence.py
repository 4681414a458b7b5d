"""What past meetings say about each phase of a protocol, and a new budget where that is clear.

The figures are those of ``intervisie stats`` (``engine.stats``: completed sessions only, no
rehearsals, "ran over" with its grace); this module only lines them up with the phases of the
protocol being adapted, by phase id, and judges them against the minutes it plans *now*.

A proposal is made only when the evidence is clear, because a coordinator accepts it with one key:
- at least ``MIN_SESSIONS`` sessions visited the phase;
- longer: it ran over in at least two thirds of them; the proposal is the median, in whole
  minutes, when that is more than planned;
- shorter: it never ran over and three quarters of the sessions were done at least a whole
  minute early; the proposal is the upper quartile, rounded up to whole minutes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from intervisie_tui.engine.protocol import MAX_PHASE_MINUTES, Protocol
from intervisie_tui.engine.session import Session
from intervisie_tui.engine.stats import PhaseStats, counted_sessions, protocol_stats

MIN_SESSIONS = 3


@dataclass(frozen=True)
class PhaseEvidence:
    stats: PhaseStats
    proposal: int | None  # minutes to plan instead, when the evidence is clear
    reason: str  # why, in the words shown beside the proposal; "" without one

    @property
    def sessions(self) -> int:
        """Counted sessions whose protocol had this phase, visited or not."""
        return self.stats.samples + self.stats.skipped

    def summary(self) -> str:
        """One line of figures, e.g. "mediaan 13 min, liep 7 van 9 keer uit"."""
        stats = self.stats
        parts = []
        if stats.samples and stats.median_minutes is not None:
            parts.append(
                f"mediaan {dutch_minutes(stats.median_minutes)} min, "
                f"liep {stats.overrun_count} van {stats.samples} keer uit"
            )
        if stats.skipped:
            parts.append(f"{stats.skipped} van {self.sessions} keer overgeslagen")
        return " · ".join(parts)

    def question(self) -> str:
        """The proposal as it is put to the coordinator: "…: 13 minuten?"."""
        if self.proposal is None:
            return ""
        return f"{self.reason}: {self.proposal} {'minuut' if self.proposal == 1 else 'minuten'}?"


def phase_evidence(protocol: Protocol, sessions: Iterable[Session]) -> dict[str, PhaseEvidence]:
    """Evidence per phase id of ``protocol``; phases no counted session had are left out."""
    by_id = {row.phase_id: row for row in protocol_stats(sessions, protocol.id)}
    found = {}
    for phase in protocol.phases:
        row = by_id.get(phase.id)
        if row is not None:
            found[phase.id] = judge(row, phase.minutes)
    return found


def load_evidence(protocol: Protocol, sessions_dir: Path) -> dict[str, PhaseEvidence]:
    """As ``phase_evidence``, over the counted sessions in ``sessions_dir``."""
    return phase_evidence(protocol, counted_sessions(sessions_dir, protocol.id, index=True))


def judge(row: PhaseStats, planned: float) -> PhaseEvidence:
    """The figures of one phase against ``planned`` minutes (also a plan just typed)."""
    if row.samples < MIN_SESSIONS or row.median_minutes is None or row.q3_minutes is None:
        return PhaseEvidence(row, None, "")
    sessions = f"{row.samples} sessies"
    if row.overrun_count * 3 >= row.samples * 2:
        longer = min(MAX_PHASE_MINUTES, math.floor(row.median_minutes + 0.5))
        if longer > planned:
            reason = (
                f"liep in {row.overrun_count} van {sessions} uit, "
                f"mediaan {dutch_minutes(row.median_minutes)} min"
            )
            return PhaseEvidence(row, longer, reason)
    if row.overrun_count == 0:
        shorter = max(1, math.ceil(row.q3_minutes - 1e-6))
        if shorter <= planned - 1:
            reason = (
                f"liep in geen van {sessions} uit, driekwart klaar binnen "
                f"{dutch_minutes(row.q3_minutes)} min"
            )
            return PhaseEvidence(row, shorter, reason)
    return PhaseEvidence(row, None, "")


def dutch_minutes(value: float) -> str:
    """Whole minutes without decimals, otherwise one decimal with a comma: "12,5"."""
    if abs(value - round(value)) < 0.05:
        return str(round(value))
    return f"{value:.1f}".replace(".", ",")
