"""How much CPU does the meeting window use while its clock runs, against a bare Textual app
counting down, and the beamer against the meeting window?

A laptop that drives a projector for an hour should not spin its fan for a clock. Everything runs
at the same time, each program in its own tmux session, so all share the same noise, at two
sizes: 160x45 (a terminal on a beamer, the size issue 7 sets its goal at) and 120x40:

- baseline: ``bench/bare_app.py``, a ``Digits`` redrawn at 1 Hz and a focused ``TextArea``;
- subject: the meeting window, ``intervisie resume`` on a ``handelingsgericht`` session at a phase
  with a text field, the clock running and the focus in that field (its cursor is steady, the
  baseline's blinks, Textual's default; autosave writes the file twice a second while the
  clock runs);
- beamer: ``intervisie beamer`` on the same sessions folder, following the running session
  (skipped, with a message, while the command does not exist).

Both clocks are started with F2; after a few seconds to settle, the CPU time of each process
(user + system, ``/proc/PID/stat``) is read at the start and the end of the window. The window is
cut into slices, read with ``/proc/PID/task/*/schedstat`` (nanoseconds, where ``/proc/PID/stat``
counts 10 ms ticks), to give a median and a bad case. Wake-ups (voluntary context switches) and
writes (terminal and files, ``/proc/PID/io``) say where the time goes.

Goals from issue 7: the meeting window at most 1.5x the bare app at 160x45; the beamer no more
than the meeting window. From the issue before: below 2 % of one core.

``INTERVISIE_BENCH_IDLE_SECONDS`` sets the window (default 60; e.g. 10 for a smoke run).
``--rounds N`` sets the number of slices (default 12); the window stays the same length.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench import apps
from bench.common import Comparison, Report
from bench.terminal import CLOCK_TICK as TICK
from bench.terminal import (
    Pane,
    TerminalError,
    Tmux,
    any_output,
    context_switches,
    cpu_ticks,
    io_counters,
    run_seconds_precise,
    shows_digits,
    shows_text,
)

SIZES = ((160, 45), (120, 40))
TITLE = "CPU while the clock runs (everything side by side in tmux, 160x45 and 120x40)"
WINDOW_SECONDS = 60.0
SLICES = 12
SETTLE_SECONDS = 3.0
GOAL_RATIO = 1.5
GOAL_PERCENT = 2.0
MAX_TABS = 12
# Letters no screen shows, typed to find the text field (see bench/keystroke.py).
PROBES = "αβγδεζηθικλμνξοπρστυφχψωАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


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


def label(name: str, size: tuple[int, int]) -> str:
    return f"{name} {size[0]}x{size[1]}"


def focus_text_field(pane: Pane, probes: Iterator[str]) -> int:
    """Tab until a typed letter shows on the screen; returns the number of Tabs needed."""
    for tabs in range(MAX_TABS + 1):
        letter = next(probes)
        pane.send("-l", letter)
        try:
            pane.wait_for({"echo": shows_text(letter)}, timeout=1.0)
            return tabs
        except TerminalError:
            pane.send("Tab")
    raise TerminalError(f"{pane.name}: no text field took typing after {MAX_TABS} Tabs")


def run(rounds: int | None = None) -> Report:
    slices = rounds or SLICES
    window = window_seconds()
    beamer_skipped = apps.beamer_missing()
    # The meeting window of the working tree, then other versions of it (apps.versions).
    sources: dict[str, Path | None] = {apps.SUBJECT: None}
    sources.update({apps.version_name(name): src for name, src in apps.versions().items()})
    kinds = [apps.BASELINE, *sources] + ([] if beamer_skipped else [apps.BEAMER])
    names = [label(kind, size) for size in SIZES for kind in kinds]
    readings: dict[str, list[Reading]] = {name: [] for name in names}
    screens: dict[str, tuple[str, str]] = {}
    tabs: dict[str, int] = {}
    probes = iter(PROBES)

    with ExitStack() as stack:
        tmux = stack.enter_context(Tmux(*SIZES[0]))
        # One session per meeting window (each takes its session's lock); the beamer follows
        # the working tree's.
        sessions: dict[str, Path] = {}
        for size in SIZES:
            for number, kind in enumerate(sources):
                prefix = f"idle_cpu-{size[0]}-{number}-"
                folder = stack.enter_context(apps.sessions_folder(prefix))
                sessions[label(kind, size)] = apps.session_at_text_field(folder)
        panes: dict[str, Pane] = {}
        # Registered last, so it runs first: no program is left writing into a deleted folder.
        stack.callback(lambda: [pane.kill() for pane in panes.values()])
        for size in SIZES:
            panes[label(apps.BASELINE, size)] = tmux.launch(apps.bare_command(), size=size)
            for kind, src in sources.items():
                command = apps.app_command(sessions[label(kind, size)], src)
                panes[label(kind, size)] = tmux.launch(command, size=size)
        for size in SIZES:
            panes[label(apps.BASELINE, size)].wait_for(apps.bare_ready())
            for kind in sources:
                panes[label(kind, size)].wait_for({"phase": shows_text(apps.TEXT_PHASE_TITLE)})
            for kind in (apps.BASELINE, *sources):
                panes[label(kind, size)].send(apps.START_KEY.upper())
            for kind in sources:
                running = {"running": shows_text(apps.RUNNING_WORD)}
                panes[label(kind, size)].wait_for(running, timeout=5)
            panes[label(apps.BASELINE, size)].wait_for({"counting": _counting}, timeout=5)
            for kind in (apps.BASELINE, *sources):
                tabs[label(kind, size)] = focus_text_field(panes[label(kind, size)], probes)
            if not beamer_skipped:
                folder = sessions[label(apps.SUBJECT, size)].parent
                beamer = tmux.launch(apps.beamer_command(folder), size=size)
                panes[label(apps.BEAMER, size)] = beamer
                beamer.wait_for({"output": any_output})
        time.sleep(SETTLE_SECONDS)

        first = {name: panes[name].capture() for name in names}
        start = time.perf_counter()
        for number in range(slices + 1):
            if number:
                time.sleep(max(0.0, start + window * number / slices - time.perf_counter()))
            order = names if number % 2 == 0 else names[::-1]
            for name in order:
                readings[name].append(Reading.of(panes[name].pid))
        screens = {name: (first[name], panes[name].capture()) for name in names}
        saved = {size: sessions[label(apps.SUBJECT, size)].stat().st_size for size in SIZES}

    for size in SIZES:
        for kind in sources:
            name = label(kind, size)
            if apps.RUNNING_WORD not in screens[name][1]:
                raise RuntimeError(
                    f"{name} no longer shows {apps.RUNNING_WORD}:\n{screens[name][1]}"
                )

    per_slice = {
        name: [
            100 * (b.precise - a.precise) / (b.at - a.at)
            for a, b in zip(readings[name], readings[name][1:], strict=False)
        ]
        for name in names
    }
    whole = {name: _whole(readings[name]) for name in names}

    comparisons = []
    facts: dict[str, object] = {
        "terminals": ", ".join(f"tmux {w}x{h}" for w, h in SIZES)
        + f"; {len(names)} programs at once, clocks started with {apps.START_KEY.upper()}",
        "window": f"{window:g} s after {SETTLE_SECONDS:g} s to settle, {slices} slices",
        "Tabs to reach a text field": ", ".join(f"{name} {n}" for name, n in tabs.items()),
    }
    if beamer_skipped:
        facts["beamer"] = beamer_skipped
    for size in SIZES:
        base, subj, beam = (
            label(kind, size) for kind in (apps.BASELINE, apps.SUBJECT, apps.BEAMER)
        )
        slice_label = f"CPU % of one core per {window / slices:.3g} s slice at {size[0]}x{size[1]}"
        for kind in sources:
            comparisons.append(
                Comparison.from_samples(
                    slice_label, per_slice, baseline=base, subject=label(kind, size), unit="%"
                )
            )
        if not beamer_skipped:
            beamer_slices = Comparison.from_samples(
                slice_label + ", beamer against meeting window",
                per_slice, baseline=subj, subject=beam, unit="%",
            )  # fmt: skip
            comparisons.append(beamer_slices)
        versions = [label(kind, size) for kind in sources if kind != apps.SUBJECT]
        for name in (base, subj, *versions, *([] if beamer_skipped else [beam])):
            figures = whole[name]
            facts[f"{name}: CPU over the window (/proc/PID/stat)"] = (
                f"{figures['cpu']:.2f} % of one core; {figures['wakeups']:.1f} context"
                f" switches/s, {figures['write_calls']:.1f} write calls/s,"
                f" {figures['written'] / 1024:.1f} kB/s written (terminal + files)"
            )
        for kind in sources:
            ratio = _ratio(whole[label(kind, size)]["cpu"], whole[base]["cpu"])
            facts[f"ratio {kind} / bare app over the window, {size[0]}x{size[1]}"] = (
                f"{ratio:.2f}x"
            )
        if not beamer_skipped:
            beamer_ratio = _ratio(whole[beam]["cpu"], whole[subj]["cpu"])
            facts[f"ratio beamer / meeting window over the window, {size[0]}x{size[1]}"] = (
                f"{beamer_ratio:.2f}x; its screen changed during the window:"
                f" {'yes' if screens[beam][0] != screens[beam][1] else 'NO'}"
            )
        facts[f"session file size at {size[0]}x{size[1]} (rewritten by each autosave)"] = (
            f"{saved[size] / 1024:.1f} kB"
        )
    goal_size = SIZES[0]
    subj, base = label(apps.SUBJECT, goal_size), label(apps.BASELINE, goal_size)
    ratio = _ratio(whole[subj]["cpu"], whole[base]["cpu"])
    facts[f"goal: ratio <= {GOAL_RATIO}x at {goal_size[0]}x{goal_size[1]}"] = (
        f"{'met' if ratio <= GOAL_RATIO else 'NOT met'} ({ratio:.2f}x)"
    )
    facts[f"goal: below {GOAL_PERCENT:g} % of one core at {goal_size[0]}x{goal_size[1]}"] = (
        f"{'met' if whole[subj]['cpu'] < GOAL_PERCENT else 'NOT met'}"
        f" ({whole[subj]['cpu']:.2f} %)"
    )
    if not beamer_skipped:
        beam = label(apps.BEAMER, goal_size)
        beamer_ratio = _ratio(whole[beam]["cpu"], whole[subj]["cpu"])
        facts["goal: beamer no costlier than the meeting window"] = (
            f"{'met' if beamer_ratio <= 1.0 else 'NOT met'} ({beamer_ratio:.2f}x)"
        )
    return Report(name="idle_cpu", title=TITLE, comparisons=comparisons, facts=facts)


_READY_DIGITS = shows_digits("05:00")


def _counting(screen: str) -> bool:
    return not _READY_DIGITS(screen)


def _whole(readings: list[Reading]) -> dict[str, float]:
    first, last = readings[0], readings[-1]
    seconds = last.at - first.at
    return {
        "cpu": 100 * (last.ticks - first.ticks) * TICK / seconds,
        "wakeups": (last.switches - first.switches) / seconds,
        "written": (last.written - first.written) / seconds,
        "write_calls": (last.write_calls - first.write_calls) / seconds,
    }


def _ratio(subject: float, baseline: float) -> float:
    return subject / baseline if baseline else float("inf")
