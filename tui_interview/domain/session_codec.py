"""Lossless conversion between a Session and plain JSON-able data.

Storage and the JSON export both use this one codec, so what is stored and
what is exported cannot drift apart. ``session_from_dict(session_to_dict(s))``
equals ``s``. Reading is also the one validation of stored and imported
sessions (see ``session_from_dict``).
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from tui_interview.domain.competency import Competency
from tui_interview.domain.competency_codec import (
    CompetencyDataError,
    competency_from_dict,
    competency_to_dict,
)
from tui_interview.domain.fields import FieldReader, field_name, type_name
from tui_interview.domain.recommendation import Recommendation, Verdict
from tui_interview.domain.session import (
    ADDED_PREFIX,
    AddedQuestion,
    ChecklistEvent,
    ChecklistKind,
    Clock,
    Note,
    NoteRevision,
    PlannedCompetency,
    QuestionRef,
    Rating,
    Section,
    Session,
    Status,
    Stop,
    Tag,
    planned_stops,
)
from tui_interview.domain.timeutil import from_iso, to_iso
from tui_interview.domain.vocabulary import MAX_BUDGET_MINUTES, SCHEMA_VERSION
from tui_interview.errors import TuiInterviewError

__all__ = ["SCHEMA_VERSION", "SessionDataError", "session_from_dict", "session_to_dict"]

E = TypeVar("E", bound=StrEnum)

#: A plan id as ``domain.plan_file.plan_id`` writes it: 16 lowercase hex
#: digits (a later version may write more). Plan files are checked with it too.
PLAN_ID_PATTERN = re.compile(r"[0-9a-f]{16,64}")

#: No interview clock runs for a century: more is damage, not time.
MAX_SECONDS = 100 * 365 * 24 * 3600


def session_to_dict(session: Session) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "id": session.id,
        "candidate": session.candidate,
        "role": session.role,
        "interviewer": session.interviewer,
        "status": session.status.value,
        "created_at": to_iso(session.created_at),
        "started_at": to_iso(session.started_at),
        "finished_at": to_iso(session.finished_at),
        "saved_at": to_iso(session.saved_at),
        "time_budget_minutes": session.time_budget_minutes,
        "candidate_present": session.candidate_present,
        "competencies": [
            {
                "competency_id": p.competency_id,
                "target_level": p.target_level,
                "question_ids": list(p.question_ids),
            }
            for p in session.competencies
        ],
        "content": {cid: competency_to_dict(c) for cid, c in session.content.items()},
        "clock": {
            "accumulated_seconds": session.clock.accumulated_seconds,
            "running_since": to_iso(session.clock.running_since),
        },
        "current_index": session.current_index,
        "current_section": _section_value(session.current_section),
        "added_questions": [added_to_dict(a) for a in session.added_questions],
        "stop_budgets": None
        if session.stop_budgets is None
        else [{**stop_to_dict(stop), "seconds": n} for stop, n in session.stop_budgets.items()],
        "time_spent": None
        if session.time_spent is None
        else [{**stop_to_dict(stop), "seconds": n} for stop, n in session.time_spent.items()],
        "stop_entered_seconds": session.stop_entered_seconds,
        "draft": session.draft,
        "events": [event_to_dict(e) for e in session.events],
        "notes": [note_to_dict(n) for n in session.notes],
        "ratings": [rating_to_dict(r) for r in session.ratings],
        "recommendations": [recommendation_to_dict(r) for r in session.recommendations],
        "plan_id": session.plan_id,
    }


def _section_value(section: Section | None) -> str | None:
    return None if section is None else section.value


def stop_to_dict(stop: Stop) -> dict[str, Any]:
    """``{"section": "opening"}`` or ``{"question": {"competency_id": …, "question_id": …}}``."""
    if isinstance(stop, Section):
        return {"section": stop.value}
    return {"question": {"competency_id": stop.competency_id, "question_id": stop.question_id}}


def added_to_dict(added: AddedQuestion) -> dict[str, Any]:
    return {
        "id": added.id,
        "text": added.text,
        "competency_id": added.competency_id,
        "level": added.level,
        "after": stop_to_dict(added.after),
        "created_at": to_iso(added.created_at),
        "elapsed_seconds": added.elapsed_seconds,
    }


class SessionDataError(TuiInterviewError, ValueError):
    """Session data the app could not have written, or could not show. The
    message starts with the field at fault (``notes[2].text: …``)."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def session_from_dict(data: object) -> Session:
    """Build a Session from ``session_to_dict`` output of the current schema.

    This is the one check of stored and imported sessions: every field is
    checked for its type (text is text without lone surrogates, numbers are
    finite, times carry a time zone) and every reference for its target
    (planned questions, ticked probes and behaviours, ratings' levels, the
    content snapshot's keys), so that whatever it accepts can be shown and
    exported. Raises SessionDataError (a ValueError) naming the field."""
    fields = _mapping(data, "session")
    content = _content(fields)
    competencies = [
        _planned(item, f"competencies[{i}]", content)
        for i, item in enumerate(_list(fields, "competencies", ""))
    ]
    if not competencies:
        raise SessionDataError("competencies", "no competency is planned")
    planned_ids = [p.competency_id for p in competencies]
    if len(set(planned_ids)) != len(planned_ids):
        raise SessionDataError("competencies", "a competency is planned twice")
    added_questions, stops = _added_questions(fields, content, competencies)
    plan = {stop for stop in stops if isinstance(stop, QuestionRef)}
    clock_fields = _mapping(_field(fields, "clock", ""), "clock")
    budget = _field(fields, "time_budget_minutes", "")
    if budget is not None and (
        isinstance(budget, bool)
        or not isinstance(budget, int)
        or not 1 <= budget <= MAX_BUDGET_MINUTES
    ):
        raise SessionDataError(
            "time_budget_minutes", f"expected whole minutes from 1 to {MAX_BUDGET_MINUTES}"
        )
    current_index = _integer(fields, "current_index", "")
    if not 0 <= current_index < len(plan):
        raise SessionDataError("current_index", f"question {current_index} is outside the plan")
    current_section = _field(fields, "current_section", "")
    if current_section is not None:
        current_section = _choice(fields, "current_section", "", Section)
    stop_budgets = _stop_seconds(fields, "stop_budgets", stops, whole=True)
    if stop_budgets is not None:
        if budget is None:
            raise SessionDataError("stop_budgets", "shares of a time budget, but there is none")
        if sum(stop_budgets.values()) != budget * 60:
            raise SessionDataError(
                "stop_budgets",
                f"the shares add up to {sum(stop_budgets.values())} s, "
                f"not the budget's {budget * 60} s",
            )
    present = fields.get("candidate_present", True)
    if not isinstance(present, bool):
        raise SessionDataError("candidate_present", "expected true or false")
    return Session(
        id=_text(fields, "id", ""),
        candidate=_text(fields, "candidate", ""),
        role=_text(fields, "role", ""),
        interviewer=_text(fields, "interviewer", ""),
        status=_choice(fields, "status", "", Status),
        created_at=_time(fields, "created_at", ""),
        started_at=_optional_time(fields, "started_at", ""),
        finished_at=_optional_time(fields, "finished_at", ""),
        saved_at=_optional_time(fields, "saved_at", ""),
        time_budget_minutes=budget,
        candidate_present=present,
        competencies=competencies,
        content=content,
        clock=Clock(
            accumulated_seconds=_seconds(clock_fields, "accumulated_seconds", "clock"),
            running_since=_optional_time(clock_fields, "running_since", "clock"),
        ),
        current_index=current_index,
        current_section=current_section,
        added_questions=added_questions,
        stop_budgets=stop_budgets,
        time_spent=_stop_seconds(fields, "time_spent", stops, whole=False),
        stop_entered_seconds=_seconds(fields, "stop_entered_seconds", ""),
        draft=_text(fields, "draft", ""),
        events=[
            _event(item, f"events[{i}]", content, plan, planned_ids)
            for i, item in enumerate(_list(fields, "events", ""))
        ],
        notes=_notes(fields, content, plan),
        ratings=[
            _rating(item, f"ratings[{i}]", content, planned_ids)
            for i, item in enumerate(_list(fields, "ratings", ""))
        ],
        recommendations=_recommendations(fields),
        plan_id=_plan_id(fields),
    )


def _notes(
    fields: dict[str, Any], content: dict[str, Competency], plan: set[QuestionRef]
) -> list[Note]:
    """The notes; each note another one ``contradicts`` is a note of this session."""
    notes = [
        _note(item, f"notes[{i}]", content, plan)
        for i, item in enumerate(_list(fields, "notes", ""))
    ]
    ids = {note.id for note in notes}
    for i, note in enumerate(notes):
        for j, other in enumerate(note.contradicts):
            if other not in ids or other == note.id:
                raise SessionDataError(
                    f"notes[{i}].contradicts[{j}]", f"{other!r} is not another note of this session"
                )
    return notes


def _plan_id(fields: dict[str, Any]) -> str | None:
    """The optional ``plan_id``: missing or null in sessions created before
    plans had ids (no schema change), else hex digits as ``plan_file`` makes."""
    value = fields.get("plan_id")
    if value is None:
        return None
    if not isinstance(value, str) or not PLAN_ID_PATTERN.fullmatch(value):
        raise SessionDataError("plan_id", "expected a plan id (hex digits) or null")
    return value


def _added_questions(
    fields: dict[str, Any], content: dict[str, Competency], competencies: list[PlannedCompetency]
) -> tuple[list[AddedQuestion], list[Stop]]:
    """The added questions, each after a stop that exists before it, and the
    stops they make (as ``Session.stops``)."""
    planned_ids = {p.competency_id for p in competencies}
    stops = planned_stops(competencies)
    added_questions: list[AddedQuestion] = []
    for i, item in enumerate(_list(fields, "added_questions", "")):
        where = f"added_questions[{i}]"
        item_fields = _mapping(item, where)
        added_id = _text(item_fields, "id", where)
        if not added_id.startswith(ADDED_PREFIX) or added_id in {a.id for a in added_questions}:
            raise SessionDataError(
                f"{where}.id", f"{added_id!r} is not a new id starting with {ADDED_PREFIX!r}"
            )
        text = _text(item_fields, "text", where)
        if not text.strip():
            raise SessionDataError(f"{where}.text", "a question needs some text")
        competency_id = _optional_text(item_fields, "competency_id", where)
        level = _field(item_fields, "level", where)
        if competency_id is not None:
            if competency_id not in planned_ids:
                raise SessionDataError(
                    f"{where}.competency_id", f"{competency_id!r} is not planned"
                )
            if added_id in {q.id for q in content[competency_id].questions}:
                raise SessionDataError(
                    f"{where}.id", f"{competency_id} has a question {added_id!r} already"
                )
        if level is not None:
            level = _integer(item_fields, "level", where)
            if competency_id is None or not content[competency_id].has_level(level):
                raise SessionDataError(
                    f"{where}.level", f"{competency_id or 'no competency'} has no level {level}"
                )
        after = _stop(_field(item_fields, "after", where), f"{where}.after", set(stops))
        added = AddedQuestion(
            id=added_id,
            text=text,
            competency_id=competency_id,
            level=level,
            after=after,
            created_at=_time(item_fields, "created_at", where),
            elapsed_seconds=_seconds(item_fields, "elapsed_seconds", where),
        )
        stops.insert(stops.index(after) + 1, added.ref)
        added_questions.append(added)
    return added_questions, stops


def _stop(data: object, where: str, stops: set[Stop]) -> Stop:
    """A stop written by ``stop_to_dict``, which must be one of ``stops``."""
    fields = _mapping(data, where)
    if "section" in fields:
        if "question" in fields:
            raise SessionDataError(where, "a question or a section, not both")
        return _choice(fields, "section", where, Section)
    question_where = f"{where}.question"
    question = _mapping(_field(fields, "question", where), question_where)
    ref = QuestionRef(
        _text(question, "competency_id", question_where),
        _text(question, "question_id", question_where),
    )
    if ref not in stops:
        raise SessionDataError(question_where, f"{ref.key} is not in the plan")
    return ref


def _stop_seconds(
    fields: dict[str, Any], key: str, stops: list[Stop], *, whole: bool
) -> dict[Stop, Any] | None:
    """A list of ``{stop…, "seconds": n}`` as a dict (null stays None)."""
    if _field(fields, key, "") is None:
        return None
    known = set(stops)
    result: dict[Stop, Any] = {}
    for i, item in enumerate(_list(fields, key, "")):
        where = f"{key}[{i}]"
        item_fields = _mapping(item, where)
        stop_fields = {k: v for k, v in item_fields.items() if k != "seconds"}
        stop = _stop(stop_fields, where, known)
        if stop in result:
            raise SessionDataError(where, "this stop is listed twice")
        seconds: float
        if whole:
            seconds = _integer(item_fields, "seconds", where)
            if not 0 <= seconds <= MAX_SECONDS:
                raise SessionDataError(f"{where}.seconds", f"{seconds} is not a number of seconds")
        else:
            seconds = _seconds(item_fields, "seconds", where)
        result[stop] = seconds
    return result


#: Competency snapshots already decoded, by their JSON text: a panel's or a
#: report's hundreds of transcripts mostly carry the same snapshot, and a
#: Competency is immutable, so one object serves them all. The key is the
#: exact JSON text (not ``==``, which takes ``1``, ``1.0`` and ``true`` for one
#: another where the codec does not); writing it costs a third of decoding.
_DECODED: dict[str, Competency] = {}
_DECODED_MAX = 32


def _competency(value: object) -> Competency:
    """``competency_from_dict``, decoded once per distinct snapshot. Raises
    CompetencyDataError (nothing is kept for a snapshot it refuses)."""
    try:
        key = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # not plain JSON data: decode it as it is
        return competency_from_dict(value)
    competency = _DECODED.get(key)
    if competency is None:
        competency = competency_from_dict(value)
        if len(_DECODED) >= _DECODED_MAX:
            _DECODED.clear()
        _DECODED[key] = competency
    return competency


def _content(fields: dict[str, Any]) -> dict[str, Competency]:
    content = {}
    for key, value in _mapping(_field(fields, "content", ""), "content").items():
        where = f"content.{key}"
        _check_text(key, where)
        try:
            competency = _competency(value)
        except CompetencyDataError as error:
            raise SessionDataError(where, str(error)) from None
        if competency.id != key:
            raise SessionDataError(f"{where}.id", f"is {competency.id!r}, not the key {key!r}")
        content[key] = competency
    return content


def _planned(data: object, where: str, content: dict[str, Competency]) -> PlannedCompetency:
    fields = _mapping(data, where)
    competency_id = _text(fields, "competency_id", where)
    competency = content.get(competency_id)
    if competency is None:
        raise SessionDataError(
            f"{where}.competency_id", f"{competency_id!r} is planned but not in the content"
        )
    target = _integer(fields, "target_level", where)
    if not competency.has_level(target):
        raise SessionDataError(f"{where}.target_level", f"{competency_id} has no level {target}")
    question_ids = []
    for i, item in enumerate(_list(fields, "question_ids", where)):
        item_where = f"{where}.question_ids[{i}]"
        _check_text(item, item_where)
        try:
            competency.question(item)
        except KeyError:
            raise SessionDataError(
                item_where, f"{competency_id} has no question {item!r}"
            ) from None
        question_ids.append(item)
    if not question_ids:
        raise SessionDataError(f"{where}.question_ids", f"{competency_id} has no planned question")
    return PlannedCompetency(competency_id, target, question_ids)


def _event(
    data: object,
    where: str,
    content: dict[str, Competency],
    plan: set[QuestionRef],
    planned_ids: list[str],
) -> ChecklistEvent:
    fields = _mapping(data, where)
    kind = _choice(fields, "kind", where, ChecklistKind)
    competency_id = _text(fields, "competency_id", where)
    if competency_id not in planned_ids:
        raise SessionDataError(f"{where}.competency_id", f"{competency_id!r} is not planned")
    competency = content[competency_id]
    item_id = _text(fields, "item_id", where)
    question_id = _optional_text(fields, "question_id", where)
    if kind is ChecklistKind.PROBE:
        ref = QuestionRef(competency_id, question_id or "")
        if ref not in plan:
            raise SessionDataError(f"{where}.question_id", f"{ref.key} is not planned")
        try:
            competency.question(ref.question_id).probe(item_id)
        except KeyError:
            raise SessionDataError(
                f"{where}.item_id", f"{ref.key} has no probe {item_id!r}"
            ) from None
    else:
        try:
            competency.behaviour(item_id)
        except KeyError:
            raise SessionDataError(
                f"{where}.item_id", f"{competency_id} has no behaviour {item_id!r}"
            ) from None
    checked = _field(fields, "checked", where)
    if not isinstance(checked, bool):
        raise SessionDataError(f"{where}.checked", "expected true or false")
    return ChecklistEvent(
        kind=kind,
        competency_id=competency_id,
        item_id=item_id,
        question_id=question_id,
        checked=checked,
        at=_time(fields, "at", where),
        elapsed_seconds=_seconds(fields, "elapsed_seconds", where),
    )


def _note(data: object, where: str, content: dict[str, Competency], plan: set[QuestionRef]) -> Note:
    fields = _mapping(data, where)
    question_where = f"{where}.question"
    question = _field(fields, "question", where)
    section = _field(fields, "section", where)
    ref: QuestionRef | None = None
    if question is not None:
        if section is not None:
            raise SessionDataError(f"{where}.section", "a note with a question has no section")
        question = _mapping(question, question_where)
        ref = QuestionRef(
            _text(question, "competency_id", question_where),
            _text(question, "question_id", question_where),
        )
        if ref not in plan:
            raise SessionDataError(question_where, f"{ref.key} is not planned")
    elif section is None:
        raise SessionDataError(question_where, "a note needs a question or a section")
    else:
        section = _choice(fields, "section", where, Section)
    competency = content.get(ref.competency_id) if ref is not None else None
    known = {b.id for b in competency.behaviours} if competency is not None else set()
    behaviours = _behaviour_ids(fields, "behaviours", where, known)
    # Evidence against and contradictions came later: a note without them
    # (an older session) has none.
    against = _behaviour_ids(fields, "behaviours_against", where, known, default=[])
    both = set(behaviours) & set(against)
    if both:
        raise SessionDataError(
            f"{where}.behaviours_against",
            f"{sorted(both)[0]!r} is linked both for and against",
        )
    contradicts = []
    for i, item in enumerate(_read.list(fields, "contradicts", where, default=[])):
        _check_text(item, f"{where}.contradicts[{i}]")
        contradicts.append(item)
    tags = []
    for i, item in enumerate(_list(fields, "tags", where)):
        if not isinstance(item, str) or item not in Tag.__members__.values():
            raise SessionDataError(f"{where}.tags[{i}]", f"{item!r} is not a tag")
        tags.append(Tag(item))
    history = []
    for i, item in enumerate(_list(fields, "history", where)):
        item_where = f"{where}.history[{i}]"
        revision = _mapping(item, item_where)
        history.append(
            NoteRevision(
                _text(revision, "text", item_where), _time(revision, "saved_at", item_where)
            )
        )
    return Note(
        id=_text(fields, "id", where),
        text=_text(fields, "text", where),
        created_at=_time(fields, "created_at", where),
        elapsed_seconds=_seconds(fields, "elapsed_seconds", where),
        question=ref,
        section=section,
        tags=tuple(tags),
        behaviours=tuple(behaviours),
        history=tuple(history),
        updated_at=_optional_time(fields, "updated_at", where),
        deleted_at=_optional_time(fields, "deleted_at", where),
        behaviours_against=tuple(against),
        contradicts=tuple(contradicts),
    )


def _behaviour_ids(
    fields: dict[str, Any], key: str, where: str, known: set[str], **default: Any
) -> list[str]:
    found: list[str] = []
    for i, item in enumerate(_read.list(fields, key, where, **default)):
        item_where = f"{where}.{key}[{i}]"
        _check_text(item, item_where)
        if item not in known:
            raise SessionDataError(item_where, f"unknown behaviour {item!r}")
        if item in found:
            raise SessionDataError(item_where, f"behaviour {item!r} is listed twice")
        found.append(item)
    return found


def _rating(
    data: object, where: str, content: dict[str, Competency], planned_ids: list[str]
) -> Rating:
    fields = _mapping(data, where)
    competency_id = _text(fields, "competency_id", where)
    if competency_id not in planned_ids:
        raise SessionDataError(f"{where}.competency_id", f"{competency_id!r} is not planned")
    competency = content[competency_id]
    scale = {0, *competency.level_numbers}
    level = _integer(fields, "level", where)
    if level not in scale:
        raise SessionDataError(f"{where}.level", f"{competency_id} has no level {level}")
    suggested = _field(fields, "suggested_level", where)
    if suggested is not None:
        suggested = _integer(fields, "suggested_level", where)
        if suggested not in scale:
            raise SessionDataError(
                f"{where}.suggested_level", f"{competency_id} has no level {suggested}"
            )
    revision = _integer(fields, "revision", where)
    if revision < 1:
        raise SessionDataError(f"{where}.revision", "expected a whole number from 1")
    return Rating(
        competency_id=competency_id,
        level=level,
        rationale=_text(fields, "rationale", where),
        submitted_at=_time(fields, "submitted_at", where),
        revision=revision,
        reason=_optional_text(fields, "reason", where),
        suggested_level=suggested,
        suggestion=_text(fields, "suggestion", where),
    )


def _recommendations(fields: dict[str, Any]) -> list[Recommendation]:
    """The overall recommendation's revisions; optional (sessions saved
    before it existed have none). Revisions count 1, 2, 3, … in order, and
    every one after the first gives its reason."""
    if "recommendations" not in fields:
        return []
    revisions = []
    for i, item in enumerate(_list(fields, "recommendations", "")):
        where = f"recommendations[{i}]"
        data = _mapping(item, where)
        revision = _integer(data, "revision", where)
        if revision != i + 1:
            raise SessionDataError(f"{where}.revision", f"expected {i + 1}, got {revision}")
        rationale = _text(data, "rationale", where)
        if not rationale.strip():
            raise SessionDataError(f"{where}.rationale", "is empty")
        reason = _optional_text(data, "reason", where)
        if revision > 1 and (reason is None or not reason.strip()):
            raise SessionDataError(f"{where}.reason", "a changed recommendation needs a reason")
        revisions.append(
            Recommendation(
                value=_choice(data, "value", where, Verdict),
                rationale=rationale,
                submitted_at=_time(data, "submitted_at", where),
                strengths=_text(data, "strengths", where),
                concerns=_text(data, "concerns", where),
                revision=revision,
                reason=reason,
            )
        )
    return revisions


# -- checked fields -------------------------------------------------------------

_read = FieldReader(SessionDataError)
_name = field_name
_type = type_name
_mapping = _read.mapping
_check_text = _read.check_text
_text = _read.text
_integer = _read.integer


def _field(fields: dict[str, Any], key: str, where: str) -> Any:
    return _read.field(fields, key, where)


def _list(fields: dict[str, Any], key: str, where: str) -> list[Any]:
    return _read.list(fields, key, where)  # type: ignore[no-any-return]


def _optional_text(fields: dict[str, Any], key: str, where: str) -> str | None:
    return _read.optional_text(fields, key, where)


def _seconds(fields: dict[str, Any], key: str, where: str) -> float:
    value = _field(fields, key, where)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SessionDataError(_name(key, where), f"expected seconds, got {_type(value)}")
    try:
        seconds = float(value)
    except OverflowError:
        seconds = math.inf
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_SECONDS:
        raise SessionDataError(_name(key, where), f"{value!r} is not a number of seconds")
    return seconds


def _choice(fields: dict[str, Any], key: str, where: str, kind: type[E]) -> E:
    value = _field(fields, key, where)
    if not isinstance(value, str) or value not in kind.__members__.values():
        choices = ", ".join(repr(member.value) for member in kind)
        raise SessionDataError(_name(key, where), f"{value!r} is not one of {choices}")
    return kind(value)


def _time(fields: dict[str, Any], key: str, where: str) -> datetime:
    moment = _optional_time(fields, key, where)
    if moment is None:
        raise SessionDataError(_name(key, where), "missing time")
    return moment


def _optional_time(fields: dict[str, Any], key: str, where: str) -> datetime | None:
    value = _field(fields, key, where)
    if value is None:
        return None
    name = _name(key, where)
    _check_text(value, name)
    try:
        moment: datetime | None = from_iso(value)
        if moment is not None:
            # Every time must be shown in its own zone and in UTC.
            moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise SessionDataError(name, f"{value!r} is not a time with a time zone") from None
    return moment


def note_to_dict(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text,
        "created_at": to_iso(note.created_at),
        "elapsed_seconds": note.elapsed_seconds,
        "question": None
        if note.question is None
        else {
            "competency_id": note.question.competency_id,
            "question_id": note.question.question_id,
        },
        "section": _section_value(note.section),
        "tags": [tag.value for tag in note.tags],
        "behaviours": list(note.behaviours),
        "behaviours_against": list(note.behaviours_against),
        "contradicts": list(note.contradicts),
        "history": [{"text": r.text, "saved_at": to_iso(r.saved_at)} for r in note.history],
        "updated_at": to_iso(note.updated_at),
        "deleted_at": to_iso(note.deleted_at),
    }


def event_to_dict(event: ChecklistEvent) -> dict[str, Any]:
    return {
        "kind": event.kind.value,
        "competency_id": event.competency_id,
        "item_id": event.item_id,
        "question_id": event.question_id,
        "checked": event.checked,
        "at": to_iso(event.at),
        "elapsed_seconds": event.elapsed_seconds,
    }


def rating_to_dict(rating: Rating) -> dict[str, Any]:
    return {
        "competency_id": rating.competency_id,
        "level": rating.level,
        "rationale": rating.rationale,
        "submitted_at": to_iso(rating.submitted_at),
        "revision": rating.revision,
        "reason": rating.reason,
        "suggested_level": rating.suggested_level,
        "suggestion": rating.suggestion,
    }


def recommendation_to_dict(recommendation: Recommendation) -> dict[str, Any]:
    return {
        "value": recommendation.value.value,
        "rationale": recommendation.rationale,
        "strengths": recommendation.strengths,
        "concerns": recommendation.concerns,
        "submitted_at": to_iso(recommendation.submitted_at),
        "revision": recommendation.revision,
        "reason": recommendation.reason,
    }
