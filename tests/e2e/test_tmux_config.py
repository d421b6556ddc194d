"""End to end, in tmux: a config.toml in the platform's config folder with a
remapped key and the 16-colour theme, under a plain TERM=xterm."""

from __future__ import annotations

import re

import pytest
from conftest import SMP
from test_tmux_interview import (  # noqa: F401 (fixtures)
    COMMAND,
    TMUX,
    home,
    stored_summary,
    terminal_factory,
    wait_for_notes,
)

from tui_interview.storage import SessionStore

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.slow,
]


def test_a_remapped_key_and_the_16_colour_theme_in_xterm(tmp_path, home, terminal_factory):  # noqa: F811
    assert COMMAND.exists(), f"{COMMAND} is not installed (pip install -e .)"
    config = home / ".config" / "tui-interview" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('theme = "ansi-16"\n[keys]\nnext_question = "f5"\n', encoding="utf-8")
    data_dir = tmp_path / "data"
    term = terminal_factory(term="xterm", colorterm=None)
    term.start(
        "--data-dir",
        str(data_dir),
        "new",
        "--candidate",
        "Ada",
        "--competency",
        SMP,
        "--level",
        "3",
    )
    term.wait_for_text("Question 1 of 2")
    # F5, then a note, in one tmux call: the note lands on question 2.
    term.tmux("send-keys", "-t", term.name, "F5", ";", "send-keys", "-t", term.name, "-l", "after")
    term.keys("Enter")
    screen = term.wait_for_text("Question 2 of 2")
    # The old key does nothing now: the note typed after it stays on question 2.
    term.keys("C-n")
    term.type("still")
    term.keys("Enter")
    notes = wait_for_notes(data_dir, home, 2)
    session = SessionStore(data_dir).load(stored_summary(data_dir, home).id)
    assert [n.text for n in notes] == ["after", "still"]
    assert {n.question for n in notes} == {session.plan[1]}
    # Only the 16 ANSI colours: no 256-colour or true-colour codes.
    coloured = term.tmux("capture-pane", "-e", "-p", "-t", term.name).stdout
    codes = re.findall(r"\x1b\[([0-9;]*)m", coloured)
    assert codes and not [c for c in codes if "38;" in c or "48;" in c]
    assert "Question 2 of 2" in screen
    term.keys("C-q")
    assert term.wait_for_exit() == 0
