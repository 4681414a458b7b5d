"""The ``intervisie`` command.

Subcommands that only read files (validate, protocols, schema, sessions, show, export, prepare,
stats, purge) never import Textual, so they start fast and work over SSH or in CI; the
interactive ones import the UI lazily. The engine's models (pydantic) are imported inside the
commands that need them too: ``show`` and ``export`` of a session that an earlier listing
validated need neither (see ``engine/listing.py``), which keeps their start-up short.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui import ENV_DEBUG, __version__
from intervisie_tui.engine.clock import MAX_REHEARSAL_SPEED
from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.problems import FileProblems

if TYPE_CHECKING:
    from datetime import date

    from intervisie_tui.documents.common import SessionDocument
    from intervisie_tui.engine.catalog import Catalog, CatalogEntry
    from intervisie_tui.engine.listing import SessionSummary
    from intervisie_tui.engine.stats import PhaseStats

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a fault of this program, not of the user's files


def _minutes(value: float) -> str:
    return f"{value:g}"


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that subcommand (a quicker start, same result)."""
    parser = argparse.ArgumentParser(
        prog="intervisie",
        description=(
            "Getimede intervisie voor teams van leerkrachten. Zonder opdracht: het startscherm."
        ),
    )
    parser.add_argument("--version", action="version", version=f"intervisie-tui {__version__}")
    parser.add_argument(
        "--protocols-dir", type=Path, help="extra map met protocollen (wint bij gelijke id)"
    )
    parser.add_argument(
        "--sessions-dir", type=Path, help="map voor sessiebestanden (standaard ./sessions)"
    )
    parser.add_argument(
        "--speed",
        type=_positive_float,
        default=None,
        help="oefenmodus: de klok loopt N keer zo snel",
    )
    commands = _Subcommands(parser.add_subparsers(dest="command", metavar="OPDRACHT"), only)

    validate = commands.add_parser("validate", help="controleer protocolbestanden")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")

    listing = commands.add_parser("protocols", help="toon de beschikbare protocollen")
    listing.add_argument("--json", action="store_true", help="uitvoer als JSON")

    schema = commands.add_parser("schema", help="druk het JSON Schema af van een bestandsformaat")
    schema.add_argument("kind", choices=["session", "protocol"])

    run = commands.add_parser("run", help="start een nieuwe sessie met PROTOCOL")
    run.add_argument(
        "protocol", metavar="PROTOCOL", help="id van het protocol of pad naar een .toml"
    )

    resume = commands.add_parser("resume", help="ga verder met een sessie die nog loopt")
    resume.add_argument(
        "session", nargs="?", metavar="SESSION", help="pad of id (standaard: de laatste)"
    )

    beamer = commands.add_parser(
        "beamer", help="toon de lopende sessie in een tweede venster voor de beamer (alleen lezen)"
    )
    beamer.add_argument(
        "session", nargs="?", metavar="SESSION", help="pad of id (standaard: de sessie die loopt)"
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
        metavar="DAYS",
        help=f"met --due: evaluatiedatum binnen DAYS dagen (standaard {DUE_DAYS}) of verstreken",
    )
    _sessions_dir_option(sessions)

    show = commands.add_parser("show", help="toon een sessie in de terminal, afspraken eerst")
    show.add_argument("session", metavar="SESSION", help="pad, id of begin van een id")
    _sessions_dir_option(show)

    export = commands.add_parser("export", help="maak een leesbaar document van een sessie")
    export.add_argument("session", metavar="SESSION", help="pad, id of begin van een id")
    export.add_argument(
        "--format", choices=["md", "html"], help="md (standaard) of html (afdrukken op A4)"
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="schrijf naar FILE (standaard: stdout)"
    )
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
    prepare.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="schrijf naar FILE (standaard: stdout)"
    )

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
        metavar="DAYS",
        help="verwijder sessies die meer dan DAYS dagen geleden gehouden zijn",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="toon alleen wat weg zou gaan; verwijder niets"
    )
    _sessions_dir_option(purge)
    return parser


DUE_DAYS = 14
_FAST_COMMANDS = ("sessions", "show", "export", "stats", "purge", "prepare")


def _sessions_dir_option(command: argparse.ArgumentParser) -> None:
    # Also accepted after the command; SUPPRESS keeps the one before it when this one is absent.
    command.add_argument(
        "--sessions-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def _days(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"geen geheel aantal dagen: {text!r}") from None
        if not minimum <= value <= 100_000:
            raise argparse.ArgumentTypeError(f"moet minstens {minimum} zijn")
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


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return cmd_validate(args.files)
    if args.command == "protocols":
        from intervisie_tui.engine.catalog import load_catalog

        return cmd_protocols(load_catalog(args.protocols_dir), as_json=args.json)
    if args.command == "schema":
        from intervisie_tui.engine.protocol import Protocol
        from intervisie_tui.engine.session import Session

        model = Session if args.kind == "session" else Protocol
        print(
            json.dumps(model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False)
        )
        return EXIT_OK
    session_commands = {
        "sessions": cmd_sessions,
        "show": cmd_show,
        "export": cmd_export,
        "prepare": cmd_prepare,
        "stats": cmd_stats,
        "purge": cmd_purge,
    }
    if args.command in session_commands:
        return session_commands[args.command](args)
    if args.command == "beamer":
        from intervisie_tui.ui.beamer import launch_beamer

        return launch_beamer(args)
    from intervisie_tui.launch import launch

    return launch(args)


def sessions_dir(explicit: Path | None) -> Path:
    """As ``store.sessions_dir`` (kept in step by a test), without importing the models."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get("INTERVISIE_SESSIONS_DIR")
    return Path(from_env) if from_env else Path("sessions")


def _fail(message: object) -> int:
    print(message, file=sys.stderr)
    return EXIT_INVALID


def _checked_sessions_dir(args: argparse.Namespace, *, write: bool = False) -> Path:
    """The sessions folder, checked before anything is read: a warning line on stderr for each
    privacy problem; raises _Refused (one line) for a folder that cannot be used."""
    from intervisie_tui.engine.folders import SessionsDirError, check_sessions_dir

    directory = sessions_dir(args.sessions_dir)
    try:
        warnings = check_sessions_dir(directory, write=write)
    except SessionsDirError as problem:
        raise _Refused(str(problem)) from None
    for warning in warnings:
        print(warning, file=sys.stderr)
    return directory


def cmd_validate(files: list[Path]) -> int:
    from intervisie_tui.engine.protocol_loader import load_protocol

    status = EXIT_OK
    for path in files:
        try:
            loaded = load_protocol(path)
        except FileProblems as bad:
            status = EXIT_INVALID
            for problem in bad.problems:
                print(problem, file=sys.stderr)
            continue
        protocol = loaded.protocol
        print(
            f"{printable_path(path)}: OK — {protocol.id}: {len(protocol.phases)} fasen, "
            f"{_minutes(protocol.total_minutes)} minuten, volgorde {protocol.order.value}"
        )
    return status


def _entry_json(entry: CatalogEntry) -> dict[str, object]:
    protocol = entry.loaded.protocol
    return {
        "id": protocol.id,
        "title": protocol.title,
        "order": protocol.order.value,
        "total_minutes": protocol.total_minutes,
        "phases": [{"id": p.id, "title": p.title, "minutes": p.minutes} for p in protocol.phases],
        "file": printable_path(entry.loaded.path),
        "origin": entry.origin,
        "overrides": [printable_path(p) for p in entry.overrides],
    }


def cmd_protocols(catalog: Catalog, *, as_json: bool) -> int:
    entries = catalog.sorted_entries()
    if as_json:
        payload = {
            "protocols": [_entry_json(e) for e in entries],
            "problems": [str(p) for p in catalog.problems],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for entry in entries:
            protocol = entry.loaded.protocol
            phases = ", ".join(f"{p.title} ({_minutes(p.minutes)})" for p in protocol.phases)
            print(
                f"{protocol.id} — {protocol.title} [{protocol.order.value}, "
                f"{_minutes(protocol.total_minutes)} min]"
            )
            print(f"    fasen: {phases}")
            won = f"    bestand: {printable_path(entry.loaded.path)} ({entry.origin})"
            if entry.overrides:
                won += " — vervangt " + ", ".join(printable_path(p) for p in entry.overrides)
            print(won)
        for problem in catalog.problems:
            print(f"overgeslagen: {problem}", file=sys.stderr)
    return EXIT_INVALID if catalog.problems and not entries else EXIT_OK


# -- after the meeting: sessions, show, export, prepare, stats, purge -----------------------------


def cmd_sessions(args: argparse.Namespace) -> int:
    """The list of sessions; bad files are named on stderr. Exit 2 only when the folder has bad
    files and not a single readable session (as ``protocols``); otherwise 0."""
    from datetime import date

    from intervisie_tui.engine.listing import scan_sessions

    try:
        directory = _checked_sessions_dir(args)
    except _Refused as problem:
        return _fail(problem)
    scan = scan_sessions(directory, index=True)
    today = date.today()
    shown = scan.due(today, args.within) if args.due else scan.sessions
    if args.json:
        payload = {
            "sessions": [
                {
                    **s.to_json(),
                    "path": printable_path(s.path),
                    "evaluation_due": s.evaluation_due(today, args.within),
                }
                for s in shown
            ],
            "problems": [str(p) for p in scan.problems],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    elif shown:
        print(_session_table(shown, today, args.within))
    for problem in scan.problems:
        print(f"overgeslagen: {problem}", file=sys.stderr)
    if not shown and not args.json:
        if args.due and scan.sessions:
            print(f"geen afspraken om te evalueren binnen {args.within} dagen", file=sys.stderr)
        elif not scan.problems:
            print(f"geen sessies in {printable_path(directory)}", file=sys.stderr)
    return EXIT_INVALID if scan.problems and not scan.sessions else EXIT_OK


_STATUS = {"in_progress": "loopt nog", "completed": "afgerond", "abandoned": "afgebroken"}


def _session_table(rows: list[SessionSummary], today: date, within: int) -> str:
    from intervisie_tui.documents.common import dutch_date, dutch_datetime, one_line

    header = ("DATUM", "ID", "PROTOCOL", "CASUS", "STATUS", "AFSPRAKEN", "EVALUATIE")
    table = [header]
    for s in rows:
        status = _STATUS.get(s.status.value, s.status.value)
        if s.rehearsal:
            status += " (oefening)"
        agreements = str(s.agreements)
        if s.open_agreements and s.open_agreements != s.agreements:
            agreements += f" ({s.open_agreements} open)"
        evaluation = "" if s.next_evaluation is None else dutch_date(s.next_evaluation)
        if s.next_evaluation is not None and s.evaluation_due(today, within):
            evaluation += " (te laat)" if s.next_evaluation < today else " (binnenkort)"
        table.append(
            (
                dutch_datetime(s.created_at),
                s.id,
                _cut(one_line(s.protocol_title), 36),
                _cut(one_line(s.pupil), 16) or "—",
                status,
                agreements,
                evaluation,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _read_document(args: argparse.Namespace, *, anonymous: bool = False) -> SessionDocument:
    """The session named on the command line as a document; raises _Refused with one line.

    A file that the folder's index lists as valid (validated by an earlier listing and not
    changed since) is rendered straight from its JSON; any other file is validated in full and,
    when it is in the sessions folder, remembered in the index for next time.
    """
    from intervisie_tui.documents.common import document_from_json, document_of
    from intervisie_tui.engine.listing import find_session, indexed_as_valid, remember

    directory = _checked_sessions_dir(args)
    try:
        path = find_session(directory, args.session)
    except LookupError as problem:
        raise _Refused(str(problem)) from None
    in_folder = _same_folder(path, directory)
    if in_folder and indexed_as_valid(path):
        try:
            return document_from_json(json.loads(path.read_bytes()), anonymous=anonymous)
        except Exception:  # changed or unexpected after all: validate it properly below
            pass
    from intervisie_tui.engine.store import load_session

    try:
        session = load_session(path)
    except FileProblems as bad:
        raise _Refused(str(bad.problems[0])) from None
    if in_folder:
        remember(path, session)
    return document_of(session, anonymous=anonymous)


class _Refused(Exception):
    """A reason to stop, printed as one line with exit status 2."""


def _same_folder(path: Path, directory: Path) -> bool:
    try:
        return path.resolve().parent == directory.resolve()
    except OSError:
        return False


def cmd_show(args: argparse.Namespace) -> int:
    try:
        document = _read_document(args)
    except _Refused as problem:
        return _fail(problem)
    from rich.console import Console

    from intervisie_tui.documents.terminal import render_terminal

    Console(highlight=False, emoji=False).print(render_terminal(document))
    return EXIT_OK


def _output_format(explicit: str | None, output: Path | None) -> str:
    if explicit:
        return explicit
    if output is not None and output.suffix.lower() in (".html", ".htm"):
        return "html"
    return "md"


def _deliver(text: str, output: Path | None, directory: Path | None = None) -> int:
    """To stdout, or written atomically with mode 0600 to ``output``."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return EXIT_OK
    from intervisie_tui.documents.common import write_private
    from intervisie_tui.engine.atomic import RefusedTarget, check_export_target

    shown = printable_path(output)
    try:
        check_export_target(output, directory)
        write_private(output, text.encode("utf-8"))
    except RefusedTarget as refused:
        return _fail(f"{shown}: {refused.strerror}")
    except OSError as error:
        return _fail(f"{shown}: kan niet schrijven: {error.strerror or error}")
    print(f"geschreven: {shown}", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    try:
        document = _read_document(args, anonymous=args.anonymous)
    except _Refused as problem:
        return _fail(problem)
    if _output_format(args.format, args.output) == "html":
        from intervisie_tui.documents.html import render_html

        text = render_html(document)
    else:
        from intervisie_tui.documents.markdown import render_markdown

        text = render_markdown(document)
    return _deliver(text, args.output, sessions_dir(args.sessions_dir))


def cmd_prepare(args: argparse.Namespace) -> int:
    from intervisie_tui.documents.preparation import render_preparation
    from intervisie_tui.launch import LaunchError, resolve_protocol

    try:
        entry = resolve_protocol(args.protocol, args.protocols_dir)
    except FileProblems as bad:
        return _fail(bad.problems[0])
    except LaunchError as problem:
        return _fail(problem)
    text = render_preparation(entry.loaded.protocol, _output_format(args.format, args.output))
    return _deliver(text, args.output)


def cmd_stats(args: argparse.Namespace) -> int:
    from intervisie_tui.engine.listing import scan_sessions
    from intervisie_tui.engine.stats import counted_sessions, protocol_stats, protocols_with_stats

    try:
        directory = _checked_sessions_dir(args)
    except _Refused as problem:
        return _fail(problem)
    scan = scan_sessions(directory, index=True)
    for problem in scan.problems:
        print(f"overgeslagen: {problem}", file=sys.stderr)
    sessions = counted_sessions(directory, args.protocol, index=True)
    protocols = protocols_with_stats(sessions)
    if args.protocol is not None and not protocols:
        known = sorted({s.protocol_id for s in scan.sessions})
        hint = f" (wel sessies van: {', '.join(known)})" if known else ""
        where = printable_path(directory)
        return _fail(f"geen afgeronde sessies van protocol {args.protocol!r} in {where}{hint}")
    results = [
        (pid, title, count, protocol_stats(sessions, pid)) for pid, title, count in protocols
    ]
    if args.json:
        payload = {
            "protocols": [
                {
                    "id": pid,
                    "title": title,
                    "sessions": count,
                    "phases": [
                        {
                            "phase_id": p.phase_id,
                            "title": p.title,
                            "planned_minutes": p.planned_minutes,
                            "samples": p.samples,
                            "skipped": p.skipped,
                            "median_minutes": p.median_minutes,
                            "q1_minutes": p.q1_minutes,
                            "q3_minutes": p.q3_minutes,
                            "min_minutes": p.min_minutes,
                            "max_minutes": p.max_minutes,
                            "overrun_count": p.overrun_count,
                            "overrun_share": p.overrun_share,
                        }
                        for p in phases
                    ],
                }
                for pid, title, count, phases in results
            ],
            "problems": [str(p) for p in scan.problems],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not results:
        print(f"nog geen afgeronde sessies in {printable_path(directory)}", file=sys.stderr)
        return EXIT_OK
    blocks = [_stats_block(pid, title, count, phases) for pid, title, count, phases in results]
    print("\n\n".join(blocks))
    return EXIT_OK


def _stats_block(pid: str, title: str, count: int, phases: list[PhaseStats]) -> str:
    from intervisie_tui.documents.common import clock, one_line

    def mm(value: float | None) -> str:
        return "—" if value is None else clock(value * 60)

    sessions = "sessie" if count == 1 else "sessies"
    lines = [f"{one_line(title)} ({pid}): {count} afgeronde {sessions}"]
    header = ("FASE", "GEPLAND", "MEDIAAN", "SPREIDING (Q1–Q3)", "MIN–MAX", "TE LANG")
    table = [header]
    for number, p in enumerate(phases, start=1):
        over = "—"
        if p.samples:
            over = f"{p.overrun_count}/{p.samples} ({p.overrun_share:.0%})"
        if p.skipped:
            over += f", {p.skipped}x overgeslagen"
        table.append(
            (
                f"{number}. {_cut(one_line(p.title), 40)}",
                mm(p.planned_minutes),
                mm(p.median_minutes),
                "—" if p.q1_minutes is None else f"{mm(p.q1_minutes)}–{mm(p.q3_minutes)}",
                "—" if p.min_minutes is None else f"{mm(p.min_minutes)}–{mm(p.max_minutes)}",
                over,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines += [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines.append(
        "Te lang: meer dan een halve minuut over de geplande tijd. "
        "Alleen afgeronde sessies, geen oefensessies."
    )
    return "\n".join(lines)


def cmd_purge(args: argparse.Namespace) -> int:
    """Lists what goes and deletes it (nothing with --dry-run); asks nothing. Unreadable files
    and sessions open in another program are never deleted; they are named on stderr."""
    from datetime import datetime, timedelta

    from intervisie_tui.documents.common import dutch_date, one_line
    from intervisie_tui.engine.retention import purge, retention_plan

    try:
        directory = _checked_sessions_dir(args, write=not args.dry_run)
    except _Refused as problem:
        return _fail(problem)
    now = datetime.now().astimezone()
    plan = retention_plan(directory, args.older_than, now, index=not args.dry_run)
    cutoff = dutch_date((now - timedelta(days=args.older_than)).date())
    for problem in plan.problems:
        print(f"overgeslagen, onleesbaar (niet verwijderd): {problem}", file=sys.stderr)
    for summary in plan.locked:
        print(
            f"overgeslagen, geopend in een ander programma: {printable_path(summary.path)}",
            file=sys.stderr,
        )

    def describe(s: SessionSummary) -> str:
        pupil = one_line(s.pupil) or "—"
        return (
            f"{printable_path(s.path)}  ({s.created_at:%d-%m-%Y}, "
            f"{one_line(s.protocol_title)}, casus {pupil})"
        )

    if args.dry_run:
        for summary in plan.expired:
            print(f"zou verwijderen: {describe(summary)}")
        print(
            f"{len(plan.expired)} sessie(s) van vóór {cutoff} zouden verwijderd worden "
            "(--dry-run: niets verwijderd)"
        )
        return EXIT_OK
    deleted = set(purge([s.path for s in plan.expired]))
    failed = 0
    for summary in plan.expired:
        if summary.path in deleted:
            print(f"verwijderd: {describe(summary)}")
        else:
            failed += 1
            print(
                f"niet verwijderd (in gebruik of geen rechten): {printable_path(summary.path)}",
                file=sys.stderr,
            )
    print(f"{len(deleted)} sessie(s) van vóór {cutoff} verwijderd")
    return EXIT_INVALID if failed else EXIT_OK
