"""Issue 12's small things on the app's own screens: ctrl+c's message, help
and palette without a copy key that does nothing, an interview opened
read-only offering no editing keys, the export folder remembered, the home
screen's search by what was said and its column widths, and the new-interview
form (errors that clear, the competency filter, the time plan)."""

from __future__ import annotations

from conftest import make_session

from tui_interview.app import InterviewApp
from tui_interview.screens.help import HelpScreen, key_rows
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen


def notices(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def palette_titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_ctrl_c_says_how_to_quit_in_plain_words(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        [message] = notices(app)
        assert "ctrl+q" in message
        assert "[b]" not in message and "[/b]" not in message


async def test_help_and_palette_do_not_offer_copy_when_nothing_is_selected(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert all("Copy" not in what for _, what in key_rows(app.screen))
        assert "Copy selected text" not in palette_titles(app)
        # The home screen's own keys are still there.
        assert "New" in [what for _, what in key_rows(app.screen)]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        assert "Copy selected text" not in text and "New" in text


async def test_read_only_interview_offers_no_editing_keys(app_context):
    session_id = make_session(app_context)
    with app_context.store.open(session_id):  # another login holds it
        app = InterviewApp(app_context, open_session=session_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            footer_actions = {b.binding.action for b in app.active_bindings.values() if b.enabled}
            assert not footer_actions & InterviewScreen.EDITING_ACTIONS
            assert "next_question" in footer_actions
            keys = [what for _, what in key_rows(screen)]
            assert "Next question" in keys
            for editing in ("Pause or resume the clock", "Rate the competencies"):
                assert editing not in keys
                assert editing not in palette_titles(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "READ-ONLY" in str(screen.query_one("#status").render())
    assert app_context.store.load(session_id).clock.running_since is None


async def test_a_writable_interview_still_offers_its_editing_keys(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = [what for _, what in key_rows(app.screen)]
        assert "Pause or resume the clock" in keys and "Rate the competencies" in keys
