"""The shipped handelingsgericht protocol must match its source, seed 002, to the minute.

Copy sheet 2 of the seed lists the seven steps as ``Title (N minuten)``; copy sheet 1 holds the
eight preparation questions. CI has ``../shared`` beside the repository; elsewhere the seed may
be missing, so the lists below are a literal copy of it and the comparison always runs. Only
the check that this copy still equals the seed file is skipped when the seed is absent.
"""

from __future__ import annotations

import re

import pytest

from intervisie_tui.engine.catalog import builtin_protocols_dir
from intervisie_tui.engine.protocol import Order, Protocol
from intervisie_tui.engine.protocol_loader import load_protocol
from tests.builders import REPO_ROOT

SEED = REPO_ROOT.parent / "shared" / "seeds" / "002_3e1d65ef76448a61.txt"

# Copy sheet 2, in order (the seed's typographic apostrophes written as ').
COPY_SHEET_2: list[tuple[str, int]] = [
    ("Leerkracht licht zijn/haar vraag toe", 5),
    ("Collega's stellen verhelderingsvragen", 10),
    ("Leerkracht formuleert het doel", 2),
    ("Collega's formuleren de onderwijsbehoeften", 10),
    ("De leerkracht geeft aan wat voor hem/haar haalbaar is", 5),
    ("Afspraken maken", 5),
    ("Opbrengst", 2),
]

# Copy sheet 1, in order.
COPY_SHEET_1: list[str] = [
    "Waarom breng je juist nu deze leerling in bij de intervisie?",
    "Wat zijn je problemen en zorgen?",
    "Welke mogelijke verklaringen zijn er (kindfactoren, onderwijs- en opvoedingssituatie)?",
    "Wat gaat juist goed? In welke situaties gaat het goed? Wat zijn positieve aspecten en "
    "kansen? Hoe benut je deze? Wat ziet de leerling zelf als probleem, wat gaat juist goed? "
    "Hoe denkt de leerling dat het komt? Had de leerling eigen oplossingen of tips voor je?",
    "Wat zien de ouders als probleem en wat gaat juist goed volgens hen? Hoe denken zij dat dit "
    "komt? Hadden zij eigen oplossingen of tips voor je?",
    "Welke vragen heb je? Wat wil je precies weten en waarom?",
    "Wat wil je graag bereiken met deze intervisie? Wat wil je straks weten/kunnen wat je nu nog "
    "niet weet/kan?",
    "Welke verwachtingen en wensen heb je van deze intervisie? Wat verwacht je van je collega's?",
]


def normalize(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def steps_from_seed(text: str) -> list[tuple[str, int]]:
    sheet = text[text.index("Kopieerblad 2") :]
    return [
        (normalize(m["title"]), int(m["minutes"]))
        for m in re.finditer(r"^(?P<title>\S.*?) \((?P<minutes>\d+) minuten\)\s*$", sheet, re.M)
    ]


def questions_from_seed(text: str) -> list[str]:
    sheet = text[text.index("Kopieerblad 1") : text.index("Kopieerblad 2")]
    body = sheet[
        sheet.index("handelingsgerichte intervisie") + len("handelingsgerichte intervisie") :
    ]
    body = body[: body.index("Gebruik deze vragen")]
    blocks = re.split(r"(?:^\.{10,}\s*$\n?)+", body, flags=re.M)
    return [normalize(b) for b in blocks if normalize(b)]


@pytest.fixture(scope="module")
def protocol() -> Protocol:
    return load_protocol(builtin_protocols_dir() / "handelingsgericht.toml").protocol


def test_hard_coded_copy_equals_the_seed() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed not present at {SEED}; the comparisons below use the literal copy")
    text = SEED.read_text(encoding="utf-8")
    assert steps_from_seed(text) == COPY_SHEET_2
    assert questions_from_seed(text) == COPY_SHEET_1


def test_phases_equal_copy_sheet_2_in_order(protocol: Protocol) -> None:
    assert [(normalize(p.title), p.minutes) for p in protocol.phases] == COPY_SHEET_2


def test_total_is_39_minutes(protocol: Protocol) -> None:
    assert [p.minutes for p in protocol.phases] == [5, 10, 2, 10, 5, 5, 2]
    assert protocol.total_minutes == 39
    assert sum(m for _, m in COPY_SHEET_2) == 39


def test_order_is_strict(protocol: Protocol) -> None:
    # "Spreek van tevoren af wie de tijd en de stappen (streng!) bewaakt."
    assert protocol.order is Order.STRICT
    assert protocol.id == "handelingsgericht"


def test_eight_preparation_questions_from_copy_sheet_1(protocol: Protocol) -> None:
    assert protocol.preparation is not None
    questions = [normalize(q.text) for q in protocol.preparation.questions]
    assert len(questions) == 8
    assert questions == COPY_SHEET_1
