"""The new-interview form starts from another stored interview (issue 14,
§1): the same competencies, levels, questions, order, budget split and plan
id; a prefix that names no interview, or several, is said under the field."""

from __future__ import annotations

from conftest import make_session, settle, type_text
from textual.widgets import Input, Static

from tui_interview.app import InterviewApp
from tui_interview.domain.planning import plan_of
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.new_interview import NewInterviewScreen


async def fill(pilot, candidate: str, prefix: str) -> NewInterviewScreen:
    await pilot.press("ctrl+n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NewInterviewScreen)
    await type_text(pilot, candidate)
    screen.query_one("#from-session", Input).focus()
    await type_text(pilot, prefix)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return screen


async def test_the_form_starts_from_a_stored_interview_by_id_prefix(app_context):
    source = app_context.store.load(
        make_session(app_context, level=2, budget=45, session_id="k7m2qa", interviewer="Grace")
    )
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        await fill(pilot, "Dee", "k7m")
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview is not None
        made = app.screen.interview.session
    assert made.id != source.id
    assert (made.candidate, made.plan_id) == ("Dee", source.plan_id)
    assert plan_of(app_context.store.load(made.id)) == plan_of(source)


async def test_an_unknown_or_ambiguous_prefix_is_said_under_the_field(app_context):
    make_session(app_context, session_id="k7m2qa")
    make_session(app_context, session_id="k7x9ab")
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await fill(pilot, "Dee", "zz")
        assert app.screen is screen
        error = screen.query_one("#error-plan", Static).render().plain
        assert error.startswith("✗ interview zz: No session 'zz'")
        field = screen.query_one("#from-session", Input)
        field.value = "k7"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        error = screen.query_one("#error-plan", Static).render().plain
        assert "interview k7: " in error and "k7m2qa" in error and "k7x9ab" in error
    assert len(app_context.store.list_summaries()) == 2
