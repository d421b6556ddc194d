"""`tui-interview export` and `import-session` as a user runs them: exit codes,
one-line errors, never a traceback, and no Textual loaded."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import run_cli
from test_export_sample import build_session

from tui_interview.domain.session_codec import SCHEMA_VERSION
from tui_interview.storage import SessionStore

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The developer's own config and data stay out of the way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    return env


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "data"
    SessionStore(folder).create(build_session())
    return folder


run = run_cli


def test_export_by_prefix_prints_the_path_and_refuses_to_overwrite(env, data_dir, tmp_path):
    out = tmp_path / "out"
    args = ("export", "k7m", "--data-dir", str(data_dir), "--output-dir", str(out))
    first = run(env, *args)
    assert first.returncode == 0, first.stderr
    path = Path(first.stdout.strip())
    assert path.parent == out
    assert path.name.startswith("2026-11-26_jane-doe_service-management-processes")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    again = run(env, *args)
    assert again.returncode == 2
    assert again.stderr.strip() == f"tui-interview: {path} exists; use --force to overwrite"

    forced = run(env, *args, "--force")
    assert forced.returncode == 0 and forced.stdout.strip() == str(path)


def test_export_json_then_import_session_into_another_data_folder(env, data_dir, tmp_path):
    target = tmp_path / "k7m2qa.json"
    exported = run(
        env, "export", "k7m2qa", "--data-dir", str(data_dir), "--format", "json", "-o", str(target)
    )
    assert exported.returncode == 0, exported.stderr
    other = tmp_path / "other-data"
    first = run(env, "import-session", str(target), "--data-dir", str(other))
    assert first.returncode == 0 and first.stdout.strip() == "k7m2qa"
    second = run(env, "import-session", str(target), "--data-dir", str(other))
    assert second.returncode == 0
    new_id = second.stdout.strip()
    assert new_id != "k7m2qa"
    assert (
        f"already stored here (or its id is not usable); imported as a new copy with id "
        f"{new_id}" in second.stderr
    )
    assert first.stderr == ""
    assert SessionStore(other).load(new_id).candidate == "Jane Doe"


def test_export_html_to_a_file_and_to_stdout(env, data_dir, tmp_path):
    target = tmp_path / "jane.html"
    written = run(
        env, "export", "k7m2qa", "--data-dir", str(data_dir), "--format", "html", "-o", str(target)
    )
    assert written.returncode == 0, written.stderr
    assert written.stdout.strip() == str(target)
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "<title>Interview transcript: Jane Doe</title>" in page
    shown = run(env, "export", "k7m2qa", "--data-dir", str(data_dir), "--format", "html", "-o", "-")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split("Exported at:")[0] == page.split("Exported at:")[0]
    again = run(
        env,
        "export",
        "k7m2qa",
        "--data-dir",
        str(data_dir),
        "--format",
        "html",
        "-o",
        str(target),
        "--force",
    )
    assert again.returncode == 0, again.stderr  # its own earlier export


def test_export_goes_to_the_current_folder_by_default(env, data_dir, tmp_path):
    result = run(env, "export", "k7m2qa", "--data-dir", str(data_dir), "--redact", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).parent == tmp_path
    assert "candidate-k7m2qa" in result.stdout


def test_export_errors_are_one_line(env, data_dir, tmp_path):
    missing = run(env, "export", "zzz", "--data-dir", str(data_dir))
    assert missing.returncode == 2
    assert missing.stderr.startswith("tui-interview: No session 'zzz'.")
    assert len(missing.stderr.strip().splitlines()) == 1

    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    unwritable = run(
        env, "export", "k7m2qa", "--data-dir", str(data_dir), "--output-dir", str(blocker)
    )
    assert unwritable.returncode == 3
    assert unwritable.stderr.startswith(f"tui-interview: cannot write {blocker}/")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ not json", "not a JSON file"),
        (json.dumps({"format": "other"}), "not a tui-interview session export"),
        (
            json.dumps({"format": "tui-interview-session", "schema_version": SCHEMA_VERSION + 1}),
            "made by a newer version",
        ),
        (
            json.dumps(
                {"format": "tui-interview-session", "schema_version": 1, "session": {"id": "x"}}
            ),
            "a field is missing",
        ),
    ],
    ids=["not-json", "wrong-format", "newer", "missing-field"],
)
def test_import_session_rejects_bad_files_with_exit_2(env, tmp_path, content, message):
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    result = run(env, "import-session", str(source), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"tui-interview: {source}: ")
    assert message in result.stderr
    assert not (tmp_path / "data" / "sessions").exists()


def test_import_session_of_a_missing_file_is_exit_2(env, tmp_path):
    result = run(env, "import-session", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert result.stderr.startswith("tui-interview: cannot read ")
