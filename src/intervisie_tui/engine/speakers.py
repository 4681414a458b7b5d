"""Who speaks: the names behind a phase's ``who`` text, and who takes turns in a round.

Both work from the participants as set up, so the projected screen can say "Carla (inbrenger)"
instead of "inbrenger". Nothing is guessed: a word that set-up gave no names for stays as it is.

Who takes turns in a round (``round_speakers``) is who the phase names as speaking, never the
case owner(s), the one the round is for (asked, advised), and never a toehoorder, who watches
without contributing (seed 004: "kijkt mee zonder inbreng") and is not counted against a
protocol's group size either (``contributors``), whatever other role they were given:

- "collega's" and "deelnemers" are everyone else but a chair who has no other role. The seeds
  that have a chair count and place them apart: seed 000 "vier deelnemers (vijf, inclusief
  voorzitter)", seed 004 "een begeleider [...] fungeert als voorzitter" while "de deelnemers
  geven adviezen": the chair leads the round rather than taking part in it. Seed 002
  (handelingsgericht) has no chair at all, only "een groep gelijkwaardige collega's": a group
  whose chair asks too sets them up as "voorzitter en deelnemer", and set-up says so wherever a
  round leaves the chair out (``chair_left_out``). One rule for every round also keeps a round
  left running by an earlier version handing the turn to the person its file recorded. The
  timekeeper and the minute taker are colleagues with an extra task and take their turn;
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


def _others(participants: Sequence[Participant]) -> list[Participant]:
    """Everyone who might take a turn: contributors but the case owner(s)."""
    return [p for p in contributors(participants) if Role.INBRENGER not in p.roles]


def _group(participants: Sequence[Participant]) -> list[Participant]:
    """The case owner's colleagues, or participants, who take turns: a chair who has no other
    role leads instead."""
    return [p for p in _others(participants) if set(p.roles) != {Role.VOORZITTER}]


# Role words a protocol's ``who`` uses, and which participants they stand for. The plural
# group words stand for the groups above; singular "deelnemer", "collega" or "ouder" could be
# any one of them (and "ouder" is also "older"), so it is left alone, as are words set-up has
# no role for ("allen", "leerkracht").
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
_TEACHER = re.compile(r"(?<![\w'’])leerkracht(?:en)?(?![\w'’])", re.IGNORECASE)
_ASKING = re.compile(r"[,;]")


def _meaning(word: str) -> Role | str:
    return _WORDS[word.casefold().replace("’", "'")]


def _named(meaning: Role | str, participants: Sequence[Participant]) -> list[Participant]:
    if meaning == _GROUP:
        return _group(participants)
    return [p for p in participants if meaning in p.roles]


def round_speakers(participants: Sequence[Participant], who: str) -> list[str]:
    """The names that take turns in a round whose phase says ``who``, in set-up order."""
    asking = _ASKING.split(who, maxsplit=1)[0]
    meanings = {_meaning(m.group()) for m in re.finditer(_WORD, asking, re.IGNORECASE)}
    teachers = _TEACHER.search(asking) is not None
    if not meanings and not teachers:
        meanings = {_GROUP}
    chosen: set[str] = set()
    for meaning in meanings:
        chosen |= {p.name for p in _named(meaning, participants)}
    if teachers:
        chosen |= {p.name for p in _group(participants) if Role.OUDER not in p.roles}
    return [p.name for p in _others(participants) if p.name in chosen]


def chair_left_out(participants: Sequence[Participant], who: str) -> bool:
    """A chair with no other role, left out of a round whose phase says ``who``."""
    speakers = round_speakers(participants, who)
    return any(set(p.roles) == {Role.VOORZITTER} and p.name not in speakers for p in participants)


def who_names(who: str, participants: Sequence[Participant]) -> str:
    """``who`` with names where set-up gave them: "inbrenger" becomes "Carla (inbrenger)",
    "(de) collega's" becomes "Bea, Daan, Eva", and a role in parentheses, as in
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
        elif _meaning(word) == _GROUP:
            text = named
        elif nested:
            text = f"{word} {named}"
        else:
            text = f"{named} ({word})"
        return text if after is None else f"{text} {in_parentheses(after)}"

    return _PATTERN.sub(replace, who)
