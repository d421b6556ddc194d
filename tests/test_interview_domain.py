"""The Interview service: every change saved, rolled back when the save fails,
and a clock left running by a crash stopped at the last save."""

from datetime import timedelta

import pytest
from conftest import plan_shipped

from tui_interview.domain.interview import Interview


def planned(clock):
    return plan_shipped(clock(), 2, session_id="dom-1")


def test_every_change_is_saved_and_a_failed_save_changes_nothing(clock):
    saved = []
    interview = Interview(planned(clock), saved.append, now=clock)
    interview.start()
    interview.record_note("first")
    assert len(saved) == 2 and saved[-1].notes[0].text == "first"

    def full_disk(session):
        raise OSError("disk full")

    interview._save = full_disk
    with pytest.raises(OSError):
        interview.record_note("second")
    assert [n.text for n in interview.session.notes] == ["first"]


def test_clock_left_running_stops_at_the_last_save(clock):
    interview = Interview(planned(clock), lambda s: None, now=clock)
    interview.start()
    last_save = clock.advance(300)
    clock.advance(8 * 3600)
    assert interview.stop_clock_left_running(last_save) == last_save
    assert interview.session.elapsed(clock()) == 300
    assert interview.stop_clock_left_running(clock()) is None


def test_a_last_save_before_the_clock_started_counts_nothing(clock):
    interview = Interview(planned(clock), lambda s: None, now=clock)
    interview.start()
    started = clock()
    assert interview.stop_clock_left_running(started - timedelta(hours=1)) == started
    assert interview.session.elapsed(clock.advance(60)) == 0
