"""The ``intervisie`` command: its parser, and the dispatch to one module per group of commands.

- ``protocols``: validate (also ``--watch``), protocols, ``protocols copy``, schema;
- ``sessions``: sessions, show, stats, purge (what the sessions folder holds);
- ``documents``: export, prepare (a document to read or send);
- ``run``, ``resume``, ``adapt`` and ``beamer`` open a window (``launch``, ``ui.beamer``).

Subcommands that only read files never import Textual, so they start fast and work over SSH or
in CI; the interactive ones import the UI lazily. The engine's models (pydantic) are imported
inside the commands that need them too: ``show`` and ``export`` of a session that an earlier
listing validated need neither (see ``engine/listing.py``), which keeps their start-up short.
This module imports only the one group of commands that runs, and only once it runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from intervisie_tui import ENV_DEBUG, __version__
from intervisie_tui.cli.common import EXIT_INTERNAL, EXIT_OK, sessions_dir
from intervisie_tui.cli.parser import DutchParser
from intervisie_tui.engine.clock import MAX_REHEARSAL_SPEED

__all__ = ["EXIT_INTERNAL", "main", "sessions_dir"]


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that subcommand (a quicker start, same result)."""
    parser = DutchParser(
        prog="intervisie",
        description=(
            "Getimede intervisie voor teams van leerkrachten. Zonder opdracht: het startscherm."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"intervisie-tui {__version__}",
        help="toon het versienummer en stop",
    )
    parser.add_argument(
        "--protocols-dir",
        type=Path,
        metavar="MAP",
        help="extra map met protocollen (wint bij gelijke id)",
    )
    parser.add_argument(
        "--sessions-dir",
        type=Path,
        metavar="MAP",
        help="map voor sessiebestanden (standaard ./sessions)",
    )
    parser.add_argument(
        "--speed",
        type=_positive_float,
        default=None,
        metavar="N",
        help="oefenmodus: de klok loopt N keer zo snel",
    )
    commands = _Subcommands(parser.add_subparsers(dest="command", metavar="OPDRACHT"), only)

    validate = commands.add_parser("validate", help="controleer protocolbestanden")
    validate.add_argument("files", nargs="+", type=Path, metavar="BESTAND")
    validate.add_argument(
        "--watch",
        action="store_true",
        help="controleer BESTAND opnieuw telkens als het bewaard wordt (ctrl+c stopt)",
    )

    listing = commands.add_parser(
        "protocols",
        help="toon de beschikbare protocollen",
        description="Zonder ACTIE: de beschikbare protocollen en uit welk bestand elk komt.",
    )
    listing.add_argument("--json", action="store_true", help="uitvoer als JSON")
    actions = listing.add_subparsers(dest="action", metavar="ACTIE")
    copy = actions.add_parser(
        "copy", help="kopieer een protocol naar de eigen map (./protocols) om het aan te passen"
    )
    copy.add_argument("protocol", metavar="ID", help="id van het protocol of pad naar een .toml")
    copy.add_argument(
        "new_id",
        nargs="?",
        metavar="NIEUWE_ID",
        help="id van de kopie (standaard: hetzelfde; de kopie gaat dan voor het origineel)",
    )
    copy.add_argument(
        "--force",
        action="store_true",
        help="vervang een bestaand bestand (de vorige versie blijft ernaast bewaard)",
    )

    adapt = commands.add_parser("adapt", help="pas PROTOCOL aan op het scherm")
    adapt.add_argument(
        "protocol", metavar="PROTOCOL", help="id van het protocol of pad naar een .toml"
    )

    schema = commands.add_parser("schema", help="het JSON Schema van een bestandsformaat")
    schema.add_argument(
        "kind", choices=["session", "protocol"], metavar="SOORT", help="session of protocol"
    )
    _output_option(schema)

    run = commands.add_parser("run", help="start een nieuwe sessie met PROTOCOL")
    run.add_argument(
        "protocol", metavar="PROTOCOL", help="id van het protocol of pad naar een .toml"
    )

    resume = commands.add_parser("resume", help="ga verder met een sessie die nog loopt")
    resume.add_argument(
        "session", nargs="?", metavar="SESSIE", help="pad of id (standaard: de laatste)"
    )

    beamer = commands.add_parser(
        "beamer", help="toon de lopende sessie in een tweede venster voor de beamer (alleen lezen)"
    )
    beamer.add_argument(
        "session", nargs="?", metavar="SESSIE", help="pad of id (standaard: de sessie die loopt)"
    )
    _sessions_dir_option(beamer)

    sessions = commands.add_parser("sessions", help="toon alle sessies in de sessiemap")
    sessions.add_argument("--json", action="store_true", help="uitvoer als JSON")
    sessions.add_argument(
        "--due", action="store_true", help="alleen sessies met afspraken om te evalueren"
    )
    sessions.add_argument(
        "--within",
        type=_days(0),
        default=DUE_DAYS,
        metavar="DAGEN",
        help=f"met --due: evaluatiedatum binnen DAGEN dagen (standaard {DUE_DAYS}) of verstreken",
    )
    _sessions_dir_option(sessions)

    show = commands.add_parser("show", help="toon een sessie in de terminal, afspraken eerst")
    show.add_argument("session", metavar="SESSIE", help="pad, id of begin van een id")
    _sessions_dir_option(show)

    export = commands.add_parser("export", help="maak een leesbaar document van een sessie")
    export.add_argument("session", metavar="SESSIE", help="pad, id of begin van een id")
    export.add_argument(
        "--format", choices=["md", "html"], help="md (standaard) of html (afdrukken op A4)"
    )
    _output_option(export)
    export.add_argument(
        "--anonymous", action="store_true", help="laat de namen van de deelnemers weg"
    )
    _sessions_dir_option(export)

    prepare = commands.add_parser(
        "prepare", help="het voorbereidingsformulier van een protocol, om vooraf te versturen"
    )
    prepare.add_argument(
        "protocol", metavar="PROTOCOL", help="id van het protocol of pad naar een .toml"
    )
    prepare.add_argument("--format", choices=["md", "html"], help="md (standaard) of html")
    _output_option(prepare)

    stats = commands.add_parser(
        "stats", help="geplande tegen werkelijke tijd per fase, over afgeronde sessies"
    )
    stats.add_argument(
        "protocol", nargs="?", metavar="PROTOCOL", help="id van het protocol (standaard: alle)"
    )
    stats.add_argument("--json", action="store_true", help="uitvoer als JSON")
    _sessions_dir_option(stats)

    purge = commands.add_parser(
        "purge", help="verwijder sessiebestanden ouder dan de bewaartermijn"
    )
    purge.add_argument(
        "--older-than",
        type=_days(1),
        required=True,
        metavar="DAGEN",
        help="verwijder sessies die meer dan DAGEN dagen geleden gehouden zijn",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="toon alleen wat weg zou gaan; verwijder niets"
    )
    _sessions_dir_option(purge)
    return parser


DUE_DAYS = 14  # the --within default of `sessions --due`
_FAST_COMMANDS = ("sessions", "show", "export", "stats", "purge", "prepare")


def _output_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="BESTAND",
        help="schrijf naar BESTAND (standaard: naar het scherm)",
    )


def _sessions_dir_option(command: argparse.ArgumentParser) -> None:
    # Also accepted after the command; SUPPRESS keeps the one before it when this one is absent.
    command.add_argument(
        "--sessions-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


MAX_DAYS = 100_000


def _days(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"geen geheel aantal dagen: {text!r}") from None
        if not minimum <= value <= MAX_DAYS:
            raise argparse.ArgumentTypeError(f"moet tussen {minimum} en {MAX_DAYS} liggen")
        return value

    return parse


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen getal: {text!r}") from None
    if not 0 < value <= MAX_REHEARSAL_SPEED:
        raise argparse.ArgumentTypeError(f"moet tussen 0 en {MAX_REHEARSAL_SPEED:g} liggen")
    return value


class _Subcommands:
    """Adds subcommands; when only one is wanted, the others become throw-away parsers."""

    def __init__(self, actions: argparse._SubParsersAction, only: str | None) -> None:  # type: ignore[type-arg]
        self.actions = actions
        self.only = only

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        if self.only is None or name == self.only:
            return self.actions.add_parser(name, **kwargs)  # type: ignore[arg-type]
        return _Ignored()  # type: ignore[return-value]


class _Ignored:
    """Stands in for the parser of a subcommand that is not being parsed."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        pass

    def add_subparsers(self, **kwargs: object) -> _Ignored:
        return self

    def add_parser(self, name: str, **kwargs: object) -> _Ignored:
        return self


_OPTIONS_WITH_VALUE = ("--protocols-dir", "--sessions-dir", "--speed")


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand in ``argv`` if it can be told without parsing, else None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _OPTIONS_WITH_VALUE:
            skip = True
        elif arg.startswith("-"):
            if arg in ("-h", "--help", "--version") or "=" not in arg:
                return None
        else:
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _command_of(argv)
    args = _parser(command if command in _FAST_COMMANDS else None).parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `intervisie sessions | head`: the reader left; not an error worth a traceback.
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        # A traceback would print the local variables' values: a child's data. One line,
        # and the details only for whoever asks for them.
        if os.environ.get(ENV_DEBUG):
            raise
        print(
            f"intervisie: interne fout ({type(error).__name__}); er wordt niets uit de sessies "
            f"getoond. Zet {ENV_DEBUG}=1 voor de details en meld het.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# command -> (module of this package, function); the module is imported when the command runs.
_COMMANDS = {
    "validate": ("protocols", "cmd_validate"),
    "protocols": ("protocols", "cmd_protocols"),
    "schema": ("protocols", "cmd_schema"),
    "sessions": ("sessions", "cmd_sessions"),
    "show": ("sessions", "cmd_show"),
    "stats": ("sessions", "cmd_stats"),
    "purge": ("sessions", "cmd_purge"),
    "export": ("documents", "cmd_export"),
    "prepare": ("documents", "cmd_prepare"),
}


def _dispatch(args: argparse.Namespace) -> int:
    if args.command in _COMMANDS:
        module, function = _COMMANDS[args.command]
        handler = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        return handler(args)
    from intervisie_tui.gc_pause import paused_while_starting

    with paused_while_starting():
        if args.command == "beamer":
            from intervisie_tui.ui.beamer import launch_beamer

            return launch_beamer(args)
        from intervisie_tui.launch import launch

        return launch(args)
