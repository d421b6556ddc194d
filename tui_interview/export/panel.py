"""The panel: several interviewers' JSON transcripts of one candidate, read
together into one board report (``tui-interview panel``). No Textual.

Each file is read with ``json_export.read_export`` (the one validation of a
transcript). Transcripts are grouped by candidate and plan; a file that does
not fit is named with the reason (another candidate, another plan, the same
interviewer twice, the same session twice). Per competency the report gives
each member's latest locked rating with its revisions, the suggested level at
the time, the evidence count and their recommendation; across the panel the
spread of the levels and whether it must be reconciled; and, per behaviour,
who evidenced it with which notes. See docs/panel-json.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_interview.domain.consensus import Consensus, ConsensusRating, ConsensusRecommendation
from tui_interview.domain.recommendation import Recommendation, current_recommendation
from tui_interview.domain.session import Note, Rating, Session
from tui_interview.domain.timeutil import clock_stamp, to_iso
from tui_interview.export.json_export import ImportFormatError, read_export
from tui_interview.files.errors import describe_os_error

#: The value of the JSON report's ``format`` member.
FORMAT = "tui-interview-panel"
#: The version of the JSON report's shape.
REPORT_VERSION = 1
#: A competency is flagged when its spread is at least this many levels.
DEFAULT_SPREAD = 2
#: Said at the top of every report the command line writes.
AFTER_THE_FACT = "after the fact: all ratings shown"


#: Finds the consensus record of a group: (candidate, plan id) -> record or None.
ConsensusLookup = Callable[[str, str], Consensus | None]


def no_consensus(candidate: str, plan_id: str) -> Consensus | None:
    """The lookup when no consensus records are at hand."""
    return None


@dataclass(frozen=True)
class FileProblem:
    """A file that could not be read as a transcript."""

    file: str
    message: str


@dataclass(frozen=True)
class Transcript:
    """One readable transcript and the file it came from."""

    file: str
    session: Session


@dataclass(frozen=True)
class Mismatch:
    """A file that does not fit with another. ``reason`` is one of
    ``another candidate``, ``another plan``, ``same interviewer``,
    ``same session``; ``other`` is the file it was compared with. A file with
    another candidate or plan starts its own group (it is named once per group); a
    duplicate (same interviewer, same session) is left out."""

    file: str
    reason: str
    other: str
    detail: str


@dataclass
class Group:
    """The transcripts of one candidate from one plan, one per interviewer."""

    candidate: str
    plan_id: str
    members: list[Transcript] = field(default_factory=list)


@dataclass
class Panel:
    groups: list[Group]
    mismatches: list[Mismatch]
    problems: list[FileProblem]


# -- reading ----------------------------------------------------------------


def transcript_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileProblem]]:
    """The files named, and the ``*.json`` files in the folders named (sorted,
    not recursive); a path that does not exist is a problem."""
    files: list[Path] = []
    problems: list[FileProblem] = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
            elif path.exists():
                files.append(path)
            else:
                problems.append(FileProblem(str(path), "no such file or folder"))
        except OSError as error:
            problems.append(FileProblem(str(path), f"cannot read: {describe_os_error(error)}"))
    return list(dict.fromkeys(files)), problems


def read_transcript(path: Path) -> Transcript:
    """One file as a transcript. Raises ImportFormatError or OSError."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFormatError("not a JSON file (not UTF-8 text)") from None
    return Transcript(str(path), read_export(text))


def read_panel(paths: Iterable[str | Path]) -> Panel:
    """Read every transcript named and group them. Never raises for a bad
    file: it is listed in ``problems``."""
    files, problems = transcript_files(paths)
    transcripts: list[Transcript] = []
    for path in files:
        try:
            transcripts.append(read_transcript(path))
        except ImportFormatError as error:
            problems.append(FileProblem(str(path), str(error)))
        except OSError as error:
            problems.append(FileProblem(str(path), f"cannot read: {describe_os_error(error)}"))
    groups, mismatches = group_transcripts(transcripts)
    return Panel(groups, mismatches, problems)


# -- grouping -----------------------------------------------------------------


def plan_id_of(session: Session) -> str:
    """The plan a session came from: its recorded ``plan_id`` when it has one,
    else a fingerprint of its planned competencies, target levels and question
    ids (``plan-`` and 12 hex digits), so two sessions planned alike match."""
    recorded = session.plan_id
    if isinstance(recorded, str) and recorded:
        return recorded
    plan = [[p.competency_id, p.target_level, list(p.question_ids)] for p in session.competencies]
    digest = hashlib.sha256(json.dumps(plan, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"plan-{digest[:12]}"


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def group_transcripts(transcripts: Sequence[Transcript]) -> tuple[list[Group], list[Mismatch]]:
    """Group by candidate (case and spacing ignored) and plan, in the order the
    files were given. The first group is the panel; the file that starts each
    other group is named (another candidate, another plan), once per group. A
    second file of the same session, or of an interviewer already in its
    group, is named and left out."""
    groups: dict[tuple[str, str], Group] = {}
    mismatches: list[Mismatch] = []
    sessions: dict[str, Transcript] = {}
    first: Transcript | None = None
    for transcript in transcripts:
        session = transcript.session
        seen = sessions.get(session.id)
        if seen is not None:
            mismatches.append(
                Mismatch(
                    transcript.file,
                    "same session",
                    seen.file,
                    f"session {session.id} is already read from {seen.file}; left out",
                )
            )
            continue
        sessions[session.id] = transcript
        key = (_name_key(session.candidate), plan_id_of(session))
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(session.candidate, key[1])
            if first is None:
                first = transcript
            else:
                mismatches.append(_other_group(transcript, first))
        interviewer = _name_key(session.interviewer)
        twin = next(
            (m for m in group.members if _name_key(m.session.interviewer) == interviewer), None
        )
        if twin is not None:
            mismatches.append(
                Mismatch(
                    transcript.file,
                    "same interviewer",
                    twin.file,
                    f"{session.interviewer} already interviewed {session.candidate} "
                    f"in {twin.file}; left out",
                )
            )
            continue
        group.members.append(transcript)
    return [g for g in groups.values() if g.members], mismatches


def _other_group(transcript: Transcript, first: Transcript) -> Mismatch:
    """The notice for the file that starts a group other than the first."""
    session, panel = transcript.session, first.session
    if _name_key(session.candidate) != _name_key(panel.candidate):
        return Mismatch(
            transcript.file,
            "another candidate",
            first.file,
            f"about {session.candidate}, not {panel.candidate}; reported in its own group",
        )
    return Mismatch(
        transcript.file,
        "another plan",
        first.file,
        f"{session.candidate} interviewed from plan {plan_id_of(session)}, not "
        f"{plan_id_of(panel)}; reported in its own group",
    )


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


@dataclass(frozen=True)
class CompetencyReport:
    competency_id: str
    name: str
    members: tuple[MemberRating, ...]
    #: Max minus min level among members rated at a level (0, "no evidence",
    #: is not a level); None with fewer than two such ratings.
    spread: int | None
    flagged: bool
    behaviours: tuple[BehaviourEvidence, ...]

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
                    behaviour.id, behaviour.level, behaviour.text, evidenced_by, tuple(notes)
                )
            )
        reports.append(
            CompetencyReport(
                competency_id=cid,
                name=competency.name,
                members=tuple(members),
                spread=spread,
                flagged=spread is not None and spread >= threshold,
                behaviours=tuple(behaviours),
            )
        )
    return reports


def _evidence(session: Session, note: Note) -> EvidenceNote:
    return EvidenceNote(session.interviewer, note.elapsed_seconds, note.text)


# -- JSON -------------------------------------------------------------------------


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


def report_document(
    panel: Panel,
    *,
    threshold: int = DEFAULT_SPREAD,
    consensus_lookup: ConsensusLookup = no_consensus,
) -> dict[str, Any]:
    """The board report as plain data (docs/panel-json.md). Each group's
    consensus record, if any, comes from ``consensus_lookup``."""
    groups = []
    for group in panel.groups:
        consensus = consensus_lookup(group.candidate, group.plan_id)
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
                    "consensus": _consensus_item(consensus, report.competency_id),
                    "behaviours": [
                        {
                            "id": b.id,
                            "level": b.level,
                            "evidenced_by": list(b.evidenced_by),
                            "notes": [
                                {
                                    "interviewer": n.interviewer,
                                    "elapsed_seconds": n.elapsed_seconds,
                                    "text": n.text,
                                }
                                for n in b.notes
                            ],
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
                    }
                    for m in group.members
                ],
                "competencies": competencies,
                "consensus_id": None if consensus is None else consensus.id,
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


def file_notices(panel: Panel) -> dict[str, Any]:
    """The report's ``mismatches`` and ``unreadable`` members."""
    return {
        "mismatches": [
            {"file": m.file, "reason": m.reason, "other": m.other, "detail": m.detail}
            for m in panel.mismatches
        ],
        "unreadable": [{"file": p.file, "error": p.message} for p in panel.problems],
    }


def render_panel_json(
    panel: Panel,
    *,
    threshold: int = DEFAULT_SPREAD,
    consensus_lookup: ConsensusLookup = no_consensus,
) -> str:
    document = report_document(panel, threshold=threshold, consensus_lookup=consensus_lookup)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
