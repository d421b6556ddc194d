"""The root of the app's own errors.

Every error the app raises on purpose derives from ``TuiInterviewError``, so a
caller can tell "the app refused or could not do this, and says why" from a
bug. Each layer keeps its own errors beside its code (``StorageError`` in
``storage``, ``SessionError`` in ``domain``…); this module imports nothing.
Errors that were ``ValueError`` stay so as well.
"""

from __future__ import annotations


class TuiInterviewError(Exception):
    """Base class: anything the app refuses or cannot do, with a message
    written for the person at the keyboard."""
