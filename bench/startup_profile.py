"""Where does the start of the run screen go? A profile of ``intervisie resume`` up to its first
finished frame, next to the bare Textual app (``bench/bare_app.py``) measured the same way.

Every run goes through ``bench/first_frame.py`` on a pty of 160x45 (``bench/pty_term.py``): the
program runs as usual and exits the moment Textual's driver is handed the frame that completes
the markers (bare app: the digits 05:00; run screen: ``Fase 1 van 7`` and ``KLAAR``). Three kinds
of runs, the bare app and the run screen alternating:

1. timed (``--rounds``, default 10 per side, after 2 warm-up rounds): launch to finished frame
   in wall time and in the program's CPU time, which a busy machine (other test runs, a video
   call) stretches far less; the CPU time by activity (imports, stylesheet parsing, applying
   styles, layout and painting, the rest), before ``App.run`` (arguments, catalog, opening and
   validating the session, building the app) and from ``App.run`` to the frame; the size of
   the stylesheet (sources, rules, re-parses);
2. ``python -X importtime`` (3 per side): import time by package (median of the runs), the
   slowest of the program's own imports, and the modules loaded that nothing on the first frame
   uses (screens other than the run screen, widgets with no instance on screen);
3. ``cProfile`` (1 of the run screen, ``bench/results/startup_profile.prof``; open it with
   ``python -m pstats``): own time by package and the cumulative time of the steps that matter.

The report is the short version; ``bench/results/startup_profile.txt`` has the full tables.
Profiled times are inflated by the profiler: compare them with each other, not with (1).
"""

from __future__ import annotations

import json
import pstats
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from bench import apps
from bench.common import RESULTS_DIR, Comparison, Report, fmt, run_interleaved
from bench.pty_term import PtyProgram, Ptys, plain_text
from bench.terminal import PYTHON, digit_rows

TITLE = "start-up of the run screen up to its first frame, profiled (pty 160x45)"
WIDTH, HEIGHT = 160, 45
ROUNDS = 10
WARMUP = 2
IMPORT_RUNS = 3
WRAPPER = Path(__file__).resolve().parent / "first_frame.py"
PROFILE_PATH = RESULTS_DIR / "startup_profile.prof"
DETAILS_PATH = RESULTS_DIR / "startup_profile.txt"
# The packages import time and profile time are added up by.
PACKAGES = ("intervisie_tui", "textual", "rich", "pydantic", "pydantic_core", "typing_extensions")
ImportLine = tuple[int, int, int, str]  # self µs, cumulative µs, depth, module
_IMPORT_LINE = re.compile(r"import time:\s*(\d+) \|\s*(\d+) \| ( *)(\S+)")
# cProfile rows worth their cumulative time: (file name ends with, function name).
STEPS = (
    ("intervisie_tui/cli/__init__.py", "main"),
    ("intervisie_tui/launch.py", "launch"),
    ("intervisie_tui/launch.py", "resolve_session"),
    ("intervisie_tui/engine/store.py", "open_session_file"),
    ("intervisie_tui/engine/catalog.py", "load_catalog"),
    ("intervisie_tui/engine/listing.py", "scan_sessions"),
    ("intervisie_tui/engine/listing.py", "find_session"),
    ("pydantic/main.py", "model_validate"),
    ("pydantic/main.py", "model_validate_json"),
    ("intervisie_tui/ui/app.py", "__init__"),
    ("intervisie_tui/ui/app.py", "on_mount"),
    ("intervisie_tui/ui/app.py", "open_run"),
    ("intervisie_tui/ui/screens/run.py", "compose"),
    ("intervisie_tui/ui/screens/run.py", "on_mount"),
    ("intervisie_tui/ui/screens/run.py", "show_phase"),
    ("intervisie_tui/ui/screens/run.py", "tick"),
    ("textual/css/stylesheet.py", "parse"),
    ("textual/css/stylesheet.py", "reparse"),
    ("textual/css/stylesheet.py", "apply"),
    ("textual/css/stylesheet.py", "update"),
    ("textual/app.py", "_process_messages"),
    ("textual/app.py", "refresh_css"),
    ("textual/app.py", "_compose"),
    ("textual/_compositor.py", "reflow"),
)


def run(rounds: int | None = None) -> Report:
    rounds = rounds or ROUNDS
    versions = {apps.version_name(name): src for name, src in apps.versions().items()}
    runs: dict[str, list[dict]] = {apps.BASELINE: [], apps.SUBJECT: []}
    runs.update({name: [] for name in versions})
    imports: dict[str, list[list[ImportLine]]] = {apps.BASELINE: [], apps.SUBJECT: []}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with apps.sessions_folder("startup_profile-") as folder, Ptys() as ptys:
        session_path = apps.new_session_file(folder)
        report_path = folder.parent / "first_frame.json"
        markers = [apps.FIRST_PHASE_TITLE, apps.READY_WORD]
        commands: dict[str, tuple[list[str], list[str], Path | None]] = {
            apps.BASELINE: ([str(apps.BARE_APP)], list(digit_rows("05:00")), None),
            apps.SUBJECT: (["intervisie", *apps.app_command(session_path)[1:]], markers, None),
        }
        for name, src in versions.items():
            path = apps.new_session_file(folder)  # its own: a session is locked while open
            commands[name] = (["intervisie", *apps.app_command(path)[1:]], markers, src)

        def start(name: str, *, options: Sequence[str] = (), python: Sequence[str] = ()):
            command, markers, src = commands[name]
            wrapper = apps.with_source([str(PYTHON)], src)
            argv = [*wrapper, *python, str(WRAPPER), str(report_path), *options]
            for marker in markers:
                argv += ["--marker", marker]
            program = ptys.launch([*argv, "--", *command], width=WIDTH, height=HEIGHT)
            _wait_exit(ptys, program)
            data = json.loads(report_path.read_text(encoding="utf-8"))
            report_path.unlink()
            data["launched"] = program.launched_at
            data["output"] = plain_text(bytes(program.output))
            return data

        def timed(name: str):  # -> a case
            def case() -> float:
                data = start(name)
                runs[name].append(data)
                return data["times"]["finished frame"] - data["launched"]

            return case

        samples = run_interleaved(
            {name: timed(name) for name in runs}, rounds, warmup=WARMUP, sample=lambda c: c()
        )
        for values in runs.values():
            del values[:WARMUP]
        cpu = {name: [data["cpu_seconds"] for data in values] for name, values in runs.items()}
        for _ in range(IMPORT_RUNS):
            for name in imports:
                output = start(name, python=["-X", "importtime"])["output"]
                imports[name].append(_import_lines(output))
        profiled = start(apps.SUBJECT, options=["--profile", str(PROFILE_PATH)])

    frame = Comparison.from_samples(
        "launch to finished first frame (in-process marker, no tmux)", samples,
        baseline=apps.BASELINE, subject=apps.SUBJECT,
    )  # fmt: skip
    cpu_cmp, *cpu_others = (
        Comparison.from_samples(
            "CPU time of the process up to its finished first frame (less sensitive to load)",
            cpu,
            baseline=apps.BASELINE,
            subject=name,
        )
        for name in (apps.SUBJECT, *versions)
    )
    details: list[str] = []
    facts: dict[str, object] = {
        "terminal": f"own pty {WIDTH}x{HEIGHT}; the program exits at its first finished frame",
        "rounds": f"{rounds} timed per side after {WARMUP} warm-up rounds, interleaved;"
        f" {IMPORT_RUNS} with -X importtime per side; 1 cProfile of the run screen",
    }
    facts.update(_ledger_facts(runs))
    facts.update(_stylesheet_facts(runs))
    facts.update(_import_facts(imports, runs[apps.SUBJECT][-1], runs[apps.BASELINE][-1], details))
    facts.update(_profile_facts(profiled, details))
    DETAILS_PATH.write_text("\n".join(details) + "\n", encoding="utf-8")
    facts["full tables"] = str(DETAILS_PATH)
    facts["profile"] = f"{PROFILE_PATH} (python -m pstats {PROFILE_PATH.name})"
    return Report(
        name="startup_profile", title=TITLE, comparisons=[frame, cpu_cmp, *cpu_others],
        facts=facts,
    )


def _wait_exit(ptys: Ptys, program: PtyProgram, timeout: float = 20.0) -> None:
    deadline = time.perf_counter() + timeout
    while program.process.poll() is None and time.perf_counter() < deadline:
        ptys.pump(0.05)
    program.read_available()
    if program.process.poll() != 0:
        raise RuntimeError(
            f"{program.argv}: exit {program.process.poll()}\n"
            f"{plain_text(bytes(program.output))[-3000:]}"
        )
    program.stop()


def _ledger_facts(runs: dict[str, list[dict]]) -> dict[str, object]:
    """Median CPU ms per activity and part of the start, bare app against run screen."""
    rows: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for name, values in runs.items():
        for data in values:
            rows["interpreter start-up (before the wrapper's first line)"][name].append(
                data["cpu"]["wrapper started"]
            )
            for part, activities in data["ledger"].items():
                rows[f"{part}: total"][name].append(sum(activities.values()))
                for activity, seconds in activities.items():
                    rows[f"{part}: {activity}"][name].append(seconds)
    facts: dict[str, object] = {}
    for row, by_name in sorted(rows.items(), key=lambda kv: _row_order(kv[0])):
        if row.startswith("done"):
            continue
        base = statistics.median(by_name.get(apps.BASELINE) or [0.0])
        figures = [f"{apps.BASELINE} {base * 1000:.1f} ms"]
        for name in runs:
            if name != apps.BASELINE:
                ms = statistics.median(by_name.get(name) or [0.0])
                figures.append(f"{name} {ms * 1000:.1f} ms ({(ms - base) * 1000:+.1f} ms)")
        facts[f"CPU, {row}"] = ", ".join(figures)
    return facts


def _row_order(row: str) -> tuple[int, int]:
    part = 0 if row.startswith("interpreter") else 1 if row.startswith("before") else 2
    return part, 0 if row.endswith(": total") else 1


def _stylesheet_facts(runs: dict[str, list[dict]]) -> dict[str, object]:
    facts: dict[str, object] = {}
    for name, values in runs.items():
        css = values[-1]["stylesheet"]
        facts[f"stylesheet, {name}"] = (
            f"{css['sources']} sources ({len(css['files'])} .tcss files,"
            f" {css['default_css_sources']} widget DEFAULT_CSS), {css['rules']} rules;"
            f" {css['sources_parsed']} source parses ({css['reparses']} full re-parse);"
            f" {values[-1]['widgets_on_screen']} widgets on screen"
        )
    return facts


def _import_lines(output: str) -> list[ImportLine]:
    """(self µs, cumulative µs, depth, module) per ``-X importtime`` line."""
    return [
        (int(own), int(cumulative), len(indent) // 2, module)
        for own, cumulative, indent, module in _IMPORT_LINE.findall(output)
    ]


def _package(module: str) -> str:
    top = module.split(".")[0]
    return top if top in PACKAGES else "other (stdlib, ...)"


def _import_facts(
    imports: dict[str, list[list[ImportLine]]],
    subject_run: dict,
    bare_run: dict,
    details: list[str],
) -> dict[str, object]:
    facts: dict[str, object] = {}
    totals: dict[str, dict[str, float]] = {}
    for name, runs in imports.items():
        per_run = []
        for lines in runs:
            sums: dict[str, float] = defaultdict(float)
            for own, _, _, module in lines:
                sums[_package(module)] += own / 1e6
                sums["all"] += own / 1e6
            per_run.append(sums)
        keys = {key for sums in per_run for key in sums}
        totals[name] = {key: statistics.median(s.get(key, 0.0) for s in per_run) for key in keys}
        parts = sorted(totals[name].items(), key=lambda kv: -kv[1])
        facts[f"imports, {name} (-X importtime, self time by package, median)"] = ", ".join(
            f"{key} {fmt(value)}" for key, value in parts
        ) + f"; {len(runs[-1])} modules"
    base, subj = totals[apps.BASELINE]["all"], totals[apps.SUBJECT]["all"]
    facts["imports: run screen over bare app"] = f"{fmt(subj - base)} more ({subj / base:.2f}x)"

    lines = imports[apps.SUBJECT][-1]
    bare_modules = {module for *_, module in imports[apps.BASELINE][-1]}
    extra = [
        (cumulative, module)
        for _, cumulative, depth, module in lines
        if module not in bare_modules and not _inside_extra(module, bare_modules, lines)
    ]
    extra.sort(reverse=True)
    facts["imports the bare app does not make, largest (cumulative)"] = ", ".join(
        f"{module} {fmt(us / 1e6)}" for us, module in extra[:8]
    )
    own = sorted(
        ((cumulative, module) for _, cumulative, _, module in lines
         if module.startswith("intervisie_tui")),
        reverse=True,
    )  # fmt: skip
    facts["own modules, slowest imports (cumulative, nested ones included)"] = ", ".join(
        f"{module} {fmt(us / 1e6)}" for us, module in own[:8]
    )
    details.append("== -X importtime of the run screen (last run): cumulative µs, self µs")
    details += [f"{cum:>9} {own_:>8}  {'  ' * depth}{module}" for own_, cum, depth, module in lines]

    loaded = subject_run["modules"]
    on_screen = set(subject_run.get("widget_modules", []))
    ours = [m for m in loaded if m.startswith("intervisie_tui.")]
    screens = [m for m in ours if ".ui.screens." in m and not m.endswith(".run")]
    facts["own modules loaded at the first frame"] = f"{len(ours)}: " + ", ".join(
        m.removeprefix("intervisie_tui.") for m in ours
    )
    facts["screens loaded that the first frame does not show"] = ", ".join(
        m.removeprefix("intervisie_tui.") for m in screens
    ) or "none"
    bare_loaded = set(bare_run["modules"])
    widgets = [
        m
        for m in loaded
        if m.startswith("textual.widgets._") and m not in on_screen and m not in bare_loaded
    ]
    key = "textual widget modules loaded that the bare app does not load and nothing on screen uses"
    facts[key] = ", ".join(m.removeprefix("textual.widgets.") for m in widgets)
    return facts


def _inside_extra(module: str, bare: set[str], lines: list[ImportLine]) -> bool:
    """True when an enclosing import is itself one the bare app does not make (its cumulative
    time already counts this one)."""
    index = next(i for i, line in enumerate(lines) if line[3] == module)
    depth = lines[index][2]
    # -X importtime prints a module after the ones it imported: its parent comes later, shallower.
    for _, _, parent_depth, parent in lines[index + 1 :]:
        if parent_depth < depth:
            if parent not in bare:
                return True
            depth = parent_depth
    return False


def _profile_facts(profiled: dict, details: list[str]) -> dict[str, object]:
    stats = pstats.Stats(str(PROFILE_PATH))
    raw = stats.stats  # type: ignore[attr-defined]
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in raw.items():
        by_package[_file_package(filename)] += tottime
    total = sum(by_package.values())
    facts: dict[str, object] = {
        "profile (run screen, cProfile): own time by package": ", ".join(
            f"{key} {fmt(value)}" for key, value in sorted(by_package.items(), key=_second_desc)
        ) + f"; total {fmt(total)}",
    }
    steps = []
    for suffix, function in STEPS:
        for (filename, _, name), (_, _, _, cumtime, _) in raw.items():
            if name == function and filename.replace("\\", "/").endswith(suffix):
                steps.append(f"{suffix.rsplit('/', 1)[-1]}:{function} {fmt(cumtime)}")
                break
    facts["profile: cumulative time of the steps"] = ", ".join(steps)
    details.append("")
    details.append("== cProfile of the run screen up to its first frame, top 60 by cumulative")
    rows = sorted(raw.items(), key=lambda kv: -kv[1][3])[:60]
    for (filename, line, name), (calls, _, tottime, cumtime, _) in rows:
        details.append(f"{cumtime * 1000:9.1f} ms cum {tottime * 1000:8.1f} ms own {calls:>6}x"
                       f"  {_short(filename)}:{line} {name}")  # fmt: skip
    details.append("")
    details.append("== top 40 by own time")
    for (filename, line, name), (calls, _, tottime, cumtime, _) in sorted(
        raw.items(), key=lambda kv: -kv[1][2]
    )[:40]:
        details.append(f"{tottime * 1000:9.1f} ms own {cumtime * 1000:8.1f} ms cum {calls:>6}x"
                       f"  {_short(filename)}:{line} {name}")  # fmt: skip
    return facts


def _second_desc(pair: tuple[str, float]) -> float:
    return -pair[1]


def _file_package(filename: str) -> str:
    path = filename.replace("\\", "/")
    if path.startswith("<frozen importlib") or "importlib/" in path:
        return "import machinery"
    if path == "~" or path.startswith("<"):
        return "built-in"
    if "/intervisie_tui/" in path:
        part = path.split("/intervisie_tui/", 1)[1]
        return "intervisie_tui." + part.split("/", 1)[0].removesuffix(".py")
    for package in ("textual/css", "textual", "rich", "pydantic_core", "pydantic"):
        if f"/{package}/" in path:
            return package.replace("/", ".")
    return "other (stdlib, ...)"


def _short(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/src/", "/lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path
