"""The overall recommendation: one call on the candidate, on a 4-point scale
with no neutral option (strong no, no, yes, strong yes).

Plain Python, no I/O. Like a rating, a recommendation needs a rationale, locks
when submitted, and a change is a new revision with a reason; every revision
stays in ``Session.recommendations``, oldest first. Key strengths and concerns
are optional. It is hidden while the candidate is present, as ratings are
(``rating.ratings_visible``); the screens check that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from tui_interview.domain.revisions import next_revision
from tui_interview.errors import TuiInterviewError


class Verdict(StrEnum):
    """The four points of the scale, lowest first; there is no neutral one."""

    STRONG_NO = "strong_no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.STRONG_NO: "Strong no",
    Verdict.NO: "No",
    Verdict.YES: "Yes",
    Verdict.STRONG_YES: "Strong yes",
}


@dataclass(frozen=True)
class Recommendation:
    """One submitted (and so locked) revision of the overall recommendation."""

    value: Verdict
    rationale: str
    submitted_at: datetime
    strengths: str = ""
    concerns: str = ""
    revision: int = 1
    #: Why the earlier revision was changed (required from revision 2 on).
    reason: str | None = None


class RecommendationError(TuiInterviewError, ValueError):
    """A recommendation the session refuses; ``field`` names what to fill in
    ("value", "rationale", "reason") when that is why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class WithRecommendations(Protocol):
    """What these rules need of a session (``Session``): its revisions."""

    recommendations: list[Recommendation]


def current_recommendation(session: WithRecommendations) -> Recommendation | None:
    """The latest revision, or None when none was submitted."""
    return session.recommendations[-1] if session.recommendations else None


def submit_recommendation(
    session: WithRecommendations,
    value: Verdict | str,
    rationale: str,
    now: datetime,
    *,
    strengths: str = "",
    concerns: str = "",
    reason: str | None = None,
) -> Recommendation:
    """Check and add a recommendation (or a new revision of the locked one).

    The first one needs a value and a rationale; a later one is a change and
    also needs a reason, and must change something. Use it as
    ``interview.apply(lambda s, now: submit_recommendation(s, value, ..., now))``."""
    try:
        verdict = Verdict(value)
    except ValueError:
        choices = ", ".join(v.value for v in Verdict)
        raise RecommendationError(
            f"The recommendation is one of {choices}; not {value!r}.", field="value"
        ) from None
    if not rationale.strip():
        raise RecommendationError(
            "A recommendation needs a rationale: say what it rests on.", field="rationale"
        )
    current = current_recommendation(session)
    new = (verdict, rationale.strip(), strengths.strip(), concerns.strip())
    old = (
        None
        if current is None
        else (current.value, current.rationale, current.strengths, current.concerns)
    )
    revision = next_revision(
        None if current is None else current.revision,
        unchanged=new == old,
        reason=reason,
        same=(
            ""
            if current is None
            else f"The recommendation is already {current.value.label} with these words "
            f"(revision {current.revision}); change something first."
        ),
        locked=(
            ""
            if current is None
            else f"The recommendation is locked ({current.value.label}, revision "
            f"{current.revision}): give a reason for the change."
        ),
        error=RecommendationError,
    )
    recommendation = Recommendation(
        value=verdict,
        rationale=new[1],
        submitted_at=now,
        strengths=new[2],
        concerns=new[3],
        revision=revision,
        reason=reason.strip() if current is not None and reason else None,
    )
    session.recommendations.append(recommendation)
    return recommendation
