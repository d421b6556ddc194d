"""The app runs on one injected clock: moving the real clock (time-machine) a
year or ten ahead changes nothing a reopened interview shows or stores.

The whole suite can be run the same way: ``TUI_INTERVIEW_TEST_SHIFT_DAYS=365``
(see conftest)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from conftest import make_session

from tui_interview.app import InterviewApp
from tui_interview.domain.interview import Interview
from tui_interview.widgets.notes import NotesLog


@pytest.fixture(params=[0, 365, 3650], ids=lambda days: f"real-clock-plus-{days}-days")
def real_clock_moved(request) -> datetime:
    """The real clock moved ``request.param`` days ahead for the test."""
    destination = datetime.now(UTC) + timedelta(days=request.param)
    with time_machine.travel(destination, tick=True):
        yield destination


async def test_a_reopened_interview_reads_the_same_on_any_date(
    app_context, clock, real_clock_moved
):
    # The travel is in force: the real clock reads the destination's date.
    assert abs(datetime.now(UTC) - real_clock_moved) < timedelta(minutes=5)
    session_id = make_session(app_context, budget=45)
    with app_context.store.open(session_id) as handle:
        interview = Interview(handle, now=app_context.now)
        interview.start()
        clock.advance(105)
        interview.record_note("Gap analysis of the incident process")
        clock.advance(395)
        interview.save_draft("Found no owner for")  # the last save; then the app dies
    clock.advance(3600)  # reopened an hour later

    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        [note_line] = [str(option.prompt) for option in app.screen.query_one(NotesLog).options]
        messages = [n.message for n in app._notifications]

    assert status.startswith("⏸ PAUSED 08:20")
    assert "36:40 left" in status
    assert note_line.startswith("[01:45] Gap analysis")
    assert any("paused at ⏱ 08:20 (the last save)" in message for message in messages)
    stored = app_context.store.load(session_id)
    assert stored.clock.accumulated_seconds == 500
    assert stored.saved_at == clock()  # the save that paused the clock, on the app's clock
    [summary] = app_context.store.list_summaries()
    assert summary.updated_at == clock()
