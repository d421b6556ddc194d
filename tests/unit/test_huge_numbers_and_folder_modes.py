"""Bad numbers, folder modes and simultaneous imports (issue 10, §4)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT_DIR, REPO, SMP
from test_export_sample import EXPORTED_AT, build_session

from tui_interview.app import InterviewApp
from tui_interview.context import AppContext
from tui_interview.export.json_export import render_json
from tui_interview.screens.new_interview import NewInterviewScreen

POSIX = os.name == "posix"
HUGE = "9" * 5000


def run_cli(*args: str, cwd: Path = REPO, umask: int = -1) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "tui_interview", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        umask=umask,
        # The code under test, whatever the current folder.
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


# -- integers too long to convert ------------------------------------------------


def profile_with_huge_level(folder: Path) -> tuple[Path, int, int]:
    """A copy of the shipped profile whose first level is a 5,000-digit
    number; returns its path and the line and column of that number."""
    text = (CONTENT_DIR / f"{SMP}.yaml").read_text()
    lines = text.splitlines()
    line = next(i for i, line in enumerate(lines) if line.strip() == "- level: 1")
    lines[line] = lines[line].replace("1", HUGE)
    folder.mkdir(exist_ok=True)
    path = folder / "huge.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path, line + 1, lines[line].index(HUGE) + 1


def test_validate_names_the_line_and_column_of_a_huge_number(tmp_path):
    path, line, col = profile_with_huge_level(tmp_path / "content")
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{path}:{line}:{col}: levels[0].level: level must be")
    assert "5000 digits" in result.stdout and HUGE not in result.stdout


def test_competencies_lists_the_rest_and_names_a_huge_number(tmp_path):
    path, line, col = profile_with_huge_level(tmp_path / "content")
    result = run_cli("competencies", "--content", str(path.parent))
    assert result.returncode == 0
    assert SMP in result.stdout
    assert result.stderr.startswith(f"{path}:{line}:{col}: ")


def test_text_import_names_the_line_and_column_of_a_huge_level(tmp_path):
    source = tmp_path / "profile.txt"
    source.write_text(
        "Architecture\nDesigning systems.\n"
        f"  Level {HUGE}. Knows the basics.\nBEHAVIORS\n- Explains principles.\n"
    )
    result = run_cli("import", str(source))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{source}:3:9: error: level 999999… (a number of 5000 digits) is outside 1–5"
    )
    assert result.stdout == ""


async def test_new_interview_form_opens_with_a_huge_number_in_a_content_folder(tmp_path, clock):
    path, line, col = profile_with_huge_level(tmp_path / "content")
    context = AppContext(tmp_path / "data", [CONTENT_DIR, path.parent], now=clock)
    app = InterviewApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NewInterviewScreen)
        warning = str(app.screen.query_one("#content-problems").render())
        assert "huge.yaml" in warning
    assert [str(p) for p in context.library.problems] == [
        f"{path}:{line}:{col}: levels[0].level: level must be a whole number from 1 to 5, "
        "got 999999… (a number of 5000 digits)"
    ]


# -- folder modes -------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def export_file(tmp_path: Path) -> Path:
    source = tmp_path / "export.json"
    source.write_text(render_json(build_session(), now=EXPORTED_AT))
    return source


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_every_folder_made_for_the_data_is_0700_under_umask_000(tmp_path):
    data_dir = tmp_path / "a" / "b" / "c"
    result = run_cli(
        "import-session", str(export_file(tmp_path)), "--data-dir", str(data_dir), umask=0
    )
    assert result.returncode == 0, result.stderr
    for folder in [tmp_path / "a", tmp_path / "a" / "b", data_dir, data_dir / "sessions"]:
        assert mode(folder) == 0o700, folder


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_every_folder_made_for_an_export_is_0700_under_umask_000(tmp_path):
    data_dir = tmp_path / "data"
    session_id = run_cli(
        "import-session", str(export_file(tmp_path)), "--data-dir", str(data_dir)
    ).stdout.strip()
    result = run_cli(
        "export", session_id, "--output-dir", "new/sub", "--data-dir", str(data_dir),
        cwd=tmp_path, umask=0,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "new") == 0o700 and mode(tmp_path / "new" / "sub") == 0o700
    assert mode(Path(result.stdout.strip())) == 0o600


# -- simultaneous imports -------------------------------------------------------------

ROUNDS = 20


def test_two_imports_of_one_file_at_once_both_succeed_with_distinct_ids(tmp_path):
    """Never "open elsewhere": the second gets a new id, as a clash does."""
    source = export_file(tmp_path)
    for round_number in range(ROUNDS):
        data_dir = tmp_path / f"data-{round_number}"
        command = [sys.executable, "-m", "tui_interview", "import-session", str(source)]
        command += ["--data-dir", str(data_dir)]
        children = [
            subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        results = [(child.wait(60), *child.communicate()) for child in children]
        for status, _, err in results:
            assert status == 0 and b"open elsewhere" not in err, err.decode()
        ids = {out.decode().strip() for _, out, _ in results}
        assert len(ids) == 2 and "k7m2qa" in ids
        copies = [err.decode() for _, out, err in results if out.strip() != b"k7m2qa"]
        assert "already stored here" in copies[0]
        assert sorted(p.stem for p in (data_dir / "sessions").glob("*.json")) == sorted(ids)
