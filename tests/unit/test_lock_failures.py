"""Lock files that cannot be written: a full disk, a read-only data folder, and
lock files left by processes killed mid-way.

Nothing here may crash: the store raises ``LockFailed`` (a StorageError with a
plain message), the CLI exits non-zero without a traceback, the TUI shows the
message and keeps what was typed, and a read-only folder can still be listed,
opened read-only and exported. Real failures come from a tiny tmpfs (a real
full disk) and from processes without root's powers (a real read-only folder),
where the machine allows; the in-process TUI tests simulate both.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CONTENT_DIR, SMP, make_session, type_text
from textual.widgets import Input, SelectionList, Static

from tui_interview import app as app_module
from tui_interview.app import InterviewApp
from tui_interview.cli import build_parser
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.new_interview import NewInterviewScreen
from tui_interview.storage import LockFailed, SessionLocked, SessionStore
from tui_interview.storage.locks import SessionLock
from tui_interview.widgets.note_input import NoteInput

REPO = Path(__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")
needs_linux = pytest.mark.skipif(not LINUX, reason="uses /proc, setpriv or tmpfs")


def _fd_path(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def disk_full_for_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing into a lock file fails as on a full disk (the lock file itself
    can still be created: an empty file needs no data block)."""
    real_write = os.write

    def write(fd, data):
        if _fd_path(fd).endswith(".lock"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def read_only_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Inside ``folder``, nothing can be created, renamed or removed, as in a
    folder without write permission (root ignores chmod, so this is simulated
    in-process; the subprocess tests below drop root's powers instead)."""
    real_open, inside = os.open, str(folder)

    def refuse(path) -> None:
        if os.fspath(path).startswith(inside):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def open_(path, flags, mode=0o777, **kwargs):
        if flags & os.O_CREAT and not os.path.exists(path):
            refuse(path)
        return real_open(path, flags, mode, **kwargs)

    def refusing(real):
        def call(path, *args, **kwargs):
            refuse(path)
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "open", open_)
    for name in ("mkdir", "rename", "replace", "unlink", "rmdir"):
        monkeypatch.setattr(os, name, refusing(getattr(os, name)))


def lock_files(store: SessionStore) -> list[str]:
    if not store.sessions_dir.exists():
        return []
    return sorted(p.name for p in store.sessions_dir.iterdir() if p.suffix in (".lock", ".tmp"))


# -- the store ----------------------------------------------------------------


@needs_linux
def test_a_full_disk_while_locking_is_a_clear_error_and_leaves_no_lock_file(
    app_context, monkeypatch
):
    store = app_context.store
    session_id = make_session(app_context)
    other = app_context.store.load(session_id)
    disk_full_for_locks(monkeypatch)
    with pytest.raises(LockFailed) as raised:
        store.open(session_id)
    assert str(raised.value).startswith(f"Could not lock session {session_id} for changes: ")
    assert "the disk is full" in str(raised.value)
    assert "Nothing was changed" in str(raised.value)
    with pytest.raises(LockFailed, match="the disk is full"):
        store.delete(session_id)

    with pytest.raises(LockFailed, match="the disk is full"):
        store.create(replace(other, id="new234"))
    # No empty lock file is left to confuse the next process.
    assert lock_files(store) == []
    assert not store.exists("new234")
    # Reading needs no lock.
    assert store.load(session_id).id == session_id
    with store.open(session_id, read_only=True) as opened:
        assert opened.read_only
    monkeypatch.undo()
    with store.open(session_id) as opened:
        assert not opened.read_only


def test_a_read_only_folder_can_be_listed_opened_read_only_but_not_locked(app_context, monkeypatch):
    store = app_context.store
    session_id = make_session(app_context)
    (store.data_dir / "index.lock").unlink()  # e.g. a copied or restored folder
    read_only_folder(monkeypatch, store.data_dir)
    assert [s.id for s in store.list_summaries()] == [session_id]
    with pytest.raises(LockFailed, match="permission denied"):
        store.open(session_id)
    with pytest.raises(LockFailed, match="permission denied"):
        store.delete(session_id)
    with store.open(session_id, read_only=True) as opened:
        assert opened.session.id == session_id
    assert app_context.default_interviewer() == "Grace"  # lists the stored sessions
    monkeypatch.undo()
    assert lock_files(store) == []


# -- the CLI, with real failures ---------------------------------------------

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
    child ends). `new` exits 0 before the TUI starts only if it can lock."""
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
    for name in ("new", "delete"):
        code, _, stderr = results[name]
        assert code == 3, results[name]
        assert "Traceback" not in stderr
        assert "the disk is full" in stderr
    assert results["sessions"][0] == 0 and results["id"] in results["sessions"][1]
    assert results["left"] == [f"{results['id']}.json"]  # no lock file left behind


# -- lock files left by killed processes --------------------------------------

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


# -- the TUI -------------------------------------------------------------------


@needs_linux
async def test_resume_on_a_full_disk_says_why_and_offers_read_only(app_context, monkeypatch):
    session_id = make_session(app_context)
    disk_full_for_locks(monkeypatch)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-text").render())
        assert "the disk is full" in question and "Open it read-only?" in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.query_one("#note", NoteInput).read_only
        assert "READ-ONLY" in str(app.screen.query_one("#status").render())
    assert "the disk is full" in app.open_failed
    assert lock_files(app_context.store) == []


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


async def test_new_interview_form_on_a_read_only_folder_keeps_what_was_typed(
    app_context, monkeypatch
):
    make_session(app_context)  # the folders exist; now they are read-only
    read_only_folder(monkeypatch, app_context.data_dir)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewInterviewScreen)
        screen.query_one("#candidate", Input).focus()
        await type_text(pilot, "Ada Byron")
        competencies = screen.query_one("#competencies", SelectionList)
        competencies.focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        error = screen.query_one("#error-form", Static)
        assert error.display
        assert "The interview was not saved" in str(error.render())
        assert "permission denied" in str(error.render())
        assert screen.query_one("#candidate", Input).value == "Ada Byron"
        assert len(screen.plans()) == 1
    assert len(app_context.store.list_summaries()) == 1


@needs_linux
async def test_new_interview_form_on_a_full_disk_keeps_what_was_typed(app_context, monkeypatch):
    disk_full_for_locks(monkeypatch)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#candidate", Input).focus()
        await type_text(pilot, "Ada")
        screen.query_one("#competencies", SelectionList).focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "the disk is full" in str(screen.query_one("#error-form", Static).render())
        assert screen.query_one("#candidate", Input).value == "Ada"
        monkeypatch.undo()  # room again: the same form now saves
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
    [summary] = app_context.store.list_summaries()
    assert summary.candidate == "Ada"
    assert lock_files(app_context.store) == []
