"""Note hygiene in the app (issue 25, part 1): the quiet mark in the notes
pane, none in candidate-present mode, and the export dialog naming the notes."""

from __future__ import annotations

import pytest
from conftest import plan_shipped, queue, settle
from textual.widgets import Static

from tui_interview.app import InterviewApp
from tui_interview.screens.export import ExportScreen
from tui_interview.widgets.notes import HYGIENE_MARK, NotesLog

NOTE = "Seemed nervous, mentioned she is 52 years old"


def stored(app_context, present: bool) -> str:
    session = plan_shipped(app_context.now(), session_id=app_context.store.new_id())
    session.candidate_present = present
    app_context.store.create(session)
    return session.id


def notes_text(app) -> list[str]:
    log = app.screen.query_one(NotesLog)
    return [str(log.get_option_at_index(i).prompt) for i in range(log.option_count)]


@pytest.mark.parametrize("present", [False, True])
async def test_a_flagged_note_gets_a_quiet_mark_unless_the_candidate_may_see(app_context, present):
    app = InterviewApp(app_context, open_session=stored(app_context, present))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Typed in one burst, as a paste or a fast typist delivers it.
        queue(app, *NOTE, "enter", *"Restarted the queue first", "enter")
        await settle(pilot)
        flagged, clean = notes_text(app)
        assert NOTE in flagged and "Restarted the queue first" in clean
        assert HYGIENE_MARK.strip() not in clean
        assert (HYGIENE_MARK.strip() in flagged) is (not present)
        # Nothing was changed: the note is saved as typed.
        assert app.screen.session.notes[0].text == NOTE


async def test_the_export_dialog_names_the_flagged_notes_before_writing(app_context, clock):
    session_id = stored(app_context, present=False)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *NOTE, "enter")
        await settle(pilot)
        session = app.screen.session
        app.push_screen(ExportScreen(session))
        await pilot.pause()
        text = str(app.screen.query_one("#export-flagged", Static).render())
        assert text.startswith("1 note holds words an official record should not")
        assert '"Seemed nervous", "52 years old" (judgement, age)' in text
