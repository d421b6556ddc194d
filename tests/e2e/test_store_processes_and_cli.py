"""The session store with real processes: children that save in a loop and
are killed with SIGKILL, children that hold a session open, dead lock holders,
a saving process without root's powers, and the sessions and delete commands."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_storage import (
    REPO,
    T0,
    make_session,
    needs_posix,
    note_texts,
    stored,
    write_lock_file,
)

from tui_interview.storage import (
    SessionLocked,
    SessionReadOnly,
    SessionStore,
    locks,
)


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "data")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def no_os_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system where flock does not work (some network shares)."""
    monkeypatch.setattr(locks, "_try_os_lock", lambda fd: None)


@needs_posix
def test_without_os_locks_a_dead_pid_on_this_host_is_stale(store: SessionStore, no_os_locks):
    session = stored(store)
    write_lock_file(store, session.id, dead_pid(), socket.gethostname())
    store.open(session.id).close()


@needs_posix
def test_without_os_locks_a_live_or_remote_holder_is_respected(store: SessionStore, no_os_locks):
    session = stored(store)
    write_lock_file(store, session.id, os.getppid(), socket.gethostname())
    with pytest.raises(SessionLocked):
        store.open(session.id)
    write_lock_file(store, session.id, dead_pid(), "another-host")
    with pytest.raises(SessionLocked, match="another-host"):
        store.open(session.id)


READ_ONLY_CHILD = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from tui_interview.storage import SaveFailed, SessionStore
store = SessionStore(Path(sys.argv[1]))
with store.open(sys.argv[2]) as opened:
    store.sessions_dir.chmod(0o500)
    opened.session.record_note("note", datetime.now(timezone.utc))
    try:
        opened.save()
    except SaveFailed as error:
        print("REFUSED:", error)
    finally:
        store.sessions_dir.chmod(0o700)
"""


@needs_posix
def test_save_into_a_read_only_folder_fails_cleanly_without_root_powers(store: SessionStore):
    """The real permission check where tests run as root: the saving process
    runs without the capabilities that let root ignore folder permissions."""
    if os.geteuid() != 0:
        pytest.skip("covered by the test above when not root")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's powers")
    session = stored(store)
    result = subprocess.run(
        [
            setpriv,
            "--bounding-set",
            "-dac_override,-dac_read_search,-fowner",
            sys.executable,
            "-c",
            READ_ONLY_CHILD,
            str(store.data_dir),
            session.id,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "REFUSED: Could not save: permission denied" in result.stdout, result.stderr
    assert "Traceback" not in result.stderr
    assert store.load(session.id).notes == []


SAVE_LOOP = """
import sys
from datetime import datetime, UTC
from tui_interview.storage import SessionStore

store = SessionStore(sys.argv[1])
opened = store.open(sys.argv[2])
session = opened.session
prefix, n = sys.argv[3], 0
while True:
    session.record_note(f"{prefix}-{n}", datetime.now(UTC))
    opened.save()
    print(f"ack {prefix}-{n}", flush=True)
    n += 1
"""


#: Holds a session open, on a clock frozen at T0 (the time its lock records).
HOLD_OPEN = f"""
import sys
from datetime import datetime
from tui_interview.storage import SessionStore

opened = SessionStore(sys.argv[1], now=lambda: datetime.fromisoformat("{T0.isoformat()}"))
opened = opened.open(sys.argv[2])
print("open", flush=True)
sys.stdin.readline()
opened.close()
print("closed", flush=True)
"""


def start_child(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


@needs_posix
def test_acknowledged_notes_survive_sigkill_at_random_moments(store: SessionStore):
    session = stored(store)
    rng = random.Random(20261126)
    acknowledged: list[str] = []
    kills = 36
    for round_number in range(kills):
        child = start_child(SAVE_LOOP, str(store.data_dir), session.id, f"r{round_number}")
        for _ in range(rng.randint(1, 12)):
            acknowledged.append(child.stdout.readline().split()[1])
        time.sleep(rng.random() * 0.004)
        child.send_signal(signal.SIGKILL)
        # Acks printed before the kill count too: their saves had returned.
        acknowledged += [line.split()[1] for line in child.stdout.read().splitlines()]
        child.wait()
        assert child.returncode == -signal.SIGKILL

    with store.open(session.id) as opened:  # the dead children's locks are stale
        texts = set(note_texts(opened.session))
    assert not set(acknowledged) - texts
    summaries = store.list_summaries()
    assert summaries[0].note_count == len(opened.session.notes)
    assert all(store.load(s.id) for s in summaries)
    assert not store.damaged_dir.exists()


@needs_posix
def test_second_process_is_told_who_has_the_session_open(store: SessionStore):
    session = stored(store)
    stored(store, "other2")
    holder = start_child(HOLD_OPEN, str(store.data_dir), session.id)
    try:
        assert holder.stdout.readline() == "open\n"
        with pytest.raises(SessionLocked) as refused:
            store.open(session.id)
        assert refused.value.pid == holder.pid
        assert refused.value.host == socket.gethostname()
        assert refused.value.since == T0  # the holder's clock, not this one's
        with store.open(session.id, read_only=True) as viewer:
            with pytest.raises(SessionReadOnly):
                viewer.save()
        with pytest.raises(SessionLocked):
            store.delete(session.id)
        store.open("other2").close()

        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == "closed\n"
        store.open(session.id).close()
    finally:
        holder.kill()
        holder.wait()


@needs_posix
def test_lock_of_a_killed_process_does_not_block(store: SessionStore):
    session = stored(store)
    holder = start_child(HOLD_OPEN, str(store.data_dir), session.id)
    assert holder.stdout.readline() == "open\n"
    holder.kill()
    holder.wait()
    assert (store.sessions_dir / f"{session.id}.lock").exists()
    with store.open(session.id) as opened:
        assert not opened.read_only


def cli(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui_interview", *args, "--data-dir", str(data_dir)],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_cli_sessions_on_an_empty_folder_says_how_to_start(tmp_path: Path):
    result = cli(tmp_path / "data", "sessions")
    assert result.returncode == 0
    assert "No interviews stored yet" in result.stdout
    assert "tui-interview new --candidate" in result.stdout
    assert json.loads(cli(tmp_path / "data", "sessions", "--json").stdout) == []


def test_cli_sessions_prints_an_aligned_table_and_json(store: SessionStore):
    stored(store, "aaa222", candidate="Ann")
    longer = make_session("bbb333", candidate="Bartholomew Long")
    longer.start(T0)
    longer.record_note("note", T0)
    store.create(longer)
    table = cli(store.data_dir, "sessions").stdout.splitlines()
    assert table[0].split() == ["ID", "CANDIDATE", "ROLE", "COMPETENCIES", "STATUS"] + [
        "STARTED",
        "NOTES",
    ]
    assert [line.index("Service Desk") for line in table[1:]] == [table[0].index("ROLE")] * 2
    assert "incident-management L2" in table[1]
    assert "not started" in "".join(table)
    rows = json.loads(cli(store.data_dir, "sessions", "--json").stdout)
    by_id = {row["id"]: row for row in rows}
    assert by_id["bbb333"]["note_count"] == 1
    assert by_id["bbb333"]["competencies"] == [
        {"competency_id": "incident-management", "target_level": 2}
    ]


def test_cli_delete_without_a_terminal_needs_yes(store: SessionStore):
    stored(store)
    refused = cli(store.data_dir, "delete", "abc234")
    assert refused.returncode == 2
    assert "--yes" in refused.stderr
    assert store.exists("abc234")
    done = cli(store.data_dir, "delete", "abc", "--yes")
    assert done.returncode == 0, done.stderr
    assert "Deleted session abc234 (Jane Doe" in done.stdout
    assert not store.exists("abc234")
    missing = cli(store.data_dir, "delete", "abc234", "--yes")
    assert missing.returncode == 2
    assert "No session 'abc234'" in missing.stderr


@needs_posix
@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_cli_delete_asks_on_a_terminal(store: SessionStore, answer: str, deleted: bool):
    import pty

    stored(store)
    controller, terminal = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "tui_interview", "delete", "abc234"]
        + ["--data-dir", str(store.data_dir)],
        cwd=REPO,
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(terminal)
    os.write(controller, answer.encode())
    out, _ = child.communicate(timeout=20)
    os.close(controller)
    assert "Delete session abc234 (Jane Doe, Service Desk Analyst" in out
    assert "[y/N]" in out
    assert child.returncode == (0 if deleted else 1)
    assert store.exists("abc234") is not deleted


@needs_posix
def test_cli_refuses_to_delete_a_session_open_elsewhere(store: SessionStore):
    session = stored(store)
    holder = start_child(HOLD_OPEN, str(store.data_dir), session.id)
    try:
        assert holder.stdout.readline() == "open\n"
        result = cli(store.data_dir, "delete", session.id, "--yes")
        assert result.returncode == 3
        assert f"open elsewhere (process {holder.pid}" in result.stderr
        assert store.exists(session.id)
    finally:
        holder.kill()
        holder.wait()
