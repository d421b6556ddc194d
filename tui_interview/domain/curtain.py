"""What the screen may show while a candidate may be in the room: the one rule
every screen asks.

Candidate-present mode (``Session.candidate_present``) says the screen of the
interview being run may be seen by its candidate. Two things follow:

- **This candidate's evaluation** (ratings, suggested levels and the levels
  they find met, the recommendation) is hidden while the clock runs:
  ``evaluation_shown``.
- **Everyone else** is behind a *curtain*: from the moment such an
  interview is opened until the interviewer turns the mode off or shows the
  names again on home, nothing about any other interview is shown: no
  candidate, role, interviewer, competency or note, no consensus record and
  no panel. Home lists the interviews by id, status and date only
  (``SHOWN_BEHIND_CURTAIN``). ``Curtain`` is that state and its changes.

Plain data: the app keeps the current ``Curtain``; screens ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_interview.domain.vocabulary import Status

if TYPE_CHECKING:
    from tui_interview.domain.session import Session

#: The cells of the session list shown behind the curtain: they name no one.
SHOWN_BEHIND_CURTAIN = ("id", "status", "date")


def evaluation_shown(session: Session) -> bool:
    """Ratings, suggestions and the recommendation of ``session`` may be
    shown: not while its clock runs with the candidate present."""
    return not (session.candidate_present and session.clock.running)


@dataclass(frozen=True)
class Curtain:
    """Whether other interviews are hidden, and which interview's candidate
    may be present (that one's own data stays on screen)."""

    up: bool = False
    #: The interview whose candidate may be in the room (None: none known,
    #: e.g. the curtain was raised on home).
    present: str | None = None

    def shows(self, session_id: str) -> bool:
        """Whether who and what ``session_id`` is about (candidate, role,
        interviewer, competencies, notes) may be on screen."""
        return not self.up or session_id == self.present

    def opened(self, session: Session) -> Curtain:
        """An interview is opened: one in candidate-present mode and not
        finished raises the curtain for itself. Opening any other changes
        nothing (only the interviewer lowers the curtain)."""
        if session.candidate_present and session.status is not Status.FINISHED:
            return Curtain(up=True, present=session.id)
        return self

    def mode_set(self, session: Session) -> Curtain:
        """The interviewer turned ``session``'s candidate-present mode on
        (the curtain goes up for it) or off (the curtain comes down)."""
        if session.candidate_present:
            return Curtain(up=True, present=session.id)
        return Curtain()

    def toggled(self) -> Curtain:
        """On home: show the names (down), or hide them now (up)."""
        return Curtain() if self.up else Curtain(up=True)
