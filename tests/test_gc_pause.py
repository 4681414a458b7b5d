"""Collection paused while the TUI starts, and on again once it has."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from intervisie_tui.gc_pause import paused_while_starting, resume


@pytest.fixture(autouse=True)
def collecting() -> Iterator[None]:
    yield
    gc.enable()  # whatever a failing test left behind


def test_paused_inside_and_on_again_after() -> None:
    with paused_while_starting():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_on_again_when_starting_fails() -> None:
    with pytest.raises(RuntimeError), paused_while_starting():
        raise RuntimeError("kapot")
    assert gc.isenabled()


def test_the_app_resumes_it_early_and_freezes_what_starting_made() -> None:
    with paused_while_starting():
        frozen = gc.get_freeze_count()
        made = [object() for _ in range(3)]  # noqa: F841 - a few objects made while starting
        resume()
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
    assert gc.isenabled()
    gc.unfreeze()


def test_someone_elses_choice_is_left_alone() -> None:
    gc.disable()
    with paused_while_starting():
        pass
    assert not gc.isenabled()
