"""What a line typed into a tally means, and what it does to the tally: pure functions, so every
spelling of ``Belonen: 3`` can be tried without a screen."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from intervisie_tui.engine.session import TallyItem
from intervisie_tui.ui.widgets.fields import (
    COUNT_MAX,
    KEYWORD_MAX,
    TallyEntry,
    correct_tally,
    count_tally,
    parse_tally_entry,
    pasted_lines,
    tally_note,
)


def plain_keyword(text: str) -> bool:
    try:
        return bool(text) and parse_tally_entry(text) == TallyEntry(text)
    except ValueError:  # "x: -1" is a refused count, not a keyword
        return False


# Keywords as people write them: words with spaces, digits and punctuation, one line, not
# ending in ": <number>" (that would be a count) and without blanks around them.
keywords = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters="\x85"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(plain_keyword)
)
counts = st.integers(min_value=0, max_value=COUNT_MAX)
spacing = st.sampled_from(["", " ", "  ", "\t"])


def tally(*pairs: tuple[str, int]) -> list[TallyItem]:
    return [TallyItem(keyword=k, count=c) for k, c in pairs]


def pairs(items: list[TallyItem]) -> list[tuple[str, int]]:
    return [(item.keyword, item.count) for item in items]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Belonen", TallyEntry("Belonen")),
        ("  Belonen  ", TallyEntry("Belonen")),
        ("Belonen: 3", TallyEntry("Belonen", 3)),
        ("Belonen:3", TallyEntry("Belonen", 3)),
        ("Belonen : 3", TallyEntry("Belonen", 3)),
        ("Reactieprocedure toepassen: 2", TallyEntry("Reactieprocedure toepassen", 2)),
        ("Belonen: 0", TallyEntry("Belonen", 0)),
        ("Belonen:", TallyEntry("Belonen:")),  # no number: the colon is part of the word
        ("Let op: rust", TallyEntry("Let op: rust")),
        (": 3", TallyEntry(": 3")),  # no keyword before the colon: the text is the keyword
        ("Groep 8", TallyEntry("Groep 8")),
    ],
)
def test_typed_lines_mean_a_keyword_and_maybe_a_count(typed, expected):
    assert parse_tally_entry(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "geen trefwoord"),
        ("   ", "geen trefwoord"),
        ("Belonen: -2", "niet negatief"),
        (f"Belonen: {COUNT_MAX + 1}", f"hoogstens {COUNT_MAX}"),
        ("x" * (KEYWORD_MAX + 1), "te lang"),
    ],
)
def test_what_cannot_be_counted_is_refused_with_a_reason(typed, reason):
    with pytest.raises(ValueError, match=reason):
        parse_tally_entry(typed)


@given(keyword=keywords, count=counts, before=spacing, after=spacing)
def test_keyword_colon_count_in_any_spacing(keyword, count, before, after):
    assert parse_tally_entry(f"{keyword}{before}:{after}{count}") == TallyEntry(keyword, count)


@given(keyword=keywords)
def test_a_plain_keyword_counts_one_more(keyword):
    assert parse_tally_entry(keyword) == TallyEntry(keyword, None)


@given(
    keyword=keywords,
    spelling=st.sampled_from([str.upper, str.lower, str.title]),
    count=st.integers(min_value=1, max_value=COUNT_MAX),
)
def test_a_count_sets_a_known_keyword_in_any_case_and_keeps_its_place(keyword, spelling, count):
    typed = spelling(keyword)
    # Case-insensitive as str.casefold sees it (a dotless ı upper-cases to I, which is not ı).
    assume(typed.casefold() == keyword.casefold())
    assume(keyword.casefold() not in ("eerste", "laatste"))
    before = tally(("eerste", 1), (keyword, 5), ("laatste", 2))
    after = count_tally(before, TallyEntry(typed, count))
    assert [item.keyword for item in after] == [item.keyword for item in before]
    assert after[1].count == count
    assert pairs(before) == [("eerste", 1), (keyword, 5), ("laatste", 2)]  # not changed


def test_counting_adds_one_appends_new_keywords_and_zero_removes():
    items = tally(("Structuur", 2))
    items = count_tally(items, TallyEntry("structuur"))
    items = count_tally(items, TallyEntry("Humor"))
    items = count_tally(items, TallyEntry("Belonen", 3))
    assert pairs(items) == [("Structuur", 3), ("Humor", 1), ("Belonen", 3)]
    items = count_tally(items, TallyEntry("humor", 0))
    assert pairs(items) == [("Structuur", 3), ("Belonen", 3)]
    # A count of 0 for a keyword that is not there changes nothing.
    assert pairs(count_tally(items, TallyEntry("Rust", 0))) == pairs(items)


def test_one_more_stops_at_the_most_a_file_can_hold():
    items = count_tally(tally(("Belonen", COUNT_MAX)), TallyEntry("Belonen"))
    assert pairs(items) == [("Belonen", COUNT_MAX)]


def test_correcting_a_row_renames_recounts_or_removes_it():
    items = tally(("Structuur", 3), ("humor", 2), ("Rust", 1))
    assert pairs(correct_tally(items, 1, TallyEntry("Humor"))) == [
        ("Structuur", 3),
        ("Humor", 2),  # no count given: the count stays
        ("Rust", 1),
    ]
    assert pairs(correct_tally(items, 1, TallyEntry("humor", 5))) == [
        ("Structuur", 3),
        ("humor", 5),
        ("Rust", 1),
    ]
    assert pairs(correct_tally(items, 1, TallyEntry("humor", 0))) == [("Structuur", 3), ("Rust", 1)]


def test_renaming_onto_another_keyword_makes_one_row_with_both_counts():
    items = tally(("Structuur", 3), ("structuren", 2), ("Rust", 1))
    assert pairs(correct_tally(items, 1, TallyEntry("structuur"))) == [
        ("structuur", 5),
        ("Rust", 1),
    ]


@given(
    rows=st.lists(
        st.tuples(keywords, st.integers(0, 50)),
        min_size=1,
        max_size=6,
        unique_by=lambda r: r[0].casefold(),
    ),
    data=st.data(),
)
def test_a_correction_never_leaves_two_rows_with_one_keyword(rows, data):
    items = tally(*rows)
    index = data.draw(st.integers(0, len(items) - 1))
    entry = data.draw(
        st.builds(TallyEntry, st.sampled_from([k for k, _ in rows]), st.none() | counts)
    )
    after = correct_tally(items, index, entry)
    folded = [item.keyword.casefold() for item in after]
    assert len(folded) == len(set(folded))
    assert sum(item.count for item in after) <= sum(c for _, c in rows) + (entry.count or 0)


def test_pasted_lines_drop_blank_lines_and_surrounding_blanks():
    assert pasted_lines("  vaste plek\r\n\n korte instructie \nstilte-kaart\n") == [
        "vaste plek",
        "korte instructie",
        "stilte-kaart",
    ]


# -- what the field says about a change -------------------------------------------------------


def test_counting_and_adding_need_no_words() -> None:
    items = tally(("Belonen", 4))
    assert tally_note(items, count_tally(items, TallyEntry("belonen"))) == ""
    assert tally_note(items, count_tally(items, TallyEntry("Humor"))) == ""
    assert tally_note(items, count_tally(items, TallyEntry("Humor", 3))) == ""


def test_a_count_set_or_a_zero_says_what_it_did() -> None:
    items = tally(("Belonen", 8), ("Reactieprocedure", 2))
    assert tally_note(items, count_tally(items, TallyEntry("belonen", 3))) == "Belonen: 8 → 3"
    zero = count_tally(items, TallyEntry("Reactieprocedure", 0))
    assert tally_note(items, zero) == "Reactieprocedure verwijderd"
    pasted = count_tally(zero, TallyEntry("Belonen", 20))
    assert tally_note(items, pasted) == "Reactieprocedure verwijderd · Belonen: 8 → 20"


def test_a_correction_says_when_it_merged_renamed_recounted_or_removed() -> None:
    items = tally(("Belonen", 5), ("muntjes", 3), ("Rust", 2))
    merged = correct_tally(items, 1, TallyEntry("Belonen", 3))
    assert pairs(merged) == [("Belonen", 8), ("Rust", 2)]
    assert tally_note(items, merged, 1) == "muntjes samengevoegd met Belonen: 8"
    assert tally_note(items, correct_tally(items, 1, TallyEntry("Rust")), 1) == (
        "muntjes samengevoegd met Rust: 5"
    )
    assert tally_note(items, correct_tally(items, 1, TallyEntry("muntjes", 0)), 1) == (
        "muntjes verwijderd"
    )
    assert tally_note(items, correct_tally(items, 1, TallyEntry("Munten")), 1) == ""
    assert tally_note(items, correct_tally(items, 1, TallyEntry("Munten", 7)), 1) == (
        "Munten: 3 → 7"
    )
    assert tally_note(items, correct_tally(items, 0, TallyEntry("belonen", 2)), 0) == (
        "belonen: 5 → 2"
    )
