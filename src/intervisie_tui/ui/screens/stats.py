"""Planned against actual time per phase over all completed sessions: what a coordinator needs
to decide that a phase is too long (seed 000: one group found a phase too long)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Select, Static

from intervisie_tui.engine.problems import FileProblems
from intervisie_tui.engine.protocol_versions import versions_note
from intervisie_tui.engine.session import Session
from intervisie_tui.engine.stats import PhaseStats, counted, protocol_stats
from intervisie_tui.engine.store import load_session
from intervisie_tui.engine.summary_words import rehearsals_completed, rehearsals_left_out
from intervisie_tui.timefmt import minutes

BAR_WIDTH = 30


def stats_bar(row: PhaseStats, scale: float) -> Content:
    """Median as a solid bar against the planned budget; the part over budget stands out."""
    planned = round(row.planned_minutes / scale * BAR_WIDTH)
    median = round((row.median_minutes or 0) / scale * BAR_WIDTH)
    return Content.assemble(
        ("█" * min(median, planned), "$success"),
        ("█" * max(0, median - planned), "$error"),
        ("░" * max(0, planned - median), "$foreground-muted"),
    )


def stats_line(row: PhaseStats, scale: float) -> Content:
    if not row.samples or row.median_minutes is None:
        detail = f" gepland {minutes(row.planned_minutes)} min · nog geen afgeronde sessies"
    else:
        share = f"{row.overrun_share:.0%}" if row.overrun_share is not None else "—"
        detail = (
            f" mediaan {row.median_minutes:.1f} van {minutes(row.planned_minutes)} min"
            f" · midden {row.q1_minutes:.1f}–{row.q3_minutes:.1f}"
            f" · over de tijd {row.overrun_count}× ({share}) · n={row.samples}"
        )
    return Content.assemble(f"{row.title}\n   ", stats_bar(row, scale), detail)


class StatsScreen(Screen[None]):
    CSS_PATH = "screens.tcss"  # read when first shown: see ui/app.py
    BINDINGS = [Binding("escape,q", "back", "Terug")]

    def compose(self) -> ComposeResult:
        yield Static("Tijd per fase over afgeronde sessies", classes="screen-title")
        yield Select[str]([], prompt="Kies een protocol", id="stats-protocol", compact=True)
        with VerticalScroll(id="stats-body"):
            yield Static("", id="stats-versions", classes="hint", markup=False)
            yield Static("", id="stats-content")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # Each protocol's version today: figures from sessions held with another one may be
        # about minutes or phases the protocol no longer has.
        self._current = self.app.catalog().current_versions()  # type: ignore[attr-defined]
        self._sessions: list[Session] = []
        self._summaries = self.app.scan().sessions  # type: ignore[attr-defined]
        for summary in self._summaries:
            try:
                self._sessions.append(load_session(summary.path))
            except FileProblems:
                continue
        protocols = sorted({(s.protocol.title, s.protocol.id) for s in self._sessions})
        select = self.query_one(Select)
        select.set_options([(Text(title), pid) for title, pid in protocols])  # never markup
        if protocols:
            select.value = protocols[0][1]
        else:
            self.query_one("#stats-content", Static).update("Nog geen sessies.")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        pid = str(event.value)
        used = [s.protocol_sha256 for s in self._sessions if s.protocol.id == pid and counted(s)]
        # Rehearsals never count: said, so a protocol held only in rehearsal does not look empty.
        left_out = rehearsals_left_out(rehearsals_completed(self._summaries, pid))
        notes = [versions_note(used, self._current.get(pid)), left_out]
        self.query_one("#stats-versions", Static).update("\n".join(n for n in notes if n))
        rows = protocol_stats(self._sessions, pid)
        scale = max([r.planned_minutes for r in rows] + [r.max_minutes or 0 for r in rows] + [1.0])
        lines = [stats_line(row, scale) for row in rows]
        self.query_one("#stats-content", Static).update(Content("\n").join(lines))

    def action_back(self) -> None:
        self.app.pop_screen()
