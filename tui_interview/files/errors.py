"""A plain description of an OSError, for messages to the person at the keyboard."""

from __future__ import annotations

import errno

from tui_interview.errors import TuiInterviewError

_REASONS = {
    errno.ENOSPC: "the disk is full",
    getattr(errno, "EDQUOT", -1): "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
}


class FileInUse(PermissionError, TuiInterviewError):
    """Windows: a file could not be replaced because another program kept it
    open (a sharing violation), even after a few tries (``atomic.replace``)."""

    def __init__(self, path: object):
        super().__init__(errno.EACCES, "another program has the file open", str(path))


def describe_os_error(error: OSError) -> str:
    """A short, plain reason for an OSError."""
    if isinstance(error, FileInUse):
        return f"{error.strerror}; close it there and try again"
    if error.errno in _REASONS:
        return _REASONS[error.errno]
    return (error.strerror or str(error) or type(error).__name__).lower()
