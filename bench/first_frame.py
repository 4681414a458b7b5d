"""Run a program up to its first finished frame, then exit at once and say where the time went.

    python [-X importtime] bench/first_frame.py REPORT.json [--profile OUT.prof]
        [--pyinstrument OUT.txt] --marker TEXT [--marker TEXT ...]
        -- (intervisie ARG... | SCRIPT.py ARG...)

A bench-only wrapper, so ``src/`` carries no measuring code. It runs the program in this process
(``intervisie`` as its console script does: ``intervisie_tui.cli.main``; a ``.py`` file as
``__main__``) on the terminal it was started on, and watches what the program hands to Textual's
terminal driver: the first write whose text (escape sequences removed) completes the markers is
the first finished frame. At that moment it writes REPORT.json and leaves with ``os._exit`` (no
shutdown, no restoring the terminal: the benchmark closes the pty).

REPORT.json holds ``time.perf_counter()`` readings (CLOCK_MONOTONIC, shared by all processes,
so the benchmark can subtract its own launch time) and ``time.process_time()`` readings (CPU
time of this process since it started, which a busy machine stretches far less than wall time)
at the wrapper's first line, ``App.run`` called, the first output and the finished frame.

It also holds a ledger of that CPU time by activity, each moment charged to the innermost
activity running then (so nothing counts twice): importing modules, reading and parsing
stylesheets, applying styles to widgets, layout and painting (``Screen._refresh_layout``), and
the rest ("other": compose, mount, messages, the program's own code), split at ``App.run``. Plus
the stylesheet's size (sources, .tcss files, rules, sources actually parsed, full re-parses) and
the modules loaded by the first frame.

With ``--profile`` a cProfile of everything from the wrapper's first line to the finished frame
goes to OUT.prof; with ``--pyinstrument`` (if pyinstrument can be imported) a sampled call tree
goes to OUT.txt, which shows time spent between awaits in Textual's message loop better than
cProfile does.

Textual is not imported here before the program imports it: its classes are patched by an
import hook the moment the program loads them, so ``-X importtime`` shows the program's own
import order.
"""

import time

STARTED = time.perf_counter()
STARTED_CPU = time.process_time()

import json  # noqa: E402 - the clocks above come first
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from importlib import _bootstrap  # noqa: E402 - importlib.abc would cost ~10 ms

_ESCAPES = re.compile(r"\x1b(\[[0-9;?<=>!$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")

IMPORTS = "importing modules"
CSS_PARSE = "reading and parsing stylesheets"
CSS_APPLY = "applying styles to widgets"
PAINT = "layout and painting"
OTHER = "other (compose, mount, messages, own code)"


class Ledger:
    """CPU time by activity, each moment charged to the innermost activity (exclusive)."""

    def __init__(self) -> None:
        self.stack: list[str] = [OTHER]
        self.since = STARTED_CPU
        self.part = "before App.run"
        self.totals: dict[str, dict[str, float]] = {}

    def _charge(self) -> None:
        now = time.process_time()
        part = self.totals.setdefault(self.part, {})
        part[self.stack[-1]] = part.get(self.stack[-1], 0.0) + now - self.since
        self.since = now

    def enter(self, activity: str) -> None:
        self._charge()
        self.stack.append(activity)

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def next_part(self, name: str) -> None:
        self._charge()
        self.part = name

    def wrap(self, function, activity: str):
        ledger = self

        def charged(*args, **kwargs):
            ledger.enter(activity)
            try:
                return function(*args, **kwargs)
            finally:
                ledger.leave()

        return charged


class Watch:
    def __init__(self, report: str, markers: list[str], profiler: object | None) -> None:
        self.report = report
        self.markers = markers
        self.seen: set[str] = set()
        self.profiler = profiler
        self.ledger = Ledger()
        self.times: dict[str, float] = {"wrapper started": STARTED}
        self.cpu: dict[str, float] = {"wrapper started": STARTED_CPU}
        self.css_parses = 0  # sources actually parsed (not found in the stylesheet's cache)
        self.css_reparses = 0  # full re-parses (a theme set after start, a new screen's CSS)
        self.writes = 0

    def mark(self, name: str) -> None:
        if name not in self.times:
            self.times[name] = time.perf_counter()
            self.cpu[name] = time.process_time()

    def wrote(self, driver: object, data: str) -> None:
        self.writes += 1
        self.mark("first output")
        text = _ESCAPES.sub("", data)
        self.seen.update(marker for marker in self.markers if marker in text)
        if len(self.seen) == len(self.markers):
            self.finish(driver)

    def finish(self, driver: object) -> None:
        self.mark("finished frame")
        self.ledger.next_part("done")
        if self.profiler is not None:
            self.profiler.disable()  # type: ignore[attr-defined]
        if SAMPLER_OUT:
            session = SAMPLER.stop()  # type: ignore[attr-defined]
            with open(SAMPLER_OUT, "w", encoding="utf-8") as out:
                out.write(_sampler_text(session))
        app = getattr(driver, "_app", None)
        stylesheet = getattr(app, "stylesheet", None)
        sources = getattr(stylesheet, "source", {}) if stylesheet is not None else {}
        screen = getattr(app, "screen", None)
        widgets = list(screen.walk_children(with_self=True)) if screen is not None else []
        data = {
            "times": self.times,
            "cpu": self.cpu,
            "cpu_seconds": self.cpu["finished frame"],
            "ledger": self.ledger.totals,
            "writes": self.writes,
            "stylesheet": {
                "sources": len(sources),
                "default_css_sources": sum(1 for s in sources.values() if s.is_defaults),
                "files": sorted(str(path) for path, _ in sources if str(path).endswith(".tcss")),
                "rules": len(getattr(stylesheet, "rules", []) or []),
                "sources_parsed": self.css_parses,
                "reparses": self.css_reparses,
            },
            "screen": type(screen).__name__ if screen is not None else None,
            "widgets_on_screen": len(widgets),
            "widget_modules": sorted({cls.__module__ for w in widgets for cls in type(w).__mro__}),
            "modules": sorted(sys.modules),
        }
        with open(self.report, "w", encoding="utf-8") as out:
            json.dump(data, out)
        if self.profiler is not None and PROFILE_OUT:
            self.profiler.dump_stats(PROFILE_OUT)  # type: ignore[attr-defined]
        os._exit(0)


class Patcher:
    """Patch Textual's classes as the program imports them, and only then."""

    def __init__(self, watch: Watch) -> None:
        self.watch = watch

    def find_spec(self, name, path, target=None):
        if name not in PATCHES:
            return None
        sys.meta_path.remove(self)
        try:
            spec = _find(name, path)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module
        watch = self.watch

        def exec_module(module):
            original_exec(module)
            PATCHES[name](module, watch)

        loader.exec_module = exec_module
        return spec


def _find(name: str, path: object):
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        if find is None:
            continue
        spec = find(name, path)
        if spec is not None:
            return spec
    return None


def _patch_driver(module, watch: Watch) -> None:
    cls = module.LinuxDriver
    original = cls.write

    def write(self, data: str) -> None:
        original(self, data)
        watch.wrote(self, data)

    cls.write = write


def _patch_app(module, watch: Watch) -> None:
    original = module.App.run

    def run(self, *args, **kwargs):
        watch.mark("App.run called")
        watch.ledger.next_part("App.run to finished frame")
        return original(self, *args, **kwargs)

    module.App.run = run


def _patch_stylesheet(module, watch: Watch) -> None:
    cls, ledger = module.Stylesheet, watch.ledger
    for method in ("read_all", "parse", "add_source"):
        setattr(cls, method, ledger.wrap(getattr(cls, method), CSS_PARSE))
    reparse = ledger.wrap(cls.reparse, CSS_PARSE)

    def counted_reparse(*args, **kwargs):
        watch.css_reparses += 1
        return reparse(*args, **kwargs)

    cls.reparse = counted_reparse
    for method in ("apply", "update", "update_nodes"):
        setattr(cls, method, ledger.wrap(getattr(cls, method), CSS_APPLY))
    parse = module.parse

    def counted_parse(*args, **kwargs):
        watch.css_parses += 1
        return parse(*args, **kwargs)

    module.parse = counted_parse


def _patch_screen(module, watch: Watch) -> None:
    cls = module.Screen
    cls._refresh_layout = watch.ledger.wrap(cls._refresh_layout, PAINT)


PATCHES = {
    "textual.drivers.linux_driver": _patch_driver,
    "textual.app": _patch_app,
    "textual.css.stylesheet": _patch_stylesheet,
    "textual.screen": _patch_screen,
}
PROFILE_OUT = ""
SAMPLER_OUT = ""
SAMPLER: object = None


def _sampler_text(session: object) -> str:
    from pyinstrument.renderers import ConsoleRenderer

    renderer = ConsoleRenderer(unicode=True, color=False, show_all=False, short_mode=False)
    return renderer.render(session)  # type: ignore[arg-type]


def main(argv: list[str]) -> None:
    global PROFILE_OUT, SAMPLER_OUT, SAMPLER
    report, rest = argv[0], argv[1:]
    split = rest.index("--")
    options, command = rest[:split], rest[split + 1 :]
    markers = [options[i + 1] for i, opt in enumerate(options) if opt == "--marker"]
    if "--profile" in options:
        PROFILE_OUT = options[options.index("--profile") + 1]
    if "--pyinstrument" in options:
        SAMPLER_OUT = options[options.index("--pyinstrument") + 1]
    profiler = None
    if PROFILE_OUT:
        import cProfile

        profiler = cProfile.Profile()
    watch = Watch(report, markers, profiler)
    # Every import statement ends in importlib's _find_and_load, looked up on each call.
    _bootstrap._find_and_load = watch.ledger.wrap(_bootstrap._find_and_load, IMPORTS)
    sys.meta_path.insert(0, Patcher(watch))
    if SAMPLER_OUT:
        from pyinstrument import Profiler  # not a dependency: see bench/README.md

        SAMPLER = Profiler(interval=0.0005, async_mode="disabled")
        SAMPLER.start()  # type: ignore[attr-defined]
    if profiler is not None:
        profiler.enable()
    if command[0].endswith(".py"):
        import runpy

        sys.argv = command
        runpy.run_path(command[0], run_name="__main__")
        sys.exit(0)
    sys.path.pop(0)  # bench/, which the console script would not have
    from intervisie_tui.cli import main as intervisie

    sys.argv = ["intervisie", *command[1:]]
    sys.exit(intervisie(command[1:]))


if __name__ == "__main__":
    main(sys.argv[1:])
