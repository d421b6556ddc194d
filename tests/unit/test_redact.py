"""Redaction: compound names come out whole, and ``--redact-also`` takes out
nicknames and other people named in the notes."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from test_export_sample import EXPORTED_AT, build_session

from tui_interview.domain.recommendation import submit_recommendation
from tui_interview.export.json_export import render_json
from tui_interview.export.markdown import render_markdown
from tui_interview.export.redact import name_pattern, redact_session, split_names

NAME = "Tomás O'Brien-Ñúñez"


def test_a_compound_name_is_replaced_whole_however_it_is_mentioned():
    pattern = name_pattern(NAME)
    assert pattern is not None
    cases = {
        f"{NAME} said": "X said",
        "O'Brien-Ñúñez led it": "X led it",
        "O’Brien (curly apostrophe) agreed": "X (curly apostrophe) agreed",
        "o'brien and ñúñez, then TOMÁS": "X and X, then X",
        "Brien-Ñúñez's plan": "X's plan",
        "Tomás\nO'Brien-Ñúñez": "X",
    }
    for text, expected in cases.items():
        assert pattern.sub("X", text) == expected, text
    # Other words and the lone initial stay.
    assert pattern.sub("X", "Obrien, O and Nunez stay") == "Obrien, O and Nunez stay"


def test_the_issue_example_leaves_no_fragment_in_the_transcript():
    session = build_session(candidate=NAME)
    session.notes[0].text = "O'Brien-Ñúñez walked us through it; later O'Brien said more."
    markdown = render_markdown(session, now=EXPORTED_AT, redact=True)
    assert "O'Candidate" not in markdown and "-Candidate" not in markdown
    assert not re.search(r"brien|ñúñez|tomás", markdown, re.IGNORECASE)
    assert "Candidate k7m2qa walked us through it; later Candidate k7m2qa said more." in markdown


def test_redact_also_replaces_nicknames_and_third_parties_in_order():
    session = build_session()
    session.notes[0].text = "Janey (her nickname) and her manager Bo Hale-Kent agreed."
    submit_recommendation(
        session, "yes", "Jane and Bo both vouch.", EXPORTED_AT, concerns="Janey's pace"
    )
    redacted = redact_session(session, split_names("Janey, Bo Hale-Kent"))
    assert redacted.notes[0].text == ("Person 1 (her nickname) and her manager Person 2 agreed.")
    assert redacted.recommendations[0].rationale == "Candidate k7m2qa and Person 2 both vouch."
    assert redacted.recommendations[0].concerns == "Person 1's pace"
    # The session itself is untouched.
    assert session.notes[0].text.startswith("Janey")
    for text in (
        render_markdown(session, now=EXPORTED_AT, redact_also=["Janey", "Bo Hale-Kent"]),
        render_json(session, now=EXPORTED_AT, redact_also=["Janey", "Bo Hale-Kent"]),
    ):
        # --redact-also implies --redact.
        assert not re.search(r"\bjaney\b|\bjane\b|\bbo\b|hale|kent", text, re.IGNORECASE)


def test_split_names_takes_commas_and_drops_blanks():
    assert split_names(" Janey , ,Bo Smith ") == ["Janey", "Bo Smith"]


words = st.text(st.characters(categories=("Lu", "Ll")), min_size=2, max_size=8)


@given(
    parts=st.lists(words, min_size=1, max_size=3),
    joiners=st.lists(st.sampled_from(["-", "'", "’", " "]), min_size=2, max_size=2),
)
def test_any_compound_name_leaves_no_part_behind(parts, joiners):
    name = parts[0]
    for part, joiner in zip(parts[1:], joiners, strict=False):
        name += joiner + part
    pattern = name_pattern(name)
    assert pattern is not None
    text = f"before {name} middle {parts[-1]} after"
    cleaned = pattern.sub("\x00", text)
    for part in parts:
        # No part survives as a word of its own (a part may still be inside an
        # unrelated word, such as "after").
        assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", cleaned, re.IGNORECASE) or (
            part.casefold() in {"before", "middle", "after"}
        )
    assert cleaned.startswith("before \x00 middle \x00 after") or any(
        p.casefold() in {"before", "middle", "after"} for p in parts
    )
