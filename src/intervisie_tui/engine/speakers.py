"""Who speaks: the names behind a phase's ``who`` text, and who takes turns in a round.

Both work from the participants as set up, so the projected screen can say "Carla (inbrenger)"
instead of "inbrenger". Nothing is guessed: a word that set-up gave no names for stays as it is.

Who takes turns in a round (``round_speakers``) is who the phase names as speaking, never the
case owner(s), the one the round is for (asked, advised), and never a toehoorder, who watches
without contributing (seed 004: "kijkt mee zonder inbreng") and is not counted against a
protocol's group size either (``contributors``), whatever other role they were given:

- "collega's" are the case owner's colleagues: everyone else, the chair and the timekeeper too.
  Seed 002 (handelingsgericht) has no chair at all, only "een groep gelijkwaardige collega's"
  of whom one guards time and steps: "Collega's stellen verhelderingsvragen";
- "deelnemers" are the participants beside the chair: seed 000 counts "vier deelnemers (vijf,
  inclusief voorzitter)", and in seed 004's basic model "een begeleider [...] fungeert als
  voorzitter" while "de deelnemers geven adviezen". A chair who takes part as well is set up as
  "voorzitter en deelnemer" (set-up says so where a round leaves the chair out:
  ``chair_left_out``). The timekeeper and the minute taker are participants with an extra task;
- a role names those with it ("ouders vragen": only the parents, seed 004 stap 3: "Daarna
  krijgen de ouders de gelegenheid om één of twee vragen te stellen"), and "leerkracht" beside
  the parents ("ouders en leerkracht vragen") the others who are not parents. Elsewhere
  "leerkracht" is the case owner (handelingsgericht, leren van successen), so it only counts
  in the part of ``who`` that says who asks: the part before the first comma or semicolon;
- a round whose ``who`` names none of these (a protocol of one's own) goes round the
  "deelnemers".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from intervisie_tui.engine.session import Participant, Role


def contributors(participants: Sequence[Participant]) -> list[Participant]:
    """Everyone who takes part in the conversation: all but the toehoorders."""
    return [p for p in participants if Role.TOEHOORDER not in p.roles]


def _colleagues(participants: Sequence[Participant]) -> list[Participant]:
    return [p for p in contributors(participants) if Role.INBRENGER not in p.roles]


def _participants(participants: Sequence[Participant]) -> list[Participant]:
    return [p for p in _colleagues(participants) if set(p.roles) != {Role.VOORZITTER}]


# Role words a protocol's ``who`` uses, and which participants they stand for. The plural
# group words stand for the groups above; singular "deelnemer", "collega" or "ouder" could be
# any one of them (and "ouder" is also "older"), so it is left alone, as are words set-up has
# no role for ("allen", "leerkracht").
_COLLEAGUES = "colleagues"
_PARTICIPANTS = "participants"
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
    "collega's": _COLLEAGUES,
    "deelnemers": _PARTICIPANTS,
}
_GROUPS = {_COLLEAGUES: _colleagues, _PARTICIPANTS: _participants}
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
_TEACHER = re.compile(r"(?<![\w'’])leerkracht(?:en)?(?![\w'’])", re.IGNORECASE)
_ASKING = re.compile(r"[,;]")


def _meaning(word: str) -> Role | str:
    return _WORDS[word.casefold().replace("’", "'")]


def _named(meaning: Role | str, participants: Sequence[Participant]) -> list[Participant]:
    group = _GROUPS.get(str(meaning))
    if group is not None:
        return group(participants)
    return [p for p in participants if meaning in p.roles]


def round_speakers(participants: Sequence[Participant], who: str) -> list[str]:
    """The names that take turns in a round whose phase says ``who``, in set-up order."""
    asking = _ASKING.split(who, maxsplit=1)[0]
    meanings = {_meaning(m.group()) for m in re.finditer(_WORD, asking, re.IGNORECASE)}
    teachers = _TEACHER.search(asking) is not None
    if not meanings and not teachers:
        meanings = {_PARTICIPANTS}
    chosen: set[str] = set()
    for meaning in meanings:
        chosen |= {p.name for p in _named(meaning, participants)}
    if teachers:
        chosen |= {p.name for p in _participants(participants) if Role.OUDER not in p.roles}
    return [p.name for p in _colleagues(participants) if p.name in chosen]


def chair_left_out(participants: Sequence[Participant], who: str) -> bool:
    """A chair with no other role, left out of a round whose phase says ``who``."""
    speakers = round_speakers(participants, who)
    return any(set(p.roles) == {Role.VOORZITTER} and p.name not in speakers for p in participants)


def who_names(who: str, participants: Sequence[Participant]) -> str:
    """``who`` with names where set-up gave them: "inbrenger" becomes "Carla (inbrenger)",
    "(de) collega's" becomes "Ahmed, Bea, Daan", and a role in parentheses, as in
    "begeleider (voorzitter)", becomes "begeleider (voorzitter: Ahmed)". Within parentheses a
    role comes before its names ("(inbrenger Carla verlaat de ruimte)"): no brackets in
    brackets."""

    def names(word: str) -> str:
        return ", ".join(p.name for p in _named(_meaning(word), participants))

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
        nested = who.count("(", 0, match.start()) > who.count(")", 0, match.start())
        if not named:
            text = f"{article or ''}{word}"
        elif _meaning(word) in _GROUPS:
            text = named
        elif nested:
            text = f"{word} {named}"
        else:
            text = f"{named} ({word})"
        return text if after is None else f"{text} {in_parentheses(after)}"

    return _PATTERN.sub(replace, who)
