"""Search: a phrase in the current interview's notes (case and accents
ignored, in interview order, with positions), and interviews found by what was
said in them, from the search index kept beside the session index."""

from __future__ import annotations

import json
import os

import pytest
from conftest import plan_shipped
from hypothesis import given
from hypothesis import strategies as st

from tui_interview.cli import main
from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.search import find_in_notes, fold, search_words
from tui_interview.domain.session import Section
from tui_interview.storage import SessionStore


def test_fold_ignores_case_and_accents():
    assert fold("Résumé") == fold("RESUME") == "resume"
    assert fold("Straße") == fold("STRASSE")
    assert fold("Ångström ﬁle") == "angstrom file"
    assert search_words("  Ünïcode   CAFÉ ") == ["unicode", "cafe"]


def test_notes_are_searched_in_interview_order_with_positions(clock):
    interview = Interview(Unstored(plan_shipped(clock(), 2, session_id="find-1")), now=clock)
    interview.start()
    first = interview.record_note("The café closed; another CAFE opened.")
    gone = interview.record_note("cafe talk, deleted")
    interview.delete_note(gone.id)
    interview.go_to_section(Section.OPENING)
    opening = interview.record_note("Met at the Café")
    interview.go_to_section(Section.CLOSING)
    closing = interview.record_note("nothing here")
    found = find_in_notes(interview.session, " cafe ")
    assert [(m.note_id, m.stop) for m in found] == [
        (opening.id, Section.OPENING),
        (first.id, interview.session.plan[0]),
        (first.id, interview.session.plan[0]),
    ]
    texts = {note.id: note.text for note in interview.session.notes}
    assert [texts[m.note_id][m.start : m.end] for m in found] == ["Café", "café", "CAFE"]
    assert all(m.note_id != closing.id for m in found)
    assert find_in_notes(interview.session, "   ") == []


@given(
    text=st.text(min_size=1, max_size=60),
    cut=st.tuples(st.integers(0, 60), st.integers(1, 10)),
)
def test_a_piece_of_a_note_is_always_found_where_it_is(text, cut):
    from datetime import UTC, datetime

    start, length = cut
    start = min(start, len(text) - 1)
    query = text[start : start + length]
    session = plan_shipped(datetime(2026, 1, 1, tzinfo=UTC), 2, session_id="find-2")
    if not text.strip() or not fold(query.strip()):
        return
    note = session.record_note(text, datetime(2026, 1, 1, tzinfo=UTC))
    found = find_in_notes(session, query)
    assert found, (text, query)
    for match in found:
        assert match.note_id == note.id
        assert 0 <= match.start < match.end <= len(text)
        assert fold(query.strip()) in fold(text[match.start : match.end])


def stored(store: SessionStore, clock, session_id: str, candidate: str, notes: list[str]):
    session = plan_shipped(clock(), 2, session_id=session_id, candidate=candidate)
    store.create(session)
    with store.open(session_id) as opened:
        interview = Interview(opened, now=clock)
        interview.start()
        for text in notes:
            clock.advance(10)
            interview.record_note(text)
    return session_id


@pytest.fixture
def filled(tmp_path, clock):
    store = SessionStore(tmp_path / "data", now=clock)
    stored(store, clock, "aaa222", "Ada Lovelace", ["Migrated the payroll to Kubernetes"])
    stored(store, clock, "bbb333", "Alan Turing", ["Résumé mentions Café Nero", "on call"])
    stored(store, clock, "ccc444", "Grace Hopper", ["nothing special"])
    return store


def ids(summaries) -> list[str]:
    return [s.id for s in summaries]


def test_interviews_are_found_by_what_was_said_and_by_name(filled):
    assert ids(filled.search("kubernetes")) == ["aaa222"]
    assert ids(filled.search("RESUME cafe")) == ["bbb333"]  # every word, any order
    assert ids(filled.search("cafe kubernetes")) == []
    assert ids(filled.search("hopper")) == ["ccc444"]  # the candidate's name
    assert ids(filled.search("")) == ids(filled.list_summaries())
    assert set(ids(filled.search("service-management"))) == {"aaa222", "bbb333", "ccc444"}


def test_the_search_index_follows_saves_and_deletions(filled, clock):
    with filled.open("ccc444") as opened:
        interview = Interview(opened, now=clock)
        note = interview.record_note("Spoke about Fortran")
        assert ids(filled.search("fortran")) == ["ccc444"]
        interview.delete_note(note.id)
    assert ids(filled.search("fortran")) == []
    log = (filled.data_dir / "search.log").read_text()
    assert "fortran" in log  # kept up to date by appending, as the index is
    filled.delete("aaa222")
    assert ids(filled.search("kubernetes")) == []
    # Deleting a session folds the logs: nothing it said stays behind.
    index_files = [filled.data_dir / name for name in ("search.json", "search.log")]
    assert not any("kubernetes" in path.read_text() for path in index_files)


def test_a_lost_or_damaged_search_index_is_rebuilt(filled):
    for path in ("search.json", "search.log"):
        (filled.data_dir / path).unlink(missing_ok=True)
    assert ids(filled.search("kubernetes")) == ["aaa222"]
    base = json.loads((filled.data_dir / "search.json").read_text())
    assert set(base["sessions"]) == {"aaa222", "bbb333", "ccc444"}
    (filled.data_dir / "search.json").write_text('{"index_version": 1, "sessions": {"aaa')
    assert ids(filled.search("cafe")) == ["bbb333"]
    (filled.data_dir / "search.log").write_text('{"id": "bbb333", "file": [1, 2, 3], "text": 7}\n')
    assert ids(filled.search("cafe")) == ["bbb333"]


def test_a_session_file_changed_behind_the_index_is_read_again(filled, clock, tmp_path):
    other = SessionStore(tmp_path / "elsewhere", now=clock)
    stored(other, clock, "bbb333", "Alan Turing", ["Quantum annealing"])
    os.replace(other.session_path("bbb333"), filled.session_path("bbb333"))
    assert ids(filled.search("quantum")) == ["bbb333"]
    assert ids(filled.search("nero")) == []


def test_a_damaged_session_is_left_out_of_results_and_reported(filled):
    filled.session_path("aaa222").write_text("{not json")
    assert ids(filled.search("kubernetes")) == []
    assert [d.session_id for d in filled.take_damage_reports()] == ["aaa222"]


def test_the_command_line_searches(filled, capsys):
    assert main(["sessions", "--data-dir", str(filled.data_dir), "--search", "café"]) == 0
    out = capsys.readouterr().out
    assert "bbb333" in out and "aaa222" not in out
    assert main(["sessions", "--data-dir", str(filled.data_dir), "--search", "zebra"]) == 0
    assert capsys.readouterr().out == 'No interview matches "zebra".\n'
    args = ["sessions", "--data-dir", str(filled.data_dir), "--search", "on call", "--json"]
    assert main(args) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)] == ["bbb333"]
