"""The session file format: everything a group recorded, readable on its own years later.

A session carries a full copy of the protocol it was run with, so rereading it never depends on
today's TOML. Answers are checked against the field types of that copy. Times are measured in
seconds of running clock (pauses excluded); timestamps are wall-clock with a time zone.

Every number and date is bounded by what a meeting can hold, so that no value a file may carry
(9999-12-31 at UTC-1, 1e300 seconds) can overflow a reader's date or time arithmetic later: a
file outside the bounds is refused as a bad file, with the reason.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    computed_field,
    model_validator,
)

from intervisie_tui.engine.clock import MAX_REHEARSAL_SPEED
from intervisie_tui.engine.protocol import FieldSpec, FieldType, Protocol
from intervisie_tui.timefmt import dutch_date

SESSION_SCHEMA_VERSION = 2
Text = Annotated[str, StringConstraints(max_length=100_000)]

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2199, 12, 31)
UTC_OFFSETS = (timedelta(hours=-12), timedelta(hours=14))  # the offsets in use on Earth
MAX_RUNNING_SECONDS = 7 * 24 * 3600.0  # a whole session's running time: a week
MAX_ADJUSTMENT_SECONDS = 24 * 3600.0  # a phase made longer or shorter by at most a day
MAX_TURNS = 10_000


def _day_in_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            f"datum {dutch_date(value)} ligt niet tussen "
            f"{dutch_date(EARLIEST_DATE)} en {dutch_date(LATEST_DATE)}"
        )
    return value


def _moment_in_range(value: datetime) -> datetime:
    # Checked on the wall date and the offset apart: converting first is what overflows.
    offset = value.utcoffset()
    if offset is None or not UTC_OFFSETS[0] <= offset <= UTC_OFFSETS[1]:
        raise ValueError("tijdzone bestaat niet (tussen UTC-12:00 en UTC+14:00)")
    _day_in_range(value.date())
    return value


Day = Annotated[date, AfterValidator(_day_in_range)]
Moment = Annotated[AwareDatetime, AfterValidator(_moment_in_range)]
Seconds = Annotated[float, Field(ge=0, le=MAX_RUNNING_SECONDS)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


class Role(StrEnum):
    """Roles only ever get added, so that every session file written before keeps loading."""

    VOORZITTER = "voorzitter"
    TIJDBEWAKER = "tijdbewaker"
    INBRENGER = "inbrenger"
    DEELNEMER = "deelnemer"
    NOTULIST = "notulist"
    OUDER = "ouder"  # seed 004 holds intervision with parents, as equals of the teachers
    TOEHOORDER = "toehoorder"  # watches without contributing ("kijkt mee zonder inbreng")


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class TimerStatus(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABANDONED = "abandoned"


class Participant(Model):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    roles: list[Role] = Field(min_length=1)


class Case(Model):
    pupil: Annotated[str, StringConstraints(max_length=60)] = Field(
        default="", description="Pseudonym or initials — never the child's full name."
    )
    help_question: Text = ""


class TallyItem(Model):
    keyword: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    count: int = Field(ge=0, le=10_000)


class Evaluation(Model):
    evaluated_at: Moment
    note: Text = ""


class Agreement(Model):
    what: Annotated[str, StringConstraints(min_length=1, max_length=5_000)]
    who: Annotated[str, StringConstraints(max_length=200)] = ""
    when: Annotated[str, StringConstraints(max_length=200)] = ""
    evaluation_date: Day | None = None
    evaluation: Evaluation | None = None


class Visit(Model):
    """One stay in a phase; ``seconds`` counts running time only, so pauses do not inflate it."""

    started_at: Moment
    ended_at: Moment | None = None
    seconds: Seconds = 0.0


Answer = str | list[str] | int | list[TallyItem] | date | None

_ANSWER_ADAPTERS: dict[FieldType, TypeAdapter[Any]] = {
    FieldType.TEXT: TypeAdapter(Text),
    FieldType.LIST: TypeAdapter(list[Annotated[str, StringConstraints(max_length=5_000)]]),
    FieldType.SCALE: TypeAdapter(int | None),
    FieldType.TALLY: TypeAdapter(list[TallyItem]),
    FieldType.DATE: TypeAdapter(Day | None),
}


def validate_answer(spec: FieldSpec, value: Any) -> Answer:
    """Coerce ``value`` to the shape ``spec`` records; raises ValueError with a Dutch reason."""
    if spec.type is FieldType.AGREEMENTS:
        raise ValueError("afspraken staan in 'agreements' van de sessie, niet bij een fase")
    try:
        answer = _ANSWER_ADAPTERS[spec.type].validate_python(value)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        if first["type"] == "value_error":  # the right type, out of bounds: say why
            raise ValueError(str(first["ctx"]["error"])) from None
        raise ValueError(f"antwoord past niet bij veldtype {spec.type.value!r}") from None
    if spec.type is FieldType.SCALE and answer is not None:
        low, high = spec.scale_range
        if not low <= answer <= high:
            raise ValueError(f"schaalwaarde {answer} ligt niet tussen {low} en {high}")
    return answer


class PhaseRecord(Model):
    id: str
    title: str
    planned_seconds: float = Field(gt=0, le=MAX_RUNNING_SECONDS)
    adjustment_seconds: float = Field(
        default=0.0, ge=-MAX_ADJUSTMENT_SECONDS, le=MAX_ADJUSTMENT_SECONDS
    )
    visits: list[Visit] = []
    answers: dict[str, Answer] = {}

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        # actual_seconds is written for human readers and recomputed from the visits on load.
        if isinstance(data, dict) and "actual_seconds" in data:
            data = {k: v for k, v in data.items() if k != "actual_seconds"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def actual_seconds(self) -> float:
        return sum(v.seconds for v in self.visits)

    @property
    def budget_seconds(self) -> float:
        return self.planned_seconds + self.adjustment_seconds


class EventKind(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    PREVIOUS = "previous"
    JUMP = "jump"
    ADJUST = "adjust"
    FINISH = "finish"
    ABANDON = "abandon"
    RESTORE = "restore"
    TURN = "turn"


class Event(Model):
    at: Moment
    kind: EventKind
    phase: str | None = None
    to_phase: str | None = None
    minutes: float | None = Field(
        default=None, ge=-MAX_ADJUSTMENT_SECONDS / 60, le=MAX_ADJUSTMENT_SECONDS / 60
    )
    override: bool = False
    elapsed_seconds: Seconds = Field(description="Running time of the session at the event.")
    speaker: Annotated[str, StringConstraints(max_length=200)] | None = None


class Timer(Model):
    """What is needed to resume, and what a reader of the live file needs to show the clock.

    ``synced_at`` is the wall-clock time at which the open visit's ``seconds`` were last brought
    up to date while the clock runs; a second program following the file adds the time since
    then, so its countdown does not lag by the time between saves. None when not running.
    ``turn`` counts the turns taken in a round phase (None in other phases) and
    ``turn_started_seconds`` is the phase's running time at which the current turn began.
    """

    status: TimerStatus = TimerStatus.NOT_STARTED
    current_phase: int | None = None
    synced_at: Moment | None = None
    turn: int | None = Field(default=None, ge=0, le=MAX_TURNS)
    turn_started_seconds: Seconds | None = None


def new_session_id() -> str:
    return secrets.token_hex(4)


class Session(Model):
    schema_version: Literal[2] = SESSION_SCHEMA_VERSION
    id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")] = Field(
        default_factory=new_session_id
    )
    status: SessionStatus = SessionStatus.IN_PROGRESS
    created_at: Moment
    ended_at: Moment | None = None
    rehearsal_speed: float | None = Field(default=None, gt=0, le=MAX_REHEARSAL_SPEED)
    protocol: Protocol
    protocol_file: str = ""
    protocol_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    participants: list[Participant] = []
    case: Case = Case()
    preparation: dict[str, Text] = {}
    phases: list[PhaseRecord]
    agreements: list[Agreement] = []
    uncovered_at_finish: list[str] = []
    timer: Timer = Timer()
    events: list[Event] = []

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        """Read every earlier version; saving then writes the current one.

        Version 2 only added keys with defaults (``timer.synced_at``, turns, a phase's
        ``round``), so a version 1 file is a version 2 file with an older number. A missing
        number is read as 1.
        """
        if isinstance(data, dict):
            version = data.get("schema_version", 1)
            if type(version) is int and version == 1:
                data = {**data, "schema_version": SESSION_SCHEMA_VERSION}
        return data

    @model_validator(mode="after")
    def _consistent_with_protocol(self) -> Session:
        expected = [p.id for p in self.protocol.phases]
        if [p.id for p in self.phases] != expected:
            raise ValueError("fasen komen niet overeen met het protocol in het bestand")
        for record, phase in zip(self.phases, self.protocol.phases, strict=True):
            specs = {f.id: f for f in phase.recorded_fields}
            for field_id, value in record.answers.items():
                spec = specs.get(field_id)
                if spec is None:
                    raise ValueError(f"fase {record.id!r}: onbekend veld {field_id!r}")
                try:
                    validate_answer(spec, value)
                except ValueError as problem:
                    raise ValueError(f"fase {record.id!r}, veld {field_id!r}: {problem}") from None
        if self.protocol.preparation is not None:
            known = {q.id for q in self.protocol.preparation.questions}
            unknown = set(self.preparation) - known
            if unknown:
                raise ValueError(f"onbekende voorbereidingsvraag {sorted(unknown)[0]!r}")
        current = self.timer.current_phase
        if current is not None and not 0 <= current < len(self.phases):
            raise ValueError(f"timer.current_phase {current} bestaat niet")
        # A millisecond of slack: the runner fills the week to the last float, in any order.
        if self.running_seconds > MAX_RUNNING_SECONDS + 0.001:
            raise ValueError("de fasen tellen samen meer dan een week lopende tijd")
        return self

    @property
    def running_seconds(self) -> float:
        """The running time recorded in all phases together (pauses excluded)."""
        return sum(record.actual_seconds for record in self.phases)

    @classmethod
    def new(
        cls,
        protocol: Protocol,
        *,
        protocol_sha256: str,
        created_at: datetime,
        protocol_file: str = "",
        rehearsal_speed: float | None = None,
    ) -> Session:
        return cls(
            created_at=created_at,
            protocol=protocol,
            protocol_file=protocol_file,
            protocol_sha256=protocol_sha256,
            rehearsal_speed=rehearsal_speed,
            phases=[
                PhaseRecord(id=p.id, title=p.title, planned_seconds=p.planned_seconds)
                for p in protocol.phases
            ],
        )

    def phase_record(self, phase_id: str) -> PhaseRecord:
        for record in self.phases:
            if record.id == phase_id:
                return record
        raise KeyError(phase_id)

    def field_spec(self, phase_id: str, field_id: str) -> FieldSpec:
        for phase in self.protocol.phases:
            if phase.id == phase_id:
                for spec in phase.recorded_fields:
                    if spec.id == field_id:
                        return spec
        raise KeyError(f"{phase_id}.{field_id}")

    def set_answer(self, phase_id: str, field_id: str, value: Any) -> None:
        """The one door through which answers are written, so a file never holds a bad one."""
        answer = validate_answer(self.field_spec(phase_id, field_id), value)
        record = self.phase_record(phase_id)
        record.answers = {**record.answers, field_id: answer}

    def answer(self, phase_id: str, field_id: str) -> Answer:
        """The answer in its field's own type (JSON alone cannot tell a date from text)."""
        raw = self.phase_record(phase_id).answers.get(field_id)
        return None if raw is None else validate_answer(self.field_spec(phase_id, field_id), raw)
