"""The phase rail and the meeting totals: where the group is in the whole round."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from intervisie_tui.engine.runner import PhaseState, PhaseView, Snapshot
from intervisie_tui.timefmt import clock, schedule

SYMBOLS = {PhaseState.DONE: "✓", PhaseState.CURRENT: "▶", PhaseState.UPCOMING: "·"}


def phase_line(view: PhaseView, flexible: bool) -> tuple[str, list[str]]:
    """One rail line and its classes: budget for what is to come, actual time for what is done."""
    classes = [f"-{view.state.value}"]
    if view.state is PhaseState.DONE:
        times = f"{clock(view.actual_seconds)}/{clock(view.budget_seconds)}"
        if view.overrun_seconds >= 1:
            classes.append("-overrun")
            times += "!"
    else:
        times = clock(view.budget_seconds)
    symbol = SYMBOLS[view.state]
    if flexible and not view.covered and view.state is PhaseState.UPCOMING:
        symbol = "○"
        classes.append("-uncovered")
    # Times first: a narrow rail cuts the title short, never the numbers.
    return f"{symbol} {times} {view.index + 1}. {view.title}", classes


def summary_lines(snapshot: Snapshot, *, flexible: bool) -> str:
    end = snapshot.projected_end.astimezone().strftime("%H:%M")
    text = (
        f"Totaal {clock(snapshot.elapsed_seconds)} van {clock(snapshot.budget_seconds)}\n"
        f"{schedule(snapshot.schedule_delta_seconds)} · einde ± {end}"
    )
    uncovered = len(snapshot.uncovered)
    if flexible and uncovered:
        text += f"\nNog niet besproken: {uncovered}"
    return text


class PhaseRail(Vertical):
    def __init__(self, phase_count: int, *, flexible: bool) -> None:
        super().__init__(id="rail")
        self.phase_count = phase_count
        self.flexible = flexible

    def compose(self) -> ComposeResult:
        yield Static("Fasen" + (" (volgorde vrij)" if self.flexible else ""), classes="rail-title")
        for index in range(self.phase_count):
            yield Static("", classes="rail-phase", id=f"rail-{index}", markup=False)
        yield Static("", id="meeting-summary", markup=False)

    def on_mount(self) -> None:
        self._lines = [self.query_one(f"#rail-{i}", Static) for i in range(self.phase_count)]
        self._summary = self.query_one("#meeting-summary", Static)

    def show(self, snapshot: Snapshot) -> None:
        # Rail lines are one row each, so a new text never needs a new layout.
        for view, line in zip(snapshot.phases, self._lines, strict=True):
            text, classes = phase_line(view, self.flexible)
            if str(line.content) != text:
                line.update(text, layout=False)
            wanted = {"rail-phase", *classes}
            if set(line.classes) != wanted:
                line.set_classes(wanted)
        text = summary_lines(snapshot, flexible=self.flexible)
        previous = str(self._summary.content)
        if previous != text:
            # The rail is narrow: a longer line may wrap onto one more row (e.g. once the
            # meeting runs behind), so a change in length needs a new layout too.
            relayout = len(previous) != len(text) or previous.count("\n") != text.count("\n")
            self._summary.update(text, layout=relayout)
