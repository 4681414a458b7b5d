"""Turn pydantic validation errors into short Dutch messages a coordinator can act on."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from intervisie_tui.engine.display import dutch_list

Loc = tuple[str | int, ...]

_BY_TYPE: dict[str, str] = {
    "missing": "ontbreekt",
    "string_type": "moet tekst zijn (tussen aanhalingstekens)",
    "string_too_short": "mag niet leeg zijn",
    "string_too_long": "is te lang (hoogstens {max_length} tekens)",
    "string_pattern_mismatch": "alleen a-z, 0-9, - en _ (begin met letter of cijfer)",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "finite_number": "moet een eindig getal zijn",
    "bool_type": "moet true of false zijn",
    "list_type": "moet een lijst zijn: [ ... ]",
    "dict_type": "moet een tabel zijn",
    "model_type": "moet een tabel zijn",
    "model_attributes_type": "moet een tabel zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "less_than_equal": "mag hoogstens {le} zijn",
    "enum": "moet één van deze zijn: {expected}",
    "literal_error": "moet één van deze zijn: {expected}",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "datetime_parsing": "moet een tijdstip zijn (ISO 8601)",
    "datetime_type": "moet een tijdstip zijn (ISO 8601)",
    "timezone_aware": "moet een tijdzone hebben",
}

# Patterns whose meaning the generic message above (about protocol ids) would get wrong.
_BY_PATTERN: dict[str, str] = {
    r"^[0-9a-f]{8}$": "moet een sessie-id zijn: 8 tekens, alleen 0-9 en a-f",
    r"^[0-9a-f]{64}$": "moet een SHA-256 zijn: 64 tekens, alleen 0-9 en a-f",
}


def translate(error: ValidationError, model: type[BaseModel]) -> list[tuple[Loc, str]]:
    """One (location, message) pair per error, in the order pydantic found them."""
    found: list[tuple[Loc, str]] = []
    for item in error.errors(include_url=False):
        loc = _model_loc(item["loc"])
        found.append((loc, _message(item, model, loc)))
    return found


# What a list of tables holds, in the words a coordinator uses: (one, many).
_ITEMS: dict[str, tuple[str, str]] = {
    "phases": ("fase", "fasen"),
    "fields": ("veld", "velden"),
    "questions": ("vraag", "vragen"),
    "help": ("hulppaneel", "hulppanelen"),
}
_ITEM_FALLBACK = ("plek", "plekken")


def aggregate(found: list[tuple[Loc, str]]) -> list[tuple[list[Loc], str]]:
    """The same problem in several list items is said once: "ontbreekt in 30 fasen: 1–30".

    Problems are the same when their message is and their locations differ only in list
    positions (``phases[2].minutes`` and ``phases[7].minutes``). Each comes back with every
    location it was found at, first one first, in the place its first occurrence had.
    """
    groups: dict[tuple[tuple[str | None, ...], str], list[Loc]] = {}
    for loc, message in found:
        shape = tuple(None if isinstance(part, int) else part for part in loc)
        group = groups.setdefault((shape, message), [])
        if loc not in group:
            group.append(loc)
    return [
        (locs, _in_several(message, locs) if len(locs) > 1 and None in shape else message)
        for (shape, message), locs in groups.items()
    ]


def _in_several(message: str, locs: list[Loc]) -> str:
    innermost = max(i for i, part in enumerate(locs[0]) if isinstance(part, int))
    container = str(locs[0][innermost - 1]) if innermost else ""
    where = f"in {len(locs)} {_ITEMS.get(container, _ITEM_FALLBACK)[1]}: {_positions(locs)}"
    if message == _BY_TYPE["missing"]:
        return f"{message} {where}"
    return f"{message} ({where})"


def _positions(locs: list[Loc]) -> str:
    """Counted from 1: "1–4, 6 en 9" in one list, "fase 1 veld 2 en fase 3 veld 1" in nested
    lists."""
    indexed = [
        [
            (str(loc[i - 1]) if i else "", part)
            for i, part in enumerate(loc)
            if isinstance(part, int)
        ]
        for loc in locs
    ]
    if all(len(parts) == 1 for parts in indexed):
        return dutch_list(_runs(sorted({parts[0][1] + 1 for parts in indexed})))
    return dutch_list(
        [
            " ".join(f"{_ITEMS.get(key, _ITEM_FALLBACK)[0]} {index + 1}" for key, index in parts)
            for parts in indexed
        ]
    )


def _runs(numbers: list[int]) -> list[str]:
    """[1, 2, 3, 5, 6, 9] -> ["1–3", "5", "6", "9"]: a run of three or more is a range."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    out: list[str] = []
    for run in runs:
        out += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(n) for n in run]
    return out


def _model_loc(loc: tuple[Any, ...]) -> Loc:
    """Drop the union-arm and enum tags pydantic inserts, which mean nothing to a reader."""
    return tuple(part for part in loc if isinstance(part, int) or not _is_internal(part))


def _is_internal(part: str) -> bool:
    return (
        part.startswith(("function-", "tagged-union"))
        or part in {"list[str]", "int", "str", "float", "date", "bool", "none"}
        or part.startswith(("list[", "dict["))
    )


def _message(item: Any, model: type[BaseModel], loc: Loc) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return _unknown_key(model, loc)
    if kind == "value_error":
        return str(item["ctx"]["error"])
    if kind in ("too_short", "too_long"):
        return _length(kind, item, loc)
    if kind == "string_pattern_mismatch":
        by_pattern = _BY_PATTERN.get(str(item.get("ctx", {}).get("pattern")))
        if by_pattern is not None:
            return by_pattern
    template = _BY_TYPE.get(kind)
    if template is None:
        return item["msg"]
    context = {key: _readable(value) for key, value in item.get("ctx", {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return item["msg"]


def _length(kind: str, item: Any, loc: Loc) -> str:
    """The bound in the words of what the list holds, singular or plural as the number asks:
    "moet minstens 1 fase hebben"."""
    context = item.get("ctx", {})
    bound = context.get("min_length" if kind == "too_short" else "max_length")
    if not isinstance(bound, int):
        return item["msg"]
    container = str(loc[-1]) if loc and isinstance(loc[-1], str) else ""
    one, many = _ITEMS.get(container, ("element", "elementen"))
    things = f"{bound} {one if bound == 1 else many}"
    if kind == "too_short":
        return f"moet minstens {things} hebben"
    return f"mag hoogstens {things} hebben"


def _readable(value: Any) -> Any:
    """``0.0`` reads as ``0``; pydantic's English "or" in choice lists becomes "of"."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return value.replace(" or ", " of ")
    return value


def _unknown_key(model: type[BaseModel], loc: Loc) -> str:
    known = _fields_at(model, loc[:-1])
    name = str(loc[-1])
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" — bedoelde je {close[0]!r}?" if close else ""
    allowed = f" (toegestaan: {', '.join(sorted(known))})" if known and not close else ""
    return f"onbekende sleutel {name!r}{hint}{allowed}"


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else current
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] -> X, so the walk continues into the model behind an optional table."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in arms if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if models else arms[0]
    return annotation
