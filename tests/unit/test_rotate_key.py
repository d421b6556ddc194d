"""Issue 24 §3: ``change-passphrase --rotate-key`` reseals everything with a
new data key, crash-safe like ``encrypt``; a new passphrase needs 8
characters and must not be a common password (storage/passphrase.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli
from test_encryption import (
    NEW_PASS,
    PASS,
    SECRETS,
    _made,
    cli_env,
    contents,
    every_byte,
    fill,
    plain_hits,
    readable,
)

from tui_interview.storage import SessionStore, crypto
from tui_interview.storage.crypto import HeaderRolledBack, Tampered, WrongPassphrase, unlock
from tui_interview.storage.encryption import encrypt_folder, pending, rotate_key
from tui_interview.storage.errors import SessionLocked
from tui_interview.storage.passphrase import (
    PassphraseUnavailable,
    check_new_passphrase,
    common_passwords,
)
from tui_interview.storage.recovery import read_recovered_text, save_recovered_text

needs_posix = pytest.mark.skipif(os.name != "posix", reason="power-cut simulator")


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)


def _sealed_bodies(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in every_byte(folder).items() if crypto.is_sealed(data)}


def test_rotate_key_reseals_every_file_with_a_new_key(data_dir, clock, tmp_path):
    store = SessionStore(data_dir, now=clock)
    fill(store, clock, 3)
    expected = contents(store)
    old_key, _ = encrypt_folder(data_dir, PASS, now=clock)
    state = tmp_path / "state"
    recovery = save_recovered_text(state, "abc222", SECRETS["draft"], clock(), key=old_key)
    old_header = crypto.header_path(data_dir).read_bytes()
    before = _sealed_bodies(data_dir)
    old_files = {name: data for name, data in before.items() if name != "encryption.json"}

    done = rotate_key(unlock(data_dir, PASS), NEW_PASS, now=clock, state_dir=state)

    assert done.files == 3 + 1 and done.unreadable == []  # sessions, recovery file
    after = _sealed_bodies(data_dir)
    assert all(after[name] != data for name, data in old_files.items() if name in after)
    for name, data in after.items():  # nothing opens with the old key any more
        label = {"index.json": "index.json", "search.json": "search.json"}.get(name)
        if label is None and name.startswith("sessions/"):
            label = f"session:{Path(name).name.split('.')[0]}"
        if label is not None:
            with pytest.raises(Tampered):
                old_key.open(data, label)
    with pytest.raises(WrongPassphrase):
        unlock(data_dir, PASS)
    key = unlock(data_dir, NEW_PASS)
    assert not key.rotating and pending(key) is None
    assert contents(SessionStore(data_dir, now=clock, key=key)) == expected
    assert plain_hits(data_dir) == [] and plain_hits(state) == []
    assert read_recovered_text(recovery, key) == SECRETS["draft"]
    with pytest.raises(Tampered):
        read_recovered_text(recovery, old_key)
    # The old header put back: refused (and its key opens nothing anyway).
    crypto.header_path(data_dir).write_bytes(old_header)
    with pytest.raises(HeaderRolledBack):
        unlock(data_dir, PASS)


def test_an_interrupted_rotation_reads_both_keys_and_finishes_when_run_again(data_dir, clock):
    store = SessionStore(data_dir, now=clock)
    ids = fill(store, clock, 3)
    expected = contents(store)
    encrypt_folder(data_dir, PASS, now=clock)
    seen: list[str] = []

    def stop_at_the_second_session(path: str) -> None:
        seen.append(path)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotate_key(unlock(data_dir, PASS), NEW_PASS, now=clock, progress=stop_at_the_second_session)
    key = unlock(data_dir, PASS)  # still the current passphrase, both keys held
    assert key.rotating and pending(key) == "change-passphrase --rotate-key"
    assert contents(SessionStore(data_dir, now=clock, key=key)) == expected
    # A save meanwhile is sealed with the new key.
    with SessionStore(data_dir, now=clock, key=key).open(ids[2]) as opened:
        opened.save()
    rotate_key(key, NEW_PASS, now=clock)
    assert contents(SessionStore(data_dir, now=clock, key=unlock(data_dir, NEW_PASS))) == expected


def test_rotation_stops_before_a_session_open_elsewhere(data_dir, clock):
    store = SessionStore(data_dir, now=clock)
    ids = fill(store, clock, 2)
    encrypt_folder(data_dir, PASS, now=clock)
    held = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS)).open(ids[1])
    try:
        with pytest.raises(SessionLocked):
            rotate_key(unlock(data_dir, PASS), NEW_PASS, now=clock)
    finally:
        held.close()
    rotate_key(unlock(data_dir, PASS), NEW_PASS, now=clock)
    assert len(contents(SessionStore(data_dir, now=clock, key=unlock(data_dir, NEW_PASS)))) == 2


def test_the_command_rotates_and_refuses_weak_passphrases(data_dir, clock):
    fill(SessionStore(data_dir, now=clock), clock, 1)
    encrypt_folder(data_dir, PASS, now=clock)
    before = every_byte(data_dir)
    for weak, why in ((" ", "blank"), ("short 7", "at least 8"), ("Password1", "common")):
        refused = run_cli(cli_env(data_dir, new=weak), "change-passphrase", "--rotate-key")
        assert refused.returncode == 2 and why in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    assert every_byte(data_dir) == before  # nothing changed
    done = run_cli(cli_env(data_dir, new=NEW_PASS), "change-passphrase", "--rotate-key")
    assert done.returncode == 0 and "new data key" in done.stdout, done.stderr
    listed = run_cli(cli_env(data_dir, passphrase=NEW_PASS), "sessions")
    assert listed.returncode == 0 and "abc222" in listed.stdout


def test_encrypt_refuses_a_weak_passphrase(data_dir, clock):
    fill(SessionStore(data_dir, now=clock), clock, 1)
    refused = run_cli(cli_env(data_dir, passphrase="        "), "encrypt")
    assert refused.returncode == 2 and "blank" in refused.stderr
    assert not crypto.is_encrypted(data_dir)


def test_the_passphrase_rules():
    common = common_passwords()
    assert {"password", "iloveyou", "qwertyuiop", "baseball"} <= common
    assert all(len(word) >= 8 for word in common)
    for weak in ("", " ", "\t  \n", "abc", "1234567", "PASSWORD", "  password  ", "Sunshine"):
        with pytest.raises(PassphraseUnavailable):
            check_new_passphrase(weak)
    for good in ("correct horse battery staple", "eight ch", "密码密码密码密码"):
        assert check_new_passphrase(good) == good


@needs_posix
@pytest.mark.slow
def test_rotate_key_survives_every_power_cut(tmp_path, clock):
    from powercut import Recorder, check_every_prefix

    root = _made(tmp_path / "root")
    folder = root / "data"
    store = SessionStore(folder, now=clock)
    fill(store, clock, 2)
    expected = contents(store)
    encrypt_folder(folder, PASS, now=clock)
    recorder = Recorder(root)
    with recorder.recording():
        rotate_key(unlock(folder, PASS), NEW_PASS, now=clock)

    def observe(state: Path):
        try:
            return readable(state / "data", clock, (PASS, NEW_PASS)), None
        except Exception as error:  # any failure is what this looks for
            return None, f"{type(error).__name__}: {error}"

    def verify(seen, acks) -> list[str]:
        found, error = seen
        if error:
            return [error]
        return [] if found == expected else ["a session changed or went missing"]

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    report = check_every_prefix(recorder, observe, verify, scratch)
    print(f"rotate: power-cut points={report.points} states={report.states}")
    assert report.failures == [], report.failures[:3]
    assert report.points > 3
