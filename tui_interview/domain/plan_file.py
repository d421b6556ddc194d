"""An interview's plan, as a file every member of a panel can start from.

The plan is what makes interviews comparable: the competencies and their
target levels, the questions in order (with the opening and closing sections
around them, as ``Session.planned_stops``), the time budget and its split over
those stops, and a snapshot of the competencies used. It holds no candidate,
interviewer or role, and none of what happened in an interview (added
questions are not part of it).

``plan_id(plan)`` is the first 16 hex digits of the SHA-256 of the plan's
canonical JSON, so the same plan always gets the same id, whoever wrote it.
Every new session records the id of its own plan (``Session.plan_id``, set by
``planning.plan_session``): an interview started from a plan file gets that
file's id, and two interviewers who each pick the same questions, levels,
budget split and content get the same id too.

A plan file is untrusted input: ``read_plan`` parses it with ``strict_json``
and checks every field, raising ``PlanFileError`` that names the field.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tui_interview.domain import strict_json
from tui_interview.domain.competency import Competency
from tui_interview.domain.competency_codec import (
    CompetencyDataError,
    competency_from_dict,
)
from tui_interview.domain.fields import FieldReader
from tui_interview.domain.planning import (
    CompetencyChoice,
    SessionCreator,
    plan_id,
    plan_of,
    plan_session,
)
from tui_interview.domain.session import QuestionRef, Section, Session, Stop, planned_stops
from tui_interview.domain.session_codec import PLAN_ID_PATTERN, stop_to_dict
from tui_interview.domain.vocabulary import MAX_BUDGET_MINUTES
from tui_interview.errors import TuiInterviewError

__all__ = [
    "FORMAT",
    "MAX_PLAN_BYTES",
    "PLAN_ID_PATTERN",
    "VERSION",
    "PlanFileError",
    "plan_document",
    "read_plan",
    "render_plan",
    "session_from_plan",
    "store_from_plan",
]

#: The value of a plan file's ``format`` member.
FORMAT = "tui-interview-plan"
#: The plan file version this app writes and reads.
VERSION = 1
#: A plan is content and a list of stops: far below this. Bigger is refused
#: before it is parsed.
MAX_PLAN_BYTES = 8 * 1024 * 1024


class PlanFileError(TuiInterviewError, ValueError):
    """A plan file this version cannot use. The message starts with the field
    at fault (``plan.competencies[0].target_level: …``) when there is one."""


def plan_document(session: Session) -> dict[str, Any]:
    """The plan file's content for ``session``."""
    plan = plan_of(session)
    return {"format": FORMAT, "version": VERSION, "plan_id": plan_id(plan), "plan": plan}


def render_plan(session: Session) -> str:
    """The plan file of ``session`` as text."""
    return json.dumps(plan_document(session), indent=2, ensure_ascii=False) + "\n"


def read_plan(text: str | bytes) -> tuple[str, dict[str, Any]]:
    """The id and the plan of a plan file's text, after checking the envelope
    (format, version, the id matches the plan). The plan itself is checked
    by ``session_from_plan``. Raises PlanFileError."""
    if len(text) > MAX_PLAN_BYTES:
        raise PlanFileError(
            f"the file is larger than a plan can be ({MAX_PLAN_BYTES // (1024 * 1024)} MiB)"
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanFileError("not a plan file (not UTF-8 text)") from None
    try:
        data = strict_json.loads(text)
    except ValueError as error:
        raise PlanFileError(f"not a plan file (not valid JSON: {error})") from None
    if not isinstance(data, dict):
        raise PlanFileError("not a plan file (expected a JSON object)")
    if data.get("format") != FORMAT:
        raise PlanFileError(f"format: not a plan file (expected format {FORMAT!r})")
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        raise PlanFileError(
            f"version: this app reads plan files of version {VERSION}, "
            f"not {json.dumps(version)[:40]}"
        )
    written_id = data.get("plan_id")
    if not isinstance(written_id, str) or not PLAN_ID_PATTERN.fullmatch(written_id):
        raise PlanFileError("plan_id: expected 16 hex digits")
    plan = data.get("plan")
    if not isinstance(plan, dict):
        raise PlanFileError("plan: expected an object")
    actual = plan_id(plan)
    if actual != written_id:
        raise PlanFileError(
            f"plan_id: is {written_id}, but the plan in the file has the id {actual}: "
            "the plan was changed after it was written; write it again with tui-interview plan"
        )
    return written_id, plan


def session_from_plan(
    plan: dict[str, Any],
    *,
    candidate: str,
    interviewer: str,
    now: datetime,
    session_id: str,
    role: str = "",
) -> Session:
    """A new session that asks what ``plan`` plans (checked field by field,
    PlanFileError naming the field), for ``candidate``. Its ``plan_id`` is the
    plan's id. The candidate and the other form fields are checked as the
    new-interview form checks them (``planning.PlanError``)."""
    content = _content(plan)
    competencies = _list(plan, "competencies", "plan")
    if not competencies:
        raise PlanFileError("plan.competencies: no competency is planned")
    choices: list[CompetencyChoice] = []
    for i, item in enumerate(competencies):
        where = f"plan.competencies[{i}]"
        fields = _mapping(item, where)
        competency_id = _text(fields, "competency_id", where)
        competency = content.get(competency_id)
        if competency is None:
            raise PlanFileError(
                f"{where}.competency_id: {competency_id!r} is not in the plan's content"
            )
        if any(choice.competency.id == competency_id for choice in choices):
            raise PlanFileError(f"{where}.competency_id: {competency_id!r} is planned twice")
        target = _integer(fields, "target_level", where)
        if not competency.has_level(target):
            raise PlanFileError(f"{where}.target_level: {competency_id} has no level {target}")
        question_ids = [
            _check_text(qid, f"{where}.question_ids[{j}]")
            for j, qid in enumerate(_list(fields, "question_ids", where))
        ]
        if not question_ids:
            raise PlanFileError(f"{where}.question_ids: {competency_id} has no planned question")
        for j, qid in enumerate(question_ids):
            if qid not in {q.id for q in competency.questions}:
                raise PlanFileError(
                    f"{where}.question_ids[{j}]: {competency_id} has no question {qid!r}"
                )
        if len(set(question_ids)) != len(question_ids):
            raise PlanFileError(f"{where}.question_ids: a question is planned twice")
        choices.append(CompetencyChoice(competency, target, question_ids))
    if set(content) != {choice.competency.id for choice in choices}:
        extra = sorted(set(content) - {choice.competency.id for choice in choices})
        raise PlanFileError(f"plan.content: holds competencies not planned: {', '.join(extra)}")
    budget = _budget(plan)
    stop_budgets = _stops(plan, choices, budget)
    session = plan_session(
        session_id=session_id,
        candidate=candidate,
        role=role,
        interviewer=interviewer,
        choices=choices,
        now=now,
        time_budget_minutes=budget,
        stop_budgets=stop_budgets,
    )
    if session.plan_id != plan_id(plan):
        # Every field was checked above, so this would be a bug; say so
        # rather than record an interview under another plan's id.
        raise PlanFileError("plan: the interview made from it would not have the same plan")
    return session


def store_from_plan(
    store: SessionCreator,
    plan: dict[str, Any],
    *,
    candidate: str,
    interviewer: str,
    now: datetime,
    role: str = "",
) -> Session:
    """``session_from_plan`` under a fresh id, stored durably (as
    ``planning.plan_and_store`` does for the form). Raises PlanFileError,
    PlanError or the store's error; nothing is stored after an error."""
    session = session_from_plan(
        plan,
        candidate=candidate,
        interviewer=interviewer,
        now=now,
        session_id=store.new_id(),
        role=role,
    )
    store.create(session)
    return session


def _content(plan: dict[str, Any]) -> dict[str, Competency]:
    content: dict[str, Competency] = {}
    for key, value in _mapping(plan.get("content"), "plan.content").items():
        where = f"plan.content.{_shown(key)}"
        try:
            competency = competency_from_dict(value)
        except CompetencyDataError as error:
            raise PlanFileError(f"{where}: {error}") from None
        if competency.id != key:
            raise PlanFileError(f"{where}.id: is {competency.id!r}, not the key {key!r}")
        content[key] = competency
    return content


def _budget(plan: dict[str, Any]) -> int | None:
    if "time_budget_minutes" not in plan:
        raise PlanFileError("plan.time_budget_minutes: missing (null for no budget)")
    budget = plan["time_budget_minutes"]
    if budget is None:
        return None
    budget = _READ.check_whole(budget, "plan.time_budget_minutes")
    if not 1 <= budget <= MAX_BUDGET_MINUTES:
        raise PlanFileError(
            f"plan.time_budget_minutes: expected whole minutes from 1 to {MAX_BUDGET_MINUTES}"
        )
    return budget


def _stops(plan: dict[str, Any], choices: list[Any], budget: int | None) -> dict[Stop, int] | None:
    """The stops, which must be those the competencies make, in that order;
    their seconds are the budget's split (all null without a budget)."""
    from tui_interview.domain.session import PlannedCompetency

    expected = planned_stops(
        PlannedCompetency(c.competency.id, c.target_level, list(c.question_ids)) for c in choices
    )
    items = _list(plan, "stops", "plan")
    if len(items) != len(expected):
        raise PlanFileError(
            f"plan.stops: expected {len(expected)} stops (the sections and the planned "
            f"questions in order), not {len(items)}"
        )
    shares: dict[Stop, int] = {}
    for i, (item, stop) in enumerate(zip(items, expected, strict=True)):
        where = f"plan.stops[{i}]"
        fields = _mapping(item, where)
        if {k: v for k, v in fields.items() if k != "seconds"} != stop_to_dict(stop):
            raise PlanFileError(f"{where}: expected {_describe(stop)} here")
        seconds = fields.get("seconds")
        if budget is None:
            if seconds is not None:
                raise PlanFileError(f"{where}.seconds: a share of a time budget, but there is none")
            continue
        shares[stop] = _READ.count(fields, "seconds", where)
    if budget is not None and sum(shares.values()) != budget * 60:
        raise PlanFileError(
            f"plan.stops: the shares add up to {sum(shares.values())} s, "
            f"not the budget's {budget * 60} s"
        )
    return shares if budget is not None else None


def _describe(stop: Stop) -> str:
    if isinstance(stop, Section):
        return f"the section {stop.value}"
    assert isinstance(stop, QuestionRef)
    return f"the question {stop.key}"


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


#: The one strict reader (domain/fields.py): the same limits (2**53, no
#: lone surrogates) and words as session files, snapshots and index entries.
_READ = FieldReader(lambda field, problem: PlanFileError(f"{field}: {problem}"))
_mapping = _READ.mapping
_check_text = _READ.check_text
_text = _READ.text
_integer = _READ.integer


def _list(fields: dict[str, Any], key: str, where: str) -> list[Any]:
    items: list[Any] = _READ.list(fields, key, where)
    return items
