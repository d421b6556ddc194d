"""A panel's consensus on one candidate from one plan: per competency the
level the board agreed on, and the board's overall recommendation.

Plain Python, no I/O. Like a member's rating, a consensus rating needs a
rationale (and here also who took part), locks when recorded, and a change is
a new revision with a reason (the one rule in ``revisions.next_revision``);
every revision stays in the history, oldest first. ``to_dict``/``from_dict``
are the stored form (``storage.consensus_store`` writes it); ``from_dict``
trusts nothing it reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui_interview.domain.recommendation import Verdict
from tui_interview.domain.revisions import next_revision
from tui_interview.domain.strict_json import has_lone_surrogate
from tui_interview.domain.timeutil import to_iso
from tui_interview.errors import TuiInterviewError

#: The value of a stored record's ``format`` member.
FORMAT = "tui-interview-consensus"
#: The version of a stored record's shape.
VERSION = 1
#: The levels a consensus can agree on (0, "no evidence", is no agreement).
MIN_LEVEL = 1
MAX_LEVEL = 5
#: Longest text accepted in a stored record (a rationale is a paragraph).
MAX_TEXT = 20_000
#: At most this many participants, sessions or revisions in a stored record
#: (a sanity limit on what is read, far above any real panel).
MAX_ITEMS = 100_000


class ConsensusError(TuiInterviewError, ValueError):
    """A consensus the record refuses, or a stored record that cannot be read;
    ``field`` names what to fill in ("level", "rationale", "participants",
    "reason", "verdict") when that is why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ConsensusTooNew(ConsensusError):
    """A stored record made by a newer tui-interview (left where it is)."""


@dataclass(frozen=True)
class ConsensusRating:
    """One recorded (and so locked) revision of the board's level for a competency."""

    competency_id: str
    level: int
    rationale: str
    participants: tuple[str, ...]
    revision: int
    #: Why the earlier revision was changed (required from revision 2 on).
    reason: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class ConsensusRecommendation:
    """One recorded (and so locked) revision of the board's recommendation."""

    verdict: Verdict
    rationale: str
    participants: tuple[str, ...]
    revision: int
    reason: str | None
    recorded_at: datetime


def normalise_participants(participants: Iterable[str] | str) -> tuple[str, ...]:
    """The names given, spacing tidied, empty ones and repeats (case and
    spacing ignored) left out, in the order given. A string is split on commas."""
    if isinstance(participants, str):
        participants = participants.split(",")
    names: dict[str, str] = {}
    for raw in participants:
        name = " ".join(str(raw).split())
        if name and name.casefold() not in names:
            names[name.casefold()] = name
    return tuple(names.values())


def _check_level(level: Any) -> int:
    if (
        isinstance(level, bool)
        or not isinstance(level, int)
        or not (MIN_LEVEL <= level <= MAX_LEVEL)
    ):
        raise ConsensusError(
            f"A consensus level is a whole number from {MIN_LEVEL} to {MAX_LEVEL}; not {level!r}.",
            field="level",
        )
    return level


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored in a record (read back the same), or None."""
    if len(text) > MAX_TEXT:
        return f"is longer than {MAX_TEXT} characters"
    if has_lone_surrogate(text):
        return "holds characters text cannot hold"
    return None


def _check_text(text: str, field: str) -> None:
    problem = text_problem(text)
    if problem is not None:
        raise ConsensusError(f"The {field.replace('_', ' ')} {problem}.", field=field)


def _check_common(
    rationale: str, participants: Iterable[str] | str, reason: str | None
) -> tuple[str, tuple[str, ...]]:
    if not isinstance(rationale, str) or not rationale.strip():
        raise ConsensusError(
            "A consensus needs a rationale: say what the board agreed on and why.",
            field="rationale",
        )
    names = normalise_participants(participants)
    if not names:
        raise ConsensusError(
            "A consensus needs at least one participant: say who took part.",
            field="participants",
        )
    _check_text(rationale, "rationale")
    for name in names:
        _check_text(name, "participants")
    if reason is not None:
        _check_text(reason, "reason")
    return rationale.strip(), names


def _reason(current_revision: int | None, reason: str | None) -> str | None:
    return reason.strip() if current_revision is not None and reason else None


@dataclass
class Consensus:
    """The board's record for one candidate and one plan."""

    id: str
    candidate: str
    role: str
    plan_id: str
    #: The session ids of the members' interviews that fed it.
    sessions: tuple[str, ...] = ()
    #: Every revision of every competency's consensus, oldest first.
    ratings: list[ConsensusRating] = field(default_factory=list)
    #: Every revision of the consensus recommendation, oldest first.
    recommendations: list[ConsensusRecommendation] = field(default_factory=list)

    # -- reading ---------------------------------------------------------------

    def history(self, competency_id: str) -> tuple[ConsensusRating, ...]:
        return tuple(r for r in self.ratings if r.competency_id == competency_id)

    def latest_rating(self, competency_id: str) -> ConsensusRating | None:
        history = self.history(competency_id)
        return history[-1] if history else None

    def latest_recommendation(self) -> ConsensusRecommendation | None:
        return self.recommendations[-1] if self.recommendations else None

    def agreed_competencies(self) -> list[str]:
        """The competencies with a consensus level, in the order first recorded."""
        return list(dict.fromkeys(r.competency_id for r in self.ratings))

    def last_recorded_at(self) -> datetime | None:
        moments = [r.recorded_at for r in self.ratings]
        moments += [r.recorded_at for r in self.recommendations]
        return max(moments) if moments else None

    # -- recording -------------------------------------------------------------

    def record_rating(
        self,
        competency_id: str,
        level: int,
        rationale: str,
        participants: Iterable[str] | str,
        now: datetime,
        reason: str | None = None,
    ) -> ConsensusRating:
        """Check and add the board's level for a competency (or a new revision
        of the locked one: that needs a reason and must change something)."""
        if not isinstance(competency_id, str) or not competency_id.strip():
            raise ConsensusError("Say which competency the consensus is for.", "competency_id")
        _check_text(competency_id, "competency_id")
        level = _check_level(level)
        text, names = _check_common(rationale, participants, reason)
        current = self.latest_rating(competency_id)
        revision = next_revision(
            None if current is None else current.revision,
            unchanged=current is not None
            and (level, text, names) == (current.level, current.rationale, current.participants),
            reason=reason,
            same=(
                ""
                if current is None
                else f"The consensus on {competency_id} is already level {current.level} "
                f"with these words and participants (revision {current.revision}); "
                "change something first."
            ),
            locked=(
                ""
                if current is None
                else f"The consensus on {competency_id} is locked (level {current.level}, "
                f"revision {current.revision}): give a reason for the change."
            ),
            error=ConsensusError,
        )
        rating = ConsensusRating(
            competency_id=competency_id,
            level=level,
            rationale=text,
            participants=names,
            revision=revision,
            reason=_reason(None if current is None else current.revision, reason),
            recorded_at=now,
        )
        self.ratings.append(rating)
        return rating

    def record_recommendation(
        self,
        verdict: Verdict | str,
        rationale: str,
        participants: Iterable[str] | str,
        now: datetime,
        reason: str | None = None,
    ) -> ConsensusRecommendation:
        """Check and add the board's recommendation (or a new revision of it)."""
        try:
            value = Verdict(verdict)
        except ValueError:
            choices = ", ".join(v.value for v in Verdict)
            raise ConsensusError(
                f"The recommendation is one of {choices}; not {verdict!r}.", field="verdict"
            ) from None
        text, names = _check_common(rationale, participants, reason)
        current = self.latest_recommendation()
        revision = next_revision(
            None if current is None else current.revision,
            unchanged=current is not None
            and (value, text, names) == (current.verdict, current.rationale, current.participants),
            reason=reason,
            same=(
                ""
                if current is None
                else f"The consensus recommendation is already {current.verdict.label} with "
                f"these words and participants (revision {current.revision}); "
                "change something first."
            ),
            locked=(
                ""
                if current is None
                else f"The consensus recommendation is locked ({current.verdict.label}, "
                f"revision {current.revision}): give a reason for the change."
            ),
            error=ConsensusError,
        )
        recommendation = ConsensusRecommendation(
            verdict=value,
            rationale=text,
            participants=names,
            revision=revision,
            reason=_reason(None if current is None else current.revision, reason),
            recorded_at=now,
        )
        self.recommendations.append(recommendation)
        return recommendation

    # -- the stored form -------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "id": self.id,
            "candidate": self.candidate,
            "role": self.role,
            "plan_id": self.plan_id,
            "sessions": list(self.sessions),
            "ratings": [
                {
                    "competency_id": r.competency_id,
                    "level": r.level,
                    "rationale": r.rationale,
                    "participants": list(r.participants),
                    "revision": r.revision,
                    "reason": r.reason,
                    "recorded_at": to_iso(r.recorded_at),
                }
                for r in self.ratings
            ],
            "recommendations": [
                {
                    "verdict": r.verdict.value,
                    "rationale": r.rationale,
                    "participants": list(r.participants),
                    "revision": r.revision,
                    "reason": r.reason,
                    "recorded_at": to_iso(r.recorded_at),
                }
                for r in self.recommendations
            ],
        }

    @classmethod
    def from_dict(cls, data: Any) -> Consensus:
        """A record from its stored form. Raises ConsensusError, naming the
        first field that is missing, of the wrong type or inconsistent."""
        if isinstance(data, dict) and ("members" in data or "locked" in data):
            # A consensus file shared with the panel (docs/consensus-file.md).
            data = dict(data)
            _check_members(data.pop("members", []))
            if data.pop("locked", True) is not True:
                raise ConsensusError("the consensus file's locked is not true")
        top = _Reader(data, "the consensus record")
        top.keys(
            {"format", "version", "id", "candidate", "role", "plan_id", "sessions"}
            | {"ratings", "recommendations"}
        )
        if top.get("format") != FORMAT:
            raise ConsensusError(f"not a consensus record (format is not {FORMAT!r})")
        version = top.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise ConsensusError("the consensus record's version is not a whole number")
        if version > VERSION:
            raise ConsensusTooNew(
                f"the consensus record is version {version}, made by a newer version of "
                f"tui-interview (this one reads up to {VERSION})"
            )
        if version < 1:
            raise ConsensusError(f"the consensus record's version {version} is not valid")
        record_id = top.text("id", required=True)
        consensus = cls(
            id=record_id,
            candidate=top.text("candidate", required=True),
            role=top.text("role"),
            plan_id=top.text("plan_id", required=True),
            sessions=tuple(top.texts("sessions")),
        )
        for index, item in enumerate(top.items("ratings")):
            entry = _Reader(item, f"ratings[{index}]")
            entry.keys(
                {"competency_id", "level", "rationale", "participants", "revision"}
                | {"reason", "recorded_at"}
            )
            rating = ConsensusRating(
                competency_id=entry.text("competency_id", required=True),
                level=_stored_level(entry),
                rationale=entry.text("rationale", required=True),
                participants=_stored_participants(entry),
                revision=entry.whole("revision"),
                reason=entry.optional_text("reason"),
                recorded_at=entry.moment("recorded_at"),
            )
            previous = consensus.latest_rating(rating.competency_id)
            _check_sequence(entry, rating.revision, rating.reason, previous)
            consensus.ratings.append(rating)
        for index, item in enumerate(top.items("recommendations")):
            entry = _Reader(item, f"recommendations[{index}]")
            entry.keys(
                {"verdict", "rationale", "participants", "revision", "reason", "recorded_at"}
            )
            try:
                verdict = Verdict(entry.get("verdict"))
            except ValueError:
                raise ConsensusError(
                    f"{entry.where}: verdict is not one of {', '.join(v.value for v in Verdict)}"
                ) from None
            recommendation = ConsensusRecommendation(
                verdict=verdict,
                rationale=entry.text("rationale", required=True),
                participants=_stored_participants(entry),
                revision=entry.whole("revision"),
                reason=entry.optional_text("reason"),
                recorded_at=entry.moment("recorded_at"),
            )
            _check_sequence(
                entry,
                recommendation.revision,
                recommendation.reason,
                consensus.latest_recommendation(),
            )
            consensus.recommendations.append(recommendation)
        return consensus


def member_ratings(members: Iterable[tuple[str, str, dict[str, tuple[int, int]]]]) -> list[Any]:
    """The ``members`` of a consensus file: per member, the interviewer, the
    session id, and the level and revision of each rating the consensus
    reconciled (``{competency id: (level, revision)}``)."""
    return [
        {
            "interviewer": interviewer,
            "session_id": session_id,
            "ratings": {
                cid: {"level": level, "revision": revision}
                for cid, (level, revision) in ratings.items()
            },
        }
        for interviewer, session_id, ratings in members
    ]


def _check_members(members: Any) -> None:
    if not isinstance(members, list) or len(members) > MAX_ITEMS:
        raise ConsensusError("the consensus file's members is not a list")
    for index, item in enumerate(members):
        entry = _Reader(item, f"members[{index}]")
        entry.keys({"interviewer", "session_id", "ratings"})
        entry.text("interviewer", required=True)
        entry.text("session_id", required=True)
        ratings = entry.get("ratings")
        if not isinstance(ratings, dict):
            raise ConsensusError(f"members[{index}]: ratings is not an object")
        for cid, value in ratings.items():
            rating = _Reader(value, f"members[{index}].ratings[{str(cid)[:40]!r}]")
            rating.keys({"level", "revision"})
            level = rating.get("level")
            if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= MAX_LEVEL:
                raise ConsensusError(f"{rating.where}: level is not a whole number 0 to 5")
            rating.whole("revision")


def _stored_level(entry: _Reader) -> int:
    level = entry.get("level")
    if (
        isinstance(level, bool)
        or not isinstance(level, int)
        or not (MIN_LEVEL <= level <= MAX_LEVEL)
    ):
        raise ConsensusError(f"{entry.where}: level is not a whole number 1 to 5")
    return level


def _stored_participants(entry: _Reader) -> tuple[str, ...]:
    names = entry.texts("participants")
    if not names or normalise_participants(names) != tuple(names):
        raise ConsensusError(
            f"{entry.where}: participants must be distinct, non-empty names (at least one)"
        )
    return tuple(names)


def _check_sequence(
    entry: _Reader,
    revision: int,
    reason: str | None,
    previous: ConsensusRating | ConsensusRecommendation | None,
) -> None:
    expected = 1 if previous is None else previous.revision + 1
    if revision != expected:
        raise ConsensusError(f"{entry.where}: revision is {revision}, expected {expected}")
    if revision > 1 and not (reason and reason.strip()):
        raise ConsensusError(f"{entry.where}: revision {revision} has no reason")


class _Reader:
    """Typed access to one JSON object of a stored record; every refusal is a
    ConsensusError naming where."""

    def __init__(self, data: Any, where: str):
        if not isinstance(data, dict):
            raise ConsensusError(f"{where} is not a JSON object")
        self.data = data
        self.where = where

    def keys(self, allowed: set[str]) -> None:
        missing = sorted(allowed - {"reason"} - self.data.keys())
        if missing:
            raise ConsensusError(f"{self.where}: {missing[0]} is missing")
        extra = sorted(str(k) for k in self.data.keys() - allowed)
        if extra:
            raise ConsensusError(f"{self.where}: unknown field {extra[0][:40]!r}")

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def _string(self, value: Any, name: str) -> str:
        if not isinstance(value, str):
            raise ConsensusError(f"{self.where}: {name} is not text")
        problem = text_problem(value)
        if problem is not None:
            raise ConsensusError(f"{self.where}: {name} {problem}")
        return value

    def text(self, key: str, *, required: bool = False) -> str:
        value = self._string(self.data.get(key), key)
        if required and not value.strip():
            raise ConsensusError(f"{self.where}: {key} is empty")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self.data.get(key)
        return None if value is None else self._string(value, key)

    def whole(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConsensusError(f"{self.where}: {key} is not a whole number from 1")
        return value

    def moment(self, key: str) -> datetime:
        value = self._string(self.data.get(key), key)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ConsensusError(f"{self.where}: {key} is not an ISO 8601 time") from None
        if moment.tzinfo is None:
            raise ConsensusError(f"{self.where}: {key} has no UTC offset")
        return moment

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if not isinstance(value, list):
            raise ConsensusError(f"{self.where}: {key} is not a list")
        if len(value) > MAX_ITEMS:
            raise ConsensusError(f"{self.where}: {key} has more than {MAX_ITEMS} entries")
        return value

    def texts(self, key: str) -> list[str]:
        return [self._string(v, f"{key}[{i}]") for i, v in enumerate(self.items(key))]
