"""Which version of a protocol a session used, said briefly.

A session keeps a copy of its protocol and the sha256 of the file it was started with, so
adapting a protocol never changes a past meeting. The sessions browser and the statistics show
that version as its first seven hex digits (as git abbreviates a commit), and say how many
sessions were held with a file other than the one the protocol has today: their minutes and
phases may differ from what the coordinator now reads. The sha256 is of the file's bytes, so
any saved change counts as another version, a changed comment too.

No pydantic: the fast listing commands use this too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

SHORT_DIGITS = 7


def short_version(sha256: str) -> str:
    """``1a2b3c4``; ``"—"`` for a summary that has none."""
    return sha256[:SHORT_DIGITS] or "—"


def other_versions(used: Iterable[str], current: str | None) -> list[tuple[str, int]]:
    """The versions ``used`` that differ from ``current`` (today's file; None when the
    protocol has no file today), most used first, with how many sessions used each."""
    counts = Counter(sha for sha in used if sha != current)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def versions_note(used: Iterable[str], current: str | None) -> str:
    """Which versions the sessions ``used`` were held with, against ``current`` (today's file,
    None when the protocol has none): "Alle 9 sessies liepen met de versie van nu (1a2b3c4).",
    or "3 van de 9 sessies liepen met een andere versie van het protocol dan het bestand van nu
    (1a2b3c4): 9f8e7d6 (2×), 0a1b2c3 (1×)."; ``""`` without sessions. The others are named
    most used first."""
    used = list(used)
    if not used:
        return ""
    others = other_versions(used, current)
    if current is not None and not others:
        if len(used) == 1:
            return f"De sessie liep met de versie van nu ({short_version(current)})."
        return f"Alle {len(used)} sessies liepen met de versie van nu ({short_version(current)})."
    count = sum(n for _sha, n in others)
    which = ", ".join(f"{short_version(sha)} ({n}×)" for sha, n in others)
    if count < len(used):
        who = f"{count} van de {len(used)} sessies {'liep' if count == 1 else 'liepen'}"
    else:
        who = "De sessie liep" if count == 1 else f"Alle {count} sessies liepen"
    if current is None:  # no longer there, or started from a file of its own
        return f"{who} met versie {which}; dit protocol staat nu niet in de lijst van protocollen."
    return (
        f"{who} met een andere versie van het protocol dan het bestand van nu "
        f"({short_version(current)}): {which}."
    )
