"""The Markdown transcript: its layout (golden file), its determinism, and that
no text typed by anyone can change its structure or get lost."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from conftest import HOSTILE, HOSTILE_SHOWN, terminal_unsafe
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from test_export_sample import EXPORTED_AT, SMP, build_session

from tui_interview.domain.session import Session, Tag
from tui_interview.export.markdown import (
    displayed_text,
    escape_block,
    escape_inline,
    render_markdown,
)

GOLDEN = Path(__file__).parent / "golden" / "transcript.md"
MD = MarkdownIt("commonmark").enable("table")
NOTE_HEADER = re.compile(r"\[(\d+:)?\d\d:\d\d\]")

ADVERSARIAL = [
    "# not a heading",
    "## also not\n### nor this",
    "| a | b |\n| --- | --- |\n| c | d |",
    "*bold* **strong** _em_ __strong__ ~~strike~~",
    "`code` ``more code`` ```fenced```",
    "```\nfenced block\n```",
    "<script>alert('x')</script> <b>bold</b> <!-- comment -->",
    "---",
    "text\n---",
    "text\n===",
    "***\n___",
    "> quoted\n>> nested",
    "1. first\n2) second",
    "- dash\n+ plus\n* star",
    "[link](https://example.com) [ref][1]\n\n[1]: https://example.com",
    "![img](x.png) <https://auto.link> www.example.com",
    "&amp; &lt; &#65; &copy; &nbsp;",
    "back\\slash \\* \\\\ ends with \\",
    "x" * 5000,
    "emoji 🎉👩🏽‍💻 and ZWJ",
    "right-to-left: שלום עולם, مرحبا بالعالم \u202eoverride",
    "NUL \x00 bell \x07 escape \x1b[31m red \x7f del \x9b csi",
    "windows\r\nline\rendings\u2028separators\u2029paragraph\x85next",
    "    indented code\n\ttabbed",
    "  leading and trailing spaces  ",
    "\n\nblank lines around\n\n\nand inside\n\n",
    "trailing hard break  \nnext line",
    "   ",
    "- [ ] task\n- [x] done",
    "term\n: definition",
    "footnote[^1]\n\n[^1]: the note",
    "$math$ $$block$$ \\(inline\\)",
    "{{template}} {% raw %} ${var}",
    "a|b|c",
    "@mention #123 :smile:",
]


# -- reading the parsed document ------------------------------------------------


def inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type in ("hardbreak", "softbreak"):
            parts.append("\n")
        elif child.markup == "autolink" and child.type in ("link_open", "link_close"):
            pass  # a URL in the text is a link to itself; its text is the next token
        else:
            raise AssertionError(f"user text produced a {child.type} token: {child}")
    return "".join(parts)


def note_items(tokens: list[Token]) -> list[tuple[str, str, str]]:
    """(section heading, header line as written, note text) for each note item."""
    found = []
    heading = ""
    for index, token in enumerate(tokens):
        if token.type == "inline" and tokens[index - 1].type == "heading_open":
            heading = inline_text(token.children)
        if token.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        if tokens[index - 2].type != "list_item_open":
            continue
        children = token.children
        breaks = [i for i, child in enumerate(children) if child.type == "hardbreak"]
        if children and children[0].type == "text" and not breaks:
            # A quote: the header alone, then the text as a block quote.
            header = token.content
            quote = tokens[index + 2 : index + 5]
            if NOTE_HEADER.match(header) and [t.type for t in quote] == [
                "blockquote_open",
                "paragraph_open",
                "inline",
            ]:
                found.append((heading, header, inline_text(quote[2].children)))
            continue
        if not breaks or children[0].type != "text":
            continue
        header = token.content.split("\\\n", 1)[0]
        if NOTE_HEADER.match(header):
            found.append((heading, header, inline_text(children[breaks[0] + 1 :])))
    return found


def timeline_notes(markdown: str) -> list[str]:
    """The note texts of the question sections, in document order."""
    items = note_items(MD.parse(markdown))
    return [text for heading, _, text in items if heading.startswith("Question ")]


def block_structure(markdown: str) -> list[tuple[str, str]]:
    return [(token.type, token.tag) for token in MD.parse(markdown) if token.type != "inline"]


def with_notes(session: Session, texts: list[str]) -> Session:
    """The sample with its active notes' texts replaced (cycling through ``texts``)."""
    active = session.active_notes
    extra = len(texts) - len(active)
    for n in range(max(0, extra)):
        session.notes.append(dataclasses.replace(active[n % len(active)], id=f"x{n}"))
    for note, text in zip(session.active_notes, texts, strict=False):
        note.text = text
    return session


def plain_twin(session: Session) -> Session:
    """The same session with harmless text everywhere a person typed."""
    twin = with_notes(build_session("Plain Name"), ["plain"] * len(session.active_notes))
    twin.role = "plain"
    return twin


# -- the layout -----------------------------------------------------------------


def test_transcript_matches_golden_file():
    """Regenerate with UPDATE_GOLDEN=1 after an intended layout change, and
    read the diff."""
    markdown = render_markdown(build_session(), now=EXPORTED_AT)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8")


def test_transcript_has_title_table_sections_and_footer():
    tokens = MD.parse(render_markdown(build_session(), now=EXPORTED_AT))
    headings = [
        (token.tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    assert headings == [
        ("h1", "Interview transcript: Jane Doe"),
        ("h2", "Outcome"),
        ("h3", "Overall recommendation"),
        ("h3", "Competencies"),
        ("h2", "The interview"),
        ("h2", "Service Management Processes"),
        ("h3", "Question 1: Service Management Processes, Level 1 — Introductory"),
        ("h3", "Question 2: Service Management Processes, Level 2 — Basic"),
        ("h3", "Behaviours: Service Management Processes"),
        ("h4", "Level 1 — Introductory"),
        ("h4", "Level 2 — Basic"),
        ("h2", "Incident Handling"),
        ("h3", "Question 3: Incident Handling, Level 1"),
        ("h3", "Behaviours: Incident Handling"),
        ("h4", "Level 1"),
        ("h2", "Summary"),
        ("h3", "Service Management Processes"),
        ("h3", "Incident Handling"),
        ("h3", "Not covered"),
        ("h3", "Follow-up"),
    ]
    assert table_shapes(tokens) == [(13, 2), (3, 6)]  # details; the outcome by competency


def table_shapes(tokens: list[Token]) -> list[tuple[int, int]]:
    """(rows, columns) of each table, header row included; all rows equally wide."""
    shapes, rows = [], []
    for token in tokens:
        if token.type == "tr_open":
            rows.append(0)
        elif token.type in ("th_open", "td_open"):
            rows[-1] += 1
        elif token.type == "table_close":
            assert len(set(rows)) == 1, rows
            shapes.append((len(rows), rows[0]))
            rows = []
    return shapes


def test_deleted_notes_are_left_out_and_edited_notes_show_final_text_and_the_original():
    session = build_session()
    markdown = render_markdown(session, now=EXPORTED_AT)
    deleted = [note for note in session.notes if note.deleted]
    assert deleted and deleted[0].text not in markdown
    headers = {text: header for _, header, text in note_items(MD.parse(markdown))}
    edited = next(note for note in session.notes if note.history)
    assert "(edited)" in headers[edited.text]
    # What the note first said follows it, once per place the note is shown.
    first_line = escape_inline(edited.history[0].text.split("\n")[0])
    assert f"First written as: {first_line}" in markdown


def test_every_active_note_is_in_the_timeline_in_plan_order():
    session = build_session()
    expected = [note.text for ref in session.plan for note in session.notes_for(ref)]
    assert timeline_notes(render_markdown(session, now=EXPORTED_AT)) == expected


def test_evidence_and_follow_up_repeat_the_linked_notes():
    items = note_items(MD.parse(render_markdown(build_session(), now=EXPORTED_AT)))
    evidence = [text for heading, _, text in items if heading.startswith("Level ")]
    follow_up = [text for heading, _, text in items if heading == "Follow-up"]
    assert len(evidence) == 4
    assert follow_up == [evidence[-1]]


def test_the_same_session_exports_the_same_bytes_apart_from_the_export_time():
    session = build_session()
    first = render_markdown(session, now=EXPORTED_AT)
    assert render_markdown(build_session(), now=EXPORTED_AT) == first
    later = render_markdown(session, now=EXPORTED_AT.replace(year=2027, minute=1))
    changed = [
        (a, b) for a, b in zip(first.splitlines(), later.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1 and changed[0][0].startswith("Exported at: ")


def test_unrated_competency_shows_the_current_suggestion():
    markdown = render_markdown(build_session(), now=EXPORTED_AT)
    summary = markdown.split("### Incident Handling", 1)[1].split("### Not covered")[0]
    assert "- Not rated" in summary
    assert "- Suggested level now: no suggestion. Insufficient evidence: " in summary
    assert "Next: " in summary


def test_revised_rating_shows_its_history():
    markdown = render_markdown(build_session(), now=EXPORTED_AT)
    assert "- Level 2 — Basic, meets the target (level 2)" in markdown
    assert "- Revised from level 1 on 2026-11-26 14:24 +01:00: Re-read" in markdown


# -- user text can never break the structure -------------------------------------


def test_adversarial_notes_keep_the_structure_and_their_text():
    session = with_notes(build_session(), ADVERSARIAL)
    session.candidate = "# *Jane* | <b>Doe</b> \\"
    session.role = "| --- |\nrole"
    markdown = render_markdown(session, now=EXPORTED_AT)
    assert block_structure(markdown) == block_structure(
        render_markdown(plain_twin(session), now=EXPORTED_AT)
    )
    expected = [displayed_text(n.text) for ref in session.plan for n in session.notes_for(ref)]
    assert timeline_notes(markdown) == expected
    tokens = MD.parse(markdown)
    assert inline_text(tokens[1].children) == "Interview transcript: " + session.candidate
    assert table_shapes(tokens) == [(13, 2), (3, 6)]  # details; the outcome by competency


def test_displayed_text_only_changes_line_breaks_and_hidden_characters():
    assert displayed_text("a\r\nb\rc\u2028d\u2029e\x85f") == "a\nb\nc\nd\ne\nf"
    assert displayed_text("NUL\x00 ESC\x1b DEL\x7f CSI\x9b tab\t") == (
        "NUL^@ ESC^[ DEL^? CSI<U+009B> tab\t"
    )
    assert displayed_text("\u202eevil a\u200bb") == "<U+202E>evil a<U+200B>b"
    assert displayed_text("plain 🎉 שלום") == "plain 🎉 שלום"


def test_hostile_text_reaches_the_file_only_as_visible_symbols():
    session = with_notes(build_session(), HOSTILE)
    session.candidate = "\x1b]0;pwned\x07Jane\u2066"
    session.role = "\u202eevil\x1b[2J"
    markdown = render_markdown(session, now=EXPORTED_AT)
    assert terminal_unsafe(markdown) == []
    assert "^\\[\\]0;pwned^GJane\\<U+2066\\>" in markdown  # as escaped for Markdown
    notes = timeline_notes(markdown)
    assert sorted(n for n in notes if n in HOSTILE_SHOWN) == sorted(HOSTILE_SHOWN)


def test_multi_line_note_keeps_its_lines_inside_one_list_item():
    markdown = render_markdown(with_notes(build_session(), ["one\ntwo\n\nfour"]), now=EXPORTED_AT)
    assert "  one\\\n  two\\\n  \\\n  four\n" in markdown


def fragment(text: str) -> str:
    """A heading, a table cell and a note item holding ``text``."""
    return (
        f"# Title {escape_inline(text)}\n\n"
        f"| Detail | Value |\n| --- | --- |\n| Cell | {escape_inline(text)} |\n\n"
        f"- [00:01] · _action_\\\n  {escape_block(text, '  ')}\n"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1))
def test_any_text_round_trips_through_heading_cell_and_note(text):
    tokens = MD.parse(fragment(text))
    assert [t.type for t in tokens if t.type != "inline"] == [
        t.type for t in MD.parse(fragment("x")) if t.type != "inline"
    ]
    inlines = [t for t in tokens if t.type == "inline"]
    shown = displayed_text(text)
    assert inline_text(inlines[0].children) == "Title " + shown
    assert inline_text(inlines[4].children) == shown
    assert note_items(tokens)[0][2] == shown


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_any_notes_round_trip_through_a_whole_transcript(texts):
    session = with_notes(build_session(), texts)
    markdown = render_markdown(session, now=EXPORTED_AT)
    expected = [displayed_text(n.text) for ref in session.plan for n in session.notes_for(ref)]
    assert timeline_notes(markdown) == expected


def test_redacted_transcript_never_names_the_candidate():
    session = build_session()
    session.notes[0].text = "JANE said Doe's team; jane-doe, Janet and Doerr stay."
    markdown = render_markdown(session, now=EXPORTED_AT, redact=True)
    assert not re.search(r"\bjane\b|\bdoe\b", markdown, re.IGNORECASE)
    assert "# Interview transcript: Candidate k7m2qa" in markdown
    assert "| Candidate | Candidate k7m2qa |" in markdown
    assert "Janet and Doerr stay" in markdown


def test_tags_are_shown_in_the_note_header():
    session = build_session()
    note = session.active_notes[0]
    note.tags = (Tag.TASK, Tag.FOLLOW_UP, Tag.QUOTE)
    items = note_items(MD.parse(render_markdown(session, now=EXPORTED_AT)))
    header = next(h for heading, h, text in items if text == note.text and "Question" in heading)
    assert header == "[01:35] · _task_ · follow-up · quote"


def test_behaviour_above_the_target_is_shown_once_observed():
    session = build_session()
    assert "Designs service management processes" not in render_markdown(session, now=EXPORTED_AT)
    session.set_behaviour_observed(SMP, "b3.1", True, EXPORTED_AT)
    markdown = render_markdown(session, now=EXPORTED_AT)
    assert "#### Level 3 — Intermediate\n\n- ✓ Designs service management processes." in markdown


def test_interview_in_progress_exports_the_same_whenever_exported():
    session = build_session()
    session.status = session.status.IN_PROGRESS
    session.finished_at = None
    session.clock.running_since = session.started_at
    first = render_markdown(session, now=EXPORTED_AT)
    later = render_markdown(session, now=EXPORTED_AT.replace(hour=23))
    assert first.rsplit("Exported at", 1)[0] == later.rsplit("Exported at", 1)[0]
    assert "| End | not finished |" in first
    assert "clock running since 2026-11-26 14:00 +01:00" in first


def test_unobserved_levels_below_the_questions_asked_collapse_to_one_line_each():
    from conftest import plan_shipped

    session = plan_shipped(EXPORTED_AT, level=3)
    markdown = render_markdown(session, now=EXPORTED_AT)
    competency = session.competency(session.competencies[0].competency_id)
    for number in (1, 2):
        label = escape_inline(competency.level(number).label)
        assert f"- {label}: none observed; not assessed" in markdown
        assert f"#### {label}" not in markdown
    assert f"#### {escape_inline(competency.level(3).label)}" in markdown


def test_the_transcript_leads_with_the_recommendation():
    from tui_interview.domain.recommendation import submit_recommendation

    session = build_session()
    submit_recommendation(
        session, "yes", "Clear *evidence* at level 2.", EXPORTED_AT, strengths="Calm", concerns=""
    )
    markdown = render_markdown(session, now=EXPORTED_AT)
    assert markdown.index("**Yes**") < markdown.index("## The interview")
    assert "Rationale: Clear \\*evidence\\* at level 2." in markdown
    assert "Key strengths: Calm" in markdown and "Concerns:" not in markdown
