"""``kill -9`` at random moments loses at most a second of typing and of running clock.

Each run starts a real Python process that drives a ``SessionRunner`` and an ``AutoSaver`` on
the real clock the way the run screen does (a redraw when the displayed second changes, a
debounce timer started by the first unsaved keystroke) while it "types" a character every few
hundredths of a second, and reports each keystroke's moment on stdout. The test kills it with
SIGKILL at a random moment and compares the file with what happened before the kill:

- typing lost: the moment of the kill minus the moment of the oldest keystroke not in the file;
- clock lost: the running time at the kill minus the running time in the file.

20 kills by default (about 30 s); ``INTERVISIE_KILLS=100`` for the long run. The worst figures
are printed (``pytest -s``) and asserted to be at most a second.
"""

from __future__ import annotations

import json
import os
import random
import selectors
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.builders import REPO_ROOT

KILLS = int(os.environ.get("INTERVISIE_KILLS", "20"))
GUARANTEE_SECONDS = 1.0

CHILD = r"""
import asyncio, random, sys, time
from pathlib import Path
from intervisie_tui.engine.autosave import AutoSaver
from intervisie_tui.engine.clock import SystemClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.store import create_session_file
from tests.builders import make_protocol, make_session

clock = SystemClock()
protocol = make_protocol(minutes=[30, 30])
file = create_session_file(Path(sys.argv[1]), make_session(protocol))
session = file.session
runner = SessionRunner(session, clock)
saver = AutoSaver(runner, file)
rng = random.Random(int(sys.argv[2]))


async def main():
    loop = asyncio.get_running_loop()
    debounce = None

    def save_typing():
        nonlocal debounce
        debounce = None
        saver.poll()

    def tick():
        # RunScreen.tick: redraw, poll, wake when the displayed second changes.
        snapshot = runner.snapshot()
        saver.poll()
        until_change = snapshot.remaining_seconds % 1.0 or 1.0
        loop.call_later(min(1.0, until_change + 0.005), tick)

    runner.start()
    saver.flush()
    print("start", clock.monotonic(), flush=True)
    tick()
    typed = 0
    while True:
        await asyncio.sleep(rng.uniform(0.02, 0.15))
        typed += 1
        at = time.monotonic()
        session.case.help_question = "x" * typed
        print("key", typed, at, flush=True)
        saver.changed()
        if debounce is None:
            debounce = loop.call_later(saver.delay, save_typing)


asyncio.run(main())
"""


@dataclass(frozen=True)
class Loss:
    typing: float
    clock: float
    keystrokes: int


def one_kill(folder: Path, seed: int) -> Loss:
    folder.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(seed)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        first = child.stdout.readline().split()
        assert first and first[0] == "start", child.stderr.read() if child.stderr else ""
        started = float(first[1])
        killed_at = time.monotonic() + random.Random(seed).uniform(0.2, 2.2)
        lines = _read_until(child, killed_at)
        killed_at = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(10)
    lines += child.stdout.read().splitlines()
    keys = [float(line.split()[2]) for line in lines if line.startswith("key ")]
    [path] = folder.glob("*.json")
    saved = json.loads(path.read_bytes())  # whole JSON, whatever the moment of the kill
    on_disk = len(saved["case"]["help_question"])
    unsaved = [at for at in keys[on_disk:] if at < killed_at]
    typing = killed_at - unsaved[0] if unsaved else 0.0
    clock = (killed_at - started) - saved["phases"][0]["actual_seconds"]
    return Loss(typing, clock, len(keys))


def _read_until(child: subprocess.Popen[str], deadline: float) -> list[str]:
    """The child's lines until ``deadline``, read as they come (the pipe never fills up)."""
    assert child.stdout is not None
    lines = []
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if selector.select(left):
                line = child.stdout.readline()
                if not line:
                    break
                lines.append(line)
    return lines


def test_kill_9_at_random_moments_loses_at_most_a_second(tmp_path: Path) -> None:
    seeds = [random.randrange(1 << 30) for _ in range(KILLS)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        losses = list(
            pool.map(lambda pair: one_kill(tmp_path / f"kill-{pair[0]}", pair[1]), enumerate(seeds))
        )
    worst_typing = max(loss.typing for loss in losses)
    worst_clock = max(loss.clock for loss in losses)
    print(
        f"\n{KILLS} kills: worst typing lost {worst_typing:.3f} s, worst clock lost "
        f"{worst_clock:.3f} s, {sum(loss.keystrokes for loss in losses)} keystrokes"
    )
    assert all(loss.keystrokes > 0 for loss in losses)
    assert worst_typing <= GUARANTEE_SECONDS, losses
    assert worst_clock <= GUARANTEE_SECONDS, losses
