"""The ``intervisie`` command.

Subcommands that only read files (validate, protocols, schema) never import Textual, so they
start fast and work over SSH or in CI. The interactive ones import the UI lazily.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from intervisie_tui import __version__
from intervisie_tui.engine.catalog import Catalog, CatalogEntry, load_catalog
from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol import Protocol
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.session import Session

EXIT_OK = 0
EXIT_INVALID = 2


def _minutes(value: float) -> str:
    return f"{value:g}"


def _parser() -> argparse.ArgumentParser:
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
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT")

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
    return parser


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen getal: {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("moet tussen 0 en 3600 liggen")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return cmd_validate(args.files)
    if args.command == "protocols":
        return cmd_protocols(load_catalog(args.protocols_dir), as_json=args.json)
    if args.command == "schema":
        model = Session if args.kind == "session" else Protocol
        print(
            json.dumps(model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False)
        )
        return EXIT_OK
    from intervisie_tui.launch import launch

    return launch(args)


def cmd_validate(files: list[Path]) -> int:
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
            f"{path}: OK — {protocol.id}: {len(protocol.phases)} fasen, "
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
        "file": str(entry.loaded.path),
        "origin": entry.origin,
        "overrides": [str(p) for p in entry.overrides],
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
            won = f"    bestand: {entry.loaded.path} ({entry.origin})"
            if entry.overrides:
                won += " — vervangt " + ", ".join(str(p) for p in entry.overrides)
            print(won)
        for problem in catalog.problems:
            print(f"overgeslagen: {problem}", file=sys.stderr)
    return EXIT_INVALID if catalog.problems and not entries else EXIT_OK
