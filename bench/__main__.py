"""``python -m bench [NAME ...] [--rounds N]``: run benchmarks, print a report, save JSON.

Each benchmark is a module in this package with ``run(rounds: int | None) -> Report``; list it
in ``BENCHMARKS`` to have ``python -m bench`` run it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence

BENCHMARKS = [
    "save_session",
    "startup",
    "idle_cpu",
    "timer_accuracy",
    "list_sessions",
    "show_startup",
    "keystroke",
    "startup_profile",
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"default: all of {BENCHMARKS}")
    parser.add_argument("--rounds", type=int, help="samples per side (default: per benchmark)")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS)}")
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    for name in args.names or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        report = module.run(args.rounds)
        report.seconds = time.perf_counter() - started
        print(report.render())
        print(f"  results: {report.write()}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
