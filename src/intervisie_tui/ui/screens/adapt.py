"""Protocol aanpassen: the coordinator's workbench for a protocol's phases and minutes.

Beside each phase stand the figures of past meetings (``engine.evidence``) and, where they are
clear, a new budget that F3 accepts. Every change is checked at once by writing the draft and
loading it as ``intervisie validate`` does, so the lines shown are the ones that command would
print for the saved file. Saving goes to the coordinator's own protocols folder, never over a
built-in file, and replacing an own file asks first and keeps the previous version beside it.

The screen has text fields everywhere, so every command is an F-key or a ctrl-key: nothing typed
can act as a command. Sessions held with the protocol are untouched: each keeps its own copy.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Select, Static, TextArea

from intervisie_tui.engine.catalog import CatalogEntry
from intervisie_tui.engine.evidence import PhaseEvidence, dutch_minutes, judge, load_evidence
from intervisie_tui.engine.protocol import MinutesSource, Order, Slug
from intervisie_tui.engine.protocol_check import ORDER_WORDS, Checked, check_text
from intervisie_tui.engine.protocol_draft import (
    Draft,
    items_of,
    lines_of,
    number,
    text_or_none,
)
from intervisie_tui.engine.protocol_notes import PROPOSAL_MARK
from intervisie_tui.engine.protocol_writer import (
    Target,
    WriteRefused,
    document,
    protocol_toml,
    target_for,
    write_protocol,
)
from intervisie_tui.ui.screens.dialogs import ConfirmScreen

ORDER_CHOICES = [("strikt: vaste volgorde", "strict"), ("vrij: volgorde mag wisselen", "flexible")]
DEFAULT_ORDER = Order.STRICT.value  # what a file without ``order`` holds
SHOWN_PROBLEMS = 3
COUNTED = (
    ("questions", "vraag", "vragen"),
    ("rules", "regel", "regels"),
    ("fields", "veld", "velden"),
)
_PHASE_PROBLEM = re.compile(r"^phases\[(\d+)\]")
_ID = TypeAdapter(Slug)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _minutes_text(value: Any) -> str:
    return dutch_minutes(value) if _is_number(value) else "?"


class AdaptScreen(Screen[None]):
    CSS_PATH = "adapt.tcss"  # read when first shown: see ui/app.py
    BINDINGS = [
        # Priority: a focused TextArea binds F6 and F7 itself and would swallow them.
        Binding("f2", "save", "Opslaan", priority=True),
        Binding("ctrl+s", "save", "Opslaan", show=False, priority=True),
        Binding("f3", "accept", "Voorstel", priority=True),
        Binding("f4", "add", "Nieuw", priority=True),
        Binding("f5", "duplicate", "Kopie", priority=True),
        Binding("f6", "move(-1)", "↑", priority=True),
        Binding("f7", "move(1)", "↓", priority=True),
        Binding("f8", "remove", "Weg", priority=True),
        Binding("escape", "back", "Terug"),
    ]

    def __init__(self, entry: CatalogEntry, protocols_dir: Path) -> None:
        super().__init__()
        self.entry = entry
        self.protocols_dir = protocols_dir
        self.draft = Draft(entry.loaded.protocol)
        # Each phase's minutes and minutes_source as opened: typed back to that figure, a
        # phase says again where its minutes come from.
        self._opened_with = {
            str(phase.get("id")): (phase.get("minutes"), phase.get("minutes_source"))
            for phase in self.draft.phases
        }
        self.checked: Checked | None = None
        self._evidence: dict[str, PhaseEvidence] = {}
        self._selected = 0  # 0: the protocol's own settings; n: phase n
        # Files this screen wrote: saved again without asking, and without another backup (the
        # version from before this screen was opened is the one worth keeping).
        self._written: set[Path] = set()

    @property
    def adapted_from(self) -> str:
        loaded = self.entry.loaded
        return f"{loaded.path.name} ({self.entry.origin}, sha256 {loaded.sha256[:12]})"

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(
            f"Protocol aanpassen — {self.entry.loaded.protocol.title}",
            classes="screen-title",
            id="adapt-title",
            markup=False,
        )
        with Horizontal(id="adapt-body"):
            yield OptionList(id="adapt-phases")
            # Not focusable itself: tab goes from field to field, never to the scroll area.
            with VerticalScroll(id="adapt-editor", can_focus=False):
                with Vertical(id="adapt-protocol-form"):
                    yield Label("Id (ook de naam van het bestand)")
                    yield Input(id="p-id")
                    yield Label("Titel")
                    yield Input(id="p-title")
                    yield Label("Volgorde van de fasen")
                    yield Select[str](
                        ORDER_CHOICES,
                        value=str(self.draft.data.get("order", DEFAULT_ORDER)),
                        id="p-order",
                        allow_blank=False,
                        compact=True,
                    )
                    yield Label("Waarschuwing: minuten voor het einde van een fase")
                    yield Input(id="p-warning", placeholder="1")
                    yield Label("Groepsgrootte: minimaal en maximaal aantal deelnemers")
                    with Horizontal(id="p-group"):
                        yield Input(id="p-group-min", placeholder="min")
                        yield Input(id="p-group-max", placeholder="max")
                with Vertical(id="adapt-phase-form"):
                    yield Static(id="phase-heading", markup=False)
                    yield Static(id="phase-evidence")
                    yield Label("Titel")
                    yield Input(id="f-title")
                    with Horizontal(id="f-numbers"):
                        with Vertical():
                            yield Label("Minuten")
                            yield Input(id="f-minutes")
                        with Vertical():
                            yield Label("Wie")
                            yield Input(id="f-who")
                    yield Label("Instructie")
                    yield TextArea(id="f-instruction", soft_wrap=True)
                    yield Label("Vragen — één per regel")
                    yield TextArea(id="f-questions", soft_wrap=True)
                    yield Label("Gespreksregels — één per regel")
                    yield TextArea(id="f-rules", soft_wrap=True)
                    yield Static(id="f-fields", classes="hint", markup=False)
        yield Static(id="adapt-check")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        sessions_dir = self.app.sessions_dir  # type: ignore[attr-defined]
        self._evidence = load_evidence(self.entry.loaded.protocol, sessions_dir)
        self._check()
        self._rebuild_list(1)
        self.query_one("#adapt-phases", OptionList).focus()

    # -- the list on the left ------------------------------------------------------------------

    def _rebuild_list(self, selected: int) -> None:
        options = self.query_one("#adapt-phases", OptionList)
        prompts: list[Content | None] = [self._protocol_prompt()]
        for index in range(len(self.draft.phases)):
            prompts += [None, self._phase_prompt(index)]  # None: a dividing line
        options.set_options(prompts)
        options.highlighted = min(selected, options.option_count - 1)
        self._show(options.highlighted)

    def _refresh_prompts(self) -> None:
        options = self.query_one("#adapt-phases", OptionList)
        options.replace_option_prompt_at_index(0, self._protocol_prompt())
        for index in range(len(self.draft.phases)):
            options.replace_option_prompt_at_index(index + 1, self._phase_prompt(index))

    def _protocol_prompt(self) -> Content:
        data = self.draft.data
        minutes = [p.get("minutes") for p in self.draft.phases]
        total = sum(m for m in minutes if _is_number(m))
        facts = [
            plural(len(minutes), "fase", "fasen"),
            f"{dutch_minutes(total)} min",
            f"volgorde {ORDER_WORDS.get(str(data.get('order', DEFAULT_ORDER)), '?')}",
        ]
        group = data.get("group_size")
        if isinstance(group, dict):
            facts.append(f"groep {group.get('min', '?')}–{group.get('max', '?')}")
        mark = "⚠ " if self._problem_at(None) else ""
        return Content.assemble(
            (f"{mark}Protocol: {data.get('title', '')}", "bold"), f"\n{' · '.join(facts)}"
        )

    def _phase_prompt(self, index: int) -> Content:
        phase = self.draft.phases[index]
        minutes = f"{_minutes_text(phase.get('minutes'))} min"
        if self._proposed(phase):
            minutes += f", {PROPOSAL_MARK}"
        facts = [minutes, str(phase.get("who", ""))]
        for key, one, many in COUNTED:
            if _count(phase.get(key)):
                facts.append(plural(_count(phase.get(key)), one, many))
        mark = "⚠ " if self._problem_at(index) else ""
        evidence = self._evidence_of(index)
        # No colours here: the highlighted entry is drawn on the theme's cursor colour.
        if evidence is None:
            said = ("nog geen afgeronde sessies", "italic")
        elif evidence.proposal is None:
            said = (evidence.summary(), "italic")
        else:
            said = (f"→ {evidence.question()} F3", "bold")
        return Content.assemble(
            (f"{mark}{index + 1}. {phase.get('title', '')}", "bold"),
            f"\n{' · '.join(f for f in facts if f)}\n",
            said,
        )

    def _proposed(self, phase: dict[str, Any]) -> bool:
        """As ``Protocol.proposed_minutes``, on the draft (which may not be valid yet)."""
        source = phase.get("minutes_source", self.draft.data.get("minutes_source"))
        return source == MinutesSource.PROPOSAL.value

    def _minutes_changed(self, index: int) -> None:
        """Minutes a coordinator typed or accepted are no longer the source's figure: the
        phase's minutes become a proposal, by a key of its own unless the whole protocol's
        minutes are one already. Back at the figure it was opened with, the phase says again
        what it said then (typing "12" passes "1" on the way)."""
        phase = self.draft.phases[index]
        opened = self._opened_with.get(str(phase.get("id")))
        if (
            opened is not None
            and _is_number(phase.get("minutes"))
            and phase["minutes"] == opened[0]
        ):
            source = opened[1]
        elif self.draft.data.get("minutes_source") == MinutesSource.PROPOSAL.value:
            source = None  # as the protocol says
        else:
            source = MinutesSource.PROPOSAL.value
        self.draft.set_phase(index, "minutes_source", source)

    def _evidence_of(self, index: int) -> PhaseEvidence | None:
        """The figures of this phase id, judged against the minutes in the draft now."""
        phase = self.draft.phases[index]
        evidence = self._evidence.get(str(phase.get("id")))
        minutes = phase.get("minutes")
        if evidence is None or not _is_number(minutes):
            return evidence
        return judge(evidence.stats, minutes)

    @on(OptionList.OptionHighlighted, "#adapt-phases")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    # -- the form on the right -----------------------------------------------------------------

    def _show(self, selected: int) -> None:
        self._selected = selected
        on_protocol = selected == 0
        self.query_one("#adapt-protocol-form").display = on_protocol
        self.query_one("#adapt-phase-form").display = not on_protocol
        with self.prevent(Input.Changed, TextArea.Changed, Select.Changed):
            if on_protocol:
                self._fill_protocol()
            else:
                self._fill_phase(selected - 1)

    def _fill_protocol(self) -> None:
        data = self.draft.data
        group = data.get("group_size") if isinstance(data.get("group_size"), dict) else {}
        self._set_input("#p-id", data.get("id"))
        self._set_input("#p-title", data.get("title"))
        self._set_input("#p-warning", data.get("warning_minutes"))
        self._set_input("#p-group-min", group.get("min"))
        self._set_input("#p-group-max", group.get("max"))
        order = data.get("order", DEFAULT_ORDER)
        if order in ORDER_WORDS:
            self.query_one("#p-order", Select).value = order

    def _fill_phase(self, index: int) -> None:
        phase = self.draft.phases[index]
        self.query_one("#phase-heading", Static).update(
            f"Fase {index + 1} van {len(self.draft.phases)} · id {phase.get('id', '')}"
        )
        self._set_input("#f-title", phase.get("title"))
        self._set_input("#f-minutes", phase.get("minutes"))
        self._set_input("#f-who", phase.get("who"))
        self.query_one("#f-instruction", TextArea).text = str(phase.get("instruction", ""))
        self.query_one("#f-questions", TextArea).text = lines_of(phase.get("questions"))
        self.query_one("#f-rules", TextArea).text = lines_of(phase.get("rules"))
        fields = phase.get("fields")
        labels = [str(f.get("label", f.get("id"))) for f in fields or [] if isinstance(f, dict)]
        self.query_one("#f-fields", Static).update(
            f"Velden (aan te passen in het bestand): {', '.join(labels)}"
            if labels
            else "Geen eigen velden; elke fase heeft een vrij veld voor aantekeningen."
        )
        self._show_evidence(index)

    def _set_input(self, selector: str, value: Any) -> None:
        shown = "" if value is None else str(value)
        if isinstance(value, float):
            shown = f"{value:g}"
        self.query_one(selector, Input).value = shown

    def _show_evidence(self, index: int) -> None:
        evidence = self._evidence_of(index)
        widget = self.query_one("#phase-evidence", Static)
        if evidence is None:
            widget.update(Content.styled("Nog geen afgeronde sessies met deze fase.", "italic"))
        elif evidence.proposal is None:
            widget.update(Content(f"Eerdere sessies: {evidence.summary()}."))
        else:
            widget.update(
                Content.assemble(
                    f"Eerdere sessies: {evidence.summary()}.\n",
                    (f"Voorstel: {evidence.question()} F3 neemt het over.", "bold $warning"),
                )
            )

    # -- edits ---------------------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        key = event.input.id or ""
        value = event.value
        phase = self._selected - 1
        if key == "p-id":
            self.draft.set("id", text_or_none(value))
        elif key == "p-title":
            self.draft.set("title", text_or_none(value))
        elif key == "p-warning":
            self.draft.set("warning_minutes", number(value))
        elif key in ("p-group-min", "p-group-max"):
            low = number(self.query_one("#p-group-min", Input).value)
            high = number(self.query_one("#p-group-max", Input).value)
            self.draft.set_group_size(low, high)
        elif key == "f-title":
            self.draft.set_phase(phase, "title", text_or_none(value))
        elif key == "f-minutes":
            self.draft.set_phase(phase, "minutes", number(value))
            self._minutes_changed(phase)
            self._show_evidence(phase)
        elif key == "f-who":
            self.draft.set_phase(phase, "who", text_or_none(value))
        self._changed()

    @on(TextArea.Changed)
    def _written(self, event: TextArea.Changed) -> None:
        phase = self._selected - 1
        text = event.text_area.text
        key = event.text_area.id
        if key == "f-instruction":
            self.draft.set_phase(phase, "instruction", text_or_none(text))
        elif key == "f-questions":
            self.draft.set_phase(phase, "questions", items_of(text))
        elif key == "f-rules":
            self.draft.set_phase(phase, "rules", items_of(text))
        self._changed()

    @on(Select.Changed, "#p-order")
    def _ordered(self, event: Select.Changed) -> None:
        # Not the echo of showing the value (an absent order is the default one).
        if event.value != self.draft.data.get("order", DEFAULT_ORDER):
            self.draft.set("order", str(event.value))
            self._changed()

    def _changed(self) -> None:
        self._check()
        self._refresh_prompts()

    def _phase_index(self) -> int | None:
        if self._selected == 0:
            self.notify("Kies eerst een fase in de lijst links.", markup=False)
            return None
        return self._selected - 1

    def action_accept(self) -> None:
        index = self._phase_index()
        if index is None:
            return
        evidence = self._evidence_of(index)
        if evidence is None or evidence.proposal is None:
            self.notify("Voor deze fase is er geen voorstel.", markup=False)
            return
        self.draft.set_phase(index, "minutes", evidence.proposal)
        self._minutes_changed(index)
        self._changed()
        self._show(self._selected)
        self.notify(
            f"Fase {index + 1}: {plural(evidence.proposal, 'minuut', 'minuten')}", markup=False
        )

    def action_add(self) -> None:
        index = self.draft.add_phase(self._selected)
        self._minutes_changed(index)  # a new phase's minutes are nobody's source
        self._structure_changed(index)

    def action_duplicate(self) -> None:
        index = self._phase_index()
        if index is not None:
            self._structure_changed(self.draft.duplicate_phase(index))

    def action_move(self, step: int) -> None:
        index = self._phase_index()
        if index is not None:
            self._structure_changed(self.draft.move_phase(index, step))

    def action_remove(self) -> None:
        index = self._phase_index()
        if index is None:
            return
        if len(self.draft.phases) == 1:
            self.notify("Een protocol heeft minstens één fase.", severity="warning", markup=False)
            return
        title = str(self.draft.phases[index].get("title", ""))

        def answered(yes: bool | None) -> None:
            if yes:
                self.draft.remove_phase(index)
                self._structure_changed(min(index, len(self.draft.phases) - 1))

        self.app.push_screen(
            ConfirmScreen(
                f"Fase {index + 1} verwijderen?", title, yes="Verwijderen", keys=("f8",)
            ),
            answered,
        )

    def _structure_changed(self, phase_index: int) -> None:
        self._check()
        self._rebuild_list(phase_index + 1)

    # -- checking and saving -------------------------------------------------------------------

    def _shown_path(self) -> Path:
        """The file saving would write, as the check names it (the old id while the new one
        is not a valid file name)."""
        protocol_id = self.draft.data.get("id")
        try:
            protocol_id = _ID.validate_python(protocol_id)
        except ValidationError:
            protocol_id = self.entry.loaded.protocol.id
        return self.protocols_dir / f"{protocol_id}.toml"

    def _now(self) -> datetime:
        return self.app.clock.now().astimezone()  # type: ignore[attr-defined]

    def _check(self) -> None:
        text = document(self.draft.data, adapted_from=self.adapted_from, when=self._now())
        self.checked = check_text(text, self._shown_path())
        widget = self.query_one("#adapt-check", Static)
        lines = self.checked.lines()
        widget.set_class(not self.checked.ok, "-problems")
        if self.checked.ok:
            saved = "" if self.draft.dirty else " · niets gewijzigd"
            widget.update(Content(f"✓ {lines[0]}{saved}"))
            return
        shown = lines[:SHOWN_PROBLEMS]
        if len(lines) > SHOWN_PROBLEMS:
            shown.append(f"… en nog {len(lines) - SHOWN_PROBLEMS}")
        heading = f"✗ {plural(len(lines), 'probleem', 'problemen')}; F2 bewaart pas als alles klopt"
        widget.update(Content("\n".join([heading, *shown])))

    def _problem_at(self, index: int | None) -> bool:
        """Whether a problem is about phase ``index`` (None: about the protocol itself)."""
        if self.checked is None:
            return False
        for problem in self.checked.problems:
            # One line may be about several phases ("ontbreekt in 3 fasen"): each is marked.
            for path in (problem.path, *problem.others):
                match = _PHASE_PROBLEM.match(path)
                if (int(match.group(1)) - 1 if match else None) == index:
                    return True
        return False

    def action_save(self) -> None:
        if self.checked is None or self.checked.loaded is None:
            self.notify(
                "Niet bewaard: los eerst de problemen onderaan op.",
                severity="error",
                markup=False,
            )
            return
        protocol = self.checked.loaded.protocol
        try:
            target = target_for(protocol.id, self.protocols_dir)
        except WriteRefused as refused:
            self.notify(str(refused), severity="error", timeout=10, markup=False)
            return
        text = protocol_toml(protocol, adapted_from=self.adapted_from, when=self._now())
        if not target.exists or target.path in self._written:
            self._write(text, target)
            return
        detail = "De vorige versie blijft ernaast bewaard (NAAM.toml.bak-DATUM-TIJD)."
        if target.own_comments:
            count = plural(len(target.own_comments), "eigen opmerking", "eigen opmerkingen")
            detail += (
                f"\nHet bestand heeft {count} (#, vanaf regel {target.own_comments[0][0]}); "
                "die komen niet in het nieuwe bestand, wel in de bewaarde versie."
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(text, target)

        self.app.push_screen(
            ConfirmScreen(
                f"{target.path} bestaat al. Vervangen?",
                detail,
                yes="Vervangen",
                no="Niet bewaren",
                keys=("f2", "ctrl+s"),
            ),
            answered,
        )

    def _write(self, text: str, target: Target) -> None:
        try:
            written = write_protocol(
                text,
                target,
                when=self._now(),
                replace=target.exists,
                keep_previous=target.path not in self._written,
            )
        except WriteRefused as refused:
            self.notify(str(refused), severity="error", timeout=10, markup=False)
            return
        self._written.add(written.path)
        self.draft.mark_saved()
        self._check()
        message = f"Bewaard in {written.path}"
        if self.entry.origin == "ingebouwd" and written.path.stem == self.entry.loaded.protocol.id:
            message += "; deze versie gaat voortaan voor het ingebouwde protocol in de plaats"
        if written.backup is not None:
            message += f"; de vorige versie staat in {written.backup.name}"
        self.notify(message, timeout=10, markup=False)

    def unsaved_input(self) -> str | None:
        """What stopping the program now would throw away (the app asks before it does)."""
        if not self.draft.dirty:
            return None
        return "De wijzigingen in het protocol zijn nog niet bewaard (F2 bewaart ze)."

    def action_back(self) -> None:
        if not self.draft.dirty:
            self._leave()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._leave()

        self.app.push_screen(
            ConfirmScreen(
                "Wijzigingen niet bewaard",
                "Terug zonder te bewaren? F2 bewaart eerst.",
                yes="Terug zonder bewaren",
                no="Blijven",
            ),
            answered,
        )

    def _leave(self) -> None:
        """Back to the screen below; opened straight from the command line, that ends it."""
        if len(self.app.screen_stack) > 2:
            self.dismiss()
        else:
            self.app.exit()
