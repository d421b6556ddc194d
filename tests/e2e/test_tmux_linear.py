"""Linear mode in a real terminal (tmux): plain lines with no colour or cursor
movement, then the same interview resumed in the full-screen TUI."""

from __future__ import annotations

import pytest
from conftest import REPO
from test_tmux_interview import (  # noqa: F401 (fixtures)
    TMUX,
    home,
    new_interview_args,
    stored_summary,
    terminal_factory,
)

from tui_interview.storage import SessionStore

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.slow,
]


def test_linear_in_tmux_then_resumed_in_the_tui(tmp_path, home, terminal_factory):  # noqa: F811
    data_dir = tmp_path / "data"
    term = terminal_factory(colorterm="truecolor")
    term.env["PYTHONPATH"] = str(REPO)  # the code under test, whatever the folder
    term.start(*new_interview_args(data_dir), "--linear")
    term.wait_for_text("Question 1 of 2")
    term.type("Led the CMDB clean-up")
    term.keys("Enter")
    term.wait_for_text("Note 1 saved at [")
    term.type("/tick")
    term.keys("Enter")
    term.wait_for_text("Probe 1 ticked")
    term.type("/next")
    term.keys("Enter")
    term.wait_for_text("Question 2 of 2")
    # Nothing but plain text went to the terminal: no colour, no attribute.
    styled = term.tmux("capture-pane", "-p", "-e", "-t", term.name).stdout
    assert "\x1b" not in styled, styled
    term.type("/quit")
    term.keys("Enter")
    assert term.wait_for_exit() == 0, term.screen()
    summary = stored_summary(data_dir, home)
    assert SessionStore(data_dir).load(summary.id).notes[0].text == "Led the CMDB clean-up"

    tui = terminal_factory()
    tui.env["PYTHONPATH"] = str(REPO)
    tui.start("--data-dir", str(data_dir), "resume", summary.id)
    tui.wait_for_text("Question 2 of 2")
    tui.keys("C-o")  # back to question 1, where the note is
    tui.wait_for_text("Led the CMDB clean-up")
    tui.keys("C-q")
    assert tui.wait_for_exit() == 0, tui.screen()
