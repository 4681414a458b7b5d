"""The command line speaks Dutch: every help page and every refusal of a mistyped command,
each refusal one line with exit status 2."""

from __future__ import annotations

import re

import pytest

from intervisie_tui import cli
from intervisie_tui.cli.parser import dutch

COMMANDS = [
    [],
    *[
        [name]
        for name in (
            "validate", "protocols", "adapt", "schema", "run", "resume", "beamer", "sessions",
            "show", "export", "prepare", "stats", "purge",
        )
    ],
    ["protocols", "copy"],
]  # fmt: skip
# argparse's own English, wherever it would show.
ENGLISH = re.compile(
    r"usage|positional arguments|options:|show this help|invalid|choose from|error|expected"
    r"|required|unrecognized|ambiguous|not allowed|FILE|SESSION|DAYS|stdout",
)


def outcome(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        cli.main(list(args))
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "intervisie")
def test_every_help_page_is_dutch(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, err = outcome(capsys, *command, "--help")
    assert code == 0 and err == ""
    assert out.startswith("gebruik: intervisie")
    assert "opties:" in out and "toon deze hulp en stop" in out
    assert not ENGLISH.search(out), ENGLISH.search(out)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["export", "x", "--format", "pdf"],
            "intervisie export: fout: bij --format: ongeldige keuze 'pdf' (kies uit 'md', "
            "'html') (hulp: intervisie export --help)",
        ),
        (["export"], "intervisie export: fout: dit ontbreekt nog: SESSIE"),
        (["agenda"], "intervisie: fout: bij OPDRACHT: ongeldige keuze 'agenda' (kies uit"),
        (["--speed"], "intervisie: fout: bij --speed: hier hoort één waarde achter"),
        (
            ["sessions", "--zz"],
            "intervisie sessions: fout: onbekende optie of waarde: --zz"
            " (hulp: intervisie sessions --help)",
        ),
        (["--zz"], "intervisie: fout: onbekende optie of waarde: --zz (hulp: intervisie --help)"),
        (["sessions", "--within", "x"], "intervisie sessions: fout: bij --within: geen geheel"),
        (["--version=1"], "intervisie: fout: bij --version: hier hoort geen waarde achter: '1'"),
        (["purge"], "intervisie purge: fout: dit ontbreekt nog: --older-than"),
        (["protocols", "copy"], "intervisie protocols copy: fout: dit ontbreekt nog: ID"),
    ],
)
def test_a_mistyped_command_is_refused_in_one_dutch_line(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, out, err = outcome(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(expected)
    assert err.count("\n") == 1 and err.endswith("\n")
    assert not ENGLISH.search(err), ENGLISH.search(err)


def test_a_message_argparse_may_add_later_is_shown_as_it_is() -> None:
    assert dutch("argument --x: something new") == "bij --x: something new"
    assert dutch("something new") == "something new"
