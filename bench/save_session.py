"""What does saving a large session cost, compared with a plain ``json.dump``?

The subject is the real save path: ``create_session_file`` once, then ``SessionFile.save()``
again and again (pydantic serialisation, temporary file, fsync, ``os.replace``, fsync of the
folder). The baseline writes the same data (``model_dump(mode="json")``, made once) with
``json.dump`` to a file in the same folder, without fsync and with the same bytes as output
(``indent=2``, UTF-8). A second comparison times serialisation alone (``store.serialize`` against
``json.dumps``), so the difference between the two shows what the durability costs.

Two more compare the autosave with ``SessionFile.save()`` on the thread that calls it, as the UI
did before the writer thread: what one save now costs the UI thread (``AutoSaver.poll()``: the
copy of the session and the hand-over; the write happens on the writer thread), and how long it
takes until that save is on disk (``poll()`` and ``settle()``). Each sample times itself and
leaves the writer idle for the next one.

The files go to a temporary folder inside ``bench/results/`` (on the same disk as a checkout's
``sessions/``); set ``INTERVISIE_BENCH_TMPDIR`` to measure another disk. ``/tmp`` is often a
RAM disk, where fsync costs nothing and the figures would flatter the real path.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
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
from intervisie_tui.engine.autosave import AutoSaver
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol import FieldSpec, FieldType, Order, Phase, Protocol
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Agreement, Case, Participant, Role, Session
from intervisie_tui.engine.store import SessionFile, create_session_file, serialize

TITLE = "saving a large session (30 phases, ~150 kB of answers)"
ROUNDS = 200
PHASES = 30
SEED = 20261123

_VOCABULARY = (
    "de het een en van in op met voor niet is dat zij hij ze leerling leerkracht groep klas "
    "ouders collega instructie aandacht rekenen lezen spelling taak werkhouding kring pauze "
    "plein gedrag concentratie zelfstandig werken afspraak doel stap succes feedback "
    "samen vraag antwoord week ochtend middag moment situatie gaat goed lukt beter vaker "
    "soms meestal rustig onrustig geholpen begeleiding ondersteuning observatie "
    "onderwijsbehoefte verwachting haalbaar concreet meetbaar evalueren oefenen "
    "herhalen belonen compliment tafels woordjes begrijpend technisch schrift "
    "dagritme planbord koptelefoon time-timer instructietafel maatje groepje"
)
_WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 22))
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, target: int) -> str:
    parts: list[str] = []
    size = 0
    while size < target:
        sentence = _sentence(rng)
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def build_protocol() -> Protocol:
    phases = []
    for number in range(1, PHASES + 1):
        fields = [
            FieldSpec(id="aantekeningen", label="Aantekeningen", type=FieldType.TEXT),
            FieldSpec(id="ideeen", label="Ideeën en tips", type=FieldType.LIST),
            FieldSpec(id="samenvatting", label="Samenvatting", type=FieldType.TEXT),
        ]
        if number % 5 == 0:
            fields.append(FieldSpec(id="schaal", label="Cijfer nu", type=FieldType.SCALE))
        if number % 7 == 0:
            fields.append(FieldSpec(id="kernwoorden", label="Kernwoorden", type=FieldType.TALLY))
        if number == PHASES:
            fields.append(FieldSpec(id="afspraken", label="Afspraken", type=FieldType.AGREEMENTS))
            fields.append(FieldSpec(id="evaluatie", label="Evaluatiedatum", type=FieldType.DATE))
        phases.append(
            Phase(
                id=f"fase-{number:02d}",
                title=f"Fase {number}: ronde {number}",
                minutes=[1.5, 2, 3, 5][number % 4],
                who="inbrenger" if number % 2 else "collega's",
                instruction="De collega's stellen om de beurt een open vraag.",
                questions=["Wat gaat er al goed?", "Wat heeft deze leerling nodig?"],
                fields=fields,
            )
        )
    return Protocol(
        schema_version=1,
        id="bench-groot",
        title="Benchmark: grote intervisie",
        description="Een kunstmatig lang protocol om het opslaan te meten.",
        source="bench/save_session.py",
        order=Order.FLEXIBLE,
        phases=phases,
    )


def _answers(rng: random.Random, phase: Phase) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for spec in phase.fields:
        if spec.type is FieldType.TEXT:
            size = 2_400 if spec.id == "aantekeningen" else 900
            answers[spec.id] = _text(rng, rng.randint(size // 2, size * 3 // 2))
        elif spec.type is FieldType.LIST:
            answers[spec.id] = [_text(rng, rng.randint(60, 220)) for _ in range(rng.randint(6, 12))]
        elif spec.type is FieldType.SCALE:
            answers[spec.id] = rng.randint(3, 8)
        elif spec.type is FieldType.TALLY:
            words = rng.sample(_WORDS, 6)
            answers[spec.id] = [{"keyword": w, "count": rng.randint(1, 5)} for w in words]
        elif spec.type is FieldType.DATE:
            answers[spec.id] = date(2026, 12, 14)
    return answers


def build_session() -> Session:
    """A meeting that ran through all 30 phases, with pauses, adjustments and one step back."""
    rng = random.Random(SEED)
    protocol = build_protocol()
    digest = hashlib.sha256(protocol.model_dump_json().encode()).hexdigest()
    clock = FakeClock(datetime(2026, 11, 23, 15, 30).astimezone())
    session = Session.new(protocol, protocol_sha256=digest, created_at=clock.now())
    session.participants = [
        Participant(name="Voorzitter A.", roles=[Role.VOORZITTER]),
        Participant(name="Collega B.", roles=[Role.TIJDBEWAKER, Role.DEELNEMER]),
        Participant(name="Collega C.", roles=[Role.INBRENGER]),
        Participant(name="Collega D.", roles=[Role.DEELNEMER, Role.NOTULIST]),
    ]
    session.case = Case(pupil="L.", help_question=_text(rng, 400))
    runner = SessionRunner(session, clock)
    runner.start()
    for index, phase in enumerate(protocol.phases):
        clock.advance(phase.planned_seconds * rng.uniform(0.7, 1.3))
        if index % 6 == 2:
            runner.pause()
            clock.advance(90)
            runner.resume()
        if index % 8 == 4:
            runner.adjust(1)
        for field_id, value in _answers(rng, phase).items():
            session.set_answer(phase.id, field_id, value)
        if index == 10:
            runner.previous()
            clock.advance(45)
            runner.next()
        if index + 1 < len(protocol.phases):
            runner.next()
    session.agreements = [
        Agreement(what=_text(rng, 150), who="Collega C.", when="voor de kerstvakantie"),
        Agreement(what=_text(rng, 120), who="Voorzitter A.", evaluation_date=date(2026, 12, 14)),
    ]
    runner.sync()  # still running in the last phase, as during a real autosave
    return session


def answer_bytes(session: Session) -> int:
    dumped = session.model_dump(mode="json")
    return sum(
        len(json.dumps(value, ensure_ascii=False).encode())
        for phase in dumped["phases"]
        for value in phase["answers"].values()
    )


def _autosave_samples(session: Session, handle: SessionFile, rounds: int) -> dict[str, list[float]]:
    """Each sample edits the session, times its case, and waits for the writer to be idle."""
    saver = AutoSaver(SessionRunner(session, FakeClock()), handle)
    edits = iter(range(1 << 62))

    def timed(work: Callable[[], object]) -> Callable[[], float]:
        def case() -> float:
            session.case.help_question = f"bewerking {next(edits)}"
            saver.changed()
            start = time.perf_counter()
            work()
            elapsed = time.perf_counter() - start
            if not saver.settle():
                raise RuntimeError(f"autosave failed: {saver.error}")
            return elapsed

        return case

    return run_interleaved(
        {
            "SessionFile.save (UI thread)": timed(handle.save),
            "AutoSaver.poll (UI thread)": timed(saver.poll),
            "AutoSaver.poll + settle (on disk)": timed(lambda: saver.poll() and saver.settle()),
        },
        rounds,
        sample=returned_value,
    )


def run(rounds: int | None = None) -> Report:
    rounds = rounds or ROUNDS
    session = build_session()
    data = session.model_dump(mode="json")
    parent = Path(os.environ.get("INTERVISIE_BENCH_TMPDIR") or RESULTS_DIR)
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="save_session-", dir=parent) as temp:
        folder = Path(temp) / "sessions"
        handle = create_session_file(folder, session)
        plain = folder / "plain.json"

        def json_dump() -> None:
            with plain.open("w", encoding="utf-8") as out:
                json.dump(data, out, indent=2, ensure_ascii=False)

        try:
            saves = run_interleaved(
                {"json.dump": json_dump, "SessionFile.save": handle.save}, rounds
            )
            serialising = run_interleaved(
                {
                    "json.dumps": lambda: json.dumps(data, indent=2, ensure_ascii=False),
                    "json.dumps compact": lambda: json.dumps(data, ensure_ascii=False),
                    "store.serialize": lambda: serialize(session),
                },
                rounds,
            )
            saved_size = handle.path.stat().st_size
            plain_size = plain.stat().st_size
            autosave = _autosave_samples(session, handle, rounds)
        finally:
            handle.close()

    save = Comparison.from_samples(
        "write to disk", saves, baseline="json.dump", subject="SessionFile.save"
    )
    ser = Comparison.from_samples(
        "serialise only, same bytes", serialising, baseline="json.dumps", subject="store.serialize"
    )
    # json with indent runs its pure-Python encoder; without indent it runs the C one. Both are
    # shown so a fast pydantic figure is not mistaken for the fastest possible.
    compact = Comparison.from_samples(
        "serialise only, against json's C encoder (no indent, smaller output)",
        serialising,
        baseline="json.dumps compact",
        subject="store.serialize",
    )
    ui_thread = Comparison.from_samples(
        "what one autosave costs the UI thread",
        autosave,
        baseline="SessionFile.save (UI thread)",
        subject="AutoSaver.poll (UI thread)",
    )
    on_disk = Comparison.from_samples(
        "autosave until on disk (writer thread)",
        autosave,
        baseline="SessionFile.save (UI thread)",
        subject="AutoSaver.poll + settle (on disk)",
    )
    io_share = 1 - ser.subject_stats.median / save.subject_stats.median
    return Report(
        name="save_session",
        title=TITLE,
        comparisons=[save, ser, compact, ui_thread, on_disk],
        facts={
            "phases": len(session.phases),
            "events": len(session.events),
            "answers": fmt_bytes(answer_bytes(session)),
            "session file": f"{fmt_bytes(saved_size)} ({saved_size} bytes)",
            "json.dump file": f"{fmt_bytes(plain_size)} ({plain_size} bytes)",
            "folder": str(parent),
            "save time not spent serialising (temp file, write, fsync, rename)": (
                f"{io_share:.0%} of the median"
            ),
        },
    )
