"""Hostile files and values against encryption at rest, retention and the
config command: each test here failed before its fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from test_encryption import FAST_N, PASS, cli_env, fill

from tui_interview.storage import SessionStore, crypto
from tui_interview.storage.crypto import BadHeader, header_path, unlock
from tui_interview.storage.encryption import decrypt_folder, encrypt_folder


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


# -- a retention beyond the calendar ---------------------------------------------


@pytest.mark.parametrize("days", [10**6, 2**63 - 1, 10**30])
def test_a_retention_beyond_the_calendar_keeps_everything(clock, days):
    from tui_interview.storage.retention import past_retention, retention_notice

    store_free: list = []
    assert past_retention(store_free, days, clock()) == []
    assert retention_notice(store_free, days, clock()) is None


def test_purge_with_a_huge_older_than_or_retention_days_is_no_traceback(data_dir, clock, tmp_path):
    fill(SessionStore(data_dir, now=clock), clock, 1)
    env = cli_env(data_dir, passphrase=None)
    huge = run_cli(env, "purge", "--older-than", "99999999999999999999", "--dry-run")
    assert huge.returncode == 0 and "No finished interview" in huge.stdout
    config = tmp_path / "config.toml"
    config.write_text(f"retention_days = {2**63 - 1}\n")
    env["TUI_INTERVIEW_CONFIG"] = str(config)
    from_config = run_cli(env, "purge", "--dry-run")
    assert from_config.returncode == 0 and "No finished interview" in from_config.stdout


# -- recovery files outlive the key ------------------------------------------------


def test_decrypt_opens_the_sealed_recovery_files_it_can(data_dir, clock, tmp_path):
    """A sealed recovery file could never be read again once decrypt had
    removed the key: its text (which could not be saved with its interview)
    was lost."""
    import os

    from tui_interview.storage.recovery import read_recovered_text, save_recovered_text

    fill(SessionStore(data_dir, now=clock), clock, 1)
    key, _ = encrypt_folder(data_dir, PASS, now=clock)
    state = Path(os.environ["TUI_INTERVIEW_STATE_DIR"])
    mine = save_recovered_text(state, "abc222", "the words that were not saved", clock(), key)
    other = tmp_path / "other"
    other_key, _ = encrypt_folder(other, "another folder's passphrase", now=clock)
    theirs = save_recovered_text(state, "abc333", "another folder's words", clock(), other_key)
    theirs_before = theirs.read_bytes()
    done = run_cli(cli_env(data_dir), "decrypt")
    assert done.returncode == 0, done.stderr
    printed = run_cli(cli_env(data_dir, passphrase=None), "recovered", str(mine))
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip() == "the words that were not saved"
    assert read_recovered_text(mine, None) == "the words that were not saved"
    assert theirs.read_bytes() == theirs_before  # not this folder's: left sealed
    assert read_recovered_text(theirs, other_key) == "another folder's words"


# -- the config command ---------------------------------------------------------------


def test_config_does_not_print_control_characters_from_the_file(tmp_path, data_dir):
    """config.toml may hold escapes (\\u001b) that would drive the terminal."""
    config = tmp_path / "config.toml"
    config.write_text(
        'interviewer = "Eve\\u001b]0;owned\\u0007\\u001b[2J"\nexport_dir = "~/x\\u001b[31m"\n',
        encoding="utf-8",
    )
    env = cli_env(data_dir, passphrase=None)
    env["TUI_INTERVIEW_CONFIG"] = str(config)
    shown = run_cli(env, "config")
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "Eve" in shown.stdout and "owned" in shown.stdout


def test_config_init_refused_by_the_file_system_exits_3(tmp_path, data_dir):
    """docs/guide/scripting.md, Exit codes: 3 when the file system refuses
    (a file where a folder goes)."""
    (tmp_path / "afile").write_text("")
    env = cli_env(data_dir, passphrase=None)
    env["TUI_INTERVIEW_CONFIG"] = str(tmp_path / "afile" / "config.toml")
    refused = run_cli(env, "config", "--init")
    assert refused.returncode == 3 and "cannot write" in refused.stderr
    env["TUI_INTERVIEW_CONFIG"] = str(tmp_path / "config.toml")
    assert run_cli(env, "config", "--init").returncode == 0
    assert (tmp_path / "config.toml").stat().st_mode & 0o777 == 0o600
    again = run_cli(env, "config", "--init")
    assert again.returncode == 2 and "--force" in again.stderr  # an output that exists


def test_encrypt_seals_the_plain_recovery_files_of_its_sessions(data_dir, clock, tmp_path):
    """Text put in a recovery file before encrypt was left in plain text in
    the state folder, though docs/guide/privacy.md says recovery files are protected."""
    import os

    from tui_interview.storage.recovery import read_recovered_text, save_recovered_text

    fill(SessionStore(data_dir, now=clock), clock, 1)  # session abc222
    state = Path(os.environ["TUI_INTERVIEW_STATE_DIR"])
    mine = save_recovered_text(
        state, "abc222", "the xylophone words not saved", clock(), data_dir=data_dir
    )
    elsewhere = save_recovered_text(
        state, "zzz999", "another folder's words", clock(), data_dir=tmp_path / "other"
    )
    done = run_cli(cli_env(data_dir), "encrypt")
    assert done.returncode == 0, done.stderr
    assert b"xylophone" not in mine.read_bytes()
    assert elsewhere.read_bytes() == b"another folder's words"  # not one of ours
    printed = run_cli(cli_env(data_dir), "recovered", str(mine))
    assert printed.returncode == 0 and printed.stdout.strip() == "the xylophone words not saved"
    assert run_cli(cli_env(data_dir), "decrypt").returncode == 0
    assert read_recovered_text(mine, None) == "the xylophone words not saved"


# -- state.json -------------------------------------------------------------------------


def test_state_json_keeps_the_panel_folder_not_a_transcript_named_after_a_candidate(tmp_path):
    """A panel opened on one transcript (export names carry the candidate,
    e.g. zebulon-quixote-….json) put that name in state.json in plain text,
    where it outlived an encrypted folder and purge."""
    from tui_interview.storage.app_state import AppState

    exports = tmp_path / "exports"
    exports.mkdir()
    transcript = exports / "zebulon-quixote-service-management-processes.json"
    transcript.write_text("{}")
    state = AppState(tmp_path / "state")
    state.remember_panel_dir(transcript)
    assert b"zebulon" not in state.path.read_bytes()
    assert state.last_panel_dir == exports
    state.remember_panel_dir(exports)  # a folder is kept as it is
    assert state.last_panel_dir == exports
    assert state.path.stat().st_mode & 0o777 == 0o600
    assert state.path.parent.stat().st_mode & 0o777 == 0o700


# -- serve: other web pages in the same browser --------------------------------------


async def _handshake(port: int, headers: dict[str, str], token: str | None = None) -> int:
    """The status of a websocket handshake with ``headers`` (101: accepted),
    with the cookie the printed URL sets when ``token`` is given."""
    import aiohttp

    from tui_interview.serve import cookie_name

    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
    cookies = {cookie_name(port): token} if token else None
    async with aiohttp.ClientSession(cookies=cookies) as client:
        try:
            async with client.ws_connect(url, headers=headers) as websocket:
                await websocket.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


@pytest.mark.slow
def test_serve_refuses_other_sites_and_other_host_names(tmp_path):
    """A page from any web site, open in the same browser, could open the
    served app's websocket (browsers let pages connect to any host, sending
    their own Origin) and read every interview from the screen; or reach it
    under its own name by DNS rebinding (its Host header). Only this app's
    own page, under the name it is served as, is let in."""
    import asyncio
    import signal
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from test_serve import free_port, get, printed_url, serve_env, token_of

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_interview", "--data-dir", str(tmp_path / "d"), "serve"]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=serve_env(tmp_path),
    )
    try:
        url = printed_url(server, time.monotonic() + 60)
        token = token_of(url)
        status, _page = get(url, time.monotonic() + 60)
        assert status == 200
        evil = asyncio.run(_handshake(port, {"Origin": "http://evil.example"}, token))
        assert evil == 403
        rebound = urllib.request.Request(url, headers={"Host": f"evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound, timeout=10)
        assert refused.value.code == 403
        own = asyncio.run(_handshake(port, {"Origin": f"http://127.0.0.1:{port}"}, token))
        assert own == 101
        local = asyncio.run(_handshake(port, {"Origin": f"http://localhost:{port}"}, token))
        assert local == 101  # the same machine under another of its names
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert "Traceback" not in err


def test_request_allowed_lets_in_only_this_apps_own_page():
    from tui_interview.serve import request_allowed, served_names

    local = served_names("127.0.0.1", 8000)
    assert request_allowed("127.0.0.1:8000", None, local)
    assert request_allowed("localhost:8000", "http://localhost:8000", local)
    assert request_allowed("[::1]:8000", "http://127.0.0.1:8000", local)
    assert not request_allowed("evil.example:8000", None, local)  # DNS rebinding
    assert not request_allowed(None, None, local)
    assert not request_allowed("127.0.0.1:8000", "http://evil.example", local)
    assert not request_allowed("127.0.0.1:8000", "null", local)
    assert not request_allowed("127.0.0.1:8000", "http://127.0.0.1:8001", local)
    assert not request_allowed("127.0.0.1:8000", "file://", local)
    lan = served_names("192.168.1.20", 8000)
    assert request_allowed("192.168.1.20:8000", "http://192.168.1.20:8000", lan)
    # Only the name served under: another, even with its own Origin, may be rebound.
    assert not request_allowed("laptop.lan:8000", "http://laptop.lan:8000", lan)
    assert not request_allowed("laptop.lan:8000", "https://evil.example", lan)


@pytest.mark.slow
def test_the_served_app_asks_for_the_passphrase_even_with_it_in_the_environment(tmp_path, clock):
    """$TUI_INTERVIEW_PASSPHRASE, set for scripts, was passed on to every
    served copy of the app, which then opened the encrypted interviews
    without asking whoever opened the page."""
    import asyncio
    import signal
    import subprocess
    import sys
    import time

    from test_serve import free_port, get, printed_url, screen_over_websocket, serve_env, token_of

    data = tmp_path / "d"
    fill(SessionStore(data, now=clock), clock, 1)
    encrypt_folder(data, PASS, now=clock)
    port = free_port()
    env = serve_env(tmp_path)
    env["TUI_INTERVIEW_PASSPHRASE"] = PASS
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_interview", "--data-dir", str(data), "serve"]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        url = printed_url(server, time.monotonic() + 60)
        assert get(url, time.monotonic() + 60)[0] == 200
        screen = asyncio.run(
            screen_over_websocket(port, "Enter the passphrase", token_of(url), timeout=40)
        )
        assert "Enter the passphrase" in screen
        assert "Zebulon" not in screen
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert "Traceback" not in err


# -- exit codes ---------------------------------------------------------------------


def test_panel_exits_3_when_the_consensus_folder_cannot_be_read(data_dir, tmp_path, clock):
    """docs/guide/scripting.md, Exit codes: 3 when the file system refuses (a file where a
    folder goes), as sessions does for its folder; panel said 2."""
    from test_panel_report import interview, write

    board = tmp_path / "board"
    write(board, interview(clock, "Grace", 1), clock)
    write(board, interview(clock, "Alan", 4), clock)
    env = cli_env(data_dir, passphrase=None)
    assert run_cli(env, "panel", str(board), "--format", "json").returncode == 0
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "consensus").write_text("")  # a file where the folder goes
    refused = run_cli(env, "panel", str(board), "--format", "json")
    assert refused.returncode == 3 and "consensus" in refused.stderr
    wrong = run_cli(cli_env(data_dir, passphrase="guess"), "panel", str(board), "--format", "json")
    assert wrong.returncode == 3  # not encrypted: the passphrase is not asked for


# -- damaged/ in an encrypted folder ----------------------------------------------------


def test_a_plain_file_quarantined_in_an_encrypted_folder_is_sealed_on_the_way(data_dir, clock):
    """A plain session or consensus file found in an encrypted folder (say,
    copied back from an old backup) was moved into damaged/ as it was: the
    candidate's name and notes in plain text under the folder."""
    from test_encryption import full_session, plain_hits

    from tui_interview.storage.consensus_store import ConsensusDamaged, ConsensusStore
    from tui_interview.storage.errors import SessionDamaged

    store = SessionStore(data_dir, now=clock)
    fill(store, clock, 1)
    plain = SessionStore(data_dir / "elsewhere", now=clock)
    plain.create(full_session(clock, "abc999"))
    backup = plain.session_path("abc999").read_bytes()
    key, _ = encrypt_folder(data_dir, PASS, now=clock)
    (data_dir / "sessions" / "abc999.json").write_bytes(backup)
    (data_dir / "consensus").mkdir(mode=0o700)
    (data_dir / "consensus" / "abc888.json").write_bytes(b'{"candidate": "Zebulon Quixote"}')
    import shutil

    shutil.rmtree(data_dir / "elsewhere")
    sealed = SessionStore(data_dir, now=clock, key=key)
    with pytest.raises(SessionDamaged) as damaged:
        sealed.load("abc999")
    records = ConsensusStore(data_dir, now=clock, key=key)
    with pytest.raises(ConsensusDamaged) as record_damaged:
        records.load("abc888")
    assert damaged.value.moved_to is not None and record_damaged.value.moved_to is not None
    assert plain_hits(data_dir) == []
    assert damaged.value.moved_to.stat().st_mode & 0o777 == 0o600
    assert not (data_dir / "sessions" / "abc999.json").exists()
    decrypt_folder(unlock(data_dir, PASS), now=clock)
    assert damaged.value.moved_to.read_bytes() == backup  # opened again by decrypt
    assert b"Zebulon" in record_damaged.value.moved_to.read_bytes()


def test_purge_with_a_bad_config_says_so_in_one_line(data_dir, tmp_path):
    """It also said "no retention limit: … set retention_days", which was set."""
    config = tmp_path / "config.toml"
    config.write_text('retention_days = "x"\n')
    env = cli_env(data_dir, passphrase=None)
    env["TUI_INTERVIEW_CONFIG"] = str(config)
    refused = run_cli(env, "purge", "--dry-run")
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"tui-interview: {config}:1:1: retention_days must be a whole number of days, "
        "1 or more, not 'x'"
    ]


# -- sealed files without their header ---------------------------------------------------


def test_sealed_files_without_encryption_json_say_what_is_missing(data_dir, clock, tmp_path):
    """With encryption.json gone, every command asked for a passphrase that
    could not help (it is not even asked for without the header)."""
    import os

    from tui_interview.storage.recovery import save_recovered_text

    fill(SessionStore(data_dir, now=clock), clock, 1)
    key, _ = encrypt_folder(data_dir, PASS, now=clock)
    state = Path(os.environ["TUI_INTERVIEW_STATE_DIR"])
    sealed = save_recovered_text(state, "abc222", "words", clock(), key)
    header_path(data_dir).unlink()
    listed = run_cli(cli_env(data_dir), "sessions")
    assert listed.returncode == 2
    assert "encryption.json" in listed.stderr and "backup" in listed.stderr
    assert "TUI_INTERVIEW_PASSPHRASE" not in listed.stderr
    other = tmp_path / "plain"
    printed = run_cli(cli_env(other), "--data-dir", str(other), "recovered", str(sealed))
    assert printed.returncode == 2
    assert "--data-dir" in printed.stderr and "recovered are encrypted" not in printed.stderr


def test_config_refuses_a_budget_the_app_would_refuse(tmp_path):
    """budget_minutes = 100000 was accepted, then every new interview's form
    started with a budget it refuses (1 to MAX_BUDGET_MINUTES)."""
    from tui_interview.domain.vocabulary import MAX_BUDGET_MINUTES
    from tui_interview.settings import ConfigError, load_settings

    config = tmp_path / "config.toml"
    config.write_text(f"budget_minutes = {MAX_BUDGET_MINUTES}\n")
    assert load_settings(config).budget_minutes == MAX_BUDGET_MINUTES
    for value in (MAX_BUDGET_MINUTES + 1, 2**63 - 1):
        config.write_text(f"interviewer = 'x'\nbudget_minutes = {value}\n")
        with pytest.raises(ConfigError, match=rf":2:1: budget_minutes .*{MAX_BUDGET_MINUTES}"):
            load_settings(config)


def test_change_passphrase_without_a_new_one_names_where_the_new_one_goes(data_dir, clock):
    """It said "set $TUI_INTERVIEW_PASSPHRASE or give --passphrase-file",
    which the user had just done: the new one was missing."""
    fill(SessionStore(data_dir, now=clock), clock, 1)
    encrypt_folder(data_dir, PASS, now=clock)
    refused = run_cli(cli_env(data_dir), "change-passphrase")
    assert refused.returncode == 2
    assert "TUI_INTERVIEW_NEW_PASSPHRASE" in refused.stderr
    assert "--new-passphrase-file" in refused.stderr
    assert unlock(data_dir, PASS).state == "encrypted"  # nothing changed
