"""What set-up asks about a meeting's subject, readable without the protocol model."""

from __future__ import annotations

import pytest

from intervisie_tui.engine.case_forms import PUPIL_CASE, THEME_CASE, case_form_for
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
