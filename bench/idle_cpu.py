"""How much CPU does a running countdown cost, against a bare Textual app counting down?

A laptop that drives a projector for an hour should not spin its fan for a clock. Both programs
run at the same time, each in its own tmux session of 80x24, so they share the same noise:

- baseline: ``bench/bare_app.py``, one ``Digits`` redrawn from ``set_interval(1, ...)``;
- subject: ``intervisie resume`` on a new ``handelingsgericht`` session, on the run screen
  (redraw check every 0.25 s, autosave about once a second while the clock runs).

Both countdowns are started with ``space``; after a few seconds to settle, the CPU time of each
process (user + system, ``/proc/PID/stat``) is read at the start and the end of the window. The
window is cut into slices, read with ``/proc/PID/task/*/schedstat`` (nanoseconds, where
``/proc/PID/stat`` counts 10 ms ticks), to give a median and a bad case. Wake-ups (voluntary
context switches) and writes (terminal and files, ``/proc/PID/io``) say where the time goes.

Goals from the issue: at most 1.5x the bare app, and below 2% of one core.

``INTERVISIE_BENCH_IDLE_SECONDS`` sets the window (default 60; e.g. 10 for a smoke run).
``--rounds N`` sets the number of slices (default 12); the window stays the same length.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from bench import apps
from bench.common import Comparison, Report
from bench.terminal import CLOCK_TICK as TICK
from bench.terminal import (
    HEIGHT,
    WIDTH,
    Pane,
    Tmux,
    context_switches,
    cpu_ticks,
    io_counters,
    run_seconds_precise,
    shows_digits,
    shows_text,
)

TITLE = "CPU used by a running countdown (both apps side by side in tmux 80x24)"
WINDOW_SECONDS = 60.0
SLICES = 12
SETTLE_SECONDS = 3.0
GOAL_RATIO = 1.5
GOAL_PERCENT = 2.0


@dataclass(frozen=True)
class Reading:
    at: float
    ticks: int
    precise: float
    switches: int
    written: int
    write_calls: int

    @classmethod
    def of(cls, pid: int) -> Reading:
        io = io_counters(pid)
        return cls(
            at=time.perf_counter(),
            ticks=cpu_ticks(pid),
            precise=run_seconds_precise(pid),
            switches=context_switches(pid),
            written=io["wchar"],
            write_calls=io["syscw"],
        )


def window_seconds() -> float:
    value = os.environ.get("INTERVISIE_BENCH_IDLE_SECONDS")
    seconds = float(value) if value else WINDOW_SECONDS
    if seconds <= 0:
        raise ValueError("INTERVISIE_BENCH_IDLE_SECONDS must be positive")
    return seconds


def run(rounds: int | None = None) -> Report:
    slices = rounds or SLICES
    window = window_seconds()
    names = (apps.BASELINE, apps.SUBJECT)
    readings: dict[str, list[Reading]] = {name: [] for name in names}

    with apps.sessions_folder("idle_cpu-") as folder, Tmux() as tmux:
        session_path = apps.new_session_file(folder)
        panes: dict[str, Pane] = {}
        try:
            panes[apps.BASELINE] = tmux.launch(apps.bare_command())
            panes[apps.SUBJECT] = tmux.launch(apps.app_command(session_path))
            panes[apps.BASELINE].wait_for(apps.bare_ready())
            panes[apps.SUBJECT].wait_for(apps.app_ready())
            for pane in panes.values():
                pane.send("Space")
            still_ready = shows_digits("05:00")
            panes[apps.BASELINE].wait_for({"counting": lambda s: not still_ready(s)}, timeout=5)
            panes[apps.SUBJECT].wait_for({"counting": shows_text("LOOPT")}, timeout=5)
            time.sleep(SETTLE_SECONDS)

            start = time.perf_counter()
            for number in range(slices + 1):
                if number:
                    time.sleep(max(0.0, start + window * number / slices - time.perf_counter()))
                order = names if number % 2 == 0 else names[::-1]
                for name in order:
                    readings[name].append(Reading.of(panes[name].pid))
            screens = {name: pane.capture() for name, pane in panes.items()}
            app_running = "LOOPT" in screens[apps.SUBJECT]
        finally:
            for pane in panes.values():
                pane.kill()
        saved = session_path.stat().st_size

    if not app_running:
        raise RuntimeError(f"the run screen no longer shows LOOPT:\n{screens[apps.SUBJECT]}")

    per_slice = {
        name: [
            100 * (b.precise - a.precise) / (b.at - a.at)
            for a, b in zip(readings[name], readings[name][1:], strict=False)
        ]
        for name in names
    }
    slices_cmp = Comparison.from_samples(
        f"CPU % of one core per {window / slices:.3g} s slice (schedstat, live threads)",
        per_slice,
        baseline=apps.BASELINE,
        subject=apps.SUBJECT,
        unit="%",
    )

    def whole(name: str) -> dict[str, float]:
        first, last = readings[name][0], readings[name][-1]
        seconds = last.at - first.at
        return {
            "cpu": 100 * (last.ticks - first.ticks) * TICK / seconds,
            "wakeups": (last.switches - first.switches) / seconds,
            "written": (last.written - first.written) / seconds,
            "write_calls": (last.write_calls - first.write_calls) / seconds,
        }

    base, subj = whole(apps.BASELINE), whole(apps.SUBJECT)
    ratio = subj["cpu"] / base["cpu"] if base["cpu"] else float("inf")
    verdict_ratio = "met" if ratio <= GOAL_RATIO else "NOT met"
    verdict_percent = "met" if subj["cpu"] < GOAL_PERCENT else "NOT met"
    facts: dict[str, object] = {
        "terminal": f"tmux {WIDTH}x{HEIGHT}, both apps at once, countdowns started with space",
        "window": f"{window:g} s after {SETTLE_SECONDS:g} s to settle, {slices} slices",
    }
    for name, figures in ((apps.BASELINE, base), (apps.SUBJECT, subj)):
        facts[f"{name}: CPU over the window (/proc/PID/stat user+sys)"] = (
            f"{figures['cpu']:.2f} % of one core"
        )
    facts["ratio CPU over the window"] = f"{ratio:.2f}x"
    for name, figures in ((apps.BASELINE, base), (apps.SUBJECT, subj)):
        facts[f"{name}: wake-ups, writes"] = (
            f"{figures['wakeups']:.1f} context switches/s, {figures['write_calls']:.1f} write"
            f" calls/s, {figures['written'] / 1024:.1f} kB/s written (terminal + files)"
        )
    facts["session file size (rewritten by each autosave)"] = f"{saved / 1024:.1f} kB"
    facts[f"goal: ratio <= {GOAL_RATIO}x"] = f"{verdict_ratio} ({ratio:.2f}x)"
    facts[f"goal: below {GOAL_PERCENT:g} % of one core"] = (
        f"{verdict_percent} ({subj['cpu']:.2f} %)"
    )
    return Report(name="idle_cpu", title=TITLE, comparisons=[slices_cmp], facts=facts)
