"""The panel, step 4 of 4: render the report as JSON (docs/panel-json.md).
Only the report's data (``panel``) is read here; nothing is computed again.
No Textual.
"""

from __future__ import annotations

import json
from typing import Any

from tui_interview.domain.consensus import Consensus, ConsensusRating, ConsensusRecommendation
from tui_interview.domain.recommendation import Recommendation, current_recommendation
from tui_interview.domain.session import Rating
from tui_interview.domain.timeutil import to_iso
from tui_interview.export.panel import (
    AFTER_THE_FACT,
    DEFAULT_SPREAD,
    FORMAT,
    REPORT_VERSION,
    CompetencyReport,
    EvidenceNote,
    Panel,
    competency_reports,
)
from tui_interview.export.panel_read import Transcript
from tui_interview.export.role_grid import RoleGrid, grid_document


def _rating_dict(interviewer: str, rating: Rating) -> dict[str, Any]:
    return {
        "interviewer": interviewer,
        "level": rating.level,
        "rationale": rating.rationale,
        "revision": rating.revision,
        "suggested_level": rating.suggested_level,
        "submitted_at": to_iso(rating.submitted_at),
        "reason": rating.reason,
    }


def _recommendation_dict(recommendation: Recommendation | None) -> dict[str, Any] | None:
    if recommendation is None:
        return None
    return {
        "value": recommendation.value.value,
        "rationale": recommendation.rationale,
        "revision": recommendation.revision,
    }


def consensus_rating_dict(rating: ConsensusRating | None) -> dict[str, Any] | None:
    if rating is None:
        return None
    return {
        "level": rating.level,
        "rationale": rating.rationale,
        "participants": list(rating.participants),
        "revision": rating.revision,
        "reason": rating.reason,
        "recorded_at": to_iso(rating.recorded_at),
    }


def consensus_recommendation_dict(
    recommendation: ConsensusRecommendation | None,
) -> dict[str, Any] | None:
    if recommendation is None:
        return None
    return {
        "verdict": recommendation.verdict.value,
        "rationale": recommendation.rationale,
        "participants": list(recommendation.participants),
        "revision": recommendation.revision,
        "reason": recommendation.reason,
        "recorded_at": to_iso(recommendation.recorded_at),
    }


def _consensus_item(consensus: Consensus | None, competency_id: str) -> dict[str, Any] | None:
    """The latest revision, with ``history`` (every revision, oldest first)."""
    history = () if consensus is None else consensus.history(competency_id)
    item = consensus_rating_dict(history[-1] if history else None)
    if item is not None:
        item["history"] = [consensus_rating_dict(r) for r in history]
    return item


def _consensus_recommendation_item(consensus: Consensus | None) -> dict[str, Any] | None:
    history = [] if consensus is None else consensus.recommendations
    item = consensus_recommendation_dict(history[-1] if history else None)
    if item is not None:
        item["history"] = [consensus_recommendation_dict(r) for r in history]
    return item


def report_document(panel: Panel, *, threshold: int = DEFAULT_SPREAD) -> dict[str, Any]:
    """The board report as plain data (docs/panel-json.md)."""
    groups = []
    for group in panel.groups:
        consensus = group.consensus
        competencies = []
        for report in competency_reports(group, threshold):
            ratings = []
            for member in report.members:
                if member.rating is None:
                    continue
                item = _rating_dict(member.interviewer, member.rating)
                item["evidence_count"] = member.evidence_count
                item["history"] = [_rating_dict(member.interviewer, r) for r in member.history]
                ratings.append(item)
            competencies.append(
                {
                    "competency_id": report.competency_id,
                    "name": report.name,
                    "ratings": ratings,
                    "not_rated": [m.interviewer for m in report.members if m.rating is None],
                    "spread": report.spread,
                    "flagged": report.flagged,
                    "reconciled": _reconciled(report),
                    "consensus": _consensus_item(consensus, report.competency_id),
                    "behaviours": [
                        {
                            "id": b.id,
                            "level": b.level,
                            "evidenced_by": list(b.evidenced_by),
                            "notes": [_note(n) for n in b.notes],
                        }
                        for b in report.behaviours
                    ],
                }
            )
        groups.append(
            {
                "candidate": group.candidate,
                "plan_id": group.plan_id,
                "members": [
                    {
                        "interviewer": m.session.interviewer,
                        "session_id": m.session.id,
                        "file": m.file,
                        "recommendation": _recommendation_dict(current_recommendation(m.session)),
                        "authenticity": _authenticity(m),
                    }
                    for m in group.members
                ],
                "competencies": competencies,
                "consensus_id": None if consensus is None else consensus.id,
                "consensus_file": group.consensus_file or None,
                "consensus_recommendation": _consensus_recommendation_item(consensus),
            }
        )
    return {
        "format": FORMAT,
        "version": REPORT_VERSION,
        "note": AFTER_THE_FACT,
        "spread_threshold": threshold,
        "groups": groups,
        **file_notices(panel),
    }


def _authenticity(member: Transcript) -> dict[str, Any]:
    mark = member.authenticity
    return {
        "status": mark.status if mark else "unverified",
        "why": mark.why if mark else "not checked",
        "public_key": member.signature.public_key,
    }


def _note(note: EvidenceNote) -> dict[str, Any]:
    return {
        "interviewer": note.interviewer,
        "elapsed_seconds": note.elapsed_seconds,
        "text": note.text,
    }


def _reconciled(report: CompetencyReport) -> dict[str, Any] | None:
    if not report.reconciled or report.consensus is None:
        return None
    return {"level": report.consensus.level, "recorded_at": to_iso(report.consensus.recorded_at)}


def file_notices(panel: Panel) -> dict[str, Any]:
    """The report's ``mismatches``, ``unreadable``, ``skipped`` and
    ``missing`` members."""
    return {
        "mismatches": [
            {"file": m.file, "reason": m.reason, "other": m.other, "detail": m.detail}
            for m in panel.mismatches
        ],
        "unreadable": [{"file": p.file, "error": p.message} for p in panel.problems],
        "skipped": [{"file": p.file, "why": p.message} for p in panel.skipped],
        "missing": [{"file": p.file, "error": p.message} for p in panel.missing],
    }


def render_panel_json(panel: Panel, *, threshold: int = DEFAULT_SPREAD) -> str:
    document = report_document(panel, threshold=threshold)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_role_json(grid: RoleGrid, panel: Panel, *, threshold: int = DEFAULT_SPREAD) -> str:
    """``panel --role ROLE --format json``: the panel report's envelope with
    ``grid`` in place of ``groups`` (docs/panel-json.md)."""
    document = {
        "format": FORMAT,
        "version": REPORT_VERSION,
        "note": AFTER_THE_FACT,
        "spread_threshold": threshold,
        "grid": grid_document(grid),
        **file_notices(panel),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
