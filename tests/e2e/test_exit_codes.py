"""Every command with bad input, as a user runs it: the documented exit
status (docs/guide/scripting.md, "Exit codes"), and one clear line on stderr, no traceback.

0 done · 1 the answer is no (validate found errors; delete not confirmed) ·
2 bad usage or bad input · 3 not possible now (open elsewhere, the file
system or the port refused)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_export_sample import build_session

from tui_interview import cli
from tui_interview.errors import EXIT_PROBLEMS, EXIT_UNAVAILABLE, EXIT_USAGE
from tui_interview.settings import ConfigError
from tui_interview.storage import SessionStore

SMP = "service-management-processes"

#: Runs main() on each case in one child process (starting one per case
#: would take a minute); an exception main() lets out is reported as such.
WALK = r"""
import contextlib, io, json, sys, traceback
from tui_interview.cli import main

report = {}
for name, argv in json.loads(sys.argv[1]).items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = main(argv)
        except SystemExit as stop:
            status = stop.code
        except BaseException:
            status = "uncaught"
            traceback.print_exc(file=err)
    report[name] = [status, err.getvalue()]
print(json.dumps(report))
"""


@pytest.fixture
def world(tmp_path) -> dict[str, str]:
    """A data folder with two sessions sharing a prefix, an existing file, a
    plain file where a folder should be, a broken profile."""
    data = tmp_path / "data"
    store = SessionStore(data)
    first = build_session()
    store.create(first)
    second = build_session()
    second.id = first.id[:-1] + ("b" if first.id[-1] != "b" else "c")
    store.create(second)
    (tmp_path / "exists.md").write_text("keep me")
    (tmp_path / "a-file").write_text("")
    (tmp_path / "not-json.json").write_text("{not json")
    content = tmp_path / "broken"
    content.mkdir()
    (content / "broken.yaml").write_text("id: b\nlevels: []\n")
    (tmp_path / "profile.txt").write_text("no profile here\n")
    return {
        "data": str(data),
        "id": first.id,
        "prefix": first.id[:-1],
        "tmp": str(tmp_path),
        "broken": str(content),
    }


def cases(w: dict[str, str]) -> dict[str, tuple[list[str], int, str]]:
    """name -> (argv, exit status, text the one line contains)."""
    t = w["tmp"]
    missing = f"{t}/no-such-file.json"
    guide = ["guide", "--competency", SMP, "--level", "3"]
    return {
        # bad usage: argparse
        "unknown command": (["interview-all"], EXIT_USAGE, "invalid choice"),
        "missing argument": (["export"], EXIT_USAGE, "required: SESSION"),
        "bad number": (["guide", "--competency", SMP, "--level", "x"], EXIT_USAGE, "invalid int"),
        "bad port": (["serve", "--port", "70000"], EXIT_USAGE, "not a port number"),
        "bad shell": (["completion", "tcsh"], EXIT_USAGE, "invalid choice"),
        # bad input: unknown sessions
        "resume unknown": (["resume", "zzzz"], EXIT_USAGE, "No session 'zzzz'"),
        "resume ambiguous": (["resume", w["prefix"]], EXIT_USAGE, w["prefix"]),
        "delete unknown": (["delete", "zzzz", "--yes"], EXIT_USAGE, "No session 'zzzz'"),
        "delete no terminal": (["delete", w["id"]], EXIT_USAGE, "run again with --yes"),
        "export unknown": (["export", "zzzz"], EXIT_USAGE, "No session 'zzzz'"),
        "plan unknown": (["plan", "zzzz"], EXIT_USAGE, "No session 'zzzz'"),
        # bad input: files
        "import-session missing": (["import-session", missing], EXIT_USAGE, "cannot read"),
        "import-session not json": (
            ["import-session", f"{t}/not-json.json"],
            EXIT_USAGE,
            "not-json.json",
        ),
        "import missing": (["import", f"{t}/no-such.txt"], EXIT_USAGE, "no-such.txt"),
        "import not a profile": (["import", f"{t}/profile.txt"], EXIT_USAGE, "profile.txt"),
        "import exists": (
            ["import", f"{t}/profile.txt", "-o", f"{t}/exists.md"],
            EXIT_USAGE,
            "profile.txt",
        ),
        "panel missing": (["panel", missing], EXIT_USAGE, "no-such-file.json"),
        "new plan missing": (["new", "--candidate", "A", "--plan", missing], EXIT_USAGE, "cannot"),
        # bad input: values
        "new unknown competency": (
            ["new", "--candidate", "A", "--competency", "nope", "--level", "3"],
            EXIT_USAGE,
            "no competency 'nope'",
        ),
        "new nothing planned": (["new", "--candidate", "A"], EXIT_USAGE, "give --competency"),
        "guide unknown competency": (
            ["guide", "--competency", "nope", "--level", "3"],
            EXIT_USAGE,
            "no competency 'nope'",
        ),
        "guide bad level": (["guide", "--competency", SMP, "--level", "9"], EXIT_USAGE, "9"),
        "guide bad budget": ([*guide, "--budget", "0"], EXIT_USAGE, "budget"),
        "panel bad spread": (["panel", t, "--spread", "0"], EXIT_USAGE, "--spread"),
        # outputs that exist
        "guide exists": ([*guide, "-o", f"{t}/exists.md"], EXIT_USAGE, "--force"),
        "export exists": (
            ["export", w["id"], "-o", f"{t}/exists.md"],
            EXIT_USAGE,
            # not this session's export: refused even with --force (issue 23, §1)
            "never replaced",
        ),
        "plan exists": (["plan", w["id"], "-o", f"{t}/exists.md"], EXIT_USAGE, "use --force"),
        # the file system says no
        "export into a file": (
            ["export", w["id"], "--output-dir", f"{t}/a-file"],
            EXIT_UNAVAILABLE,
            "cannot write",
        ),
        "guide into a file": ([*guide, "-o", f"{t}/a-file/g.md"], EXIT_UNAVAILABLE, "cannot write"),
        "sessions in a file": (
            ["sessions", "--data-dir", f"{t}/a-file"],
            EXIT_UNAVAILABLE,
            "a-file",
        ),
        # problems found
        "validate broken": (["validate", w["broken"]], EXIT_PROBLEMS, ""),
    }


@pytest.mark.slow
def test_every_command_refuses_bad_input_with_its_status_and_one_line(world, tmp_path):
    table = cases(world)
    argvs = {
        name: argv if "--data-dir" in argv else [*argv, "--data-dir", world["data"]]
        for name, (argv, _, _) in table.items()
    }
    # argparse errors come before --data-dir is seen: keep those lines short.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env |= {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-c", WALK, json.dumps(argvs)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    wrong = {}
    for name, (_, status, words) in table.items():
        got, err = report[name]
        lines = err.splitlines()
        if status == EXIT_USAGE and lines and lines[0].startswith("usage:"):
            # argparse: the usage, then one line saying what is wrong.
            lines = [line for line in lines if not line.startswith(("usage:", " "))]
        if status == EXIT_PROBLEMS:
            lines = lines[-1:] or [""]  # validate reports on stdout
        # panel names each file it could not read, then says it has nothing.
        expected = 2 if name == "panel missing" else 1
        ok = got == status and len(lines) == expected and words in lines[0]
        ok = ok and "Traceback" not in err
        if not ok:
            wrong[name] = (got, err)
    assert not wrong, wrong
    # Nothing was changed by a refusal.
    assert (tmp_path / "exists.md").read_text() == "keep me"
    assert len(SessionStore(Path(world["data"])).list_summaries()) == 2


def test_a_refusal_no_handler_catches_is_one_line_with_its_status(monkeypatch, capsys):
    """A bad config file (say) raised from anywhere: one line, exit 2."""

    def broken(args):
        raise ConfigError("config.toml:3:1: unknown key 'colour'")

    monkeypatch.setattr("tui_interview.content.commands.list_competencies", broken)
    assert cli.main(["competencies"]) == EXIT_USAGE
    assert capsys.readouterr().err == "tui-interview: config.toml:3:1: unknown key 'colour'\n"


def test_the_file_system_refusing_anywhere_is_one_line_with_status_3(monkeypatch, capsys):
    def refused(args):
        raise PermissionError(13, "Permission denied", "/data/index.json")

    monkeypatch.setattr("tui_interview.storage.commands.list_sessions", refused)
    assert cli.main(["sessions"]) == EXIT_UNAVAILABLE
    assert capsys.readouterr().err == "tui-interview: /data/index.json: permission denied\n"
