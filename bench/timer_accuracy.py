"""Does the countdown keep up with real time when the redraws come late and irregularly?

A UI tick is never on time: a busy event loop, a save, a garbage collection or a slow redraw
delays it, sometimes by more than a whole interval. This benchmark samples four countdowns in
one loop, every ~50 ms with irregular sleeps (uniform 25-75 ms, every 20th sample 150 ms longer;
seeded), for ~5 s of real time, and compares the elapsed time each one implies with
``time.monotonic()`` read just before it is sampled:

- baseline: a naive countdown that takes 50 ms off per tick (what ``set_interval`` plus a counter
  gives), sampled the same way;
- subject: ``SessionRunner`` with the real ``SystemClock``: elapsed = budget - remaining;
- rehearsal: ``SessionRunner`` with ``ScaledClock(60)``, whose elapsed should be 60x the real
  elapsed (5 s of real time are the 5 minutes of the first phase), against a naive counter that
  takes 60 x 50 ms off per tick.

Drift = implied elapsed - real elapsed (positive: the clock runs ahead); its growth is the
least-squares slope over the run, so a constant offset (``start()`` reads the clock a few dozen
µs after the reference) does not count as drift. Also counted: samples whose text on screen
(``timefmt.countdown``) differs from the text the exact time gives. Figures are absolute
drifts, so lower is better; the ratio is runner / naive.

``--rounds N`` sets the number of samples (default 100, ~5.7 s).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime

from bench.common import Comparison, Report, fmt, percentile
from intervisie_tui.engine.catalog import load_catalog
from intervisie_tui.engine.clock import ScaledClock, SystemClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Session
from intervisie_tui.timefmt import countdown

TITLE = "countdown drift against time.monotonic() with late, irregular ticks"
SAMPLES = 100
INTERVAL = 0.050
JITTER = 0.025
STALL_EVERY = 20
STALL = 0.150
SPEED = 60.0
SEED = 20261123

NAIVE = "naive tick counter"
RUNNER = "SessionRunner + SystemClock"
NAIVE_SCALED = f"naive tick counter x{SPEED:g}"
SCALED = f"SessionRunner + ScaledClock({SPEED:g})"


@dataclass
class Track:
    """Drift samples of one countdown: elapsed implied by it minus the exact elapsed."""

    drift: list[float] = field(default_factory=list)
    elapsed: list[float] = field(default_factory=list)
    shown_wrong: int = 0

    def add(self, budget: float, remaining: float, exact_elapsed: float) -> None:
        self.drift.append((budget - remaining) - exact_elapsed)
        self.elapsed.append(exact_elapsed)
        if countdown(remaining) != countdown(budget - exact_elapsed):
            self.shown_wrong += 1

    @property
    def worst(self) -> float:
        return max(self.drift, key=abs)

    @property
    def final(self) -> float:
        return self.drift[-1]

    @property
    def rate(self) -> float:
        """Least-squares slope of drift over exact elapsed time (s/s): how fast it grows.

        A constant offset (the runner reads the clock a fraction of a millisecond after our
        reference, inside ``start()`` and ``snapshot()``) does not count; accumulation does."""
        mean_x = statistics.fmean(self.elapsed)
        mean_y = statistics.fmean(self.drift)
        sxx = sum((x - mean_x) ** 2 for x in self.elapsed)
        pairs = zip(self.elapsed, self.drift, strict=True)
        sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
        return sxy / sxx if sxx else 0.0


def _runner(clock: SystemClock | ScaledClock) -> SessionRunner:
    entry = load_catalog().get("handelingsgericht")
    if entry is None:
        raise RuntimeError("built-in protocol 'handelingsgericht' not found")
    session = Session.new(
        entry.loaded.protocol,
        protocol_sha256=entry.loaded.sha256,
        created_at=datetime.now().astimezone(),
    )
    return SessionRunner(session, clock)


def measure(samples: int) -> tuple[dict[str, Track], list[float], float]:
    """The drift of the four countdowns, the speed the scaled clock showed per sample, and how
    long ``SessionRunner.start()`` took (it reads the clock near its end)."""
    rng = random.Random(SEED)
    real = _runner(SystemClock())
    scaled = _runner(ScaledClock(SPEED))
    budget = real.snapshot().remaining_seconds
    tracks = {name: Track() for name in (NAIVE, RUNNER, NAIVE_SCALED, SCALED)}
    speeds: list[float] = []

    scaled_origin = time.monotonic()
    scaled.start()
    origin = time.monotonic()
    real.start()
    start_took = time.monotonic() - origin
    naive = naive_scaled = budget

    for number in range(1, samples + 1):
        pause = rng.uniform(INTERVAL - JITTER, INTERVAL + JITTER)
        if number % STALL_EVERY == 0:
            pause += STALL
        time.sleep(pause)
        naive -= INTERVAL  # one tick, however late it came
        naive_scaled -= INTERVAL * SPEED
        # The reference is read just before each snapshot: snapshot() reads the clock first
        # and then spends ~0.1 ms building the phase views, which is not drift.
        now = time.monotonic()
        real_remaining = real.snapshot().remaining_seconds
        scaled_now = time.monotonic()
        scaled_remaining = scaled.snapshot().remaining_seconds
        tracks[NAIVE].add(budget, naive, now - origin)
        tracks[RUNNER].add(budget, real_remaining, now - origin)
        tracks[NAIVE_SCALED].add(budget, naive_scaled, SPEED * (now - origin))
        tracks[SCALED].add(budget, scaled_remaining, SPEED * (scaled_now - scaled_origin))
        speeds.append((budget - scaled_remaining) / (scaled_now - scaled_origin))
    return tracks, speeds, start_took


def run(rounds: int | None = None) -> Report:
    samples = rounds or SAMPLES
    started = time.monotonic()
    tracks, speeds, start_took = measure(samples)
    real_seconds = time.monotonic() - started

    absolute = {name: [abs(d) for d in track.drift] for name, track in tracks.items()}
    main = Comparison.from_samples(
        "|drift| per sample (elapsed implied by the countdown - real elapsed)",
        absolute,
        baseline=NAIVE,
        subject=RUNNER,
    )
    rehearsal = Comparison.from_samples(
        f"|drift| per sample at speed {SPEED:g}, in rehearsal seconds (- {SPEED:g} x real elapsed)",
        absolute,
        baseline=NAIVE_SCALED,
        subject=SCALED,
    )
    facts: dict[str, object] = {
        "samples": (
            f"{samples} over {real_seconds:.1f} s of real time; sleeps {INTERVAL * 1000:.0f}"
            f" ± {JITTER * 1000:.0f} ms, every {STALL_EVERY}th sample {STALL * 1000:.0f} ms"
            " longer"
        ),
    }
    for name, track in tracks.items():
        facts[f"{name}: max drift, final drift, growth"] = (
            f"{_signed(track.worst)}, {_signed(track.final)},"
            f" {_signed(track.rate * 60)} per minute of countdown ({track.rate * 100:+.2g} %)"
        )
    for name, track in tracks.items():
        facts[f"{name}: samples showing another MM:SS than the exact time"] = (
            f"{track.shown_wrong} of {len(track.drift)}"
        )
    facts["SessionRunner.start() took (it reads the clock near its end)"] = fmt(start_took)
    for c in (main, rehearsal):  # the ratio lines below print 0.00x
        facts[f"ratio of median |drift|, {c.subject_label} / {c.baseline_label}"] = (
            f"{c.median_ratio:.2g}x"
        )
    facts[f"ScaledClock({SPEED:g}): speed measured per sample"] = (
        f"min {min(speeds):.6f}, median {percentile(speeds, 50):.6f}, max {max(speeds):.6f},"
        f" final {speeds[-1]:.6f}"
    )
    return Report(name="timer_accuracy", title=TITLE, comparisons=[main, rehearsal], facts=facts)


def _signed(seconds: float) -> str:
    if math.isclose(seconds, 0.0, abs_tol=1e-12):
        return "0"
    return ("+" if seconds > 0 else "-") + fmt(abs(seconds))
