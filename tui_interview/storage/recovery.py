"""Text that could not be saved with its interview (a full disk, a read-only
folder) is written, on request, to a file of its own in the user's state
folder: private (0700 folder, 0600 file), never overwritten, named by the
session, the time and the data folder it belongs to.

The state folder is shared by every data folder, and two data folders often
hold sessions with the same id (``import-session`` keeps it). So a recovery
file's name records its data folder as well as its session:
``<session>-<time>[-n].<folder>.txt``, where ``<folder>`` is a tag of the
data folder's real path (``folder_tag``: 12 hex digits of its SHA-256).
Deleting or purging a session, and ``encrypt``, ``decrypt`` and key
rotation, touch only the recovery files of their own folder. A file written
before the tag existed (``<session>-<time>[-n].txt``) belongs to no folder
that can be known: it is never deleted nor sealed by them (``decrypt`` and a
key rotation still open or reseal it if their key opens it: then it is
theirs). Delete those by hand once read.

When the data folder is encrypted the text is sealed with its key, and the
file ends in ``.sealed`` (``….txt.sealed``; the file name is the associated
data), so no note text is left in plain text there either. ``encrypt`` seals
its folder's plain ones in place and ``decrypt`` opens them in place: their
names do not change, so a ``.txt`` file may be sealed (it then starts with
the sealed files' magic bytes). ``tui-interview recovered FILE`` prints
either kind, given the passphrase. Temporary files left in ``recovered/`` by a process killed
mid-write are removed by those commands, as in every other folder."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from tui_interview.files.atomic import (
    TEMP_SUFFIX,
    ensure_private_dirs,
    fsync_dir,
    open_private,
    read_regular_file,
    write_all,
    write_atomically,
)
from tui_interview.storage.crypto import DataKey, Tampered, decode_file, is_sealed

SEALED_SUFFIX = ".sealed"

RECOVERED_FOLDER = "recovered"

#: A recovery file's name: ``<session>-<time>[-n][.<folder tag>].txt[.sealed]``.
NAME = re.compile(
    r"(?P<id>[a-z0-9][a-z0-9_-]{0,63}?)-\d{8}T\d{6}(?:-\d+)?"
    r"(?:\.(?P<tag>[0-9a-f]{12}))?\.txt(?P<sealed>\.sealed)?"
)
#: A temporary file of ``files.atomic``: ``<name>.<pid>.<random>.tmp``.
_TEMP = re.compile(r".+\.(?P<pid>\d+)\.[0-9a-f]+" + re.escape(TEMP_SUFFIX))


def folder_tag(data_dir: str | os.PathLike[str]) -> str:
    """The tag of a data folder in its recovery files' names."""
    return hashlib.sha256(os.fsencode(os.path.realpath(data_dir))).hexdigest()[:12]


def _label(path: Path) -> str:
    return f"recovered:{path.name}"


def _names(state_dir: Path) -> list[str]:
    try:
        return sorted(os.listdir(state_dir / RECOVERED_FOLDER))
    except OSError:
        return []


def files_of(
    state_dir: Path, data_dir: str | os.PathLike[str], session_id: str | None = None
) -> Iterator[tuple[Path, re.Match[str]]]:
    """The recovery files of ``data_dir`` (of one session if given)."""
    tag = folder_tag(data_dir)
    folder = state_dir / RECOVERED_FOLDER
    for name in _names(state_dir):
        found = NAME.fullmatch(name)
        if found is None or found["tag"] != tag:
            continue
        if session_id is None or found["id"] == session_id:
            yield folder / name, found


def remove_temp_files(state_dir: Path) -> int:
    """Remove the temporary files in ``recovered/`` whose writer is gone
    (a live one is finishing its write). Returns how many went."""
    folder = state_dir / RECOVERED_FOLDER
    removed = 0
    for name in _names(state_dir):
        found = _TEMP.fullmatch(name)
        if found is None or _alive(int(found["pid"])):
            continue
        try:
            os.unlink(folder / name)
            removed += 1
        except OSError:
            pass
    if removed:
        fsync_dir(folder)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is writing none of them now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's, or unknowable: left alone
    return True


def seal_plain_recovery_files(state_dir: Path, key: DataKey) -> int:
    """Seal, in place (one atomic replace each), the plain recovery files of
    the key's folder (``encrypt``); remove dead temporary files. Returns how
    many were sealed."""
    remove_temp_files(state_dir)
    sealed = 0
    for path, _found in files_of(state_dir, key.data_dir):
        try:
            raw = read_regular_file(path)
        except (OSError, ValueError):
            continue
        if is_sealed(raw):
            continue
        write_atomically(path, key.seal(raw, _label(path)))
        sealed += 1
    return sealed


def _ours_or_opens(state_dir: Path, key: DataKey) -> Iterator[tuple[Path, re.Match[str]]]:
    """This folder's recovery files, and the untagged ones (older versions)."""
    tag = folder_tag(key.data_dir)
    folder = state_dir / RECOVERED_FOLDER
    for name in _names(state_dir):
        found = NAME.fullmatch(name)
        if found is not None and found["tag"] in (tag, None):
            yield folder / name, found


def _rewrite_sealed(
    state_dir: Path, key: DataKey, change: Callable[[bytes, str], bytes | None]
) -> int:
    """Rewrite, in place, each sealed recovery file of the key's folder that
    the key opens, as ``change(raw, label)`` gives it (``None``: leave it);
    remove dead temporary files first. Returns how many were rewritten."""
    remove_temp_files(state_dir)
    done = 0
    for path, _found in _ours_or_opens(state_dir, key):
        try:
            raw = read_regular_file(path)
        except (OSError, ValueError):
            continue
        if not is_sealed(raw):
            continue
        try:
            again = change(raw, _label(path))
        except Tampered:
            continue  # another folder's, or damaged: not ours to open
        if again is not None:
            write_atomically(path, again)
            done += 1
    return done


def open_sealed_recovery_files(state_dir: Path, key: DataKey) -> int:
    """Store as plain text, in place, the sealed recovery files of the key's
    folder that ``key`` opens (``decrypt`` does it before the key is gone,
    else their text could never be read again); remove dead temporary files.
    Returns how many were opened."""
    return _rewrite_sealed(state_dir, key, key.open)


def reseal_recovery_files(state_dir: Path, key: DataKey) -> int:
    """Reseal with a key rotation's new key the sealed recovery files of the
    key's folder; remove dead temporary files. Returns how many."""
    return _rewrite_sealed(state_dir, key, key.reseal)


def save_recovered_text(
    state_dir: Path,
    session_id: str,
    text: str,
    now: datetime,
    key: DataKey | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``text`` to a new file under ``state_dir/recovered`` (sealed with
    ``key`` when given), named for the session and ``data_dir`` (the key's
    folder when not given), and return its path. Raises OSError if it cannot
    be written (the caller says so)."""
    folder = state_dir / RECOVERED_FOLDER
    ensure_private_dirs(state_dir, folder)
    home = data_dir if data_dir is not None else key.data_dir if key is not None else None
    tag = f".{folder_tag(home)}" if home is not None else ""
    stem = f"{session_id}-{now.strftime('%Y%m%dT%H%M%S')}"
    for attempt in range(1000):
        name = stem if attempt == 0 else f"{stem}-{attempt}"
        path = folder / f"{name}{tag}.txt"
        if key is not None:
            path = path.with_name(path.name + SEALED_SUFFIX)
        try:
            fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            continue
        try:
            data = text.encode("utf-8", "surrogatepass")
            write_all(fd, key.seal(data, _label(path)) if key is not None else data)
            os.fsync(fd)
        except OSError:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        os.close(fd)
        return path
    raise FileExistsError(f"too many recovery files named {stem}*.txt in {folder}")


def read_recovered_text(path: Path, key: DataKey | None) -> str:
    """The text of a recovery file, sealed or not. Raises OSError,
    PassphraseNeeded (sealed, no key) or crypto.Tampered."""
    raw = read_regular_file(path)
    if key is not None and is_sealed(raw):
        return key.open(raw, _label(path)).decode("utf-8", "surrogatepass")
    return decode_file(raw, None, _label(path), path.parent).decode("utf-8", "surrogatepass")
