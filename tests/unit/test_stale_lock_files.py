"""An empty lock file left by a creator killed before writing into it is
removed once no one holds it (issue 24 §6)."""

from __future__ import annotations

import os

from tui_interview.storage.locks import SessionLock


def test_an_empty_unheld_lock_file_is_taken_as_stale(tmp_path):
    path = tmp_path / "abc234.lock"
    path.touch(mode=0o600)
    lock = SessionLock.take_if_stale("abc234", path)
    assert lock is not None
    lock.release()
    assert not path.exists()


def test_an_empty_lock_file_whose_taker_holds_it_is_left_alone(tmp_path):
    import fcntl

    path = tmp_path / "abc234.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # taken, details not written yet
    try:
        assert SessionLock.take_if_stale("abc234", path) is None
        assert path.exists()
    finally:
        os.close(fd)


def test_the_store_removes_an_empty_lock_file_of_a_session_never_created(app_context):
    store = app_context.store
    store.sessions_dir.mkdir(parents=True, exist_ok=True)
    leftover = store.sessions_dir / "abc234.lock"
    leftover.touch(mode=0o600)
    store.list_summaries()
    assert not leftover.exists()
