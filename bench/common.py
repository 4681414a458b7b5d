"""Shared helpers: interleaved measuring, percentiles, ratios, and the report of one benchmark.

Every figure is a ratio against a baseline measured in the same run. Absolute times depend on
the laptop, its load and its disk; a ratio measured with baseline and subject runs interleaved
(A B, B A, A B, ...) sees the same noise on both sides and stays comparable between machines.

A benchmark module builds its cases, calls :func:`run_interleaved`, turns the samples into
:class:`Comparison` objects and returns a :class:`Report`; ``python -m bench`` prints the report
and writes it to ``bench/results/<name>.json``.
"""

from __future__ import annotations

import gc
import json
import math
import platform
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"

Case = Callable[[], Any]
Sampler = Callable[[Case], float]


# -- taking samples ------------------------------------------------------------------------------


def wall_time(case: Case) -> float:
    """Seconds of wall-clock time one call of ``case`` takes (the default sampler)."""
    start = time.perf_counter()
    case()
    return time.perf_counter() - start


def returned_value(case: Case) -> float:
    """The case measures itself (CPU seconds, clock drift, ...) and returns the figure."""
    return float(case())


def run_interleaved(
    cases: Mapping[str, Case],
    rounds: int,
    *,
    warmup: int = 3,
    sample: Sampler = wall_time,
) -> dict[str, list[float]]:
    """Run every case once per round and return the samples per case name.

    The order alternates between rounds (A B, B A, ...), so neither side always runs first,
    right after a garbage collection or while the disk is still busy with the other's write.
    ``warmup`` rounds run first and are thrown away (imports, caches, first file creation).
    """
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            cases[name]()
    gc.collect()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        order = names if number % 2 == 0 else names[::-1]
        for name in order:
            samples[name].append(sample(cases[name]))
    return samples


# -- summarising ---------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linearly interpolated as numpy's default does."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Stats:
    n: int
    median: float
    p99: float
    mean: float
    min: float
    max: float

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        return cls(
            n=len(values),
            median=statistics.median(values),
            p99=percentile(values, 99),
            mean=statistics.fmean(values),
            min=min(values),
            max=max(values),
        )


def ratio(subject: float, baseline: float) -> float:
    return subject / baseline if baseline > 0 else math.inf


@dataclass(frozen=True)
class Comparison:
    """One subject against its baseline; ratios are subject / baseline (>1: subject slower)."""

    label: str
    baseline_label: str
    subject_label: str
    baseline: list[float]
    subject: list[float]
    unit: str = "s"

    @property
    def baseline_stats(self) -> Stats:
        return Stats.of(self.baseline)

    @property
    def subject_stats(self) -> Stats:
        return Stats.of(self.subject)

    @property
    def median_ratio(self) -> float:
        return ratio(self.subject_stats.median, self.baseline_stats.median)

    @property
    def p99_ratio(self) -> float:
        return ratio(self.subject_stats.p99, self.baseline_stats.p99)

    @classmethod
    def from_samples(
        cls,
        label: str,
        samples: Mapping[str, list[float]],
        *,
        baseline: str,
        subject: str,
        unit: str = "s",
    ) -> Comparison:
        return cls(label, baseline, subject, samples[baseline], samples[subject], unit)

    def lines(self) -> list[str]:
        base, subj = self.baseline_stats, self.subject_stats
        width = max(len(self.baseline_label), len(self.subject_label))
        return [
            f"{self.label} (n={subj.n} each, interleaved)",
            f"  {self.baseline_label:<{width}}  median {fmt(base.median, self.unit):>9}"
            f"   p99 {fmt(base.p99, self.unit):>9}",
            f"  {self.subject_label:<{width}}  median {fmt(subj.median, self.unit):>9}"
            f"   p99 {fmt(subj.p99, self.unit):>9}",
            f"  ratio {self.subject_label} / {self.baseline_label}:"
            f"  median {fmt_ratio(self.median_ratio)}   p99 {fmt_ratio(self.p99_ratio)}",
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "unit": self.unit,
            "baseline": {"label": self.baseline_label, **vars(self.baseline_stats)},
            "subject": {"label": self.subject_label, **vars(self.subject_stats)},
            "median_ratio": self.median_ratio,
            "p99_ratio": self.p99_ratio,
            "samples": {self.baseline_label: self.baseline, self.subject_label: self.subject},
        }


# -- formatting ----------------------------------------------------------------------------------


def fmt(value: float, unit: str = "s") -> str:
    """Seconds with a readable prefix (``1.23 ms``); other units as a plain number."""
    if unit != "s":
        return f"{value:.3g} {unit}"
    for scale, prefix in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {prefix}"
    return f"{value / 1e-9:.3g} ns"


def fmt_ratio(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:.2f}x"


def fmt_bytes(count: int) -> str:
    return f"{count / 1024:.1f} kB" if count >= 1024 else f"{count} B"


# -- the report of one benchmark -----------------------------------------------------------------


@dataclass
class Report:
    """What a benchmark found: comparisons plus facts worth printing (sizes, counts, ...)."""

    name: str
    title: str
    comparisons: list[Comparison] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def render(self) -> str:
        out = [f"== {self.name}: {self.title}"]
        out += [f"  {key}: {value}" for key, value in self.facts.items()]
        for comparison in self.comparisons:
            out += [f"  {line}" for line in comparison.lines()]
        out.append(f"  (took {self.seconds:.1f} s)")
        return "\n".join(out)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "seconds": self.seconds,
            "facts": self.facts,
            "comparisons": [c.to_json() for c in self.comparisons],
        }

    def write(self, directory: Path = RESULTS_DIR) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.json"
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")
        return path
