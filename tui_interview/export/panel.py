"""The panel, step 3 of 4: the report. From the groups (``panel_group``)
the board report as plain data: per competency each member's latest locked
rating with its revisions, the suggested level at the time, the evidence count
and their recommendation; across the panel the spread of the levels, whether
it must be reconciled (a wide spread with no consensus level) or is
reconciled (the consensus level and when); and, per behaviour, who evidenced
it with which notes. No Textual, no
files; rendering is ``panel_json``, ``panel_markdown`` and the Panel screen.
See docs/panel-json.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tui_interview.domain.consensus import ConsensusRating
from tui_interview.domain.recommendation import Recommendation, current_recommendation
from tui_interview.domain.session import Note, Rating, Session
from tui_interview.domain.timeutil import clock_stamp
from tui_interview.errors import TuiInterviewError
from tui_interview.export.panel_group import Group, Panel, plan_id_of
from tui_interview.export.panel_read import FileProblem, Transcript

#: The value of the JSON report's ``format`` member.
FORMAT = "tui-interview-panel"
#: The version of the JSON report's shape.
REPORT_VERSION = 2
#: A competency is flagged when its spread is at least this many levels.
DEFAULT_SPREAD = 2
#: Said at the top of every report the command line writes.
AFTER_THE_FACT = "after the fact: all ratings shown"


class PanelError(TuiInterviewError, ValueError):
    """No transcript could be used; the message names the files and why."""


# -- the report ---------------------------------------------------------------


@dataclass(frozen=True)
class MemberRating:
    """One member's view of one competency."""

    interviewer: str
    #: The latest locked rating, None if they did not rate it.
    rating: Rating | None
    #: Every revision, oldest first (the latest is ``rating``).
    history: tuple[Rating, ...]
    #: Notes linked as evidence to the competency's behaviours.
    evidence_count: int
    recommendation: Recommendation | None


@dataclass(frozen=True)
class EvidenceNote:
    interviewer: str
    elapsed_seconds: float
    text: str

    @property
    def stamp(self) -> str:
        return clock_stamp(self.elapsed_seconds)


@dataclass(frozen=True)
class BehaviourEvidence:
    id: str
    level: int
    text: str
    #: Members who observed it (ticked it, or linked a note to it), in member order.
    evidenced_by: tuple[str, ...]
    notes: tuple[EvidenceNote, ...]
    # Evidence AGAINST a behaviour (notes' ``behaviours_against``, issue 23's
    # sibling work) belongs here, beside ``evidenced_by``/``notes``, built in
    # ``competency_reports`` and rendered next to "evidenced by" in
    # ``panel_markdown._competency``, ``panel_json.report_document`` and the
    # screen's ``competency_text``.


@dataclass(frozen=True)
class CompetencyReport:
    competency_id: str
    name: str
    members: tuple[MemberRating, ...]
    #: Max minus min level among members rated at a level (0, "no evidence",
    #: is not a level); None with fewer than two such ratings.
    spread: int | None
    #: The spread is wide (at least the threshold) and no consensus level
    #: reconciles it yet.
    flagged: bool
    behaviours: tuple[BehaviourEvidence, ...]
    #: The board's latest level for it, None while there is none.
    consensus: ConsensusRating | None = None
    #: Every revision of the board's level, oldest first.
    consensus_history: tuple[ConsensusRating, ...] = ()
    #: The spread is at least the threshold (flagged or reconciled).
    wide: bool = False

    @property
    def reconciled(self) -> bool:
        """A wide spread the board has agreed a level on."""
        return self.wide and self.consensus is not None

    @property
    def reconciled_on(self) -> datetime | None:
        return self.consensus.recorded_at if self.reconciled and self.consensus else None

    @property
    def rated(self) -> list[MemberRating]:
        return [m for m in self.members if m.rating is not None and m.rating.level > 0]


def spread_of(levels: Sequence[int]) -> int | None:
    """Max minus min of the levels (0 left out); None with fewer than two."""
    rated = [level for level in levels if level > 0]
    return max(rated) - min(rated) if len(rated) >= 2 else None


def competency_reports(group: Group, threshold: int = DEFAULT_SPREAD) -> list[CompetencyReport]:
    """Per planned competency (in the first member's plan order)."""
    first = group.members[0].session
    consensus = group.consensus
    reports = []
    for planned in first.competencies:
        cid = planned.competency_id
        competency = first.content[cid]
        members = []
        linked_by_member = []
        observed_by_member = []
        for member in group.members:
            session = member.session
            linked = session.linked_notes(cid) if cid in session.content else {}
            linked_by_member.append(linked)
            observed_by_member.append(
                session.observed_behaviour_ids(cid) if cid in session.content else set()
            )
            history = tuple(session.rating_history(cid))
            members.append(
                MemberRating(
                    interviewer=session.interviewer,
                    rating=history[-1] if history else None,
                    history=history,
                    evidence_count=len({note.id for notes in linked.values() for note in notes}),
                    recommendation=current_recommendation(session),
                )
            )
        spread = spread_of([m.rating.level for m in members if m.rating is not None])
        behaviours = []
        wanted = {b.id for b in competency.behaviours_up_to(planned.target_level)}
        for behaviour in competency.behaviours:
            evidenced_by = tuple(
                member.session.interviewer
                for member, observed in zip(group.members, observed_by_member, strict=True)
                if behaviour.id in observed
            )
            if behaviour.id not in wanted and not evidenced_by:
                continue
            notes: list[EvidenceNote] = []
            for member, linked in zip(group.members, linked_by_member, strict=True):
                notes += [_evidence(member.session, n) for n in linked.get(behaviour.id, [])]
            behaviours.append(
                BehaviourEvidence(
                    behaviour.id,
                    behaviour.level,
                    behaviour.text,
                    evidenced_by,
                    tuple(notes),
                )
            )
        agreed = () if consensus is None else consensus.history(cid)
        wide = spread is not None and spread >= threshold
        reports.append(
            CompetencyReport(
                competency_id=cid,
                name=competency.name,
                members=tuple(members),
                spread=spread,
                flagged=wide and not agreed,
                behaviours=tuple(behaviours),
                consensus=agreed[-1] if agreed else None,
                consensus_history=agreed,
                wide=wide,
            )
        )
    return reports


def _evidence(session: Session, note: Note) -> EvidenceNote:
    return EvidenceNote(session.interviewer, note.elapsed_seconds, note.text)


__all__ = [
    "AFTER_THE_FACT",
    "DEFAULT_SPREAD",
    "FORMAT",
    "REPORT_VERSION",
    "BehaviourEvidence",
    "CompetencyReport",
    "EvidenceNote",
    "FileProblem",
    "Group",
    "MemberRating",
    "Panel",
    "PanelError",
    "Transcript",
    "competency_reports",
    "plan_id_of",
    "spread_of",
]
