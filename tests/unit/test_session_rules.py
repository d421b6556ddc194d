"""Rules the screens and the exports share, each written once in ``Session``:
question numbers, notes grouped by question, the latest tick, observed
behaviours, the next probe not asked and the latest deleted note."""

import pytest
from conftest import plan_shipped

from tui_interview.domain.rating import level_evidence
from tui_interview.domain.session import QuestionRef, SessionError
from tui_interview.export.markdown import render_markdown

CID = "service-management-processes"


@pytest.fixture
def session(clock):
    session = plan_shipped(clock(), 2, session_id="rules-1")
    session.start(clock())
    return session


def test_question_numbers_count_the_plan_from_one(session):
    first, second = session.plan
    assert session.question_numbers() == {first: 1, second: 2}
    assert session.question_number(second) == 2
    with pytest.raises(SessionError, match="not part of this interview"):
        session.question_number(QuestionRef(CID, "q9.9"))


def test_transcript_and_question_title_use_the_plan_number(session, clock):
    first, second = session.plan
    session.record_note("asked second", clock.advance(5), question=second)
    text = render_markdown(session, now=clock())
    # Asked first, still numbered 2.
    assert text.index("### Question 2:") < text.index("### Question 1:")


def test_notes_by_stop_leaves_out_deleted_notes_and_keeps_order(session, clock):
    first, second = session.plan
    a = session.record_note("a", clock.advance(1), question=first)
    b = session.record_note("b", clock.advance(1), question=second)
    c = session.record_note("c", clock.advance(1), question=first)
    gone = session.record_note("gone", clock.advance(1), question=second)
    session.delete_note(gone.id, clock.advance(1))
    assert session.notes_by_stop() == {first: [a, c], second: [b]}
    assert session.notes_for(first) == [a, c]
    assert session.notes_for(second) == [b]


def test_a_tick_then_an_untick_is_not_a_tick_anywhere(session, clock):
    first, _ = session.plan
    session.set_probe_asked(first, "q2.1.p1", True, clock.advance(1))
    session.set_behaviour_observed(CID, "b2.1", True, clock.advance(1))
    assert set(session.probe_ticks(first)) == {"q2.1.p1"}
    assert first in session.covered_questions()
    assert session.observed_behaviour_ids(CID) == {"b2.1"}

    session.set_probe_asked(first, "q2.1.p1", False, clock.advance(1))
    session.set_behaviour_observed(CID, "b2.1", False, clock.advance(1))
    assert session.probe_ticks(first) == {}
    assert first not in session.covered_questions()
    assert session.behaviour_ticks(CID) == {}
    assert session.observed_behaviour_ids(CID) == set()


def test_the_latest_tick_is_the_one_kept(session, clock):
    first, _ = session.plan
    session.set_probe_asked(first, "q2.1.p2", True, clock.advance(1))
    session.set_probe_asked(first, "q2.1.p2", False, clock.advance(1))
    again = session.set_probe_asked(first, "q2.1.p2", True, clock.advance(1))
    assert session.probe_ticks(first) == {"q2.1.p2": again}


def test_observed_means_ticked_or_linked_from_a_note_not_deleted(session, clock):
    first, _ = session.plan
    session.set_behaviour_observed(CID, "b2.1", True, clock.advance(1))
    session.record_note("linked", clock.advance(1), question=first, behaviours=["b2.2"])
    deleted = session.record_note("gone", clock.advance(1), question=first, behaviours=["b2.3"])
    session.delete_note(deleted.id, clock.advance(1))
    assert session.observed_behaviour_ids(CID) == {"b2.1", "b2.2"}
    # The rating's evidence and the transcript count the same behaviours.
    level_2 = next(e for e in level_evidence(session, CID) if e.level == 2)
    assert set(level_2.behaviour_ids) == {"b2.1", "b2.2"}
    summary = render_markdown(session, now=clock()).split("## Summary")[1]
    assert "- Level 2: 2 of " in summary


def test_next_probe_not_asked_goes_in_order_and_ends(session, clock):
    first, _ = session.plan
    probes = [p.id for p in session.question(first).probes]
    assert session.next_probe_not_asked(first).id == probes[0]
    session.set_probe_asked(first, probes[0], True, clock.advance(1))
    session.set_probe_asked(first, probes[2], True, clock.advance(1))
    assert session.next_probe_not_asked(first).id == probes[1]
    for probe_id in probes:
        session.set_probe_asked(first, probe_id, True, clock.advance(1))
    assert session.next_probe_not_asked(first) is None
    session.set_probe_asked(first, probes[3], False, clock.advance(1))
    assert session.next_probe_not_asked(first).id == probes[3]


def test_latest_deleted_note_is_the_last_deleted_on_that_question(session, clock):
    first, second = session.plan
    assert session.latest_deleted_note(first) is None
    a = session.record_note("a", clock.advance(1), question=first)
    b = session.record_note("b", clock.advance(1), question=first)
    other = session.record_note("other", clock.advance(1), question=second)
    session.delete_note(b.id, clock.advance(1))
    session.delete_note(a.id, clock.advance(1))  # deleted last, though older
    session.delete_note(other.id, clock.advance(1))
    assert session.latest_deleted_note(first) is a
    session.restore_note(a.id)
    assert session.latest_deleted_note(first) is b
    assert session.latest_deleted_note(second) is other
