"""Which version of its protocol a session used, as the browser and the statistics say it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intervisie_tui.engine.protocol_versions import other_versions, short_version, versions_note

A, B, C = "a" * 64, "b" * 64, "c" * 64


def test_short_version_is_seven_hex_digits_as_git_shows_a_commit() -> None:
    assert short_version("0123456789abcdef" * 4) == "0123456"
    assert short_version("") == "—"


def test_all_with_todays_file() -> None:
    assert versions_note([A, A, A], A) == "Alle 3 sessies liepen met de versie van nu (aaaaaaa)."
    assert versions_note([A], A) == "De sessie liep met de versie van nu (aaaaaaa)."
    assert versions_note([], A) == ""


def test_some_with_another_file_most_used_first() -> None:
    assert versions_note([A, C, B, B, A, B], A) == (
        "4 van de 6 sessies liepen met een andere versie van het protocol dan het bestand van nu "
        "(aaaaaaa): bbbbbbb (3×), ccccccc (1×)."
    )
    assert versions_note([A, B], A) == (
        "1 van de 2 sessies liep met een andere versie van het protocol dan het bestand van nu "
        "(aaaaaaa): bbbbbbb (1×)."
    )
    assert versions_note([B, B], A).startswith("Alle 2 sessies liepen met een andere versie")
    assert versions_note([B], A).startswith("De sessie liep met een andere versie")


def test_a_protocol_no_longer_in_the_list() -> None:
    assert versions_note([B, B], None) == (
        "Alle 2 sessies liepen met versie bbbbbbb (2×); "
        "dit protocol staat nu niet in de lijst van protocollen."
    )


@given(st.lists(st.sampled_from([A, B, C]), max_size=20), st.sampled_from([A, B, C, None]))
def test_every_other_session_is_counted_once(used: list[str], current: str | None) -> None:
    others = other_versions(used, current)
    assert sum(n for _sha, n in others) == sum(sha != current for sha in used)
    assert current not in {sha for sha, _n in others}
    assert [n for _sha, n in others] == sorted((n for _sha, n in others), reverse=True)
    assert bool(versions_note(used, current)) == bool(used)
