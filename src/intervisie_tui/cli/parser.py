"""The command line's parser in Dutch: its help pages and its refusals of a mistyped command.

argparse writes its own words in English ("usage:", "options:", "invalid choice: ..."). They are
put in Dutch here, in a subclass that every subcommand's parser inherits (argparse makes a
subcommand's parser of its parent's class), without touching argparse itself: headings and the
help option are set on each parser, the "usage:" prefix by the formatter, and a refusal is
matched against argparse's message templates (its gettext message ids) and written with their
Dutch counterpart, as one line with exit status 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from intervisie_tui.cli.common import EXIT_INVALID
from intervisie_tui.engine.display import printable

# argparse's message ids (Python 3.11 and later) and what they say in Dutch. A message that
# matches none is shown as it is: better English than nothing.
_CATALOG = {
    "argument %(argument_name)s: %(message)s": "bij %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ongeldige keuze %(value)s (kies uit %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "onbekende opdracht %(parser_name)s (kies uit %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ongeldige waarde %(value)s",
    "unrecognized arguments: %s": "onbekende optie of waarde: %s",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "one of the arguments %s is required": "een van deze is nodig: %s",
    "expected one argument": "hier hoort één waarde achter",
    "expected at most one argument": "hier hoort hooguit één waarde achter",
    "expected at least one argument": "hier hoort minstens één waarde achter",
    "expected %s argument": "hier hoort %s waarde achter",
    "expected %s arguments": "hier horen %s waarden achter",
    "ambiguous option: %(option)s could match %(matches)s": (
        "%(option)s is niet eenduidig: het kan %(matches)s zijn"
    ),
    "not allowed with argument %s": "kan niet samen met %s",
    "ignored explicit argument %r": "hier hoort geen waarde achter: %s",
    "unexpected option string: %s": "onverwachte optie %s",
}
_FIELD = re.compile(r"%(?:\((\w+)\))?[rs]")


def _pattern(template: str) -> re.Pattern[str]:
    parts, start = [], 0
    for number, field in enumerate(_FIELD.finditer(template)):
        parts.append(re.escape(template[start : field.start()]))
        # Lazy: "argument --format: invalid choice: ..." names the argument up to the first ": ".
        parts.append(f"(?P<{field.group(1) or f'_{number}'}>.+?)")
        start = field.end()
    parts.append(re.escape(template[start:]))
    return re.compile("".join(parts), re.DOTALL)


def _dutch_template(dutch: str) -> str:
    """Unnamed ``%s`` fields numbered as their pattern's groups, so both read by name."""
    count = iter(range(len(dutch)))
    return re.sub(r"%[rs]", lambda _: f"%(_{next(count)})s", dutch)


_TRANSLATIONS = [(_pattern(english), _dutch_template(dutch)) for english, dutch in _CATALOG.items()]


def dutch(message: str) -> str:
    """argparse's English message in Dutch, inner messages too ("argument X: invalid ...")."""
    for pattern, template in _TRANSLATIONS:
        found = pattern.fullmatch(message)
        if found is not None:
            fields = {name: dutch(value) for name, value in found.groupdict().items()}
            return template % fields
    return message


class DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


class DutchParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="toon deze hulp en stop",
            )

    def parse_args(self, args: Any = None, namespace: Any = None) -> argparse.Namespace:
        """As argparse's, but words nobody takes are refused by the command they were typed
        after ("intervisie run --bogus": see ``intervisie run --help``), not by the program."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None)
            prog = f"{self.prog} {command}" if command else self.prog
            _refuse(prog, dutch(f"unrecognized arguments: {' '.join(extras)}"))
        return parsed

    def error(self, message: str) -> NoReturn:
        _refuse(self.prog, dutch(message))


def _refuse(prog: str, text: str) -> NoReturn:
    """One line: what is wrong, in Dutch, and where the help is."""
    print(printable(f"{prog}: fout: {text} (hulp: {prog} --help)"), file=sys.stderr)
    sys.exit(EXIT_INVALID)
