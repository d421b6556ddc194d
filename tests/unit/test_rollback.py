"""Issue 24 §3: an older copy of a sealed session file, of the index or of the
header put back is found and named, never taken as genuine
(storage/crypto.py versions and generations, storage/anchor.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import plan_shipped, run_cli

from tui_interview.storage import SessionStore, crypto
from tui_interview.storage.anchor import anchor_path
from tui_interview.storage.crypto import HeaderRolledBack, RolledBack, check_passphrase, unlock
from tui_interview.storage.encryption import change_passphrase, encrypt_folder
from tui_interview.storage.errors import SessionDamaged

PASS = "correct horse battery staple"
NEW_PASS = "new passphrase 2"


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def _env(data_dir: Path, passphrase: str = PASS) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["TUI_INTERVIEW_DATA_DIR"] = str(data_dir)
    env["TUI_INTERVIEW_STATE_DIR"] = os.environ["TUI_INTERVIEW_STATE_DIR"]
    env["TUI_INTERVIEW_PASSPHRASE"] = passphrase
    return env


def _encrypted_store(data_dir: Path, clock) -> SessionStore:
    store = SessionStore(data_dir, now=clock)
    store.create(plan_shipped(clock(), session_id="abc222", candidate="Ada"))
    encrypt_folder(data_dir, PASS, now=clock)
    return SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))


def _note(store: SessionStore, text: str, clock) -> None:
    with store.open("abc222") as opened:
        opened.session.record_note(text, clock())
        opened.save()


def test_an_older_session_file_put_back_is_named_and_not_used(data_dir, clock):
    store = _encrypted_store(data_dir, clock)
    _note(store, "first note", clock)
    path = store.session_path("abc222")
    old = path.read_bytes()
    _note(store, "the note that would be undone", clock)
    assert crypto.sealed_version(path.read_bytes()) > crypto.sealed_version(old)
    path.write_bytes(old)  # it still opens with the key: only its version is old
    assert store.key is not None and store.key.open(old, "session:abc222")
    with pytest.raises(SessionDamaged, match=r"older copy \(version \d+\) of the one last saved"):
        store.open("abc222")
    assert not path.exists()  # moved aside, kept, not used
    assert [p.name.split(".")[0] for p in (data_dir / "damaged").iterdir()] == ["abc222"]


def test_listing_names_an_older_session_file(data_dir, clock):
    store = _encrypted_store(data_dir, clock)
    path = store.session_path("abc222")
    old = path.read_bytes()
    _note(store, "a note", clock)
    path.write_bytes(old)
    fresh = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))
    assert [s.id for s in fresh.list_summaries()] == []
    (report,) = fresh.take_damage_reports()
    assert "older copy" in report.reason


def test_an_older_index_put_back_is_refused(data_dir, clock):
    store = _encrypted_store(data_dir, clock)
    old_index = (data_dir / "index.json").read_bytes()
    old_session = store.session_path("abc222").read_bytes()
    _note(store, "a note", clock)
    store.compact_indexes()  # a newer index.json, recording the newer version
    # Both put back together: only the anchor can tell.
    (data_dir / "index.json").write_bytes(old_index)
    (data_dir / "index.log").write_bytes(b"")
    store.session_path("abc222").write_bytes(old_session)
    fresh = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))
    with pytest.raises(RolledBack, match=r"index.json is an older copy \(seq \d+\)"):
        fresh.list_summaries()
    (data_dir / "index.json").unlink()  # nor is a missing one rebuilt
    with pytest.raises(RolledBack, match="index.json is missing"):
        fresh.list_summaries()
    listed = run_cli(_env(data_dir), "sessions")
    assert listed.returncode == 2 and "index.json is missing" in listed.stderr
    assert "Traceback" not in listed.stderr


def test_the_encrypting_header_put_back_is_refused(data_dir, clock):
    """An old ``encrypting`` header would let a plain session file in as
    genuine: it is refused by unlock, by the lock screen's check and by the
    commands."""
    store = SessionStore(data_dir, now=clock)
    store.create(plan_shipped(clock(), session_id="abc222"))
    saved: dict[str, bytes] = {}

    def progress(_path: str) -> None:
        saved.setdefault("header", crypto.header_path(data_dir).read_bytes())

    key, _ = encrypt_folder(data_dir, PASS, now=clock, progress=progress)
    assert b'"encrypting"' in saved["header"]
    crypto.header_path(data_dir).write_bytes(saved["header"])
    with pytest.raises(HeaderRolledBack, match=r"older copy \(generation \d+\)"):
        unlock(data_dir, PASS)
    assert not check_passphrase(key, PASS)
    listed = run_cli(_env(data_dir), "sessions")
    assert listed.returncode == 2 and "encryption.json is an older copy" in listed.stderr
    assert "Traceback" not in listed.stderr


def test_the_header_of_before_change_passphrase_is_refused(data_dir, clock):
    _encrypted_store(data_dir, clock)
    old_header = crypto.header_path(data_dir).read_bytes()
    change_passphrase(unlock(data_dir, PASS), NEW_PASS)
    crypto.header_path(data_dir).write_bytes(old_header)
    with pytest.raises(HeaderRolledBack):
        unlock(data_dir, PASS)


def test_a_folder_restored_on_purpose_is_accepted_once_the_anchor_goes(data_dir, clock):
    store = _encrypted_store(data_dir, clock)
    backup = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    backup_session = store.session_path("abc222").read_bytes()
    _note(store, "a note", clock)
    store.compact_indexes()
    change_passphrase(unlock(data_dir, PASS), NEW_PASS)
    for name, data in backup.items():
        (data_dir / name).write_bytes(data)
    store.session_path("abc222").write_bytes(backup_session)
    with pytest.raises(HeaderRolledBack) as refused:
        unlock(data_dir, PASS)
    anchor = anchor_path(data_dir)
    assert anchor is not None and str(anchor) in str(refused.value)
    anchor.unlink()
    restored = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))
    assert [s.id for s in restored.list_summaries()] == ["abc222"]
    assert restored.load("abc222").notes == []


def test_no_false_alarm_through_decrypt_encrypt_and_an_interrupted_decrypt(data_dir, clock):
    """Versions and the anchor follow decrypt and encrypt again (a new key,
    versions from 1), and an interrupted decrypt turned back by encrypt."""
    from tui_interview.storage.encryption import decrypt_folder

    store = _encrypted_store(data_dir, clock)
    for n in range(3):
        _note(store, f"note {n}", clock)
    store.compact_indexes()
    decrypt_folder(unlock(data_dir, PASS), now=clock)
    plain = SessionStore(data_dir, now=clock)
    _note(plain, "plain note", clock)
    encrypt_folder(data_dir, PASS, now=clock)
    again = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))
    _note(again, "sealed again", clock)
    again.compact_indexes()
    assert [s.id for s in again.list_summaries()] == ["abc222"]
    assert len(again.load("abc222").notes) == 5

    calls: list[str] = []

    def stop(path: str) -> None:  # after the session file is plain again
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        decrypt_folder(unlock(data_dir, PASS), now=clock, progress=stop)
    assert not crypto.is_sealed(again.session_path("abc222").read_bytes())
    meanwhile = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))
    assert [s.id for s in meanwhile.list_summaries()] == ["abc222"]  # plain: not compared
    assert meanwhile.take_damage_reports() == []
    encrypt_folder(data_dir, PASS, now=clock)  # turned back
    last = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))
    assert [s.id for s in last.list_summaries()] == ["abc222"]
    assert last.take_damage_reports() == []
    _note(last, "after all that", clock)
    assert len(last.load("abc222").notes) == 6
