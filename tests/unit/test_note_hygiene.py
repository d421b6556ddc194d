"""Note hygiene: the word list file, word-aware matching, and the export's
warning lines (issue 25, part 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_session

from tui_interview.cli import main
from tui_interview.content.hygiene import (
    BUNDLED,
    WordListError,
    load_word_list,
    parse_word_list,
    read_word_list,
)
from tui_interview.domain.hygiene import flag_text, flagged_notes
from tui_interview.domain.interview import Interview

ISSUE_NOTE = "Seemed nervous, not a culture fit. Mentioned she is pregnant and 52 years old."


@pytest.fixture
def words():
    return load_word_list()


def test_the_issue_note_is_flagged_for_judgement_pregnancy_and_age(words):
    flag = flag_text(ISSUE_NOTE, words)
    assert flag.words == ("Seemed nervous", "not a culture fit", "pregnant", "52 years old")
    assert flag.categories == ("judgement", "pregnancy", "age")
    assert flag.describe(words) == (
        '"Seemed nervous", "not a culture fit", "pregnant", "52 years old" '
        "(judgement, pregnancy or maternity, age)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Ran the aged care rota for two homes.",
        "Replaced the aging servers over a weekend.",
        "Religiously followed the runbook during the outage.",
        "Found a race condition in the deploy script.",
        "Acted in good faith with the supplier.",
        "Was married to the old design until the data changed her mind.",
        "Used a genetic algorithm for the rota.",
        "She said: I escalated to the change board within the hour.",
    ],
)
def test_word_aware_matching_leaves_ordinary_work_talk_alone(words, text):
    assert not flag_text(text, words), flag_text(text, words)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Aged 61, near retirement", "age"),
        ("Mentioned her HUSBAND works here", "family"),
        ("Goes to church on Sundays", "religion"),
        ("Said he is autistic", "disability"),
        ("Nice guy overall", "judgement"),
        ("Pregnancy leave last year", "pregnancy"),
        ("Strong fóreign accent", "national-origin"),
    ],
)
def test_terms_match_whatever_the_case_accents_and_word_forms(words, text, category):
    assert category in flag_text(text, words).categories


def test_the_hits_give_the_words_as_written_and_where(words):
    text = "Good answer. Seemed NERVOUS."
    (hit,) = flag_text(text, words).hits
    assert text[hit.start : hit.end] == hit.words == "Seemed NERVOUS"


def test_flagged_notes_skip_deleted_notes_and_change_nothing(app_context, words):
    session_id = make_session(app_context)
    handle = app_context.store.open(session_id)
    interview = Interview(handle, now=app_context.now)
    interview.start()
    kept = interview.record_note(ISSUE_NOTE)
    gone = interview.record_note("Nice guy")
    interview.record_note("Restarted the queue workers first.")
    interview.delete_note(gone.id)
    found = flagged_notes(interview.session, words)
    assert [f.note.id for f in found] == [kept.id]
    assert interview.session.notes[0].text == ISSUE_NOTE
    handle.close()


def test_the_shipped_file_names_its_sources_and_a_reason_for_every_category():
    words = read_word_list(BUNDLED / "en.yaml")
    ids = {s.id for s in words.sources}
    assert {"uk-ea2010", "us-eeoc", "ca-chra"} <= ids
    assert {c.id for c in words.categories} >= {
        "judgement", "age", "pregnancy", "disability", "race", "religion", "sex",
        "gender-identity", "sexual-orientation", "family", "national-origin",
    }  # fmt: skip
    for category in words.categories:
        assert category.reason and category.sources and category.terms


GOOD = """\
format: tui-interview-note-hygiene
version: 1
language: en
sources: [{id: s, title: A source}]
categories:
  - id: judgement
    name: Judgement
    reason: Impressions.
    sources: [s]
    terms: [seemed nervous]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("version: 1", "version: 2"), "x.yaml: version must be 1, not 2"),
        (("sources: [s]", "sources: [t]"), "categories[0] (judgement): sources t not listed"),
        (("terms: [seemed nervous]", "terms: []"), "categories[0] (judgement): terms: must not"),
        (("terms: [seemed nervous]", "terms: ['seemed, nervous']"), "terms[0] 'seemed, nervous'"),
        (("terms: [seemed nervous]", "terms: [a, A]"), "terms[1] 'A' is listed twice"),
        (("reason: Impressions.", "reason: ''"), "reason must be a non-empty string"),
        (("language: en", "language: en\ncolour: red"), "unknown key(s) colour"),
        (("format: tui", "format: [tui"), "x.yaml:2:8: not valid YAML"),
    ],
)
def test_a_bad_word_list_gets_one_message_saying_where(change, message):
    assert parse_word_list(GOOD, "x.yaml").categories[0].terms == ("seemed nervous",)
    with pytest.raises(WordListError) as error:
        parse_word_list(GOOD.replace(*change), "x.yaml")
    assert message in str(error.value)


def test_validate_words_checks_the_file_and_exits_1_when_bad(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["validate", "--words", str(good)]) == 0
    assert "1 categories, 1 term, no errors" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("version: 1", "version: x"), encoding="utf-8")
    assert main(["validate", "--words", str(bad)]) == 1
    assert capsys.readouterr().out.strip() == f"{bad}: version must be 1, not 'x'"
    assert main(["validate", "--words"]) == 0
    assert "en.yaml: language en, 11 categories" in capsys.readouterr().out


def test_export_names_each_flagged_note_on_stderr_and_exits_0(
    app_context, data_dir, tmp_path, capsys, clock
):
    session_id = make_session(app_context)
    handle = app_context.store.open(session_id)
    interview = Interview(handle, now=app_context.now)
    interview.start()
    clock.advance(75)
    interview.record_note(ISSUE_NOTE)
    clock.advance(30)
    interview.record_note("Rolled back the change within ten minutes.")
    clock.advance(30)
    interview.record_note("Nice guy.")
    handle.close()
    out = tmp_path / "t.md"
    assert main(["--data-dir", str(data_dir), "export", session_id, "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        'tui-interview: flagged note at 01:15: "Seemed nervous", "not a culture fit", '
        '"pregnant", "52 years old" (judgement, pregnancy or maternity, age)',
        'tui-interview: flagged note at 02:15: "Nice guy" (judgement)',
    ]
    assert Path(captured.out.strip()) == out
    # Nothing is changed: the transcript holds the note as written, no flag.
    text = out.read_text(encoding="utf-8")
    assert ISSUE_NOTE in text and "judgement" not in text.lower()
