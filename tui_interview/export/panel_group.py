"""The panel, step 2 of 4: group. What ``panel_read`` found becomes groups,
one per candidate and plan, each with its members' transcripts and its
consensus. No Textual; nothing here reads files or builds the report.

- Several copies of one session (the same session id: an export made before
  rating, then another after): the copy with the newest rating revisions
  wins, and the others are named with the file taken (issue 23, §2). A
  session of the member's own data folder (``own``) counts as the newest copy.
- Two sessions of one interviewer in a group are both kept and flagged
  ("same interviewer"), never one dropped by file-name order (issue 24, §2).
- The consensus of a group is the record (a consensus file, or the local
  store's) with the most recorded revisions, ties to the latest recorded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from tui_interview.domain.consensus import Consensus
from tui_interview.domain.session import Rating, Session
from tui_interview.export.panel_read import (
    ConsensusFile,
    FileProblem,
    PlanKeys,
    Sources,
    Transcript,
)
from tui_interview.export.signing import FORGED, VERIFIED, Authenticity, authenticity

#: The label of a transcript taken from the local store.
OWN_FOLDER = "your data folder"


@dataclass(frozen=True)
class Mismatch:
    """A file that does not fit with another. ``reason`` is one of
    ``another candidate``, ``another plan``, ``same interviewer``,
    ``same session`` (a copy left out for a newer, or the first, one),
    ``forged`` (the signature does not prove its author); ``other`` is the
    file it was compared with."""

    file: str
    reason: str
    other: str
    detail: str


@dataclass
class Group:
    """The transcripts of one candidate from one plan."""

    candidate: str
    plan_id: str
    members: list[Transcript] = field(default_factory=list)
    #: The board's record for this group, None while there is none.
    consensus: Consensus | None = None
    #: Where the consensus was read ("" when none or new).
    consensus_file: str = ""

    @property
    def role(self) -> str:
        return self.members[0].session.role if self.members else ""


@dataclass
class Panel:
    groups: list[Group]
    mismatches: list[Mismatch]
    problems: list[FileProblem]
    #: Files left alone on purpose (not JSON, links out, too deep).
    skipped: list[FileProblem] = field(default_factory=list)
    #: Paths named that do not exist.
    missing: list[FileProblem] = field(default_factory=list)


def name_key(name: str) -> str:
    """Names compared as the panel groups them: case and spacing ignored."""
    return " ".join(name.split()).casefold()


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


def progress(session: Session) -> tuple[int, int, int, int]:
    """How far a copy of a session got: its rating revisions, then its
    recommendation revisions, then its notes and their edits. A later copy is
    never behind an earlier one on any of them."""
    ratings = sum(r.revision for r in _latest_ratings(session))
    recommendation = max((r.revision for r in session.recommendations), default=0)
    edits = sum(len(n.history) for n in session.notes)
    return ratings, recommendation, len(session.notes), edits


def _latest_ratings(session: Session) -> list[Rating]:
    latest: dict[str, Rating] = {}
    for rating in session.ratings:
        latest[rating.competency_id] = rating
    return list(latest.values())


#: A copy whose signature does not verify never wins over one that does, or
#: over an unsigned one, however far it claims to have got.
_TRUST = {"invalid": 0, "none": 1, "valid": 2}


def _rank(transcript: Transcript) -> tuple[int, tuple[int, int, int, int]]:
    return _TRUST.get(transcript.signature.state, 0), progress(transcript.session)


def newest_copies(
    transcripts: Sequence[Transcript], own: Sequence[Session] = ()
) -> tuple[list[Transcript], list[Mismatch]]:
    """One transcript per session id, in the order first seen: the newest
    copy (``progress``; ``own`` sessions win over any file), and the others
    named as older copies."""
    best: dict[str, Transcript] = {}
    order: list[str] = []
    copies: dict[str, list[Transcript]] = {}
    mine = {s.id: Transcript(OWN_FOLDER, s) for s in own}
    for transcript in transcripts:
        sid = transcript.session.id
        copies.setdefault(sid, []).append(transcript)
        if sid not in best:
            order.append(sid)
            best[sid] = transcript
        elif _rank(transcript) > _rank(best[sid]):
            best[sid] = transcript
    mismatches = []
    for sid in order:
        if sid in mine and name_key(mine[sid].session.interviewer) == name_key(
            best[sid].session.interviewer
        ):
            best[sid] = mine[sid]
        taken = best[sid]
        for copy in copies[sid]:
            if copy is not taken:
                if taken.file == OWN_FOLDER:
                    why = "your data folder holds it, the newest copy"
                elif progress(taken.session) > progress(copy.session):
                    why = f"{taken.file} holds a newer copy"
                else:
                    why = f"it is also in {taken.file}"
                mismatches.append(
                    Mismatch(
                        copy.file,
                        "same session",
                        taken.file,
                        f"session {sid}: {why}; that copy is used, this one left out",
                    )
                )
    return [best[sid] for sid in order], mismatches


def group_transcripts(
    transcripts: Sequence[Transcript], own: Sequence[Session] = ()
) -> tuple[list[Group], list[Mismatch]]:
    """Group by candidate (case and spacing ignored) and plan, in the order the
    files were given. The first group is the panel; the file that starts each
    other group is named (another candidate, another plan), once per group.
    Two sessions of one interviewer in a group are both kept and named."""
    unique, mismatches = newest_copies(transcripts, own)
    groups: dict[tuple[str, str], Group] = {}
    first: Transcript | None = None
    for transcript in unique:
        session = transcript.session
        key = (name_key(session.candidate), plan_id_of(session))
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(session.candidate, key[1])
            if first is None:
                first = transcript
            else:
                mismatches.append(_other_group(transcript, first))
        twin = next(
            (
                m
                for m in group.members
                if name_key(m.session.interviewer) == name_key(session.interviewer)
            ),
            None,
        )
        if twin is not None:
            mismatches.append(
                Mismatch(
                    transcript.file,
                    "same interviewer",
                    twin.file,
                    f"{session.interviewer} has two sessions of {session.candidate} "
                    f"({twin.session.id} in {twin.file}, {session.id} here); both shown: "
                    "check which is genuine",
                )
            )
        group.members.append(transcript)
    return list(groups.values()), mismatches


def _other_group(transcript: Transcript, first: Transcript) -> Mismatch:
    """The notice for the file that starts a group other than the first."""
    session, panel = transcript.session, first.session
    if name_key(session.candidate) != name_key(panel.candidate):
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


def mark_authenticity(groups: Iterable[Group], plans: Sequence[PlanKeys]) -> list[Mismatch]:
    """Mark every member verified, unverified or forged (``signing``), against
    the member keys the plan files list (names matched as the panel matches
    them); a forged one is also named (reason ``forged``). A session of my own
    data folder is mine: verified."""
    listed: dict[str, tuple[str, str]] = {}
    for plan in plans:
        for name, key in plan.keys.items():
            listed.setdefault(name_key(name), (key, plan.file))
    notices = []
    for group in groups:
        for index, member in enumerate(group.members):
            if member.file == OWN_FOLDER:
                mark = Authenticity(VERIFIED, "your own data folder")
            else:
                entry = listed.get(name_key(member.session.interviewer))
                listed_key = None if entry is None else entry[0]
                plan_file = "" if entry is None else entry[1]
                mark = authenticity(member.signature, listed_key, keys_listed=bool(listed))
                if mark.status == FORGED:
                    notices.append(
                        Mismatch(
                            member.file,
                            FORGED,
                            plan_file,
                            f"{member.session.interviewer}'s transcript: {mark.why}",
                        )
                    )
            group.members[index] = replace(member, authenticity=mark)
    return notices


def _weight(consensus: Consensus) -> tuple[int, str]:
    recorded = consensus.last_recorded_at()
    return (
        len(consensus.ratings) + len(consensus.recommendations),
        "" if recorded is None else recorded.isoformat(),
    )


def attach_consensus(groups: Iterable[Group], records: Sequence[ConsensusFile]) -> None:
    """Give each group the consensus record of its candidate and plan (the
    one with the most revisions when several are found)."""
    for group in groups:
        found = [
            r
            for r in records
            if name_key(r.consensus.candidate) == name_key(group.candidate)
            and r.consensus.plan_id == group.plan_id
        ]
        if found:
            chosen = max(found, key=lambda r: _weight(r.consensus))
            group.consensus, group.consensus_file = chosen.consensus, chosen.file


def group_sources(
    sources: Sources,
    *,
    own: Sequence[Session] = (),
    stored_consensus: Sequence[ConsensusFile] = (),
) -> Panel:
    """The panel from what was read: groups with their consensus, and every
    file named that was not used as it was given. ``own`` are the sessions of
    the local data folder; ``stored_consensus`` the local store's records."""
    groups, mismatches = group_transcripts(sources.transcripts, own)
    mismatches += mark_authenticity(groups, sources.plan_keys)
    attach_consensus(groups, [*sources.consensus, *stored_consensus])
    return Panel(groups, mismatches, sources.unreadable, sources.skipped, sources.missing)
