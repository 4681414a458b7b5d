"""What is wrong in a broken JSON file, in Dutch: the decoder's own messages are English
("Expecting ',' delimiter"), and a teacher who opened a session file in an editor needs to
know what to look for and where."""

from __future__ import annotations

import json

# The messages of CPython's decoder (json.decoder and its C scanner), by how they begin.
_DESCRIPTIONS = (
    ("Expecting value", "hier hoort een waarde te staan"),
    ("Expecting ',' delimiter", "hier hoort een komma (,) te staan"),
    ("Expecting ':' delimiter", "hier hoort een dubbele punt (:) te staan"),
    (
        "Expecting property name enclosed in double quotes",
        "hier hoort een naam tussen dubbele aanhalingstekens te staan",
    ),
    ("Extra data", "na het einde van de gegevens staat nog meer tekst"),
    ("Unterminated string", "een tekst tussen aanhalingstekens is niet afgesloten"),
    ("Invalid control character", "een tekst bevat een stuurteken (zoals een tab of regeleinde)"),
    ("Invalid \\uXXXX escape", "een \\u-teken in een tekst is onvolledig"),
    ("Invalid \\escape", "een tekst bevat een ongeldige \\-combinatie"),
    ("Unexpected UTF-8 BOM", "het bestand begint met een onzichtbaar BOM-teken"),
)


def json_error_words(error: json.JSONDecodeError) -> str:
    """``hier hoort een komma (,) te staan (regel 3, kolom 5)``."""
    description = next(
        (dutch for english, dutch in _DESCRIPTIONS if error.msg.startswith(english)),
        "hier klopt de opbouw niet",
    )
    return f"{description} (regel {error.lineno}, kolom {error.colno})"
