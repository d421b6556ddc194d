"""What can go wrong when exporting; each message is meant for the user."""

from __future__ import annotations

from pathlib import Path

from tui_interview.errors import EXIT_UNAVAILABLE, TuiInterviewError


class ExportError(TuiInterviewError):
    """The export could not be written (folder not writable, bad config …)."""


class ExportExists(ExportError):
    """The file is already there and ``force`` was not given: nothing was written."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"{path} exists; use --force to overwrite")


class ExportWriteFailed(ExportError):
    """The file system refused the write (permission, disk full …)."""

    exit_status = EXIT_UNAVAILABLE
