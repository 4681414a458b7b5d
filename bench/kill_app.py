"""``kill -9`` of the real meeting window at random moments: how much typing and clock is lost.

Each round opens a fresh ``handelingsgericht`` session at a phase with a text field in the
meeting window (``intervisie resume``, on its own pty of 160x45, see ``bench/pty_term.py``),
starts the clock with F2, finds the text field, waits until what the search for it typed is
surely saved, and then types a new letter every 30-150 ms (seeded) until a random moment
0.3-2.5 s later, when the whole process group gets SIGKILL. The session file it leaves must be
whole JSON, and then:

- typing lost: the moment of the kill minus the moment the oldest letter missing from the file
  was written to the pty (0 when every letter made it);
- clock lost: the running time at the kill (the running time the file recorded when F2 was
  pressed, plus the wall time since) minus the running time in the file.

The promise is at most a second of each. Unlike the other benchmarks there is no baseline:
the figures are absolute, the worst over all rounds. ``tests/engine/test_autosave_kill.py``
does the same in the default test run with a small driver instead of the whole app.

Run with ``python -m bench.kill_app [--rounds N]`` (default 100, about seven minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import time
from datetime import datetime
from pathlib import Path

from bench import apps
from bench.common import Report
from bench.keystroke import Typist, focus_text_field
from bench.pty_term import Ptys

TITLE = "kill -9 of the meeting window while the clock runs and the note-taker types"
WIDTH, HEIGHT = 160, 45
ROUNDS = 100
SEED = 20261202
GAP_SECONDS = (0.03, 0.15)
RUN_SECONDS = (0.3, 2.5)
SETTLED_SECONDS = 1.5  # the letters typed while looking for the field are saved by then
PROMISE_SECONDS = 1.0


def one_kill(ptys: Ptys, folder: Path, rng: random.Random) -> tuple[float, float, int]:
    """(typing lost, clock lost, letters typed) of one kill."""
    session_path = apps.session_at_text_field(folder)
    program = ptys.launch(apps.app_command(session_path), width=WIDTH, height=HEIGHT)
    program.wait_for_text(apps.TEXT_PHASE_TITLE)
    program.send(apps.START_KEY_BYTES)
    program.wait_for_text(apps.RUNNING_WORD, timeout=5)
    typist = Typist()
    focus_text_field(program, typist)
    ptys.sleep(SETTLED_SECONDS)
    typed: list[tuple[str, float]] = []
    kill_at = time.time() + rng.uniform(*RUN_SECONDS)
    while time.time() < kill_at:
        letter = typist.next(program)
        typed.append((letter, time.time()))
        program.send(letter)
        ptys.sleep(min(rng.uniform(*GAP_SECONDS), max(0.0, kill_at - time.time())))
    os.killpg(program.pid, signal.SIGKILL)
    killed = time.time()
    program.process.wait()
    program.stop()

    saved = json.loads(session_path.read_bytes())  # whole JSON, or this raises
    phase = next(p for p in saved["phases"] if p["id"] == apps.TEXT_PHASE_ID)
    text = phase["answers"].get(apps.TEXT_FIELD_ID) or ""
    kept = 0
    while kept < len(typed) and typed[kept][0] in text:
        kept += 1
    typing = killed - typed[kept][1] if kept < len(typed) else 0.0
    started = [e for e in saved["events"] if e["kind"] in ("start", "resume")][-1]
    since = killed - datetime.fromisoformat(started["at"]).timestamp()
    running = started["elapsed_seconds"] + since
    clock = running - sum(p["actual_seconds"] for p in saved["phases"])
    for leftover in folder.iterdir():
        leftover.unlink()
    return typing, clock, len(typed)


def run(rounds: int | None = None) -> Report:
    rounds = rounds or ROUNDS
    rng = random.Random(SEED)
    losses = []
    with apps.sessions_folder("kill_app-") as folder, Ptys() as ptys:
        for _ in range(rounds):
            losses.append(one_kill(ptys, folder, rng))
    typing = [loss[0] for loss in losses]
    clock = [loss[1] for loss in losses]
    kept = all(t <= PROMISE_SECONDS for t in typing) and all(c <= PROMISE_SECONDS for c in clock)
    facts = {
        "kills": rounds,
        "letters typed": sum(loss[2] for loss in losses),
        "typing lost, worst": f"{max(typing):.3f} s",
        "typing lost, median": f"{statistics.median(typing):.3f} s",
        "clock lost, worst": f"{max(clock):.3f} s",
        "clock lost, median": f"{statistics.median(clock):.3f} s",
        f"promise: at most {PROMISE_SECONDS:g} s of each": "kept" if kept else "NOT kept",
    }
    return Report(name="kill_app", title=TITLE, facts=facts)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.kill_app", description=__doc__)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="number of kills")
    args = parser.parse_args()
    started = time.perf_counter()
    report = run(args.rounds)
    report.seconds = time.perf_counter() - started
    print(report.render())
    print(f"  results: {report.write()}")


if __name__ == "__main__":
    main()
