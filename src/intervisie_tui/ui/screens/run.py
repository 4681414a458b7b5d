"""The meeting window: the room's part (phase, who speaks, the big clock, questions and rules)
and the note-taker's part (the rail and the fields to record) on one screen, so a meeting on one
mirrored laptop screen works as well as one with a beamer window beside it.

It drives the runner with the timekeeper's keys and redraws from ``runner.snapshot()`` when the
displayed second changes. Only what changed is redrawn, so a countdown costs little CPU on a
laptop that also drives a projector. Dialogs, the help overlay and Home are imported when first
asked for: the meeting window's start does not need them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from intervisie_tui.engine.autosave import AutoSaver
from intervisie_tui.engine.protocol import Order
from intervisie_tui.engine.runner import NavigationError, SessionRunner, Snapshot, WarningLevel
from intervisie_tui.engine.session import TimerStatus
from intervisie_tui.engine.speakers import round_speakers
from intervisie_tui.ui.keys import (
    RUN_KEYS,
    key_bar,
    pause_label,
    run_bindings,
    timekeeper_banner,
)
from intervisie_tui.ui.widgets.clock import next_redraw_delay
from intervisie_tui.ui.widgets.fields import FieldEditor, editor_for
from intervisie_tui.ui.widgets.rail import PhaseRail
from intervisie_tui.ui.widgets.room import (
    ClockBand,
    PhaseGuide,
    PhaseHeader,
    band_state,
    meeting_title,
)


class PhaseBody(VerticalScroll, can_focus=False):
    """The phase's texts and fields. Not focusable itself: Tab goes from field to field, never
    to the scroll area, where typed words would be lost."""


def breakpoint_class(width: int, breakpoints: list[tuple[int, str]]) -> str:
    """The class Textual gives a screen ``width`` columns wide: the widest breakpoint it fills."""
    return max((b for b in breakpoints if b[0] <= width), default=(0, ""))[1]


class RunScreen(Screen[None]):
    BINDINGS = [
        *run_bindings(),
        Binding("escape", "leave_field", "Tijdbewaker", show=False),
        Binding("enter", "back_to_typing", "Typen", show=False),
        # Replaces Screen's own tab binding, so it must move the focus on by itself too.
        Binding("tab", "tab", "Volgend veld", show=False),
        Binding("alt+up", "scroll_guide(-1)", "Vragen omhoog", show=False, priority=True),
        Binding("alt+down", "scroll_guide(1)", "Vragen omlaag", show=False, priority=True),
    ]
    # Below 100 columns there is no room for the rail; from 140 the room's part and the
    # note-taker's part stand side by side.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    timekeeper: reactive[bool] = reactive(False)

    def __init__(self, runner: SessionRunner, saver: AutoSaver, *, speed: float | None) -> None:
        super().__init__()
        # Born with the class of the terminal's width: Textual sets it on the first resize,
        # after every widget has been styled once without it, and would style them all again.
        width = self.app.size.width
        self.add_class(breakpoint_class(width, self.HORIZONTAL_BREAKPOINTS), update=False)
        self.runner = runner
        self.saver = saver
        self.speed = speed
        self.protocol = runner.session.protocol
        self._shown_phase: int | None = None
        self._was_over = False
        self._key_bar_inputs: tuple[object, ...] | None = None
        self._phase_keys_at: tuple[object, ...] | None = None
        self._phase_keys = (False, False)
        self._meeting_title = meeting_title(runner.session)
        self._resumed = False
        self._left_field: Widget | None = None  # the field timekeeper mode was entered from

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.runner.session
        first = self.runner.snapshot()
        with Horizontal(id="run-top"):
            yield Static("", id="run-title", markup=False)
            if self.speed:
                yield Static(f"OEFENMODUS x{self.speed:g}", id="rehearsal", markup=False)
        yield Static("", id="save-banner", markup=False)
        with Horizontal(id="run-body"):
            with Vertical(id="room"):
                yield PhaseHeader(session)
                # Born in the state's class: the first tick finds it set, and the band is not
                # styled twice.
                yield ClockBand(keys=True, classes=band_state(first, keys=True)[1])
                yield PhaseGuide(session)
            with Horizontal(id="desk"):
                yield PhaseRail(first, flexible=self.protocol.order is Order.FLEXIBLE)
                yield PhaseBody(id="phase-body")
        yield Static(timekeeper_banner(), id="timekeeper-banner", markup=False)
        yield Static("", id="key-bar", markup=False)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual styles a resumed screen anew (something may have changed while another
        # screen was on top); the first time, every widget has just been styled on mounting.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    async def on_mount(self) -> None:
        self._band = self.query_one(ClockBand)
        self._header = self.query_one(PhaseHeader)
        self._guide = self.query_one(PhaseGuide)
        self._rail = self.query_one(PhaseRail)
        self._title = self.query_one("#run-title", Static)
        self._banner = self.query_one("#save-banner", Static)
        self._key_bar = self.query_one("#key-bar", Static)
        self._redraw_timer: Timer | None = None
        self._save_timer: Timer | None = None
        await self.show_phase()
        self.tick()

    def _schedule_redraw(self, snapshot: Snapshot) -> None:
        if self._redraw_timer is not None:
            self._redraw_timer.stop()
        self._redraw_timer = self.set_timer(
            next_redraw_delay(snapshot, self.speed), self.tick, name="redraw"
        )

    async def show_phase(self) -> None:
        """Rebuild the phase's parts; only called when the phase changes, never per tick."""
        index = self.runner.current_index or 0
        self._shown_phase = index
        self._was_over = False
        phase = self.protocol.phases[index]
        self._header.show_phase(index)
        await self._guide.show_phase(index)
        body = self.query_one("#phase-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(
            editor_for(self.runner.session, phase.id, spec) for spec in phase.recorded_fields
        )
        body.scroll_home(animate=False)
        self.action_back_to_typing()
        # Scrolling the focused field into view needs the new fields' final layout: tables
        # measure their rows once they know their width, a refresh after they are mounted.
        self.call_after_refresh(self.call_after_refresh, self._show_focused)

    def _show_focused(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)

    # -- the clock -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Redraw from one snapshot, save if due, and sleep until the display next changes."""
        snapshot = self.runner.snapshot()
        self._band.show(snapshot)
        self._header.show(snapshot)
        self._rail.show(snapshot)
        bell = "" if not self.app.muted else " · bel uit"  # type: ignore[attr-defined]
        title = f"{self._meeting_title}{bell}"
        if str(self._title.content) != title:
            self._title.update(title, layout=False)
        over = snapshot.level is WarningLevel.OVER and snapshot.status is TimerStatus.RUNNING
        if over and not self._was_over and not self.app.muted:  # type: ignore[attr-defined]
            self.app.bell()
        self._was_over = snapshot.level is WarningLevel.OVER
        self._show_key_bar()
        self.saver.poll()
        self._show_banner()
        self._schedule_redraw(snapshot)

    def _show_banner(self) -> None:
        banner = self._banner
        error = self.saver.error
        text = (
            f"⚠ {error} — niets is verloren, opnieuw proberen loopt; ctrl+s: kopie elders bewaren"
            if error
            else ""
        )
        if str(banner.content) != text:
            banner.update(text)
            banner.display = bool(text)

    # -- the key model -------------------------------------------------------------------------

    def _phase_key_facts(self) -> tuple[bool, bool]:
        """Whether the turn keys apply (someone has a turn: a parents' round without parents
        has none, the keys would only say so) and whether F4 finishes. Worked out again only
        when the clock's state, the phase or the event log changed, not at every tick."""
        runner = self.runner
        at = (runner.status, runner.current_index, len(runner.session.events))
        if at != self._phase_keys_at:
            self._phase_keys_at = at
            phase = self.protocol.phases[runner.current_index or 0]
            turns = phase.round and bool(round_speakers(runner.session.participants, phase.who))
            self._phase_keys = (turns, self._next_finishes())
        return self._phase_keys

    def _show_key_bar(self) -> None:
        round_phase, last_phase = self._phase_key_facts()
        options = {
            "timekeeper": self.timekeeper,
            "round_phase": round_phase,
            "last_phase": last_phase,
            "width": self._key_bar.content_size.width or self.size.width - 2,
        }
        inputs = (self.runner.status, *options.values())
        if inputs == self._key_bar_inputs:  # called every tick: work only when it can differ
            return
        self._key_bar_inputs = inputs
        text = key_bar(self.runner.status, **options)
        if str(self._key_bar.content) != text:
            self._key_bar.update(text)

    def on_resize(self) -> None:
        # A new size can switch the layout (stacked or side by side): the field being typed
        # in must stay in view.
        self._show_key_bar()
        self.call_after_refresh(self._show_focused)

    def watch_timekeeper(self, timekeeper: bool) -> None:
        self.set_class(timekeeper, "-timekeeper")
        self._show_key_bar()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Any field taking the focus ends timekeeper mode: from then on, typing is text again.
        self.timekeeper = False
        # A steady cursor: a blinking one on a projected screen draws the eye, and every blink
        # is a frame to draw (two a second, against one for the clock).
        if isinstance(event.widget, TextArea | Input):
            event.widget.cursor_blink = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("timekeeper", "back_to_typing"):
            return self.timekeeper
        return True

    async def action_timekeeper(self, action: str) -> None:
        """A single key's command; ``check_action`` lets it through only in timekeeper mode."""
        result = getattr(self, f"action_{action}")()
        if result is not None:
            await result

    def action_scroll_guide(self, direction: int) -> None:
        """The questions and rules scroll without leaving the field being typed in."""
        body = self.query_one("#guide-body", VerticalScroll)
        body.scroll_relative(y=direction * max(1, body.size.height - 1), animate=False)

    def action_leave_field(self) -> None:
        self._left_field = self.focused
        self.set_focus(None)
        self.timekeeper = True

    def resume_typing(self) -> None:
        """Typing goes on where it was before timekeeper mode (or a dialog opened from it):
        the field left with Esc, or the phase's first field once that one is gone."""
        field = self._left_field
        if field is not None and field.is_attached and field.screen is self:
            self.set_focus(field)
            self.timekeeper = False
        else:
            self.action_back_to_typing()

    def action_tab(self) -> None:
        """Out of timekeeper mode into the first field; otherwise on to the next field."""
        if self.timekeeper:
            self.action_back_to_typing()
        else:
            self.focus_next()

    def action_back_to_typing(self) -> None:
        """Focus the phase's first text field, so typing goes there without a key first."""
        fields = self.query_one("#phase-body").query("TextArea, Input")
        self.set_focus(next(iter(fields), None))
        self.timekeeper = False

    def on_field_editor_recorded(self, event: FieldEditor.Recorded) -> None:
        """Typing is saved one debounce delay after the first unsaved keystroke."""
        self.saver.changed()
        if self._save_timer is None:
            self._save_timer = self.set_timer(self.saver.delay, self._save_typing, name="save")

    def _save_typing(self) -> None:
        self._save_timer = None
        self.saver.poll()
        self._show_banner()

    # -- actions -------------------------------------------------------------------------------

    def _attempt(self, operation: Callable[[], None]) -> bool:
        try:
            operation()
        except NavigationError as problem:
            # The engine says what is wrong; only the screen knows which key mends it.
            how = " — F2 start de klok" if self.runner.status is TimerStatus.NOT_STARTED else ""
            self.notify(f"{problem}{how}", severity="warning", markup=False)
            return False
        return True

    async def _after_move(self) -> None:
        self.saver.flush()
        await self.show_phase()
        self.tick()

    def action_toggle_pause(self) -> None:
        if self.runner.status is TimerStatus.NOT_STARTED:
            done = self._attempt(self.runner.start)
        else:
            done = self._attempt(self.runner.toggle_pause)
        if done:
            self.saver.flush()
            self.tick()

    def _next_finishes(self) -> bool:
        """F4 finishes where no phase follows: after the last phase of a fixed order, and in a
        flexible one from the last phase once nothing else is left to cover."""
        try:
            return self.runner.next_index() is None
        except NavigationError:  # not started or ended: F4 says why when pressed
            return False

    async def action_next_phase(self) -> None:
        if self._next_finishes():
            self.action_finish()
            return
        if self._attempt(self.runner.next):
            await self._after_move()

    async def action_previous_phase(self) -> None:
        from intervisie_tui.ui.screens.dialogs import ConfirmScreen

        if self.protocol.order is Order.FLEXIBLE:
            if self._attempt(self.runner.previous):
                await self._after_move()
            return

        async def confirmed(answer: bool | None) -> None:
            if answer and self._attempt(lambda: self.runner.previous(override=True)):
                await self._after_move()

        if self._attempt(self._check_started):
            self.app.push_screen(
                ConfirmScreen(
                    "Terug naar de vorige fase?",
                    "Dit protocol heeft een vaste volgorde; teruggaan wordt vastgelegd.",
                    keys=("f3",),
                ),
                confirmed,
            )

    def action_jump(self) -> None:
        from intervisie_tui.ui.screens.dialogs import ConfirmScreen, JumpScreen

        if not self._attempt(self._check_started):
            return

        async def chosen(target: int | None) -> None:
            if target is None:
                return
            if not self.runner.requires_override(target):
                if self._attempt(lambda: self.runner.jump(target)):
                    await self._after_move()
                return

            async def confirmed(answer: bool | None) -> None:
                if answer and self._attempt(lambda: self.runner.jump(target, override=True)):
                    await self._after_move()

            self.app.push_screen(
                ConfirmScreen(
                    f"Naar fase {target + 1} springen?",
                    "Dit protocol heeft een vaste volgorde; de sprong wordt vastgelegd.",
                    keys=("f5",),
                ),
                confirmed,
            )

        self.app.push_screen(JumpScreen(self.runner.snapshot(), key="f5"), chosen)

    def _check_started(self) -> None:
        if self.runner.status is TimerStatus.NOT_STARTED:
            raise NavigationError("de sessie is nog niet gestart")

    def _adjust(self, minutes: int) -> None:
        if self._attempt(lambda: self.runner.adjust(minutes)):
            self.saver.flush()
            self.tick()

    def action_extend(self) -> None:
        self._adjust(1)

    def action_shorten(self) -> None:
        self._adjust(-1)

    def _turn(self, move: Callable[[], None]) -> None:
        # Saved at once, like every change of who speaks: the beamer window follows the file.
        if self._attempt(move):
            self.saver.flush()
            self.tick()

    def action_next_turn(self) -> None:
        self._turn(self.runner.next_turn)

    def action_previous_turn(self) -> None:
        self._turn(self.runner.previous_turn)

    def action_mute(self) -> None:
        self.app.muted = not self.app.muted  # type: ignore[attr-defined]
        self.notify("Bel uit" if self.app.muted else "Bel aan")  # type: ignore[attr-defined]
        self.tick()

    def action_help(self) -> None:
        from intervisie_tui.ui.screens.help import HelpScreen

        phase = self.protocol.phases[self.runner.current_index or 0]
        self.app.push_screen(HelpScreen(self.protocol, phase))

    async def action_quit_session(self) -> None:
        await self.app.action_quit("f12")  # type: ignore[call-arg]

    def action_finish(self) -> None:
        from intervisie_tui.ui.screens.dialogs import ConfirmScreen

        if not self._attempt(self._check_started):
            return
        uncovered = [p.title for p in self.runner.snapshot().uncovered]
        detail = (
            "Nog niet besproken: " + "; ".join(uncovered) + ". Dit wordt vastgelegd."
            if uncovered
            else "De klok stopt en je ziet het overzicht."
        )

        def confirmed(answer: bool | None) -> None:
            if answer and self._attempt(self.runner.finish):
                self.saver.flush()
                self.app.show_end()  # type: ignore[attr-defined]

        self.app.push_screen(
            ConfirmScreen("Sessie afronden?", detail, keys=("f4",)), confirmed
        )

    def action_abandon(self) -> None:
        """One question; then the session is saved as abandoned and the program goes Home
        (an abandoned session cannot be resumed, so there is nothing more to ask)."""
        from intervisie_tui.ui.screens.dialogs import ConfirmScreen
        from intervisie_tui.ui.screens.home import show_home

        def confirmed(answer: bool | None) -> None:
            if not (answer and self._attempt(self.runner.abandon)):
                return
            farewell = self.app.close_session()  # type: ignore[attr-defined]
            if farewell:
                self.app.notify(farewell, timeout=10, markup=False)
            show_home(self.app, self.protocol.id)

        self.app.push_screen(
            ConfirmScreen(
                "Sessie afbreken?",
                "Wat is vastgelegd blijft bewaard; de sessie telt als afgebroken.",
                keys=(),
            ),
            confirmed,
        )

    def action_export(self) -> None:
        self.app.export_copy()  # type: ignore[attr-defined]

    def palette_commands(self) -> Iterable[SystemCommand]:
        for key in RUN_KEYS:
            label = pause_label(self.runner.status) if key.action == "toggle_pause" else key.label
            yield SystemCommand(
                f"{label} ({key.display})", key.description, self._palette(key.action)
            )
        yield SystemCommand(
            "Sessie afronden", "Klok stoppen en naar het overzicht", self.action_finish
        )
        yield SystemCommand("Sessie afbreken", "Stoppen zonder af te ronden", self.action_abandon)

    def _palette(self, action: str) -> Callable[[], object]:
        return getattr(self, f"action_{action}")
