"""Commands about protocol files: ``validate``, ``protocols`` and ``schema``.

None imports Textual; the engine's models are imported inside each command.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from intervisie_tui.cli.common import EXIT_INVALID, EXIT_OK, minutes
from intervisie_tui.engine.display import printable_path
from intervisie_tui.engine.problems import FileProblems

if TYPE_CHECKING:
    from intervisie_tui.engine.catalog import Catalog, CatalogEntry


def cmd_validate(args: argparse.Namespace) -> int:
    from intervisie_tui.engine.protocol_loader import load_protocol

    status = EXIT_OK
    for path in args.files:
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
            f"{minutes(protocol.total_minutes)} minuten, volgorde {protocol.order.value}"
        )
    return status


def cmd_protocols(args: argparse.Namespace) -> int:
    from intervisie_tui.engine.catalog import load_catalog

    return list_protocols(load_catalog(args.protocols_dir), as_json=args.json)


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


def list_protocols(catalog: Catalog, *, as_json: bool) -> int:
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
            phases = ", ".join(f"{p.title} ({minutes(p.minutes)})" for p in protocol.phases)
            print(
                f"{protocol.id} — {protocol.title} [{protocol.order.value}, "
                f"{minutes(protocol.total_minutes)} min]"
            )
            print(f"    fasen: {phases}")
            won = f"    bestand: {printable_path(entry.loaded.path)} ({entry.origin})"
            if entry.overrides:
                won += " — vervangt " + ", ".join(printable_path(p) for p in entry.overrides)
            print(won)
        for problem in catalog.problems:
            print(f"overgeslagen: {problem}", file=sys.stderr)
    return EXIT_INVALID if catalog.problems and not entries else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from intervisie_tui.engine.protocol import Protocol
    from intervisie_tui.engine.session import Session

    model = Session if args.kind == "session" else Protocol
    print(json.dumps(model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False))
    return EXIT_OK
