"""The floor under the meeting window's start-up: the bare app of ``bench/bare_app.py``, started
only after the engine has opened the session as ``intervisie resume`` does (imports, the lock,
reading and validating the file with pydantic, a ``SessionRunner`` on it).

Any meeting window built on this engine pays at least this much before its first frame, because
a session file is validated (and an older one migrated) before the terminal switches to full
screen: a file that cannot be used is refused with one line, never half-drawn. The gap between
this side and the bare app is the engine's share; the gap between this side and the meeting
window is the share of the user interface.

It starts with garbage collection paused, as the program does (``gc_pause``). Run as a script,
``python bench/floor_app.py SESSION``; it shows what the bare app shows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bare_app import BareApp  # bench/ is this script's folder, first on the path
from intervisie_tui.engine.clock import SystemClock
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.store import open_session_file
from intervisie_tui.gc_pause import paused_while_starting

if __name__ == "__main__":
    # As the program starts its screens (gc_pause), so the floor stays a floor.
    with paused_while_starting():
        handle = open_session_file(Path(sys.argv[1]))
        # What the run screen's first frame is drawn from.
        SessionRunner(handle.session, SystemClock()).snapshot()
        try:
            BareApp().run()
        finally:
            handle.close()
