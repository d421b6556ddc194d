"""The interview's status line: the clock's state and time, time left, the
current stop's time against its share and the whole interview's pace, saved
or not, and the candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.widgets import Static

from tui_interview.domain.display import visible_text
from tui_interview.domain.pacing import WARNING_SHARE, Pace, PaceLevel, StopPace
from tui_interview.domain.session import Section, Session, Status
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
    """Most urgent first, so that a narrow terminal still shows it: parts that
    do not fit the width are shortened, then dropped, the least urgent first
    (the clock's state is never dropped; see ``PRIORITY``)."""

    #: Lower is more urgent. The clock's state and a failed save always stay
    #: (what does not fit of them ends in "…").
    PRIORITY = {
        "clock": 0,
        "unsaved": 1,
        "stop": 2,
        "pace": 3,
        "saved": 4,
        "candidate": 5,
    }

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, markup=False)
        #: (kind, text, shorter text or "") in the order shown.
        self._parts: list[tuple[str, str, str]] = []

    def show(
        self,
        session: Session,
        clock: ClockState,
        *,
        read_only: bool,
        save_error: str | None,
        pace: Pace | None = None,
    ) -> None:
        parts = [("clock", clock.describe(), "")]
        if pace is not None and not clock.finished:
            parts.append(
                (
                    "stop",
                    describe_stop_pace(session, pace.current),
                    describe_stop_pace(session, pace.current, short=True),
                )
            )
            if pace.ahead_seconds is not None:
                parts.append(("pace", describe_ahead(pace.ahead_seconds), ""))
        if read_only:
            parts.append(("unsaved", "READ-ONLY", ""))
        elif save_error:
            parts.append(("unsaved", f"✗ NOT SAVED: {save_error}", ""))
        else:
            parts.append(("saved", "✓ saved", ""))
        who = session.candidate + (f" · {session.role}" if session.role else "")
        parts.append(("candidate", who, session.candidate))
        self._parts = [
            (kind, visible_text(text), visible_text(short)) for kind, text, short in parts
        ]
        self._fit()
        self.set_class(clock.over_budget, "over-budget")
        self.set_class(bool(save_error), "unsaved")
        self.set_class(clock.paused, "paused")
        level = pace.current.level if pace is not None else PaceLevel.OK
        self.set_class(level is PaceLevel.OVER and not clock.finished, "stop-over")

    def _fit(self) -> None:
        """Show the parts that fit: from the least urgent, each is shortened
        (when it has a shorter form), then dropped, until the rest fits."""
        width = self.content_size.width
        parts = {kind: text for kind, text, _ in self._parts}
        shorter = {kind: short for kind, _, short in self._parts if short}

        def line() -> str:
            return " │ ".join(parts.values())

        if width > 0:
            for kind in sorted(self.PRIORITY, key=self.PRIORITY.__getitem__, reverse=True):
                if len(line()) <= width or kind in KEPT:
                    break
                if kind in shorter:
                    parts[kind] = shorter[kind]
                if len(line()) > width:
                    parts.pop(kind, None)
        self.update(line())

    def on_resize(self) -> None:
        self._fit()


#: Parts never dropped.
KEPT = ("clock", "unsaved")

#: How the header names each section (short: the header is one line).
SECTION_SHORT = {
    Section.OPENING: "Opening",
    Section.GENERAL: "General",
    Section.CANDIDATE_QUESTIONS: "Their Qs",
    Section.CLOSING: "Closing",
}


def describe_stop_pace(session: Session, stop_pace: StopPace, *, short: bool = False) -> str:
    """``Q3 04:10/06:00``; ``… ⚑ 80%`` from 80% of the share; ``… ⚠ OVER 00:40``
    past it; ``Q3 04:10`` without a share (no budget, or an added question).
    ``short``: the warning alone (``Q3 ⚠ OVER 00:40``, ``Q3 ⚑ 80%``), or ""."""
    stop = stop_pace.stop
    name = SECTION_SHORT[stop] if isinstance(stop, Section) else f"Q{session.question_number(stop)}"
    used, share = stop_pace.used_seconds, stop_pace.share_seconds
    if used is None or share is None:
        return "" if short else f"{name} {format_elapsed(used)}" if used is not None else name
    text = name if short else f"{name} {format_elapsed(used)}/{format_elapsed(share)}"
    if stop_pace.level is PaceLevel.OVER:
        return f"{text} ⚠ OVER {format_elapsed(stop_pace.over_by)}"
    if stop_pace.level is PaceLevel.WARNING:
        return f"{text} ⚑ {int(100 * WARNING_SHARE)}%"
    return "" if short else text


def describe_ahead(ahead_seconds: float) -> str:
    """``+01:20 ahead`` or ``−02:00 behind`` the plan (``on time`` within a second)."""
    if abs(ahead_seconds) < 1:
        return "on time"
    if ahead_seconds > 0:
        return f"+{format_elapsed(ahead_seconds)} ahead"
    return f"−{format_elapsed(-ahead_seconds)} behind"
