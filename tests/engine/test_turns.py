"""Turns in a round phase: whose turn it is, who is next, and how long the turn has lasted."""

from __future__ import annotations

import pytest

from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.runner import (
    NavigationError,
    SessionRunner,
    TurnView,
    observe,
)
from intervisie_tui.engine.session import EventKind, Participant, Role
from tests.builders import make_protocol, make_session, phase_dict

TEAM = [
    Participant(name="Ahmed", roles=[Role.VOORZITTER]),
    Participant(name="Bea", roles=[Role.TIJDBEWAKER]),
    Participant(name="Carla", roles=[Role.INBRENGER]),
    Participant(name="Daan", roles=[Role.DEELNEMER]),
    Participant(name="Eva", roles=[Role.DEELNEMER]),
]


def runner_for(
    clock: FakeClock,
    team: list[Participant] | None = None,
    round_minutes: float = 9,
    who: str = "collega's",
) -> SessionRunner:
    protocol = make_protocol(
        order="flexible",
        phases=[
            phase_dict(1, minutes=5),
            phase_dict(2, minutes=round_minutes, round=True, who=who),
            phase_dict(3, minutes=5),
        ],
    )
    session = make_session(protocol, clock)
    session.participants = TEAM if team is None else team
    return SessionRunner(session, clock)


@pytest.fixture
def runner(fake_clock: FakeClock) -> SessionRunner:
    runner = runner_for(fake_clock)
    runner.start()
    fake_clock.advance(60)
    return runner


def turn_events(runner: SessionRunner) -> list[tuple[str | None, str | None]]:
    return [(e.phase, e.speaker) for e in runner.session.events if e.kind is EventKind.TURN]


def test_no_turns_outside_a_round(runner: SessionRunner) -> None:
    assert runner.session.timer.turn is None
    assert runner.snapshot().turn is None
    for operation in (runner.next_turn, runner.previous_turn):
        with pytest.raises(NavigationError, match="geen ronde"):
            operation()


def test_turns_before_the_start_and_after_the_end(fake_clock: FakeClock) -> None:
    runner = runner_for(fake_clock)
    with pytest.raises(NavigationError, match="nog niet gestart"):
        runner.next_turn()
    runner.start()
    runner.jump(1)
    runner.finish()
    assert runner.session.timer.turn is None
    assert runner.snapshot().turn is None
    with pytest.raises(NavigationError, match="beëindigd"):
        runner.next_turn()


def test_entering_a_round_gives_the_first_speaker_the_turn(
    runner: SessionRunner, fake_clock: FakeClock
) -> None:
    runner.next()
    assert runner.session.timer.turn == 0
    assert runner.session.timer.turn_started_seconds == 0
    assert [e.kind for e in runner.session.events[-2:]] == [EventKind.NEXT, EventKind.TURN]
    assert turn_events(runner) == [("fase-2", "Bea")]
    assert runner.session.events[-1].at == fake_clock.now()
    fake_clock.advance(20)
    assert runner.snapshot().turn == TurnView(
        speaker="Bea",
        next_speaker="Daan",
        number=1,
        count=3,
        guide_seconds=180,
        elapsed_seconds=20,
    )


def test_next_and_previous_turn(runner: SessionRunner, fake_clock: FakeClock) -> None:
    runner.next()
    fake_clock.advance(100)
    runner.next_turn()
    fake_clock.advance(30)
    turn = runner.snapshot().turn
    assert turn is not None
    assert (turn.speaker, turn.next_speaker, turn.number, turn.elapsed_seconds) == (
        "Daan",
        "Eva",
        2,
        30,
    )
    assert runner.session.timer.turn_started_seconds == 100
    runner.previous_turn()
    fake_clock.advance(5)
    turn = runner.snapshot().turn
    assert turn is not None
    assert (turn.speaker, turn.number, turn.elapsed_seconds) == ("Bea", 1, 5)
    assert turn_events(runner) == [("fase-2", "Bea"), ("fase-2", "Daan"), ("fase-2", "Bea")]
    with pytest.raises(NavigationError, match="eerste beurt"):
        runner.previous_turn()


def test_after_the_last_speaker_the_round_starts_again(runner: SessionRunner) -> None:
    runner.next()
    runner.next_turn()
    runner.next_turn()
    last = runner.snapshot().turn
    assert last is not None
    assert (last.speaker, last.next_speaker, last.number) == ("Eva", None, 3)
    runner.next_turn()
    again = runner.snapshot().turn
    assert again is not None
    assert (again.speaker, again.next_speaker, again.number) == ("Bea", "Daan", 1)
    runner.previous_turn()
    back = runner.snapshot().turn
    assert back is not None and back.speaker == "Eva"


def test_a_pause_does_not_count_in_the_turn(runner: SessionRunner, fake_clock: FakeClock) -> None:
    runner.next()
    fake_clock.advance(40)
    runner.pause()
    fake_clock.advance(600)
    runner.next_turn()  # the timekeeper may pass the turn while the clock stands still
    fake_clock.advance(600)
    runner.resume()
    fake_clock.advance(15)
    turn = runner.snapshot().turn
    assert turn is not None
    assert (turn.speaker, turn.elapsed_seconds) == ("Daan", 15)


def test_leaving_and_returning_starts_the_round_anew(
    runner: SessionRunner, fake_clock: FakeClock
) -> None:
    runner.next()
    fake_clock.advance(50)
    runner.next_turn()
    fake_clock.advance(50)
    runner.next()
    assert runner.session.timer.turn is None
    assert runner.session.timer.turn_started_seconds is None
    assert runner.snapshot().turn is None
    fake_clock.advance(10)
    runner.previous()
    assert runner.session.timer.turn == 0
    assert runner.session.timer.turn_started_seconds == 100  # the phase's time so far
    fake_clock.advance(7)
    turn = runner.snapshot().turn
    assert turn is not None
    assert (turn.speaker, turn.elapsed_seconds) == ("Bea", 7)


def test_without_speakers_there_is_no_turn(fake_clock: FakeClock) -> None:
    runner = runner_for(fake_clock, team=[Participant(name="Carla", roles=[Role.INBRENGER])])
    runner.start()
    runner.next()
    assert runner.session.timer.turn == 0
    assert runner.snapshot().turn is None
    assert turn_events(runner) == []
    with pytest.raises(NavigationError, match="deelnemers"):
        runner.next_turn()


def test_a_guide_under_half_a_minute_is_not_given(fake_clock: FakeClock) -> None:
    runner = runner_for(fake_clock, round_minutes=1.45)  # 87 s for three: 29 s each
    runner.start()
    runner.next()
    turn = runner.snapshot().turn
    assert turn is not None and turn.guide_seconds is None
    runner.adjust(0.05)  # 90 s: 30 s each
    turn = runner.snapshot().turn
    assert turn is not None and turn.guide_seconds == pytest.approx(30)


def test_one_speaker_has_no_next(fake_clock: FakeClock) -> None:
    runner = runner_for(fake_clock, team=TEAM[:3])
    runner.start()
    runner.next()
    assert runner.snapshot().turn == TurnView("Bea", None, 1, 1, 540, 0)


def test_a_follower_sees_the_same_turn(runner: SessionRunner, fake_clock: FakeClock) -> None:
    runner.next()
    fake_clock.advance(12)
    runner.next_turn()
    fake_clock.advance(33)
    runner.sync()
    fake_clock.advance(4)
    assert observe(runner.session, fake_clock.now()).turn == runner.snapshot().turn


def test_only_those_the_phase_names_take_turns(fake_clock: FakeClock) -> None:
    """Leren van successen, Verdieping: "ouders vragen"; the timekeeper is no parent."""
    team = [
        Participant(name="Eva", roles=[Role.VOORZITTER]),
        Participant(name="Fons", roles=[Role.TIJDBEWAKER]),
        Participant(name="Gerda", roles=[Role.INBRENGER]),
        Participant(name="Hans", roles=[Role.OUDER]),
        Participant(name="Ina", roles=[Role.OUDER]),
    ]
    runner = runner_for(fake_clock, team, who="ouders vragen, leerkracht antwoordt")
    runner.start()
    runner.next()
    turn = runner.snapshot().turn
    assert turn is not None
    assert (turn.speaker, turn.next_speaker, turn.count) == ("Hans", "Ina", 2)


def test_a_chair_who_also_takes_part_takes_turns_in_the_colleagues_round(
    fake_clock: FakeClock,
) -> None:
    """Handelingsgericht, seed 002: "Collega's stellen verhelderingsvragen"; a chair set up as
    'voorzitter en deelnemer' is one of them."""
    team = [Participant(name="Ahmed", roles=[Role.VOORZITTER, Role.DEELNEMER]), *TEAM[1:]]
    runner = runner_for(fake_clock, team, who="collega's")
    runner.start()
    runner.next()
    turn = runner.snapshot().turn
    assert turn is not None
    assert (turn.speaker, turn.count) == ("Ahmed", 4)


def test_a_resumed_turn_stays_with_whom_the_file_names(fake_clock: FakeClock) -> None:
    """Who takes turns is worked out from the participants by today's rule, and the turn is
    kept as a count: a file written under an earlier rule would hand the turn to someone else
    on resume. The last TURN event names the speaker, and the turn stays theirs."""
    runner = runner_for(fake_clock)
    runner.start()
    runner.next()
    runner.next_turn()
    runner.next_turn()
    turn = runner.snapshot().turn
    assert turn is not None
    speaker = turn.speaker
    # Today's rule puts someone else before them (here: a colleague added earlier in the list,
    # as a changed rule would), so the same count now points at another person.
    runner.session.participants = [
        Participant(name="Fenna", roles=[Role.DEELNEMER]),
        *runner.session.participants,
    ]
    resumed = SessionRunner(runner.session, fake_clock)
    after = resumed.snapshot().turn
    assert after is not None and after.speaker == speaker
    resumed.next_turn()
    assert resumed.snapshot().turn.speaker != speaker  # type: ignore[union-attr]
