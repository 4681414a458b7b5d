"""The phase rail: where the group is in the whole round, and what each phase has left.

The meeting as a whole (total, ahead or behind, projected end) is on the clock band; the rail
gives the phases, one row each, so it never needs a new layout on a tick.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from intervisie_tui.engine.display import abbreviate
from intervisie_tui.engine.runner import PhaseState, PhaseView, Snapshot
from intervisie_tui.timefmt import clock

SYMBOLS = {PhaseState.DONE: "✓", PhaseState.CURRENT: "▶", PhaseState.UPCOMING: "·"}


def phase_times(view: PhaseView) -> str:
    """Done: actual of budget. Current and to come: what is left of the budget (negative once
    a phase ran over)."""
    if view.state is PhaseState.DONE:
        return f"{clock(view.actual_seconds)}/{clock(view.budget_seconds)}"
    left = view.budget_seconds - view.actual_seconds
    return clock(left) if left >= 0 else "+" + clock(-left)


def _overrun(view: PhaseView) -> bool:
    return view.state is PhaseState.DONE and view.overrun_seconds >= 1


def _uncovered(view: PhaseView, flexible: bool) -> bool:
    return flexible and not view.covered and view.state is PhaseState.UPCOMING


def phase_classes(view: PhaseView, flexible: bool) -> list[str]:
    classes = [f"-{view.state.value}"]
    if _overrun(view):
        classes.append("-overrun")
    if _uncovered(view, flexible):
        classes.append("-uncovered")
    return classes


def phase_line(view: PhaseView, flexible: bool, width: int) -> tuple[str, list[str]]:
    """One rail row and its classes: times first, so a narrow rail shortens the title, never
    the numbers."""
    times = phase_times(view) + ("!" if _overrun(view) else "")
    symbol = "○" if _uncovered(view, flexible) else SYMBOLS[view.state]
    head = f"{symbol} {times} {view.index + 1}. "
    text = head + abbreviate(view.title, max(1, width - len(head)))
    return text, phase_classes(view, flexible)


class PhaseRail(Vertical):
    def __init__(self, snapshot: Snapshot, *, flexible: bool) -> None:
        super().__init__(id="rail")
        self.phase_count = len(snapshot.phases)
        self.flexible = flexible
        self._first = snapshot

    def compose(self) -> ComposeResult:
        title = "Fasen · volgorde vrij" if self.flexible else "Fasen · vaste volgorde"
        yield Static(title, classes="rail-title")
        # Each row is born with the classes of its state, so the first ``show`` finds them set
        # and does not style every row a second time. Its text needs the rail's width.
        for view in self._first.phases:
            classes = " ".join(["rail-phase", *phase_classes(view, self.flexible)])
            yield Static("", classes=classes, id=f"rail-{view.index}", markup=False)
        yield Static("", id="rail-uncovered", markup=False)

    def on_mount(self) -> None:
        self._lines = [self.query_one(f"#rail-{i}", Static) for i in range(self.phase_count)]
        self._uncovered = self.query_one("#rail-uncovered", Static)
        self._snapshot: Snapshot | None = None

    def on_resize(self) -> None:
        # Titles are shortened to the rail's width: a new width needs them again at once.
        if self._snapshot is not None:
            self.show(self._snapshot)

    def show(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        # Rail rows are one row each, so a new text never needs a new layout.
        width = self.content_size.width or 40
        for view, line in zip(snapshot.phases, self._lines, strict=True):
            text, classes = phase_line(view, self.flexible, width)
            if str(line.content) != text:
                line.update(text, layout=False)
            wanted = {"rail-phase", *classes}
            if set(line.classes) != wanted:
                line.set_classes(wanted)
        count = len(snapshot.uncovered) if self.flexible else 0
        text = f"Nog niet besproken: {count}" if count else ""
        if str(self._uncovered.content) != text:
            self._uncovered.update(text)
