"""Validation messages: the same problem in many list items is said once, with where."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.engine.messages import aggregate


def test_a_single_problem_stays_as_it_is() -> None:
    assert aggregate([(("phases", 2, "title"), "ontbreekt")]) == [
        ([("phases", 2, "title")], "ontbreekt")
    ]


def test_a_missing_key_in_many_phases_is_counted_and_numbered_from_one() -> None:
    found = [(("phases", i, "minutes"), "ontbreekt") for i in (0, 1, 2, 4, 7, 8)]
    [(locs, message)] = aggregate(found)
    assert locs == [loc for loc, _ in found]
    assert message == "ontbreekt in 6 fasen: 1–3, 5, 8 en 9"


def test_two_phases_are_named_not_ranged() -> None:
    found = [(("phases", i, "who"), "is te lang (hoogstens 300 tekens)") for i in (3, 4)]
    assert aggregate(found) == [
        (
            [("phases", 3, "who"), ("phases", 4, "who")],
            "is te lang (hoogstens 300 tekens) (in 2 fasen: 4 en 5)",
        )
    ]


def test_nested_lists_name_each_place() -> None:
    found = [
        (("phases", 0, "fields", 1, "label"), "ontbreekt"),
        (("phases", 2, "fields", 0, "label"), "ontbreekt"),
    ]
    [(_locs, message)] = aggregate(found)
    assert message == "ontbreekt in 2 velden: fase 1 veld 2 en fase 3 veld 1"


def test_only_the_same_key_with_the_same_message_is_merged() -> None:
    found = [
        (("phases", 0, "minutes"), "ontbreekt"),
        (("id",), "ontbreekt"),
        (("phases", 1, "title"), "ontbreekt"),
        (("phases", 1, "minutes"), "moet groter zijn dan 0"),
        (("phases", 2, "minutes"), "ontbreekt"),
    ]
    assert [message for _locs, message in aggregate(found)] == [
        "ontbreekt in 2 fasen: 1 en 3",  # in the place of its first occurrence
        "ontbreekt",
        "ontbreekt",
        "moet groter zijn dan 0",
    ]


def test_preparation_questions_are_counted_as_questions() -> None:
    found = [(("preparation", "questions", i, "text"), "ontbreekt") for i in (0, 1)]
    assert aggregate(found)[0][1] == "ontbreekt in 2 vragen: 1 en 2"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["minutes", "title", "who"]),
            st.integers(min_value=0, max_value=59),
            st.sampled_from(["ontbreekt", "moet een getal zijn"]),
        ),
        max_size=40,
    )
)
def test_every_problem_is_kept_once_under_exactly_one_line(
    problems: list[tuple[str, int, str]],
) -> None:
    found = [(("phases", index, key), message) for key, index, message in problems]
    merged = aggregate(found)
    kept = [
        (loc, message[: len(problem)])
        for locs, message in merged
        for loc in locs
        for problem in ("ontbreekt", "moet een getal zijn")
        if message.startswith(problem)
    ]
    assert len(set(kept)) == len(kept)  # no place twice for one problem
    assert set(kept) == set(found)
    assert len(merged) == len({(loc[2], message) for loc, message in found})
    assert all("\n" not in message for _, message in merged)
