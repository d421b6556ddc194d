"""One writer per session: a lock file next to the session file.

``sessions/<id>.lock`` is created with ``O_CREAT | O_EXCL`` and holds
``{"pid", "host", "started"}`` so that a second process can say who has the
session open. While it is held, the file also carries an operating-system lock
(``flock`` on POSIX, ``msvcrt.locking`` on Windows). The kernel drops that lock
when its process dies, however it dies, so a lock file whose OS lock is free
was left by a crash and is taken over. Where no OS lock is available (some
network file systems), a lock file is stale when it names a dead process on
this host; one from another host is respected, since its process cannot be
checked from here.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from tui_interview.domain.timeutil import Now, from_iso, system_now, to_iso
from tui_interview.files.atomic import IS_WINDOWS, OPEN_BINARY, open_private, write_all
from tui_interview.storage.errors import LockFailed, LockHolder, SessionLocked, StorageError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]

# Windows locks byte ranges and refuses reads of a locked range, so the lock
# sits far past the JSON that other processes need to read.
_WINDOWS_LOCK_OFFSET = 1 << 30
_ATTEMPTS = 5


def this_host() -> str:
    return socket.gethostname()


def _try_os_lock(fd: int) -> bool | None:
    """True if this process now holds the OS lock on ``fd``, False if another
    one does, None if this file system cannot tell."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            return None
    if msvcrt is not None:
        try:
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    return None


def _pid_alive(pid: int) -> bool:
    if IS_WINDOWS:
        # os.kill(pid, 0) would terminate the process on Windows; assume alive.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _could_be_alive(holder: LockHolder) -> bool:
    """For file systems without OS locks: can the holder still be running?"""
    if holder.pid is None:
        return False  # an empty or garbled lock file protects nothing
    if holder.host != this_host():
        return True
    return _pid_alive(holder.pid)


def _read_holder(fd: int) -> LockHolder:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    try:
        data = json.loads(raw)
        pid = data.get("pid")
        return LockHolder(
            pid=pid if isinstance(pid, int) else None,
            host=data.get("host") if isinstance(data.get("host"), str) else None,
            since=from_iso(data.get("started")),
        )
    except (ValueError, TypeError, AttributeError):
        return LockHolder(None, None, None)


def _read_holder_patiently(fd: int) -> LockHolder:
    # The holder writes its details just after taking the lock; give it a moment.
    for _ in range(20):
        holder = _read_holder(fd)
        if holder.pid is not None:
            return holder
        time.sleep(0.005)
    return holder


def _still_linked(fd: int, path: Path) -> bool:
    """Is ``fd`` still the file at ``path``? (The previous holder may have
    removed the lock file between our open and our lock.)"""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


@dataclass
class SessionLock:
    """A held session lock; ``release()`` it (or let the process end)."""

    path: Path
    holder: LockHolder
    _fd: int | None

    @classmethod
    def acquire(
        cls,
        session_id: str,
        path: Path,
        now: Now = system_now,
        *,
        needs_no_space: bool = False,
    ) -> SessionLock:
        """Take the lock or raise SessionLocked naming who holds it. ``now``
        gives the time recorded as when the lock was taken.

        ``needs_no_space``: for deleting, which must work on a full disk. An
        empty lock file needs no data block; where the OS lock is held, the
        holder's details (which need one) are then left out when the disk is
        full: the OS lock alone keeps others out, and an empty lock file
        whose OS lock is held is never taken as stale (``take_if_stale``)."""
        for _ in range(_ATTEMPTS):
            lock = cls._try_acquire(session_id, path, now, needs_no_space)
            if lock is not None:
                return lock
        raise SessionLocked(session_id, LockHolder(None, None, None), path)

    @classmethod
    def _try_acquire(
        cls, session_id: str, path: Path, now: Now, needs_no_space: bool = False
    ) -> SessionLock | None:
        """The lock, or None when the lock file changed under us (try again).
        Raises SessionLocked, or LockFailed when the lock file cannot be made
        (disk full, read-only folder); then no lock file is left behind."""
        created = True
        try:
            try:
                fd = open_private(path, os.O_RDWR | os.O_CREAT | os.O_EXCL)
            except FileExistsError:
                created = False
                fd = os.open(path, os.O_RDWR | OPEN_BINARY)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise LockFailed(session_id, path, error) from error
        return cls._take(session_id, path, fd, created, now, needs_no_space)

    @classmethod
    def _take(
        cls,
        session_id: str,
        path: Path,
        fd: int,
        created: bool,
        now: Now = system_now,
        needs_no_space: bool = False,
    ) -> SessionLock | None:
        """Take the lock on the open lock file ``fd`` (closed unless returned)."""
        held = False
        try:
            state = _try_os_lock(fd)
            if state is False:
                raise SessionLocked(session_id, _read_holder_patiently(fd), path)
            if state is None and not created:
                holder = _read_holder(fd)
                if _could_be_alive(holder):
                    raise SessionLocked(session_id, holder, path)
            if not IS_WINDOWS and not _still_linked(fd, path):
                os.close(fd)
                return None
            held = True
            me = LockHolder(pid=os.getpid(), host=this_host(), since=now())
            details = {"pid": me.pid, "host": me.host, "started": to_iso(me.since)}
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            try:
                write_all(fd, json.dumps(details).encode())
            except OSError as error:
                full = error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
                if not (needs_no_space and full and state is True):
                    raise
                os.ftruncate(fd, 0)  # no half-written details: empty, OS-locked
        except BaseException as error:
            lock = cls(path, LockHolder(None, None, None), fd)
            if held:
                lock.release()  # removes the file: no empty lock is left behind
            else:
                os.close(fd)
            if isinstance(error, OSError):
                raise LockFailed(session_id, path, error) from error
            raise
        return cls(path, me, fd)

    @classmethod
    def take_if_stale(
        cls, session_id: str, path: Path, now: Now = system_now
    ) -> SessionLock | None:
        """The lock, if its file was left by a process that has died; None if
        it is held, is being taken right now (no holder written yet), or
        cannot be taken. For cleaning up after processes killed mid-way."""
        try:
            fd = os.open(path, os.O_RDWR | OPEN_BINARY)
        except OSError:
            return None
        try:
            holder = _read_holder(fd)
        except OSError:
            holder = LockHolder(None, None, None)
        if holder.pid is None:
            # Empty: being taken right now, or left by a creator killed between
            # creating the file and writing into it. A live taker holds the OS
            # lock before writing; if we get it and the file stays empty, the
            # file is a leftover (where the OS cannot lock, it stays put).
            if _try_os_lock(fd) is not True or _read_holder_patiently(fd).pid is not None:
                os.close(fd)
                return None
        elif holder.host == this_host() and _pid_alive(holder.pid):
            os.close(fd)
            return None
        try:
            return cls._take(session_id, path, fd, False, now)
        except StorageError:
            return None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if IS_WINDOWS:
            # Windows wants byte locks undone before closing, and an open file
            # cannot be deleted there: unlock, close, then delete.
            try:
                os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            except OSError:
                pass
            os.close(fd)
            try:
                os.unlink(self.path)
            except OSError:
                pass
            return
        try:
            # Remove the file before dropping the OS lock, and only if it is
            # still ours, so that no one else's lock file is ever removed.
            if _still_linked(fd, self.path):
                os.unlink(self.path)
        except OSError:
            pass
        finally:
            os.close(fd)
