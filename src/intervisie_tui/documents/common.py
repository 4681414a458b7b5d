"""What a session document shows, as plain data, shared by the Markdown, HTML and terminal
renderers.

A :class:`SessionDocument` is built from the session's JSON form (``model_dump(mode="json")``
of a :class:`~intervisie_tui.engine.session.Session`, which is also what the file holds), so
there is one builder for both a validated session in memory and a file the listing already
validated (``intervisie show`` then needs no pydantic at all). Text from the file is cleaned of
control characters here (an escape sequence in an answer must not reach the terminal); each
renderer escapes for its own format.

This package imports no pydantic and no Textual.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from intervisie_tui import timefmt
from intervisie_tui.engine.case_forms import CaseForm, case_form_for, names_help_question
from intervisie_tui.engine.display import printable_text
from intervisie_tui.engine.evaluation_field import separate_evaluation_field
from intervisie_tui.engine.notes import NOTES_FIELD_ID, NOTES_LABEL
from intervisie_tui.timefmt import dutch_date, dutch_datetime

if TYPE_CHECKING:
    from intervisie_tui.engine.session import Session

STATUS_LABELS = {
    "in_progress": "loopt nog",
    "completed": "afgerond",
    "abandoned": "afgebroken",
}
PRIVACY_KEEP = "bewaar het niet langer dan nodig en deel het alleen met wie het nodig heeft."
PRIVACY_NOTES = {
    True: f"Dit document gaat over een leerling: {PRIVACY_KEEP}",
    False: f"Dit document bevat wat deelnemers over hun eigen praktijk vertelden: {PRIVACY_KEEP}",
}


# -- text ----------------------------------------------------------------------------------------

def clean(text: str) -> str:
    """Line ends normalised to ``\\n``; other control characters made visible and harmless, as
    file names are (``engine.display``): ``␛`` for ESC."""
    return printable_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """Cleaned text on one line, for a cell of a list."""
    return " ".join(clean(text).split())


# Beyond this a duration is no meeting time but a damaged or hand-made file: shown as a number.
MAX_CLOCK_SECONDS = 100 * 365 * 24 * 3600.0


def clock(seconds: float) -> str:
    """``timefmt.clock`` for whatever a file holds: a duration no meeting can have (or a sum
    that overflowed to infinity) is shown in seconds instead of raising OverflowError."""
    if not math.isfinite(seconds) or abs(seconds) > MAX_CLOCK_SECONDS:
        return f"{seconds:g} s"
    return timefmt.clock(seconds)


def minutes_text(seconds: float) -> str:
    return f"{seconds / 60:g} min"


ON_TIME = "precies op tijd"
NOT_COVERED = "niet besproken"  # the rail says "Nog niet besproken" while the meeting runs
NAMES_PROMISED_AWAY = ": deze werkwijze belooft dat verslagen niemand bij naam noemen"
NOBODY = "—"  # an agreement without a who or a when, in every table and line


def shown_seconds(seconds: float) -> float:
    """The whole seconds ``clock`` shows of a duration (it cuts the fraction off)."""
    if not math.isfinite(seconds) or abs(seconds) > MAX_CLOCK_SECONDS:
        return seconds
    return float(math.trunc(seconds))


def shown_difference(actual: float, budget: float) -> float:
    """``actual - budget`` as the two read on screen, so the parts shown add up: 26:25 of
    45:00 is 18:35 under, even when the meeting ran 26:25.6."""
    return shown_seconds(actual) - shown_seconds(budget)


def deviation(actual: float, planned: float) -> str:
    """``+01:12`` over or ``-00:40`` under the planned time, or ``precies op tijd``."""
    delta = shown_difference(actual, planned)
    if delta == 0:
        return ON_TIME
    return ("+" if delta > 0 else "-") + clock(abs(delta))


def budget_text(budget: float, planned: float) -> str:
    """A budget as a clock, with the planned one it was adjusted from: ``04:00 (bijgesteld van
    05:00)``; one baseline on the end screen and in every document."""
    text = clock(budget)
    return text if budget == planned else f"{text} (bijgesteld van {clock(planned)})"


# -- the document --------------------------------------------------------------------------------


class Participant(NamedTuple):
    name: str
    roles: tuple[str, ...]


class Answer(NamedTuple):
    label: str
    type: str  # text, list, scale, tally, date
    value: Any  # str | tuple[str, ...] | int | tuple[tuple[str, int], ...] | date
    scale: tuple[int, int] | None = None
    field_id: str = ""

    @property
    def is_outcome(self) -> bool:
        """What the meeting produced: every field the protocol asks to record, but not the
        free notes (the note-taker's jottings, also a protocol's own field of that name) nor
        the help question (what set-up asked: the meeting's starting point). Agreements have
        their own table and are no answers here."""
        notes = self.field_id == NOTES_FIELD_ID or self.label.casefold() == NOTES_LABEL.casefold()
        return not notes and not names_help_question(self.field_id, self.label)

    def lines(self) -> list[str]:
        """The answer as lines of plain text (list and tally items one per line)."""
        if self.type == "list":
            return list(self.value)
        if self.type == "tally":
            return [f"{keyword}: {count}" for keyword, count in self.value]
        if self.type == "scale":
            low, high = self.scale or (0, 10)
            return [f"{self.value} (op een schaal van {low} tot {high})"]
        if self.type == "date":
            return [dutch_date(self.value)]
        return [self.value]

    @property
    def is_items(self) -> bool:
        return self.type in ("list", "tally")


class Phase(NamedTuple):
    number: int
    id: str
    title: str
    who: str
    questions: tuple[str, ...]
    planned_seconds: float
    adjustment_seconds: float
    actual_seconds: float
    visited: bool
    answers: tuple[Answer, ...]
    records_agreements: bool  # the phase where the agreements were made

    @property
    def budget_seconds(self) -> float:
        """The phase's time as the meeting ran it: planned, with the timekeeper's minutes."""
        return self.planned_seconds + self.adjustment_seconds

    @property
    def over(self) -> bool:
        return self.visited and shown_difference(self.actual_seconds, self.budget_seconds) > 0

    def time_line(self) -> str:
        """Against the adjusted budget, as the meeting's clock and rail counted, with the
        original named: ``gepland 4 min (bijgesteld van 5 min) · werkelijk 06:59 (+02:59)``."""
        planned = f"gepland {minutes_text(self.budget_seconds)}"
        if self.adjustment_seconds:
            planned += f" (bijgesteld van {minutes_text(self.planned_seconds)})"
        if not self.visited:
            return f"{planned} · {NOT_COVERED}"
        delta = deviation(self.actual_seconds, self.budget_seconds)
        return f"{planned} · werkelijk {clock(self.actual_seconds)} ({delta})"


class Deviation(NamedTuple):
    """A step against the order of a strict protocol, confirmed by the timekeeper."""

    at: datetime
    elapsed_seconds: float  # running time of the meeting at the step
    back: bool  # a step back (otherwise a jump)
    source: str  # "3. Doel"
    target: str

    def line(self) -> str:
        what = "terug" if self.back else "gesprongen"
        return (
            f"{self.at:%H:%M} (na {clock(self.elapsed_seconds)}): {what} van {self.source} "
            f"naar {self.target}"
        )


DEVIATIONS_TITLE = "Afwijkingen van de volgorde"
DEVIATIONS_NOTE = (
    "Dit protocol heeft een vaste volgorde; deze stappen zijn bevestigd en vastgelegd."
)


class Agreement(NamedTuple):
    number: int
    what: str
    who: str
    when: str
    evaluation_date: date | None
    evaluated_at: datetime | None
    note: str

    @property
    def evaluated(self) -> bool:
        return self.evaluated_at is not None

    def evaluation_line(self) -> str:
        if self.evaluated_at is not None:
            text = f"geëvalueerd op {dutch_date(self.evaluated_at.date())}"
            return f"{text}: {self.note}" if self.note else text
        if self.evaluation_date is not None:
            return f"evalueren op {dutch_date(self.evaluation_date)}"
        return "geen evaluatiedatum"


class SessionDocument(NamedTuple):
    id: str
    status: str
    created_at: datetime
    ended_at: datetime | None
    rehearsal_speed: float | None
    protocol_id: str
    protocol_title: str
    participants: tuple[Participant, ...]
    anonymous: bool
    pupil: str
    help_question: str  # for a theme: the theme
    case_form: CaseForm  # what set-up asked, by the protocol's subject: labels the answers
    preparation: tuple[tuple[str, str], ...]  # (question, answer), answered ones only
    agreements: tuple[Agreement, ...]
    phases: tuple[Phase, ...]
    uncovered: tuple[str, ...]  # titles of phases never visited at the finish
    deviations: tuple[Deviation, ...] = ()  # confirmed steps out of a strict order
    names_promised_away: bool = False  # the protocol's anonymous_documents

    @property
    def privacy_note(self) -> str:
        """About a pupil, or (a theme, e.g. leren van successen) about what colleagues and
        parents told of their own practice: either way, not for a wider audience."""
        return PRIVACY_NOTES[self.case_form.pupil_label is not None]

    @property
    def records_agreements(self) -> bool:
        """Whether this meeting has agreements to speak of: its protocol asks for them, or the
        file holds some. Leren van successen asks for none; 'Geen afspraken vastgelegd' would
        read as a step the group forgot."""
        return bool(self.agreements) or any(p.records_agreements for p in self.phases)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def title(self) -> str:
        return f"Intervisie: {self.protocol_title}"

    @property
    def evaluation_dates(self) -> list[date]:
        """The dates of agreements still to evaluate, earliest first, each once."""
        return sorted(
            {a.evaluation_date for a in self.agreements if not a.evaluated and a.evaluation_date}
        )

    @property
    def next_evaluation(self) -> date | None:
        dates = self.evaluation_dates
        return dates[0] if dates else None

    def when_line(self) -> str:
        text = dutch_datetime(self.created_at)
        if self.ended_at is not None:
            try:
                end = self.ended_at.astimezone(self.created_at.tzinfo)
            except (OverflowError, ValueError):  # at the edge of the calendar: its own zone
                end = self.ended_at
            same_day = end.date() == self.created_at.date()
            text += " – " + (end.strftime("%H:%M") if same_day else dutch_datetime(end))
        return text

    def rehearsal_line(self) -> str | None:
        if self.rehearsal_speed is None:
            return None
        return f"de klok liep {self.rehearsal_speed:g} keer zo snel"

    def facts(self) -> list[tuple[str, str]]:
        """The header of a printed session, the same in every document format."""
        facts = [("Datum", self.when_line()), ("Status", self.status_label), ("Sessie", self.id)]
        if self.asks_pupil:
            facts.append(("Casus (schuilnaam)", self.pupil or "—"))
        facts.append(("Deelnemers", self.participants_line() or "—"))
        rehearsal = self.rehearsal_line()
        if rehearsal is not None:
            facts.append(("Oefensessie", rehearsal))
        return facts

    @property
    def asks_pupil(self) -> bool:
        """A case about a pupil; a theme has none (unless a file holds one after all)."""
        return self.case_form.pupil_label is not None or bool(self.pupil)

    @property
    def question_label(self) -> str:
        """What the help question is called: "Hulpvraag van de inbrenger", or for a theme
        "Thema van de bijeenkomst"."""
        return self.case_form.question_label

    def participants_line(self) -> str:
        if self.anonymous:
            labels = ", ".join(p.roles[0] for p in self.participants if p.roles)
            why = NAMES_PROMISED_AWAY if self.names_promised_away else ""
            left_out = f"(namen weggelaten{why})"
            return f"{labels} {left_out}" if labels else left_out
        return "; ".join(
            f"{p.name} ({', '.join(p.roles)})" if p.roles else p.name for p in self.participants
        )

    def outcome(self) -> list[Answer]:
        """What the meeting produced, in the order of its phases (see ``Answer.is_outcome``)."""
        return [a for p in self.phases for a in p.answers if a.is_outcome]

    @property
    def actual_seconds(self) -> float:
        """The sum of the phase times as shown, so the total is what a reader adds up."""
        return sum(shown_seconds(p.actual_seconds) for p in self.phases)

    @property
    def planned_seconds(self) -> float:
        return sum(p.planned_seconds for p in self.phases)

    @property
    def budget_seconds(self) -> float:
        return sum(p.budget_seconds for p in self.phases)

    def planned_total(self) -> str:
        """``38:00 (bijgesteld van 39:00)``: the total the meeting ran against, and the
        protocol's when the timekeeper changed it."""
        return budget_text(self.budget_seconds, self.planned_seconds)


def document_of(session: Session | SessionDocument, *, anonymous: bool = False) -> SessionDocument:
    """The document of a session (a ready document is returned as is, anonymised if asked).
    A session whose protocol has ``anonymous_documents`` is anonymised either way."""
    if isinstance(session, SessionDocument):
        return anonymise(session) if anonymous and not session.anonymous else session
    raw = session.model_dump(mode="json")
    # Answers in their field's own type: a valid file may hold a scale as "6" or a date in
    # another accepted spelling, which the JSON builder (strict on purpose) would refuse.
    for record, dumped in zip(session.phases, raw["phases"], strict=True):
        dumped["answers"] = {
            field_id: _json_answer(session.answer(record.id, field_id))
            for field_id in record.answers
        }
    return document_from_json(raw, anonymous=anonymous)


def _json_answer(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [v if isinstance(v, str) else v.model_dump(mode="json") for v in value]
    return value


def document_from_json(raw: dict[str, Any], *, anonymous: bool = False) -> SessionDocument:
    """Build the document from a session's JSON; raises (any exception) on an unexpected shape,
    which a caller that skipped validation answers by validating after all."""
    protocol = _dict(raw["protocol"])
    spec_phases = [_dict(p) for p in _list(protocol["phases"])]
    records = [_dict(r) for r in _list(raw["phases"])]
    if [p["id"] for p in spec_phases] != [r["id"] for r in records]:
        raise ValueError("phases do not match the protocol")
    phases = tuple(
        _phase(number, spec, record)
        for number, (spec, record) in enumerate(zip(spec_phases, records, strict=True), start=1)
    )
    case = _dict(raw.get("case", {}))
    separate_date = _separate_evaluation_date(spec_phases, records)
    preparation = _dict(raw.get("preparation", {}))
    questions = []
    prep_spec = protocol.get("preparation")
    if prep_spec is not None:
        for question in _list(_dict(prep_spec)["questions"]):
            question = _dict(question)
            answer = _text(preparation.get(question["id"], ""))
            if answer.strip():
                questions.append((clean(_text(question["text"])), clean(answer)))
    by_id = {p.id: p.title for p in phases}
    document = SessionDocument(
        id=_text(raw["id"]),
        status=_text(raw.get("status", "in_progress")),
        created_at=_datetime(raw["created_at"]),
        ended_at=None if raw.get("ended_at") is None else _datetime(raw["ended_at"]),
        rehearsal_speed=raw.get("rehearsal_speed"),
        protocol_id=_text(protocol["id"]),
        protocol_title=clean(_text(protocol["title"])),
        participants=tuple(
            Participant(clean(_text(_dict(p)["name"])), tuple(_text(r) for r in _list(p["roles"])))
            for p in _list(raw.get("participants", []))
        ),
        anonymous=False,
        pupil=clean(_text(case.get("pupil", ""))),
        help_question=clean(_text(case.get("help_question", ""))),
        case_form=case_form_for(_text(protocol.get("subject", ""))),
        preparation=tuple(questions),
        agreements=tuple(
            _agreement(number, _dict(a), separate_date)
            for number, a in enumerate(_list(raw.get("agreements", [])), start=1)
        ),
        phases=phases,
        uncovered=tuple(
            by_id.get(_text(pid), _text(pid)) for pid in _list(raw.get("uncovered_at_finish", []))
        ),
        deviations=_deviations(_list(raw.get("events", [])), phases),
        names_promised_away=protocol.get("anonymous_documents") is True,
    )
    # The protocol's promise holds without asking; there is no way to ask for names back.
    return anonymise(document) if anonymous or document.names_promised_away else document


def _deviations(events: list[Any], phases: tuple[Phase, ...]) -> tuple[Deviation, ...]:
    """The steps back and jumps recorded with ``override``: in a strict protocol each needed
    the timekeeper's confirmation, and a reader of the session should see them."""
    numbered = {p.id: f"{p.number}. {p.title}" for p in phases}
    found = []
    for event in events:
        event = _dict(event)
        if event.get("override") is not True or event.get("kind") not in ("previous", "jump"):
            continue
        source, target = _text(event["phase"]), _text(event["to_phase"])
        found.append(
            Deviation(
                at=_datetime(event["at"]),
                elapsed_seconds=_number(event.get("elapsed_seconds", 0.0)),
                back=event["kind"] == "previous",
                source=numbered.get(source, clean(source)),
                target=numbered.get(target, clean(target)),
            )
        )
    return tuple(found)


def _phase(number: int, spec: dict[str, Any], record: dict[str, Any]) -> Phase:
    fields = [_dict(f) for f in _list(spec.get("fields", []))]
    if all(f.get("id") != NOTES_FIELD_ID for f in fields):  # as Phase.recorded_fields
        fields.append({"id": NOTES_FIELD_ID, "label": NOTES_LABEL, "type": "text"})
    answers_raw = _dict(record.get("answers", {}))
    answers = []
    for field_spec in fields:
        kind = _text(field_spec.get("type", "text"))
        value = answers_raw.get(field_spec["id"])
        answer = None if kind == "agreements" else _answer(field_spec, kind, value)
        if answer is not None:
            answers.append(answer)
    if set(answers_raw) - {f["id"] for f in fields}:
        raise ValueError("answer for an unknown field")
    visits = [_dict(v) for v in _list(record.get("visits", []))]
    actual = 0.0
    for visit in visits:
        actual += _number(visit.get("seconds", 0.0))
    return Phase(
        number=number,
        id=_text(record["id"]),
        title=clean(_text(spec["title"])),
        who=clean(_text(spec.get("who", ""))),
        questions=tuple(clean(_text(q)) for q in _list(spec.get("questions", []))),
        planned_seconds=_number(record["planned_seconds"]),
        adjustment_seconds=_number(record.get("adjustment_seconds", 0.0)),
        actual_seconds=actual,
        visited=bool(visits),
        answers=tuple(answers),
        records_agreements=any(f.get("type") == "agreements" for f in fields),
    )


def _answer(spec: dict[str, Any], kind: str, value: Any) -> Answer | None:
    answer = _typed_answer(spec, kind, value)
    return None if answer is None else answer._replace(field_id=_text(spec["id"]))


def _typed_answer(spec: dict[str, Any], kind: str, value: Any) -> Answer | None:
    label = clean(_text(spec["label"]))
    if value is None:
        return None
    if kind == "text":
        text = clean(_text(value))
        return Answer(label, kind, text) if text.strip() else None
    if kind == "list":
        items = tuple(clean(_text(v)) for v in _list(value))
        items = tuple(i for i in items if i.strip())
        return Answer(label, kind, items) if items else None
    if kind == "scale":
        low = spec.get("min")
        high = spec.get("max")
        scale = (0 if low is None else int(low), 10 if high is None else int(high))
        return Answer(label, kind, _integer(value), scale)
    if kind == "tally":
        items = tuple(
            (clean(_text(_dict(i)["keyword"])), _integer(i["count"])) for i in _list(value)
        )
        return Answer(label, kind, items) if items else None
    if kind == "date":
        return Answer(label, kind, date.fromisoformat(_text(value)))
    raise ValueError(f"unknown field type {kind!r}")


def _separate_evaluation_date(
    spec_phases: list[dict[str, Any]], records: list[dict[str, Any]]
) -> date | None:
    """An old protocol's separate evaluation date (``engine/evaluation_field.py``), so that
    ``show`` and the exports give the date the follow-up uses."""
    found = separate_evaluation_field(
        (_text(p["id"]), [_dict(f) for f in _list(p.get("fields", []))]) for p in spec_phases
    )
    if found is None:
        return None
    phase_id, field_id = found
    for record in records:
        if record["id"] == phase_id:
            answer = _dict(record.get("answers", {})).get(field_id)
            return None if answer is None else date.fromisoformat(_text(answer))
    return None


def _agreement(number: int, raw: dict[str, Any], fallback: date | None = None) -> Agreement:
    evaluation = raw.get("evaluation")
    evaluated_at = None
    note = ""
    if evaluation is not None:
        evaluation = _dict(evaluation)
        evaluated_at = _datetime(evaluation["evaluated_at"])
        note = clean(_text(evaluation.get("note", "")))
    when = raw.get("evaluation_date")
    return Agreement(
        number=number,
        what=clean(_text(raw["what"])),
        who=clean(_text(raw.get("who", ""))),
        when=clean(_text(raw.get("when", ""))),
        evaluation_date=fallback if when is None else date.fromisoformat(_text(when)),
        evaluated_at=evaluated_at,
        note=note,
    )


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _integer(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _number(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError("expected a number")
    return float(value)


def _datetime(value: Any) -> datetime:
    parsed = datetime.fromisoformat(_text(value))
    if parsed.tzinfo is None:
        raise ValueError("timestamp without time zone")
    return parsed


# -- leaving names out ---------------------------------------------------------------------------


def participant_labels(participants: tuple[Participant, ...]) -> list[str]:
    """A role-based stand-in per participant: ``inbrenger``, ``deelnemer 1``, ``deelnemer 2``."""
    firsts = [p.roles[0] if p.roles else "deelnemer" for p in participants]
    labels = []
    for position, role in enumerate(firsts):
        if firsts.count(role) > 1:
            role = f"{role} {firsts[:position].count(role) + 1}"
        labels.append(role)
    return labels


def anonymise(document: SessionDocument) -> SessionDocument:
    """The participants' names left out: the list is dropped, and wherever a name occurs in the
    recorded text (agreements, answers, notes, the help question) it is replaced by the
    participant's role. The pupil's schuilnaam stays: it already is one."""
    names = [p.name for p in document.participants]
    pairs = sorted(
        zip(names, participant_labels(document.participants), strict=True),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    pairs = [(name, label) for name, label in pairs if name.strip()]
    if pairs:
        by_name = {name.casefold(): label for name, label in pairs}
        pattern = re.compile(
            "|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name, _ in pairs), re.IGNORECASE
        )

        def scrub(text: str) -> str:
            return pattern.sub(lambda m: by_name.get(m.group().casefold(), "[naam]"), text)
    else:

        def scrub(text: str) -> str:
            return text

    def scrub_answer(answer: Answer) -> Answer:
        if answer.type == "text":
            return answer._replace(value=scrub(answer.value))
        if answer.type == "list":
            return answer._replace(value=tuple(scrub(v) for v in answer.value))
        if answer.type == "tally":
            return answer._replace(value=tuple((scrub(k), c) for k, c in answer.value))
        return answer

    return document._replace(
        anonymous=True,
        participants=tuple(
            Participant("", (label,)) for label in participant_labels(document.participants)
        ),
        pupil=document.pupil,
        help_question=scrub(document.help_question),
        preparation=tuple((q, scrub(a)) for q, a in document.preparation),
        agreements=tuple(
            a._replace(what=scrub(a.what), who=scrub(a.who), when=scrub(a.when), note=scrub(a.note))
            for a in document.agreements
        ),
        phases=tuple(
            p._replace(answers=tuple(scrub_answer(a) for a in p.answers)) for p in document.phases
        ),
    )
