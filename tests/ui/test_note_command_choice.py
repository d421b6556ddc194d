"""Note commands (issue 22 §5): a part from a probe is kept on the first
press, the choice goes back to the last note, the hint names the note."""

from __future__ import annotations

from conftest import make_session, type_text

from tui_interview.app import InterviewApp
from tui_interview.domain.session import Tag


async def open_interview(app_context):
    session_id = make_session(app_context)
    return session_id, InterviewApp(app_context, open_session=session_id)


async def test_the_choice_goes_back_to_the_last_note_after_a_command(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for text in ("one", "two", "three"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("ctrl+e", "up", "q")
        await pilot.pause()
        await pilot.press("ctrl+e", "a")
        await pilot.pause()
        session = app.screen.session
        assert [n.tags for n in session.notes] == [(), (Tag.QUOTE,), (Tag.ACTION,)]


async def test_the_hint_shows_the_start_of_the_chosen_note(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "first [b]note[/b]")
        await pilot.press("enter")
        await type_text(pilot, "second note")
        await pilot.press("enter")
        await pilot.press("ctrl+e")
        await pilot.pause()
        hint = app.screen.query_one("#command-hint")
        assert "second note" in str(hint.render())
        await pilot.press("up")
        await pilot.pause()
        assert "first [b]note[/b]" in str(hint.render())
