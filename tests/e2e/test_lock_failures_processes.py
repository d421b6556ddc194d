"""Lock files that cannot be written, with real processes: the CLI on a
read-only folder (without root's powers) and on a real full disk (a tiny
tmpfs), lock files left by processes killed mid-way, and ``resume`` exiting 3."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CONTENT_DIR, SMP, make_session
from test_lock_failures import REPO, lock_files, needs_linux, read_only_folder

from tui_interview import launch as app_module
from tui_interview.app import InterviewApp
from tui_interview.cli import build_parser
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.storage import SessionLocked
from tui_interview.storage.locks import SessionLock

CLI = [sys.executable, "-m", "tui_interview.cli"]


DROP_ROOT = ["--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def run_cli(
    *args: str, data_dir: Path, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, *CLI, "--content", str(CONTENT_DIR), "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


@needs_linux
def test_cli_on_a_read_only_folder_lists_and_exports_and_refuses_changes_cleanly(
    app_context, tmp_path
):
    """The real permission check: the commands run without the powers that
    let root write into a folder it may not write to."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's powers")
    prefix = (setpriv, *DROP_ROOT) if os.geteuid() == 0 else ()
    store = app_context.store
    session_id = make_session(app_context, candidate="Ada Lovelace")
    (store.data_dir / "index.lock").unlink()
    out = tmp_path / "out"
    out.mkdir()
    for folder in (store.sessions_dir, store.data_dir):
        folder.chmod(0o500)
    try:
        listed = run_cli("sessions", data_dir=store.data_dir, prefix=prefix)
        exported = run_cli(
            "export", session_id, "--output-dir", str(out), data_dir=store.data_dir, prefix=prefix
        )
        deleted = run_cli("delete", "--yes", session_id, data_dir=store.data_dir, prefix=prefix)
        created = run_cli(
            "new", "--candidate", "Bob", "--competency", SMP, "--level", "2",
            data_dir=store.data_dir, prefix=prefix,
        )  # fmt: skip
    finally:
        for folder in (store.data_dir, store.sessions_dir):
            folder.chmod(0o700)
    assert listed.returncode == 0, listed.stderr
    assert session_id in listed.stdout and "Ada Lovelace" in listed.stdout
    assert exported.returncode == 0, exported.stderr
    assert "Ada Lovelace" in next(out.iterdir()).read_text()
    for result in (deleted, created):
        assert result.returncode == 3
        assert "Traceback" not in result.stderr
        assert "permission denied" in result.stderr
    assert "Not deleted: Could not lock session" in deleted.stderr
    assert [s.id for s in store.list_summaries()] == [session_id]
    assert lock_files(store) == []


FULL_DISK = r"""
import json, os, subprocess, sys
folder, data, cli = sys.argv[1], sys.argv[2], sys.argv[3:]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", folder], check=True)
run = lambda *args: subprocess.run(  # a TUI that started would time out: a failure
    [*cli, "--data-dir", data, *args], capture_output=True, text=True, timeout=60,
    stdin=subprocess.DEVNULL,
)
sys.path.insert(0, "tests")
from datetime import datetime, timezone
from conftest import plan_shipped
from tui_interview.storage import SessionStore
session_id = "abc234"
SessionStore(data).create(plan_shipped(datetime.now(timezone.utc), session_id=session_id))
filler = os.open(os.path.join(folder, "filler"), os.O_WRONLY | os.O_CREAT)
try:  # fill the disk up
    while True:
        os.write(filler, b"x" * 4096)
except OSError:
    os.close(filler)
results = {}
for name, args in {
    "new": ["new", "--candidate", "Bob", "--competency", "service-management-processes",
            "--level", "2", "--interviewer", "Sam"],
    "delete": ["delete", "--yes", session_id],
    "sessions": ["sessions"],
}.items():
    done = run(*args)
    results[name] = [done.returncode, done.stdout, done.stderr]
results["left"] = sorted(os.listdir(os.path.join(data, "sessions")))
results["id"] = session_id
print(json.dumps(results))
"""


@needs_linux
def test_cli_on_a_real_full_disk_refuses_cleanly(tmp_path):
    """A tiny tmpfs, filled up, in a private mount namespace (gone when the
    child ends). `new` exits 0 before the TUI starts only if it can lock;
    `delete` needs no space and works."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare to mount a private tmpfs")
    probe = subprocess.run([unshare, "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not available here")
    folder = tmp_path / "tiny"
    folder.mkdir()
    data = folder / "data"
    result = subprocess.run(
        [
            unshare,
            "-m",
            "--propagation",
            "private",
            sys.executable,
            "-c",
            FULL_DISK,
            str(folder),
            str(data),
            *CLI,
            "--content",
            str(CONTENT_DIR),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=180,
        env={**os.environ, "TERM": "dumb"},
    )
    if "mount:" in result.stderr and "permission denied" in result.stderr.lower():
        pytest.skip("tmpfs cannot be mounted here")
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout.splitlines()[-1])
    code, _, stderr = results["new"]
    assert code == 3, results["new"]
    assert "Traceback" not in stderr
    assert "the disk is full" in stderr
    # Deleting frees space: it works on a full disk (issue 24 §6).
    assert results["delete"][0] == 0, results["delete"]
    assert results["sessions"][0] == 0 and results["id"] not in results["sessions"][1]
    assert results["left"] == []  # no lock file left behind


STALL_IN_CREATE = """
import os, sys, time
sys.path.insert(0, "tests")
from datetime import datetime, timezone
from conftest import plan_shipped
from tui_interview.storage import SessionStore

def stall(*args):
    print("mid-create", flush=True)
    time.sleep(120)

os.replace = stall  # the session file is being written: the lock is held
SessionStore(sys.argv[1]).create(plan_shipped(datetime.now(timezone.utc), session_id=sys.argv[2]))
"""


HOLD_LOCK = """
import sys, time
from pathlib import Path
from tui_interview.storage.locks import SessionLock
lock = SessionLock.acquire(sys.argv[2], Path(sys.argv[1]) / "sessions" / f"{sys.argv[2]}.lock")
print("holding", flush=True)
time.sleep(120)
"""


def child(script: str, *args: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() in ("mid-create", "holding")
    return process


@pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")
def test_lock_files_of_sessions_never_created_are_removed_once_their_holder_is_dead(
    app_context,
):
    store = app_context.store
    kept = make_session(app_context)
    killed = [child(STALL_IN_CREATE, str(store.data_dir), f"kill{n}a") for n in range(3)]
    for process in killed:
        process.send_signal(signal.SIGKILL)
        process.wait()
    alive = child(HOLD_LOCK, str(store.data_dir), "live22")
    try:
        debris = lock_files(store)
        assert [name for name in debris if name.endswith(".lock")] == [
            "kill0a.lock",
            "kill1a.lock",
            "kill2a.lock",
            "live22.lock",
        ]
        assert sum(name.endswith(".tmp") for name in debris) == 3
        assert [s.id for s in store.list_summaries()] == [kept]
        # The dead creators' files are gone; the live holder's lock stays.
        assert lock_files(store) == ["live22.lock"]
        with pytest.raises(SessionLocked):
            SessionLock.acquire("live22", store.sessions_dir / "live22.lock")
    finally:
        alive.send_signal(signal.SIGKILL)
        alive.wait()
    store.list_summaries()
    assert lock_files(store) == []
    # The ids can be used again.
    session = store.load(kept)

    store.create(replace(session, id="kill0a"))
    assert {s.id for s in store.list_summaries()} == {kept, "kill0a"}


def test_resume_command_exits_3_with_the_reason_when_the_session_cannot_be_locked(
    app_context, monkeypatch, capsys
):
    session_id = make_session(app_context)
    read_only_folder(monkeypatch, app_context.data_dir)
    real_run = InterviewApp.run

    async def decline_and_quit(pilot):
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+q")

    monkeypatch.setattr(
        InterviewApp,
        "run",
        lambda app: real_run(app, headless=True, size=(80, 24), auto_pilot=decline_and_quit),
    )
    monkeypatch.setattr(app_module.AppContext, "from_args", staticmethod(lambda args: app_context))
    args = build_parser().parse_args(["resume", session_id])
    assert app_module.run_resume(args) == 3
    assert "permission denied" in capsys.readouterr().err
