"""Questions are reported in the order they were asked, keeping their numbers."""

from conftest import plan_shipped
from test_export_sample import EXPORTED_AT

from tui_interview.export.markdown import render_markdown


def session_asked_out_of_order(clock):
    session = plan_shipped(clock(), 2, session_id="order-1")
    first, second = session.plan
    session.start(clock())
    session.record_note("answered the second question first", clock.advance(10), question=second)
    session.set_probe_asked(first, f"{first.question_id}.p1", True, clock.advance(10))
    return session, first, second


def test_plan_in_order_asked_follows_first_note_or_tick(clock):
    session, first, second = session_asked_out_of_order(clock)
    assert session.plan == [first, second]
    assert session.plan_in_order_asked() == [second, first]


def test_questions_never_asked_come_last_in_plan_order(clock):
    session, first, second = session_asked_out_of_order(clock)
    session.notes.clear()
    assert session.plan_in_order_asked() == [first, second]


def test_transcript_lists_questions_in_the_order_asked(clock):
    session, _, _ = session_asked_out_of_order(clock)
    markdown = render_markdown(session, now=EXPORTED_AT)
    assert markdown.index("### Question 2:") < markdown.index("### Question 1:")
