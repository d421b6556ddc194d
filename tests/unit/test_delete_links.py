"""delete and purge never follow a symbolic link out of the data folder
(issue 24 §6: a symlinked ``damaged/``)."""

from __future__ import annotations

import os

import pytest
from conftest import make_session

from tui_interview.storage.retention import purge

needs_links = pytest.mark.skipif(os.name != "posix", reason="symbolic links")


@needs_links
def test_purge_does_not_follow_a_symlinked_damaged_folder(app_context, tmp_path):
    store = app_context.store
    session_id = make_session(app_context)
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / f"{session_id}.json.20260101T000000"
    victim.write_text("not the app's")
    store.damaged_dir.mkdir(parents=True, exist_ok=True)
    os.rmdir(store.damaged_dir)
    os.symlink(outside, store.damaged_dir)
    result = purge(store, tmp_path / "state", [session_id])
    assert result.deleted == [session_id]
    assert victim.read_text() == "not the app's"


@needs_links
def test_a_link_inside_damaged_is_removed_as_a_link(app_context, tmp_path):
    store = app_context.store
    session_id = make_session(app_context)
    target = tmp_path / "target.txt"
    target.write_text("kept")
    store.damaged_dir.mkdir(parents=True, exist_ok=True)
    link = store.damaged_dir / f"{session_id}.json.20260101T000000"
    os.symlink(target, link)
    purge(store, tmp_path / "state", [session_id])
    assert not os.path.lexists(link)
    assert target.read_text() == "kept"
