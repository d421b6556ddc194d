"""Nothing typed is lost on the way out (issue 9 §5), and small terminals
keep the clock, the question and the note input in view (§6)."""

from __future__ import annotations

import errno
import os
import stat

import pytest
from conftest import make_session, type_text

from tui_interview.app import InterviewApp
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import DRAFT_SAVE_DELAY, InterviewScreen
from tui_interview.screens.unsaved import UnsavedTextScreen


def disk_full(src, dst):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    path = tmp_path / "state"
    monkeypatch.setenv("TUI_INTERVIEW_STATE_DIR", str(path))
    return path


async def type_unsaved_note(pilot, monkeypatch) -> None:
    """Type a note whose save fails (a full disk), as the v1 bug report did."""
    monkeypatch.setattr(os, "replace", disk_full)
    await type_text(pilot, "precious words")
    await pilot.press("enter")
    await pilot.pause()


async def test_quit_with_an_unsaved_note_asks_and_can_write_a_recovery_file(
    app_context, monkeypatch, state_dir
):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_unsaved_note(pilot, monkeypatch)
        assert app.screen.note_input.text == "precious words"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedTextScreen)
        dialog_text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "could not be saved" in dialog_text and str(state_dir) in dialog_text
        # Escape stays, with the text where it was.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.note_input.text == "precious words"
        await pilot.press("ctrl+q")
        await pilot.pause()
        monkeypatch.undo()  # the state folder is on another disk
        monkeypatch.setenv("TUI_INTERVIEW_STATE_DIR", str(state_dir))
        await pilot.press("f")
        await pilot.pause()
    assert app.return_code == 0
    [saved] = list((state_dir / "recovered").iterdir())
    assert saved.read_text() == "precious words"
    assert saved.name.startswith(session_id)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert stat.S_IMODE((state_dir / "recovered").stat().st_mode) == 0o700


async def test_going_home_with_an_unsaved_note_can_copy_it_to_the_clipboard(
    app_context, monkeypatch, state_dir
):
    session_id = make_session(app_context)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_interview(session_id)
        await pilot.pause()
        await type_unsaved_note(pilot, monkeypatch)
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedTextScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == "precious words"
        assert isinstance(app.screen, HomeScreen)
    assert not state_dir.exists()


async def test_quit_with_nothing_unsaved_does_not_ask(app_context, state_dir):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "a draft is saved, so nothing is lost")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert app_context.store.load(session_id).draft == "a draft is saved, so nothing is lost"


async def test_the_draft_is_saved_while_typing_goes_on(app_context):
    """Never older than the last pause: a timer started by the first key of a
    run saves it even if keys keep coming faster than the delay."""
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for char in "steady typing":
            await pilot.press("space" if char == " " else char)
            await pilot.pause(DRAFT_SAVE_DELAY / 4)
        await pilot.pause(DRAFT_SAVE_DELAY * 1.5)
        draft = app_context.store.load(session_id).draft
        assert draft == "steady typing"


@pytest.mark.parametrize("size", [(40, 12), (40, 15), (60, 20), (80, 24)])
async def test_small_terminals_keep_the_clock_question_and_note_input(app_context, size):
    session_id = make_session(app_context, budget=45)
    app = InterviewApp(app_context, open_session=session_id)
    width, height = size
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")  # paused
        await pilot.pause()
        screen = app.screen
        status = screen.query_one("#status")
        text = str(status.render())
        assert text.startswith("⏸ PAUSED")
        assert "left" in text or width < 50
        question = screen.query_one("#question")
        first_line = screen.session.question(screen.session.current).text.split()[0]
        assert question.region.height >= 3 and question.region.bottom <= height
        assert first_line in str(question.render())
        note_input = screen.note_input
        assert note_input.region.height >= 3
        assert 0 < note_input.region.bottom <= height - 1  # above the footer
        assert note_input.region.width == width
        assert "PAUSED" in str(note_input.border_title)
        # Typing goes where it can be seen.
        await type_text(pilot, "seen")
        await pilot.pause()
        assert app.focused is note_input and note_input.text == "seen"


async def test_a_note_typed_while_paused_says_so(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await type_text(pilot, "during a pause")
        await pilot.press("enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("clock is paused" in m for m in messages)


async def test_candidate_present_is_shown_where_notes_are_typed(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        note_input = app.screen.note_input
        assert "CANDIDATE PRESENT" in str(note_input.border_title)
        await pilot.press("f6")
        await pilot.pause()
        assert "CANDIDATE PRESENT" not in str(note_input.border_title)
