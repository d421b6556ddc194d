"""The root of the app's own errors.

Every error the app raises on purpose derives from ``TuiInterviewError``, so a
caller can tell "the app refused or could not do this, and says why" from a
bug. Each layer keeps its own errors beside its code (``StorageError`` in
``storage``, ``SessionError`` in ``domain``…); this module imports nothing.
Errors that were ``ValueError`` stay so as well.
"""

from __future__ import annotations

# The exit status of every command (README, "Exit codes").
EXIT_OK = 0
#: The command ran and the answer is no: ``validate`` found errors in the
#: content; ``delete`` was not confirmed.
EXIT_PROBLEMS = 1
#: Bad usage or bad input: an argument the parser refuses, an unknown or
#: ambiguous session, an unknown competency, a missing or malformed file,
#: an output file that exists (without ``--force``), a bad config file.
EXIT_USAGE = 2
#: Not possible now: the session is open elsewhere, or the file system (or
#: the network port) refused: no permission, disk full, address in use.
EXIT_UNAVAILABLE = 3


class TuiInterviewError(Exception):
    """Base class: anything the app refuses or cannot do, with a message
    written for the person at the keyboard."""

    #: The exit status of a command this error ends.
    exit_status = EXIT_USAGE
