"""Planning a new interview: the form's rules and the session they make.

What the new-interview form (or ``tui-interview new``) gives is checked here
and turned into a ``Session`` (``plan_session``, ``plan_and_store``); a plan's
identity (``plan_of``, ``plan_id``) is defined here too, so every interview
records the plan it asks. ``TimePlan`` is the form's time plan: the budget
split equally across the interview's parts, around the minutes typed for some.
Plan files (``domain.plan_file``) build on this module, never the reverse.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NotRequired, Protocol, TypedDict, Unpack

from tui_interview.domain.competency import Competency
from tui_interview.domain.competency_codec import competency_to_dict
from tui_interview.domain.pacing import BudgetError, budget_shares, split_budget
from tui_interview.domain.search import fold
from tui_interview.domain.session import PlannedCompetency, Session, Stop, planned_stops
from tui_interview.domain.session_codec import stop_to_dict
from tui_interview.domain.vocabulary import MAX_BUDGET_MINUTES
from tui_interview.errors import TuiInterviewError


@dataclass(frozen=True)
class CompetencyChoice:
    """One competency picked for a new interview."""

    competency: Competency
    target_level: int
    #: Question ids in order; ``None`` means the target level's questions.
    question_ids: Sequence[str] | None = None


class PlanError(TuiInterviewError, ValueError):
    """The new-interview form has mistakes: ``errors`` maps field -> message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def plan_session(
    *,
    session_id: str,
    candidate: str,
    role: str,
    interviewer: str,
    choices: Sequence[CompetencyChoice],
    now: datetime,
    time_budget_minutes: int | None = None,
    stop_budgets: Mapping[Stop, int] | None = None,
) -> Session:
    """Check the new-interview form and build the session it describes.

    With a time budget, each stop (``planned_stops``) gets a share of it:
    ``stop_budgets`` fixes some shares (seconds), the rest split what is left
    equally (``pacing.split_budget``). Shares that cannot add up to the budget
    are an error under ``"budget"``."""
    errors: dict[str, str] = {}
    if not candidate.strip():
        errors["candidate"] = "The candidate's name is required."
    if not choices:
        errors["competencies"] = "Pick at least one competency."
    if time_budget_minutes is not None and not 1 <= time_budget_minutes <= MAX_BUDGET_MINUTES:
        errors["budget"] = f"The time budget is a number of minutes from 1 to {MAX_BUDGET_MINUTES}."
    planned: list[PlannedCompetency] = []
    seen: set[str] = set()
    for choice in choices:
        competency = choice.competency
        key = f"level:{competency.id}"
        if competency.id in seen:
            errors[f"competency:{competency.id}"] = f"{competency.name} is picked twice."
            continue
        seen.add(competency.id)
        if not competency.has_level(choice.target_level):
            levels = ", ".join(str(n) for n in competency.level_numbers)
            errors[key] = f"{competency.name} has levels {levels}; not {choice.target_level}."
            continue
        if choice.question_ids is None:
            ids = [q.id for q in competency.level(choice.target_level).questions]
        else:
            ids = list(dict.fromkeys(choice.question_ids))
            unknown = [qid for qid in ids if qid not in {q.id for q in competency.questions}]
            if unknown:
                errors[f"questions:{competency.id}"] = f"Unknown questions: {', '.join(unknown)}."
                continue
        if not ids:
            errors[f"questions:{competency.id}"] = (
                f"{competency.name} has no questions at level {choice.target_level}; "
                "add questions from another level."
            )
            continue
        planned.append(PlannedCompetency(competency.id, choice.target_level, ids))
    shares = None
    if time_budget_minutes is not None and "budget" not in errors:
        try:
            shares = split_budget(planned_stops(planned), time_budget_minutes, stop_budgets)
        except BudgetError as error:
            errors["budget"] = f"{str(error)[0].upper()}{str(error)[1:]}."
    elif stop_budgets:
        errors["budget"] = "Shares of the time need a time budget."
    if errors:
        raise PlanError(errors)
    session = Session(
        id=session_id,
        candidate=candidate.strip(),
        role=role.strip(),
        interviewer=interviewer.strip(),
        created_at=now,
        saved_at=now,
        competencies=planned,
        content={c.competency.id: c.competency for c in choices},
        time_budget_minutes=time_budget_minutes,
        stop_budgets=shares,
    )
    # Every interview records the id of its own plan, so interviews planned
    # alike match whether or not they came from one plan file.
    session.plan_id = plan_id(plan_of(session))
    return session


class SessionCreator(Protocol):
    """Where a new interview is stored (``storage.SessionStore``)."""

    def new_id(self) -> str: ...

    def create(self, session: Session) -> None: ...


class NewInterviewForm(TypedDict):
    """What the new-interview form (or ``tui-interview new``) says; the
    keyword arguments of ``plan_session`` besides the id and the time."""

    candidate: str
    role: str
    interviewer: str
    choices: Sequence[CompetencyChoice]
    time_budget_minutes: NotRequired[int | None]
    stop_budgets: NotRequired[Mapping[Stop, int] | None]


def plan_and_store(
    store: SessionCreator,
    *,
    now: datetime,
    form_errors: Mapping[str, str] | None = None,
    **form: Unpack[NewInterviewForm],
) -> Session:
    """Plan a new interview (``plan_session``) under a fresh id and store it
    durably: what both the new-interview screen and ``tui-interview new`` do.

    ``form_errors`` are mistakes the caller found itself (a budget that is not
    a number): they are reported with the plan's own, and nothing is stored
    while there are any. Raises PlanError, or the store's error (nothing stored)."""
    try:
        session = plan_session(session_id=store.new_id(), now=now, **form)
    except PlanError as error:
        raise PlanError({**error.errors, **(form_errors or {})}) from None
    if form_errors:
        raise PlanError(dict(form_errors))
    store.create(session)
    return session


def plan_stops(choices: Sequence[CompetencyChoice]) -> list[Stop]:
    """The stops a new interview with ``choices`` will have (for the form's
    budget split), without checking the choices (``plan_session`` does)."""
    planned = []
    for choice in choices:
        competency = choice.competency
        if choice.question_ids is not None:
            ids = list(dict.fromkeys(choice.question_ids))
        elif competency.has_level(choice.target_level):
            ids = [q.id for q in competency.level(choice.target_level).questions]
        else:
            ids = []
        planned.append(PlannedCompetency(competency.id, choice.target_level, ids))
    return planned_stops(planned)


def plan_of(session: Session) -> dict[str, Any]:
    """The plan of ``session`` as plain JSON-able data (no id)."""
    shares = budget_shares(session)
    return {
        "competencies": [
            {
                "competency_id": planned.competency_id,
                "target_level": planned.target_level,
                "question_ids": list(planned.question_ids),
            }
            for planned in session.competencies
        ],
        "time_budget_minutes": session.time_budget_minutes,
        "stops": [
            {**stop_to_dict(stop), "seconds": shares.get(stop)} for stop in session.planned_stops
        ],
        "content": {
            planned.competency_id: competency_to_dict(session.content[planned.competency_id])
            for planned in session.competencies
        },
    }


def plan_id(plan: dict[str, Any]) -> str:
    """The id of ``plan`` (``plan_of`` output): the first 16 hex digits of the
    SHA-256 of its canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(plan, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


# -- the form's time plan ------------------------------------------------------

BUDGET_FORMAT_ERROR = "Give the time budget as whole minutes, e.g. 45, or leave it empty."
SHARE_FORMAT_ERROR = "Give each part's time as minutes, e.g. 5 or 2.5, or leave it empty."


def parse_budget(text: str) -> int | None:
    """Minutes typed in the budget field; ``None`` when empty.

    Raises ValueError for anything but a whole number (the range is checked by
    ``plan_session``)."""
    text = text.strip()
    return int(text) if text else None


def parse_share(text: str) -> int | None:
    """Minutes typed for one part of the time plan, as seconds; ``None`` when
    empty. Raises ValueError for anything but a number of minutes."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    minutes = float(text)
    if not minutes >= 0 or minutes == float("inf"):
        raise ValueError(text)
    return round(minutes * 60)


def share_text(seconds: int) -> str:
    """A share in minutes as the time plan shows it: ``5``, ``3.2``."""
    return str(seconds // 60) if seconds % 60 == 0 else f"{seconds / 60:.1f}"


@dataclass
class TimePlan:
    """The new-interview form's time plan: which parts' minutes were typed,
    and what each part is shown.

    A part whose minutes are typed keeps them; the others share what is left
    of the budget equally (``pacing.split_budget``, as ``plan_session`` does).
    The form writes the shares it works out into the fields itself; each such
    write comes back later as a change of the field, so the writes not yet
    come back are kept (``wrote``) and ``typed`` tells them from the
    interviewer's own typing, however many writes are on their way."""

    #: Parts whose minutes were typed: stop -> seconds.
    fixed: dict[Stop, int] = field(default_factory=dict)
    #: What is wrong with the share typed last ("" when nothing).
    problem: str = ""
    #: By field: the texts the form wrote that have not come back yet, oldest first.
    _pending: dict[str, list[str]] = field(default_factory=dict)

    def fixed_among(self, stops: Sequence[Stop]) -> dict[Stop, int]:
        """The typed shares of the parts still planned."""
        return {stop: seconds for stop, seconds in self.fixed.items() if stop in stops}

    def shares(self, stops: Sequence[Stop], budget: int | None) -> dict[Stop, int] | None:
        """Each part's seconds under ``budget``; None without a budget or
        when the typed shares cannot add up to it."""
        if budget is None:
            return None
        try:
            return split_budget(stops, budget, self.fixed_among(stops))
        except BudgetError:
            return None

    def shown(self, stops: Sequence[Stop], budget: int | None) -> dict[Stop, str]:
        """The text each part not typed shows: its minutes, or ``?`` when the
        shares cannot add up."""
        shares = self.shares(stops, budget)
        return {
            stop: share_text(shares[stop]) if shares is not None else "?"
            for stop in stops
            if stop not in self.fixed
        }

    def wrote(self, key: str, text: str) -> None:
        """The form wrote ``text`` into the share field ``key``."""
        self._pending.setdefault(key, []).append(text)

    def forget_writes(self) -> None:
        """The share fields were made anew: no write of the old ones comes back."""
        self._pending.clear()

    def typed(self, key: str, stop: Stop, text: str) -> bool:
        """The share field ``key`` (of ``stop``) changed to ``text``. A write
        of the form's coming back is passed by (False); anything else was
        typed: its minutes fix the part's share, or clear it when empty, or
        set ``problem`` when they are not minutes (True)."""
        pending = self._pending.get(key, [])
        if text in pending:
            del pending[: pending.index(text) + 1]
            return False
        try:
            seconds = parse_share(text)
        except ValueError:
            self.problem = SHARE_FORMAT_ERROR
            return True
        self.problem = ""
        if seconds is None:
            self.fixed.pop(stop, None)
        else:
            self.fixed[stop] = seconds
        return True

    def budget_and_errors(self, budget_text: str) -> tuple[int | None, dict[str, str]]:
        """The budget typed (None if none or unreadable) and what is wrong
        with it or with the shares typed, under ``"budget"``."""
        errors: dict[str, str] = {}
        budget: int | None
        try:
            budget = parse_budget(budget_text)
        except ValueError:
            budget = None
            errors["budget"] = BUDGET_FORMAT_ERROR
        if self.problem:
            errors.setdefault("budget", self.problem)
        return budget, errors


#: Intermediate: the level most interviews are planned at.
USUAL_TARGET_LEVEL = 3


def competency_haystack(competency: Competency) -> str:
    """What the competency filter searches: name, id and description."""
    return fold(f"{competency.name}\n{competency.id}\n{competency.description}")


def default_target_level(competency: Competency) -> int:
    """The highest level up to Intermediate (3) that has questions; failing
    that the lowest level with questions; failing that the lowest level."""
    with_questions = [level.number for level in competency.levels if level.questions]
    candidates = with_questions or list(competency.level_numbers)
    up_to_usual = [n for n in candidates if n <= USUAL_TARGET_LEVEL]
    return max(up_to_usual) if up_to_usual else min(candidates)
