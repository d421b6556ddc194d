"""Leaving the interview screen (quit or go home) with a note typed and not
saved: a part of ``InterviewScreen``, kept in its own file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.screen import Screen

from tui_interview.screens.base import app_context

if TYPE_CHECKING:
    from datetime import datetime

    from tui_interview.domain.interview import Interview
    from tui_interview.domain.session import Session
    from tui_interview.widgets.note_input import NoteInput


class LeavingWithUnsavedText(Screen[None]):
    """``unsaved_text`` and ``leave_then`` of ``InterviewScreen`` (a mixin,
    what it uses of that screen declared here)."""

    read_only_reason: str | None
    interview: Interview | None

    if TYPE_CHECKING:

        @property
        def session(self) -> Session: ...
        @property
        def note_input(self) -> NoteInput: ...
        @property
        def save_error(self) -> str | None: ...
        def now(self) -> datetime: ...
        def _cancel_draft_timer(self) -> None: ...
        def save_draft(self) -> None: ...

    # -- leaving with text that is not saved -----------------------------------------

    def unsaved_text(self) -> str | None:
        """Typed text that is saved nowhere (neither as a note nor as the
        draft), after one more try to save the draft."""
        typed = self.note_input.text
        if self.read_only_reason or self.interview is None or not typed.strip():
            return None
        self._cancel_draft_timer()
        self.save_draft()
        return None if typed == self.session.draft else typed

    def leave_then(self, proceed: Callable[[], object]) -> None:
        """Leave (quit or go home) once nothing typed would be lost unasked."""
        from tui_interview import locations
        from tui_interview.screens.unsaved import UnsavedChoice, UnsavedTextScreen
        from tui_interview.storage.recovery import save_recovered_text

        text = self.unsaved_text()
        if text is None:
            proceed()
            return

        def answer(choice: UnsavedChoice | None) -> None:
            if choice is UnsavedChoice.RECOVERY_FILE:
                try:
                    path = save_recovered_text(
                        locations.state_dir(),
                        self.session.id,
                        text,
                        self.now(),
                        key=app_context(self).key,
                        data_dir=app_context(self).data_dir,
                    )
                except OSError as error:
                    self.notify(
                        f"Could not write the recovery file: {error}. Nothing was lost; "
                        "the text is still in the note input.",
                        severity="error",
                        timeout=15,
                    )
                    return
                self.notify(f"The unsaved text is in {path}.", timeout=15)
            elif choice is UnsavedChoice.CLIPBOARD:
                self.app.copy_to_clipboard(text)
            elif choice is None:
                self.note_input.focus()
                return
            proceed()

        lines = text.count("\n") + 1
        self.app.push_screen(
            UnsavedTextScreen(
                f"The note being typed ({len(text)} characters, {lines} line"
                f"{'s' if lines > 1 else ''}) could not be saved"
                + (f": {self.save_error}" if self.save_error else "")
                + ". Leaving now would lose it.",
                str(locations.state_dir() / "recovered"),
            ),
            answer,
        )
