"""Textual's command palette in Dutch: its placeholder and its "no matches" line.

The palette's texts are not settings in Textual 8.2 (the version is pinned): the placeholder is
an argument, the "No matches found" line is written inside a private method, which this
subclass replaces with the same behaviour and a Dutch line.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

NO_MATCHES = "Niets gevonden"


class DutchCommandPalette(CommandPalette):
    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                command_list = self.query_one(CommandList)
                command_list.add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(
            self._NO_MATCHES_COUNTDOWN, _show_no_matches, name="no-matches"
        )
