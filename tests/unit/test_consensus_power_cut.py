"""Consensus records under power loss, as sessions are tested in
tests/unit/test_power_cut.py: the store's file operations are recorded, then every
state a power cut could leave after each operation is built and read. In every
state each record lists and loads (nothing damaged), and holds its last
acknowledged content or one being saved then."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from powercut import Ack, Recorder, check_every_prefix

from tui_interview.domain.consensus import Consensus
from tui_interview.storage.consensus_store import ConsensusStore

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="models POSIX file systems"),
    pytest.mark.slow,
]

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
Snapshot = tuple[tuple[Any, ...], ...] | None


def snapshot(record: Consensus) -> Snapshot:
    ratings = tuple((r.competency_id, r.level, r.revision) for r in record.ratings)
    verdicts = tuple((r.verdict.value, r.revision) for r in record.recommendations)
    return ratings + verdicts


def observe(folder: Path) -> dict[str, Any]:
    store = ConsensusStore(folder / "data", now=lambda: T0)
    seen: dict[str, Any] = {"error": None, "records": {}}
    try:
        for summary in store.list():
            seen["records"][summary.id] = snapshot(store.load(summary.id))
        damage = store.take_damage_reports()
        if damage:
            raise AssertionError(str(damage[0]))
    except Exception as error:  # any failure to read is what this test looks for
        seen["error"] = f"{type(error).__name__}: {error}"
    return seen


def verify(seen: dict[str, Any], acks: list[Ack]) -> list[str]:
    if seen["error"]:
        return [f"the store does not read: {seen['error']}"]
    allowed: dict[str, list[Snapshot]] = {}
    for ack in acks:
        record_id, content = ack.args
        if ack.kind == "ack":
            allowed[record_id] = [content]
        else:
            allowed.setdefault(record_id, [None]).append(content)
    problems = []
    for record_id in sorted(set(allowed) | set(seen["records"])):
        content = seen["records"].get(record_id)
        if content not in allowed.get(record_id, [None]):
            problems.append(f"record {record_id}: {content} is not acknowledged or under way")
    return problems


@pytest.fixture
def scratch(tmp_path) -> Iterator[Path]:
    shm = Path("/dev/shm")
    base = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else None
    folder = (base or tmp_path) / "scratch"
    yield folder
    if base is not None:
        shutil.rmtree(base, ignore_errors=True)


def test_consensus_saves_and_deletes_survive_every_power_cut(tmp_path, scratch):
    root = tmp_path / "root"
    root.mkdir()
    store = ConsensusStore(root / "data", now=lambda: T0)
    recorder = Recorder(root)

    def save(record: Consensus) -> None:
        recorder.ack("attempt", record.id, snapshot(record))
        store.save(record)
        recorder.ack("ack", record.id, snapshot(record))

    with recorder.recording():
        first = Consensus("aaa222", "Ada Lovelace", "SRE", "plan-1")
        save(first)
        first.record_rating("im", 2, "first", ["Bo"], T0)
        save(first)
        first.record_rating("im", 3, "second", ["Bo"], T0 + timedelta(minutes=1), "talked")
        first.record_recommendation("yes", "hire", ["Bo"], T0)
        save(first)
        second = Consensus("bbb333", "Bob", "SRE", "plan-1")
        second.record_rating("im", 4, "r", ["Cy"], T0)
        save(second)
        recorder.ack("attempt", second.id, None)
        store.delete(second.id)
        recorder.ack("ack", second.id, None)
    scratch.mkdir()
    report = check_every_prefix(recorder, observe, verify, scratch)
    print(f"power-cut points={report.points} states={report.states} bad={len(report.failures)}")
    assert report.failures == [], "\n".join(report.failures[:5])
    assert report.points > 10 and report.distinct_states > 5
