"""Cheap STAR evidence: a note written right after a probe is ticked takes
that probe's STAR part, shown as coming from the probe and undone with the
ordinary tag toggle."""

from __future__ import annotations

from conftest import FrozenClock, plan_shipped

from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.rating import question_depth
from tui_interview.domain.session import QuestionRef, Section, Tag

SMP = "service-management-processes"


def running(clock: FrozenClock, level: int = 1) -> tuple[Interview, QuestionRef]:
    session = plan_shipped(clock(), level)
    interview = Interview(Unstored(session), now=clock)
    interview.start()
    first = interview.session.current
    assert first is not None and interview.session.current_stop == first
    return interview, first


def probe_ids(interview: Interview, ref: QuestionRef) -> list[str]:
    return [p.id for p in interview.session.question(ref).probes]


def test_a_note_after_a_ticked_probe_takes_its_star_part(clock: FrozenClock):
    interview, ref = running(clock)
    p = probe_ids(interview, ref)  # situation, task, situation, action, result
    clock.advance()
    interview.toggle_probe(ref, p[3])  # "How did you explain these concepts?" (action)
    clock.advance()
    note = interview.record_note("Walked new hires through a real change ticket.")
    assert note.tags == (Tag.ACTION,)
    assert interview.session.tag_from_probe(note) is Tag.ACTION
    # Only the note right after the tick: the next one takes nothing.
    clock.advance()
    second = interview.record_note("Used a whiteboard.")
    assert second.tags == ()
    assert interview.session.tag_from_probe(second) is None


def test_the_last_probe_ticked_since_the_previous_note_wins(clock: FrozenClock):
    interview, ref = running(clock)
    p = probe_ids(interview, ref)
    interview.toggle_probe(ref, p[0])  # situation
    clock.advance()
    interview.toggle_probe(ref, p[4])  # result
    clock.advance()
    assert interview.record_note("Fewer repeat calls.").tags == (Tag.RESULT,)


def test_undo_is_the_ordinary_tag_toggle(clock: FrozenClock):
    interview, ref = running(clock)
    interview.toggle_probe(ref, probe_ids(interview, ref)[4])
    clock.advance()
    note = interview.record_note("Fewer repeat calls.")
    interview.toggle_note_tag(note.id, Tag.RESULT)
    assert note.tags == ()
    assert interview.session.tag_from_probe(note) is None
    # The ticked probe itself still counts for depth, as it always did.
    assert Tag.RESULT in question_depth(interview.session, ref, 1).covered


def test_an_explicit_star_tag_wins_and_other_tags_are_kept(clock: FrozenClock):
    interview, ref = running(clock)
    p = probe_ids(interview, ref)
    interview.toggle_probe(ref, p[3])  # action
    clock.advance()
    assert interview.record_note("x", tags=[Tag.RESULT]).tags == (Tag.RESULT,)
    clock.advance()
    interview.toggle_probe(ref, p[1])  # task
    clock.advance()
    assert interview.record_note("y", tags=[Tag.QUOTE]).tags == (Tag.TASK, Tag.QUOTE)


def test_an_unticked_probe_or_one_on_another_question_gives_nothing(clock: FrozenClock):
    interview, ref = running(clock)
    p = probe_ids(interview, ref)
    interview.toggle_probe(ref, p[3])
    interview.toggle_probe(ref, p[3])  # ticked by mistake, unticked
    clock.advance()
    assert interview.record_note("a").tags == ()
    interview.toggle_probe(ref, p[4])
    clock.advance()
    other = interview.next_question()
    assert other != ref
    assert interview.record_note("b").tags == ()
    interview.go_to_section(Section.GENERAL)
    assert interview.record_note("c").tags == ()


def test_a_deleted_note_does_not_use_up_the_tick(clock: FrozenClock):
    interview, ref = running(clock)
    interview.toggle_probe(ref, probe_ids(interview, ref)[0])
    clock.advance()
    typo = interview.record_note("Typo'd")
    interview.delete_note(typo.id)
    clock.advance()
    assert interview.record_note("The help desk was new.").tags == (Tag.SITUATION,)
