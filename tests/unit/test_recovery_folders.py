"""Issue 24 §5: recovery files record their data folder as well as their
session, and are matched by both (storage/recovery.py): two data folders
sharing a session id (``import-session`` keeps it) no longer share them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import plan_shipped

from tui_interview.storage import SessionStore, crypto
from tui_interview.storage.encryption import decrypt_folder, encrypt_folder
from tui_interview.storage.recovery import (
    files_of,
    folder_tag,
    read_recovered_text,
    save_recovered_text,
)
from tui_interview.storage.retention import remove_traces

PASS = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


@pytest.fixture
def state() -> Path:
    return Path(os.environ["TUI_INTERVIEW_STATE_DIR"])


def _two_folders(tmp_path: Path, clock) -> tuple[SessionStore, SessionStore]:
    stores = []
    for name in ("a", "b"):
        store = SessionStore(tmp_path / name, now=clock)
        store.create(plan_shipped(clock(), session_id="abc222", candidate=f"Candidate {name}"))
        stores.append(store)
    return stores[0], stores[1]


def test_the_name_records_the_folder(tmp_path, clock, state):
    a, b = _two_folders(tmp_path, clock)
    path = save_recovered_text(state, "abc222", "words of a", clock(), data_dir=a.data_dir)
    assert path.name == f"abc222-20261126T093000.{folder_tag(a.data_dir)}.txt"
    assert folder_tag(a.data_dir) != folder_tag(b.data_dir)
    assert folder_tag(a.data_dir) == folder_tag(tmp_path / "x" / ".." / "a")  # its real path
    assert [p for p, _ in files_of(state, a.data_dir, "abc222")] == [path]
    assert list(files_of(state, b.data_dir, "abc222")) == []


def test_deleting_in_one_folder_leaves_the_other_folders_recovery_file(tmp_path, clock, state):
    a, b = _two_folders(tmp_path, clock)
    a_file = save_recovered_text(state, "abc222", "the only copy, a", clock(), data_dir=a.data_dir)
    b_file = save_recovered_text(state, "abc222", "b's words", clock(), data_dir=b.data_dir)
    b.delete("abc222")
    remove_traces(b, state, "abc222")  # as delete and purge do
    assert not b_file.exists()
    assert a_file.read_text() == "the only copy, a"


def test_the_delete_command_in_one_folder_leaves_the_other(tmp_path, clock, state):
    from conftest import run_cli

    a, b = _two_folders(tmp_path, clock)
    a_file = save_recovered_text(state, "abc222", "the only copy, a", clock(), data_dir=a.data_dir)
    b_file = save_recovered_text(state, "abc222", "b's words", clock(), data_dir=b.data_dir)
    env = {k: v for k, v in os.environ.items() if k != "TUI_INTERVIEW_DATA_DIR"}
    env["TUI_INTERVIEW_DATA_DIR"] = str(b.data_dir)
    done = run_cli(env, "delete", "abc222", "--yes")
    assert done.returncode == 0, done.stderr
    assert not b_file.exists() and a_file.exists()


def test_encrypt_of_one_folder_does_not_seal_the_others(tmp_path, clock, state):
    a, b = _two_folders(tmp_path, clock)
    a_file = save_recovered_text(state, "abc222", "a's words", clock(), data_dir=a.data_dir)
    b_file = save_recovered_text(state, "abc222", "b's words", clock(), data_dir=b.data_dir)
    key, done = encrypt_folder(b.data_dir, PASS, now=clock, state_dir=state)
    assert a_file.read_bytes() == b"a's words"  # left for a's own encrypt
    assert crypto.is_sealed(b_file.read_bytes())
    assert read_recovered_text(b_file, key) == "b's words"
    decrypt_folder(key, now=clock, state_dir=state)
    assert b_file.read_bytes() == b"b's words"
    assert a_file.read_bytes() == b"a's words"


def test_files_of_before_the_tag_are_left_to_the_user(tmp_path, clock, state):
    a, _b = _two_folders(tmp_path, clock)
    legacy = save_recovered_text(state, "abc222", "whose?", clock())
    assert ".txt" in legacy.name and folder_tag(a.data_dir) not in legacy.name
    remove_traces(a, state, "abc222")
    encrypt_folder(a.data_dir, PASS, now=clock, state_dir=state)
    assert legacy.read_bytes() == b"whose?"


def test_dead_temporary_files_in_recovered_are_removed(tmp_path, clock, state):
    """A killed decrypt could leave the plain text of a sealed recovery file
    in a temporary file, which encrypt then skipped for good."""
    import subprocess
    import sys

    a, _b = _two_folders(tmp_path, clock)
    save_recovered_text(state, "abc222", "words", clock(), data_dir=a.data_dir)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    folder = state / "recovered"
    left = folder / f"abc222-20261126T093000.txt.{int(dead.stdout)}.0a1b2c3d.tmp"
    left.write_text("the plain text of a sealed file")
    live = folder / f"abc222-20261126T093000.txt.{os.getppid()}.0a1b2c3d.tmp"
    live.write_text("a write under way")
    encrypt_folder(a.data_dir, PASS, now=clock, state_dir=state)
    assert not left.exists()
    assert live.exists()  # its writer is alive: it is finishing its write
