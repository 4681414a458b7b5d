"""Commands that write a readable document: ``export`` (a session) and ``prepare`` (the form
colleagues fill in before a meeting). Renderers are imported only once the format is known."""

from __future__ import annotations

import argparse

from intervisie_tui.cli.common import (
    Refused,
    deliver,
    fail,
    output_format,
    sessions_dir,
)
from intervisie_tui.cli.sessions import read_document
from intervisie_tui.engine.problems import FileProblems


def cmd_export(args: argparse.Namespace) -> int:
    try:
        document = read_document(args, anonymous=args.anonymous)
    except Refused as problem:
        return fail(problem)
    if output_format(args.format, args.output) == "html":
        from intervisie_tui.documents.html import render_html

        text = render_html(document)
    else:
        from intervisie_tui.documents.markdown import render_markdown

        text = render_markdown(document)
    return deliver(text, args.output, sessions_dir(args.sessions_dir))


def cmd_prepare(args: argparse.Namespace) -> int:
    from intervisie_tui.documents.preparation import render_preparation
    from intervisie_tui.launch import LaunchError, resolve_protocol

    try:
        entry = resolve_protocol(args.protocol, args.protocols_dir)
    except FileProblems as bad:
        return fail(bad.problems[0])
    except LaunchError as problem:
        return fail(problem)
    text = render_preparation(entry.loaded.protocol, output_format(args.format, args.output))
    return deliver(text, args.output)
