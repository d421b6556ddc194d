"""Lock files that cannot be written, seen in the app: resume on a full disk
offers read-only, and the new-interview form on a read-only folder or a full
disk keeps what was typed (both simulated in process)."""

from __future__ import annotations

from conftest import make_session, type_text
from test_lock_failures import disk_full_for_locks, lock_files, needs_linux, read_only_folder
from textual.widgets import Input, SelectionList, Static

from tui_interview.app import InterviewApp
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.new_interview import NewInterviewScreen
from tui_interview.widgets.note_input import NoteInput


@needs_linux
async def test_resume_on_a_full_disk_says_why_and_offers_read_only(app_context, monkeypatch):
    session_id = make_session(app_context)
    disk_full_for_locks(monkeypatch)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one(".dialog-text").render())
        assert "the disk is full" in question and "Open it read-only?" in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.query_one("#note", NoteInput).read_only
        assert "READ-ONLY" in str(app.screen.query_one("#status").render())
    assert "the disk is full" in app.open_failed
    assert lock_files(app_context.store) == []


async def test_new_interview_form_on_a_read_only_folder_keeps_what_was_typed(
    app_context, monkeypatch
):
    make_session(app_context)  # the folders exist; now they are read-only
    read_only_folder(monkeypatch, app_context.data_dir)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewInterviewScreen)
        screen.query_one("#candidate", Input).focus()
        await type_text(pilot, "Ada Byron")
        competencies = screen.query_one("#competencies", SelectionList)
        competencies.focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        error = screen.query_one("#error-form", Static)
        assert error.display
        assert "The interview was not saved" in str(error.render())
        assert "permission denied" in str(error.render())
        assert screen.query_one("#candidate", Input).value == "Ada Byron"
        assert len(screen.plans()) == 1
    assert len(app_context.store.list_summaries()) == 1


@needs_linux
async def test_new_interview_form_on_a_full_disk_keeps_what_was_typed(app_context, monkeypatch):
    disk_full_for_locks(monkeypatch)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#candidate", Input).focus()
        await type_text(pilot, "Ada")
        screen.query_one("#competencies", SelectionList).focus()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "the disk is full" in str(screen.query_one("#error-form", Static).render())
        assert screen.query_one("#candidate", Input).value == "Ada"
        monkeypatch.undo()  # room again: the same form now saves
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
    [summary] = app_context.store.list_summaries()
    assert summary.candidate == "Ada"
    assert lock_files(app_context.store) == []
