"""Snapshot tests of the interview screen's new dialogs and a section
(issue 12), at 80×24 and 40×12, with the clock frozen. Update them on purpose
with ``pytest tests/ui/test_snapshots_interview_flow.py --snapshot-update`` and look."""

from __future__ import annotations

import pytest
from test_snapshots_screens import keys_then_still, store_sample_interview

from tui_interview.app import InterviewApp

SIZES = [(80, 24), (40, 12)]


@pytest.fixture(autouse=True)
def _no_blinking_cursor(monkeypatch):
    monkeypatch.setattr("tui_interview.widgets.note_input.CURSOR_BLINK", False)


def size_id(size) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_go_to_list_looks_right(snap_compare, app_context, clock, size):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still("ctrl+g"))


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_find_in_notes_looks_right(snap_compare, app_context, clock, size):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    keys = ("f3", *"the")
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still(*keys))


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_add_question_looks_right(snap_compare, app_context, clock, size):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    keys = ("f2", *"Who owned it?")
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still(*keys))


@pytest.mark.parametrize("size", SIZES, ids=size_id)
def test_a_section_looks_right(snap_compare, app_context, clock, size):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(app_context, open_session=session_id)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_still("ctrl+o"))
