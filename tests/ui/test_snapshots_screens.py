"""Snapshot tests of how the screens look, at 80×24 and 120×40 (the interview
also at 40×12 and 60×20, a tmux split), with the clock
frozen so the pictures are stable. Update them on purpose with
``pytest tests/ui/test_snapshots_screens.py --snapshot-update`` and look at the report."""

from __future__ import annotations

import pytest
from conftest import SMP
from textual.widgets import Input, TextArea

from tui_interview.app import InterviewApp
from tui_interview.domain.interview import Interview
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.session import Tag

SIZES = [(80, 24), (120, 40)]
SMALL_SIZES = [(40, 12), (60, 20)]


@pytest.fixture(autouse=True)
def _no_blinking_cursor(monkeypatch):
    """A cursor that never blinks, from the start: the pictures are stable."""
    monkeypatch.setattr("tui_interview.widgets.note_input.CURSOR_BLINK", False)


def store_sample_interview(app_context, clock, session_id="snap-ada"):
    """A level-3 interview ten minutes in: notes, tags, a link, ticks."""
    competency = app_context.library.competencies[SMP]
    session = plan_session(
        session_id=session_id,
        candidate="Ada Lovelace",
        role="Service Delivery Manager",
        interviewer="Grace Hopper",
        choices=[CompetencyChoice(competency, 3)],
        now=clock(),
        time_budget_minutes=45,
    )
    app_context.store.create(session)
    with app_context.store.open(session_id) as handle:
        interview = Interview(handle, now=clock)
        interview.start()
        clock.advance(65)
        ref = interview.session.current
        interview.toggle_probe(ref, f"{ref.question_id}.p1")
        clock.advance(40)
        note = interview.record_note(
            "Gap analysis of the incident process for a 300-seat help desk", tags=[Tag.SITUATION]
        )
        interview.toggle_note_behaviour(note.id, "b3.2")
        interview.toggle_behaviour(SMP, "b3.2")
        clock.advance(95)
        interview.toggle_probe(ref, f"{ref.question_id}.p2")
        interview.record_note(
            "Led the assessment; two analysts reported to her", tags=[Tag.TASK, Tag.QUOTE]
        )
        clock.advance(300)
        interview.save_draft("Found no owner for")
        # Closed as the app closes it: the clock paused (a clock left running
        # is a crash, with a notice of its own).
        interview.pause()
    return session_id


def keys_then_still(*keys: str):
    """Press ``keys``, then stop every cursor blinking so the picture is stable."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_screen_looks_right(snap_compare, app_context, clock, size):
    store_sample_interview(app_context, clock)
    clock.advance(3600)
    store_sample_interview(app_context, clock, session_id="snap-bob")
    app = InterviewApp(app_context)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_empty_home_screen_says_how_to_start(snap_compare, app_context, size):
    app = InterviewApp(app_context)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_interview_screen_looks_right(snap_compare, app_context, size):
    app = InterviewApp(app_context)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still("ctrl+n"))


@pytest.mark.parametrize("size", SIZES + SMALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_interview_screen_looks_right(snap_compare, app_context, clock, size):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen_looks_right(snap_compare, app_context, clock, size):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still("ctrl+f"))


def test_a_pending_note_command_shows_its_keys(snap_compare, app_context, clock):
    """ctrl+e: the keys of the note command above the input, the chosen note
    reversed in the notes list."""
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_still("ctrl+e"))


def test_a_multi_line_note_being_typed_grows_the_input(snap_compare, app_context, clock):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    text = " and ".join(["she mapped every incident queue"] * 6)

    async def run_before(pilot) -> None:
        from textual import events

        await pilot.pause()
        pilot.app.post_message(events.Paste("\n" + text + "\nthen the owners."))
        await keys_then_still()(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
