"""Screens talk to the core through typed objects: the review and rating
screens get the domain Interview, never the interview screen, and the note
commands are methods, looked up by key."""

from conftest import make_session

from tui_interview.app import InterviewApp
from tui_interview.screens.base import app_context as context_of
from tui_interview.screens.base import tui_app
from tui_interview.screens.interview import NOTE_COMMANDS, InterviewScreen
from tui_interview.screens.rating import RatingScreen
from tui_interview.screens.review import ReviewScreen


def holds_a_screen(screen) -> list[str]:
    return [name for name, value in vars(screen).items() if isinstance(value, InterviewScreen)]


async def test_review_and_rating_get_the_interview_not_the_screen(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        interview_screen = app.screen
        assert isinstance(interview_screen, InterviewScreen)
        assert tui_app(interview_screen) is app
        assert context_of(interview_screen) is app_context
        await pilot.press("ctrl+s", "ctrl+f")  # the clock paused: rating opens
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.interview is interview_screen.running
        assert holds_a_screen(review) == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        rating = app.screen
        assert isinstance(rating, RatingScreen)
        assert rating.interview is interview_screen.running
        assert holds_a_screen(rating) == []


async def test_every_note_command_key_runs_a_method_of_the_screen(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        commands = screen._note_commands
        assert set(commands) == set(NOTE_COMMANDS)
        for key, command in commands.items():
            bound_to = getattr(getattr(command, "func", command), "__self__", None)
            assert bound_to is screen, key
