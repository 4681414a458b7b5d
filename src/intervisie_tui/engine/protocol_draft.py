"""A protocol while it is being adapted: the data saving would write, allowed to be invalid.

The adapt screen edits this draft and checks it after every change by writing it out and loading
it the way ``intervisie validate`` does, so the draft holds exactly what was typed (``minutes =
"twaalf"`` included) and the loader words what is wrong with it. Keys the coordinator empties
are removed rather than set to "", so that the format's default applies.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from intervisie_tui.engine.protocol import Protocol
from intervisie_tui.engine.protocol_writer import protocol_data

MAX_ID_LENGTH = 64
NEW_PHASE_MINUTES = 5


class Draft:
    def __init__(self, protocol: Protocol) -> None:
        self.data: dict[str, Any] = protocol_data(protocol)
        self._saved = deepcopy(self.data)

    @property
    def phases(self) -> list[dict[str, Any]]:
        phases = self.data.get("phases")
        return phases if isinstance(phases, list) else []

    @property
    def dirty(self) -> bool:
        return self.data != self._saved

    def mark_saved(self) -> None:
        self._saved = deepcopy(self.data)

    # -- values -------------------------------------------------------------------------------

    def set(self, key: str, value: Any) -> None:
        """A top-level key; None removes it (the default applies)."""
        _put(self.data, key, value)

    def set_phase(self, index: int, key: str, value: Any) -> None:
        _put(self.phases[index], key, value)

    def set_group_size(self, low: Any, high: Any) -> None:
        """Both bounds empty removes the group size; its advice text is kept otherwise."""
        if low is None and high is None:
            self.data.pop("group_size", None)
            return
        group = dict(self.data.get("group_size") or {})
        _put(group, "min", low)
        _put(group, "max", high)
        self.data["group_size"] = group

    # -- phases -------------------------------------------------------------------------------

    def add_phase(self, position: int) -> int:
        """A new phase at ``position`` (0 = first); returns its index."""
        number = len(self.phases) + 1
        while f"fase-{number}" in self._ids():
            number += 1
        phase = {
            "id": f"fase-{number}",
            "title": "Nieuwe fase",
            "minutes": NEW_PHASE_MINUTES,
            "who": "allen",
        }
        self.phases.insert(position, phase)
        return position

    def duplicate_phase(self, index: int) -> int:
        """A copy right after the original, with an id of its own; returns the copy's index."""
        copy = deepcopy(self.phases[index])
        copy["id"] = self._free_id(str(copy.get("id", "fase")))
        copy["title"] = f"{copy.get('title', '')} (kopie)"
        self.phases.insert(index + 1, copy)
        return index + 1

    def remove_phase(self, index: int) -> None:
        del self.phases[index]

    def move_phase(self, index: int, step: int) -> int:
        """Move a phase ``step`` places (-1 up, 1 down), stopping at the ends; returns where."""
        target = max(0, min(len(self.phases) - 1, index + step))
        self.phases.insert(target, self.phases.pop(index))
        return target

    def _ids(self) -> set[str]:
        return {str(phase.get("id")) for phase in self.phases}

    def _free_id(self, base: str) -> str:
        taken = self._ids()
        number = 1
        while True:
            suffix = "-kopie" if number == 1 else f"-kopie-{number}"
            candidate = base[: MAX_ID_LENGTH - len(suffix)] + suffix
            if candidate not in taken:
                return candidate
            number += 1


def _put(table: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value


# -- from what was typed ---------------------------------------------------------------------------


def number(text: str) -> int | float | str | None:
    """A typed number: "12", "12,5" or "12.5"; empty gives None; anything else stays text, so
    that validation says "moet een getal zijn" about it."""
    cleaned = text.strip()
    if not cleaned:
        return None
    dotted = cleaned.replace(",", ".")
    for kind in (int, float):
        try:
            return kind(dotted)
        except ValueError:
            continue
    return cleaned


def text_or_none(text: str) -> str | None:
    """A typed text; empty (or only spaces) gives None, so an optional key goes away."""
    return text if text.strip() else None


def lines_of(items: Any) -> str:
    """A list of questions or rules as the text area shows it: one per line."""
    return "\n".join(str(item) for item in items) if isinstance(items, list) else ""


def items_of(text: str) -> list[str] | None:
    """One item per non-empty line; no lines gives None (the list goes away)."""
    items = [line.strip() for line in text.splitlines() if line.strip()]
    return items or None
