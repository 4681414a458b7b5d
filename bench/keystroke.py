"""From a keystroke in a note field to its echo on screen, while the clock runs and autosave writes.

The note-taker types during the whole meeting; a field that lags behind the fingers is the first
thing anyone notices. Both programs run at the same time on ptys of 160x45 held by the benchmark
(``bench/pty_term.py``: no tmux between, so a few milliseconds are not lost in a capture):

- baseline: ``bench/bare_app.py``, its ``Digits`` counting down at 1 Hz, its ``TextArea`` focused;
- subject: the meeting window (``intervisie resume``) on a ``handelingsgericht`` session at a
  phase with a text field, the clock running, the focus in that field. While the clock runs the
  session file is saved twice a second, and typing schedules a save of its own.

Both clocks are started with F2. The focus is found by probing: a character is typed and, if it
does not come back, Tab moves on (at most a dozen times). Then, interleaved, one character at a
time after a pause like a typist's (seeded, 100-250 ms): the time from writing it to the pty
until its bytes first appear in the program's output. Every character typed into a program is
a Greek or Cyrillic letter not typed into it before, which nothing else on its screen shows, so
an echo cannot be mistaken for a redraw. At the end the session file must hold the typed text:
autosave did write while typing.

Goal from issue 7: median ratio at most 1.2x.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from bench import apps
from bench.common import Comparison, Report, percentile, run_interleaved
from bench.pty_term import PtyError, PtyProgram, Ptys, plain_text
from bench.terminal import digit_rows, io_counters

TITLE = "keystroke to echo in a note field, clock running, autosave writing (pty 160x45)"
WIDTH, HEIGHT = 160, 45
ROUNDS = 60
WARMUP = 5
GAP_SECONDS = (0.100, 0.250)
SEED = 20261201
MAX_TABS = 12
PROBE_TIMEOUT = 1.0
GOAL_RATIO = 1.2

# Letters no screen of either program shows: Greek and Cyrillic, lower and upper case.
LETTERS = [
    chr(c)
    for block in ((0x3B1, 0x3C9), (0x391, 0x3A9), (0x430, 0x44F), (0x410, 0x42F))
    for c in range(block[0], block[1] + 1)
    if c not in (0x3A2, 0x3C2)  # no such capital; final sigma
]


class Typist:
    """Hands out, per program, letters not typed into that program before."""

    def __init__(self) -> None:
        self._letters: dict[int, Iterator[str]] = {}
        self.typed: dict[int, list[str]] = {}

    def next(self, program: PtyProgram) -> str:
        letters = self._letters.setdefault(program.pid, iter(LETTERS))
        try:
            letter = next(letters)
        except StopIteration:
            raise RuntimeError(f"more keystrokes than {len(LETTERS)} letters") from None
        self.typed.setdefault(program.pid, []).append(letter)
        return letter

    def echo_time(self, program: PtyProgram, timeout: float) -> float:
        """Type one new letter; seconds until it appears in the program's output."""
        letter = self.next(program)
        encoded = letter.encode()
        mark = len(program.output)
        sent = program.send(encoded)
        seen = program.wait_for(lambda data: encoded in data, since=mark, timeout=timeout)
        return seen - sent


def focus_text_field(program: PtyProgram, typist: Typist) -> int:
    """Tab until a typed letter comes back; returns the number of Tabs needed."""
    for tabs in range(MAX_TABS + 1):
        try:
            typist.echo_time(program, PROBE_TIMEOUT)
            return tabs
        except PtyError:
            if program.process.poll() is not None:
                raise
            typist.typed[program.pid].pop()  # no field took it
        program.send("\t")
        program.ptys.sleep(0.1)
    raise RuntimeError(f"{program.argv[0]}: no text field took typing after {MAX_TABS} Tabs")


def run(rounds: int | None = None) -> Report:
    rounds = rounds or ROUNDS
    rng = random.Random(SEED)
    typist = Typist()
    sources: dict[str, Path | None] = {apps.SUBJECT: None}
    sources.update({apps.version_name(name): src for name, src in apps.versions().items()})
    names = (apps.BASELINE, *sources)
    with ExitStack() as stack:
        # One session per meeting window (each takes its session's lock); the folders are
        # entered first, so they go after the programs.
        session_paths = {
            name: apps.session_at_text_field(
                stack.enter_context(apps.sessions_folder(f"keystroke-{number}-"))
            )
            for number, name in enumerate(sources)
        }
        ptys = stack.enter_context(Ptys())
        programs = {apps.BASELINE: ptys.launch(apps.bare_command(), width=WIDTH, height=HEIGHT)}
        for name, src in sources.items():
            command = apps.app_command(session_paths[name], src)
            programs[name] = ptys.launch(command, width=WIDTH, height=HEIGHT)
        programs[apps.BASELINE].wait_for(_shows_bare_clock)
        for name in sources:
            programs[name].wait_for_text(apps.TEXT_PHASE_TITLE)
        ptys.sleep(0.5)
        for program in programs.values():
            program.send(apps.START_KEY_BYTES)
        for name in sources:
            programs[name].wait_for_text(apps.RUNNING_WORD, timeout=5)
        tabs = {name: focus_text_field(program, typist) for name, program in programs.items()}
        ptys.sleep(1.0)

        io_before = {name: io_counters(p.pid) for name, p in programs.items()}
        started = time.perf_counter()

        def case(name: str):
            def one() -> float:
                ptys.sleep(rng.uniform(*GAP_SECONDS))
                return typist.echo_time(programs[name], timeout=5.0)

            return one

        samples = run_interleaved(
            {name: case(name) for name in names},
            rounds,
            warmup=WARMUP,
            sample=lambda one: one(),
        )
        seconds = time.perf_counter() - started
        io_after = {name: io_counters(p.pid) for name, p in programs.items()}
        ptys.sleep(2.0)  # one autosave delay and a margin
        for name, path in session_paths.items():
            typed = "".join(typist.typed[programs[name].pid])
            saved_text = _saved_answer(path)
            if typed not in saved_text:
                raise RuntimeError(
                    f"{name}: the session file does not hold the typed text {typed!r};"
                    f" it holds {saved_text!r}"
                )

    comparison, *others = (
        Comparison.from_samples(
            "write of a letter to the pty until its bytes come back",
            samples,
            baseline=apps.BASELINE,
            subject=name,
        )
        for name in sources
    )
    base, subj = samples[apps.BASELINE], samples[apps.SUBJECT]
    p90 = percentile(subj, 90) / percentile(base, 90)
    verdict = "met" if comparison.median_ratio <= GOAL_RATIO else "NOT met"
    facts: dict[str, object] = {
        "terminal": f"own pty {WIDTH}x{HEIGHT} per program, both running at once",
        "rounds": f"{rounds} per side after {WARMUP} warm-up rounds, interleaved,"
        f" {GAP_SECONDS[0] * 1000:.0f}-{GAP_SECONDS[1] * 1000:.0f} ms between keys",
        "Tabs to reach a text field": ", ".join(f"{name} {n}" for name, n in tabs.items()),
        "p90 ratio": f"{p90:.2f}x",
    }
    for other in others:
        facts[f"{other.subject_label}: median ratio"] = f"{other.median_ratio:.2f}x"
    for name in names:
        before, after = io_before[name], io_after[name]
        facts[f"{name}: writes while typing"] = (
            f"{(after['syscw'] - before['syscw']) / seconds:.1f} write calls/s,"
            f" {(after['wchar'] - before['wchar']) / seconds / 1024:.1f} kB/s"
            " (terminal + session file)"
        )
    facts["session file holds the typed text (autosave wrote it)"] = "yes"
    facts[f"goal: median ratio <= {GOAL_RATIO}x"] = f"{verdict} ({comparison.median_ratio:.2f}x)"
    return Report(
        name="keystroke", title=TITLE, comparisons=[comparison, *others], facts=facts
    )


def _shows_bare_clock(data: bytes) -> bool:
    text = plain_text(data)
    return all(row in text for row in digit_rows("05:00"))


def _saved_answer(path: Path) -> str:
    """The saved phase records, answers and all, as one string to look for the typed text in
    (the benchmark does not depend on how an answer is stored)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(data.get("phases", data), ensure_ascii=False)
