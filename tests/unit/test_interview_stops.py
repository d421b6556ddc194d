"""Sections, questions added during the interview, and the time kept at each
stop: the domain model, its codec and the Interview service."""

from __future__ import annotations

import pytest
from conftest import plan_shipped
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.session import (
    Section,
    SessionError,
    planned_stops,
)
from tui_interview.domain.session_codec import (
    SessionDataError,
    session_from_dict,
    session_to_dict,
)


def running(clock, level: int = 2, budget: int | None = None) -> Interview:
    saved = []
    interview = Interview(
        Unstored(plan_shipped(clock(), level, budget, session_id="flow-1"), saved.append), now=clock
    )
    interview.saved = saved
    return interview


def roundtrip(session):
    return session_from_dict(session_to_dict(session))


def test_stops_put_the_opening_first_and_the_other_sections_after_the_questions(clock):
    session = plan_shipped(clock(), 2)
    stops = session.stops
    assert stops[0] is Section.OPENING
    assert stops[-3:] == [Section.GENERAL, Section.CANDIDATE_QUESTIONS, Section.CLOSING]
    assert stops[1:-3] == session.plan
    assert planned_stops(session.competencies) == stops


def test_a_new_interview_starts_at_the_first_question_as_before(clock):
    session = plan_shipped(clock(), 2)
    assert session.current_stop == session.plan[0] == session.current
    assert session.current_stop_index == 1


def test_next_and_previous_stop_walk_sections_and_questions_in_order(clock):
    interview = running(clock)
    session = interview.session
    interview.go_to_section(Section.OPENING)
    walked = [session.current_stop]
    while True:
        try:
            walked.append(interview.next_stop())
        except SessionError as error:
            assert "last part" in str(error)
            break
    assert walked == session.stops
    back = [session.current_stop]
    while True:
        try:
            back.append(interview.previous_stop())
        except SessionError:
            break
    assert back == list(reversed(session.stops))


def test_next_question_from_a_section_goes_to_the_nearest_question_that_way(clock):
    interview = running(clock)
    plan = interview.session.plan
    interview.go_to_section(Section.OPENING)
    assert interview.next_question() == plan[0]
    interview.go_to_section(Section.OPENING)
    with pytest.raises(SessionError, match="first question"):
        interview.previous_question()
    interview.go_to_section(Section.GENERAL)
    assert interview.previous_question() == plan[-1]
    interview.go_to_section(Section.CLOSING)
    with pytest.raises(SessionError, match="last question"):
        interview.next_question()
    # Between questions, next and previous move one question as before.
    interview.go_to(0)
    assert interview.next_question() == plan[1]
    assert interview.previous_question() == plan[0]


def test_a_note_in_a_section_belongs_to_no_question(clock):
    interview = running(clock)
    interview.start()
    interview.go_to_section(Section.GENERAL)
    note = interview.record_note("Overall impression: calm", tags=["quote"])
    session = interview.session
    assert note.section is Section.GENERAL and note.question is None
    assert note.stop is Section.GENERAL
    assert session.notes_for(Section.GENERAL) == [note]
    assert all(note not in session.notes_for(ref) for ref in session.plan)
    assert session.current == session.plan[0]  # the question last shown
    assert session.questions_covered == 0
    with pytest.raises(SessionError, match="behaviours"):
        interview.toggle_note_behaviour(note.id, "b1.1")
    with pytest.raises(SessionError, match="behaviours"):
        session.record_note("x", clock(), section=Section.OPENING, behaviours=["b1.1"])
    again = roundtrip(session)
    assert again.notes_for(Section.GENERAL)[0].text == "Overall impression: calm"
    assert again.current_section is Section.GENERAL


def test_an_added_question_goes_right_after_the_current_stop_and_is_marked(clock):
    interview = running(clock)
    interview.start()
    session = interview.session
    plan = list(session.plan)
    interview.go_to(1)
    ref = interview.add_question(
        "Tell me more about the outage?", competency_id=plan[0].competency_id, level=2
    )
    assert session.is_added(ref) and not session.is_added(plan[1])
    assert session.plan == [plan[0], plan[1], ref, *plan[2:]]
    assert session.current_stop == ref  # the interview moved to it
    question = session.question(ref)
    assert question.text == "Tell me more about the outage?" and question.level == 2
    assert question.probes == ()
    note = interview.record_note("Blamed the vendor", tags=["action"], behaviours=["b1.1"])
    assert note.question == ref and session.notes_for(ref) == [note]
    assert ref in session.covered_questions()
    # A second question asked at the same stop comes straight after it.
    interview.go_to(1)
    second = interview.add_question("And then?", go=False)
    assert session.current_stop == plan[1]
    assert session.plan[1:4] == [plan[1], second, ref]
    assert second.competency_id == "" and session.question(second).level == 0
    again = roundtrip(session)
    assert again.plan == session.plan
    assert again.added_question(second).text == "And then?"


def test_a_question_added_in_a_section_sits_after_that_section(clock):
    interview = running(clock)
    interview.go_to_section(Section.CANDIDATE_QUESTIONS)
    ref = interview.add_question("What would you ask the team?")
    stops = interview.session.stops
    assert stops[stops.index(Section.CANDIDATE_QUESTIONS) + 1] == ref
    assert interview.session.plan[-1] == ref


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "  "}, "needs some text"),
        ({"text": "Q", "competency_id": "nope"}, "not part of this interview"),
        ({"text": "Q", "level": 2}, "a level needs a competency"),
        ({"text": "Q", "competency_id": "service-management-processes", "level": 9}, "no level 9"),
    ],
)
def test_an_added_question_is_refused_when_it_makes_no_sense(clock, kwargs, message):
    interview = running(clock)
    text = kwargs.pop("text")
    with pytest.raises(SessionError, match=message):
        interview.add_question(text, **kwargs)
    assert interview.session.added_questions == [] and interview.saved == []


def test_time_spent_at_each_stop_is_the_interview_clock_while_there(clock):
    interview = running(clock)
    session = interview.session
    interview.go_to_section(Section.OPENING)
    interview.start()
    clock.advance(90)
    interview.next_stop()  # question 1
    clock.advance(200)
    interview.pause()
    clock.advance(1000)  # a pause counts for nothing
    interview.resume()
    clock.advance(100)
    assert session.time_spent_on(session.plan[0], clock()) == 300
    interview.go_to_section(Section.OPENING)  # back again
    clock.advance(10)
    interview.go_to(0)
    assert session.time_spent_on(Section.OPENING, clock()) == 100
    assert session.time_spent_on(session.plan[0], clock()) == 300
    assert session.time_spent_on(session.plan[1], clock()) == 0
    again = roundtrip(session)
    clock.advance(5)
    assert again.time_spent_on(again.plan[0], clock()) == 305
    assert again.time_spent_on(Section.OPENING, clock()) == 100


@settings(max_examples=40, deadline=None)
@given(
    moves=st.lists(
        st.tuples(st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=600)),
        min_size=1,
        max_size=15,
    )
)
def test_time_spent_adds_up_to_the_interview_clock(moves):
    from datetime import UTC, datetime, timedelta

    moment = [datetime(2026, 1, 1, tzinfo=UTC)]

    def now():
        return moment[0]

    interview = Interview(Unstored(plan_shipped(now(), 2, session_id="flow-2")), now=now)
    interview.start()
    stops = interview.session.stops
    for stop, seconds in moves:
        moment[0] += timedelta(seconds=seconds)
        interview.go_to_stop(stop % len(stops))
    session = interview.session
    total = sum(session.time_spent_on(stop, now()) for stop in session.stops)
    assert total == pytest.approx(session.elapsed(now()), abs=0.01)


def _stored(clock):
    interview = running(clock, budget=30)
    interview.start()
    interview.go_to_section(Section.OPENING)
    interview.record_note("Hello")
    interview.go_to(0)
    interview.add_question("Added?", competency_id="service-management-processes")
    clock.advance(40)
    interview.go_to(0)
    return session_to_dict(interview.session)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.update(current_section="lunch"), "current_section"),
        (lambda d: d["notes"][0].update(section=None), "notes[0].question"),
        (lambda d: d["notes"][0].update(section="nowhere"), "notes[0].section"),
        (
            lambda d: d["notes"][0].update(question={"competency_id": "x", "question_id": "y"}),
            "notes[0].section",
        ),
        (lambda d: d["notes"][0].update(behaviours=["b1.1"]), "notes[0].behaviours[0]"),
        (lambda d: d["added_questions"][0].update(id="q1.1"), "added_questions[0].id"),
        (lambda d: d["added_questions"][0].update(text=" "), "added_questions[0].text"),
        (
            lambda d: d["added_questions"][0].update(competency_id="x"),
            "added_questions[0].competency_id",
        ),
        (lambda d: d["added_questions"][0].update(level=7), "added_questions[0].level"),
        (
            lambda d: d["added_questions"][0].update(competency_id=None, level=2),
            "added_questions[0].level",
        ),
        (
            lambda d: d["added_questions"][0].update(after={"section": "lunch"}),
            "added_questions[0].after.section",
        ),
        (
            lambda d: d["added_questions"][0].update(
                after={"question": {"competency_id": "a", "question_id": "b"}}
            ),
            "added_questions[0].after.question",
        ),
        (
            lambda d: d["added_questions"].append(dict(d["added_questions"][0])),
            "added_questions[1].id",
        ),
        (lambda d: d["stop_budgets"][0].update(seconds=-1), "stop_budgets[0].seconds"),
        (lambda d: d["stop_budgets"][0].update(seconds=1.5), "stop_budgets[0].seconds"),
        (
            lambda d: d["stop_budgets"][0].update(seconds=d["stop_budgets"][0]["seconds"] + 1),
            "stop_budgets",
        ),
        (lambda d: d["stop_budgets"].insert(1, d["stop_budgets"][0]), "stop_budgets[1]"),
        (lambda d: d.update(time_budget_minutes=None), "stop_budgets"),
        (lambda d: d["time_spent"][0].update(seconds=float("nan")), "time_spent[0].seconds"),
        (lambda d: d["time_spent"][0].update(section="opening"), "time_spent[0]: a question or"),
        (lambda d: d["time_spent"].append({"section": "x", "seconds": 1}), "time_spent[1].section"),
        (lambda d: d.update(time_spent="lots"), "time_spent"),
        (lambda d: d.update(stop_entered_seconds=-3), "stop_entered_seconds"),
        (lambda d: d.pop("added_questions"), "added_questions"),
        (lambda d: d.update(current_index=99), "current_index"),
    ],
)
def test_every_new_field_is_checked_on_load_and_named(clock, change, field):
    data = _stored(clock)
    assert session_from_dict(_stored(clock)).plan  # the unchanged data loads
    change(data)
    with pytest.raises(SessionDataError) as raised:
        session_from_dict(data)
    assert str(raised.value).startswith(field), str(raised.value)


def test_the_current_index_may_point_at_an_added_question(clock):
    data = _stored(clock)
    session = session_from_dict(data)
    data["current_index"] = len(session.plan) - 1
    assert session_from_dict(data).current_index == len(session.plan) - 1
