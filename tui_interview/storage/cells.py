"""The cells of one line of the session list, as text: the one rule for what
the home screen's table and ``tui-interview sessions`` show of a session.

The cells hold stored text as it is; each surface shows them through
``domain.display.visible_text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_interview.domain.timeutil import format_date, format_timestamp
from tui_interview.storage.summaries import SessionSummary


@dataclass(frozen=True)
class SessionCells:
    id: str
    candidate: str
    role: str
    #: ``service-management-processes L3, …``: each competency and its target level.
    competencies: str
    #: The status (``in progress``), empty when the index holds none that is known.
    status: str
    #: Why the session cannot be opened (``damaged``), if so; shown instead of the status.
    problem: str | None
    #: The day it started, or was planned if not started yet (``2026-11-26``).
    date: str
    #: When it started (``2026-11-26 14:05 +01:00``), or ``not started``.
    started: str
    #: Questions covered of those planned (``3/8``).
    done: str
    #: How many notes it has (deleted ones not counted).
    notes: str


def session_cells(summary: SessionSummary) -> SessionCells:
    when = summary.started_at or summary.created_at
    return SessionCells(
        id=summary.id,
        candidate=summary.candidate,
        role=summary.role,
        competencies=", ".join(f"{cid} L{level}" for cid, level in summary.competencies),
        status=summary.status.value if summary.status else "",
        problem=summary.problem,
        date=format_date(when) if when else "",
        started=format_timestamp(summary.started_at) if summary.started_at else "not started",
        done=f"{summary.questions_covered}/{summary.questions_total}",
        notes=str(summary.note_count),
    )


def filter_words(query: str) -> list[str]:
    """The words of the session list's filter (case ignored, any order)."""
    return query.casefold().split()


def filter_text(cells: Iterable[str]) -> str:
    """What the filter looks in for one line of the list: its cells as shown."""
    return " ".join(cells).casefold()


def matching_lines(texts: Sequence[str], words: Sequence[str]) -> list[int]:
    """The positions, in order, of the texts (``filter_text``) that hold
    every one of ``words``; every position when there are none."""
    positions: Iterable[int] = range(len(texts))
    for word in words:
        positions = [i for i in positions if word in texts[i]]
    return list(positions)
