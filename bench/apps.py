"""The programs the terminal benchmarks compare, the sessions they open, and how to tell that
each is on screen.

- baseline: ``bench/bare_app.py``, a bare Textual app with a 1 Hz ``Digits`` countdown and a
  focused ``TextArea`` (``--digits-only``: the earlier baseline without the ``TextArea``);
- the floor: ``bench/floor_app.py``, the same bare app started after the engine has opened a
  session as ``resume`` does (what any meeting window on this engine pays before drawing);
- subject: the meeting window, ``intervisie --sessions-dir DIR resume PATH``, on a session made
  with the engine in a temporary sessions folder;
- the beamer, ``intervisie --sessions-dir DIR beamer``, following the session in progress there;
- other versions of the meeting window, measured next to the subject in the same run (see
  ``versions``).

The markers are the words the run screen shows, kept here in one place: when the screen's
wording changes, a benchmark fails with the screen it saw, and this is the file to update.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from bench.common import RESULTS_DIR
from bench.terminal import PYTHON, VENV_BIN, Marker, shows_digits, shows_text

PROTOCOL = "handelingsgericht"
FIRST_PHASE_TITLE = "Fase 1 van 7"
READY_WORD = "KLAAR"  # the state line before the clock has started
# A phase of PROTOCOL with a text field (a TextArea) and a budget longer than any benchmark.
TEXT_PHASE_ID = "haalbaarheid"
TEXT_PHASE_TITLE = "Fase 5 van 7"
TEXT_FIELD_ID = "haalbaar"
RUNNING_WORD = "LOOPT"  # the state line while the clock runs
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
FLOOR_APP = Path(__file__).resolve().parent / "floor_app.py"
# Starts (and pauses) the meeting window's clock, also while a text field has the focus; the
# bare app starts its countdown with the same key.
START_KEY = "f2"
START_KEY_BYTES = b"\x1bOQ"  # what an xterm-like terminal sends for F2

BASELINE = "bare Textual app"
DIGITS_ONLY = "bare Digits only"
FLOOR = "bare app after opening the session"
SUBJECT = "meeting window"
BEAMER = "beamer"
VERSIONS_ENV = "INTERVISIE_BENCH_VERSIONS"


def versions() -> dict[str, Path]:
    """Other versions of the meeting window to measure in the same run as the working tree's,
    each from a source tree put first on its path, by label: ``INTERVISIE_BENCH_VERSIONS=
    "before=/tmp/before/src,blink=/tmp/blink/src"``. Interleaved with the rest, they see the
    same noise, which separate runs do not."""
    found: dict[str, Path] = {}
    items = (part.strip() for part in os.environ.get(VERSIONS_ENV, "").split(","))
    for item in filter(None, items):
        label, equals, src = item.partition("=")
        if not (equals and label) or not (Path(src) / "intervisie_tui").is_dir():
            raise ValueError(f"{VERSIONS_ENV}: {item!r} is not LABEL=SRC with SRC/intervisie_tui")
        found[label] = Path(src).resolve()
    return found


def version_name(label: str) -> str:
    return f"{SUBJECT} [{label}]"


def with_source(command: list[str], src: Path | None) -> list[str]:
    """``command`` run with ``src`` first on Python's path (None: as it is)."""
    return command if src is None else ["env", f"PYTHONPATH={src}", *command]


def bare_command(*, digits_only: bool = False) -> list[str]:
    return [str(PYTHON), str(BARE_APP), *(["--digits-only"] if digits_only else [])]


def floor_command(session_path: Path) -> list[str]:
    return [str(PYTHON), str(FLOOR_APP), str(session_path)]


def intervisie() -> str:
    return str(VENV_BIN / "intervisie")


def app_command(session_path: Path, src: Path | None = None) -> list[str]:
    folder = str(session_path.parent)
    return with_source([intervisie(), "--sessions-dir", folder, "resume", str(session_path)], src)


def beamer_command(folder: Path) -> list[str]:
    return [intervisie(), "--sessions-dir", str(folder), "beamer"]


def beamer_missing() -> str | None:
    """Why the beamer cannot be measured yet (``intervisie beamer`` not there), or None."""
    done = subprocess.run(
        [intervisie(), "beamer", "--help"], capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        return None
    return "skipped: `intervisie beamer` does not exist yet (" + (
        done.stderr.strip().splitlines() or [f"exit {done.returncode}"]
    )[-1] + ")"


def bare_ready() -> dict[str, Marker]:
    return {"clock": shows_digits("05:00")}


def app_ready() -> dict[str, Marker]:
    """The run screen is ready when it names the first phase and its state line says KLAAR
    (set by the screen's first tick, after the phase panel is built)."""
    return {"phase": shows_text(FIRST_PHASE_TITLE), "ready": shows_text(READY_WORD)}


@contextmanager
def sessions_folder(prefix: str) -> Iterator[Path]:
    """A temporary sessions folder inside ``bench/results/`` (the disk a checkout's sessions go
    to), or under ``INTERVISIE_BENCH_TMPDIR``."""
    parent = Path(os.environ.get("INTERVISIE_BENCH_TMPDIR") or RESULTS_DIR)
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=parent) as temp:
        yield Path(temp) / "sessions"


def new_session_file(folder: Path) -> Path:
    """A fresh, not yet started session of ``handelingsgericht``, saved and unlocked."""
    from intervisie_tui.engine.store import create_session_file

    handle = create_session_file(folder, _new_session())
    handle.close()
    return handle.path


def session_at_text_field(folder: Path) -> Path:
    """A session of ``handelingsgericht`` that has run up to ``TEXT_PHASE_ID``, a phase with a
    text field, saved and unlocked. It was running when saved, so it reopens paused (a file
    left running means the program was killed) and the benchmark starts it with ``START_KEY``."""
    from intervisie_tui.engine.clock import SystemClock
    from intervisie_tui.engine.runner import SessionRunner
    from intervisie_tui.engine.store import create_session_file

    session = _new_session()
    runner = SessionRunner(session, SystemClock())
    runner.start()
    ids = [phase.id for phase in session.protocol.phases]
    for _ in range(ids.index(TEXT_PHASE_ID)):
        runner.next()
    runner.sync()
    handle = create_session_file(folder, session)
    handle.close()
    return handle.path


def _new_session():  # -> Session (imported lazily)
    from intervisie_tui.engine.catalog import load_catalog
    from intervisie_tui.engine.session import Session

    entry = load_catalog().get(PROTOCOL)
    if entry is None:
        raise RuntimeError(f"built-in protocol {PROTOCOL!r} not found")
    return Session.new(
        entry.loaded.protocol,
        protocol_sha256=entry.loaded.sha256,
        created_at=datetime.now().astimezone(),
    )
