"""Export files: safe default names, atomic 0600 writes, never an overwrite
without force, and the configured export folder."""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export_sample import EXPORTED_AT, build_session

from tui_interview.export import ExportError, ExportExists, ExportTaken, export_to_file
from tui_interview.export import config as export_config
from tui_interview.export.filenames import MAX_NAME_LENGTH, default_filename, safe_filename, slug

WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1", "COM9", "LPT9"}


def assert_safe(name: str) -> None:
    assert name and len(name) <= MAX_NAME_LENGTH
    assert not WINDOWS_FORBIDDEN & set(name)
    assert not any(unicodedata.category(char)[0] == "C" for char in name)
    assert not name.startswith((".", " ", "-"))
    assert not name.removesuffix(".md").endswith((".", " "))
    assert name.split(".")[0].upper() not in RESERVED
    assert Path(name).name == name and name not in (".", "..")


# -- names ------------------------------------------------------------------------


def test_default_name_has_date_candidate_competencies_interviewer_and_session():
    session = build_session()
    tail = f"_{slug(session.interviewer)}_{session.id}"
    assert default_filename(session, "markdown") == (
        f"2026-11-26_jane-doe_service-management-processes+incident-handling{tail}.md"
    )
    assert default_filename(session, "json").endswith(f"incident-handling{tail}.json")


def test_a_long_name_keeps_the_interviewer_and_the_session_id():
    session = build_session("x" * 300)
    session.interviewer = "Priya Raman"
    name = default_filename(session, "json")
    assert len(name) <= MAX_NAME_LENGTH
    assert name.endswith(f"_priya-raman_{session.id}.json")


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("../../etc/passwd", "2026-11-26_etc-passwd_"),
        ("..\\..\\Windows\\System32", "2026-11-26_windows-system32_"),
        ("🎉🎉🎉", "2026-11-26_candidate_"),
        ("José 李明 🎉", "2026-11-26_josé-李明_"),
        ("CON", "2026-11-26_con_"),
        ("\x00\x1b[31m<>:|?*", "2026-11-26_31m_"),
        ("x" * 300, "2026-11-26_xxxx"),
    ],
)
def test_any_candidate_name_gives_a_harmless_file_name(candidate, expected):
    name = default_filename(build_session(candidate), "markdown")
    assert name.startswith(expected)
    assert name.endswith(".md")
    assert_safe(name)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("CON", "_CON.md"),
        ("nul", "_nul.md"),
        ("com1.backup", "_com1.backup.md"),
        ("...hidden", "hidden.md"),
        (".", "transcript.md"),
        ("trailing. . ", "trailing.md"),
        ("a/b\\c:d", "a-b-c-d.md"),
        ("line\nbreak\ttab", "line-break-tab.md"),
    ],
)
def test_safe_filename_rules(stem, expected):
    assert safe_filename(stem, ".md") == expected


def test_long_names_are_cut_to_100_characters_keeping_the_extension():
    name = safe_filename("é" * 300, ".json")
    assert len(name) == MAX_NAME_LENGTH and name.endswith(".json")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_safe_filename_is_safe_for_any_text(stem):
    assert_safe(safe_filename(stem, ".md"))


def test_redacted_file_name_leaves_the_candidate_out(tmp_path):
    path = export_to_file(build_session(), "markdown", directory=tmp_path, redact=True)
    session = build_session()
    assert path.name == (
        "2026-11-26_candidate-k7m2qa_service-management-processes+incident-handling"
        f"_{slug(session.interviewer)}_{session.id}.md"
    )
    assert "jane" not in path.read_text(encoding="utf-8").lower()


# -- writing ----------------------------------------------------------------------


def test_export_writes_a_private_file_and_returns_its_path(tmp_path):
    path = export_to_file(build_session(), "markdown", directory=tmp_path, now=EXPORTED_AT)
    assert path.parent == tmp_path and path.is_absolute()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8").startswith("# Interview transcript: Jane Doe\n")
    assert os.listdir(tmp_path) == [path.name]


def test_candidate_named_like_a_path_writes_inside_the_folder(tmp_path):
    folder = tmp_path / "out"
    path = export_to_file(build_session("../../etc/passwd"), "json", directory=folder)
    assert path.parent == folder
    assert json.loads(path.read_text(encoding="utf-8"))["session"]["candidate"] == (
        "../../etc/passwd"
    )


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_an_earlier_export_of_the_session_is_replaced_only_with_force(tmp_path, fmt):
    target = tmp_path / f"transcript{'.md' if fmt == 'markdown' else '.json'}"
    export_to_file(build_session(), fmt, path=target, now=EXPORTED_AT)
    earlier = target.read_text(encoding="utf-8") + "\n"
    target.write_text(earlier, encoding="utf-8")
    with pytest.raises(ExportExists) as caught:
        export_to_file(build_session(), fmt, path=target)
    assert caught.value.path == target
    assert str(caught.value) == f"{target} exists; use --force to overwrite"
    assert target.read_text(encoding="utf-8") == earlier
    assert os.listdir(tmp_path) == [target.name]

    export_to_file(build_session(), fmt, path=target, force=True, now=EXPORTED_AT)
    assert target.read_text(encoding="utf-8") == earlier[:-1]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_another_sessions_export_is_never_replaced_even_with_force(tmp_path, fmt):
    """Issue 23 §1: on main, --force replaced a colleague's transcript."""
    target = tmp_path / "shared"
    export_to_file(build_session(), fmt, path=target)
    other = build_session()
    other.id = "zz9zz9"
    for force in (False, True):
        with pytest.raises(ExportTaken) as caught:
            export_to_file(other, fmt, path=target, force=force)
        assert "session " + build_session().id in str(caught.value)
    assert build_session().id in target.read_text(encoding="utf-8")
    assert "zz9zz9" not in target.read_text(encoding="utf-8")


def test_a_file_that_is_no_export_is_never_replaced(tmp_path):
    target = tmp_path / "transcript.md"
    target.write_text("keep me", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(ExportTaken):
            export_to_file(build_session(), "markdown", path=target, force=force)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_dangling_symlink_counts_as_existing(tmp_path):
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(ExportTaken):
        export_to_file(build_session(), "markdown", path=link)
    assert not (tmp_path / "elsewhere.md").exists()


def test_path_is_relative_to_directory_and_a_folder_gets_the_default_name(tmp_path):
    assert export_to_file(build_session(), "json", directory=tmp_path, path="a.json") == (
        tmp_path / "a.json"
    )
    path = export_to_file(build_session(), "json", path=tmp_path)
    assert path.parent == tmp_path and path.name.startswith("2026-11-26_jane-doe")


def test_missing_folders_are_created(tmp_path):
    path = export_to_file(build_session(), "markdown", directory=tmp_path / "a" / "b")
    assert path.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_unwritable_folder_is_a_clear_export_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ExportError, match=f"cannot write {locked}/.*: permission denied"):
        export_to_file(build_session(), "markdown", directory=locked)


def test_unknown_format_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export_to_file(build_session(), "pdf", directory=tmp_path)


# -- the configured folder --------------------------------------------------------


@pytest.fixture
def config_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(path))
    return path


def test_configured_export_dir_is_the_default(tmp_path, config_file, monkeypatch):
    config_file.parent.mkdir()
    config_file.write_text(f'export_dir = "{tmp_path / "exports"}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    path = export_to_file(build_session(), "markdown")
    assert path.parent == tmp_path / "exports"
    other = export_to_file(build_session(), "markdown", directory=tmp_path / "given")
    assert other.parent == tmp_path / "given"


def test_without_config_exports_go_to_the_current_folder(tmp_path, config_file, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert export_to_file(build_session(), "json").parent == tmp_path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("export_dir = [", "not valid TOML"),
        ('export_dir = "relative/folder"', "must be an absolute folder path"),
        ("export_dir = 3", "must be an absolute folder path"),
    ],
)
def test_bad_config_is_a_clear_export_error(config_file, content, message):
    config_file.parent.mkdir()
    config_file.write_text(content, encoding="utf-8")
    with pytest.raises(ExportError, match=message):
        export_to_file(build_session(), "markdown")


def test_config_export_dir_may_start_with_home(config_file, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    config_file.parent.mkdir()
    config_file.write_text('export_dir = "~/interviews"', encoding="utf-8")
    assert export_config.configured_export_dir() == tmp_path / "interviews"


def test_folder_that_cannot_exist_is_a_clear_export_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match=f"cannot write {blocker}/sub/.*: "):
        export_to_file(build_session(), "markdown", directory=blocker / "sub")
