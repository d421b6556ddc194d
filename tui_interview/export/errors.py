"""What can go wrong when exporting; each message is meant for the user."""

from __future__ import annotations

from pathlib import Path

from tui_interview.errors import EXIT_UNAVAILABLE, TuiInterviewError


class ExportError(TuiInterviewError):
    """The export could not be written (folder not writable, bad config …)."""


class ExportExists(ExportError):
    """The file is already there and ``force`` was not given: nothing was written.
    Only an earlier export of the same session is ever replaced (with force)."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path} exists; use --force to overwrite")


class ExportTaken(ExportError):
    """The file there was written from another session (or is not an export
    of this one): it is never replaced, with or without force (issue 23, §1)."""

    def __init__(self, path: Path, owner: str | None):
        self.path = path
        self.owner = owner
        whose = f"session {owner}'s export" if owner else "a file that is not this session's export"
        super().__init__(
            f"{path} holds {whose}; it is never replaced (choose another name or folder)"
        )


class ExportWriteFailed(ExportError):
    """The file system refused the write (permission, disk full …)."""

    exit_status = EXIT_UNAVAILABLE
