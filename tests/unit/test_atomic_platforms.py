"""The platform branches of crash-safe writes, with the platform simulated:
macOS flushes the folder with F_FULLFSYNC too; Windows retries a replace that
meets a sharing violation, then says another program has the file open."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from tui_interview.export import ExportError, export_to_file
from tui_interview.files import atomic
from tui_interview.files.errors import FileInUse, describe_os_error

F_FULLFSYNC = 51  # its value on macOS


class FakeFcntl:
    """macOS's fcntl: records each F_FULLFSYNC and what it was asked of."""

    F_FULLFSYNC = F_FULLFSYNC

    def __init__(self, fails: bool = False):
        self.flushed: list[str] = []  # "dir" or "file", in order
        self.fails = fails

    def fcntl(self, fd: int, command: int, *args: object) -> int:
        assert command == F_FULLFSYNC
        self.flushed.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        if self.fails:
            raise OSError(errno.ENOTSUP, "Operation not supported")
        return 0


@pytest.fixture
def macos(monkeypatch):
    fake = FakeFcntl()
    monkeypatch.setattr(atomic, "fcntl", fake)
    monkeypatch.setattr(atomic, "_FULL_FSYNC", F_FULLFSYNC)
    return fake


@pytest.fixture
def fsyncs(monkeypatch):
    """Every os.fsync, as "dir" or "file"."""
    calls: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    return calls


def test_macos_flushes_the_file_and_then_its_folder_with_full_fsync(macos, fsyncs, tmp_path):
    atomic.write_atomically(tmp_path / "session.json", b"{}")
    assert macos.flushed == ["file", "dir"]
    assert fsyncs == []  # F_FULLFSYNC did it; no plain fsync stopping at the cache
    assert (tmp_path / "session.json").read_bytes() == b"{}"


def test_macos_falls_back_to_fsync_where_the_file_system_refuses_full_fsync(
    monkeypatch, fsyncs, tmp_path
):
    fake = FakeFcntl(fails=True)
    monkeypatch.setattr(atomic, "fcntl", fake)
    monkeypatch.setattr(atomic, "_FULL_FSYNC", F_FULLFSYNC)
    atomic.write_atomically(tmp_path / "session.json", b"{}")
    assert fake.flushed == ["file", "dir"]
    assert fsyncs == ["file", "dir"]


def test_linux_flushes_with_fsync(monkeypatch, fsyncs, tmp_path):
    monkeypatch.setattr(atomic, "_FULL_FSYNC", None)
    atomic.write_atomically(tmp_path / "session.json", b"{}")
    assert fsyncs == ["file", "dir"]


# -- Windows: a replace while another program has the file open ---------------------


def sharing_violation() -> PermissionError:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    return error


@pytest.fixture
def windows(monkeypatch):
    """Windows as atomic sees it; the pauses between tries are recorded, not slept."""
    monkeypatch.setattr(atomic, "IS_WINDOWS", True)
    pauses: list[float] = []
    monkeypatch.setattr(atomic, "_sleep", pauses.append)
    return pauses


def replace_failing(monkeypatch, times: int, error=sharing_violation):
    """os.replace raising ``error()`` the first ``times`` calls, then replacing."""
    calls: list[tuple[str, str]] = []
    real = os.replace

    def replace(source, target):
        calls.append((str(source), str(target)))
        if len(calls) <= times:
            raise error()
        real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return calls


def test_windows_retries_a_replace_held_up_by_another_program(windows, monkeypatch, tmp_path):
    target = tmp_path / "session.json"
    target.write_bytes(b"old")
    calls = replace_failing(monkeypatch, 3)
    atomic.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert len(calls) == 4
    assert windows == list(atomic.REPLACE_RETRY_DELAYS[:3])
    assert os.listdir(tmp_path) == ["session.json"]  # no temporary file left


def test_windows_gives_up_after_about_a_second_and_says_why(windows, monkeypatch, tmp_path):
    target = tmp_path / "session.json"
    target.write_bytes(b"old")
    calls = replace_failing(monkeypatch, 1000)
    with pytest.raises(FileInUse) as caught:
        atomic.write_atomically(target, b"new")
    assert len(calls) == len(atomic.REPLACE_RETRY_DELAYS) + 1
    assert windows == list(atomic.REPLACE_RETRY_DELAYS)
    assert 0.5 <= sum(windows) <= 2
    assert describe_os_error(caught.value) == (
        "another program has the file open; close it there and try again"
    )
    assert caught.value.filename == str(target)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["session.json"]


def test_windows_does_not_retry_other_permission_errors(windows, monkeypatch, tmp_path):
    def read_only() -> PermissionError:
        error = PermissionError(errno.EACCES, "Access is denied")
        error.winerror = 1006  # type: ignore[attr-defined]  # not a file in use
        return error

    calls = replace_failing(monkeypatch, 1000, read_only)
    with pytest.raises(PermissionError) as caught:
        atomic.write_atomically(tmp_path / "session.json", b"new")
    assert not isinstance(caught.value, FileInUse)
    assert len(calls) == 1 and windows == []
    assert describe_os_error(caught.value) == "permission denied"


def test_other_platforms_never_retry(monkeypatch, tmp_path):
    monkeypatch.setattr(atomic, "IS_WINDOWS", False)
    monkeypatch.setattr(atomic, "_sleep", lambda _: pytest.fail("slept"))
    calls = replace_failing(monkeypatch, 1000)
    with pytest.raises(PermissionError):
        atomic.write_atomically(tmp_path / "session.json", b"new")
    assert len(calls) == 1


def test_an_export_over_a_file_held_open_is_one_clear_error(windows, monkeypatch, tmp_path):
    from test_export_sample import EXPORTED_AT, build_session

    target = tmp_path / "jane.md"
    export_to_file(build_session(), "markdown", path=target, now=EXPORTED_AT)
    replace_failing(monkeypatch, 1000)
    with pytest.raises(ExportError) as caught:
        export_to_file(build_session(), "markdown", path=target, force=True, now=EXPORTED_AT)
    assert str(caught.value) == (
        f"cannot write {target}: another program has the file open; close it there and try again"
    )
    assert sorted(os.listdir(tmp_path)) == ["jane.md"]
