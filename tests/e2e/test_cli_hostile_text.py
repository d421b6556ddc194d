"""Stored text cannot drive the terminal from the command line: `sessions`,
`delete`, `resume`, `export`, `import-session` and `competencies` print hostile
names, notes and file names as visible symbols, run as a user runs them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import HOSTILE, HOSTILE_SHOWN, plan_shipped, run_cli
from test_export_sample import EXPORTED_AT, build_session

from tui_interview.export.json_export import render_json
from tui_interview.storage import SessionStore

pytestmark = pytest.mark.slow

NAME = "".join(HOSTILE)
NAME_SHOWN = "".join(HOSTILE_SHOWN)


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    env["TUI_INTERVIEW_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.fixture
def stored(env, clock) -> str:
    """A stored session whose candidate, role and interviewer are hostile."""
    session = plan_shipped(
        clock(), session_id="bad234", candidate=NAME, role=NAME + "\nrole", interviewer=NAME
    )
    SessionStore(Path(env["TUI_INTERVIEW_DATA_DIR"])).create(session)
    return session.id


run = run_cli


def test_sessions_table_shows_hostile_names_as_symbols(env, stored):
    result = run(env, "sessions")
    assert NAME_SHOWN in result.stdout
    assert f"{NAME_SHOWN}↵role" in result.stdout
    # One line per session: a line break in a name cannot forge a row.
    assert len(result.stdout.splitlines()) == 2


def test_sessions_json_escapes_what_json_leaves_raw_and_stays_exact(env, stored):
    result = run(env, "sessions", "--json")
    assert "\\u202e" in result.stdout and "\\u009b" in result.stdout
    [listed] = json.loads(result.stdout)
    assert listed["candidate"] == NAME
    assert listed["interviewer"] == NAME


def test_delete_shows_hostile_names_as_symbols(env, stored):
    refused = run(env, "delete", stored)  # no terminal to ask on
    assert refused.returncode == 2
    assert NAME_SHOWN in refused.stderr
    deleted = run(env, "delete", stored, "--yes")
    assert deleted.returncode == 0
    assert f"Deleted session {stored} ({NAME_SHOWN}, {NAME_SHOWN}↵role" in deleted.stdout


def test_import_session_messages_show_hostile_ids_as_symbols(env, stored, tmp_path):
    export = tmp_path / "hostile.json"
    session = build_session(NAME)
    session.id = "\x1b]0;pwned\x07\u202e"
    export.write_text(render_json(session, now=EXPORTED_AT), encoding="utf-8")
    result = run(env, "import-session", str(export))
    assert result.returncode == 0, result.stderr
    assert "^[]0;pwned^G<U+202E>" in result.stderr
    copy = result.stdout.strip()
    listed = json.loads(run(env, "sessions", "--json").stdout)
    assert {s["id"]: s["candidate"] for s in listed}[copy] == NAME


def test_import_session_of_a_hostile_file_name_shows_it_as_symbols(env, tmp_path):
    bad = tmp_path / "\x1b]0;pwned\x07.json"
    bad.write_text("not json", encoding="utf-8")
    result = run(env, "import-session", str(bad))
    assert result.returncode == 2
    assert "^[]0;pwned^G.json" in result.stderr


def test_competencies_shows_hostile_names_and_file_names_as_symbols(env, tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    shipped = (Path(__file__).resolve().parents[2] / "content").glob("*.yaml")
    text = next(shipped).read_text(encoding="utf-8")
    lines = text.splitlines()
    name_line = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines[name_line] = 'name: "\\u202eevil a\\u200bb"'
    id_line = next(i for i, line in enumerate(lines) if line.startswith("id:"))
    lines[id_line] = "id: other"
    (folder / "\x1b]0;pwned\x07.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(env, "competencies", "--content", str(folder))
    assert "<U+202E>evil a<U+200B>b" in result.stdout
    assert "^[]0;pwned^G.yaml" in result.stdout
