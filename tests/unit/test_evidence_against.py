"""Issue 22 §3: a note linked as evidence for or against a behaviour, or
marked as contradicting another note; stored, validated, counted in the
suggested level, and listed per panel member."""

from __future__ import annotations

import copy

import pytest
from conftest import SMP, plan_shipped

from tui_interview.domain.evidence import disagreements, member_evidence, panel_evidence
from tui_interview.domain.rating import suggest_level
from tui_interview.domain.session import SessionError
from tui_interview.domain.session_codec import (
    SessionDataError,
    session_from_dict,
    session_to_dict,
)


def session_with_notes(clock, interviewer="Grace"):
    session = plan_shipped(clock(), session_id=f"s-{interviewer}", interviewer=interviewer)
    session.start(clock())
    built = session.record_note("she built it herself in Power BI", clock.advance())
    inherited = session.record_note("she inherited it from her predecessor", clock.advance())
    return session, built, inherited


def test_a_link_is_for_or_against_never_both(clock):
    session, built, _ = session_with_notes(clock)
    session.toggle_note_behaviour(built.id, "b3.6")
    assert built.behaviours == ("b3.6",) and built.behaviours_against == ()
    session.toggle_note_against(built.id, "b3.6")
    assert built.behaviours == () and built.behaviours_against == ("b3.6",)
    session.set_note_link(built.id, "b3.6", "for")
    assert built.behaviours == ("b3.6",) and built.behaviours_against == ()
    session.set_note_link(built.id, "b3.6", None)
    assert built.behaviours == () and built.behaviours_against == ()
    with pytest.raises(SessionError):
        session.set_note_link(built.id, "b9.9", "against")


def test_a_note_can_contradict_another_but_not_itself(clock):
    session, built, inherited = session_with_notes(clock)
    session.toggle_contradicts(inherited.id, built.id)
    assert inherited.contradicts == (built.id,)
    assert session.contradictions() == [(inherited, built)]
    with pytest.raises(SessionError):
        session.toggle_contradicts(built.id, built.id)
    session.toggle_contradicts(inherited.id, built.id)
    assert session.contradictions() == []


def test_against_outweighs_a_bare_tick_but_not_a_note_for(clock):
    session, built, inherited = session_with_notes(clock)
    session.set_behaviour_observed(SMP, "b3.6", True, clock())
    assert "b3.6" in session.observed_behaviour_ids(SMP)
    session.toggle_note_against(inherited.id, "b3.6")
    assert "b3.6" not in session.observed_behaviour_ids(SMP)
    session.toggle_note_behaviour(built.id, "b3.6")
    assert "b3.6" in session.observed_behaviour_ids(SMP)


def test_the_suggested_level_counts_evidence_against(clock):
    session, built, inherited = session_with_notes(clock)
    for behaviour in ("b1.1", "b1.2"):
        session.set_behaviour_observed(SMP, behaviour, True, clock())
    assert suggest_level(session, SMP).level == 1
    session.toggle_note_against(inherited.id, "b1.1")
    session.toggle_note_against(inherited.id, "b1.2")
    suggestion = suggest_level(session, SMP)
    assert suggestion.level is None
    assert "against" in suggestion.text


def test_stored_sessions_keep_both_and_old_ones_still_load(clock):
    session, built, inherited = session_with_notes(clock)
    session.toggle_note_behaviour(built.id, "b3.6")
    session.toggle_note_against(inherited.id, "b3.6")
    session.toggle_contradicts(inherited.id, built.id)
    data = session_to_dict(session)
    back = session_from_dict(copy.deepcopy(data))
    assert back.notes[1].behaviours_against == ("b3.6",)
    assert back.notes[1].contradicts == (built.id,)
    old = copy.deepcopy(data)
    for note in old["notes"]:
        del note["behaviours_against"], note["contradicts"]
    loaded = session_from_dict(old)
    assert [n.behaviours_against for n in loaded.notes] == [(), ()]
    assert [n.contradicts for n in loaded.notes] == [(), ()]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda n: n.update(behaviours_against=["b9.9"]), "notes[1].behaviours_against[0]"),
        (lambda n: n.update(behaviours_against="b3.6"), "notes[1].behaviours_against"),
        (lambda n: n.update(behaviours=["b3.6"]), "notes[1].behaviours_against"),
        (lambda n: n.update(contradicts=["n99"]), "notes[1].contradicts[0]"),
        (lambda n: n.update(contradicts=["n2"]), "notes[1].contradicts[0]"),
        (lambda n: n.update(contradicts=[7]), "notes[1].contradicts[0]"),
    ],
)
def test_bad_evidence_against_is_refused_naming_the_field(clock, change, field):
    session, _, inherited = session_with_notes(clock)
    session.toggle_note_against(inherited.id, "b3.6")
    data = session_to_dict(session)
    change(data["notes"][1])
    with pytest.raises(SessionDataError) as raised:
        session_from_dict(data)
    assert raised.value.field == field


def test_the_panel_sees_per_member_for_and_against_and_where_they_differ(clock):
    grace, built, _ = session_with_notes(clock, "Grace")
    grace.toggle_note_behaviour(built.id, "b3.6")
    alan, _, inherited = session_with_notes(clock, "Alan")
    alan.toggle_note_against(inherited.id, "b3.6")
    alan.toggle_note_behaviour(inherited.id, "b3.2")
    members = panel_evidence([grace, alan], SMP)
    assert [m.interviewer for m in members] == ["Grace", "Alan"]
    assert members[0].of("b3.6").verdict == "for"
    assert [n.text for n in members[1].of("b3.6").against_notes] == [inherited.text]
    assert members[1].of("b3.2").verdict == "for"
    assert disagreements(members) == ["b3.6"]
    assert member_evidence(grace, "not-planned").behaviours == ()


def test_review_shows_for_against_and_contradictions(clock):
    from tui_interview.screens.review import review_text

    session, built, inherited = session_with_notes(clock)
    session.toggle_note_behaviour(built.id, "b3.6")
    session.toggle_note_against(inherited.id, "b3.6")
    session.toggle_note_against(inherited.id, "b3.2")
    session.toggle_contradicts(inherited.id, built.id)
    text = review_text(session)
    assert "Evidence for and against (notes disagree) (1)\n      ± L3  Reports on" in text
    assert "Evidence against only: not observed (1)\n      ✗ L3  Conducts readiness" in text
    assert (
        "≠ [01:00] she inherited it from her predecessor  "
        "(against [00:30] she built it herself in Power BI)"
    ) in text


def linked_session(clock):
    session, built, inherited = session_with_notes(clock)
    session.toggle_note_behaviour(built.id, "b3.6")
    session.toggle_note_against(inherited.id, "b3.6")
    session.toggle_note_against(inherited.id, "b3.2")
    session.toggle_contradicts(inherited.id, built.id)
    return session


def test_the_markdown_transcript_shows_for_against_and_contradictions(clock):
    from tui_interview.export.markdown import render_markdown

    markdown = render_markdown(linked_session(clock), now=clock())
    assert "Behaviours these notes are evidence against:" in markdown
    assert "Reports on Service management metrics" in markdown
    assert "notes disagree (evidence for and against)" in markdown
    assert "evidence against in notes, not observed" in markdown
    assert "contradicts the note at [00:30]" in markdown


def test_the_json_transcript_carries_both_and_import_checks_them(clock):
    import json

    from tui_interview.export.json_export import ImportFormatError, read_export, render_json

    text = render_json(linked_session(clock), now=clock())
    notes = json.loads(text)["session"]["notes"]
    assert notes[1]["behaviours_against"] == ["b3.6", "b3.2"]
    assert notes[1]["contradicts"] == ["n1"]
    back = read_export(text)
    assert back.notes[1].behaviours_against == ("b3.6", "b3.2")
    document = json.loads(text)
    document["session"]["notes"][1]["contradicts"] = ["n7"]
    with pytest.raises(ImportFormatError, match=r"notes\[1\]\.contradicts\[0\]"):
        read_export(json.dumps(document))
