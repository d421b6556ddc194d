"""Pacing: the time budget split across the stops (questions and sections),
and how the interview is doing against it.

- ``split_budget`` splits a budget equally, or around shares the interviewer
  fixed, in whole seconds that add up to the budget exactly.
- ``budget_shares`` is each stop's share in a session: stored
  (``Session.stop_budgets``) or, for sessions made before shares were stored,
  an equal split over the planned stops. A question added during the
  interview has no share of its own.
- ``stop_pace`` is one stop's time used against its share, with a level: ok,
  a quiet warning from ``WARNING_SHARE`` (80%) of the share, over past it.
- ``pace`` is that for the current stop, and the whole interview's pace:
  ahead (positive) or behind (negative) by how many seconds: the time saved
  or overrun on the stops finished (a stop is finished once a later one has
  been visited), plus any overrun on a stop visited but not finished.
  Visiting a stop does not finish it, and moving between stops never moves
  the figure by itself: only time passing and finishing a stop do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tui_interview.domain.session import Session, Stop, stop_key
from tui_interview.errors import TuiInterviewError

__all__ = [
    "WARNING_SHARE",
    "BudgetError",
    "Pace",
    "PaceLevel",
    "StopPace",
    "budget_shares",
    "pace",
    "pace_level",
    "recorded_paces",
    "split_budget",
    "stop_pace",
    "stop_paces",
]

#: The part of a stop's share after which the quiet warning shows.
WARNING_SHARE = 0.8


class BudgetError(TuiInterviewError, ValueError):
    """Shares that cannot make up the budget (they add up to more, or all are
    fixed and add up to something else)."""


class PaceLevel(StrEnum):
    #: Within 80% of the share, or the stop has no share.
    OK = "ok"
    #: 80% of the share or more used: the quiet warning.
    WARNING = "warning"
    #: More than the share used: the clear warning.
    OVER = "over"


def split_budget(
    stops: Sequence[Stop], minutes: int, fixed: Mapping[Stop, int] | None = None
) -> dict[Stop, int]:
    """Each stop's share of ``minutes``, in whole seconds adding up to
    ``minutes * 60``. Stops in ``fixed`` get the seconds given there; the rest
    share what is left equally (the first ones get a second more when it does
    not divide). Raises BudgetError if that cannot add up."""
    total = minutes * 60
    fixed = {stop: seconds for stop, seconds in (fixed or {}).items() if stop in stops}
    if any(seconds < 0 for seconds in fixed.values()):
        raise BudgetError("a share cannot be negative")
    left = total - sum(fixed.values())
    if left < 0:
        raise BudgetError(
            f"the shares add up to {_minutes(total - left)}, more than the budget of {minutes} min"
        )
    free = [stop for stop in stops if stop not in fixed]
    if not free and left:
        raise BudgetError(
            f"the shares add up to {_minutes(total - left)}, not the budget of {minutes} min"
        )
    base, extra = divmod(left, len(free)) if free else (0, 0)
    equal = {stop: base + (1 if i < extra else 0) for i, stop in enumerate(free)}
    return {stop: fixed[stop] if stop in fixed else equal[stop] for stop in stops}


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds / 60:.1f} min"


def budget_shares(session: Session) -> dict[Stop, int]:
    """Each stop's share of the session's time budget, in seconds; empty when
    the session has no budget. Added questions have no share."""
    if session.time_budget_minutes is None:
        return {}
    if session.stop_budgets is not None:
        return dict(session.stop_budgets)
    return split_budget(session.planned_stops, session.time_budget_minutes)


def pace_level(used_seconds: float | None, share_seconds: int | None) -> PaceLevel:
    """OVER past the share, WARNING from 80% of it, else OK (also when either
    is unknown)."""
    if used_seconds is None or share_seconds is None:
        return PaceLevel.OK
    if used_seconds > share_seconds:
        return PaceLevel.OVER
    if used_seconds >= WARNING_SHARE * share_seconds:
        return PaceLevel.WARNING
    return PaceLevel.OK


@dataclass(frozen=True)
class StopPace:
    """One stop's time used against its share of the budget."""

    stop: Stop
    #: Interview-clock seconds spent there; None if the session does not keep it.
    used_seconds: float | None
    #: Its share of the budget in seconds; None without a budget, or for an
    #: added question.
    share_seconds: int | None
    level: PaceLevel

    @property
    def key(self) -> str:
        return stop_key(self.stop)

    @property
    def over_by(self) -> float:
        """Seconds past the share (0 when within it or unknown)."""
        if self.used_seconds is None or self.share_seconds is None:
            return 0.0
        return max(0.0, self.used_seconds - self.share_seconds)


@dataclass(frozen=True)
class Pace:
    """What the header shows: the current stop, and the whole interview."""

    current: StopPace
    #: Seconds ahead of the plan (positive) or behind it (negative); None
    #: without a budget.
    ahead_seconds: float | None
    #: The interview clock now.
    elapsed_seconds: float
    #: Seconds of budget left (negative when over); None without a budget.
    seconds_left: float | None

    @property
    def behind(self) -> bool:
        return self.ahead_seconds is not None and self.ahead_seconds < 0


def stop_pace(
    session: Session, stop: Stop, now: datetime, shares: Mapping[Stop, int] | None = None
) -> StopPace:
    shares = budget_shares(session) if shares is None else shares
    used = session.time_spent_on(stop, now)
    share = shares.get(stop)
    return StopPace(stop, used, share, pace_level(used, share))


def stop_paces(session: Session, now: datetime) -> list[StopPace]:
    """Every stop in order, with its time used and share (for a go-to list and
    the transcripts)."""
    shares = budget_shares(session)
    return [stop_pace(session, stop, now, shares) for stop in session.stops]


def pace(session: Session, now: datetime) -> Pace | None:
    """The pace at the current stop; None if the interview has no stop."""
    current = session.current_stop
    if current is None:
        return None
    shares = budget_shares(session)
    this = stop_pace(session, current, now, shares)
    elapsed = session.elapsed(now)
    ahead = None
    if session.time_budget_minutes is not None:
        if this.used_seconds is not None:
            # Time saved or overrun on the parts already finished: a part is
            # finished once a later part has been visited. A part not reached
            # yet (or skipped) neither puts the interview ahead nor behind; a
            # visited part not finished (the current one, or one visited and
            # left by going back) counts only once it runs over. Which part is
            # current plays no role, so a key that moves between parts never
            # moves the figure; only time and finishing a part do.
            paces = stop_paces(session, now)
            visited = [bool(other.used_seconds) or other.stop == current for other in paces]
            last_visited = max((i for i, seen in enumerate(visited) if seen), default=-1)
            ahead = 0.0
            for index, other in enumerate(paces):
                if not visited[index] or other.used_seconds is None:
                    continue
                saved = (other.share_seconds or 0) - other.used_seconds
                ahead += saved if index < last_visited else min(0.0, saved)
        else:
            # An older session keeps no time per part: the clock against the
            # shares of the parts before this one stands in.
            stops = session.stops
            before = stops[: stops.index(current)]
            planned = sum(shares.get(stop, 0) for stop in before)
            used = max(0.0, elapsed - session.stop_entered_seconds)
            ahead = planned + min(used, shares.get(current, 0)) - elapsed
    return Pace(this, ahead, elapsed, session.seconds_left(now))


def recorded_paces(session: Session) -> list[StopPace]:
    """``stop_paces`` as the session records them, for exports: a running
    clock counts up to when it last started (as the recorded duration does),
    so the moment of export changes nothing."""
    moment = session.clock.running_since or session.created_at
    return stop_paces(session, moment)
