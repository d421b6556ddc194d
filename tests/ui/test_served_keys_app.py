"""The app run by ``serve`` (told by $TUI_INTERVIEW_SERVED) uses the keys
browsers pass through: they work, pressed or in a burst, and the footer, F1
and the palette name them."""

from __future__ import annotations

import pytest
from conftest import make_session, queue, settle

from tui_interview.app import InterviewApp
from tui_interview.keymap import SERVED_ENV


@pytest.fixture
def served(monkeypatch, tmp_path):
    folder = tmp_path / "serve-state"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv(SERVED_ENV, str(folder))


def footer_keys(app) -> set[str]:
    return {b.binding.key for b in app.active_bindings.values() if b.binding.show}


async def test_served_home_keys_work_and_are_the_ones_shown(app_context, served):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        empty = str(app.screen.query_one("#empty").render())
        assert "Press ctrl+b to plan a new interview" in empty
        keys = footer_keys(app)
        assert "ctrl+n" not in keys and "ctrl+t" not in keys
        await pilot.press("f1")
        help_text = str(app.screen.query_one("Static").render())
        assert "browsers keep ctrl+n" in help_text
        assert "ctrl+t" not in help_text.replace("browsers keep ctrl+n, ctrl+t", "")
        assert "F4" in help_text or "f4" in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert type(app.screen).__name__ == "NewInterviewScreen"


async def test_served_interview_keys_in_a_burst(app_context, served):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # ctrl+b: the next question; F4: tick its first probe; ctrl+n and
        # ctrl+t (which no browser sends) do nothing; the notes go in order.
        queue(app, *"one", "enter", "ctrl+b", "f4", *"two", "enter", "ctrl+n", "ctrl+t")
        await settle(pilot)
        session = app.screen.session
        assert session.current_index == 1
        assert [n.text for n in session.active_notes] == ["one", "two"]
        assert [n.question for n in session.active_notes] == [session.plan[0], session.plan[1]]
        assert len(session.probes_asked(session.plan[1])) == 1
        keys = footer_keys(app)
        assert not keys & {"ctrl+n", "ctrl+t"}
        # The palette names the served keys.
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Tick the next probing question not yet asked"] == "key: f4"
        assert commands["Next question or section"] == "key: ^b"
        kept = ("ctrl+n", "ctrl+t", "^n", "^t")
        assert not [help for help in commands.values() if any(k in help for k in kept)]
