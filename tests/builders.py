"""Small, generic builders for protocols and sessions, shared by engine, CLI and UI tests."""

from __future__ import annotations

import hashlib
from copy import deepcopy
from pathlib import Path
from typing import Any

import tomli_w

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol import Protocol
from intervisie_tui.engine.session import Session

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILTIN_PROTOCOLS = REPO_ROOT / "protocols"


def phase_dict(number: int, **overrides: Any) -> dict[str, Any]:
    """A valid phase table; ``number`` is 1-based, as a coordinator counts phases."""
    return {
        "id": f"fase-{number}",
        "title": f"Fase {number}",
        "minutes": 5,
        "who": "allen",
        **overrides,
    }


def protocol_dict(
    *,
    phases: list[dict[str, Any]] | None = None,
    minutes: list[float] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A valid protocol table. ``minutes`` is a shortcut for phases with those budgets."""
    if phases is None:
        budgets = minutes if minutes is not None else [5, 10, 5]
        phases = [phase_dict(i + 1, minutes=m) for i, m in enumerate(budgets)]
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": "test-protocol",
        "title": "Testprotocol",
        "description": "Een protocol om mee te testen.",
        "source": "tests",
        "order": "strict",
        "phases": deepcopy(phases),
    }
    data.update(overrides)
    return data


def protocol_toml(**kwargs: Any) -> str:
    """The protocol as a coordinator writes it: one ``[[phases]]`` table per phase."""
    data = protocol_dict(**kwargs)
    phases = data.pop("phases")
    text = tomli_w.dumps(data)
    for phase in phases:
        nested = {k: v for k, v in phase.items() if k in ("fields", "help")}
        plain = {k: v for k, v in phase.items() if k not in nested}
        text += "\n[[phases]]\n" + tomli_w.dumps(plain)
        for key, tables in nested.items():
            for table in tables:
                text += f"\n[[phases.{key}]]\n" + tomli_w.dumps(table)
    return text


def make_protocol(**kwargs: Any) -> Protocol:
    return Protocol.model_validate(protocol_dict(**kwargs))


def make_session(protocol: Protocol | None = None, clock: FakeClock | None = None) -> Session:
    protocol = protocol or make_protocol()
    clock = clock or FakeClock()
    digest = hashlib.sha256(protocol.model_dump_json().encode()).hexdigest()
    return Session.new(protocol, protocol_sha256=digest, created_at=clock.now())
