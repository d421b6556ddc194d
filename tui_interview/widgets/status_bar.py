"""The interview's status line: the clock's state and time, time left, saved
or not, and the candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.widgets import Static

from tui_interview.domain.display import visible_text
from tui_interview.domain.session import Session, Status
from tui_interview.domain.timeutil import format_elapsed


@dataclass(frozen=True)
class ClockState:
    """The interview clock as the status line and the note input show it."""

    #: Time on the interview clock, ``mm:ss``.
    elapsed: str
    finished: bool
    #: Stopped, and not because the interview is finished.
    paused: bool
    #: Seconds left of the time budget (negative: over it); None without one.
    seconds_left: float | None
    candidate_present: bool

    @classmethod
    def of(cls, session: Session, now: datetime) -> ClockState:
        finished = session.status is Status.FINISHED
        return cls(
            elapsed=format_elapsed(session.elapsed(now)),
            finished=finished,
            paused=not session.clock.running and not finished,
            seconds_left=session.seconds_left(now) if not finished else None,
            candidate_present=session.candidate_present,
        )

    @property
    def over_budget(self) -> bool:
        return self.seconds_left is not None and self.seconds_left < 0

    def describe(self) -> str:
        """``⏱ 12:34 · 32:26 left``, ``⏸ PAUSED 12:34``, ``■ finished 45:00``."""
        if self.finished:
            clock = f"■ finished {self.elapsed}"
        elif self.paused:
            clock = f"⏸ PAUSED {self.elapsed}"
        else:
            clock = f"⏱ {self.elapsed}"
        left = self.seconds_left
        if left is not None:
            clock += (
                f" · {format_elapsed(left)} left"
                if left >= 0
                else f" · ⚠ OVER by {format_elapsed(-left)}"
            )
        return clock


class StatusBar(Static):
    """Most urgent first, so that a narrow terminal still shows it."""

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, markup=False)

    def show(
        self,
        session: Session,
        clock: ClockState,
        *,
        read_only: bool,
        save_error: str | None,
    ) -> None:
        parts = [clock.describe()]
        if read_only:
            parts.append("READ-ONLY")
        elif save_error:
            parts.append(f"✗ NOT SAVED: {save_error}")
        else:
            parts.append("✓ saved")
        parts.append(session.candidate + (f" · {session.role}" if session.role else ""))
        self.update(visible_text(" │ ".join(parts)))
        self.set_class(clock.over_budget, "over-budget")
        self.set_class(bool(save_error), "unsaved")
        self.set_class(clock.paused, "paused")
