"""The one rule for the separate evaluation date of old protocols (oplossingsgericht up to
0.1.0 asked for it in its own ``date`` field beside the agreements). Agreements now carry their
own date; an agreement without one, in such an old session, is evaluated on that field's date.

Kept free of pydantic: the follow-up applies it to a validated session, the documents (``show``,
exports) to the session's JSON, and both must reach the same date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def is_separate_evaluation_field(field_id: str, label: str, field_type: str) -> bool:
    """A ``date`` field whose id or label says "evaluatie"."""
    named = "evaluatie" in field_id.casefold() or "evaluatie" in label.casefold()
    return field_type == "date" and named


def separate_evaluation_field(
    phases: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
) -> tuple[str, str] | None:
    """``(phase id, field id)`` of the separate evaluation date, in the phase that records the
    agreements; ``phases`` gives each phase's id and its fields (id, label, type)."""
    for phase_id, fields in phases:
        specs = list(fields)
        if not any(str(spec.get("type")) == "agreements" for spec in specs):
            continue
        for spec in specs:
            field_type = str(spec.get("type", "text"))
            if is_separate_evaluation_field(str(spec["id"]), str(spec["label"]), field_type):
                return phase_id, str(spec["id"])
    return None
