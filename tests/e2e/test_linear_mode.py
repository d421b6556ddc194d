"""Linear mode end to end: ``new --linear`` and ``resume --linear`` in real
processes, standard input and output as pipes. What was stored is read back
with the storage API; the output is checked for anything a terminal obeys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SMP, terminal_unsafe

from tui_interview.domain.session import Section, Status, Tag
from tui_interview.storage import SessionStore, unlock
from tui_interview.storage.encryption import encrypt_folder

PASSPHRASE = "correct horse battery staple"


def env_for(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["TUI_INTERVIEW_STATE_DIR"] = os.environ["TUI_INTERVIEW_STATE_DIR"]
    env["PYTHONPATH"] = str(REPO)
    env["TERM"] = "xterm-256color"  # a colour terminal's name: still no colour
    return env


def linear(data_dir: Path, *args: str, lines: list[str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tui_interview", "--data-dir", str(data_dir), *args, "--linear"],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env_for(data_dir),
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


NEW = ["new", "--candidate", "Ada \x1b[31mLovelace", "--competency", SMP, "--level", "2"]

WHOLE_INTERVIEW = [
    "/prev",
    "Opening: thanked her for coming",
    "/next",
    "/probes",
    "/tick 1",
    "We had 400 open incidents a week",
    "/tag a",
    "/behaviours",
    "/link 5",
    "//etc/hosts was edited by hand \x1b]0;pwned\x07",
    "/next",
    "Monitored the SLA dashboard daily",
    "/tick",
    "/pause",
    "/rate",
    "2",
    "Facilitated change management, monitored SLAs",
    "/decide",
    "3",
    "Solid evidence at level 2",
    "",
    "",
    "/finish",
    "yes",
    "/quit",
]


def test_a_whole_interview_over_a_pipe_then_resumed(data_dir):
    result = linear(data_dir, *NEW, lines=WHOLE_INTERVIEW)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert not terminal_unsafe(out), out
    assert "\x1b" not in out and "\r" not in out
    assert out.splitlines()[0].startswith("Interview with Ada ^[[31mLovelace")
    assert all(len(line) < 400 for line in out.splitlines())
    assert "Probe 1 ticked: What was the situation?" in out
    assert "The interview is finished; its clock is stopped." in out

    [summary] = SessionStore(data_dir).list_summaries()
    handle = SessionStore(data_dir).open(summary.id)
    try:
        session = handle.session
        assert session.status is Status.FINISHED
        texts = [note.text for note in session.notes]
        assert texts == [
            "Opening: thanked her for coming",
            "We had 400 open incidents a week",
            "/etc/hosts was edited by hand \x1b]0;pwned\x07",  # stored exactly
            "Monitored the SLA dashboard daily",
        ]
        assert session.notes[0].section is Section.OPENING
        incidents = session.notes[1]
        assert incidents.tags == (Tag.SITUATION, Tag.ACTION)
        assert incidents.behaviours == (session.competency(SMP).behaviours[4].id,)
        assert session.current_rating(SMP).level == 2
        assert session.recommendations[-1].rationale == "Solid evidence at level 2"
        assert len(session.probes_asked(session.plan[1])) == 1
        assert not session.clock.running
    finally:
        handle.close()

    again = linear(data_dir, "resume", summary.id[:6], lines=["/goto 1", "/notes", "one more"])
    assert again.returncode == 0, again.stderr
    assert "This interview is finished; notes can still be added." in again.stdout
    assert "Note 1 [" in again.stdout and "We had 400 open incidents a week" in again.stdout
    assert "(situation; action; evidence for behaviour 5)" in again.stdout
    assert not terminal_unsafe(again.stdout)
    reopened = SessionStore(data_dir).open(summary.id, read_only=True)
    assert reopened.session.notes[-1].text == "one more"
    reopened.close()


def test_no_textual_is_imported_and_nothing_drawn(data_dir):
    code = (
        "import sys, runpy; sys.argv = ['tui-interview', '--data-dir', sys.argv[1], 'new', "
        f"'--candidate', 'X', '--competency', '{SMP}', '--level', '1', '--linear']\n"
        "from tui_interview.cli import main\n"
        "status = main()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED', loaded)\n"
        "raise SystemExit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        input="a note\n",
        capture_output=True,
        text=True,
        env=env_for(data_dir),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout


def test_an_encrypted_folder_takes_the_passphrase_from_the_first_line(data_dir):
    created = linear(data_dir, *NEW, lines=["first note", "/quit"])
    assert created.returncode == 0, created.stderr
    encrypt_folder(data_dir, PASSPHRASE)
    [summary] = SessionStore(data_dir, key=unlock(data_dir, PASSPHRASE)).list_summaries()

    wrong = linear(data_dir, "resume", summary.id, lines=["not it", "a note"])
    assert wrong.returncode != 0 and "passphrase" in wrong.stderr.lower()
    assert wrong.stdout == ""

    right = linear(data_dir, "resume", summary.id, lines=[PASSPHRASE, "second note", "/quit"])
    assert right.returncode == 0, right.stderr
    assert PASSPHRASE not in right.stdout
    store = SessionStore(data_dir, key=unlock(data_dir, PASSPHRASE))
    handle = store.open(summary.id, read_only=True)
    assert [n.text for n in handle.session.notes] == ["first note", "second note"]
    handle.close()
    assert b"second note" not in b"".join(
        p.read_bytes() for p in data_dir.rglob("*") if p.is_file()
    )


def test_a_session_open_elsewhere_is_refused_in_one_line(data_dir):
    created = linear(data_dir, *NEW, lines=["/quit"])
    [summary] = SessionStore(data_dir).list_summaries()
    assert created.returncode == 0
    holder = SessionStore(data_dir).open(summary.id)  # another process's lock, as the TUI holds it
    try:
        refused = linear(data_dir, "resume", summary.id, lines=["lost?"])
    finally:
        holder.close()
    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "Linear mode opens an interview only for changes." in refused.stderr
    handle = SessionStore(data_dir).open(summary.id, read_only=True)
    assert handle.session.notes == []
    handle.close()
