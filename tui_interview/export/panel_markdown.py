"""The board report in Markdown (``tui-interview panel --format markdown``).

Per group (one candidate, one plan): the members; per competency a table of
each member's latest rating, suggestion at the time, evidence count and
recommendation, the spread and its flag, every earlier revision, and who
evidenced each behaviour with which notes (interview-clock times). Every piece
of typed or file text goes through ``markdown.escape_inline`` or
``escape_block``, so no transcript can change the document's structure.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_interview.domain.consensus import Consensus, ConsensusRating, ConsensusRecommendation
from tui_interview.domain.recommendation import Recommendation, current_recommendation
from tui_interview.domain.session import Rating
from tui_interview.domain.timeutil import format_date, format_timestamp
from tui_interview.export.markdown import escape_block, escape_inline
from tui_interview.export.panel import (
    AFTER_THE_FACT,
    DEFAULT_SPREAD,
    CompetencyReport,
    Group,
    Panel,
    competency_reports,
)
from tui_interview.export.role_grid import (
    CANDIDATE,
    CONSENSUS_MARK,
    FLAG_MARK,
    MEDIAN_MARK,
    ONE_RATING,
    RECOMMENDATION,
    RoleGrid,
    role_grid,
)

_MISSING = "—"


def render_panel_markdown(panel: Panel, *, threshold: int = DEFAULT_SPREAD) -> str:
    blocks = ["# Panel report", f"*{AFTER_THE_FACT}.*"]
    blocks.append(
        f"A competency is flagged for reconciling when its spread (highest level "
        f"minus lowest among the members who rated it) is {threshold} or more. "
        "A rating of 0 (no evidence) is shown but is not a level. Times in [mm:ss] "
        "are on each interviewer's interview clock."
    )
    reports = {id(group): competency_reports(group, threshold) for group in panel.groups}
    if len(panel.groups) > 1:
        blocks.append("## Candidates compared")
        grid = role_grid(
            panel,
            None,
            threshold=threshold,
            reports_of=lambda group: reports[id(group)],
        )
        blocks += grid_blocks(grid)
    for group in panel.groups:
        blocks += _group(group, reports[id(group)], group.consensus)
    blocks += _file_notices(panel)
    return "\n\n".join(blocks) + "\n"


def render_role_markdown(grid: RoleGrid, panel: Panel, *, threshold: int = DEFAULT_SPREAD) -> str:
    """``panel --role ROLE``: the grid of the candidates for the role."""
    blocks = [
        f"# Candidates for {escape_inline(grid.role or 'every role')}",
        f"*{AFTER_THE_FACT}.*",
    ]
    blocks.append(
        f"A cell is flagged {FLAG_MARK} when the members' levels are {threshold} or more "
        "apart. A rating of 0 (no evidence) is not a level."
    )
    blocks += grid_blocks(grid)
    blocks += _file_notices(panel)
    return "\n\n".join(blocks) + "\n"


def grid_blocks(grid: RoleGrid) -> list[str]:
    """The grid as a Markdown table, with its legend and sort order."""
    if not grid.rows:
        return ["No candidate for this role."]
    header = [
        escape_inline(c.title) if c.key in (CANDIDATE, RECOMMENDATION) else escape_inline(c.key)
        for c in grid.columns
    ]
    rows = [
        f"| {' | '.join(header)} |",
        f"|{'|'.join(' --- ' for _ in grid.columns)}|",
    ]
    for row in grid.rows:
        # Only the name is typed text; the other cells are the app's own
        # numbers, marks and verdict labels (escaped, "2.5" would be "2\.5").
        texts = grid.texts(row)
        cells = [
            escape_inline(text) if column.key == CANDIDATE else text
            for column, text in zip(grid.columns, texts, strict=True)
        ]
        rows.append(f"| {' | '.join(cells)} |")
    order = "descending" if grid.descending else "ascending"
    return [
        "\n".join(rows),
        f"{CONSENSUS_MARK}: the level the board agreed on (with the day it reconciled a wide "
        f"spread); {MEDIAN_MARK}: the median of the members' latest locked levels; "
        f"{ONE_RATING}: one member's rating only; {FLAG_MARK}: flagged, to be reconciled. "
        f"Sorted by {escape_inline(grid.sort_by)}, {order}.",
    ]


def _file_notices(panel: Panel) -> list[str]:
    blocks = []
    if panel.mismatches:
        blocks.append("## Files that do not match")
        blocks.append(
            "\n".join(
                f"- {escape_inline(m.file)}: {m.reason} ({escape_inline(m.detail)})"
                for m in panel.mismatches
            )
        )
    for title, problems in (
        ("Files not read", panel.problems),
        ("Paths not found", panel.missing),
        ("Files skipped", panel.skipped),
    ):
        if problems:
            blocks.append(f"## {title}")
            blocks.append(
                "\n".join(
                    f"- {escape_inline(p.file)}: {escape_inline(p.message)}" for p in problems
                )
            )
    return blocks


def _group(group: Group, reports: list[CompetencyReport], consensus: Consensus | None) -> list[str]:
    blocks = [f"## {escape_inline(group.candidate)} — plan {escape_inline(group.plan_id)}"]
    rows = [
        "| Interviewer | Session | File | Signature | Recommendation |",
        "| --- | --- | --- | --- | --- |",
    ]
    for member in group.members:
        session = member.session
        mark = member.authenticity
        signature = f"{mark.status}: {mark.why}" if mark else "unverified"
        rows.append(
            f"| {escape_inline(session.interviewer)} | {escape_inline(session.id)} "
            f"| {escape_inline(member.file)} | {escape_inline(signature)} "
            f"| {_recommendation(current_recommendation(session))} |"
        )
    blocks.append("\n".join(rows))
    agreed = None if consensus is None else consensus.latest_recommendation()
    blocks.append(f"Consensus recommendation: {_consensus_recommendation(agreed)}")
    if consensus is not None and len(consensus.recommendations) > 1:
        blocks.append(_earlier_consensus(consensus.recommendations[:-1]))
    for report in reports:
        history = () if consensus is None else consensus.history(report.competency_id)
        blocks += _competency(report, history)
    return blocks


def _earlier_consensus(earlier: Sequence[ConsensusRating | ConsensusRecommendation]) -> str:
    """The earlier revisions of a consensus, as a list after its latest one."""
    items = []
    for agreed in earlier:
        what = (
            f"level {agreed.level}" if isinstance(agreed, ConsensusRating) else agreed.verdict.label
        )
        items.append(f"- {what} ({_how(agreed)}) — {escape_inline(agreed.rationale)}")
    return "Earlier consensus revisions:\n\n" + "\n".join(items)


def _how(agreed: ConsensusRating | ConsensusRecommendation) -> str:
    """Revision (and reason), when, and who took part."""
    why = f", reason: {escape_inline(agreed.reason)}" if agreed.reason else ""
    who = ", ".join(escape_inline(name) for name in agreed.participants)
    return (
        f"revision {agreed.revision}{why}; recorded {format_timestamp(agreed.recorded_at)}; "
        f"with {who}"
    )


def _consensus_recommendation(agreed: ConsensusRecommendation | None) -> str:
    if agreed is None:
        return "none recorded."
    return f"**{agreed.verdict.label}** ({_how(agreed)}) — {escape_inline(agreed.rationale)}"


def _consensus(agreed: ConsensusRating | None) -> str:
    if agreed is None:
        return "Consensus: none recorded."
    return (
        f"Consensus: **level {agreed.level}** ({_how(agreed)}) — {escape_inline(agreed.rationale)}"
    )


def _competency(report: CompetencyReport, history: Sequence[ConsensusRating]) -> list[str]:
    blocks = [f"### {escape_inline(report.name)}"]
    if report.spread is None:
        blocks.append(
            f"Spread: not measured — {len(report.rated)} member(s) rated it at a level; "
            "it takes two."
        )
    elif report.reconciled and report.consensus is not None:
        blocks.append(
            f"Spread: {report.spread} — reconciled: the board agreed on level "
            f"{report.consensus.level} on {format_date(report.consensus.recorded_at)}."
        )
    elif report.flagged:
        blocks.append(f"**Flagged: spread {report.spread}** — to be reconciled.")
    else:
        blocks.append(f"Spread: {report.spread}.")
    blocks.append(_consensus(history[-1] if history else None))
    if len(history) > 1:
        blocks.append(_earlier_consensus(history[:-1]))
    rows = [
        "| Interviewer | Level | Revision | Suggested then | Evidence notes | Recommendation "
        "| Rationale |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for member in report.members:
        rating = member.rating
        if rating is None:
            cells = ["not rated", _MISSING, _MISSING]
            rationale = _MISSING
        else:
            cells = [str(rating.level), str(rating.revision), _suggested(rating)]
            rationale = escape_inline(rating.rationale)
        rows.append(
            f"| {escape_inline(member.interviewer)} | {' | '.join(cells)} "
            f"| {member.evidence_count} | {_recommendation(member.recommendation)} | {rationale} |"
        )
    blocks.append("\n".join(rows))
    earlier = [(m.interviewer, r) for m in report.members for r in m.history[:-1]]
    if earlier:
        blocks.append("Earlier revisions:")
        blocks.append("\n".join(_revision_item(name, rating) for name, rating in earlier))
    if report.behaviours:
        blocks.append("#### Who said what")
        items = []
        for behaviour in report.behaviours:
            who = ", ".join(escape_inline(name) for name in behaviour.evidenced_by) or "nobody"
            items.append(
                f"- **{escape_inline(behaviour.id)}** (level {behaviour.level}) "
                f"{escape_inline(behaviour.text)} — evidenced by: {who}"
            )
            for note in behaviour.notes:
                items.append(
                    f"  - {escape_inline(note.interviewer)} {note.stamp}: "
                    f"{escape_block(note.text, '    ')}"
                )
        blocks.append("\n".join(items))
    return blocks


def _revision_item(interviewer: str, rating: Rating) -> str:
    reason = f", reason: {escape_inline(rating.reason)}" if rating.reason else ""
    return (
        f"- {escape_inline(interviewer)}, revision {rating.revision}: level {rating.level}"
        f"{reason} — {escape_inline(rating.rationale)}"
    )


def _suggested(rating: Rating) -> str:
    return _MISSING if rating.suggested_level is None else str(rating.suggested_level)


def _recommendation(recommendation: Recommendation | None) -> str:
    if recommendation is None:
        return _MISSING
    return f"{recommendation.value.label} (revision {recommendation.revision})"
