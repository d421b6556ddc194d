"""The seam between a running interview and where it is saved: light on
purpose (storage imports it as it starts; no codec is loaded with it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from tui_interview.errors import TuiInterviewError

if TYPE_CHECKING:
    from tui_interview.domain.session import Session


@dataclass(frozen=True)
class SavedCopy:
    """The session as its file now holds it (the codec's plain data): the
    copy a change that fails to save is rolled back to. Nobody changes it."""

    data: dict[str, Any]


class NotSaved(TuiInterviewError):
    """The one error a change that could not be saved raises: the session is
    back as it was before the change, and ``reason`` says why in plain words
    (the storage error it came from is its ``__cause__``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SessionFile(Protocol):
    """Where a running session is saved (``storage.OpenSession``): its one
    live session, and ``save`` writing it durably or raising."""

    @property
    def session(self) -> Session: ...

    def save(self) -> SavedCopy | None: ...


class Unstored:
    """A session kept in memory only (a sample transcript, a preview, a
    test): each save hands the session to ``saved``."""

    def __init__(self, session: Session, saved: Callable[[Session], object] | None = None):
        self._session = session
        self._saved = saved

    @property
    def session(self) -> Session:
        return self._session

    def save(self) -> None:
        if self._saved is not None:
            self._saved(self._session)
