"""The countdown: digits, the state in words (not only colour), pause, the bell, rehearsal."""

from __future__ import annotations

from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.ui.widgets.clock import STATE_CLASSES
from tests.ui.support import (
    SIZE,
    clock_digits,
    clock_state,
    run_screen,
    screen_text,
    session_app,
    text_of,
    tick,
)


def handelingsgericht_app(sessions_dir, clock, **options):
    return session_app(sessions_dir, clock, "handelingsgericht", **options)


def clock_classes(app) -> set[str]:
    return set(app.screen.query_one("#clock").classes) & set(STATE_CLASSES)


async def test_states_are_shown_in_words_digits_and_classes(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        # Not started: the first phase's full budget, and how to start.
        assert clock_digits(app) == "05:00"
        assert clock_state(app) == "● KLAAR — druk op spatie om de klok te starten"
        assert clock_classes(app) == {"-ready"}

        await pilot.press("space")
        assert clock_digits(app) == "05:00"
        assert clock_state(app) == "▶ LOOPT"
        assert clock_classes(app) == {"-normal"}

        await tick(pilot, clock, 0.4)
        assert clock_digits(app) == "05:00"  # 299.6 s left: rounded up
        await tick(pilot, clock, 1.6)  # 2 s in
        assert clock_digits(app) == "04:58"

        # The last minute (warning_minutes = 1): a warning in words.
        await tick(pilot, clock, 237)  # 239 s in, 61 s left
        assert clock_digits(app) == "01:01"
        assert clock_classes(app) == {"-normal"}
        await tick(pilot, clock, 1)  # 60 s left
        assert clock_digits(app) == "01:00"
        assert clock_state(app) == "▲ BIJNA TIJD — rond af"
        assert clock_classes(app) == {"-warning"}

        # Exactly at the budget the phase is over; then the overrun counts up.
        await tick(pilot, clock, 60)
        assert clock_digits(app) == "+00:00"
        assert clock_state(app).startswith("■ TIJD!")
        assert clock_classes(app) == {"-over"}
        await tick(pilot, clock, 83)
        assert clock_digits(app) == "+01:23"
        assert clock_state(app) == "■ TIJD! +01:23 over de tijd"
        assert clock_classes(app) == {"-over"}

        # Paused while over: the pause wins, in words and class.
        await pilot.press("space")
        assert clock_state(app) == "❚❚ GEPAUZEERD — spatie: verder"
        assert clock_classes(app) == {"-paused"}
        assert clock_digits(app) == "+01:23"

        # The rail marks the current phase with its budget.
        assert text_of(app, "#rail-0") == "▶ 05:00 1. Leerkracht licht zijn/haar vraag toe"


async def test_pause_stops_the_countdown(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = run_screen(app).runner
        await pilot.press("space")
        await tick(pilot, clock, 100)
        assert clock_digits(app) == "03:20"
        await pilot.press("space")
        assert runner.status is TimerStatus.PAUSED
        assert "GEPAUZEERD" in clock_state(app)
        remaining = runner.snapshot().remaining_seconds
        await tick(pilot, clock, 600)  # ten minutes of coffee
        assert clock_digits(app) == "03:20"
        assert runner.snapshot().remaining_seconds == remaining == 200
        assert "GEPAUZEERD" in clock_state(app)
        await pilot.press("space")
        assert clock_state(app) == "▶ LOOPT"
        await tick(pilot, clock, 20)
        assert clock_digits(app) == "03:00"
        assert runner.phase_elapsed(0) == 120
        # The meeting summary counts running time only.
        assert text_of(app, "#meeting-summary").startswith("Totaal 02:00 van 39:00\n")


async def test_extend_and_shorten_move_the_budget_and_the_state(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await tick(pilot, clock, 310)
        assert clock_digits(app) == "+00:10"
        await pilot.press("plus")
        assert clock_digits(app) == "00:50"
        assert clock_state(app) == "▲ BIJNA TIJD — rond af"
        await pilot.press("plus")
        assert clock_digits(app) == "01:50"
        assert clock_state(app) == "▶ LOOPT"
        await pilot.press("minus", "minus")
        assert clock_digits(app) == "+00:10"
        assert text_of(app, "#rail-0") == "▶ 05:00 1. Leerkracht licht zijn/haar vraag toe"
        # A budget of zero or less is refused; the clock is unchanged.
        for _ in range(5):
            await pilot.press("minus")
        assert run_screen(app).runner.session.phases[0].adjustment_seconds == -4 * 60


async def test_the_bell_rings_once_per_overrun_and_not_when_muted(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        rings: list[int] = []
        app.bell = lambda: rings.append(run_screen(app).runner.current_index)  # type: ignore[method-assign]
        await pilot.press("space")
        await tick(pilot, clock, 299)
        assert rings == []
        await tick(pilot, clock, 1)  # budget spent
        assert rings == [0]
        for _ in range(3):
            await tick(pilot, clock, 30)
        await pilot.pause(0.3)  # the 0.25 s interval ticks as well: still one ring
        assert rings == [0]

        # The next phase running over rings again, once.
        await pilot.press("n")
        await tick(pilot, clock, 601)
        await tick(pilot, clock, 5)
        assert rings == [0, 1]

        # Muted: no bell for the third phase, and the title says the bell is off.
        await pilot.press("n")
        await pilot.press("m")
        assert text_of(app, "#run-title").endswith("· bel uit")
        await tick(pilot, clock, 121)
        await tick(pilot, clock, 5)
        assert rings == [0, 1]
        # Unmuting later does not ring for an overrun that already happened.
        await pilot.press("m")
        await tick(pilot, clock, 5)
        assert rings == [0, 1]


async def test_no_bell_for_time_that_runs_out_while_paused(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        rings: list[str] = []
        app.bell = lambda: rings.append("ring")  # type: ignore[method-assign]
        await pilot.press("space")
        await tick(pilot, clock, 290)
        await pilot.press("space")
        await tick(pilot, clock, 60)
        assert rings == []
        await pilot.press("space")
        await tick(pilot, clock, 10)
        assert rings == ["ring"]


async def test_rehearsal_speed_is_shown_on_the_run_screen(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock, speed=10)
    async with app.run_test(size=SIZE):
        assert text_of(app, "#rehearsal") == "OEFENMODUS x10"
    plain = handelingsgericht_app(sessions_dir / "plain", clock)
    async with plain.run_test(size=SIZE):
        assert not plain.screen.query("#rehearsal")


async def test_meeting_summary_keeps_the_projected_end_visible_when_behind(sessions_dir, clock):
    """In the 30-column rail at 80x24, "01:23 achter · einde ± 16:10" wraps onto a third line;
    the summary must grow with it, or the projected end time is cut off."""
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert (
            text_of(app, "#meeting-summary") == "Totaal 00:00 van 39:00\nop schema · einde ± 16:09"
        )
        await pilot.press("space")
        await tick(pilot, clock, 383)
        summary = app.screen.query_one("#meeting-summary")
        assert text_of(app, "#meeting-summary") == (
            "Totaal 06:23 van 39:00\n01:23 achter · einde ± 16:10"
        )
        shown = await screen_text(pilot)
        assert "16:10" in shown
        assert summary.region.height == 3
