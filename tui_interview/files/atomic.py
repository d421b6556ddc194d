"""Crash-safe files: private folders, atomic rewrites, reading only regular files.

A file is never rewritten in place. The new content goes to a temporary file in
the same folder (mode 0600), which is flushed to disk, renamed over the old one
with ``os.replace`` (atomic on POSIX and Windows), and then the folder itself is
flushed so that the rename survives a power cut. A reader, or a process started
after a crash, therefore sees either the old file or the new one, never a mix.

Per platform:

- macOS: ``fsync`` stops at the drive's cache, so the file and the folder are
  both flushed with ``F_FULLFSYNC`` (``fsync`` where the file system refuses it).
- Windows: a replace fails with a sharing violation while another program
  (a virus scanner, the search indexer, a backup tool, an editor) has the file
  open; ``replace`` tries again a few times over about a second, then raises
  ``FileInUse``, which ``describe_os_error`` reports as such. Folders cannot be
  opened to flush; NTFS journals the rename itself.
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from collections.abc import Generator, Iterable
from pathlib import Path

from tui_interview.errors import TuiInterviewError
from tui_interview.files.errors import FileInUse

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"

IS_WINDOWS = os.name == "nt"
OPEN_BINARY = getattr(os, "O_BINARY", 0)
# On macOS fsync() stops at the drive's cache; F_FULLFSYNC goes all the way.
_FULL_FSYNC = getattr(fcntl, "F_FULLFSYNC", None)

#: Windows errors of a replace while another program has the file open: access
#: denied (how a file held without FILE_SHARE_DELETE shows), a sharing
#: violation, a lock violation.
_IN_USE_WINERRORS = frozenset({5, 32, 33})
#: The pauses between tries of a replace that meets one (about 0.8 s in all).
REPLACE_RETRY_DELAYS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.4)
_sleep = time.sleep


def ensure_private_dirs(*dirs: Path) -> None:
    """Create each folder that is missing, and each missing folder above it,
    with mode 0700 whatever the umask. Folders that already exist are left as
    they are (they may be the user's). Each new folder is made durable (its
    parent is flushed), so that a power cut cannot take away a folder, and the
    files already saved in it."""
    for folder in dirs:
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
        for new in reversed(missing):
            try:
                os.mkdir(new, PRIVATE_DIR_MODE)
            except FileExistsError:
                if not new.is_dir():
                    raise
                continue
            os.chmod(new, PRIVATE_DIR_MODE)
            fsync_dir(new.parent)


def open_private(path: Path, flags: int, mode: int = PRIVATE_FILE_MODE) -> int:
    """``os.open`` a file that is created with ``mode`` (0600 unless told
    otherwise) whatever the umask."""
    fd = os.open(path, flags | OPEN_BINARY, mode)
    if not IS_WINDOWS:
        try:
            os.fchmod(fd, mode)
        except BaseException:
            os.close(fd)
            raise
    return fd


def _flush_to_disk(fd: int) -> None:
    if _FULL_FSYNC is not None:
        try:
            fcntl.fcntl(fd, _FULL_FSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make renames and deletions in ``folder`` durable (a no-op on Windows,
    where folders cannot be opened and NTFS journals the rename itself)."""
    if IS_WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        _flush_to_disk(fd)  # F_FULLFSYNC on macOS, as for the file
    finally:
        os.close(fd)


def replace(source: Path, target: Path) -> None:
    """``os.replace(source, target)``; on Windows a replace that meets another
    program holding ``target`` (or ``source``) open is tried again a few times
    (``REPLACE_RETRY_DELAYS``), then raises ``FileInUse``. Any other error is
    raised at once."""
    if not IS_WINDOWS:
        os.replace(source, target)
        return
    for delay in REPLACE_RETRY_DELAYS:
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if not _in_use(error):
                raise
        _sleep(delay)
    try:
        os.replace(source, target)
    except PermissionError as error:
        if _in_use(error):
            raise FileInUse(target) from error
        raise


def _in_use(error: PermissionError) -> bool:
    return getattr(error, "winerror", None) in _IN_USE_WINERRORS


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def temp_path_for(path: Path) -> Path:
    """A fresh temporary name next to ``path``: ``<name>.<pid>.<random>.tmp``."""
    return path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_atomically(
    path: Path, data: bytes, *, durable: bool = True, mode: int = PRIVATE_FILE_MODE
) -> None:
    """Replace ``path`` with ``data`` so that a crash at any moment leaves either
    the old file or the new one. With ``durable`` (the default) the new content
    is on disk when this returns. The file gets ``mode`` (0600: personal data,
    unless told otherwise). On error the temporary file is removed, the old
    file is untouched and the OSError is raised."""
    temp = temp_path_for(path)
    try:
        fd = open_private(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            write_all(fd, data)
            if durable:
                _flush_to_disk(fd)
        finally:
            os.close(fd)
        replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    if durable:
        fsync_dir(path.parent)


def append_line(path: Path, line: bytes) -> int:
    """Append one line with a single write (not flushed to disk: callers use this
    only for derived data that is checked when read). Returns the file's size
    just after it (no ``stat`` needed to tell how big the file has grown)."""
    fd = open_private(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        write_all(fd, line)
        return os.lseek(fd, 0, os.SEEK_CUR)
    finally:
        os.close(fd)


def remove_temp_files(folder: Path, names: Iterable[str]) -> None:
    """Delete temporary files left by a crash in the middle of a write."""
    for name in names:
        if name.endswith(TEMP_SUFFIX):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


class NotRegularFile(TuiInterviewError, ValueError):
    """A folder, FIFO, device … where a data file should be."""


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, which must be a regular file. Never blocks on a
    FIFO or device that has the file's name (it is opened non-blocking and
    checked before reading). Raises NotRegularFile, or OSError."""
    return b"".join(regular_file_chunks(path, 1 << 20))


def regular_file_chunks(path: Path, size: int) -> Generator[bytes, None, None]:
    """The bytes of ``path`` as ``read_regular_file`` reads them, ``size``
    bytes at a time, read only as they are asked for: a reader that needs
    the start of a large file stops early (the file is closed then)."""
    fd = os.open(path, os.O_RDONLY | OPEN_BINARY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"{path.name} is not a regular file")
        while chunk := os.read(fd, size):
            yield chunk
    finally:
        os.close(fd)
