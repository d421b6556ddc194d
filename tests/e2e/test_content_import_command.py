"""``tui-interview import`` run as a user runs it: from stdin, and every
failure one line with exit status 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_content_commands import FAILURES, FIXTURES

from tui_interview.content.loader import parse_competency
from tui_interview.locations import CONTENT_ENV


def run(*argv: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != CONTENT_ENV}
    return subprocess.run(
        [sys.executable, "-m", "tui_interview", *argv],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )


def test_import_from_stdin():
    result = run("import", "-", stdin=(FIXTURES / "data-literacy.txt").read_bytes())
    assert result.returncode == 0
    competency, problems = parse_competency(result.stdout, "x.yaml")
    assert problems == [] and competency.id == "data-literacy" and competency.source == ""


def _failure_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, expected start of the one-line message)."""

    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    unreadable = write("unreadable.txt", b"Name\n")
    unreadable.chmod(0)
    return {
        "empty": (write("empty.txt", b""), "empty.txt:1: error: empty file"),
        "blank": (write("blank.txt", b"\n \t\r\n"), "blank.txt:1: error: empty file"),
        "binary": (
            write("binary.txt", b"Name\nDesc\n\x89PNG\x00\x01"),
            "binary.txt:3: error: binary data",
        ),
        "invalid utf-8": (
            write("latin1.txt", "Name\nCafé\n".encode("latin-1")),
            "latin1.txt:2: error: not valid UTF-8",
        ),
        "not this format": (
            write("prose.txt", b"Dear team,\nplease find attached\nthe minutes of the meeting.\n"),
            "prose.txt:3: error: unexpected line",
        ),
        "yaml instead": (
            write("profile.txt", b"id: x\nname: X\nlevels:\n  - level: 1\n"),
            "profile.txt:3: error: unexpected line",
        ),
        "missing": (tmp_path / "missing.txt", "missing.txt: error: no such file"),
        "directory": (tmp_path, ": error: is a folder, not a file"),
        "unreadable": (unreadable, "unreadable.txt: error: cannot read: Permission denied"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", FAILURES)
def test_import_failure_exits_2_with_one_line_and_no_traceback(case, tmp_path):
    path, expected = _failure_inputs(tmp_path)[case]
    if case == "unreadable" and os.geteuid() == 0:
        pytest.skip("root can read anything")
    result = run("import", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(str(path)) and expected in lines[0]
