"""The JSON export: complete, stable, importable again, and strict about what
it accepts back."""

from __future__ import annotations

import json

import pytest
from test_export_sample import EXPORTED_AT, build_session

from tui_interview import __version__
from tui_interview.domain.session_codec import SCHEMA_VERSION, session_to_dict
from tui_interview.export.json_export import (
    FORMAT,
    ImportFormatError,
    read_export,
    render_json,
)
from tui_interview.storage import SessionStore


def exported(**changes) -> dict:
    """The sample's export as data, with top-level members changed."""
    document = json.loads(render_json(build_session(), now=EXPORTED_AT))
    document.update(changes)
    return document


def test_export_wraps_the_whole_session():
    session = build_session()
    text = render_json(session, now=EXPORTED_AT)
    document = json.loads(text)
    assert list(document) == [
        "format",
        "schema_version",
        "exported_at",
        "app_version",
        "session",
        "stops",
    ]
    assert document["format"] == FORMAT
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["exported_at"] == "2026-11-26T16:30:00+01:00"
    assert document["app_version"] == __version__
    assert document["session"] == session_to_dict(session)
    assert text.endswith("}\n") and text.startswith('{\n  "format"')


def test_export_is_byte_for_byte_stable_and_keeps_unicode():
    session = build_session("Zoë 🎉 Ünal")
    text = render_json(session, now=EXPORTED_AT)
    assert render_json(build_session("Zoë 🎉 Ünal"), now=EXPORTED_AT) == text
    assert '"candidate": "Zoë 🎉 Ünal"' in text


def test_read_export_gives_back_an_equal_session():
    session = build_session()
    assert read_export(render_json(session, now=EXPORTED_AT)) == session


def test_export_import_export_round_trip_through_a_store(tmp_path):
    session = build_session()
    first = render_json(session, now=EXPORTED_AT)
    store = SessionStore(tmp_path / "data")
    assert store.import_session(read_export(first)) == session.id
    assert render_json(store.load(session.id), now=EXPORTED_AT) == first

    clash_id = store.import_session(read_export(first))
    assert clash_id != session.id
    again = json.loads(render_json(store.load(clash_id), now=EXPORTED_AT))
    assert again["session"].pop("id") == clash_id
    original = json.loads(first)
    original["session"].pop("id")
    assert again == original


HOSTILE = "\x1b]52;c;SGVsbG8=\x07 \x1b]0;pwned\x07 \x1b[2J \x9b31m \u202eevil a\u200bb\r\n"


def test_hostile_text_round_trips_exactly_through_export_store_and_import(tmp_path):
    """JSON is the lossless format: hostile text is kept exactly, not neutralised."""
    session = build_session(HOSTILE + "Jane")
    session.role = HOSTILE
    session.active_notes[0].text = HOSTILE
    first = render_json(session, now=EXPORTED_AT)
    assert json.loads(first)["session"]["candidate"] == HOSTILE + "Jane"
    store = SessionStore(tmp_path / "data")
    assert store.import_session(read_export(first)) == session.id
    stored = store.load(session.id)
    assert stored.active_notes[0].text == HOSTILE
    assert render_json(stored, now=EXPORTED_AT).encode() == first.encode()


def test_redacted_json_never_names_the_candidate():
    session = build_session()
    session.draft = "Ask Jane about her DOE certificate"
    text = render_json(session, now=EXPORTED_AT, redact=True)
    assert "jane" not in text.lower() and "doe" not in text.lower()
    document = json.loads(text)["session"]
    assert document["candidate"] == "Candidate k7m2qa"
    assert document["draft"] == "Ask Candidate k7m2qa about her Candidate k7m2qa certificate"
    assert "Candidate k7m2qa monitored service levels" in document["ratings"][-1]["rationale"]
    assert json.loads(render_json(session, now=EXPORTED_AT))["session"]["candidate"] == "Jane Doe"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json {", "not a JSON file (line 1"),
        ("[1, 2]", "not a tui-interview session export"),
        (json.dumps(exported(format="something-else")), "not a tui-interview session export"),
        (json.dumps(exported(schema_version=SCHEMA_VERSION + 1)), "made by a newer version"),
        (json.dumps(exported(schema_version="1")), "schema_version '1' is not a version number"),
        (json.dumps(exported(session=None)), '"session" member is missing'),
    ],
    ids=["not-json", "not-an-object", "other-format", "newer", "bad-version", "no-session"],
)
def test_import_refuses_files_that_are_not_exports(text, message):
    with pytest.raises(ImportFormatError) as caught:
        read_export(text)
    assert message in str(caught.value)


def test_import_names_a_missing_field():
    document = exported()
    del document["session"]["notes"]
    with pytest.raises(ImportFormatError, match="a field is missing from the session: notes$"):
        read_export(json.dumps(document))


def test_import_refuses_a_session_from_a_newer_version():
    document = exported()
    document["session"]["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(ImportFormatError, match="made by a newer version"):
        read_export(json.dumps(document))


def test_import_refuses_wrong_values_and_dangling_references():
    document = exported()
    document["session"]["created_at"] = "yesterday"
    with pytest.raises(ImportFormatError, match="wrong value: created_at: 'yesterday'"):
        read_export(json.dumps(document))

    document = exported()
    document["session"]["candidate"] = 42
    with pytest.raises(ImportFormatError, match="candidate: expected text, got a whole number"):
        read_export(json.dumps(document))

    document = exported()
    document["session"]["notes"][0]["behaviours"] = ["b9.9"]
    with pytest.raises(
        ImportFormatError, match=r"notes\[0\]\.behaviours\[0\]: unknown behaviour 'b9.9'"
    ):
        read_export(json.dumps(document))

    document = exported()
    document["session"]["competencies"][0]["question_ids"].append("q7.7")
    with pytest.raises(
        ImportFormatError,
        match=r"competencies\[0\]\.question_ids\[\d+\]: \S+ has no question 'q7.7'",
    ):
        read_export(json.dumps(document))
