"""How long does ``intervisie show SESSION`` take, against ``python -c "import pydantic, rich"``?

Both are fresh interpreters started as subprocesses; the baseline only imports the two
libraries the command is built on (``import pydantic`` itself is lazy: it does not build any
model), the subject prints a whole session: it resolves an id prefix in the folder of 5,000
generated sessions of ``list_sessions`` (generated on first use), reads the file and renders
it with Rich (output to a pipe, 120 columns).

- **indexed**: the folder's index lists the file as valid and unchanged, as it is after any
  listing or an earlier ``show``; the file is rendered from its JSON without importing pydantic;
- **indexed, small folder**: the same in a folder of 40 of those sessions (a school's folder
  rather than a board's), where finding the id prefix costs less than among 10,000 entries
  (5,000 sessions and their lock files);
- **not indexed**: the index is deleted before each run, so the file is validated with
  pydantic (the session model is built) and remembered in the index again.

``PYTHONDONTWRITEBYTECODE`` is dropped for the subprocesses (see ``list_sessions.child_env``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bench.common import RESULTS_DIR, Comparison, Report, returned_value, run_interleaved
from bench.list_sessions import _timed, intervisie_command, sessions_folder

TITLE = "start-up of `intervisie show SESSION` against `python -c 'import pydantic, rich'`"
ROUNDS = 40
NOT_INDEXED_ROUNDS = 15
SMALL_FOLDER = 40


def run(rounds: int | None = None) -> Report:
    from intervisie_tui.engine.listing import index_path, session_id_of, session_paths

    rounds = rounds or ROUNDS
    folder = sessions_folder()
    paths = session_paths(folder)
    target = paths[len(paths) // 2]
    prefix = session_id_of(target)[:6]
    show = [*intervisie_command(), "--sessions-dir", str(folder), "show", prefix]
    baseline = _timed([sys.executable, "-c", "import pydantic, rich"])
    _timed([*intervisie_command(), "--sessions-dir", str(folder), "sessions"])()  # index

    def drop_index() -> None:
        index_path(folder).unlink(missing_ok=True)

    indexed = run_interleaved(
        {"import pydantic, rich": baseline, "intervisie show": _timed(show)},
        rounds,
        sample=returned_value,
    )
    with tempfile.TemporaryDirectory(prefix="show_startup-", dir=RESULTS_DIR) as temp:
        small = Path(temp) / "sessions"
        small.mkdir(mode=0o700)
        for path in [target, *paths[: SMALL_FOLDER - 1]]:
            shutil.copy2(path, small / path.name)
        _timed([*intervisie_command(), "--sessions-dir", str(small), "sessions"])()  # index
        show_small = [*intervisie_command(), "--sessions-dir", str(small), "show", prefix]
        small_folder = run_interleaved(
            {
                "import pydantic, rich": baseline,
                "intervisie show (small folder)": _timed(show_small),
            },
            rounds,
            sample=returned_value,
        )
    not_indexed = run_interleaved(
        {
            "import pydantic, rich": baseline,
            "intervisie show (not indexed)": _timed(show, before=drop_index),
        },
        min(rounds, NOT_INDEXED_ROUNDS),
        sample=returned_value,
    )
    # Leave the folder as list_sessions expects it: with an up-to-date index.
    _timed([*intervisie_command(), "--sessions-dir", str(folder), "sessions"])()
    return Report(
        name="show_startup",
        title=TITLE,
        comparisons=[
            Comparison.from_samples(
                "indexed (after any listing): rendered from the file's JSON, 5,000 sessions",
                indexed,
                baseline="import pydantic, rich",
                subject="intervisie show",
            ),
            Comparison.from_samples(
                f"indexed, in a folder of {SMALL_FOLDER} sessions",
                small_folder,
                baseline="import pydantic, rich",
                subject="intervisie show (small folder)",
            ),
            Comparison.from_samples(
                "not indexed: validated with pydantic first",
                not_indexed,
                baseline="import pydantic, rich",
                subject="intervisie show (not indexed)",
            ),
        ],
        facts={
            "session": f"{target.name} ({target.stat().st_size} bytes), given as {prefix!r}",
            "folder": f"{folder} ({len(paths)} sessions)",
        },
    )
