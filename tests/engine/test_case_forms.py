"""What set-up asks about a meeting's subject, readable without the protocol model."""

from __future__ import annotations

import pytest

from intervisie_tui.engine.case_forms import (
    ABOUT_WIDTH,
    PUPIL_CASE,
    THEME_CASE,
    case_form_for,
    meeting_about,
)
from intervisie_tui.engine.protocol import Subject


@pytest.mark.parametrize(
    ("subject", "form"),
    [(Subject.THEME.value, THEME_CASE), (Subject.PUPIL.value, PUPIL_CASE), ("", PUPIL_CASE)],
)
def test_the_form_follows_the_subject_as_a_file_spells_it(subject: str, form: object) -> None:
    """An old session's protocol copy has no subject: it was about a pupil."""
    assert case_form_for(subject) is form


def test_only_a_pupil_is_asked_for_by_name() -> None:
    assert PUPIL_CASE.pupil_label is not None and "schuilnaam" in PUPIL_CASE.pupil_label
    assert THEME_CASE.pupil_label is None


@pytest.mark.parametrize(
    ("pupil", "question", "subject", "about"),
    [
        ("L.", "Hoe help ik L.?", Subject.PUPIL.value, "L."),
        # Never a pupil meeting's help question: it may name the child.
        ("", "Hoe help ik L.?", Subject.PUPIL.value, ""),
        ("", "Hoe help ik L.?", "", ""),  # an old file: about a pupil
        ("", "Zelfstandig\n  werken", Subject.THEME.value, "Zelfstandig werken"),
        ("", "", Subject.THEME.value, ""),
        ("S.", "Zelfstandig werken", Subject.THEME.value, "S."),  # a pupil after all
        ("", "Zelfstandig werken in de bovenbouw", Subject.THEME.value, "Zelfstandig werken in…"),
    ],
)
def test_a_list_names_a_theme_meeting_by_its_theme(
    pupil: str, question: str, subject: str, about: str
) -> None:
    assert meeting_about(pupil, question, subject) == about
    assert len(about) <= ABOUT_WIDTH
