"""What set-up asks about a meeting's subject, and how a document labels the answer.

Apart from ``protocol_notes`` (which needs the protocol model) because documents read a
session's protocol copy as plain JSON: ``intervisie show`` of an indexed file builds no models
and loads no pydantic, and still says "Thema van de bijeenkomst" for a theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from intervisie_tui.engine.display import abbreviate

THEME = "theme"  # ``Subject.THEME``'s value, as a session file holds it


@dataclass(frozen=True)
class CaseForm:
    """What set-up asks about the meeting's subject. The answer to ``question_label`` is kept
    as the session's ``case.help_question`` either way, so session files keep their shape."""

    heading: str
    note: str
    pupil_label: str | None  # None: no pupil is asked for
    question_label: str


PUPIL_CASE = CaseForm(
    heading="De casus",
    note="Dit bestand gaat over een kind: gebruik een schuilnaam of initialen, "
    "nooit de volledige naam.",
    pupil_label="Leerling (schuilnaam of initialen)",
    question_label="Hulpvraag van de inbrenger",
)
THEME_CASE = CaseForm(
    heading="Het thema",
    note="Deze werkwijze gaat over een thema, niet over één leerling: ieder brengt eigen "
    "ervaringen in, als gelijken. Noem geen namen van kinderen.",
    pupil_label=None,
    question_label="Thema van de bijeenkomst",
)


HELP_QUESTION = "hulpvraag"


def names_help_question(identifier: str, label: str) -> bool:
    """Whether a field or question asks for the help question (the rule is explained in
    ``prefill``); here, without pydantic, so documents can leave that field out of what a
    meeting produced."""
    return identifier == HELP_QUESTION or label.strip().casefold().startswith(HELP_QUESTION)


ABOUT_WIDTH = 24  # a theme's first words fit a column of a list at 80 columns


def meeting_about(pupil: str, help_question: str, subject: str) -> str:
    """What a list of sessions names a meeting by: the pupil's schuilnaam, or for a theme the
    theme's first words (kept as the help question, see ``CaseForm``); a list shows a theme
    meeting by its theme rather than by an empty pupil column. ``""`` when neither was filled
    in."""
    if subject != THEME or pupil:
        return pupil
    return abbreviate(" ".join(help_question.split()), ABOUT_WIDTH)


def case_form_for(subject: str) -> CaseForm:
    """By the protocol's ``subject`` value; anything but "theme" (an old file has none) is a
    case about a pupil, the format's default."""
    return THEME_CASE if subject == THEME else PUPIL_CASE
