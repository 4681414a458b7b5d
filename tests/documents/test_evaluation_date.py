"""One evaluation date in every view: what ``show`` and the exports say an agreement is to be
evaluated on is the date the follow-up (``sessions --due``, set-up) uses, also for old sessions
whose protocol asked for the date in a field of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervisie_tui.documents.common import document_from_json, document_of
from intervisie_tui.engine.followup import evaluation_dates, separate_evaluation_date
from intervisie_tui.engine.store import load_session

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FILES = sorted(FIXTURES.glob("sessions-*/*.json"))


def test_an_old_session_with_a_separate_date_is_among_the_fixtures():
    dated = [path for path in FILES if separate_evaluation_date(load_session(path))]
    assert dated, "no fixture has an old separate evaluation date: the test below proves nothing"
    session = load_session(dated[0])
    assert any(a.evaluation_date is None for a in session.agreements)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_documents_and_follow_up_give_the_same_dates(path):
    session = load_session(path)
    expected = evaluation_dates(session)
    from_model = [a.evaluation_date for a in document_of(session).agreements]
    raw = json.loads(path.read_bytes())
    from_json = [a.evaluation_date for a in document_from_json(raw).agreements]
    assert from_model == from_json == expected
