"""The index's line for each session (``SessionSummary``): made from a
session (``summarise``) and read back from an index entry, every field
checked, since the index is untrusted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui_interview.domain.fields import FieldReader
from tui_interview.domain.timeutil import from_iso, to_iso
from tui_interview.domain.vocabulary import Status
from tui_interview.storage.index import Entry

if TYPE_CHECKING:
    from tui_interview.domain.session import Session


@dataclass(frozen=True)
class SessionSummary:
    """One line of the session list, read from the index."""

    id: str
    candidate: str
    role: str
    interviewer: str
    #: (competency id, target level) in interview order.
    competencies: tuple[tuple[str, int], ...]
    status: Status | None
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    note_count: int
    questions_total: int
    questions_covered: int
    #: When the session was last saved (``Session.saved_at``); None only for
    #: a file that cannot be read and was not listed before.
    updated_at: datetime | None
    #: Why the session cannot be opened (PROBLEM_DAMAGED, PROBLEM_TOO_NEW), if so.
    problem: str | None = None


def summarise(session: Session, stamp: list[int], version: int = 0) -> Entry:
    """The index entry for ``session`` stored in a file with ``stamp``
    (sealed with ``version``: see ``_check_version``)."""
    return {
        "version": version,
        "id": session.id,
        "candidate": session.candidate,
        "role": session.role,
        "interviewer": session.interviewer,
        "competencies": [[p.competency_id, p.target_level] for p in session.competencies],
        "status": session.status.value,
        "created_at": to_iso(session.created_at),
        "started_at": to_iso(session.started_at),
        "finished_at": to_iso(session.finished_at),
        "note_count": len(session.active_notes),
        "questions_total": len(session.plan),
        "questions_covered": session.questions_covered,
        "updated_at": to_iso(session.saved_at or session.created_at),
        "file": stamp,
        "problem": None,
    }


def _search_entry(session: Session, stamp: list[int]) -> Entry:
    """The search index entry for ``session`` stored in a file with ``stamp``."""
    from tui_interview.domain.search import session_search_text

    return {"id": session.id, "file": stamp, "text": session_search_text(session)}


def _status(value: Any) -> Status | None:
    try:
        return Status(value)
    except ValueError:
        return None


def _summary_from_entry(entry: Entry) -> SessionSummary:
    """The summary in an index entry, every field checked (the index is
    untrusted). Raises ValueError if a field is malformed."""
    if "file" not in entry:
        raise ValueError("the entry has no file stamp")
    return SessionSummary(
        id=entry["id"],
        candidate=_entry_text(entry, "candidate"),
        role=_entry_text(entry, "role"),
        interviewer=_entry_text(entry, "interviewer"),
        competencies=_entry_competencies(entry.get("competencies")),
        status=_status(entry.get("status")),
        created_at=_entry_time(entry, "created_at"),
        started_at=_entry_time(entry, "started_at"),
        finished_at=_entry_time(entry, "finished_at"),
        note_count=_entry_count(entry, "note_count"),
        questions_total=_entry_count(entry, "questions_total"),
        questions_covered=_entry_count(entry, "questions_covered"),
        updated_at=_entry_time(entry, "updated_at"),
        problem=_entry_optional_text(entry, "problem"),
    )


#: Index entries are read with the one strict reader (domain/fields.py): the
#: same limits (whole numbers up to 2**53, no lone surrogates) and words as
#: session files, competency snapshots and plan files.
_READ = FieldReader(lambda field, problem: ValueError(f"{field}: {problem}"))


def _entry_optional_text(entry: Entry, key: str) -> str | None:
    return _READ.optional_text(entry, key, "", default=None)


def _entry_text(entry: Entry, key: str) -> str:
    return _entry_optional_text(entry, key) or ""


def _entry_count(entry: Entry, key: str) -> int:
    if entry.get(key) is None:
        return 0
    return _READ.count(entry, key, "")


def _entry_time(entry: Entry, key: str) -> datetime | None:
    text = _entry_optional_text(entry, key)
    return from_iso(text) if text else None


def _entry_competencies(value: Any) -> tuple[tuple[str, int], ...]:
    pairs: list[tuple[str, int]] = []
    for pair in value or ():
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("competencies are not (id, level) pairs")
        competency_id, level = pair
        where = f"competencies[{len(pairs)}]"
        pairs.append(
            (_READ.check_text(competency_id, where), _READ.check_whole(level, f"{where}.level"))
        )
    if value is not None and not isinstance(value, list):
        raise ValueError("competencies are not a list")
    return tuple(pairs)


def _recent_first(summary: SessionSummary) -> tuple[bool, datetime | None, str]:
    """Sort key (descending): most recently saved first, unknown times last."""
    return (summary.updated_at is not None, summary.updated_at, summary.id)


def _summary_or_none(entry: Entry) -> SessionSummary | None:
    """The summary in an index entry, None if the entry is malformed."""
    try:
        return _summary_from_entry(entry)
    except (KeyError, TypeError, ValueError, IndexError, ArithmeticError):
        return None
