"""A session opened for changes (``SessionStore.open``): its one live
session, its lock, and ``save`` writing it durably."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from contextlib import nullcontext
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from tinydb.table import Table

from tui_interview.domain.session_file import SavedCopy
from tui_interview.storage.errors import SaveFailed, SessionReadOnly, StorageError
from tui_interview.storage.json_storage import AtomicJSONStorage
from tui_interview.storage.locks import SessionLock

if TYPE_CHECKING:
    from tui_interview.domain.session import Session
    from tui_interview.storage.crypto import DataKey

SESSION_DOC_ID = 1


class SessionFolder(Protocol):
    """What an open session needs of its store (``SessionStore``)."""

    @property
    def key(self) -> DataKey | None: ...

    def session_path(self, session_id: str) -> Path: ...

    def _record_in_index(self, session: Session, version: int) -> None: ...


def session_to_dict(session: Session) -> dict[str, Any]:
    from tui_interview.domain.session_codec import session_to_dict as encode

    return encode(session)


def _version(table: Table) -> int:
    """The version of the session file behind ``table`` as last read or
    written (``AtomicJSONStorage.version``)."""
    storage = table.storage
    return storage.version if isinstance(storage, AtomicJSONStorage) else 0


def _replace_document(data: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    def replace(document: MutableMapping[Any, Any]) -> None:
        document.clear()
        document.update(data)

    return replace


class OpenSession:
    """A session opened through ``SessionStore.open``: holds the session lock
    (unless read-only) until ``close()``; use it as a context manager.

    ``session`` is the one live session of this file: an ``Interview`` built on
    the file (a ``domain.interview.SessionFile``) changes that same object (and
    rolls a failed change back in place), and ``save`` writes only it, so no
    second copy can go stale."""

    def __init__(
        self,
        store: SessionFolder,
        session: Session,
        *,
        table: Table | None,
        lock: SessionLock | None,
    ):
        self._store = store
        self._table = table
        self._lock = lock
        self._session = session
        self.id = session.id
        self.path = store.session_path(session.id)

    @property
    def session(self) -> Session:
        return self._session

    @property
    def read_only(self) -> bool:
        return self._lock is None

    def save(self) -> SavedCopy:
        """Write the whole session (``self.session``, the one live session of
        the file) durably: once this returns, the change survives a crash or
        power cut. On failure raises SaveFailed; the file on disk is left as
        it was. Returns the data saved, the copy a failed change rolls back to."""
        session = self._session
        if self._lock is None or self._table is None:
            raise SessionReadOnly(self.id)
        if not self._lock.held:
            raise StorageError(f"Session {self.id} was closed; open it again to save.")
        data = session_to_dict(session)
        key = self._store.key
        with key.steady() if key is not None else nullcontext():
            try:
                self._table.update(_replace_document(data), doc_ids=[SESSION_DOC_ID])
            except OSError as error:
                raise SaveFailed(self.path, error) from error
            self._store._record_in_index(session, _version(self._table))
        return SavedCopy(data)

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
        if self._table is not None:
            self._table.storage.close()

    def __enter__(self) -> OpenSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
