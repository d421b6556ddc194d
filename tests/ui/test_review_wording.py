"""Review lists the notes the note-hygiene word list flags, with their words
(issue 25, §1): the interviewer edits one (its history kept) or leaves them.
Keys are queued in bursts, as a fast typist or a paste delivers them."""

from __future__ import annotations

from conftest import plan_shipped, queue, settle, to_review
from textual.widgets import OptionList, Static

from tui_interview.app import InterviewApp
from tui_interview.screens.interview_dialogs import EditNoteScreen
from tui_interview.screens.review import ReviewScreen
from tui_interview.screens.wording import WordingScreen

NOTE = "Seemed nervous, mentioned she is 52 years old"
CLEAN = "Said she restarted the queue first"


def stored(app_context) -> str:
    session = plan_shipped(app_context.now(), session_id=app_context.store.new_id())
    app_context.store.create(session)
    return session.id


def review_shown(app) -> str:
    return str(app.screen.query_one("#review", Static).render())


def rows(app) -> list[str]:
    options = app.screen.query_one("#wording-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_review_lists_flagged_notes_and_an_edit_keeps_the_history(app_context):
    session_id = stored(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue(app, *NOTE, "enter", *CLEAN, "enter")
        await settle(pilot)
        review = await to_review(pilot)
        text = review_shown(app)
        assert "Wording to check (1; ctrl+e: edit them or leave them)" in text
        assert "◦ Q1 [00:00] “Seemed nervous, mentioned she is 52 yea…”: " in text
        assert '"Seemed nervous", "52 years old" (judgement, age)' in text
        assert CLEAN not in text.split("Questions not asked")[0]

        # Leave them: Escape changes nothing.
        queue(app, "ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, WordingScreen)
        assert len(rows(app)) == 1 and "52 years old" in rows(app)[0]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        assert review.session.notes[0].text == NOTE

        # Edit one: ctrl+e, Enter on the row, the new text, Enter, in one burst.
        fixed = "Said she had handled 52 incidents"
        queue(app, "ctrl+e", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditNoteScreen)
        app.screen.query_one("#edit-text").clear()
        queue(app, *fixed, "enter")
        await settle(pilot)
        assert isinstance(app.screen, WordingScreen)
        assert rows(app) == ["No flagged note left."]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Wording to check" not in review_shown(app)
        note = review.session.notes[0]
        assert note.text == fixed
        assert [revision.text for revision in note.history] == [NOTE]
    stored_note = app_context.store.load(session_id).notes[0]
    assert stored_note.text == fixed and stored_note.history[0].text == NOTE


async def test_nothing_is_listed_while_the_candidate_may_be_present(app_context):
    app = InterviewApp(app_context, open_session=stored(app_context))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue(app, *NOTE, "enter", "ctrl+f")  # the clock still runs
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Wording to check" not in review_shown(app)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
