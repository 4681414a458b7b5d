"""The protocol format: what a coordinator writes in a TOML file, as pydantic models.

Every model forbids unknown keys, because a typo such as ``minuten`` for ``minutes`` would
otherwise silently fall back to a default and change a meeting's timing without anyone noticing.

Only what a meeting cannot run without is required: ``schema_version``, ``id``, ``title`` and
phases with ``id``, ``title`` and ``minutes``. Everything else has a default that means "not
said", so a coordinator's ten-line file is a protocol, and the screens show an optional text
only when it is there.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from intervisie_tui.engine.notes import NOTES_FIELD_ID, NOTES_LABEL

SCHEMA_VERSION = 1
MAX_PHASE_MINUTES = 240

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
Text = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class Strict(BaseModel):
    # strict: `minutes = true` or `minutes = "5"` is a mistake to report, not a value to coerce.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True)


class Order(StrEnum):
    STRICT = "strict"
    FLEXIBLE = "flexible"


class MinutesSource(StrEnum):
    """Where a phase's minutes come from. Most seeds give no minute budgets, so the shipped
    minutes are often ours; a group should know which times a publication stands behind."""

    SOURCE = "source"  # as the protocol's source gives them (or the coordinator's own choice)
    PROPOSAL = "proposal"  # our own proposal: the source gives no minutes


class Subject(StrEnum):
    """What a meeting is about, which decides what the set-up asks for."""

    PUPIL = "pupil"  # a case about a pupil: the pupil's schuilnaam and the help question
    THEME = "theme"  # a theme everyone brings experience to (leren van successen)


class FieldType(StrEnum):
    TEXT = "text"
    LIST = "list"
    SCALE = "scale"
    TALLY = "tally"
    AGREEMENTS = "agreements"
    DATE = "date"


class HelpPanel(Strict):
    """Reference material shown on request, such as help sentences or the goal aid."""

    title: ShortText
    text: Text = ""
    items: list[Text] = []


class FieldSpec(Strict):
    """One thing recorded during a phase; its type decides the editor and the answer's shape."""

    id: Slug
    label: ShortText
    type: FieldType = Field(default=FieldType.TEXT, strict=False)
    help: Text = ""
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _scale_bounds(self) -> FieldSpec:
        if self.type is FieldType.SCALE:
            low = 0 if self.min is None else self.min
            high = 10 if self.max is None else self.max
            if not low < high:
                raise ValueError(f"min ({low}) moet kleiner zijn dan max ({high})")
            if high - low > 100:
                raise ValueError("een schaal heeft hoogstens 100 stappen")
        elif self.min is not None or self.max is not None:
            raise ValueError('min en max horen alleen bij type = "scale"')
        return self

    @property
    def scale_range(self) -> tuple[int, int]:
        return (0 if self.min is None else self.min, 10 if self.max is None else self.max)


class Phase(Strict):
    id: Slug
    title: ShortText
    minutes: float = Field(gt=0, le=MAX_PHASE_MINUTES)
    # None: as the protocol's ``minutes_source`` says.
    minutes_source: MinutesSource | None = Field(default=None, strict=False)
    who: Annotated[str, StringConstraints(max_length=300)] = ""
    instruction: Text = ""
    questions: list[Text] = []
    rules: list[Text] = []
    help: list[HelpPanel] = []
    warning_minutes: float | None = Field(default=None, gt=0, le=MAX_PHASE_MINUTES)
    round: bool = False
    fields: list[FieldSpec] = []

    @field_validator("fields")
    @classmethod
    def _unique_field_ids(cls, fields: list[FieldSpec]) -> list[FieldSpec]:
        _require_unique([f.id for f in fields], "veld-id")
        if sum(f.type is FieldType.AGREEMENTS for f in fields) > 1:
            raise ValueError('een fase heeft hoogstens één veld van type "agreements"')
        return fields

    @property
    def planned_seconds(self) -> float:
        return self.minutes * 60

    @property
    def recorded_fields(self) -> list[FieldSpec]:
        """What a session records in this phase: the declared fields, then a free notes field
        (unless the protocol already declares one with that id). The protocol itself is left
        as written, so its copy in a session file stays what the coordinator wrote."""
        if any(spec.id == NOTES_FIELD_ID for spec in self.fields):
            return list(self.fields)
        return [*self.fields, FieldSpec(id=NOTES_FIELD_ID, label=NOTES_LABEL)]


class PreparationQuestion(Strict):
    id: Slug
    text: Text
    hint: Text = ""


class Preparation(Strict):
    """The form the case owner fills in ahead of the meeting (handelingsgericht copy sheet 1)."""

    title: ShortText = "Voorbereiding"
    instruction: Text = ""
    questions: list[PreparationQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Preparation:
        _require_unique([q.id for q in self.questions], "vraag-id")
        return self


class GroupSize(Strict):
    min: int = Field(ge=1, le=100)
    max: int = Field(ge=1, le=100)
    advice: Text = ""

    @model_validator(mode="after")
    def _ordered(self) -> GroupSize:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is groter dan max ({self.max})")
        return self


class Protocol(Strict):
    schema_version: Literal[1]
    id: Slug
    title: ShortText
    description: Text = ""
    source: Text = ""
    # Strict by default: phases are written in the order they are meant to be held, and strict
    # only asks the timekeeper to confirm a step back or a jump; it forbids nothing.
    order: Order = Field(default=Order.STRICT, strict=False)
    minutes_source: MinutesSource = Field(default=MinutesSource.SOURCE, strict=False)
    subject: Subject = Field(default=Subject.PUPIL, strict=False)
    # The method promises that reports name nobody (leren van successen): documents made of
    # its sessions leave participants' names out without being asked.
    anonymous_documents: bool = False
    warning_minutes: float = Field(default=1, gt=0, le=MAX_PHASE_MINUTES)
    group_size: GroupSize | None = None
    timekeeper_note: Text = ""
    rules: list[Text] = []
    help: list[HelpPanel] = []
    preparation: Preparation | None = None
    phases: list[Phase] = Field(min_length=1, max_length=60)

    @field_validator("schema_version", mode="before")
    @classmethod
    def _not_a_bool(cls, value: object) -> object:
        # Literal[1] accepts True (True == 1): strict mode cannot reach a Literal.
        if isinstance(value, bool):
            raise ValueError("moet een geheel getal zijn")
        return value

    @field_validator("phases")
    @classmethod
    def _unique_phase_ids(cls, phases: list[Phase]) -> list[Phase]:
        _require_unique([p.id for p in phases], "fase-id")
        return phases

    @property
    def total_minutes(self) -> float:
        return sum(p.minutes for p in self.phases)

    def proposed_minutes(self, phase: Phase) -> bool:
        """Whether ``phase``'s minutes are our own proposal rather than the source's."""
        source = phase.minutes_source if phase.minutes_source is not None else self.minutes_source
        return source is MinutesSource.PROPOSAL

    def warning_seconds(self, phase: Phase) -> float:
        minutes = (
            phase.warning_minutes if phase.warning_minutes is not None else self.warning_minutes
        )
        return minutes * 60


def _require_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what} {item!r} komt meer dan eens voor")
        seen.add(item)
