"""How fast does ``intervisie sessions`` list a folder of 5,000 sessions?

The subject is the real command, started as a subprocess exactly as a teacher would:
``intervisie --sessions-dir DIR sessions`` (every session validated, a table of 5,000 rows on
stdout). The baseline is the least any listing must do without an index: a ``python -c`` that
``json.load``s every ``*.json`` file in the folder and nothing else (no validation, no output).
Both start a fresh interpreter, so both pay Python's start-up.

Two comparisons:

- **warm**: the folder's index (``.intervisie-index.json``, see ``engine/listing.py``) is up to
  date, as it is from the second listing on: only a ``stat`` per file and one read of the index;
- **cold**: the index is deleted before every run, so every file is read and validated with
  pydantic and the index is written anew — the first listing of a folder, or the first after
  the program was updated.

The sessions are generated once through the engine (``Session.new``, a ``SessionRunner`` driven
by a ``FakeClock`` through every phase of the five shipped protocols, answers of every field
type, agreements with evaluation dates, ``store.create_session_file``) and cached in
``bench/results/list_sessions-data/``; generating is not timed. Files are ~20 kB each, mostly the
protocol copy every session carries.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import (
    RESULTS_DIR,
    Comparison,
    Report,
    fmt_bytes,
    returned_value,
    run_interleaved,
)

TITLE = "listing 5,000 sessions: `intervisie sessions` against json.load of every file"
COUNT = 5_000
ROUNDS = 8
COLD_ROUNDS = 3
SEED = 20261123
GENERATOR_VERSION = 1
DATA_DIR = RESULTS_DIR / "list_sessions-data"
VENV_BIN = Path(sys.executable).parent

BASELINE = (
    "import json, os, sys\n"
    "d = sys.argv[1]\n"
    "for n in os.listdir(d):\n"
    "    if n.endswith('.json') and not n.startswith('.'):\n"
    "        with open(os.path.join(d, n), 'rb') as f:\n"
    "            json.load(f)\n"
)

_NAMES = (
    "Anouk",
    "Bas",
    "Chantal",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Ilse",
    "Joost",
    "Karin",
    "Lotte",
    "Mehmet",
    "Noor",
    "Pieter",
    "Sanne",
)
_VOCABULARY = (
    "de het een en van in op met voor niet is dat zij hij ze leerling leerkracht groep klas "
    "ouders collega instructie aandacht rekenen lezen spelling taak werkhouding kring pauze "
    "plein gedrag concentratie zelfstandig werken afspraak doel stap succes feedback samen "
    "vraag antwoord week ochtend middag moment situatie gaat goed lukt beter vaker soms "
    "rustig onrustig begeleiding observatie onderwijsbehoefte haalbaar concreet evalueren "
    "oefenen herhalen belonen compliment tafels planbord koptelefoon time-timer maatje"
)
_WORDS = _VOCABULARY.split()


def child_env() -> dict[str, str]:
    """The environment for the timed subprocesses.

    ``PYTHONDONTWRITEBYTECODE`` is dropped: with it, Python recompiles the program's own modules
    on every start, while pydantic and rich (compiled by pip at install) are not; an installed
    program caches its bytecode, so that is what is measured. Warm-up rounds write the cache.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("INTERVISIE_SESSIONS_DIR", None)
    env["COLUMNS"] = "120"
    return env


def intervisie_command() -> list[str]:
    script = VENV_BIN / "intervisie"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "intervisie_tui"]


# -- generating sessions -------------------------------------------------------------------------


def _sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(low, high))).capitalize() + "."


def _text(rng: random.Random, sentences: tuple[int, int]) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _answer(rng: random.Random, spec: Any) -> Any:
    from intervisie_tui.engine.protocol import FieldType

    if spec.type is FieldType.TEXT:
        return _text(rng, (1, 6))
    if spec.type is FieldType.LIST:
        return [_sentence(rng, 4, 12) for _ in range(rng.randint(2, 6))]
    if spec.type is FieldType.SCALE:
        low, high = spec.scale_range
        return rng.randint(low, high)
    if spec.type is FieldType.TALLY:
        return [
            {"keyword": w, "count": rng.randint(1, 4)}
            for w in rng.sample(_WORDS, rng.randint(2, 5))
        ]
    if spec.type is FieldType.DATE:
        return date(2026, 1, 1) + timedelta(days=rng.randint(0, 700))
    return None


def build_session(rng: random.Random, loaded: Any, created: datetime) -> Any:
    """One realistic meeting of ``loaded`` (a LoadedProtocol), run through the engine."""
    from intervisie_tui.engine.clock import FakeClock
    from intervisie_tui.engine.protocol import FieldType
    from intervisie_tui.engine.runner import SessionRunner
    from intervisie_tui.engine.session import (
        Agreement,
        Case,
        Evaluation,
        Participant,
        Role,
        Session,
    )

    protocol = loaded.protocol
    clock = FakeClock(created)
    session = Session.new(protocol, protocol_sha256=loaded.sha256, created_at=clock.now())
    session.id = f"{rng.getrandbits(32):08x}"
    names = rng.sample(_NAMES, rng.randint(3, 6))
    roles = [[Role.VOORZITTER, Role.TIJDBEWAKER], [Role.INBRENGER]]
    roles += [[Role.DEELNEMER]] * (len(names) - 3) + [[Role.DEELNEMER, Role.NOTULIST]]
    session.participants = [Participant(name=n, roles=r) for n, r in zip(names, roles, strict=True)]
    pupil = f"{rng.choice('ABDEFJKLMNRST')}."
    session.case = Case(pupil=pupil, help_question=_text(rng, (1, 2)))
    if protocol.preparation is not None and rng.random() < 0.5:
        session.preparation = {q.id: _text(rng, (1, 3)) for q in protocol.preparation.questions}
    outcome = rng.random()
    stop_at = len(protocol.phases)
    if outcome < 0.05:
        stop_at = rng.randint(1, len(protocol.phases))  # still in progress
    runner = SessionRunner(session, clock)
    runner.start()
    for index, phase in enumerate(protocol.phases[:stop_at]):
        clock.advance(phase.planned_seconds * rng.uniform(0.6, 1.5))
        for spec in phase.fields:
            if spec.type is not FieldType.AGREEMENTS:
                session.set_answer(phase.id, spec.id, _answer(rng, spec))
        if index + 1 < stop_at:
            runner.next()
    for _ in range(rng.randint(1, 4) if stop_at == len(protocol.phases) else 0):
        due = created.date() + timedelta(days=rng.randint(14, 56))
        evaluation = None
        if rng.random() < 0.6:
            evaluation = Evaluation(
                evaluated_at=datetime.combine(due, created.timetz()), note=_sentence(rng)
            )
        session.agreements = [
            *session.agreements,
            Agreement(
                what=_sentence(rng, 8, 24),
                who=rng.choice(names),
                when=rng.choice(["vanaf maandag", "deze week", "voor de vakantie", ""]),
                evaluation_date=due,
                evaluation=evaluation,
            ),
        ]
    if outcome < 0.05:
        runner.pause()
    elif outcome < 0.07:
        runner.abandon()
    else:
        runner.finish()
    return session


def generate(folder: Path, count: int, seed: int = SEED) -> None:
    from intervisie_tui.engine.catalog import builtin_protocols_dir
    from intervisie_tui.engine.protocol_loader import load_protocol
    from intervisie_tui.engine.store import create_session_file

    rng = random.Random(seed)
    protocols = [load_protocol(p) for p in sorted(builtin_protocols_dir().glob("*.toml"))]
    first = date(2022, 8, 29)
    for _ in range(count):
        day = first + timedelta(days=rng.randrange(4 * 365))
        day -= timedelta(days=max(0, day.weekday() - 4))  # meetings on weekdays
        at = datetime(day.year, day.month, day.day, rng.randint(12, 16), rng.randrange(60))
        created = at.astimezone()
        session = build_session(rng, rng.choice(protocols), created)
        create_session_file(folder, session).close()


def sessions_folder(count: int = COUNT) -> Path:
    """The cached folder of ``count`` generated sessions (generated on first use)."""
    folder = DATA_DIR / f"v{GENERATOR_VERSION}-{count}-{SEED}"
    if (folder / ".complete").exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    partial = DATA_DIR / f".partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    started = time.perf_counter()
    print(f"  generating {count} sessions in {folder} (once) ...", file=sys.stderr, flush=True)
    generate(partial, count)
    (partial / ".complete").write_text(
        f"{count} sessions in {time.perf_counter() - started:.0f} s\n"
    )
    partial.rename(folder)
    return folder


# -- measuring -----------------------------------------------------------------------------------


def _timed(command: list[str], before: Any = None) -> Any:
    env = child_env()

    def case() -> float:
        if before is not None:
            before()
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed: {done.stderr.decode()[-500:]}")
        return elapsed

    return case


def run(rounds: int | None = None) -> Report:
    from intervisie_tui.engine.listing import index_path
    from intervisie_tui.engine.listing import session_paths as paths_of

    rounds = rounds or ROUNDS
    folder = sessions_folder()
    files = paths_of(folder)
    size = sum(p.stat().st_size for p in files)
    listing = [*intervisie_command(), "--sessions-dir", str(folder), "sessions"]
    baseline = _timed([sys.executable, "-c", BASELINE, str(folder)])

    def drop_index() -> None:
        index_path(folder).unlink(missing_ok=True)

    warm = run_interleaved(
        {"json.load every file": baseline, "intervisie sessions (index)": _timed(listing)},
        rounds,
        warmup=2,
        sample=returned_value,
    )
    cold = run_interleaved(
        {
            "json.load every file": baseline,
            "intervisie sessions (no index)": _timed(listing, before=drop_index),
        },
        min(rounds, COLD_ROUNDS),
        warmup=1,
        sample=returned_value,
    )
    _timed(listing)()  # leave the index up to date for the next benchmark
    index_size = index_path(folder).stat().st_size
    return Report(
        name="list_sessions",
        title=TITLE,
        comparisons=[
            Comparison.from_samples(
                "warm: index up to date",
                warm,
                baseline="json.load every file",
                subject="intervisie sessions (index)",
            ),
            Comparison.from_samples(
                "cold: index deleted before each run (validates all, writes the index)",
                cold,
                baseline="json.load every file",
                subject="intervisie sessions (no index)",
            ),
        ],
        facts={
            "sessions": len(files),
            "session files": f"{fmt_bytes(size)} in all, {fmt_bytes(size // len(files))} each",
            "index": fmt_bytes(index_size),
            "folder": str(folder),
        },
    )
