"""Commands after the meeting that read the sessions folder: ``sessions``, ``show``, ``stats``
and ``purge``.

``show`` of a file that an earlier listing validated renders it straight from its JSON, without
pydantic or the models (see ``engine/listing.py``): that is why every engine import here sits
inside the function that needs it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from intervisie_tui.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    Refused,
    checked_sessions_dir,
    cut,
    fail,
)
from intervisie_tui.engine.display import dutch_list, printable_path
from intervisie_tui.engine.problems import FileProblems

if TYPE_CHECKING:
    from datetime import date

    from intervisie_tui.documents.common import SessionDocument
    from intervisie_tui.engine.listing import SessionSummary
    from intervisie_tui.engine.stats import PhaseStats


def cmd_sessions(args: argparse.Namespace) -> int:
    """The list of sessions; bad files are named on stderr. Exit 2 only when the folder has bad
    files and not a single readable session (as ``protocols``); otherwise 0."""
    from datetime import date

    from intervisie_tui.engine.listing import scan_sessions
    from intervisie_tui.engine.summary_words import rehearsals_due, rehearsals_left_out

    try:
        directory = checked_sessions_dir(args)
    except Refused as problem:
        return fail(problem)
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
        width = _terminal_width()
        lines, hidden = _session_table(shown, today, args.within, width)
        print("\n".join(lines))
        if hidden:
            print(
                f"{dutch_list(hidden)} weggelaten: het venster is smal (--json geeft alles)",
                file=sys.stderr,
            )
    for problem in scan.problems:
        print(f"overgeslagen: {problem}", file=sys.stderr)
    # Rehearsals are never due; the list says how many it left out rather than look empty.
    left_out = rehearsals_left_out(rehearsals_due(scan.sessions, today, args.within))
    if not shown and not args.json:
        if args.due and scan.sessions:
            also = f" ({left_out})" if left_out else ""
            print(
                f"geen afspraken om te evalueren binnen {args.within} dagen{also}",
                file=sys.stderr,
            )
        elif not scan.problems:
            print(f"geen sessies in {printable_path(directory)}", file=sys.stderr)
    elif args.due and left_out and not args.json:
        print(left_out, file=sys.stderr)
    return EXIT_INVALID if scan.problems and not scan.sessions else EXIT_OK


def _session_table(
    rows: list[SessionSummary], today: date, within: int, width: int | None
) -> tuple[list[str], list[str]]:
    """The table's lines, fitted to ``width`` columns if given (a terminal): long cells cut
    with "…", then the version and the time left out, then the protocol; and what was left
    out, in words."""
    from intervisie_tui.documents.common import dutch_date, dutch_datetime, one_line
    from intervisie_tui.engine.listing import UNDATED
    from intervisie_tui.engine.protocol_versions import short_version
    from intervisie_tui.engine.summary_words import agreements_words, status_words

    header = (
        "DATUM", "ID", "PROTOCOL", "VERSIE", "LEERLING/THEMA", "STATUS", "AFSPRAKEN", "EVALUATIE"
    )  # fmt: skip
    table = [header]
    days = [dutch_date(s.created_at.date()) for s in rows]
    for s in rows:
        evaluation = []
        if s.next_evaluation is not None:
            when = dutch_date(s.next_evaluation)
            if s.date_due(today, within):
                when += " (te laat)" if s.next_evaluation < today else " (binnenkort)"
            evaluation.append(when)
        if s.undated_agreements:
            evaluation.append(UNDATED)
        table.append(
            (
                dutch_datetime(s.created_at),
                s.id,
                cut(one_line(s.protocol_title), 36),
                short_version(s.protocol_sha256),
                cut(one_line(s.about), 16) or "—",
                status_words(s),
                agreements_words(s),
                ", ".join(evaluation),
            )
        )
    if width is None:
        return _aligned(table), []
    shrink = {"PROTOCOL": 12, "LEERLING/THEMA": 8, "EVALUATIE": 12}
    layouts = [
        ([], shrink),
        (["VERSIE", "tijd"], shrink),
        (["VERSIE", "tijd", "PROTOCOL"], {"LEERLING/THEMA": 6, "EVALUATIE": 10}),
    ]
    for left_out, shrinkable in layouts:
        kept = [i for i, name in enumerate(header) if name not in left_out]
        narrowed = [
            tuple(
                days[number - 1] if "tijd" in left_out and i == 0 and number else row[i]
                for i in kept
            )
            for number, row in enumerate(table)
        ]
        limits = {kept.index(header.index(name)): low for name, low in shrinkable.items()}
        lines = _aligned(narrowed, width, limits)
        if max(len(line) for line in lines) <= width:
            break
    return lines, [{"tijd": "het tijdstip"}.get(name, name.lower()) for name in left_out]


def read_document(args: argparse.Namespace, *, anonymous: bool = False) -> SessionDocument:
    """The session named on the command line as a document; raises Refused with one line.

    A file that the folder's index lists as valid (validated by an earlier listing and not
    changed since) is rendered straight from its JSON; any other file is validated in full and,
    when it is in the sessions folder, remembered in the index for next time.
    """
    from intervisie_tui.documents.common import document_from_json, document_of
    from intervisie_tui.engine.listing import find_session, indexed_as_valid, remember

    directory = checked_sessions_dir(args)
    try:
        path = find_session(directory, args.session)
    except LookupError as problem:
        raise Refused(str(problem)) from None
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
        raise Refused(str(bad.problems[0])) from None
    if in_folder:
        remember(path, session)
    return document_of(session, anonymous=anonymous)


def _same_folder(path: Path, directory: Path) -> bool:
    try:
        return path.resolve().parent == directory.resolve()
    except OSError:
        return False


def cmd_show(args: argparse.Namespace) -> int:
    try:
        document = read_document(args)
    except Refused as problem:
        return fail(problem)
    from rich.console import Console

    from intervisie_tui.documents.terminal import render_terminal

    Console(highlight=False, emoji=False).print(render_terminal(document))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from intervisie_tui.engine.catalog import load_catalog
    from intervisie_tui.engine.listing import scan_sessions
    from intervisie_tui.engine.protocol_versions import other_versions, versions_note
    from intervisie_tui.engine.stats import counted_sessions, protocol_stats, protocols_with_stats
    from intervisie_tui.engine.summary_words import rehearsals_completed, rehearsals_left_out

    try:
        directory = checked_sessions_dir(args)
    except Refused as problem:
        return fail(problem)
    scan = scan_sessions(directory, index=True)
    for problem in scan.problems:
        print(f"overgeslagen: {problem}", file=sys.stderr)
    sessions = counted_sessions(directory, args.protocol, index=True)
    protocols = protocols_with_stats(sessions)
    if args.protocol is not None and not protocols:
        known = sorted({s.protocol_id for s in scan.sessions})
        hint = f" (wel sessies van: {', '.join(known)})" if known else ""
        where = printable_path(directory)
        return fail(f"geen afgeronde sessies van protocol {args.protocol!r} in {where}{hint}")
    results = [
        (pid, title, count, protocol_stats(sessions, pid)) for pid, title, count in protocols
    ]
    # Which protocol file each was held with, against the one the protocol has today.
    current = load_catalog(args.protocols_dir).current_versions()
    used = {
        pid: [s.protocol_sha256 for s in sessions if s.protocol.id == pid] for pid, *_ in results
    }
    if args.json:
        payload = {
            "protocols": [
                {
                    "id": pid,
                    "title": title,
                    "sessions": count,
                    "protocol_sha256": current.get(pid),
                    "other_versions": [
                        {"protocol_sha256": sha, "sessions": n}
                        for sha, n in other_versions(used[pid], current.get(pid))
                    ],
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
        left_out = rehearsals_left_out(rehearsals_completed(scan.sessions, args.protocol))
        also = f" ({left_out})" if left_out else ""
        print(f"nog geen afgeronde sessies in {printable_path(directory)}{also}", file=sys.stderr)
        return EXIT_OK
    blocks = [
        _stats_block(
            pid,
            title,
            count,
            phases,
            versions_note(used[pid], current.get(pid)),
            rehearsals_completed(scan.sessions, pid),
            _terminal_width(),
        )
        for pid, title, count, phases in results
    ]
    print("\n\n".join(blocks))
    return EXIT_OK


def _stats_block(
    pid: str,
    title: str,
    count: int,
    phases: list[PhaseStats],
    versions: str,
    rehearsals: int,
    width: int | None,
) -> str:
    """One protocol's figures; fitted to ``width`` columns if given (a terminal)."""
    from intervisie_tui.documents.common import clock, one_line
    from intervisie_tui.engine.summary_words import rehearsals_left_out

    def mm(value: float | None) -> str:
        return "—" if value is None else clock(value * 60)

    completed = _sessions(count).replace(" ", " afgeronde ", 1)
    lines = [f"{one_line(title)} ({pid}): {completed}", versions]
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
                f"{number}. {cut(one_line(p.title), 40)}",
                mm(p.planned_minutes),
                mm(p.median_minutes),
                "—" if p.q1_minutes is None else f"{mm(p.q1_minutes)}–{mm(p.q3_minutes)}",
                "—" if p.min_minutes is None else f"{mm(p.min_minutes)}–{mm(p.max_minutes)}",
                over,
            )
        )
    left_out = f" ({rehearsals_left_out(rehearsals)})" if rehearsals else ""
    footer = [
        "Te lang: meer dan een halve minuut over de geplande tijd. "
        f"Alleen afgeronde sessies, geen oefensessies{left_out}."
    ]
    if width is not None:  # prose wraps between words, not where the terminal cuts it
        lines, footer = (
            [p for line in part for p in textwrap.wrap(line, width) or [""]]
            for part in (lines, footer)
        )
    return "\n".join([*lines, *_aligned(table, width, {0: 14, 5: 10}), *footer])


def cmd_purge(args: argparse.Namespace) -> int:
    """Lists what goes and deletes it (nothing with --dry-run); asks nothing. Unreadable files
    and sessions open in another program are never deleted; they are named on stderr."""
    from datetime import datetime, timedelta

    from intervisie_tui.documents.common import dutch_date, one_line
    from intervisie_tui.engine.retention import purge, retention_plan

    try:
        directory = checked_sessions_dir(args, write=not args.dry_run)
    except Refused as problem:
        return fail(problem)
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
        about = one_line(s.about) or "—"
        return (
            f"{printable_path(s.path)}  ({dutch_date(s.created_at.date())}, "
            f"{one_line(s.protocol_title)}, {about})"
        )

    if args.dry_run:
        for summary in plan.expired:
            print(f"zou verwijderen: {describe(summary)}")
        print(
            f"{_sessions(len(plan.expired))} van vóór {cutoff} "
            f"{'zou' if len(plan.expired) == 1 else 'zouden'} verwijderd worden "
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
    print(f"{_sessions(len(deleted))} van vóór {cutoff} verwijderd")
    return EXIT_INVALID if failed else EXIT_OK


def _aligned(
    table: list[tuple[str, ...]], width: int | None = None, shrinkable: dict[int, int] | None = None
) -> list[str]:
    """Rows of a plain-text table, each column as wide as its widest cell; to fit ``width``,
    the ``shrinkable`` columns (index: narrowest) give up room, the one with most to spare
    first, and their cells are cut with "…"."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    limits = shrinkable or {}
    if width is not None:
        over = sum(widths) + 2 * (len(widths) - 1) - width
        while over > 0:
            spare = [i for i, low in limits.items() if widths[i] > low]
            if not spare:
                break
            widest = max(spare, key=lambda i: widths[i] - limits[i])
            widths[widest] -= 1
            over -= 1
    return [
        "  ".join(
            cut(cell, size).ljust(size) for cell, size in zip(row, widths, strict=True)
        ).rstrip()
        for row in table
    ]


def _terminal_width() -> int | None:
    """The terminal's width when the output goes to one: a file or a pipe gets whole lines."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def _sessions(count: int) -> str:
    return f"{count} {'sessie' if count == 1 else 'sessies'}"
