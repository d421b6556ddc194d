"""Sessions stored before schema version 3 (no sections, added questions,
shares of the budget or time per stop) still load, from the store and from a
JSON export, and are saved in the new shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import plan_shipped

from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.pacing import budget_shares, pace
from tui_interview.domain.session import Section
from tui_interview.domain.session_codec import SCHEMA_VERSION, session_to_dict
from tui_interview.domain.vocabulary import Status
from tui_interview.export.json_export import read_export, render_json
from tui_interview.storage import SessionStore
from tui_interview.storage.migrations import migrate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
V3_FIELDS = (
    "current_section",
    "added_questions",
    "stop_budgets",
    "time_spent",
    "stop_entered_seconds",
)


def as_version_2(data: dict) -> dict:
    """``data`` (the current shape) as version 2 wrote it."""
    data = json.loads(json.dumps(data))
    data["schema_version"] = 2
    for key in V3_FIELDS:
        del data[key]
    for note in data["notes"]:
        del note["section"]
    return data


def interviewed(clock, budget: int | None = 45):
    interview = Interview(Unstored(plan_shipped(clock(), 2, budget, session_id="mig-3")), now=clock)
    interview.start()
    interview.record_note("first", tags=["situation"])
    clock.advance(120)
    interview.next_question()
    interview.record_note("second")
    clock.advance(60)
    return interview.session


def store_document(store: SessionStore, session_id: str, document: dict) -> Path:
    path = store.session_path(session_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"session": {"1": document}}))
    return path


def test_a_version_2_file_opens_and_is_saved_as_version_3(clock, tmp_path):
    session = interviewed(clock)
    store = SessionStore(tmp_path / "data", now=clock)
    path = store_document(store, session.id, as_version_2(session_to_dict(session)))
    with store.open(session.id) as opened:
        old = opened.session
        assert [n.text for n in old.notes] == ["first", "second"]
        assert [n.question for n in old.notes] == [n.question for n in session.notes]
        assert all(n.section is None for n in old.notes)
        assert old.added_questions == [] and old.current_section is None
        # The time per question was not kept then: it is not made up now.
        assert old.time_spent is None and old.time_spent_on(old.plan[0], clock()) is None
        # The budget is split equally over the stops as planned.
        shares = budget_shares(old)
        assert sum(shares.values()) == 45 * 60 and set(shares) == set(old.stops)
        assert max(shares.values()) - min(shares.values()) <= 1
        assert pace(old, clock()).current.used_seconds is None
        interview = Interview(opened, now=clock)
        interview.go_to_section(Section.CLOSING)
        interview.record_note("Thanked them")
    document = json.loads(path.read_text())["session"]["1"]
    assert document["schema_version"] == SCHEMA_VERSION == 3
    assert document["notes"][-1]["section"] == "closing"
    assert document["notes"][-1]["question"] is None
    assert document["time_spent"] is None and document["stop_budgets"] is None
    assert store.load(session.id).notes_for(Section.CLOSING)[0].text == "Thanked them"


def test_a_version_2_session_not_started_keeps_time_per_stop_from_now(clock, tmp_path):
    session = plan_shipped(clock(), 2, None, session_id="mig-4")
    store = SessionStore(tmp_path / "data", now=clock)
    store_document(store, session.id, as_version_2(session_to_dict(session)))
    with store.open(session.id) as opened:
        assert opened.session.status is Status.PLANNED
        interview = Interview(opened, now=clock)
        interview.start()
        clock.advance(75)
        interview.next_question()
    reloaded = store.load(session.id)
    assert reloaded.time_spent_on(reloaded.plan[0], clock()) == 75


def test_a_version_2_export_imports(clock):
    session = interviewed(clock)
    document = json.loads(render_json(session, now=clock()))
    document["schema_version"] = 2
    document["session"] = as_version_2(document["session"])
    imported = read_export(json.dumps(document))
    assert [n.text for n in imported.notes] == ["first", "second"]
    assert imported.time_spent is None
    assert imported.plan == session.plan


@pytest.mark.parametrize("version", [0, 1])
def test_the_version_0_fixture_and_a_version_1_file_reach_version_3(version, tmp_path, clock):
    data = json.loads((FIXTURES / "session-v0.json").read_text())["session"]["1"]
    if version == 1:
        data = migrate(data)
        data = as_version_2(data)
        data["schema_version"] = 1
        del data["saved_at"]
    assert migrate(json.loads(json.dumps(data)))["schema_version"] == SCHEMA_VERSION
    store = SessionStore(tmp_path / "data", now=clock)
    store_document(store, data["id"], data)
    session = store.load(data["id"])
    assert session.notes and all(
        n.question is not None and n.section is None for n in session.notes
    )
    assert session.time_spent is None  # the fixture's interview has started
    assert session.stops[0] is Section.OPENING
