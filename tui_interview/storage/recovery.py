"""Text that could not be saved with its interview (a full disk, a read-only
folder) is written, on request, to a file of its own in the user's state
folder: private (0700 folder, 0600 file), never overwritten, named by the
session and the time.

When the data folder is encrypted the text is sealed with its key
(``<session>-<time>.txt.sealed``, the file name as associated data), so no
note text is left in plain text there either; ``tui-interview recovered
FILE`` prints it, given the passphrase."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from tui_interview.files.atomic import (
    ensure_private_dirs,
    open_private,
    read_regular_file,
    write_all,
    write_atomically,
)
from tui_interview.storage.crypto import DataKey, Tampered, decode_file, is_sealed

SEALED_SUFFIX = ".sealed"

RECOVERED_FOLDER = "recovered"

#: A recovery file's name: ``<session>-<time>[-n].txt[.sealed]``.
_NAME = re.compile(r"([^-]+)-\d{8}T\d{6}(?:-\d+)?\.txt(?:\.sealed)?")


def _label(path: Path) -> str:
    return f"recovered:{path.name}"


def seal_plain_recovery_files(state_dir: Path, key: DataKey, session_ids: set[str]) -> int:
    """Seal, in place (one atomic replace each), the plain recovery files
    under ``state_dir`` of the sessions ``session_ids`` (``encrypt``: those
    of its folder; the state folder is shared by every data folder, so
    others are left as they are). Returns how many were sealed."""
    folder = state_dir / RECOVERED_FOLDER
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return 0
    sealed = 0
    for name in names:
        found = _NAME.fullmatch(name)
        if found is None or found.group(1) not in session_ids:
            continue
        path = folder / name
        try:
            raw = read_regular_file(path)
        except (OSError, ValueError):
            continue
        if is_sealed(raw):
            continue
        write_atomically(path, key.seal(raw, _label(path)))
        sealed += 1
    return sealed


def open_sealed_recovery_files(state_dir: Path, key: DataKey) -> int:
    """Store as plain text, in place (one atomic replace each), the sealed
    recovery files under ``state_dir`` that ``key`` opens: ``decrypt`` does
    it before the key is gone, else their text could never be read again.
    Files sealed with another folder's key are left as they are. Returns
    how many were opened."""
    folder = state_dir / RECOVERED_FOLDER
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return 0
    opened = 0
    for name in names:
        path = folder / name
        try:
            raw = read_regular_file(path)
        except (OSError, ValueError):
            continue
        if not is_sealed(raw):
            continue
        try:
            plain = key.open(raw, _label(path))
        except Tampered:
            continue  # another folder's, or damaged: not ours to open
        write_atomically(path, plain)
        opened += 1
    return opened


def save_recovered_text(
    state_dir: Path, session_id: str, text: str, now: datetime, key: DataKey | None = None
) -> Path:
    """Write ``text`` to a new file under ``state_dir/recovered`` (sealed with
    ``key`` when given) and return its path. Raises OSError if it cannot be
    written (the caller says so)."""
    folder = state_dir / RECOVERED_FOLDER
    ensure_private_dirs(state_dir, folder)
    stem = f"{session_id}-{now.strftime('%Y%m%dT%H%M%S')}"
    for attempt in range(1000):
        path = folder / (f"{stem}.txt" if attempt == 0 else f"{stem}-{attempt}.txt")
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
