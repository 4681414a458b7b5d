"""How long from starting ``intervisie resume`` to a usable run screen, against a bare Textual app?

All run in a real terminal: a detached tmux session of 160x45 (a terminal on a beamer), started
fresh for every sample. The time runs from just before tmux is asked to start the command until
``tmux capture-pane`` first shows the finished screen:

- baseline: ``bench/bare_app.py``, a ``Digits("05:00")`` and a focused ``TextArea`` (the clock
  digits on screen);
- subject: ``intervisie --sessions-dir DIR resume PATH`` on a new ``handelingsgericht`` session
  (``Fase 1 van 7`` *and* the state line ``KLAAR``, drawn by the run screen's first tick, after
  the phase panel is built);
- for comparison with figures measured before issue 7: ``bench/bare_app.py --digits-only``, the
  earlier baseline without the ``TextArea``;
- the floor: ``bench/floor_app.py``, the bare app started after the engine has opened a session
  (its own) as ``resume`` does. Its ratio is the engine's share of the start-up, which no work on
  the screen can take away; what the goal leaves for the screen is the goal minus that ratio.

The screen is polled every few ms, so a time is late by at most one poll; every side pays the
same tmux start-up and polling. The session is killed after each sample and the next one waits
until the process has gone. Goal from issue 7: median ratio at most 1.5x, aim 1.3x.
``bench/startup_profile.py`` says where the time goes.
"""

from __future__ import annotations

from pathlib import Path

from bench import apps
from bench.common import Comparison, Report, fmt, percentile, run_interleaved
from bench.terminal import PYCACHE, Tmux, any_output

WIDTH, HEIGHT = 160, 45
TITLE = f"time to the first frame of the run screen, in a real terminal (tmux {WIDTH}x{HEIGHT})"
ROUNDS = 12
WARMUP = 2
GOAL_RATIO = 1.5
AIM_RATIO = 1.3


def run(rounds: int | None = None) -> Report:
    rounds = rounds or ROUNDS
    versions = {apps.version_name(name): src for name, src in apps.versions().items()}
    names = (apps.BASELINE, apps.SUBJECT, apps.DIGITS_ONLY, apps.FLOOR, *versions)
    first_output: dict[str, list[float]] = {name: [] for name in names}

    with apps.sessions_folder("startup-") as folder, Tmux(WIDTH, HEIGHT) as tmux:
        session_path = apps.new_session_file(folder)
        floor_session = apps.new_session_file(folder)  # its own: a session is locked while open
        # Each version its own session: a session stays locked until its program has gone.
        version_sessions = {name: apps.new_session_file(folder) for name in versions}

        def bare(name: str, command: list[str]):  # -> a case
            def case() -> float:
                pane = tmux.launch(command)
                try:
                    seen = pane.wait_for({"output": any_output, **apps.bare_ready()})
                finally:
                    pane.kill()
                first_output[name].append(seen["output"])
                return seen["clock"]

            return case

        def app(name: str, path: Path, src: Path | None):  # -> a case
            def case() -> float:
                pane = tmux.launch(apps.app_command(path, src))
                try:
                    seen = pane.wait_for({"output": any_output, **apps.app_ready()})
                finally:
                    pane.kill()
                first_output[name].append(seen["output"])
                return max(seen["phase"], seen["ready"])

            return case

        cases = {
            apps.BASELINE: bare(apps.BASELINE, apps.bare_command()),
            apps.SUBJECT: app(apps.SUBJECT, session_path, None),
            apps.DIGITS_ONLY: bare(apps.DIGITS_ONLY, apps.bare_command(digits_only=True)),
            apps.FLOOR: bare(apps.FLOOR, apps.floor_command(floor_session)),
        }
        for name, src in versions.items():
            cases[name] = app(name, version_sessions[name], src)
        samples = run_interleaved(cases, rounds, warmup=WARMUP, sample=lambda case: case())

    # The warm-up rounds appended too: keep the measured rounds only.
    for values in first_output.values():
        del values[:WARMUP]

    ready = Comparison.from_samples(
        f"launch to finished first screen (bare: digits 05:00; run screen:"
        f" {apps.FIRST_PHASE_TITLE!r} and {apps.READY_WORD!r})",
        samples,
        baseline=apps.BASELINE,
        subject=apps.SUBJECT,
    )
    earlier = Comparison.from_samples(
        "the same against the earlier baseline (Digits only, no TextArea)", samples,
        baseline=apps.DIGITS_ONLY, subject=apps.SUBJECT,
    )  # fmt: skip
    floor = Comparison.from_samples(
        "the floor: the bare app started after the engine has opened a session", samples,
        baseline=apps.BASELINE, subject=apps.FLOOR,
    )  # fmt: skip
    output = Comparison.from_samples(
        "launch to first output of any kind", first_output,
        baseline=apps.BASELINE, subject=apps.SUBJECT,
    )  # fmt: skip
    others = [
        Comparison.from_samples(
            "launch to finished first screen, another version",
            samples,
            baseline=apps.BASELINE,
            subject=name,
        )
        for name in versions
    ]
    base, subj = samples[apps.BASELINE], samples[apps.SUBJECT]
    p90_ratio = percentile(subj, 90) / percentile(base, 90)
    median = ready.median_ratio
    verdict = "met" if median <= GOAL_RATIO else "NOT met"
    aim = "reached" if median <= AIM_RATIO else "not reached"
    return Report(
        name="startup",
        title=TITLE,
        comparisons=[ready, earlier, floor, output, *others],
        facts={
            "terminal": f"tmux {WIDTH}x{HEIGHT}, detached, one fresh session per sample",
            "rounds": f"{rounds} per side after {WARMUP} warm-up rounds, interleaved",
            "bytecode cache": f"{PYCACHE} (PYTHONDONTWRITEBYTECODE dropped)",
            f"p90 {apps.BASELINE}": fmt(percentile(base, 90)),
            f"p90 {apps.SUBJECT}": fmt(percentile(subj, 90)),
            "p90 ratio": f"{p90_ratio:.2f}x",
            f"goal: median ratio <= {GOAL_RATIO}x": f"{verdict} ({median:.2f}x)",
            f"aim: median ratio <= {AIM_RATIO}x": f"{aim} ({median:.2f}x)",
            "the engine's share (floor / bare, median)": f"{floor.median_ratio:.2f}x",
            "the screen's share (meeting window / floor, median)": (
                f"{median / floor.median_ratio:.2f}x"
            ),
        },
    )
