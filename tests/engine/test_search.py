"""Free-text search through answers, agreements, case and preparation."""

from __future__ import annotations

from datetime import date

import pytest

from intervisie_tui.engine.search import session_text_matches
from intervisie_tui.engine.session import Evaluation
from tests.meetings import agreement, days_ago, full_answers, run_meeting


@pytest.fixture(scope="module")
def session():  # type: ignore[no-untyped-def]
    return run_meeting(
        answers=full_answers(),
        pupil="Jojo",
        help_question="Hoe krijgt zij rust in de kring?",
        preparation={"waarom": "Het speelt al sinds de herfstvakantie."},
        agreements=[
            agreement(
                "Koptelefoon bij zelfstandig werken",
                who="de intern begeleider",
                when="vanaf maandag",
                evaluation_date=date(2026, 12, 14),
                evaluation=Evaluation(evaluated_at=days_ago(1), note="Werkt uitstekend"),
            )
        ],
    )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "TIME-TIMER",  # list item, any case
        "zag het eerst",  # text answer
        "belonen",  # tally keyword
        "6",  # scale
        "11-01-2027",  # date answer, Dutch
        "2027-01-11",  # date answer, ISO
        "14-12-2026",  # evaluation date
        "koptelefoon maandag",  # every word, in different fields
        "intern begeleider",
        "uitstekend",  # evaluation note
        "kring rust",  # help question
        "herfstvakantie",  # preparation
        "jojo",  # pupil pseudonym
        "ideeen",  # without the accent (an answer label is not searched, but the text is)
        "[bold]x[/]",  # markup is plain text to search
        "testprotocol",
    ],
)
def test_matches(session, query: str) -> None:  # type: ignore[no-untyped-def]
    if query == "ideeen":
        session = run_meeting(answers={("fase-1", "notes"): "Goede ideeën genoeg"})
    assert session_text_matches(session, query)


@pytest.mark.parametrize("query", ["zebra", "koptelefoon zebra", "Marieke Vries", "tijdbewaker"])
def test_does_not_match(session, query: str) -> None:  # type: ignore[no-untyped-def]
    # Participants' names are not searched, even though "Marieke de Vries" took part;
    # "zag het eerst" mentions her in an answer, but not with "Vries" next to "Marieke" here.
    session = session.model_copy(deep=True)
    session.phases[0].answers = {}
    assert not session_text_matches(session, query)


def test_matching_paths_skips_bad_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from intervisie_tui.engine.search import matching_paths
    from tests.meetings import bad_files, edge_files, save

    folder = tmp_path / "sessions"
    hit = save(folder, run_meeting(pupil="Jojo"))
    save(folder, run_meeting(pupil="Kim"))
    bad_files(folder, run_meeting(pupil="Jojo"))  # a folder, a FIFO, a link included
    edge_files(folder, run_meeting(pupil="Kim"))
    everything = sorted(folder.glob("*.json"))
    assert matching_paths(everything, "jojo") == [hit]
    assert matching_paths(everything, " ") == everything
