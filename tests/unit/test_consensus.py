"""Consensus records: the domain rules (locking, revisions with reasons, the
fields each needs), the stored form (round trip, hostile records) and the
store (one file per record, private modes, damaged files moved aside, a real
SIGKILL while saving)."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui_interview.context import AppContext
from tui_interview.domain.consensus import Consensus, ConsensusError
from tui_interview.domain.recommendation import Verdict
from tui_interview.storage.consensus_store import (
    ConsensusDamaged,
    ConsensusNotFound,
    ConsensusStore,
    read_record_bytes,
)
from tui_interview.storage.errors import SaveFailed, StorageError

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
needs_posix = pytest.mark.skipif(os.name != "posix", reason="uses POSIX signals and file modes")


def blank(record_id: str = "abc234", candidate: str = "Ada Lovelace") -> Consensus:
    return Consensus(
        id=record_id,
        candidate=candidate,
        role="SRE",
        plan_id="plan-0123456789ab",
        sessions=("s1", "s2", "s3"),
    )


# -- the domain -----------------------------------------------------------------


def test_first_rating_is_revision_one_and_is_tidied():
    consensus = blank()
    rating = consensus.record_rating(
        "incident-management", 3, "  Agreed on 3 ", ["Bo", " bo ", "Cy  Dee", ""], T0
    )
    assert (rating.level, rating.revision, rating.reason) == (3, 1, None)
    assert rating.rationale == "Agreed on 3"
    assert rating.participants == ("Bo", "Cy Dee")
    assert consensus.latest_rating("incident-management") == rating
    assert consensus.latest_rating("other") is None
    assert consensus.history("incident-management") == (rating,)


def test_a_change_needs_a_reason_and_keeps_the_history():
    consensus = blank()
    consensus.record_rating("im", 3, "first", "Bo, Cy", T0)
    with pytest.raises(ConsensusError) as caught:
        consensus.record_rating("im", 4, "second", "Bo, Cy", T0 + timedelta(minutes=1))
    assert caught.value.field == "reason"
    assert "locked" in str(caught.value)
    with pytest.raises(ConsensusError, match="change something"):
        consensus.record_rating("im", 3, "first", ["Cy", "Bo"][::-1], T0, reason="again")
    second = consensus.record_rating(
        "im", 4, "second", "Bo", T0 + timedelta(minutes=2), reason="  new facts  "
    )
    assert (second.revision, second.reason) == (2, "new facts")
    assert [r.level for r in consensus.history("im")] == [3, 4]
    assert consensus.latest_rating("im") == second
    # Another competency starts at revision 1 without a reason.
    assert consensus.record_rating("x", 2, "r", "Bo", T0).revision == 1


@pytest.mark.parametrize(
    ("level", "rationale", "participants", "field"),
    [
        (0, "r", "Bo", "level"),
        (6, "r", "Bo", "level"),
        (True, "r", "Bo", "level"),
        ("3", "r", "Bo", "level"),
        (3, "   ", "Bo", "rationale"),
        (3, "r", " , ,", "participants"),
        (3, "r", [], "participants"),
    ],
)
def test_a_rating_names_the_missing_field(level, rationale, participants, field):
    consensus = blank()
    with pytest.raises(ConsensusError) as caught:
        consensus.record_rating("im", level, rationale, participants, T0)
    assert caught.value.field == field
    assert consensus.ratings == []


@pytest.mark.parametrize(
    ("field", "arguments"),
    [
        ("rationale", ("im", 3, "x" * 20_001, "Bo")),
        ("rationale", ("im", 3, "half \ud800 pair", "Bo")),
        ("participants", ("im", 3, "r", ["Bo \udfff"])),
        ("competency_id", ("\ud800", 3, "r", "Bo")),
    ],
)
def test_text_that_could_not_be_read_back_is_refused_when_recorded(field, arguments):
    consensus = blank()
    with pytest.raises(ConsensusError) as caught:
        consensus.record_rating(*arguments, T0)
    assert caught.value.field == field
    consensus.record_rating("im", 3, "ok", "Bo", T0)
    with pytest.raises(ConsensusError) as caught:
        consensus.record_rating("im", 4, "ok", "Bo", T0, reason="\ud800")
    assert caught.value.field == "reason"
    # What is accepted round-trips, NUL and controls included.
    consensus.record_rating("x", 2, "nul \x00 esc \x1b[2J", "Bo", T0)
    assert Consensus.from_dict(json.loads(json.dumps(consensus.to_dict()))) == consensus


def test_recommendation_locks_like_a_rating():
    consensus = blank()
    first = consensus.record_recommendation("yes", "solid", ["Bo"], T0)
    assert (first.verdict, first.revision) == (Verdict.YES, 1)
    with pytest.raises(ConsensusError) as caught:
        consensus.record_recommendation(Verdict.NO, "weak", ["Bo"], T0)
    assert caught.value.field == "reason"
    with pytest.raises(ConsensusError) as caught:
        consensus.record_recommendation("maybe", "weak", ["Bo"], T0)
    assert caught.value.field == "verdict"
    with pytest.raises(ConsensusError) as caught:
        consensus.record_recommendation("no", "", ["Bo"], T0, reason="x")
    assert caught.value.field == "rationale"
    second = consensus.record_recommendation("no", "weak", ["Bo"], T0, reason="rethought")
    assert consensus.latest_recommendation() == second
    assert [r.revision for r in consensus.recommendations] == [1, 2]


def full_record() -> Consensus:
    consensus = blank()
    consensus.record_rating("im", 2, "low ‮ bidi\n| pipe", ["Bo", "Cy"], T0)
    consensus.record_rating("im", 3, "after talk", ["Bo"], T0 + timedelta(hours=1), reason="r")
    consensus.record_rating("comm", 4, "clear", ["Cy"], T0 + timedelta(minutes=5))
    consensus.record_recommendation("strong_yes", "great", ["Bo", "Cy"], T0)
    return consensus


def test_round_trip_keeps_everything():
    consensus = full_record()
    data = json.loads(json.dumps(consensus.to_dict()))
    again = Consensus.from_dict(data)
    assert again == consensus
    assert again.latest_rating("im").recorded_at == T0 + timedelta(hours=1)
    assert again.agreed_competencies() == ["im", "comm"]


def _mutate(data, path, value):
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("format",), "x", "not a consensus record"),
        (("version",), 99, "newer version"),
        (("version",), "1", "version"),
        (("id",), 5, "id is not text"),
        (("candidate",), "", "candidate is empty"),
        (("sessions",), {"a": 1}, "sessions is not a list"),
        (("ratings", 0, "level"), 9, "level"),
        (("ratings", 0, "level"), 2.0, "level"),
        (("ratings", 0, "participants"), [], "participants"),
        (("ratings", 0, "participants"), ["Bo", "bo"], "participants"),
        (("ratings", 0, "recorded_at"), "yesterday", "ISO 8601"),
        (("ratings", 0, "recorded_at"), "2026-11-26T09:00:00", "UTC offset"),
        (("ratings", 1, "revision"), 5, "expected 2"),
        (("ratings", 1, "reason"), None, "has no reason"),
        (("ratings", 0, "rationale"), "\ud800", "characters"),
        (("ratings", 0, "extra"), 1, "unknown field"),
        (("ratings", 0, "competency_id"), KeyError, "competency_id is missing"),
        (("recommendations", 0, "verdict"), "maybe", "verdict"),
        (("recommendations",), None, "recommendations is not a list"),
    ],
)
def test_hostile_records_are_refused_with_a_clear_message(path, value, message):
    data = full_record().to_dict()
    _mutate(data, path, value)
    with pytest.raises(ConsensusError, match=message):
        Consensus.from_dict(data)


@pytest.mark.parametrize("data", [None, [], "text", 3])
def test_a_record_that_is_no_object_is_refused(data):
    with pytest.raises(ConsensusError, match="not a JSON object"):
        Consensus.from_dict(data)


# -- the store --------------------------------------------------------------------


@pytest.fixture
def store(data_dir, clock) -> ConsensusStore:
    return ConsensusStore(data_dir, now=clock)


def test_save_load_round_trip_private_files(store: ConsensusStore):
    consensus = full_record()
    consensus.id = store.new_id()
    store.save(consensus)
    assert store.load(consensus.id) == consensus
    path = store.folder / f"{consensus.id}.json"
    assert json.loads(read_record_bytes(path))["format"] == "tui-interview-consensus"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert [p.name for p in store.folder.iterdir()] == [path.name]  # no temp file left


def test_app_context_has_the_store(app_context):
    assert isinstance(app_context.consensus, ConsensusStore)
    assert app_context.consensus is app_context.consensus
    assert app_context.consensus.folder == app_context.data_dir / "consensus"


def test_list_newest_first_and_find(store: ConsensusStore):
    older = blank("aaa222", "Ada Lovelace")
    older.record_rating("im", 3, "r", "Bo", T0)
    newer = blank("bbb333", "Grace Hopper")
    newer.record_rating("im", 2, "r", "Bo", T0 + timedelta(days=1))
    newer.record_rating("comm", 4, "r", "Bo", T0 + timedelta(days=1))
    newer.record_recommendation("no", "r", "Bo", T0)
    empty = blank("ccc444", "Alan Turing")
    for record in (older, newer, empty):
        store.save(record)
    summaries = store.list()
    assert [s.id for s in summaries] == ["bbb333", "aaa222", "ccc444"]
    assert (summaries[0].agreed, summaries[0].verdict) == (2, Verdict.NO)
    assert summaries[0].last_recorded_at == T0 + timedelta(days=1)
    assert (summaries[2].agreed, summaries[2].verdict, summaries[2].last_recorded_at) == (
        0,
        None,
        None,
    )
    assert store.find("  grace   HOPPER ", "plan-0123456789ab") == newer
    assert store.find("Grace Hopper", "another-plan") is None
    assert store.find("Nobody", "plan-0123456789ab") is None
    store.delete("aaa222")
    assert [s.id for s in store.list()] == ["bbb333", "ccc444"]
    with pytest.raises(ConsensusNotFound):
        store.load("aaa222")
    with pytest.raises(ConsensusNotFound):
        store.delete("aaa222")
    with pytest.raises(ConsensusNotFound):
        store.load("../etc")


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b'{"format": "tui-interview-consensus"}', b"[]", b""],
)
def test_a_damaged_file_is_moved_aside_and_named_never_hiding_the_others(store, content):
    good = full_record()
    store.save(good)
    (store.folder / "bad999.json").write_bytes(content)
    summaries = store.list()
    assert [s.id for s in summaries] == [good.id]
    [report] = store.take_damage_reports()
    assert report.record_id == "bad999"
    assert "bad999" in str(report)
    assert report.moved_to is not None and report.moved_to.read_bytes() == content
    assert report.moved_to.parent == store.data_dir / "damaged"
    assert not (store.folder / "bad999.json").exists()
    assert store.take_damage_reports() == []


def test_a_record_from_a_newer_version_is_left_in_place(store):
    data = full_record().to_dict()
    data["version"] = 7
    path = store.folder / f"{data['id']}.json"
    store.save(full_record())
    path.write_text(json.dumps(data))
    with pytest.raises(ConsensusDamaged, match="newer version") as caught:
        store.load(data["id"])
    assert caught.value.moved_to is None
    assert path.exists()


def test_a_record_under_another_id_is_damaged(store):
    record = full_record()
    store.save(record)
    os.rename(store.folder / f"{record.id}.json", store.folder / "zzz999.json")
    with pytest.raises(ConsensusDamaged, match="holds record"):
        store.load("zzz999")


def test_a_failed_save_changes_nothing(store, monkeypatch):
    record = full_record()
    store.save(record)
    before = read_record_bytes(store.folder / f"{record.id}.json")
    record.record_recommendation("no", "r", "Bo", T0, reason="x")

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(SaveFailed, match="disk is full"):
        store.save(record)
    assert read_record_bytes(store.folder / f"{record.id}.json") == before
    assert [p.name for p in store.folder.iterdir()] == [f"{record.id}.json"]


def test_text_put_in_by_hand_that_cannot_be_saved_is_refused_cleanly(store):
    record = full_record()
    store.save(record)
    record.candidate = "half \ud800"
    with pytest.raises(StorageError, match="cannot be saved"):
        store.save(record)
    assert store.load(record.id).candidate == "Ada Lovelace"


def test_every_byte_goes_through_the_one_pair(store, monkeypatch):
    """The hook for encryption at rest: swap the pair, and records are stored
    transformed and still read back."""
    from tui_interview.storage import consensus_store

    real_read, real_write = consensus_store.read_record_bytes, consensus_store.write_record_bytes
    monkeypatch.setattr(consensus_store, "write_record_bytes", lambda p, d: real_write(p, d[::-1]))
    monkeypatch.setattr(consensus_store, "read_record_bytes", lambda p: real_read(p)[::-1])
    record = full_record()
    store.save(record)
    assert not real_read(store.folder / f"{record.id}.json").startswith(b"{")
    assert store.load(record.id) == record
    assert store.list()[0].id == record.id


SAVE_LOOP = """
import sys
from datetime import datetime, UTC
from tui_interview.storage.consensus_store import ConsensusStore

store = ConsensusStore(sys.argv[1])
record = store.load(sys.argv[2])
prefix, n = sys.argv[3], 0
while True:
    record.record_rating(
        f"{prefix}-{n}", 3, "agreed " * 200, ["Bo", "Cy"], datetime.now(UTC)
    )
    store.save(record)
    print(f"ack {prefix}-{n}", flush=True)
    n += 1
"""


@needs_posix
def test_acknowledged_consensus_survives_sigkill_at_random_moments(store):
    record = blank()
    store.save(record)
    rng = random.Random(20261202)
    acknowledged: list[str] = []
    for round_number in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVE_LOOP, str(store.data_dir), record.id, f"r{round_number}"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(rng.randint(1, 8)):
            acknowledged.append(child.stdout.readline().split()[1])
        time.sleep(rng.random() * 0.004)
        child.send_signal(signal.SIGKILL)
        acknowledged += [line.split()[1] for line in child.stdout.read().splitlines()]
        child.wait()
        assert child.returncode == -signal.SIGKILL
    stored = store.load(record.id)
    assert not set(acknowledged) - set(stored.agreed_competencies())
    assert [s.id for s in store.list()] == [record.id]
    assert store.take_damage_reports() == []
    assert not store.damaged_dir.exists()
    assert not [p for p in store.folder.iterdir() if p.suffix == ".tmp"]


def test_context_store_uses_the_injected_clock_for_damage_names(data_dir, clock):
    context = AppContext(data_dir=data_dir, content_dirs=[], now=clock)
    context.consensus.folder.mkdir(parents=True)
    (context.consensus.folder / "bad222.json").write_text("{")
    context.consensus.list()
    [report] = context.consensus.take_damage_reports()
    assert report.moved_to.name.endswith(clock().strftime("%Y%m%dT%H%M%S"))
