"""The timekeeper's key map, in one table that the bindings, the key bar, the help overlay, the
command palette and the README are all made from, so they cannot disagree.

The key model, because the note-taker types without looking where the focus is:
- the always-working keys are F-keys and ctrl-combinations, which typing never produces;
- single keys (space, n, b, ...) act only in *timekeeper mode*: entered with Esc, shown by a
  banner, and left as soon as a field gets the focus (Tab, Enter, a click, a new phase). Outside
  that mode no letter, digit or sign typed anywhere is a command.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding

from intervisie_tui.engine.session import TimerStatus

# As printed on the keycap: the bar shows "-", the key one types, not a typographic minus.
SINGLE_KEY_SYMBOLS = {"space": "␣", "plus": "+", "minus": "-", "question_mark": "?"}


@dataclass(frozen=True)
class RunKey:
    action: str
    key: str | None  # single key, only in timekeeper mode
    typing_key: str  # works always, also while typing
    label: str  # key bar
    description: str  # help overlay and command palette

    @property
    def single_display(self) -> str:
        return "" if self.key is None else SINGLE_KEY_SYMBOLS.get(self.key, self.key)

    @property
    def typing_display(self) -> str:
        return self.typing_key.upper() if self.typing_key.startswith("f") else self.typing_key

    @property
    def display(self) -> str:
        single = self.single_display
        return f"{single}/{self.typing_display}" if single else self.typing_display


RUN_KEYS: tuple[RunKey, ...] = (
    RunKey("toggle_pause", "space", "f2", "Start", "Klok starten, pauzeren of laten doorlopen"),
    RunKey("next_phase", "n", "f4", "Volgende", "Naar de volgende fase; in de laatste: afronden"),
    RunKey("previous_phase", "b", "f3", "Vorige", "Terug naar de vorige fase"),
    RunKey("extend", "plus", "f6", "+1 min", "Eén minuut meer voor deze fase"),
    RunKey("shorten", "minus", "f7", "-1 min", "Eén minuut minder voor deze fase"),
    RunKey("jump", "j", "f5", "Spring", "Naar een fase naar keuze"),
    RunKey("next_turn", "t", "ctrl+t", "Beurt", "In een ronde: de volgende spreker"),
    RunKey("previous_turn", "r", "ctrl+r", "Beurt terug", "In een ronde: de vorige spreker"),
    RunKey("mute", "m", "f8", "Bel", "Bel aan of uit wanneer de fasetijd op is"),
    RunKey("help", "question_mark", "f9", "Hulp", "Alle toetsen, gespreksregels en uitleg"),
    RunKey("export", None, "ctrl+s", "Kopie", "Kopie van de sessie elders bewaren"),
    RunKey("quit_session", "q", "f12", "Stop", "Stoppen, na een vraag; de sessie blijft bewaard"),
)

EXTRA_KEYS: tuple[tuple[str, str], ...] = (
    ("esc", "Tijdbewakermodus: losse toetsen werken, tot een veld de focus krijgt"),
    ("tab / enter", "Uit de tijdbewakermodus: terug naar het eerste veld"),
    ("tab", "Naar het volgende invulveld (shift+tab: vorige)"),
    ("ctrl+↑", "Vanuit een invulveld naar zijn lijst: enter wijzigt, delete verwijdert"),
    ("esc / ctrl+↓", "Vanuit een lijst terug naar het invulveld"),
    ("alt+↑ / alt+↓", "Vragen en regels van de fase scrollen, ook tijdens het typen"),
    ("ctrl+p", "Alle acties, ook afronden en afbreken"),
)


def pause_label(status: TimerStatus) -> str:
    """Before the clock has started, the key starts it; the bar must not say "Pauze" then."""
    if status is TimerStatus.RUNNING:
        return "Pauze"
    if status is TimerStatus.PAUSED:
        return "Verder"
    return "Start"


def run_bindings() -> list[Binding]:
    """Always-working keys have priority: a focused TextArea binds F6 (select line) and F7
    (select all) itself and would otherwise swallow them. Single keys go through
    ``timekeeper(...)``, which the screen enables only in timekeeper mode."""
    always = [Binding(k.typing_key, k.action, k.label, show=False, priority=True) for k in RUN_KEYS]
    single = [
        Binding(k.key, f"timekeeper('{k.action}')", k.label, show=False)
        for k in RUN_KEYS
        if k.key is not None
    ]
    return always + single


TURN_ACTIONS = ("next_turn", "previous_turn")
# What the key bar shows whatever its width: on the left the clock, the next phase (afronden in
# the last) and in a round the next speaker; on the right help (which lists every key) and
# stopping. The other keys stand between them, most used first: a narrower bar drops them from
# the end of this list.
LEFT = ("toggle_pause", "next_phase", "next_turn")
RIGHT = ("help", "quit_session")
BY_PRIORITY = ("extend", "shorten", "previous_phase", "jump", "previous_turn", "mute", "export")


def bar_label(key: RunKey, status: TimerStatus, *, last_phase: bool) -> str:
    """The key's word in the bar: what it does now, not what it usually does."""
    if key.action == "toggle_pause":
        return pause_label(status)
    if key.action == "next_phase" and last_phase:
        return "Afronden"
    return key.label


def key_bar(
    status: TimerStatus,
    *,
    timekeeper: bool,
    round_phase: bool,
    last_phase: bool,
    width: int,
) -> str:
    """The bottom line: the keys that work right now, in the mode the screen is in, as many as
    fit in ``width`` on one line (the help overlay has them all). Turn keys only in a round.

    A key of lower priority shows only when all of higher priority fit as well, so the keys that
    are there keep their order at every width."""
    by_action = {key.action: key for key in RUN_KEYS}

    def parts(actions: Iterable[str], *, short: bool = False) -> list[str]:
        words = []
        for action in actions:
            if action in TURN_ACTIONS and not round_phase:
                continue
            key = by_action[action]
            shown = key.single_display if timekeeper and key.key else key.typing_display
            label = bar_label(key, status, last_phase=last_phase)
            words.append(f"{shown} {label.removesuffix(' min') if short else label}")
        return words

    tail = "tab/enter typen" if timekeeper else "esc tijdbewaker"
    left, right = parts(LEFT), parts(RIGHT)
    if len("  ".join([*left, *right, tail])) > width:  # narrower than the program is made for
        return "  ".join([*left, *right])[:width]

    def widest(optional: list[str]) -> tuple[int, str]:
        count = 0
        while count < len(optional):
            if len("  ".join([*left, *optional[: count + 1], *right, tail])) > width:
                break
            count += 1
        return count, "  ".join([*left, *optional[:count], *right, tail])

    # "+1" instead of "+1 min" only when it lets more keys in.
    full, short = widest(parts(BY_PRIORITY)), widest(parts(BY_PRIORITY, short=True))
    return (short if short[0] > full[0] else full)[1]


def timekeeper_banner() -> str:
    """One line at 80 columns: the key bar under it lists the single keys."""
    return "TIJDBEWAKER — losse toetsen zijn opdrachten · tab of enter: terug naar typen"
