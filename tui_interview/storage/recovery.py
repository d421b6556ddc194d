"""Text that could not be saved with its interview (a full disk, a read-only
folder) is written, on request, to a file of its own in the user's state
folder: private (0700 folder, 0600 file), never overwritten, named by the
session and the time."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from tui_interview.files.atomic import ensure_private_dirs, open_private, write_all

RECOVERED_FOLDER = "recovered"


def save_recovered_text(state_dir: Path, session_id: str, text: str, now: datetime) -> Path:
    """Write ``text`` to a new file under ``state_dir/recovered`` and return its
    path. Raises OSError if it cannot be written (the caller says so)."""
    folder = state_dir / RECOVERED_FOLDER
    ensure_private_dirs(state_dir, folder)
    stem = f"{session_id}-{now.strftime('%Y%m%dT%H%M%S')}"
    for attempt in range(1000):
        path = folder / (f"{stem}.txt" if attempt == 0 else f"{stem}-{attempt}.txt")
        try:
            fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            continue
        try:
            write_all(fd, text.encode("utf-8", "surrogatepass"))
            os.fsync(fd)
        except OSError:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        os.close(fd)
        return path
    raise FileExistsError(f"too many recovery files named {stem}*.txt in {folder}")
