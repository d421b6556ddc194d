"""Where interviews are kept: TinyDB files behind a small API of domain objects.

Nothing here imports Textual or Rich. See docs/storage.md for the layout and
the guarantees (crash safety, one writer per session, damaged files).
"""

from tui_interview.storage.crypto import (
    DataKey,
    PassphraseNeeded,
    WrongPassphrase,
    check_passphrase,
    is_encrypted,
    unlock,
)
from tui_interview.storage.errors import (
    AmbiguousSession,
    LockFailed,
    LockHolder,
    SaveFailed,
    SessionDamaged,
    SessionExists,
    SessionLocked,
    SessionNotFound,
    SessionReadOnly,
    SessionTooNew,
    StorageError,
)
from tui_interview.storage.open_session import OpenSession
from tui_interview.storage.store import SessionStore
from tui_interview.storage.summaries import SessionSummary

__all__ = [
    "AmbiguousSession",
    "DataKey",
    "PassphraseNeeded",
    "WrongPassphrase",
    "check_passphrase",
    "is_encrypted",
    "unlock",
    "LockFailed",
    "LockHolder",
    "OpenSession",
    "SaveFailed",
    "SessionDamaged",
    "SessionExists",
    "SessionLocked",
    "SessionNotFound",
    "SessionReadOnly",
    "SessionStore",
    "SessionSummary",
    "SessionTooNew",
    "StorageError",
]
