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
time of this process since it started, less sensitive to a busy machine) at the wrapper's first
line, ``App.run`` called, the first output and the finished frame; the time spent reading and
parsing stylesheets, with the number of sources and rules; and the modules loaded by then.

With ``--profile`` a cProfile of everything from the wrapper's first line to the finished frame
goes to OUT.prof; with ``--pyinstrument`` (if pyinstrument can be imported) a sampled call tree
goes to OUT.txt, which shows time spent between awaits in Textual's message loop better than
cProfile does.

Imports of Textual are not made here before the program makes them: the driver is patched by an
import hook the moment the program imports it, so ``-X importtime`` shows the program's own
import order.
"""

import time

STARTED = time.perf_counter()
STARTED_CPU = time.process_time()

import json  # noqa: E402 - the clock above comes first
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from importlib.machinery import ModuleSpec  # noqa: E402 - importlib.abc would cost ~10 ms

_ESCAPES = re.compile(r"\x1b(\[[0-9;?<=>!$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)")


class Watch:
    def __init__(self, report: str, markers: list[str], profiler: object | None) -> None:
        self.report = report
        self.markers = markers
        self.seen: set[str] = set()
        self.profiler = profiler
        self.times: dict[str, float] = {"wrapper started": STARTED}
        # process_time() (user + system since the process started) at the same moments
        self.cpu: dict[str, float] = {"wrapper started": STARTED_CPU}
        self.css_seconds = 0.0  # outermost Stylesheet.read_all/parse/reparse/add_source
        self.css_calls = 0
        self.css_depth = 0
        self.css_parses = 0  # sources actually parsed (not found in the stylesheet's cache)
        self.css_parse_seconds = 0.0
        self.theme_reparses = 0
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
            "writes": self.writes,
            "stylesheet": {
                "seconds": self.css_seconds,
                "calls": self.css_calls,
                "sources_parsed": self.css_parses,
                "parse_seconds": self.css_parse_seconds,
                "reparses": self.theme_reparses,
                "sources": len(sources),
                "default_css_sources": sum(1 for s in sources.values() if s.is_defaults),
                "files": sorted(str(path) for path, _ in sources if str(path).endswith(".tcss")),
                "rules": len(getattr(stylesheet, "rules", []) or []),
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
        original_exec = loader.exec_module  # type: ignore[attr-defined]
        watch = self.watch

        def exec_module(module):
            original_exec(module)
            PATCHES[name](module, watch)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _find(name: str, path: object) -> ModuleSpec | None:
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
        return original(self, *args, **kwargs)

    module.App.run = run


def _patch_stylesheet(module, watch: Watch) -> None:
    for method in ("read_all", "parse", "add_source", "reparse"):
        original = getattr(module.Stylesheet, method)

        def timed(self, *args, __original=original, __name=method, **kwargs):
            if __name == "reparse":
                watch.theme_reparses += 1
            if watch.css_depth:
                return __original(self, *args, **kwargs)
            watch.css_depth += 1
            start = time.perf_counter()
            try:
                return __original(self, *args, **kwargs)
            finally:
                watch.css_depth -= 1
                watch.css_seconds += time.perf_counter() - start
                watch.css_calls += 1

        setattr(module.Stylesheet, method, timed)
    parse = module.parse

    def counted_parse(*args, **kwargs):
        start = time.perf_counter()
        try:
            return list(parse(*args, **kwargs))
        finally:
            watch.css_parses += 1
            watch.css_parse_seconds += time.perf_counter() - start

    module.parse = counted_parse


PATCHES = {
    "textual.drivers.linux_driver": _patch_driver,
    "textual.app": _patch_app,
    "textual.css.stylesheet": _patch_stylesheet,
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
    from intervisie_tui.cli import main as intervisie

    sys.path.pop(0)  # bench/, which the console script would not have
    sys.argv = ["intervisie", *command[1:]]
    sys.exit(intervisie(command[1:]))


if __name__ == "__main__":
    main(sys.argv[1:])
