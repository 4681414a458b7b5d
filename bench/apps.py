"""The two programs the terminal benchmarks compare, and how to tell that each is on screen.

- baseline: ``bench/bare_app.py``, a bare Textual app with one ``Digits("05:00")``;
- subject: ``intervisie --sessions-dir DIR resume PATH``, which opens a new, not yet started
  ``handelingsgericht`` session straight on the run screen (first phase: 5 minutes, so its clock
  also reads 05:00).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from bench.common import RESULTS_DIR
from bench.terminal import PYTHON, VENV_BIN, Marker, shows_digits, shows_text

PROTOCOL = "handelingsgericht"
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"

BASELINE = "bare Textual app"
SUBJECT = "intervisie run screen"


def bare_command() -> list[str]:
    return [str(PYTHON), str(BARE_APP)]


def app_command(session_path: Path) -> list[str]:
    folder = str(session_path.parent)
    return [str(VENV_BIN / "intervisie"), "--sessions-dir", folder, "resume", str(session_path)]


def bare_ready() -> dict[str, Marker]:
    return {"clock": shows_digits("05:00")}


def app_ready() -> dict[str, Marker]:
    """The run screen is ready when its clock reads 05:00 and the state line says KLAAR (both are
    set by the screen's first ``tick()``, after the phase panel is built)."""
    return {"clock": shows_digits("05:00"), "ready": shows_text("KLAAR")}


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
    from intervisie_tui.engine.catalog import load_catalog
    from intervisie_tui.engine.session import Session
    from intervisie_tui.engine.store import create_session_file

    entry = load_catalog().get(PROTOCOL)
    if entry is None:
        raise RuntimeError(f"built-in protocol {PROTOCOL!r} not found")
    session = Session.new(
        entry.loaded.protocol,
        protocol_sha256=entry.loaded.sha256,
        created_at=datetime.now().astimezone(),
    )
    handle = create_session_file(folder, session)
    handle.close()
    return handle.path
