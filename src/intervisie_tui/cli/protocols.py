"""Commands about protocol files: ``validate`` (once or on every save), ``protocols`` (the list,
and ``protocols copy`` to start an own version) and ``schema``.

None imports Textual; the engine's models are imported inside each command. ``validate`` prints
the lines of ``engine.protocol_check``, which the adapt screen shows too, so the two cannot
disagree about a file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.cli.common import EXIT_INVALID, EXIT_OK, deliver, fail, minutes
from intervisie_tui.engine.display import printable, printable_path
from intervisie_tui.engine.problems import FileProblems

if TYPE_CHECKING:
    from intervisie_tui.engine.catalog import Catalog, CatalogEntry
    from intervisie_tui.engine.protocol_check import Checked
    from intervisie_tui.engine.protocol_loader import LoadedProtocol


def cmd_validate(args: argparse.Namespace) -> int:
    from intervisie_tui.engine.protocol_check import check_file

    if args.watch:
        if len(args.files) != 1:
            return fail("validate --watch: geef één bestand om te bewaken")
        return _watch(args.files[0])
    status = EXIT_OK
    for path in args.files:
        checked = check_file(path)
        _print_checked(checked)
        if not checked.ok:
            status = EXIT_INVALID
    return status


def _print_checked(checked: Checked, heading: str | None = None) -> None:
    """A good file's summary on stdout, a bad file's problems on stderr, each line printable
    (a file name may hold an escape or a newline)."""
    stream = sys.stdout if checked.ok else sys.stderr
    if heading is not None:
        print(heading, file=stream)
    for line in checked.lines():
        print(printable(line), file=stream)
    stream.flush()


def _watch(path: Path) -> int:
    """Until ctrl+c, which ends it as the normal way out: exit 0, no traceback, no message."""
    from datetime import datetime

    from intervisie_tui.engine.protocol_check import watch

    print(
        f"bewaakt {printable_path(path)}: opnieuw gecontroleerd bij elke wijziging (ctrl+c stopt)",
        file=sys.stderr,
        flush=True,
    )

    def report(checked: Checked) -> None:
        _print_checked(checked, f"-- {datetime.now():%H:%M:%S} --")

    with contextlib.suppress(KeyboardInterrupt):
        watch(path, report)
    return EXIT_OK


def cmd_protocols(args: argparse.Namespace) -> int:
    if args.action == "copy":
        return _copy(args)
    from intervisie_tui.engine.catalog import load_catalog

    return list_protocols(load_catalog(args.protocols_dir), as_json=args.json)


def _copy(args: argparse.Namespace) -> int:
    """``protocols copy ID [NEW_ID]``: the file with its comments, into the own folder."""
    from datetime import datetime

    from intervisie_tui.engine.protocol_copy import copy_protocol
    from intervisie_tui.engine.protocol_writer import WriteRefused, user_protocols_dir
    from intervisie_tui.launch import LaunchError, resolve_protocol

    directory = user_protocols_dir(args.protocols_dir)
    try:
        entry = resolve_protocol(args.protocol, args.protocols_dir)
        source = _copy_source(entry, directory / f"{args.new_id or entry.loaded.protocol.id}.toml")
        copied = copy_protocol(
            source,
            directory,
            args.new_id,
            now=datetime.now().astimezone(),
            force=args.force,
        )
    except FileProblems as bad:
        return fail(bad.problems[0])
    except (LaunchError, WriteRefused) as problem:
        return fail(printable(str(problem)))
    for line in copied.report():
        print(printable(line))
    return EXIT_OK


def _copy_source(entry: CatalogEntry, target: Path) -> LoadedProtocol:
    """The file the catalog uses for the id, unless that is the target itself: then the one it
    takes the place of, so that ``copy ID --force`` starts again from the built-in version."""
    from intervisie_tui.engine.protocol_loader import load_protocol
    from intervisie_tui.engine.protocol_writer import WriteRefused

    if entry.loaded.path.resolve() != target.resolve():
        return entry.loaded
    if not entry.overrides:
        raise WriteRefused(f"{target}: dit is het protocol zelf; geef de kopie een ander id")
    return load_protocol(entry.overrides[-1])


def _entry_json(entry: CatalogEntry) -> dict[str, object]:
    from intervisie_tui.engine.protocol import MinutesSource

    protocol = entry.loaded.protocol
    return {
        "id": protocol.id,
        "title": protocol.title,
        "order": protocol.order.value,
        "total_minutes": protocol.total_minutes,
        "phases": [
            {
                "id": p.id,
                "title": p.title,
                "minutes": p.minutes,
                # As it applies to the phase: its own, else the protocol's.
                "minutes_source": (
                    MinutesSource.PROPOSAL if protocol.proposed_minutes(p) else MinutesSource.SOURCE
                ).value,
            }
            for p in protocol.phases
        ],
        "file": printable_path(entry.loaded.path),
        "origin": entry.origin,
        "overrides": [printable_path(p) for p in entry.overrides],
    }


def list_protocols(catalog: Catalog, *, as_json: bool) -> int:
    entries = catalog.sorted_entries()
    if as_json:
        payload = {
            "protocols": [_entry_json(e) for e in entries],
            "problems": [str(p) for p in catalog.problems],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        from intervisie_tui.engine.protocol_check import ORDER_WORDS
        from intervisie_tui.engine.protocol_notes import minutes_note

        for entry in entries:
            protocol = entry.loaded.protocol
            # A protocol file's text is anyone's text: nothing in it may act on the terminal.
            phases = ", ".join(
                f"{printable(p.title)} ({minutes(p.minutes)})" for p in protocol.phases
            )
            print(
                f"{protocol.id} — {printable(protocol.title)} "
                f"[volgorde {ORDER_WORDS[protocol.order]}, {minutes(protocol.total_minutes)} min]"
            )
            print(f"    fasen: {phases}")
            note = minutes_note(protocol)  # which of these minutes are our own proposal
            if note:
                print(f"    {printable(note)}")
            won = f"    bestand: {printable_path(entry.loaded.path)} ({entry.origin})"
            if entry.overrides:
                won += " — vervangt " + ", ".join(printable_path(p) for p in entry.overrides)
            print(won)
        for problem in catalog.problems:
            print(f"overgeslagen: {problem}", file=sys.stderr)
    return EXIT_INVALID if catalog.problems and not entries else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.kind == "protocol":
        from intervisie_tui.engine.protocol_writer import schema_text

        text = schema_text()
    else:
        from intervisie_tui.engine.session import Session

        schema = Session.model_json_schema(mode="serialization")
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    status = deliver(text, args.output, mode=0o644)  # a schema holds no one's data
    written = args.output is not None and str(args.output) != "-"
    if status == EXIT_OK and written and args.kind == "protocol":
        print(
            f"voor een editor (Taplo, Even Better TOML): zet '#:schema ./"
            f"{printable(args.output.name)}' bovenaan een protocolbestand in dezelfde map",
            file=sys.stderr,
        )
    return status
