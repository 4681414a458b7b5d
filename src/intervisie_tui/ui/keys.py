"""The timekeeper's key map, in one table that the bindings, the help overlay, the command
palette and the README are all made from, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class RunKey:
    action: str
    key: str  # single key, when no text field has focus
    typing_key: str  # works while typing, too
    label: str  # footer
    description: str  # help overlay and command palette

    @property
    def display(self) -> str:
        single = {"space": "␣", "plus": "+", "minus": "-", "question_mark": "?"}.get(
            self.key, self.key
        )
        return f"{single}/{self.typing_key.upper()}"


RUN_KEYS: tuple[RunKey, ...] = (
    RunKey("toggle_pause", "space", "f2", "Pauze", "Klok starten, pauzeren of laten doorlopen"),
    RunKey("next_phase", "n", "f4", "Volgende", "Naar de volgende fase; in de laatste: afronden"),
    RunKey("previous_phase", "b", "f3", "Vorige", "Terug naar de vorige fase"),
    RunKey("extend", "plus", "f6", "+1 min", "Eén minuut meer voor deze fase"),
    RunKey("shorten", "minus", "f7", "−1 min", "Eén minuut minder voor deze fase"),
    RunKey("jump", "j", "f5", "Spring", "Naar een fase naar keuze"),
    RunKey("mute", "m", "f8", "Bel", "Bel aan of uit wanneer de fasetijd op is"),
    RunKey("help", "question_mark", "f9", "Hulp", "Alle toetsen"),
    RunKey("quit_session", "q", "f12", "Stop", "Stoppen; de sessie blijft te hervatten"),
)

EXTRA_KEYS: tuple[tuple[str, str], ...] = (
    ("esc", "Tekstveld verlaten; daarna werken de enkele toetsen weer"),
    ("tab", "Naar het volgende veld (shift+tab: vorige)"),
    ("ctrl+p", "Alle acties, ook afronden, afbreken en thema"),
    ("+ / -", "In een turflijst: aantal ophogen / verlagen"),
    ("delete", "In een lijst: gekozen item verwijderen"),
    ("e", "Kopie van de sessie elders bewaren"),
)


def run_bindings() -> list[Binding]:
    """Single keys show in the footer; the F-keys are announced by the typing hint instead,
    because both will not fit in 80 columns. The F-keys have priority: a focused TextArea
    binds F6 (select line) and F7 (select all) itself, and would otherwise swallow them."""
    single = [Binding(k.key, k.action, k.label) for k in RUN_KEYS]
    typing = [Binding(k.typing_key, k.action, k.label, show=False, priority=True) for k in RUN_KEYS]
    return single + typing


def typing_hint() -> str:
    keys = " · ".join(f"{k.typing_key.upper()} {k.label}" for k in RUN_KEYS)
    return f"Tijdens typen: {keys} · Esc veld verlaten"
