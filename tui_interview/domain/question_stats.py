"""Question effectiveness: which questions bring out evidence, and which
leave the board divided (docs/question-effectiveness.md).

A question is known by its competency and question id (``comm/q1.2``), the
same across plans. Every member's session that planned it counts once:

- **asked** when the interviewer spent time at it or wrote a note there,
  else **skipped**;
- **time**: interview-clock seconds spent there, against its **share** of
  the time budget (sessions with a budget);
- **notes** and **behaviours** (distinct behaviours linked by those notes)
  per asking;
- **spread**: per panel where it was asked, the spread (highest minus lowest
  level, "no evidence" left out) of the members' ratings of its competency;
- **agreement**: of the askings whose notes linked behaviours, in a panel
  with a consensus level for the competency, the share where the highest
  level so evidenced is within one of the consensus level.

Flags: ``little evidence`` (fewer than ``MIN_BEHAVIOURS`` behaviours per
asking, with at least one asking) and ``wide disagreement`` (a mean spread of
``WIDE_SPREAD`` levels or more). Plain data and pure functions.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from tui_interview.domain.calibration import PanelInput
from tui_interview.domain.pacing import budget_shares
from tui_interview.domain.session import Note, QuestionRef, Session

#: Fewer behaviours per asking than this is "little evidence".
MIN_BEHAVIOURS = 0.5
#: A mean spread of this many levels or more is "wide disagreement".
WIDE_SPREAD = 2.0
LITTLE_EVIDENCE = "little evidence"
WIDE_DISAGREEMENT = "wide disagreement"


@dataclass
class QuestionFigures:
    key: str
    competency_id: str
    question_id: str
    text: str = ""
    competency: str = ""
    planned: int = 0
    asked: int = 0
    seconds: float = 0.0
    share_seconds: int = 0
    #: Seconds spent where the session had a share for it (to compare with the share).
    seconds_with_share: float = 0.0
    notes: int = 0
    behaviours: int = 0
    spreads: list[int] = field(default_factory=list)
    agreed: int = 0
    agreement_checked: int = 0
    plans: set[str] = field(default_factory=set)

    @property
    def skipped(self) -> int:
        return self.planned - self.asked

    def _per_asking(self, value: float) -> float | None:
        return round(value / self.asked, 2) if self.asked else None

    @property
    def mean_seconds(self) -> float | None:
        return self._per_asking(self.seconds)

    @property
    def time_against_share(self) -> float | None:
        """Time spent over its share (1.0: on time), where it had one."""
        if not self.share_seconds:
            return None
        return round(self.seconds_with_share / self.share_seconds, 2)

    @property
    def notes_per_asking(self) -> float | None:
        return self._per_asking(self.notes)

    @property
    def behaviours_per_asking(self) -> float | None:
        return self._per_asking(self.behaviours)

    @property
    def mean_spread(self) -> float | None:
        return round(statistics.fmean(self.spreads), 2) if self.spreads else None

    @property
    def max_spread(self) -> int | None:
        return max(self.spreads) if self.spreads else None

    @property
    def agreement(self) -> float | None:
        if not self.agreement_checked:
            return None
        return round(self.agreed / self.agreement_checked, 3)

    @property
    def flags(self) -> tuple[str, ...]:
        found = []
        per = self.behaviours_per_asking
        if per is not None and per < MIN_BEHAVIOURS:
            found.append(LITTLE_EVIDENCE)
        spread = self.mean_spread
        if spread is not None and spread >= WIDE_SPREAD:
            found.append(WIDE_DISAGREEMENT)
        return tuple(found)


def _recorded_moment(session: Session) -> datetime:
    """When the session's times were last recorded (as exports count them)."""
    clock = session.clock
    return clock.running_since or session.finished_at or session.saved_at or session.created_at


def question_figures(panels: Iterable[PanelInput]) -> list[QuestionFigures]:
    """Per question, in order of competency then question id."""
    found: dict[str, QuestionFigures] = {}
    for panel in panels:
        asked_here: dict[str, bool] = {}
        spreads: dict[str, int | None] = {}
        for session in panel.sessions:
            moment = _recorded_moment(session)
            shares = budget_shares(session)
            notes_at: dict[QuestionRef, list[Note]] = {}
            for note in session.notes:
                if not note.deleted and note.question is not None:
                    notes_at.setdefault(note.question, []).append(note)
            for planned in session.competencies:
                cid = planned.competency_id
                competency = session.content.get(cid)
                for qid in planned.question_ids:
                    ref = QuestionRef(cid, qid)
                    figures = found.get(ref.key)
                    if figures is None:
                        question = (
                            next((q for q in competency.questions if q.id == qid), None)
                            if competency is not None
                            else None
                        )
                        figures = found[ref.key] = QuestionFigures(
                            ref.key,
                            cid,
                            qid,
                            question.text if question is not None else "",
                            competency.name if competency is not None else cid,
                        )
                    figures.planned += 1
                    figures.plans.add(panel.plan_id)
                    spent = session.time_spent_on(ref, moment) or 0.0
                    notes = notes_at.get(ref, [])
                    if not (spent > 0 or notes):
                        continue
                    figures.asked += 1
                    asked_here[ref.key] = True
                    figures.seconds += spent
                    if ref in shares:
                        figures.share_seconds += shares[ref]
                        figures.seconds_with_share += spent
                    figures.notes += len(notes)
                    linked = {b for n in notes for b in n.behaviours}
                    figures.behaviours += len(linked)
                    agreed = (
                        panel.consensus.latest_rating(cid) if panel.consensus is not None else None
                    )
                    if linked and competency is not None and agreed is not None and agreed.level:
                        level_of = {b.id: b.level for b in competency.behaviours}
                        top = max(level_of.get(b, 0) for b in linked)
                        if top:
                            figures.agreement_checked += 1
                            figures.agreed += abs(top - agreed.level) <= 1
        for key in asked_here:
            cid = found[key].competency_id
            if cid not in spreads:
                levels = [
                    r.level
                    for s in panel.sessions
                    if (r := s.current_rating(cid)) is not None and r.level > 0
                ]
                spreads[cid] = max(levels) - min(levels) if len(levels) >= 2 else None
            spread = spreads[cid]
            if spread is not None:
                found[key].spreads.append(spread)
    return [found[k] for k in sorted(found, key=lambda k: (found[k].competency_id, k))]
