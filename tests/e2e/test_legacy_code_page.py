"""Every command, its output on a pipe in a legacy code page
(``PYTHONIOENCODING=cp1252``, as on Windows): characters the code page lacks
are escaped, never raised. Each command of ``cli.HANDLERS`` needs a case here,
so a new command is covered too."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CONTENT_DIR, make_session
from tui_interview.cli import HANDLERS

pytestmark = pytest.mark.slow

NAME = "李雷 ✓ 🎉"
# command -> (arguments, whether it succeeds); {id} is a stored session.
CASES: dict[str | None, tuple[list[str], bool]] = {
    "competencies": (["competencies"], True),
    "validate": (["validate", str(CONTENT_DIR)], True),
    "import": (["import", f"{NAME}.txt"], False),
    "sessions": (["sessions"], True),
    "delete": (["delete", NAME], False),
    "purge": (["purge", "--older-than", "30", "--dry-run"], True),
    "export": (["export", "{id}", "-o", "-"], True),
    "import-session": (["import-session", f"{NAME}.json"], False),
    "encrypt": (["encrypt", "--passphrase-file", f"{NAME}.txt"], False),
    "decrypt": (["decrypt"], True),
    "change-passphrase": (["change-passphrase"], False),
    "recovered": (["recovered", f"{NAME}.txt"], False),
    "guide": (["guide", "--competency", "service-management-processes", "--level", "2"], True),
    "plan": (["plan", "{id}"], True),
    "panel": (["panel", "{dir}"], True),
    "calibration": (["calibration", "{dir}"], True),
    "questions": (["questions", "{dir}"], True),
    "config": (["config"], True),
    "new": (["new", "--candidate", NAME, "--competency", NAME, "--level", "2"], False),
    "resume": (["resume", NAME], False),
    "serve": (["serve", "--port", "0", "--host", NAME], False),
    "completion": (["completion", "bash"], True),
    None: (["--version"], True),  # the home screen itself needs a terminal
}
EXTRA = [
    (["sessions", "--json"], True),
    (["sessions", "--search", "李"], True),
    (["panel", "{dir}", "--role", "Engineer"], True),
    (["export", "{id}", "--format", "json", "-o", "-"], True),
    (["export", "{id}", "--format", "html", "-o", "-"], True),
]


def test_every_command_has_a_case():
    assert set(CASES) == set(HANDLERS)


@pytest.fixture
def stored(app_context, data_dir):
    session_id = make_session(app_context, candidate=NAME, role="Engineer", interviewer=NAME)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "TUI_INTERVIEW_DATA_DIR": str(data_dir)}
    from tui_interview.export.files import export_to_file

    transcript = data_dir.parent / "transcript.json"
    session = app_context.store.load(session_id)
    export_to_file(session, "json", path=transcript, now=app_context.now())
    env["TRANSCRIPT"] = str(transcript)
    return session_id, env


def run(env, args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "tui_interview", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "succeeds"),
    [*CASES.values(), *EXTRA],
    ids=[*(str(c) for c in CASES), *(" ".join(a[:2] + a[3:4]) for a, _ in EXTRA)],
)
def test_a_command_writes_in_a_legacy_code_page(stored, tmp_path, args, succeeds):
    session_id, env = stored
    folder = env["TRANSCRIPT"]
    args = [a.replace("{id}", session_id).replace("{dir}", folder) for a in args]
    result = run(env, args, tmp_path)
    stderr = result.stderr.decode("cp1252")
    assert "UnicodeEncodeError" not in stderr and "Traceback" not in stderr, stderr
    assert (result.returncode == 0) == succeeds, (result.returncode, stderr)
    result.stdout.decode("cp1252")  # all of it is in the code page


def test_json_on_a_legacy_code_page_is_still_the_same_json(stored, tmp_path):
    session_id, env = stored
    listing = json.loads(run(env, ["sessions", "--json"], tmp_path).stdout.decode("cp1252"))
    assert listing[0]["candidate"] == NAME
    export = run(env, ["export", session_id, "--format", "json", "-o", "-"], tmp_path)
    assert json.loads(export.stdout.decode("cp1252"))["session"]["candidate"] == NAME


def test_html_on_a_legacy_code_page_is_still_the_same_page(stored, tmp_path):
    session_id, env = stored
    export = run(env, ["export", session_id, "--format", "html", "-o", "-"], tmp_path)
    assert export.returncode == 0, export.stderr
    page = export.stdout.decode("ascii")  # every other character a reference
    assert f"<title>Interview transcript: {NAME}</title>" in html.unescape(page)
    assert "&#26446;&#38647;" in page and "\\u" not in page  # 李雷, never a JSON escape
