"""Lossless conversion between a Session and plain JSON-able data.

Storage and the JSON export both use this one codec, so what is stored and
what is exported cannot drift apart. ``session_from_dict(session_to_dict(s))``
equals ``s``.
"""

from __future__ import annotations

import math
from typing import Any

from tui_interview.domain.competency_codec import competency_from_dict, competency_to_dict
from tui_interview.domain.session import (
    ChecklistEvent,
    ChecklistKind,
    Clock,
    Note,
    NoteRevision,
    PlannedCompetency,
    QuestionRef,
    Rating,
    Session,
    Status,
    Tag,
)
from tui_interview.domain.timeutil import from_iso, to_iso
from tui_interview.domain.vocabulary import MAX_BUDGET_MINUTES, SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "session_from_dict", "session_to_dict"]


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
        "draft": session.draft,
        "events": [event_to_dict(e) for e in session.events],
        "notes": [note_to_dict(n) for n in session.notes],
        "ratings": [rating_to_dict(r) for r in session.ratings],
    }


def session_from_dict(data: dict[str, Any]) -> Session:
    """Build a Session from ``session_to_dict`` output of the current schema.
    Raises KeyError, TypeError or ValueError on malformed data, including data
    that has the right shape but could not have been made by the app."""
    clock = data["clock"]
    session = Session(
        id=data["id"],
        candidate=data["candidate"],
        role=data["role"],
        interviewer=data["interviewer"],
        status=Status(data["status"]),
        created_at=_time(data["created_at"]),
        started_at=from_iso(data["started_at"]),
        finished_at=from_iso(data["finished_at"]),
        saved_at=from_iso(data["saved_at"]),
        time_budget_minutes=data["time_budget_minutes"],
        candidate_present=_boolean(data.get("candidate_present", True), "candidate_present"),
        competencies=[
            PlannedCompetency(
                competency_id=p["competency_id"],
                target_level=int(p["target_level"]),
                question_ids=list(p["question_ids"]),
            )
            for p in data["competencies"]
        ],
        content={cid: competency_from_dict(c) for cid, c in data["content"].items()},
        clock=Clock(
            accumulated_seconds=float(clock["accumulated_seconds"]),
            running_since=from_iso(clock["running_since"]),
        ),
        current_index=int(data["current_index"]),
        draft=data["draft"],
        events=[event_from_dict(e) for e in data["events"]],
        notes=[note_from_dict(n) for n in data["notes"]],
        ratings=[rating_from_dict(r) for r in data["ratings"]],
    )
    check_session(session)
    return session


def check_session(session: Session) -> None:
    """Refuse a session the screens could not show. Raises ValueError."""
    problems = session_problems(session)
    if problems:
        raise ValueError("the session does not hang together: " + "; ".join(problems))


def session_problems(session: Session) -> list[str]:
    """Text fields that are not text, references that point nowhere (planned
    competencies and questions missing from the content snapshot, notes and
    ratings of unplanned competencies or questions, links to unknown
    behaviours), and numbers out of range (target levels, the current
    question, the time budget, elapsed seconds)."""
    problems = [
        f"{name} is not text"
        for name, value in [
            ("id", session.id),
            ("candidate", session.candidate),
            ("role", session.role),
            ("interviewer", session.interviewer),
            ("draft", session.draft),
        ]
        + [(f"note {note.id}", note.text) for note in session.notes]
        if not isinstance(value, str)
    ]
    if problems:
        return problems
    for planned in session.competencies:
        competency = session.content.get(planned.competency_id)
        if competency is None:
            problems.append(f"competency {planned.competency_id!r} is planned but not included")
            continue
        for question_id in planned.question_ids:
            try:
                competency.question(question_id)
            except KeyError:
                problems.append(f"{planned.competency_id} has no question {question_id!r}")
        if not competency.has_level(planned.target_level):
            problems.append(f"{competency.id} has no level {planned.target_level}")
        if not planned.question_ids:
            problems.append(f"{planned.competency_id} has no planned question")
    if not session.competencies:
        problems.append("no competency is planned")
    if problems:
        return problems
    if not 0 <= session.current_index < len(session.plan):
        problems.append(f"current question {session.current_index} is outside the plan")
    budget = session.time_budget_minutes
    if budget is not None and (
        isinstance(budget, bool)
        or not isinstance(budget, int)
        or not 1 <= budget <= MAX_BUDGET_MINUTES
    ):
        problems.append(f"the time budget is not whole minutes from 1 to {MAX_BUDGET_MINUTES}")
    seconds = [session.clock.accumulated_seconds]
    seconds += [note.elapsed_seconds for note in session.notes]
    seconds += [event.elapsed_seconds for event in session.events]
    if not all(math.isfinite(value) and value >= 0 for value in seconds):
        problems.append("an elapsed time is not a finite, positive number of seconds")
    plan = set(session.plan)
    for note in session.notes:
        if note.question not in plan:
            problems.append(f"note {note.id} is about {note.question.key}, which is not planned")
            continue
        competency = session.content[note.question.competency_id]
        known = {b.id for b in competency.behaviours}
        problems += [
            f"note {note.id} links to unknown behaviour {b!r}"
            for b in note.behaviours
            if b not in known
        ]
    planned_ids = {p.competency_id for p in session.competencies}
    problems += [
        f"a rating is for {r.competency_id!r}, which is not planned"
        for r in session.ratings
        if r.competency_id not in planned_ids
    ]
    return problems


def _boolean(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name}: expected true or false")
    return value


def _time(text: str):
    moment = from_iso(text)
    if moment is None:
        raise ValueError("missing time")
    return moment


def note_to_dict(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text,
        "created_at": to_iso(note.created_at),
        "elapsed_seconds": note.elapsed_seconds,
        "question": {
            "competency_id": note.question.competency_id,
            "question_id": note.question.question_id,
        },
        "tags": [tag.value for tag in note.tags],
        "behaviours": list(note.behaviours),
        "history": [{"text": r.text, "saved_at": to_iso(r.saved_at)} for r in note.history],
        "updated_at": to_iso(note.updated_at),
        "deleted_at": to_iso(note.deleted_at),
    }


def note_from_dict(data: dict[str, Any]) -> Note:
    question = data["question"]
    return Note(
        id=data["id"],
        text=data["text"],
        created_at=_time(data["created_at"]),
        elapsed_seconds=float(data["elapsed_seconds"]),
        question=QuestionRef(question["competency_id"], question["question_id"]),
        tags=tuple(Tag(tag) for tag in data["tags"]),
        behaviours=tuple(data["behaviours"]),
        history=tuple(NoteRevision(r["text"], _time(r["saved_at"])) for r in data["history"]),
        updated_at=from_iso(data["updated_at"]),
        deleted_at=from_iso(data["deleted_at"]),
    )


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


def event_from_dict(data: dict[str, Any]) -> ChecklistEvent:
    return ChecklistEvent(
        kind=ChecklistKind(data["kind"]),
        competency_id=data["competency_id"],
        item_id=data["item_id"],
        question_id=data["question_id"],
        checked=bool(data["checked"]),
        at=_time(data["at"]),
        elapsed_seconds=float(data["elapsed_seconds"]),
    )


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


def rating_from_dict(data: dict[str, Any]) -> Rating:
    return Rating(
        competency_id=data["competency_id"],
        level=int(data["level"]),
        rationale=data["rationale"],
        submitted_at=_time(data["submitted_at"]),
        revision=int(data["revision"]),
        reason=data["reason"],
        suggested_level=data["suggested_level"],
        suggestion=data["suggestion"],
    )
