"""End to end: a bracketed paste holding ESC and BEL (``tmux paste-buffer -p``)
is one note, stored exactly, shown with ``^[`` (issue 24 §4)."""

from __future__ import annotations

import subprocess

import pytest
from test_tmux_interview import (  # the tmux harness of the main end-to-end file
    TMUX,
    home,  # noqa: F401  (fixtures)
    new_interview_args,
    terminal_factory,  # noqa: F401
    wait_for_notes,
)

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.slow,
]


def test_coloured_output_and_a_bell_pasted_are_one_exact_note(tmp_path, home, terminal_factory):  # noqa: F811
    data_dir = tmp_path / "data"
    term = terminal_factory()
    term.start(*new_interview_args(data_dir))
    term.wait_for_text("Question 1 of 2")
    coloured = "B1 start\x1b[31mred\x1b[0m B1 end"
    term.tmux("set-buffer", "-b", "colour", coloured)
    term.tmux("paste-buffer", "-p", "-b", "colour", "-t", term.name)
    # The note input edits the text as it is (the ESC takes no cell there).
    term.wait_for_text("B1 start[31mred[0m B1 end")
    term.keys("Enter")
    term.wait_for_text("B1 start^[[31mred^[[0m B1 end")  # the saved note, in the list
    notes = wait_for_notes(data_dir, home, 1)
    assert [n.text for n in notes] == [coloured]
    # A BEL inside an OSC used to arrive as ctrl+g and open Go to.
    titled = "x \x1b]0;owned\x07 y"
    term.tmux("set-buffer", "-b", "bell", titled)
    term.tmux("paste-buffer", "-p", "-b", "bell", "-t", term.name)
    term.wait_for_text("x ]0;owned y")
    term.keys("Enter")
    term.wait_for_text("x ^[]0;owned^G y")
    notes = wait_for_notes(data_dir, home, 2)
    assert [n.text for n in notes] == [coloured, titled]
    # Real coloured terminal output, several lines of it.
    listing = subprocess.run(
        ["ls", "--color=always", "-la", "/"], capture_output=True, text=True, check=True
    ).stdout.rstrip("\n")
    assert "\x1b[" in listing
    term.tmux("set-buffer", "-b", "ls", listing)
    term.tmux("paste-buffer", "-p", "-b", "ls", "-t", term.name)
    term.wait_for_text("Note · ")
    term.keys("Enter")
    notes = wait_for_notes(data_dir, home, 3)
    assert [n.text for n in notes] == [coloured, titled, listing]
    term.keys("C-q")
    assert term.wait_for_exit() == 0
