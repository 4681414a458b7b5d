"""How long from starting ``intervisie resume`` to a usable run screen, against a bare Textual app?

Both run in a real terminal: a detached tmux session of 80x24, started fresh for every sample.
The time runs from just before tmux is asked to start the command until ``tmux capture-pane``
first shows the finished screen:

- baseline: ``bench/bare_app.py``, one ``Digits("05:00")`` (the clock digits on screen);
- subject: ``intervisie --sessions-dir DIR resume PATH`` on a new ``handelingsgericht`` session
  (the clock digits 05:00 *and* the state line ``KLAAR``, both drawn by the run screen's first
  tick, after the phase panel is built).

The screen is polled every few ms, so a time is late by at most one poll; both sides pay the
same tmux start-up and polling. The session is killed after each sample and the next one waits
until the process has gone. Goal from the issue: the median ratio at most 1.3x.
"""

from __future__ import annotations

from bench import apps
from bench.common import Comparison, Report, fmt, percentile, run_interleaved
from bench.terminal import HEIGHT, PYCACHE, WIDTH, Tmux, any_output

TITLE = "time to the first frame of the run screen, in a real terminal (tmux 80x24)"
ROUNDS = 12
WARMUP = 2
GOAL_RATIO = 1.3


def run(rounds: int | None = None) -> Report:
    rounds = rounds or ROUNDS
    first_output: dict[str, list[float]] = {apps.BASELINE: [], apps.SUBJECT: []}
    phase_title: list[float] = []

    with apps.sessions_folder("startup-") as folder, Tmux() as tmux:
        session_path = apps.new_session_file(folder)

        def bare() -> float:
            pane = tmux.launch(apps.bare_command())
            try:
                seen = pane.wait_for({"output": any_output, **apps.bare_ready()})
            finally:
                pane.kill()
            first_output[apps.BASELINE].append(seen["output"])
            return seen["clock"]

        def app() -> float:
            pane = tmux.launch(apps.app_command(session_path))
            try:
                seen = pane.wait_for(
                    {"output": any_output, "title": _phase_title, **apps.app_ready()}
                )
            finally:
                pane.kill()
            first_output[apps.SUBJECT].append(seen["output"])
            phase_title.append(seen["title"])
            return max(seen["clock"], seen["ready"])

        samples = run_interleaved(
            {apps.BASELINE: bare, apps.SUBJECT: app},
            rounds,
            warmup=WARMUP,
            sample=lambda case: case(),
        )

    # The warm-up rounds appended too: keep the measured rounds only.
    for values in first_output.values():
        del values[:WARMUP]
    del phase_title[:WARMUP]

    ready = Comparison.from_samples(
        "launch to finished first screen (clock 05:00; run screen also KLAAR)",
        samples,
        baseline=apps.BASELINE,
        subject=apps.SUBJECT,
    )
    output = Comparison.from_samples(
        "launch to first output of any kind", first_output,
        baseline=apps.BASELINE, subject=apps.SUBJECT,
    )  # fmt: skip
    base, subj = samples[apps.BASELINE], samples[apps.SUBJECT]
    p90_ratio = percentile(subj, 90) / percentile(base, 90)
    verdict = "met" if ready.median_ratio <= GOAL_RATIO else "NOT met"
    return Report(
        name="startup",
        title=TITLE,
        comparisons=[ready, output],
        facts={
            "terminal": f"tmux {WIDTH}x{HEIGHT}, detached, one fresh session per sample",
            "rounds": f"{rounds} per side after {WARMUP} warm-up rounds, interleaved",
            "bytecode cache": f"{PYCACHE} (PYTHONDONTWRITEBYTECODE dropped)",
            f"p90 {apps.BASELINE}": fmt(percentile(base, 90)),
            f"p90 {apps.SUBJECT}": fmt(percentile(subj, 90)),
            "p90 ratio": f"{p90_ratio:.2f}x",
            "run screen: 'Fase 1 van 7' first seen, median": fmt(_median(phase_title)),
            f"goal: median ratio <= {GOAL_RATIO}x": f"{verdict} ({ready.median_ratio:.2f}x)",
        },
    )


def _phase_title(screen: str) -> bool:
    return "Fase 1 van 7" in screen


def _median(values: list[float]) -> float:
    return percentile(values, 50)
