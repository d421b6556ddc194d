"""Attacks on the Panel, lock and keymap work (issues 14-16) as an
interviewer in a hurry would make them: keys and pastes in one burst right
after a key that opens a dialog, the lock among them, hostile text."""

from __future__ import annotations

import pytest
from conftest import queue, settle
from test_panel_screen import board_of_three
from textual import events

from tui_interview.app import InterviewApp
from tui_interview.screens.consensus import ConsensusScreen


@pytest.fixture
def me_grace(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Grace"\n', encoding="utf-8")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))


async def test_a_paste_right_after_c_lands_in_the_form_in_its_place(
    app_context, clock, tmp_path, me_grace
):
    folder = board_of_three(tmp_path / "board", clock)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        # c opens the form; the keys after it wait for it, and so must a
        # paste among them (it used to go to the panel and be lost).
        queue(app, "c", "3", "tab", *"ab")
        app.post_message(events.Paste("PASTED"))
        queue(app, *"cd")
        await settle(pilot)
        assert isinstance(app.screen, ConsensusScreen)
        assert app.screen.query_one("#consensus-value").value == "3"
        assert app.screen.query_one("#consensus-rationale").value == "abPASTEDcd"
