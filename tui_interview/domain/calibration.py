"""Interviewer calibration: who rates high or low against the board.

For every panel (the members' sessions of one candidate and one plan, with
the board's consensus record when there is one), each member's locked rating
of a competency is compared with a *reference*: the consensus level of that
competency, else the median of the members' levels (the member included).
"No evidence" (level 0) is neither compared nor part of a median.

Per interviewer: the ratings given, how many were compared, the mean signed
difference (above 0: lenient, below: severe), exact agreement and agreement
within one level, overall, per competency and per month (of the interview).
Each figure says how many comparisons were against a consensus and how many
against a panel median. Plain data and pure functions (docs/calibration.md).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui_interview.domain.consensus import Consensus
from tui_interview.domain.session import Session

CONSENSUS = "consensus"
PANEL_MEDIAN = "panel median"


@dataclass(frozen=True)
class PanelInput:
    """One candidate's interviews from one plan, and the board's record."""

    candidate: str
    plan_id: str
    sessions: tuple[Session, ...]
    consensus: Consensus | None = None


def name_key(name: str) -> str:
    """Interviewers are the same person whatever the case or spacing."""
    return " ".join(name.split()).casefold()


def month_of(session: Session) -> str:
    """``2026-11``: the month the interview took place (in its own time zone)."""
    moment = session.started_at or session.created_at
    return f"{moment.year:04d}-{moment.month:02d}"


@dataclass(frozen=True)
class Comparison:
    """One member's rating of one competency against the reference."""

    interviewer: str
    competency_id: str
    month: str
    level: int
    reference: float
    against: str  # CONSENSUS or PANEL_MEDIAN
    candidate: str

    @property
    def difference(self) -> float:
        return self.level - self.reference


@dataclass
class Figures:
    """Ratings given and their agreement with the reference."""

    ratings: int = 0
    no_evidence: int = 0
    differences: list[float] = field(default_factory=list)
    against: dict[str, int] = field(default_factory=dict)

    def add(self, comparison: Comparison) -> None:
        self.differences.append(comparison.difference)
        self.against[comparison.against] = self.against.get(comparison.against, 0) + 1

    @property
    def compared(self) -> int:
        return len(self.differences)

    @property
    def mean_difference(self) -> float | None:
        return round(statistics.fmean(self.differences), 3) if self.differences else None

    @property
    def exact(self) -> float | None:
        """The share of comparisons at the reference exactly."""
        if not self.differences:
            return None
        return round(sum(1 for d in self.differences if d == 0) / len(self.differences), 3)

    @property
    def within_one(self) -> float | None:
        if not self.differences:
            return None
        return round(sum(1 for d in self.differences if abs(d) <= 1) / len(self.differences), 3)


@dataclass
class InterviewerCalibration:
    interviewer: str
    overall: Figures = field(default_factory=Figures)
    by_competency: dict[str, Figures] = field(default_factory=dict)
    by_month: dict[str, Figures] = field(default_factory=dict)
    competency_names: dict[str, str] = field(default_factory=dict)

    def months(self) -> list[str]:
        return sorted(self.by_month)

    def trend(self) -> list[float]:
        """The mean difference month by month (months with none compared left out)."""
        return [
            figures.mean_difference
            for month in self.months()
            if (figures := self.by_month[month]).mean_difference is not None
        ]


@dataclass(frozen=True)
class Calibration:
    interviewers: tuple[InterviewerCalibration, ...]
    panels: int
    #: Panels with a consensus record, and without one (compared with medians).
    with_consensus: int
    without_consensus: int


def reference_of(
    panel: PanelInput, competency_id: str, levels: Sequence[int]
) -> tuple[float, str] | None:
    """The consensus level of the competency, else the median of the members'
    levels (0 left out); None when there is neither."""
    if panel.consensus is not None:
        agreed = panel.consensus.latest_rating(competency_id)
        if agreed is not None and agreed.level > 0:
            return float(agreed.level), CONSENSUS
    rated = [level for level in levels if level > 0]
    if not rated:
        return None
    return float(statistics.median(rated)), PANEL_MEDIAN


def comparisons(panel: PanelInput) -> tuple[list[Comparison], list[tuple[str, str, int]]]:
    """Every rated competency of every member against its reference; and
    (interviewer, competency, level) of every rating given, compared or not."""
    found: list[Comparison] = []
    given: list[tuple[str, str, int]] = []
    competency_ids = list(
        dict.fromkeys(p.competency_id for s in panel.sessions for p in s.competencies)
    )
    for cid in competency_ids:
        rated = [(s, r) for s in panel.sessions if (r := s.current_rating(cid)) is not None]
        given += [(s.interviewer, cid, r.level) for s, r in rated]
        reference = reference_of(panel, cid, [r.level for _, r in rated])
        if reference is None:
            continue
        level_ref, against = reference
        for session, rating in rated:
            if rating.level > 0:
                found.append(
                    Comparison(
                        session.interviewer,
                        cid,
                        month_of(session),
                        rating.level,
                        level_ref,
                        against,
                        panel.candidate,
                    )
                )
    return found, given


def calibrate(panels: Iterable[PanelInput], interviewer: str | None = None) -> Calibration:
    """The calibration of every interviewer (or only ``interviewer``), sorted by name."""
    people: dict[str, InterviewerCalibration] = {}
    wanted = name_key(interviewer) if interviewer is not None else None
    count = with_consensus = 0
    for panel in panels:
        count += 1
        with_consensus += panel.consensus is not None and bool(panel.consensus.ratings)
        names = {
            p.competency_id: s.content[p.competency_id].name
            for s in panel.sessions
            for p in s.competencies
            if p.competency_id in s.content
        }
        months = {name_key(s.interviewer): month_of(s) for s in panel.sessions}
        found, given = comparisons(panel)
        for name, cid, level in given:
            key = name_key(name)
            if wanted is not None and key != wanted:
                continue
            person = people.setdefault(key, InterviewerCalibration(" ".join(name.split())))
            person.competency_names.setdefault(cid, names.get(cid, cid))
            for figures in (
                person.overall,
                person.by_competency.setdefault(cid, Figures()),
                person.by_month.setdefault(months[key], Figures()),
            ):
                figures.ratings += 1
                figures.no_evidence += level == 0
        for comparison in found:
            key = name_key(comparison.interviewer)
            if key not in people:
                continue
            person = people[key]
            person.overall.add(comparison)
            person.by_competency[comparison.competency_id].add(comparison)
            person.by_month[comparison.month].add(comparison)
    ordered = tuple(people[k] for k in sorted(people))
    return Calibration(ordered, count, with_consensus, count - with_consensus)
