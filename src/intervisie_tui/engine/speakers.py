"""Who speaks: the names behind a phase's ``who`` text, and who takes turns in a round.

Both work from the participants as set up, so the projected screen can say "Carla (inbrenger)"
instead of "inbrenger". Nothing is guessed: a word that set-up gave no names for stays as it is.

Who takes turns in a round (``round_speakers``): every participant except the case owner(s),
except a chair who has no other role, and except a toehoorder. The case owner is the one the
round is for (asked, advised); the chair leads the round rather than taking part in it (seed
000 counts "vier deelnemers (vijf, inclusief voorzitter)"; in seed 004 the begeleider chairs
and the parents ask). The timekeeper and the minute taker are colleagues with an extra task, so
they take their turn like everyone else; so does a parent (ouder), an equal of the teachers in
seed 004. A chair who should take part too is given a second role (deelnemer) at set-up. A
toehoorder watches without contributing (seed 004: "kijkt mee zonder inbreng"), so never takes a
turn and is not counted against a protocol's group size (``contributors``), whatever other role
they were given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from intervisie_tui.engine.session import Participant, Role


def contributors(participants: Sequence[Participant]) -> list[Participant]:
    """Everyone who takes part in the conversation: all but the toehoorders."""
    return [p for p in participants if Role.TOEHOORDER not in p.roles]


def round_speakers(participants: Sequence[Participant]) -> list[str]:
    """The names that take turns in a round, in set-up order."""
    return [
        p.name
        for p in contributors(participants)
        if Role.INBRENGER not in p.roles and set(p.roles) != {Role.VOORZITTER}
    ]


# Role words a protocol's ``who`` uses, and which participants they stand for. The plural
# group words stand for everyone who takes turns; singular "deelnemer", "collega" or "ouder"
# could be any one of them (and "ouder" is also "older"), so it is left alone, as are words
# set-up has no role for ("allen", "leerkracht").
_GROUP = "group"
_WORDS: dict[str, Role | str] = {
    "inbrenger": Role.INBRENGER,
    "inbrengers": Role.INBRENGER,
    "voorzitter": Role.VOORZITTER,
    "begeleider": Role.VOORZITTER,
    "tijdbewaker": Role.TIJDBEWAKER,
    "notulist": Role.NOTULIST,
    "ouders": Role.OUDER,
    "toehoorder": Role.TOEHOORDER,
    "toehoorders": Role.TOEHOORDER,
    "collega's": _GROUP,
    "deelnemers": _GROUP,
}
_ALTERNATIVES = "|".join(
    re.escape(word).replace("'", "['’]") for word in sorted(_WORDS, key=len, reverse=True)
)
_WORD = rf"(?<![\w'’])(?:{_ALTERNATIVES})(?![\w'’])"
# A role word, optionally preceded by its article ("de collega's": a name needs none) and optionally
# followed by a role in parentheses ("begeleider (voorzitter)"), or a role alone in parentheses.
_PATTERN = re.compile(
    rf"(?P<article>\bde\s+)?(?P<word>{_WORD})(?:\s*\((?P<after>{_WORD})\))?"
    rf"|\((?P<inner>{_WORD})\)",
    re.IGNORECASE,
)


def _meaning(word: str) -> Role | str:
    return _WORDS[word.casefold().replace("’", "'")]


def who_names(who: str, participants: Sequence[Participant]) -> str:
    """``who`` with names where set-up gave them: "inbrenger" becomes "Carla (inbrenger)",
    "(de) collega's" becomes "Ahmed, Bea, Daan", and a role in parentheses, as in
    "begeleider (voorzitter)", becomes "begeleider (voorzitter: Ahmed)"."""

    def names(word: str) -> str:
        meaning = _meaning(word)
        if meaning == _GROUP:
            found = round_speakers(participants)
        else:
            found = [p.name for p in participants if meaning in p.roles]
        return ", ".join(found)

    def in_parentheses(word: str) -> str:
        named = names(word)
        return f"({word}: {named})" if named else f"({word})"

    def replace(match: re.Match[str]) -> str:
        if match.group("inner") is not None:
            return in_parentheses(match.group("inner"))
        word, after, article = match.group("word"), match.group("after"), match.group("article")
        if after is not None and _meaning(after) == _meaning(word):
            return f"{article or ''}{word} {in_parentheses(after)}"
        named = names(word)
        if not named:
            text = f"{article or ''}{word}"
        elif _meaning(word) == _GROUP:
            text = named
        else:
            text = f"{named} ({word})"
        return text if after is None else f"{text} {in_parentheses(after)}"

    return _PATTERN.sub(replace, who)
