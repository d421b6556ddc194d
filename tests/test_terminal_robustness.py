"""The app survives what a terminal may send or ask for: NO_COLOR (the
no-color.org convention) and malformed bytes on its input."""

from __future__ import annotations

from conftest import make_session

from tui_interview.app import InterviewApp
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.new_interview import NewInterviewScreen


async def test_no_color_home_list_and_enter_on_a_session(app_context, monkeypatch):
    """Textual reads NO_COLOR when the app is created and then filters every
    segment to monochrome; a segment without a style used to crash it."""
    monkeypatch.setenv("NO_COLOR", "1")
    session_id = make_session(app_context, candidate="Ada Lovelace")
    app = InterviewApp(app_context)
    assert app.no_color
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.handle.session.id == session_id
        await pilot.press("f10")  # home again: the list is drawn once more
        await pilot.pause()
        assert app.screen.query_one("#sessions").row_count == 1
        # The other hand-drawn list: the new-interview form's tick lists.
        await pilot.press("ctrl+n")
        await pilot.pause()
        for _ in range(4):  # candidate, role, interviewer, budget -> competencies
            await pilot.press("tab")
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, NewInterviewScreen)
        assert app.screen.query_one("#competencies").selected
    assert app.return_code in (None, 0)
