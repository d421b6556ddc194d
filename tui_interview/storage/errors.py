"""The storage errors. Every message is written for the person at the keyboard:
it says what happened, to which file, and what is still safe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tui_interview.domain.timeutil import format_timestamp
from tui_interview.errors import EXIT_UNAVAILABLE, TuiInterviewError
from tui_interview.files.errors import describe_os_error


class StorageError(TuiInterviewError):
    """Base class: anything the storage layer refuses or cannot do."""


class SessionNotFound(StorageError):
    def __init__(self, session_id: str, detail: str = ""):
        self.session_id = session_id
        message = f"No session {session_id!r}."
        super().__init__(f"{message} {detail}".strip())


class AmbiguousSession(StorageError):
    def __init__(self, prefix: str, matches: list[str]):
        self.prefix = prefix
        self.matches = matches
        super().__init__(
            f"{prefix!r} matches {len(matches)} sessions ({', '.join(matches)}); "
            "type more of the id."
        )


class SessionExists(StorageError):
    exit_status = EXIT_UNAVAILABLE

    def __init__(self, session_id: str):
        self.session_id = session_id
        super().__init__(f"A session with id {session_id!r} already exists.")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a session open: read from its lock file."""

    pid: int | None
    host: str | None
    since: datetime | None

    def describe(self) -> str:
        parts = []
        if self.pid is not None:
            parts.append(f"process {self.pid}")
        if self.host:
            parts.append(f"on {self.host}")
        if self.since is not None:
            parts.append(f"since {format_timestamp(self.since)}")
        return " ".join(parts) or "another process"


class SessionLocked(StorageError):
    """The session is open for writing in another process (or window)."""

    exit_status = EXIT_UNAVAILABLE

    def __init__(self, session_id: str, holder: LockHolder, lock_path: Path):
        self.session_id = session_id
        self.holder = holder
        self.lock_path = lock_path
        super().__init__(
            f"Session {session_id} is open elsewhere ({holder.describe()}). "
            "It can be viewed read-only until that one is closed."
        )

    @property
    def pid(self) -> int | None:
        return self.holder.pid

    @property
    def host(self) -> str | None:
        return self.holder.host

    @property
    def since(self) -> datetime | None:
        return self.holder.since


class LockFailed(StorageError):
    """The session's lock file could not be created or written (disk full,
    read-only folder …). Nothing was changed; the session can still be read."""

    exit_status = EXIT_UNAVAILABLE

    def __init__(self, session_id: str, lock_path: Path, error: OSError):
        self.session_id = session_id
        self.lock_path = lock_path
        self.error = error
        self.errno = error.errno
        super().__init__(
            f"Could not lock session {session_id} for changes: {describe_os_error(error)} "
            f"({lock_path}). Nothing was changed."
        )


class SessionReadOnly(StorageError):
    exit_status = EXIT_UNAVAILABLE

    def __init__(self, session_id: str):
        self.session_id = session_id
        super().__init__(f"Session {session_id} is open read-only; changes cannot be saved.")


class SessionDamaged(StorageError):
    """A session file that cannot be read. It has been moved aside, never deleted."""

    def __init__(self, session_id: str, path: Path, moved_to: Path | None, reason: str):
        self.session_id = session_id
        self.path = path
        self.moved_to = moved_to
        self.reason = reason
        where = f" It was moved to {moved_to} so that it can be inspected." if moved_to else ""
        super().__init__(f"Session {session_id} could not be read ({path}): {reason}.{where}")


class SessionTooNew(StorageError):
    """A session file written by a newer tui-interview. Left where it is."""

    def __init__(self, session_id: str, path: Path, version: int, supported: int):
        self.session_id = session_id
        self.path = path
        self.version = version
        self.supported = supported
        super().__init__(
            f"Session {session_id} was made by a newer version of tui-interview "
            f"(file format {version}; this version reads up to {supported}). "
            f"Upgrade tui-interview to open it. The file was left untouched: {path}"
        )


class SaveFailed(StorageError):
    """Writing failed (disk full, permission denied …). Nothing on disk changed."""

    exit_status = EXIT_UNAVAILABLE

    def __init__(self, path: Path, error: OSError):
        self.path = path
        self.error = error
        self.errno = error.errno
        super().__init__(
            f"Could not save: {describe_os_error(error)} ({path}). "
            "Nothing was changed; your work is still here."
        )
