"""A whole interview driven from the keyboard with Textual's Pilot: create it,
type notes, tick probes and behaviours, tag and link notes, navigate, pause,
finish, and resume it from storage with everything in place."""

from __future__ import annotations

import errno
import os

import pytest
from conftest import SMP, make_session, type_text

from tui_interview.app import InterviewApp
from tui_interview.domain.session import Status, Tag
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.interview_dialogs import LinkBehavioursScreen
from tui_interview.screens.review import ReviewScreen
from tui_interview.widgets.checklist import Checklist
from tui_interview.widgets.note_input import NoteInput
from tui_interview.widgets.notes import NotesLog


async def test_note_input_has_focus_and_enter_saves_a_timed_note(app_context, clock):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert app.focused.id == "note"
        clock.advance(75)
        await type_text(pilot, "Led the CMDB clean-up")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#note", NoteInput).text == ""
    stored = app_context.store.load(session_id)
    [note] = stored.notes
    assert note.text == "Led the CMDB clean-up"
    assert note.elapsed_seconds == 75
    assert note.created_at == clock()
    assert stored.status is Status.IN_PROGRESS


async def test_whole_interview_from_the_keyboard_then_resume(app_context, clock):
    session_id = make_session(app_context, budget=30)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # A half-typed note survives ticking a probe and moving on.
        await type_text(pilot, "gap")
        await pilot.press("ctrl+t")
        clock.advance(30)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        ref1 = screen.session.plan[0]
        assert list(screen.session.probes_asked(ref1)) == [f"{ref1.question_id}.p1"]
        # Tag the note as the situation, link it to a behaviour.
        await pilot.press("ctrl+l")
        await pilot.pause()
        # The dialog opens on the best match for the note ("gap" → the gap
        # analyses behaviour, b3.2): Enter links it and closes.
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, LinkBehavioursScreen)
        note = screen.session.notes[0]
        assert note.behaviours == ("b3.2",)
        # A link is evidence, not a tick: the checklist counts it beside the behaviour.
        assert screen.session.behaviours_observed(SMP) == {}
        assert "(1 note)" in str(screen.query_one("#behaviours").get_option_at_index(1).prompt)
        # Written right after the situation probe was ticked, the note took
        # its STAR part; ctrl+e, then one command key, tags it further.
        assert screen.session.notes[0].tags == (Tag.SITUATION,)
        await pilot.press("ctrl+e", "f")
        await pilot.pause()
        assert screen.session.notes[0].tags == (Tag.SITUATION, Tag.FOLLOW_UP)
        # Tick a behaviour from its checklist: Tab Tab, ↓, Enter.
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert app.focused.id == "behaviours"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert list(screen.session.behaviours_observed(SMP)) == ["b3.2"]
        # Back to typing; the draft is still there.
        await pilot.press("escape")
        await type_text(pilot, "half typed")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.session.current_index == 1
        assert app.screen.query_one("#note", NoteInput).text == "half typed"
        await pilot.press("enter")
        await pilot.pause()
        # Pause the clock: time does not run while paused.
        await pilot.press("ctrl+s")
        clock.advance(600)
        await pilot.pause()
        paused_at = screen.session.elapsed(clock())
        await pilot.press("ctrl+s")
        clock.advance(5)
        assert screen.session.elapsed(clock()) == paused_at + 5
        # Delete a note and undo it.
        await pilot.press("ctrl+e", "d")
        await pilot.pause()
        assert screen.session.notes_for(screen.session.current) == []
        await pilot.press("ctrl+e", "u")
        await pilot.pause()
        assert len(screen.session.notes_for(screen.session.current)) == 1
        # Go back with ctrl+o, jump with ctrl+g.
        await pilot.press("escape", "ctrl+o")
        assert screen.session.current_index == 0
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        assert screen.session.current_index == 1
        # An unsent draft is kept for resume.
        await type_text(pilot, "draft")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert screen.session.status is Status.FINISHED
    resumed = app_context.store.load(session_id)
    assert resumed.status is Status.FINISHED
    assert resumed.draft == "draft"
    assert resumed.current_index == 1
    assert [n.text for n in resumed.active_notes] == ["gap", "half typed"]
    assert resumed.notes[0].tags == (Tag.SITUATION, Tag.FOLLOW_UP)
    assert list(resumed.behaviours_observed(SMP)) == ["b3.2"]
    assert resumed.evidence_for(SMP, "b3.2") == [resumed.notes[0]]
    assert resumed.clock.running is False

    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#note", NoteInput).text == "draft"
        probes = app.screen.query_one("#probes", Checklist)
        assert probes.option_count == len(
            app.screen.session.question(app.screen.session.current).probes
        )


async def test_failed_save_keeps_the_note_in_the_input(app_context, monkeypatch):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen

        def disk_full(src, dst):
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", disk_full)
            await type_text(pilot, "precious")
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.query_one("#note", NoteInput).text == "precious"
            assert screen.session.notes == []
            status = str(app.screen.query_one("#status").render())
            assert "NOT SAVED" in status and "disk is full" in status
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#note", NoteInput).text == ""
        assert "✓ saved" in str(app.screen.query_one("#status").render())
    assert [n.text for n in app_context.store.load(session_id).notes] == ["precious"]


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 40)])
async def test_interview_screen_survives_resizing(app_context, size):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.query_one("#note", NoteInput).region.height == 3
        assert app.screen.query_one("#question").region.height >= 3


async def test_session_open_elsewhere_opens_read_only_after_asking(app_context):
    session_id = make_session(app_context)
    with app_context.store.open(session_id):  # another login holds it
        app = InterviewApp(app_context, open_session=session_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "open" in str(app.screen.query_one(".dialog-text").render()).lower()
            await pilot.press("y")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            assert screen.query_one("#note", NoteInput).read_only
            assert "READ-ONLY" in str(screen.query_one("#status").render())
            await pilot.press("ctrl+t")
            await pilot.pause()
            assert screen.session.events == []
    assert app_context.store.load(session_id).events == []


async def test_help_and_command_palette_list_the_interview_actions(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        interview = app.screen
        commands = [c.title for c in app.get_system_commands(interview)]
        for title in [
            "Next question or section",
            "Previous question or section",
            "Go to a question or section (a list to filter)",
            "Pause or resume the clock",
            "Finish: review what is missing",
            "Candidate-present mode",
            "Back to home",
            "Note: tag situation",
            "Note: link to behaviours (evidence)",
            "Note: undo the last delete",
            "Probing questions: tick or un-tick the highlighted item",
            "Behaviours: tick or un-tick the highlighted item",
            "Behaviours: show or hide lower levels",
            "Note: edit",
        ]:
            assert title in commands
        # A widget's action runs from the palette: tick the highlighted probe.
        run = next(
            c
            for c in app.get_system_commands(interview)
            if c.title.startswith("Probing questions: tick")
        )
        await run.callback()
        await pilot.pause()
        assert len(interview.session.events) == 1
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("Static").render())
        assert "Keys — Interview" in text and "ctrl+n" in text.lower().replace("^", "ctrl+")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is interview
        # "?" is typed into the note, not taken as help.
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is interview
        assert interview.query_one("#note", NoteInput).text == "?"


async def test_home_lists_filters_and_deletes_after_confirming(app_context, clock):
    from tui_interview.screens.home import HomeScreen

    first = make_session(app_context)
    clock.advance(60)
    make_session(app_context, 1, session_id="bob-1", candidate="Bob Stone", role="Analyst")
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#sessions")
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == [
            "Bob Stone",
            "Ada Lovelace",
        ]
        await type_text(pilot, "ada")
        await pilot.pause()
        assert table.row_count == 1 and app.screen.selected_id() == first
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app_context.store.exists(first)
        await pilot.press("ctrl+r", "y")
        await pilot.pause()
        assert not app_context.store.exists(first)
        assert "No interview matches" in str(app.screen.query_one("#empty").render())


async def test_coming_back_to_a_half_typed_note_keeps_it(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "abc")
        await pilot.press("tab", "escape", "d")
        await pilot.pause()
        assert app.screen.query_one("#note", NoteInput).text == "abcd"


async def test_names_and_notes_with_brackets_are_shown_as_typed(app_context):
    make_session(
        app_context, 2, session_id="eve-1", candidate="Eve [/] [bold]Doe", role="Eng [contract]"
    )
    app = InterviewApp(app_context, open_session="eve-1")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "Eve [/] [bold]Doe · Eng [contract]" in status
        await type_text(pilot, "[red]said[/red] x")
        await pilot.press("enter")
        await pilot.pause()
        app.notify("Deleted the interview with Eve [/] [bold]Doe.")
        await pilot.press("f10")
        await pilot.pause()
        table = app.screen.query_one("#sessions")
        assert table.row_count == 1
    assert app_context.store.load("eve-1").notes[0].text == "[red]said[/red] x"


async def test_typing_in_the_notes_list_goes_on_in_the_note(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "one")
        await pilot.press("enter", "tab", "tab", "tab")
        await pilot.pause()
        assert isinstance(app.focused, NotesLog)
        # Letters that were once note commands go into the note, in order.
        await pilot.press("s", "h", "e", "space", "d")
        await pilot.pause()
        assert app.focused.id == "note"
        assert app.screen.query_one("#note", NoteInput).text == "she d"
        assert app.screen.session.notes[0].tags == ()
        assert not app.screen.session.notes[0].deleted


async def test_clock_left_running_by_a_crash_is_paused_at_the_last_save(app_context, clock):
    from tui_interview.domain.interview import Interview

    session_id = make_session(app_context)
    with app_context.store.open(session_id) as handle:
        interview = Interview(handle, now=clock)
        interview.start()
        clock.advance(120)
        interview.record_note("the last save")  # then the app "dies"
        path = handle.path
    # The file's own time says nothing: copies, backups and restores change it.
    os.utime(path, (0, 0))
    clock.advance(8 * 3600)  # reopened the next morning
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        session = app.screen.session
        assert not session.clock.running
        assert session.elapsed(clock()) == 120
        messages = [n.message for n in app._notifications]
        status = str(app.screen.query_one("#status").render())
    assert app_context.store.load(session_id).clock.accumulated_seconds == 120
    # Said on the interview clock, as the header shows it, not the wall time (09:32).
    assert status.startswith("⏸ PAUSED 02:00")
    [message] = [m for m in messages if "did not close normally" in m]
    assert "paused at ⏱ 02:00 (the last save)" in message
    assert "09:32" not in message


async def test_home_columns_follow_the_terminal_width(app_context):
    make_session(app_context)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one("#sessions-header")
        assert "Id" not in str(header.render())
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert "Id" in str(header.render())
        table = app.screen.query_one("#sessions")
        assert sum(table.widths) + 2 * (len(table.widths) - 1) > 100
