"""Compare candidates for a role: the grid candidates x competencies
(``tui-interview panel --role ROLE``, the Markdown report, the Panel screen).

Plain Python. One row per panel group (a candidate and a plan) whose role
matches (case and spacing ignored). Each competency cell holds the recorded
consensus level when there is one (``3 (c)``; ``3 (c 2026-12-07)`` when it
reconciled a wide spread, with the day it was recorded), else the median of
the members' latest locked levels (``2.5 (m)``; a single rating says so:
``3 (1 rating)``; a 0, "no evidence", is not a level), and a flag mark when the
members' spread must still be reconciled. The recommendation
column holds the consensus recommendation, else the members' verdicts
summarised. Any column sorts the rows; a row with nothing in that column
comes last either way.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from tui_interview.domain.consensus import Consensus
from tui_interview.domain.recommendation import Verdict, current_recommendation
from tui_interview.domain.timeutil import format_date
from tui_interview.errors import TuiInterviewError
from tui_interview.export.panel import (
    DEFAULT_SPREAD,
    CompetencyReport,
    Group,
    Panel,
    competency_reports,
)

CANDIDATE = "candidate"
RECOMMENDATION = "recommendation"
#: Said after a level that the board agreed on, and after a median.
CONSENSUS_MARK = "(c)"
MEDIAN_MARK = "(m)"
#: Said after the level of a cell holding one member's rating only.
ONE_RATING = "(1 rating)"
#: Put after a cell whose spread is flagged.
FLAG_MARK = "⚑"
_MISSING = "—"
#: Verdicts best first, as the recommendation cell summarises them.
_VERDICT_ORDER = (Verdict.STRONG_YES, Verdict.YES, Verdict.NO, Verdict.STRONG_NO)
_VERDICT_RANK = {Verdict.STRONG_NO: 1, Verdict.NO: 2, Verdict.YES: 3, Verdict.STRONG_YES: 4}


class GridError(TuiInterviewError, ValueError):
    """A column to sort by that the grid does not have."""


def role_key(role: str) -> str:
    return " ".join(role.split()).casefold()


@dataclass(frozen=True)
class GridColumn:
    #: ``candidate``, ``recommendation`` or a competency id.
    key: str
    title: str


@dataclass(frozen=True)
class GridCell:
    #: The consensus level, else the median of the members' levels; None if unrated.
    level: float | None
    #: ``consensus``, ``median``, ``single`` (one rating) or None (nothing to show).
    source: str | None
    flagged: bool
    #: The cell as shown: ``3 (c)``, ``2.5 (m) ⚑``, ``3 (1 rating)``, ``—``.
    text: str
    #: The consensus level reconciled a wide spread.
    reconciled: bool = False


@dataclass(frozen=True)
class RecommendationCell:
    #: ``consensus``, ``members`` or None (no recommendation yet).
    source: str | None
    #: The consensus verdict, else the members' mean on 1 (strong no) .. 4 (strong yes).
    rank: float | None
    #: As shown: ``Yes (c)``, ``2 Yes, 1 No``, ``—``.
    text: str


@dataclass(frozen=True)
class GridRow:
    candidate: str
    plan_id: str
    role: str
    #: The competency cells, by competency id (a competency not in the
    #: group's plan is absent).
    cells: dict[str, GridCell]
    recommendation: RecommendationCell
    group: Group

    def cell(self, competency_id: str) -> GridCell:
        return self.cells.get(competency_id, GridCell(None, None, False, _MISSING))


@dataclass(frozen=True)
class RoleGrid:
    role: str | None
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]
    sort_by: str
    descending: bool

    @property
    def competency_columns(self) -> tuple[GridColumn, ...]:
        return tuple(c for c in self.columns if c.key not in (CANDIDATE, RECOMMENDATION))

    def texts(self, row: GridRow) -> list[str]:
        """The row's cells as shown, in column order."""
        out = []
        for column in self.columns:
            if column.key == CANDIDATE:
                out.append(row.candidate)
            elif column.key == RECOMMENDATION:
                out.append(row.recommendation.text)
            else:
                out.append(row.cell(column.key).text)
        return out


def format_level(level: float) -> str:
    return str(int(level)) if float(level).is_integer() else f"{level:g}"


def _cell(report: CompetencyReport) -> GridCell:
    flag = f" {FLAG_MARK}" if report.flagged else ""
    agreed = report.consensus
    if agreed is not None:
        when = f" {format_date(agreed.recorded_at)}" if report.reconciled else ""
        return GridCell(
            float(agreed.level),
            "consensus",
            False,
            f"{agreed.level} {CONSENSUS_MARK[:-1]}{when})",
            reconciled=report.reconciled,
        )
    rated = [m.rating.level for m in report.members if m.rating is not None and m.rating.level > 0]
    if not rated:
        return GridCell(None, None, report.flagged, f"{_MISSING}{flag}")
    if len(rated) == 1:
        return GridCell(float(rated[0]), "single", report.flagged, f"{rated[0]} {ONE_RATING}")
    median = float(statistics.median(rated))
    return GridCell(median, "median", report.flagged, f"{format_level(median)} {MEDIAN_MARK}{flag}")


def _recommendation(group: Group, consensus: Consensus | None) -> RecommendationCell:
    agreed = None if consensus is None else consensus.latest_recommendation()
    if agreed is not None:
        return RecommendationCell(
            "consensus",
            float(_VERDICT_RANK[agreed.verdict]),
            f"{agreed.verdict.label} {CONSENSUS_MARK}",
        )
    verdicts = [
        r.value for r in (current_recommendation(m.session) for m in group.members) if r is not None
    ]
    if not verdicts:
        return RecommendationCell(None, None, _MISSING)
    parts = [f"{verdicts.count(v)} {v.label}" for v in _VERDICT_ORDER if v in verdicts]
    rank = sum(_VERDICT_RANK[v] for v in verdicts) / len(verdicts)
    return RecommendationCell("members", rank, ", ".join(parts))


#: Mismatches that only say a file starts a group of its own: when candidates
#: are compared, that is the point, so the role reports leave them out.
GROUP_STARTS = ("another candidate", "another plan")


def role_notices(panel: Panel) -> Panel:
    """The panel with only the mismatches a role comparison reports (the
    duplicates left out: same session, same interviewer)."""
    kept = [m for m in panel.mismatches if m.reason not in GROUP_STARTS]
    return replace(panel, mismatches=kept)


def group_role(group: Group) -> str:
    return group.members[0].session.role


def role_grid(
    panel: Panel,
    role: str | None,
    sort_by: str = CANDIDATE,
    descending: bool = False,
    *,
    threshold: int = DEFAULT_SPREAD,
    reports_of: Callable[[Group], list[CompetencyReport]] | None = None,
) -> RoleGrid:
    """The grid of the groups whose role matches ``role`` (every group when
    None), sorted by ``sort_by`` (``candidate``, ``recommendation`` or a
    competency id). ``reports_of`` gives a group's competency reports when
    the caller has them already. Raises GridError for an unknown column."""
    wanted = None if role is None else role_key(role)
    groups = [g for g in panel.groups if wanted is None or role_key(group_role(g)) == wanted]
    titles: dict[str, str] = {}
    rows = []
    for group in groups:
        consensus = group.consensus
        cells = {}
        reports = competency_reports(group, threshold) if reports_of is None else reports_of(group)
        for report in reports:
            titles.setdefault(report.competency_id, report.name)
            cells[report.competency_id] = _cell(report)
        rows.append(
            GridRow(
                group.candidate,
                group.plan_id,
                group_role(group),
                cells,
                _recommendation(group, consensus),
                group,
            )
        )
    columns = (
        GridColumn(CANDIDATE, "Candidate"),
        *(GridColumn(cid, name) for cid, name in titles.items()),
        GridColumn(RECOMMENDATION, "Recommendation"),
    )
    keys = [c.key for c in columns]
    if sort_by not in keys:
        raise GridError(f"no column {sort_by!r} to sort by; the columns are {', '.join(keys)}")
    return RoleGrid(role, columns, tuple(sort_rows(rows, sort_by, descending)), sort_by, descending)


def sort_rows(rows: list[GridRow], sort_by: str, descending: bool) -> list[GridRow]:
    """Rows sorted by one column; ties by candidate then plan (always
    ascending); rows without a value in the column last."""
    ordered = sorted(rows, key=lambda r: (" ".join(r.candidate.split()).casefold(), r.plan_id))
    if sort_by == CANDIDATE:
        return ordered[::-1] if descending else ordered

    def value(row: GridRow) -> float | None:
        if sort_by == RECOMMENDATION:
            return row.recommendation.rank
        return row.cell(sort_by).level

    present = [r for r in ordered if value(r) is not None]
    absent = [r for r in ordered if value(r) is None]
    present.sort(key=lambda r: value(r) or 0.0, reverse=descending)
    return present + absent


def grid_document(grid: RoleGrid) -> dict[str, Any]:
    """The grid as plain data (docs/panel-json.md, "The role grid")."""
    return {
        "role": grid.role,
        "sort": {"column": grid.sort_by, "descending": grid.descending},
        "columns": [{"key": c.key, "title": c.title} for c in grid.columns],
        "rows": [
            {
                "candidate": row.candidate,
                "plan_id": row.plan_id,
                "role": row.role,
                "cells": {
                    column.key: {
                        "level": row.cell(column.key).level,
                        "source": row.cell(column.key).source,
                        "flagged": row.cell(column.key).flagged,
                        "reconciled": row.cell(column.key).reconciled,
                    }
                    for column in grid.competency_columns
                },
                "recommendation": {
                    "source": row.recommendation.source,
                    "rank": row.recommendation.rank,
                    "text": row.recommendation.text,
                },
            }
            for row in grid.rows
        ],
    }
