"""The room's part of a meeting: the clock band, the phase header and the phase guide.

The meeting window (with the note fields beside them) and the beamer window both compose these
parts, so the room reads the same thing on either screen. They are read from the back of a room
on a washed-out projector, by colleagues who may not tell red from green: every state changes the
band's whole background *and* has its own words and symbol, and the progress bars differ in shape
(a heavy line for time used, a light one for time left), not only in colour.

``show(snapshot)`` runs about once a second. Every line it touches is one row high by CSS, so a
new text repaints without a new layout, and each part compares before it updates.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from intervisie_tui.engine.case_forms import meeting_about
from intervisie_tui.engine.protocol import FieldType, HelpPanel, Phase, Subject
from intervisie_tui.engine.runner import Snapshot, TurnView, following_phase
from intervisie_tui.engine.session import Agreement, Session, TimerStatus
from intervisie_tui.engine.speakers import who_names
from intervisie_tui.timefmt import clock, countdown, dutch_date, schedule
from intervisie_tui.ui.widgets import bigfont
from intervisie_tui.ui.widgets.bigclock import BigClock
from intervisie_tui.ui.widgets.clock import STATE_CLASSES, state_line

BAND_CLASSES = (*STATE_CLASSES, "-ended")

# Without the keyboard hints of the meeting window: the room cannot press them.
_ROOM_WORDS = {
    "-ready": "● KLAAR — de klok start zo",
    "-paused": "❚❚ GEPAUZEERD",
}


HELD = ("⚠ KLOK STILGEZET — het vergaderscherm reageert niet", "-paused")


def band_state(snapshot: Snapshot, *, keys: bool) -> tuple[str, str]:
    """The words under the clock and the band's class; ``keys`` adds what to press."""
    if snapshot.status is TimerStatus.FINISHED:
        return "✓ BIJEENKOMST AFGEROND", "-ended"
    if snapshot.status is TimerStatus.ABANDONED:
        return "✕ BIJEENKOMST AFGEBROKEN", "-ended"
    words, state = state_line(snapshot)
    return (words if keys else _ROOM_WORDS.get(state, words)), state


def meeting_title(session: Session, *, whole_theme: bool = False) -> str:
    """The protocol and what the meeting is about: the pupil, or for a theme meeting (which has
    no pupil) its theme. The meeting window shares its top line with other marks and names the
    theme by its first words, as the lists do; the beamer's line has room for all of it."""
    case, protocol = session.case, session.protocol
    if case.pupil:
        return f"{protocol.title} · leerling {case.pupil}"
    if protocol.subject is Subject.THEME and whole_theme:
        theme = " ".join(case.help_question.split())
    else:
        theme = meeting_about(case.pupil, case.help_question, protocol.subject.value)
    return f"{protocol.title} · thema: {theme}" if theme else protocol.title


def clock_text(snapshot: Snapshot) -> str:
    """The digits: the phase countdown, ``+01:23`` once over, the total once the meeting ended."""
    if snapshot.status in (TimerStatus.FINISHED, TimerStatus.ABANDONED):
        return clock(snapshot.elapsed_seconds)
    return countdown(snapshot.remaining_seconds)


def framed(text: str, width: int, height: int) -> str:
    """``text`` with a blank where the sign goes, so the digits stay put when ``+`` appears.

    Also a blank after it, which centres the digits, when that costs no glyph size here.
    """
    signed = text if text.startswith("+") else " " + text
    centred = signed + " "
    if bigfont.fit(centred, width, height) == bigfont.fit(signed, width, height):
        return centred
    return signed


def meeting_line(snapshot: Snapshot) -> str:
    """The meeting as a whole in one line: time used, ahead or behind, and the expected end."""
    total = f"Totaal {clock(snapshot.elapsed_seconds)} van {clock(snapshot.budget_seconds)}"
    if snapshot.status in (TimerStatus.FINISHED, TimerStatus.ABANDONED):
        return f"{total} gepland"
    end = snapshot.projected_end.astimezone().strftime("%H:%M")
    return f"{total} · {schedule(snapshot.schedule_delta_seconds)} · einde ± {end}"


def phase_fraction(snapshot: Snapshot) -> float:
    """How much of the current phase's budget is used (0 before the start, 1 once over)."""
    view = snapshot.current_phase
    if view is None:
        return 0.0
    return view.actual_seconds / view.budget_seconds


def meeting_fraction(snapshot: Snapshot) -> float:
    return snapshot.elapsed_seconds / snapshot.budget_seconds


class Meter(Widget):
    """A one-row bar: heavy line for what is used, light line for what is left, to half a cell.

    It repaints only when the number of half cells changes: a phase of half an hour moves a
    160-column bar about once every six seconds.
    """

    COMPONENT_CLASSES = {"meter--rest"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._fraction = 0.0
        self._shown: tuple[int, int] | None = None

    @property
    def fraction(self) -> float:
        return self._fraction

    def show(self, fraction: float) -> None:
        self._fraction = min(1.0, max(0.0, fraction))
        if self._halves(self.size.width) != self._shown:
            self.refresh()

    def _halves(self, width: int) -> tuple[int, int]:
        return width, round(self._fraction * width * 2)

    def render(self) -> Text:
        width = self.size.width
        self._shown = self._halves(width)
        halves = self._shown[1]
        used = "━" * (halves // 2) + ("╸" if halves % 2 else "")
        return Text.assemble(
            (used, self.rich_style),
            ("─" * (width - len(used)), self.get_component_rich_style("meter--rest")),
            no_wrap=True,
        )


class ClockBand(Vertical):
    """The phase countdown as big as the band allows, its state, and two progress bars.

    The band takes the class of the state (``-ready -normal -warning -over -paused -ended``), and
    the stylesheet changes the whole band's background by it. The digits get every row the band
    has apart from three: the state, the phase bar and the meeting line with its bar.
    """

    def __init__(
        self, *, keys: bool = True, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.keys = keys

    def compose(self) -> ComposeResult:
        yield BigClock("", id="band-digits")
        yield Static("", id="band-state", markup=False)
        yield Meter(id="band-phase-meter")
        with Horizontal(id="band-meeting"):
            yield Static("", id="band-meeting-line", markup=False)
            yield Meter(id="band-meeting-meter")

    def on_mount(self) -> None:
        self.digits = self.query_one(BigClock)
        self._state = self.query_one("#band-state", Static)
        self._phase_meter = self.query_one("#band-phase-meter", Meter)
        self._meeting_line = self.query_one("#band-meeting-line", Static)
        self._meeting_meter = self.query_one("#band-meeting-meter", Meter)
        self._text = ""

    def on_resize(self) -> None:
        # Whether a blank after the digits costs glyph size depends on the size: choose again.
        self._show_digits()

    def _show_digits(self) -> None:
        width, height = self.digits.size
        self.digits.update(framed(self._text, width, height))

    def show(self, snapshot: Snapshot, *, held: bool = False) -> None:
        """``held``: the beamer holds a clock nobody keeps any more (the meeting window stopped
        writing its file); the band says so instead of "LOOPT", in the paused colours."""
        self._text = clock_text(snapshot)
        self._show_digits()
        words, state = HELD if held else band_state(snapshot, keys=self.keys)
        if str(self._state.content) != words:
            self._state.update(words, layout=False)  # one full-width row: no new layout
        ended = state == "-ended"
        self._phase_meter.show(1.0 if ended else phase_fraction(snapshot))
        line, previous = meeting_line(snapshot), str(self._meeting_line.content)
        if line != previous:
            # As wide as its words, so the bar beside it gets the rest: a new length (on time,
            # then a minute behind) lays the row out again; a new time of the same length not.
            self._meeting_line.update(line, layout=len(line) != len(previous))
        self._meeting_meter.show(meeting_fraction(snapshot))
        if not self.has_class(state):
            self.remove_class(*BAND_CLASSES)
            self.add_class(state)


ORDINALS = ("eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste")


def go_round_words(go_round: int) -> str:
    """``go_round`` counts from 0: nothing for the first time round, "tweede ronde" after."""
    if go_round == 0:
        return ""
    return f"{ORDINALS[go_round]} ronde" if go_round < len(ORDINALS) else f"ronde {go_round + 1}"


def turn_line(turn: TurnView, go_round: int = 0) -> str:
    """Whose turn it is in a round, who is next, and the soft per-turn guide; from the second
    time round on, which time round it is (the turn numbers start again at 1)."""
    which = f"Beurt {turn.number} van {turn.count}"
    if again := go_round_words(go_round):
        which += f", {again}"
    parts = [f"{which}: {turn.speaker}"]
    parts.append("laatste beurt" if turn.next_speaker is None else f"daarna: {turn.next_speaker}")
    if turn.guide_seconds is not None:
        minutes, seconds = divmod(round(turn.guide_seconds), 60)
        parts.append(f"richttijd ± {minutes}:{seconds:02d} per beurt")
    return " · ".join(parts)


class PhaseHeader(Vertical):
    """Where the meeting is and who speaks: by name, and in a round whose turn it is.

    These lines may wrap (a long title, many names), so they lay out again when their text
    changes, which happens at a phase change or a new turn, never on a plain tick.
    """

    def __init__(
        self, session: Session, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self._index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="header-title", markup=False)
        yield Static("", id="header-who", markup=False)
        yield Static("", id="header-turn", markup=False)

    def on_mount(self) -> None:
        self._title = self.query_one("#header-title", Static)
        self._who = self.query_one("#header-who", Static)
        self._turn = self.query_one("#header-turn", Static)
        self._turn.display = False

    def show_phase(self, index: int) -> None:
        self._index = index
        phases = self.session.protocol.phases
        self._title.update(f"Fase {index + 1} van {len(phases)} · {phases[index].title}")
        self.show_who()

    def show(self, snapshot: Snapshot) -> None:
        turn = "" if snapshot.turn is None else turn_line(snapshot.turn, self._go_round(snapshot))
        if str(self._turn.content) != turn:
            self._turn.update(turn)
            self._turn.display = bool(turn)

    def _go_round(self, snapshot: Snapshot) -> int:
        """How many times the round has gone round: the session counts the turns of the phase
        on (it does not start again at the first speaker), a go-round has ``count`` of them."""
        turns = self.session.timer.turn
        if snapshot.turn is None or turns is None:
            return 0
        return turns // snapshot.turn.count

    def show_who(self) -> None:
        """At a phase change, and when a follower reads a newer session (names may change)."""
        phase = self.session.protocol.phases[self._index]
        # ``who`` is optional in a protocol: no line at all rather than "Aan het woord: ".
        text = (
            f"Aan het woord: {who_names(phase.who, self.session.participants)}" if phase.who else ""
        )
        if str(self._who.content) != text:
            self._who.update(text)
        self._who.display = bool(text)


class GuideBody(VerticalScroll, can_focus=False, can_focus_children=False):
    """The guide and its help panels stay out of the Tab chain: Tab goes from field to field,
    words typed anywhere else would be lost, and an Enter typed on a panel's title would fold
    it. The panels open with a click; the help overlay (F9) has them for the keyboard, and the
    meeting window scrolls the guide with keys that typing never produces."""


def help_panel(panel: HelpPanel) -> Collapsible:
    text = "\n".join([panel.text, *(f"• {item}" for item in panel.items)]).strip()
    return Collapsible(Static(text, markup=False), title=Content(panel.title), collapsed=True)


def next_line(session: Session, index: int) -> str:
    """Where "next" leads, by the engine's rule (a free order skips phases already covered)."""
    target = following_phase(session, index)
    if target is None:
        return "Hierna: afronden — dit is de laatste fase"
    return f"Hierna: Fase {target + 1} · {session.protocol.phases[target].title}"


def items_static(mark: str, items: Iterable[str], classes: str) -> Static:
    return Static("\n".join(f"{mark} {item}" for item in items), classes=classes, markup=False)


class PhaseGuide(Vertical):
    """What the phase asks of the room: its instruction, questions and rules, all in view, and
    what comes next. Help panels stay folded until asked for (``help=False`` leaves them out,
    for a screen nobody can click on)."""

    def __init__(
        self,
        session: Session,
        *,
        help: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self.help = help

    def compose(self) -> ComposeResult:
        yield GuideBody(id="guide-body")
        yield Static("", id="guide-next", markup=False)

    async def show_phase(self, index: int) -> None:
        """Rebuild the guide; only on a phase change, never per tick."""
        protocol = self.session.protocol
        body = self.query_one("#guide-body", GuideBody)
        coming = next_line(self.session, index)
        widgets = [
            *self._widgets(protocol.phases[index]),
            # For a screen too low to keep "Hierna" in view below the guide: its last line.
            Static(coming, classes="guide-next-inline", markup=False),
        ]
        await body.remove_children()
        await body.mount_all(widgets)
        body.scroll_home(animate=False)
        self.query_one("#guide-next", Static).update(coming)

    def _widgets(self, phase: Phase) -> Iterable[Widget]:
        """One widget per list, not per item: each line wraps on its own all the same, and the
        meeting window's start styles, lays out and paints a widget less per rule or question."""
        protocol = self.session.protocol
        shown: list[str] = []

        def first(classes: str) -> str:
            """The guide's first line gets ``-first`` (the stylesheets set its margin by it):
            a class given at birth, as ":first-child" would style the whole screen again."""
            shown.append(classes)
            return classes if len(shown) > 1 else f"{classes} -first"

        # What the room works with for the whole phase comes first, where a laptop's few rows
        # still show it: the rules (short), then the questions. The instruction, read out once
        # at the phase's start, follows under a heading of its own.
        # Their headings may step aside on a low screen: the marks "!" and "•" still tell them.
        if phase.rules:
            yield Static("Regels bij deze fase", classes=first("guide-section -lead"))
            yield items_static("!", phase.rules, "guide-rule")
        if phase.questions:
            yield Static("Vragen", classes=first("guide-section -lead"))
            yield items_static("•", phase.questions, "guide-question")
        if phase.instruction:
            if phase.rules or phase.questions:
                yield Static("Werkwijze", classes="guide-section")
            yield Static(phase.instruction, classes=first("guide-instruction"), markup=False)
        if protocol.rules:
            yield Static("Gespreksregels", classes=first("guide-section"))
            yield items_static("•", protocol.rules, "guide-rule")
        if self.help:
            for panel in (*phase.help, *protocol.help):
                yield help_panel(panel)


def agreement_lines(agreements: Iterable[Agreement]) -> str:
    """The agreements as the room reads them while making them: what, who, when, evaluation."""
    lines = []
    for number, agreement in enumerate(agreements, 1):
        evaluation = agreement.evaluation_date
        lines.append(
            f"{number}. {agreement.what}\n"
            f"   wie: {agreement.who or '—'} · wanneer: {agreement.when or '—'} · "
            f"evaluatie: {'—' if evaluation is None else dutch_date(evaluation)}"
        )
    return "\n".join(lines) or "Nog geen afspraken vastgelegd."


class AgreementsBoard(VerticalScroll, can_focus=False):
    """The agreements recorded so far, in a phase that makes them: the room sees what it agrees
    to while the note-taker types it. Read-only, and nothing else the meeting recorded. When
    they outgrow it, the newest stay in view: the one just made is the one to read."""

    def compose(self) -> ComposeResult:
        yield Static("Afspraken tot nu toe", classes="board-title")
        yield Static("", id="board-agreements", markup=False)

    def show(self, session: Session) -> None:
        text = agreement_lines(session.agreements)
        shown = self.query_one("#board-agreements", Static)
        if str(shown.content) != text:
            shown.update(text)
            self.call_after_refresh(self.scroll_end, animate=False)


def makes_agreements(phase: Phase) -> bool:
    return any(spec.type is FieldType.AGREEMENTS for spec in phase.recorded_fields)


class RoomView(Vertical):
    """The three parts together, for a window that shows only the room's view (the beamer);
    in a phase that makes agreements, the agreements so far between header and guide."""

    def __init__(
        self, session: Session, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._session = session

    def compose(self) -> ComposeResult:
        yield ClockBand(keys=False)  # the room cannot press the keys
        yield PhaseHeader(self._session)
        yield AgreementsBoard()
        yield PhaseGuide(self._session, help=False)

    def on_mount(self) -> None:
        self.band = self.query_one(ClockBand)
        self.header = self.query_one(PhaseHeader)
        self.board = self.query_one(AgreementsBoard)
        self.guide = self.query_one(PhaseGuide)

    @property
    def session(self) -> Session:
        return self._session

    @session.setter
    def session(self, session: Session) -> None:
        """A newer reading of the same session (the same protocol, perhaps other names)."""
        self._session = self.header.session = self.guide.session = session
        self.header.show_who()
        if self.has_class("-agreements"):
            self.board.show(session)

    async def show_phase(self, index: int) -> None:
        self.header.show_phase(index)
        agreements = makes_agreements(self._session.protocol.phases[index])
        self.set_class(agreements, "-agreements")
        if agreements:
            self.board.show(self._session)
        await self.guide.show_phase(index)

    def show(self, snapshot: Snapshot, *, held: bool = False) -> None:
        self.band.show(snapshot, held=held)
        self.header.show(snapshot)
        self.set_class(self.band.has_class("-ended"), "-ended")
