"""Encryption at rest with real processes: a writer killed mid-save, the
commands asking for the passphrase, and encrypt / decrypt / change-passphrase
killed with SIGKILL at every step (key derivation made cheap, as in
tests/unit/test_encryption.py)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from test_encryption import (
    FAST_N,
    NEW_PASS,
    PASS,
    SECRETS,
    _cheap_kdf,  # noqa: F401 (an autouse fixture)
    _made,
    cli_env,
    contents,
    fill,
    full_session,
    needs_posix,
    plain_hits,
    readable,
)

from tui_interview.storage import SessionStore
from tui_interview.storage.crypto import (
    ENCRYPTED,
    check_passphrase,
    create_header,
    is_encrypted,
    unlock,
)
from tui_interview.storage.encryption import change_passphrase, decrypt_folder, encrypt_folder


@needs_posix
def test_a_writer_killed_mid_save_leaves_nothing_plain(data_dir, clock):
    key = create_header(_made(data_dir), PASS, state=ENCRYPTED)
    SessionStore(data_dir, now=clock, key=key).create(full_session(clock, "abc222"))
    script = f"""
import sys
from tui_interview.storage import SessionStore, unlock
from datetime import datetime
now = lambda: datetime.fromisoformat("{clock().isoformat()}")
store = SessionStore(sys.argv[1], now=now, key=unlock(sys.argv[1], {PASS!r}))
with store.open("abc222") as opened:
    n = 0
    while True:
        n += 1
        opened.session.record_note("xylophone " * 200 + str(n), now())
        opened.session.draft = "walrus " * 100
        opened.save()
        print(n, flush=True)
"""
    rng = random.Random(15)
    for _ in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", script, str(data_dir)], cwd=REPO, stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.random() * 0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert plain_hits(data_dir) == []
    store = SessionStore(data_dir, now=clock, key=unlock(data_dir, PASS))
    assert store.load("abc222").draft.startswith("walrus")


def test_the_commands_ask_for_the_passphrase(data_dir, clock, tmp_path):
    fill(SessionStore(data_dir, now=clock), clock, 2)
    key, _ = encrypt_folder(data_dir, PASS, now=clock)
    listed = run_cli(cli_env(data_dir), "sessions", "--json")
    assert listed.returncode == 0 and SECRETS["candidate"] in listed.stdout
    wrong = run_cli(cli_env(data_dir, "guess"), "sessions")
    assert wrong.returncode == 2 and wrong.stderr.strip() == "tui-interview: wrong passphrase"
    none = run_cli(cli_env(data_dir, None), "export", "abc222")
    assert none.returncode == 2 and "TUI_INTERVIEW_PASSPHRASE" in none.stderr
    secret_file = tmp_path / "pass.txt"
    secret_file.write_text(PASS + "\n")
    out = tmp_path / "out.md"
    exported = run_cli(
        cli_env(data_dir, None),
        "export",
        "abc222",
        "-o",
        str(out),
        "--passphrase-file",
        str(secret_file),
    )
    assert exported.returncode == 0, exported.stderr
    assert SECRETS["note"] in out.read_text() and oct(out.stat().st_mode & 0o777) == "0o600"
    changed = run_cli(cli_env(data_dir, PASS, NEW_PASS), "change-passphrase")
    assert changed.returncode == 0, changed.stderr
    assert run_cli(cli_env(data_dir, PASS), "sessions").returncode == 2
    decrypted = run_cli(cli_env(data_dir, NEW_PASS), "decrypt")
    assert decrypted.returncode == 0, decrypted.stderr
    assert run_cli(cli_env(data_dir, None), "sessions").returncode == 0


CONVERT = f"""
import sys
from tui_interview.storage import crypto
crypto.SCRYPT_N = {FAST_N}
from tui_interview.storage.encryption import change_passphrase, decrypt_folder, encrypt_folder
def progress(path):
    print("at", path, flush=True)
    sys.stdin.readline()  # the parent's go-ahead: it chooses where the kill lands
action, folder = sys.argv[1], sys.argv[2]
if action == "encrypt":
    encrypt_folder(__import__("pathlib").Path(folder), {PASS!r}, progress=progress)
elif action == "decrypt":
    decrypt_folder(crypto.unlock(folder, {PASS!r}), progress=progress)
else:
    key = crypto.unlock(folder, {PASS!r})
    print("at unlocked", flush=True)
    change_passphrase(key, {NEW_PASS!r})
print("done", flush=True)
"""


def run_and_kill(action: str, folder: Path, steps: int, delay: float) -> bool:
    """Run ``action`` in a child; let it past ``steps`` progress lines (it
    waits at each for the go-ahead), then kill it ``delay`` seconds into the
    work after the last: so the kill lands at a step the test chooses, and at
    a random moment within it however fast the machine is. Returns whether
    it finished first."""
    child = subprocess.Popen(
        [sys.executable, "-c", CONVERT, action, str(folder)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    finished = False
    for _ in range(steps):
        line = child.stdout.readline()
        if not line or line.startswith("done"):
            finished = True
            break
        try:
            child.stdin.write("go\n")
            child.stdin.flush()
        except BrokenPipeError:
            pass  # it has already ended
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    child.stdin.close()
    return finished or "done" in rest


@needs_posix
@pytest.mark.parametrize("action", ["encrypt", "decrypt"])
def test_encrypt_and_decrypt_killed_at_every_step_lose_nothing(data_dir, clock, action):
    store = SessionStore(data_dir, now=clock)
    fill(store, clock, 5)
    expected = contents(store)
    rng = random.Random(1515)
    steps = 10  # 5 sessions, 2 indexes: a kill before, during and after each
    killed_midway = 0
    for step in range(steps):
        if action == "decrypt" and not is_encrypted(data_dir):
            encrypt_folder(data_dir, PASS, now=clock)
        finished = run_and_kill(action, data_dir, step, rng.random() * 0.005)
        killed_midway += not finished
        assert readable(data_dir, clock) == expected, (step, finished)
        assert not (data_dir / "damaged").exists()
        # The next run finishes the job.
        if action == "encrypt":
            encrypt_folder(data_dir, PASS, now=clock)
            assert plain_hits(data_dir) == []
        else:
            if is_encrypted(data_dir):
                decrypt_folder(unlock(data_dir, PASS), now=clock)
            assert not is_encrypted(data_dir)
        assert readable(data_dir, clock) == expected
        if action == "encrypt":
            decrypt_folder(unlock(data_dir, PASS), now=clock)
    assert killed_midway >= 5


@needs_posix
def test_change_passphrase_killed_at_any_moment_keeps_one_passphrase_working(data_dir, clock):
    store = SessionStore(data_dir, now=clock)
    fill(store, clock, 3)
    expected = contents(store)
    encrypt_folder(data_dir, PASS, now=clock)
    rng = random.Random(2026)
    for _ in range(8):
        if not check_passphrase(data_dir, PASS):
            change_passphrase(unlock(data_dir, NEW_PASS), PASS)
        run_and_kill("change", data_dir, 1, rng.random() * 0.01)
        assert readable(data_dir, clock, (PASS, NEW_PASS)) == expected
        assert check_passphrase(data_dir, PASS) != check_passphrase(data_dir, NEW_PASS)
    assert not (data_dir / "damaged").exists()
