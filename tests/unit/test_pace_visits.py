"""Pace: visiting a stop does not count it as done, and a key that moves
between stops never moves the pace figure (issue 22 §6)."""

from __future__ import annotations

from conftest import plan_shipped

from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.pacing import pace
from tui_interview.domain.session import Section


def test_going_back_to_the_opening_does_not_count_question_1_as_done(clock):
    session = plan_shipped(clock(), 3, 60, session_id="pace-visit-1")
    interview = Interview(Unstored(session), now=clock)
    interview.go_to_section(Section.OPENING)
    interview.start()
    clock.advance(30)
    interview.next_stop()  # question 1
    clock.advance(6)
    before = pace(session, clock()).ahead_seconds
    interview.go_to_section(Section.OPENING)
    after = pace(session, clock()).ahead_seconds
    # Only the opening's saving counts: question 1 was visited, not finished.
    assert before == after == session.stop_budgets[Section.OPENING] - 30
    assert pace(session, clock()).current.stop is Section.OPENING


def test_a_jump_to_an_earlier_question_keeps_the_figure(clock):
    session = plan_shipped(clock(), 3, 60, session_id="pace-visit-2")
    interview = Interview(Unstored(session), now=clock)
    interview.start()  # on question 1
    clock.advance(60)
    interview.next_stop()  # question 2: question 1 is finished, its saving counts
    clock.advance(30)
    on_second = pace(session, clock()).ahead_seconds
    first = session.plan[0]
    assert on_second == session.stop_budgets[first] - 60
    interview.previous_stop()
    assert pace(session, clock()).current.stop == first
    assert pace(session, clock()).ahead_seconds == on_second
    # Time spent back on question 1 is taken from what it saved, second by second.
    clock.advance(10)
    assert pace(session, clock()).ahead_seconds == on_second - 10
