"""Issue 22 §4: the suggested level for the typical interview. An interviewer
who asks the target level's questions, ticks the probes they ask and links two
or three notes per question gets a level, or a reason naming what to probe
next. The rule stays monotonic: more evidence for never lowers it, more
evidence against never raises it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_suggestion_rule import PROFILE, plan, ref

from tui_interview.domain.rating import suggest_level
from tui_interview.domain.session import Tag

S, T, A, R = Tag.SITUATION, Tag.TASK, Tag.ACTION, Tag.RESULT


def asks_probes(session, clock, question_id, *positions):
    for position in positions:
        probe_id = f"{question_id}.p{position}"
        session.set_probe_asked(ref(question_id), probe_id, True, clock.advance())


def note(session, clock, question_id, text, *behaviours, tags=()):
    return session.record_note(
        text, clock.advance(), question=ref(question_id), behaviours=behaviours, tags=tags
    )


def test_two_notes_per_question_each_on_the_question_s_own_behaviour_give_level_3():
    """Shape 1 (the issue's "2 of 6"): every probe ticked, two notes per
    question, both linked to the one behaviour the question is about."""
    session, clock = plan(3)
    asks_probes(session, clock, "q3.1", 1, 2, 3, 4, 5)
    note(session, clock, "q3.1", "Findings from a slide: CMDB missing, CAB weak", "b3.2")
    note(session, clock, "q3.1", "readiness check before the ITIL rollout", "b3.2")
    asks_probes(session, clock, "q3.2", 1, 2, 3, 4, 5)
    note(session, clock, "q3.2", "P2 MTTR breached, monthly pack to the board", "b3.6")
    note(session, clock, "q3.2", "KPIs red, amber, green per desk", "b3.6")
    suggestion = suggest_level(session, PROFILE.id)
    assert suggestion.level == 3, suggestion.text
    assert suggestion.next_step == ""


def test_tagged_notes_instead_of_probes_give_level_3():
    """Shape 2: no probe ticked, three notes per question tagged S, A, R and
    linked to one or two behaviours."""
    session, clock = plan(3)
    note(session, clock, "q3.1", "300-seat desk, no problem mgmt", "b3.2", tags=(S,))
    note(session, clock, "q3.1", "ran two workshops, mapped the processes", "b3.1", tags=(A,))
    note(session, clock, "q3.1", "report went to the CIO", tags=(R,))
    note(session, clock, "q3.2", "SLA breaches every month", tags=(S,))
    note(session, clock, "q3.2", "built the dashboard in Power BI", "b3.6", tags=(A,))
    note(session, clock, "q3.2", "breaches fell by half", "b3.6", tags=(R,))
    assert suggest_level(session, PROFILE.id).level == 3


def test_five_behaviours_linked_give_level_3_as_before():
    """Shape 3: the interviewer who linked five behaviours still gets level 3."""
    session, clock = plan(3)
    asks_probes(session, clock, "q3.1", 1, 3, 4)
    asks_probes(session, clock, "q3.2", 1, 3, 5)
    note(session, clock, "q3.1", "gap analysis", "b3.1", "b3.2", "b3.4")
    note(session, clock, "q3.2", "metrics", "b3.5", "b3.6")
    assert suggest_level(session, PROFILE.id).level == 3


def test_a_missing_result_names_what_to_probe_next_and_where():
    session, clock = plan(3)
    asks_probes(session, clock, "q3.1", 1, 2, 3)
    note(session, clock, "q3.1", "CMDB missing", "b3.2")
    asks_probes(session, clock, "q3.2", 1, 2, 3)
    note(session, clock, "q3.2", "MTTR pack", "b3.6")
    suggestion = suggest_level(session, PROFILE.id)
    assert suggestion.level is None
    assert suggestion.next_step == "probe the result on question 1 or 2"
    assert suggestion.text.endswith("Next: probe the result on question 1 or 2.")


def test_a_question_with_no_linked_note_is_named():
    session, clock = plan(3)
    asks_probes(session, clock, "q3.1", 1, 3, 4)
    note(session, clock, "q3.1", "CMDB missing", "b3.2")
    asks_probes(session, clock, "q3.2", 1, 3, 4)
    note(session, clock, "q3.2", "the result was a new pack")
    suggestion = suggest_level(session, PROFILE.id)
    assert suggestion.level is None
    assert suggestion.next_step == "link a note on question 2 to a level-3 behaviour"


def test_the_same_behaviour_on_both_questions_asks_for_a_different_one():
    session, clock = plan(3)
    for question_id in ("q3.1", "q3.2"):
        asks_probes(session, clock, question_id, 1, 3, 4)
        note(session, clock, question_id, "gap analysis again", "b3.2")
    suggestion = suggest_level(session, PROFILE.id)
    assert suggestion.level is None
    assert suggestion.next_step == "look for one more level-3 behaviour, a different one"


# -- monotonic: per-question links for, links against ---------------------------

TARGET_QUESTIONS = ["q3.1", "q3.2"]
LEVEL_IDS = [b.id for b in PROFILE.behaviours if b.level in (2, 3, 4)]
LINKS = st.sets(st.tuples(st.sampled_from(TARGET_QUESTIONS), st.sampled_from(LEVEL_IDS)))
PROBES = st.sets(st.tuples(st.sampled_from(TARGET_QUESTIONS), st.integers(1, 5)))


def level_of(probes, links_for, links_against) -> int:
    session, clock = plan(3)
    for question_id, position in sorted(probes):
        asks_probes(session, clock, question_id, position)
    for question_id, behaviour_id in sorted(links_for):
        note(session, clock, question_id, "for", behaviour_id)
    for question_id, behaviour_id in sorted(links_against):
        made = note(session, clock, question_id, "against")
        session.toggle_note_against(made.id, behaviour_id)
    return suggest_level(session, PROFILE.id).level or 0


@settings(max_examples=80, deadline=None)
@given(PROBES, PROBES, LINKS, LINKS, LINKS)
def test_more_for_never_lowers_and_more_against_never_raises(p1, p2, for1, for2, against):
    base = level_of(p1, for1, against)
    assert base <= level_of(p1 | p2, for1 | for2, against)
    assert level_of(p1, for1, against | for2) <= base


def test_the_interview_hint_is_hidden_while_the_candidate_is_present():
    from tui_interview.domain.rating import interview_hint

    session, clock = plan(3)
    session.start(clock())
    asks_probes(session, clock, "q3.1", 1, 2, 3)
    note(session, clock, "q3.1", "CMDB missing", "b3.2")
    assert session.candidate_present and session.clock.running
    assert interview_hint(session) == ""
    session.pause(clock.advance())
    assert interview_hint(session) == (
        "No suggestion yet · next: probe the result on question 1 or 2; "
        "link a note on question 2 to a level-3 behaviour"
    )
    session.resume(clock.advance())
    session.candidate_present = False
    assert interview_hint(session).startswith("No suggestion yet")
    session.go_to_section(session.stops[0], clock.advance())
    assert interview_hint(session) == ""
