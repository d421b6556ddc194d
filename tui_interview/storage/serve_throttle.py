"""Wrong passphrases through ``serve`` slow down, per server.

``tui-interview serve`` runs one copy of the app per browser page, so a
delay kept in one copy would be reset by opening another page. The server
makes a 0700 state folder for its run and names it to every copy it starts
(``keymap.SERVED_ENV``); the copies share one file there,
``wrong-passphrases``, holding the number of wrong passphrases in a row.

Each try takes an exclusive lock on that file, waits ``delay_after(count)``
seconds while holding it (so tries from many pages at once queue up behind
each other instead of running side by side), checks the passphrase, and
writes the new count: 0 after a right one, one more after a wrong one. The
wait doubles from 1 s to at most ``MAX_DELAY``. The lock is the kernel's
(``flock``), so a copy killed mid-try holds nothing.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from tui_interview.keymap import SERVED_ENV

try:
    import fcntl
except ImportError:  # Windows: the tries are counted, not queued
    fcntl = None  # type: ignore[assignment]

FAILURES_FILE = "wrong-passphrases"
MAX_DELAY = 60.0


def delay_after(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` wrong ones in
    a row: 0, then 1, 2, 4, … up to ``MAX_DELAY``."""
    if failures <= 0:
        return 0.0
    return min(MAX_DELAY, 2.0 ** min(failures - 1, 16))


class Throttle:
    """The per-server count of wrong passphrases, in ``folder``."""

    def __init__(self, folder: Path, sleep: Callable[[float], None] = time.sleep):
        self.path = Path(folder) / FAILURES_FILE
        self._sleep = sleep

    def attempt(self, check: Callable[[], bool]) -> tuple[bool, float]:
        """Wait the delay the count asks for, run ``check`` (True: the
        passphrase was right) and count it. Returns its result and the wait
        the next try will have. An exception from ``check`` counts nothing."""
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.path, flags, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            failures = _read_count(fd)
            self._sleep(delay_after(failures))
            ok = check()
            failures = 0 if ok else failures + 1
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, f"{failures}\n".encode())
            return ok, delay_after(failures)
        finally:
            os.close(fd)  # and the lock with it


def _read_count(fd: int) -> int:
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 64).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else 0


def served_throttle() -> Throttle | None:
    """The throttle of the server that runs this copy of the app, if any:
    ``$TUI_INTERVIEW_SERVED`` names a folder this user owns and no one else
    may enter (else it is not the server's, and is not used)."""
    folder = os.environ.get(SERVED_ENV)
    if not folder:
        return None
    try:
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o077:
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return Throttle(Path(folder))
