"""Pacing: the budget split over questions and sections, each stop's time
against its share, and the interview ahead of or behind its plan."""

from __future__ import annotations

import pytest
from conftest import plan_shipped
from hypothesis import given
from hypothesis import strategies as st

from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.pacing import (
    BudgetError,
    PaceLevel,
    budget_shares,
    pace,
    pace_level,
    split_budget,
    stop_paces,
)
from tui_interview.domain.planning import PlanError, plan_stops
from tui_interview.domain.session import QuestionRef, Section
from tui_interview.domain.session_codec import session_from_dict, session_to_dict

STOPS = [Section.OPENING, QuestionRef("c", "q1"), QuestionRef("c", "q2"), Section.CLOSING]


@given(
    count=st.integers(min_value=1, max_value=40),
    minutes=st.integers(min_value=1, max_value=24 * 60),
)
def test_an_equal_split_adds_up_to_the_budget_and_differs_by_at_most_a_second(count, minutes):
    stops = [QuestionRef("c", f"q{i}") for i in range(count)]
    shares = split_budget(stops, minutes)
    assert list(shares) == stops
    assert sum(shares.values()) == minutes * 60
    assert max(shares.values()) - min(shares.values()) <= 1


def test_fixed_shares_are_kept_and_the_rest_split_what_is_left():
    shares = split_budget(STOPS, 10, {Section.OPENING: 60, Section.CLOSING: 120})
    assert shares == {
        Section.OPENING: 60,
        QuestionRef("c", "q1"): 210,
        QuestionRef("c", "q2"): 210,
        Section.CLOSING: 120,
    }


@pytest.mark.parametrize(
    "fixed",
    [{Section.OPENING: 601}, {stop: 100 for stop in STOPS}, {Section.OPENING: -1}],
)
def test_shares_that_cannot_make_the_budget_are_refused(fixed):
    with pytest.raises(BudgetError):
        split_budget(STOPS, 10, fixed)


def test_the_form_splits_the_budget_over_questions_and_sections(clock):
    session = plan_shipped(clock(), 2, 45)
    assert list(session.stop_budgets) == session.stops
    assert sum(session.stop_budgets.values()) == 45 * 60
    assert budget_shares(session) == session.stop_budgets
    assert plan_shipped(clock(), 2).stop_budgets is None
    assert budget_shares(plan_shipped(clock(), 2)) == {}


def test_the_form_keeps_edited_shares_and_refuses_impossible_ones(clock):
    from conftest import CONTENT_DIR, SMP

    from tui_interview.content.loader import load_file
    from tui_interview.domain.planning import CompetencyChoice, plan_session

    competency, _ = load_file(CONTENT_DIR / f"{SMP}.yaml")
    choices = [CompetencyChoice(competency, 2)]
    stops = plan_stops(choices)
    common = dict(session_id="p-1", candidate="A", role="", interviewer="", choices=choices)
    session = plan_session(
        **common, now=clock(), time_budget_minutes=30, stop_budgets={Section.OPENING: 300}
    )
    assert session.stops == stops
    assert session.stop_budgets[Section.OPENING] == 300
    assert sum(session.stop_budgets.values()) == 1800
    with pytest.raises(PlanError) as raised:
        plan_session(
            **common, now=clock(), time_budget_minutes=5, stop_budgets={Section.OPENING: 600}
        )
    assert "more than the budget of 5 min" in raised.value.errors["budget"]
    with pytest.raises(PlanError) as raised:
        plan_session(**common, now=clock(), stop_budgets={Section.OPENING: 60})
    assert "budget" in raised.value.errors


@pytest.mark.parametrize(
    ("used", "share", "level"),
    [
        (0, 100, PaceLevel.OK),
        (79.9, 100, PaceLevel.OK),
        (80, 100, PaceLevel.WARNING),
        (100, 100, PaceLevel.WARNING),
        (100.5, 100, PaceLevel.OVER),
        (5, 0, PaceLevel.OVER),
        (None, 100, PaceLevel.OK),
        (500, None, PaceLevel.OK),
    ],
)
def test_the_level_is_quiet_from_80_percent_and_clear_past_the_share(used, share, level):
    assert pace_level(used, share) is level


def test_the_current_stop_and_the_whole_interview_against_the_plan(clock):
    # Level 2 of the shipped profile, 12 minutes split over its stops.
    session = plan_shipped(clock(), 2, 12, session_id="pace-1")
    interview = Interview(Unstored(session), now=clock)
    shares = session.stop_budgets
    opening = shares[Section.OPENING]
    interview.go_to_section(Section.OPENING)
    interview.start()
    clock.advance(opening * 0.5)
    now_pace = pace(session, clock())
    assert now_pace.current.stop is Section.OPENING
    assert now_pace.current.share_seconds == opening
    assert now_pace.current.level is PaceLevel.OK
    assert now_pace.ahead_seconds == 0  # on plan while within the share
    clock.advance(opening * 0.4)
    assert pace(session, clock()).current.level is PaceLevel.WARNING
    clock.advance(opening * 0.1 + 30)
    late = pace(session, clock())
    assert late.current.level is PaceLevel.OVER and late.current.over_by == 30
    assert late.ahead_seconds == -30 and late.behind
    interview.next_stop()  # question 1, 30 s behind
    first = session.plan[0]
    clock.advance(10)
    moved = pace(session, clock())
    assert moved.current.stop == first and moved.current.used_seconds == 10
    assert moved.ahead_seconds == -30
    # Leaving question 1 early saves the rest of its share; the parts skipped
    # on the way to the closing count nothing (neither ahead nor behind).
    interview.go_to_section(Section.CLOSING)
    ahead = pace(session, clock())
    assert ahead.ahead_seconds == -30 + (shares[first] - 10)
    assert ahead.ahead_seconds > 0 and not ahead.behind
    assert ahead.seconds_left == 12 * 60 - session.elapsed(clock())
    # Every stop's time and share, for the go-to list and the transcripts.
    paces = {p.stop: p for p in stop_paces(session, clock())}
    assert list(paces) == session.stops
    assert paces[Section.OPENING].used_seconds == opening + 30
    assert paces[first].used_seconds == 10
    assert paces[Section.GENERAL].used_seconds == 0


def test_an_added_question_has_no_share_and_counts_against_the_pace(clock):
    session = plan_shipped(clock(), 2, 12, session_id="pace-2")
    interview = Interview(Unstored(session), now=clock)
    interview.start()
    ref = interview.add_question("A follow-up")
    clock.advance(50)
    now_pace = pace(session, clock())
    assert now_pace.current.stop == ref
    assert now_pace.current.share_seconds is None and now_pace.current.level is PaceLevel.OK
    # No share: every second on it is time over the plan.
    assert now_pace.ahead_seconds == -50
    again = session_from_dict(session_to_dict(session))
    assert pace(again, clock()) == now_pace


def test_without_a_budget_there_is_time_used_but_no_share_or_pace(clock):
    session = plan_shipped(clock(), 2)
    interview = Interview(Unstored(session), now=clock)
    interview.start()
    clock.advance(42)
    now_pace = pace(session, clock())
    assert now_pace.current.used_seconds == 42
    assert now_pace.current.share_seconds is None
    assert now_pace.ahead_seconds is None and now_pace.seconds_left is None


def test_parts_not_reached_or_skipped_put_the_interview_neither_ahead_nor_behind(clock):
    """Opening on question 1 (the opening skipped) is on time, not ahead by
    the opening's share; only time saved or overrun on parts visited counts."""
    session = plan_shipped(clock(), 2, 30, session_id="pace-3")
    interview = Interview(Unstored(session), now=clock)
    interview.start()
    clock.advance(3)
    assert pace(session, clock()).ahead_seconds == 0
    interview.go_to_section(Section.CLOSING)
    clock.advance(3)
    assert pace(session, clock()).ahead_seconds == session.stop_budgets[session.plan[0]] - 3
