"""Hostile files and values against encryption at rest, retention and the
config command: each test here failed before its fix."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from test_encryption import FAST_N, PASS, cli_env, fill

from tui_interview.storage import SessionStore, crypto
from tui_interview.storage.crypto import BadHeader, header_path, unlock
from tui_interview.storage.encryption import encrypt_folder


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "SCRYPT_N", FAST_N)


# -- a tampered header's key derivation parameters ----------------------------


@pytest.mark.parametrize(
    "name, value",
    [
        ("n", 3),  # not a power of two
        ("n", 2**40),  # terabytes of memory
        ("n", 1),
        ("n", -1),
        ("r", 0),
        ("r", 2**20),
        ("p", 0),
        ("p", 2**31),  # hours of work
    ],
)
def test_a_header_with_hostile_scrypt_parameters_is_a_bad_header(data_dir, clock, name, value):
    fill(SessionStore(data_dir, now=clock), clock, 1)
    encrypt_folder(data_dir, PASS, now=clock)
    header = json.loads(header_path(data_dir).read_text())
    header["kdf"][name] = value
    header_path(data_dir).write_text(json.dumps(header))
    with pytest.raises(BadHeader, match="scrypt"):
        unlock(data_dir, PASS)
    listed = run_cli(cli_env(data_dir), "--data-dir", str(data_dir), "sessions")
    assert listed.returncode == 2 and "cannot be read" in listed.stderr
