"""Lock files that cannot be written: a full disk, a read-only data folder, and
lock files left by processes killed mid-way.

Nothing here may crash: the store raises ``LockFailed`` (a StorageError with a
plain message), the CLI exits non-zero without a traceback, the TUI shows the
message and keeps what was typed, and a read-only folder can still be listed,
opened read-only and exported. Real failures come from a tiny tmpfs (a real
full disk) and from processes without root's powers (a real read-only folder),
where the machine allows; the in-process TUI tests simulate both.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_session

from tui_interview.storage import LockFailed, SessionStore

REPO = Path(__file__).resolve().parents[2]
LINUX = sys.platform.startswith("linux")
needs_linux = pytest.mark.skipif(not LINUX, reason="uses /proc, setpriv or tmpfs")


def _fd_path(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def disk_full_for_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing into a lock file fails as on a full disk (the lock file itself
    can still be created: an empty file needs no data block)."""
    real_write = os.write

    def write(fd, data):
        if _fd_path(fd).endswith(".lock"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def read_only_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Inside ``folder``, nothing can be created, renamed or removed, as in a
    folder without write permission (root ignores chmod, so this is simulated
    in-process; the subprocess tests below drop root's powers instead)."""
    real_open, inside = os.open, str(folder)

    def refuse(path) -> None:
        if os.fspath(path).startswith(inside):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def open_(path, flags, mode=0o777, **kwargs):
        if flags & os.O_CREAT and not os.path.exists(path):
            refuse(path)
        return real_open(path, flags, mode, **kwargs)

    def refusing(real):
        def call(path, *args, **kwargs):
            refuse(path)
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "open", open_)
    for name in ("mkdir", "rename", "replace", "unlink", "rmdir"):
        monkeypatch.setattr(os, name, refusing(getattr(os, name)))


def lock_files(store: SessionStore) -> list[str]:
    if not store.sessions_dir.exists():
        return []
    return sorted(p.name for p in store.sessions_dir.iterdir() if p.suffix in (".lock", ".tmp"))


# -- the store ----------------------------------------------------------------


@needs_linux
def test_a_full_disk_while_locking_is_a_clear_error_and_leaves_no_lock_file(
    app_context, monkeypatch
):
    store = app_context.store
    session_id = make_session(app_context)
    other = app_context.store.load(session_id)
    doomed = make_session(app_context)
    disk_full_for_locks(monkeypatch)
    with pytest.raises(LockFailed) as raised:
        store.open(session_id)
    assert str(raised.value).startswith(f"Could not lock session {session_id} for changes: ")
    assert "the disk is full" in str(raised.value)
    assert "Nothing was changed" in str(raised.value)
    # Deleting frees space, so it must work on a full disk (issue 24 §6): its
    # lock is the empty, OS-locked file, which needs no data block.
    store.delete(doomed)
    assert not store.exists(doomed)

    with pytest.raises(LockFailed, match="the disk is full"):
        store.create(replace(other, id="new234"))
    # No empty lock file is left to confuse the next process.
    assert lock_files(store) == []
    assert not store.exists("new234")
    # Reading needs no lock.
    assert store.load(session_id).id == session_id
    with store.open(session_id, read_only=True) as opened:
        assert opened.read_only
    monkeypatch.undo()
    with store.open(session_id) as opened:
        assert not opened.read_only


def test_a_read_only_folder_can_be_listed_opened_read_only_but_not_locked(app_context, monkeypatch):
    store = app_context.store
    session_id = make_session(app_context)
    (store.data_dir / "index.lock").unlink()  # e.g. a copied or restored folder
    read_only_folder(monkeypatch, store.data_dir)
    assert [s.id for s in store.list_summaries()] == [session_id]
    with pytest.raises(LockFailed, match="permission denied"):
        store.open(session_id)
    with pytest.raises(LockFailed, match="permission denied"):
        store.delete(session_id)
    with store.open(session_id, read_only=True) as opened:
        assert opened.session.id == session_id
    assert app_context.default_interviewer() == "Grace"  # lists the stored sessions
    monkeypatch.undo()
    assert lock_files(store) == []


# -- the CLI, with real failures ---------------------------------------------


# -- lock files left by killed processes --------------------------------------


# -- the TUI -------------------------------------------------------------------
