"""Both transcripts show the notes of sections, questions added during the
interview (marked as added) and the time spent at each stop, in order."""

from __future__ import annotations

import json

from conftest import FrozenClock
from markdown_it import MarkdownIt
from test_export_sample import EXPORTED_AT, SMP, START, build_session

from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.session import Section
from tui_interview.export.json_export import read_export, render_json
from tui_interview.export.markdown import render_markdown

MD = MarkdownIt("gfm-like")


def flowing_session():
    """The sample's plan run again with sections and two added questions."""
    session = build_session()
    clock = FrozenClock(START)
    fresh = Interview(
        Unstored(
            type(session)(
                id="flow42",
                candidate="Jane Doe",
                role=session.role,
                interviewer=session.interviewer,
                created_at=START,
                competencies=session.competencies,
                content=session.content,
                time_budget_minutes=45,
                stop_budgets=None,
            )
        ),
        now=clock,
    )
    fresh.go_to_section(Section.OPENING)
    fresh.start()
    clock.advance(60)
    fresh.record_note("Introduced the panel; Jane relaxed.")
    clock.advance(30)
    fresh.next_question()
    clock.advance(100)
    fresh.record_note("Explained ITIL.", behaviours=["b1.1"])
    fresh.add_question("Jane, which tool did you use?", competency_id=SMP, level=1)
    clock.advance(40)
    fresh.record_note("ServiceNow.", behaviours=["b1.2"])
    fresh.go_to_section(Section.GENERAL)
    fresh.add_question("Would you relocate?")
    clock.advance(20)
    fresh.record_note("Yes, within a year.")
    fresh.go_to_section(Section.GENERAL)
    clock.advance(15)
    fresh.record_note("Overall impression: calm and precise.", tags=["follow-up"])
    fresh.go_to_section(Section.CLOSING)
    clock.advance(25)
    fresh.record_note("Next steps explained.")
    fresh.finish()
    return fresh.session


def headings(markdown: str) -> list[str]:
    tokens = MD.parse(markdown)
    return [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]


def test_markdown_shows_sections_and_added_questions_in_order():
    session = flowing_session()
    markdown = render_markdown(session, now=EXPORTED_AT)
    found = headings(markdown)
    # The outcome first (recommendation, competencies), then the interview.
    assert found[1:5] == ["Outcome", "Overall recommendation", "Competencies", "The interview"]
    del found[1:5]
    assert found[:3] == [
        "Interview transcript: Jane Doe",
        "Opening",
        "Service Management Processes",
    ]
    assert found[3:5] == [
        "Question 1: Service Management Processes, Level 1 — Introductory",
        "Question 2 (added during the interview): Service Management Processes, "
        "Level 1 — Introductory",
    ]
    tail = found[found.index("Added questions") :]
    assert tail[:4] == [
        "Added questions",
        "Question 5 (added during the interview): no competency",
        "General remarks",
        "Closing",
    ]
    assert "The candidate's questions" not in found  # nothing there
    assert tail[4] == "Summary"
    opening = markdown.split("## Opening", 1)[1].split("## ", 1)[0]
    assert "Time spent: 01:30 (share 06:26)" in opening
    assert "Introduced the panel; Jane relaxed." in opening
    added = markdown.split("Question 2 (added", 1)[1].split("### ", 1)[0]
    assert "Jane, which tool did you use?" in added
    assert "Time spent: 00:40\n" in added  # an added question has no share
    assert "ServiceNow." in added
    # A section's note flagged for follow-up names its section there.
    follow_up = markdown.split("### Follow-up", 1)[1]
    assert "General remarks" in follow_up and "Overall impression" in follow_up


def test_json_marks_section_notes_and_added_questions_and_lists_every_stop():
    session = flowing_session()
    document = json.loads(render_json(session, now=EXPORTED_AT))
    notes = document["session"]["notes"]
    assert notes[0]["section"] == "opening" and notes[0]["question"] is None
    assert notes[1]["section"] is None and notes[1]["question"]["question_id"] == "q1.1"
    added = document["session"]["added_questions"]
    assert [a["id"] for a in added] == ["added-1", "added-2"]
    assert added[0]["after"] == {"question": {"competency_id": SMP, "question_id": "q1.1"}}
    assert added[1]["after"] == {"section": "general"}
    stops = document["stops"]
    assert stops[0] == {
        "section": "opening",
        "notes": 1,
        "time_spent_seconds": 90.0,
        "share_seconds": 386,
    }
    assert stops[2]["question"]["question_id"] == "added-1"
    assert stops[2]["added"] is True and stops[2]["number"] == 2
    assert stops[2]["share_seconds"] is None and stops[2]["time_spent_seconds"] == 40
    assert [s.get("section") for s in stops[-4:]] == [
        "general",
        None,
        "candidate-questions",
        "closing",
    ]
    assert sum(s["time_spent_seconds"] for s in stops) == session.clock.accumulated_seconds
    again = read_export(render_json(session, now=EXPORTED_AT))
    assert again.stops == session.stops
    assert again.notes_for(Section.CLOSING)[0].text == "Next steps explained."


def test_redaction_covers_added_questions():
    session = flowing_session()
    for text in (
        render_markdown(session, now=EXPORTED_AT, redact=True),
        render_json(session, now=EXPORTED_AT, redact=True),
    ):
        assert "Jane" not in text
        assert "Candidate flow42, which tool did you use?" in text
