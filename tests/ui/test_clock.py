"""The countdown in the meeting window: big digits that follow the terminal's size, the state
in words and the band's background (not only colour), pause, the bell, rehearsal."""

from __future__ import annotations

from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.ui.widgets.bigclock import BigClock
from intervisie_tui.ui.widgets.clock import STATE_CLASSES
from intervisie_tui.ui.widgets.room import ClockBand
from tests.ui.support import (
    SIZE,
    clock_digits,
    clock_state,
    resize,
    run_screen,
    screen_text,
    session_app,
    text_of,
    tick,
)


def handelingsgericht_app(sessions_dir, clock, **options):
    return session_app(sessions_dir, clock, "handelingsgericht", **options)


def clock_classes(app) -> set[str]:
    return set(app.screen.query_one(ClockBand).classes) & set(STATE_CLASSES)


async def test_states_are_shown_in_words_digits_and_classes(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        # Not started: the first phase's full budget, and how to start.
        assert clock_digits(app) == "05:00"
        assert clock_state(app) == "● KLAAR — F2 start de klok"
        assert clock_classes(app) == {"-ready"}

        await pilot.press("f2")
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
        await pilot.press("f2")
        assert clock_state(app) == "❚❚ GEPAUZEERD — F2: verder"
        assert clock_classes(app) == {"-paused"}
        assert clock_digits(app) == "+01:23"

        # The rail (from 100 columns) marks the current phase with what is left of it.
        await resize(pilot, 120, 40)
        await tick(pilot, clock)
        assert text_of(app, "#rail-0") == "▶ +01:23 1. Leerkracht licht…"


async def test_pause_stops_the_countdown(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        runner = run_screen(app).runner
        await pilot.press("f2")
        await tick(pilot, clock, 100)
        assert clock_digits(app) == "03:20"
        await pilot.press("f2")
        assert runner.status is TimerStatus.PAUSED
        assert "GEPAUZEERD" in clock_state(app)
        remaining = runner.snapshot().remaining_seconds
        await tick(pilot, clock, 600)  # ten minutes of coffee
        assert clock_digits(app) == "03:20"
        assert runner.snapshot().remaining_seconds == remaining == 200
        assert "GEPAUZEERD" in clock_state(app)
        await pilot.press("f2")
        assert clock_state(app) == "▶ LOOPT"
        await tick(pilot, clock, 20)
        assert clock_digits(app) == "03:00"
        assert runner.phase_elapsed(0) == 120
        # The meeting line counts running time only.
        assert text_of(app, "#band-meeting-line").startswith("Totaal 02:00 van 39:00 · ")


async def test_extend_and_shorten_move_the_budget_and_the_state(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await tick(pilot, clock, 310)
        assert clock_digits(app) == "+00:10"
        await pilot.press("f6")
        assert clock_digits(app) == "00:50"
        assert clock_state(app) == "▲ BIJNA TIJD — rond af"
        await pilot.press("f6")
        assert clock_digits(app) == "01:50"
        assert clock_state(app) == "▶ LOOPT"
        await pilot.press("f7", "f7")
        assert clock_digits(app) == "+00:10"
        await resize(pilot, 160, 45)
        await tick(pilot, clock)
        assert text_of(app, "#rail-0") == "▶ +00:10 1. Leerkracht licht zijn/haar vraag toe"
        # A budget of zero or less is refused; the clock is unchanged.
        for _ in range(5):
            await pilot.press("f7")
        assert run_screen(app).runner.session.phases[0].adjustment_seconds == -4 * 60


async def test_the_bell_rings_once_per_overrun_and_not_when_muted(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        rings: list[int] = []
        app.bell = lambda: rings.append(run_screen(app).runner.current_index)  # type: ignore[method-assign]
        await pilot.press("f2")
        await tick(pilot, clock, 299)
        assert rings == []
        await tick(pilot, clock, 1)  # budget spent
        assert rings == [0]
        for _ in range(3):
            await tick(pilot, clock, 30)
        await pilot.pause(0.3)  # the 0.25 s interval ticks as well: still one ring
        assert rings == [0]

        # The next phase running over rings again, once.
        await pilot.press("f4")
        await tick(pilot, clock, 601)
        await tick(pilot, clock, 5)
        assert rings == [0, 1]

        # Muted: no bell for the third phase, and the title says the bell is off.
        await pilot.press("f4")
        await pilot.press("f8")
        assert text_of(app, "#run-title").endswith("· bel uit")
        await tick(pilot, clock, 121)
        await tick(pilot, clock, 5)
        assert rings == [0, 1]
        # Unmuting later does not ring for an overrun that already happened.
        await pilot.press("f8")
        await tick(pilot, clock, 5)
        assert rings == [0, 1]


async def test_no_bell_for_time_that_runs_out_while_paused(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        rings: list[str] = []
        app.bell = lambda: rings.append("ring")  # type: ignore[method-assign]
        await pilot.press("f2")
        await tick(pilot, clock, 290)
        await pilot.press("f2")
        await tick(pilot, clock, 60)
        assert rings == []
        await pilot.press("f2")
        await tick(pilot, clock, 10)
        assert rings == ["ring"]


async def test_rehearsal_speed_is_shown_on_the_run_screen(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock, speed=10)
    async with app.run_test(size=SIZE):
        assert text_of(app, "#rehearsal") == "OEFENMODUS x10"
    plain = handelingsgericht_app(sessions_dir / "plain", clock)
    async with plain.run_test(size=SIZE):
        assert not plain.screen.query("#rehearsal")


async def test_the_meeting_line_keeps_the_projected_end_visible_when_behind(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert text_of(app, "#band-meeting-line") == (
            "Totaal 00:00 van 39:00 · op schema · einde ± 16:09"
        )
        await pilot.press("f2")
        await tick(pilot, clock, 383)
        assert text_of(app, "#band-meeting-line") == (
            "Totaal 06:23 van 39:00 · 1 min achter · einde ± 16:10"
        )
        assert "einde ± 16:10" in await screen_text(pilot)


# The issue's floor for the digits' height in the meeting window, per terminal size.
GLYPH_FLOOR = {(80, 24): 5, (120, 40): 8, (160, 45): 11}


async def test_the_big_clock_grows_and_shrinks_with_the_terminal(sessions_dir, clock):
    app = handelingsgericht_app(sessions_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        digits = app.screen.query_one("#band-digits", BigClock)
        rows = {}
        for size in [(80, 24), (120, 40), (160, 45), (80, 24)]:
            await resize(pilot, *size)
            rows[size] = digits.glyph_rows
            assert rows[size] >= GLYPH_FLOOR[size], (size, rows[size])
            # The fields stay on the same screen, below or beside the room's part.
            field = app.screen.query_one("#phase-body")
            assert field.region.height >= 4, (size, field.region)
        assert rows[(80, 24)] < rows[(120, 40)] < rows[(160, 45)]
