"""Crash safety under power loss: the storage code runs with its file
operations recorded, then every state a power cut could leave after each
operation is built and opened (see tests/unit/powercut.py).

In every state: the store lists and opens every session (nothing damaged, the
list agrees with the files), every acknowledged change (a save, create,
import or delete that returned) is there, and anything else is a change that
was under way. Each session's content is compared whole, so an acknowledged
note, edit, draft or deletion that went missing is caught.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import plan_shipped
from powercut import Ack, Recorder, check_every_prefix

from tui_interview.domain.interview import Interview, SavedCopy
from tui_interview.domain.session import Session
from tui_interview.export.json_export import read_export, render_json
from tui_interview.files import atomic
from tui_interview.storage import SessionStore
from tui_interview.storage.index import SessionIndex

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="models POSIX file systems"),
    pytest.mark.slow,
]

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ANY_ID = "*"

Snapshot = tuple[tuple[tuple[str, str, bool], ...], str] | None


def snapshot(session: Session) -> Snapshot:
    notes = tuple((note.id, note.text, note.deleted) for note in session.notes)
    return notes, session.draft


class Workload:
    """Runs store calls while telling the recorder what each one attempts and,
    once it returns, acknowledges."""

    def __init__(self, recorder: Recorder, store: SessionStore, clock):
        self.recorder = recorder
        self.store = store
        self.clock = clock

    def existing(self, session_id: str) -> None:
        """A session stored before recording began."""
        self.recorder.ack("ack", session_id, snapshot(self.store.load(session_id)))

    def call(self, session_id: str, expected: Snapshot, action: Callable[[], Any]) -> Any:
        self.recorder.ack("attempt", session_id, expected)
        result = action()
        self.recorder.ack("ack", session_id if session_id != ANY_ID else result, expected)
        return result

    def create(self, session: Session) -> None:
        self.call(session.id, snapshot(session), lambda: self.store.create(session))

    def interview(self, session_id: str):
        opened = self.store.open(session_id)

        machine = self

        class Recorded:
            """The opened file, each save between an attempt and an ack."""

            session = opened.session

            def save(self) -> SavedCopy:
                return machine.call(session_id, snapshot(opened.session), opened.save)

        return opened, Interview(Recorded(), now=self.clock)


def observe(folder: Path) -> dict[str, Any]:
    """What the app would find after the power comes back."""
    store = SessionStore(folder / "data")
    seen: dict[str, Any] = {"error": None, "sessions": {}}
    try:
        summaries = store.list_summaries()
        for summary in summaries:
            if summary.problem:
                raise AssertionError(f"{summary.id} is listed as {summary.problem}")
            with store.open(summary.id) as opened:
                session = opened.session
            if summary.note_count != len(session.active_notes):
                raise AssertionError(
                    f"{summary.id}: the list says {summary.note_count} notes, "
                    f"the file has {len(session.active_notes)}"
                )
            seen["sessions"][summary.id] = snapshot(session)
        if store.damaged_dir.exists() and any(store.damaged_dir.iterdir()):
            raise AssertionError("a session file was moved to damaged/")
    except Exception as error:  # any failure to open is what this test looks for
        seen["error"] = f"{type(error).__name__}: {error}"
    return seen


def verify(seen: dict[str, Any], acks: list[Ack]) -> list[str]:
    """Each session holds its last acknowledged content or one attempted since."""
    if seen["error"]:
        return [f"the store does not open: {seen['error']}"]
    allowed: dict[str, list[Snapshot]] = {}
    wildcard: list[Snapshot] = []
    for ack in acks:
        session_id, content = ack.args
        if session_id == ANY_ID:
            wildcard.append(content)
        elif ack.kind == "ack":
            allowed[session_id] = [content]
        else:
            allowed.setdefault(session_id, [None]).append(content)
    problems = []
    for session_id in sorted(set(allowed) | set(seen["sessions"])):
        content = seen["sessions"].get(session_id)
        options = allowed.get(session_id, [None])
        if content in options or (content is not None and content in wildcard):
            continue
        if content is None:
            problems.append(f"acknowledged session {session_id} is gone")
        elif options == [None]:
            problems.append(f"session {session_id} is there, though deleted or never made")
        else:
            problems.append(f"session {session_id} lost an acknowledged change")
    return problems


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "root"
    folder.mkdir()
    return folder


@pytest.fixture
def scratch(tmp_path) -> Iterator[Path]:
    """Where the crash states are built and opened: in memory when possible
    (each opening flushes files to disk; the states are thrown away)."""
    shm = Path("/dev/shm")
    base = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else None
    folder = (base or tmp_path) / "scratch"
    yield folder
    if base is not None:
        shutil.rmtree(base, ignore_errors=True)


def run(root: Path, scratch: Path, clock, setup=None, work=None):
    store = SessionStore(root / "data")
    existing = setup(store) if setup else []
    recorder = Recorder(root)
    workload = Workload(recorder, store, clock)
    for session_id in existing:
        workload.existing(session_id)
    with recorder.recording():
        work(workload)
    scratch.mkdir()
    return check_every_prefix(recorder, observe, verify, scratch)


def assert_safe(report) -> None:
    # The figures for docs/benchmarks.md's reliability table (shown with pytest -s).
    print(
        f"power-cut points={report.points} states={report.states} "
        f"distinct={report.distinct_states} bad={len(report.failures)}"
    )
    assert report.failures == [], (
        f"{len(report.failures)} bad states of {report.states}; first:\n"
        + "\n".join(report.failures[:5])
    )
    assert report.points > 10 and report.distinct_states > 10


# -- the workloads --------------------------------------------------------------


def notes_drafts_and_edits(workload: Workload) -> None:
    clock = workload.clock
    workload.create(plan_shipped(clock(), session_id="aaa222"))
    opened, interview = workload.interview("aaa222")
    with opened:
        interview.record_note("Restored the mail service")
        clock.advance()
        interview.save_draft("half a thou")
        note = interview.record_note("Wrote the post-mortem")
        interview.edit_note(note.id, "Wrote and shared the post-mortem")
        interview.delete_note(interview.session.notes[0].id)
        interview.save_draft("")
    workload.create(plan_shipped(clock(), session_id="bbb333", candidate="Bob"))


def test_creates_notes_drafts_and_edits_survive_every_power_cut(root, scratch, clock):
    """Starts from an empty folder: the data folder and sessions/ are made too."""
    report = run(root, scratch, clock, work=notes_drafts_and_edits)
    assert_safe(report)


def test_deletes_survive_every_power_cut(root, scratch, clock):
    def setup(store: SessionStore) -> list[str]:
        for session_id in ("aaa222", "bbb333"):
            store.create(plan_shipped(clock(), session_id=session_id))
        return ["aaa222", "bbb333"]

    def work(workload: Workload) -> None:
        workload.call("aaa222", None, lambda: workload.store.delete("aaa222"))
        opened, interview = workload.interview("bbb333")
        with opened:
            interview.record_note("Kept after the delete")
        workload.call("bbb333", None, lambda: workload.store.delete("bbb333"))

    assert_safe(run(root, scratch, clock, setup, work))


def test_imports_survive_every_power_cut(root, scratch, clock):
    exported = plan_shipped(clock(), session_id="imp234")
    exported.record_note("Imported note", clock())
    text = render_json(exported, now=clock())

    def work(workload: Workload) -> None:
        expected = snapshot(read_export(text))
        store = workload.store
        workload.call("imp234", expected, lambda: store.import_session(read_export(text)))
        # The same file again: a clash, so it gets a new id.
        workload.call(ANY_ID, expected, lambda: store.import_session(read_export(text)))

    assert_safe(run(root, scratch, clock, work=work))


def test_index_rewrites_survive_every_power_cut(root, scratch, clock, monkeypatch):
    """Every index update folds the log into a new index.json, and listings
    in between repair and rewrite it."""
    monkeypatch.setattr(SessionIndex, "_log_too_big", lambda index: True)

    def work(workload: Workload) -> None:
        workload.create(plan_shipped(clock(), session_id="aaa222"))
        workload.store.list_summaries()
        opened, interview = workload.interview("aaa222")
        with opened:
            for text in ("One", "Two"):
                interview.record_note(text)
                workload.store.list_summaries()
        (workload.store.data_dir / "index.json").unlink()  # lost: rebuilt by listing
        workload.store.list_summaries()

    assert_safe(run(root, scratch, clock, work=work))


def test_migrated_sessions_survive_every_power_cut(root, scratch, clock):
    def setup(store: SessionStore) -> list[str]:
        store.sessions_dir.mkdir(parents=True)
        store.session_path("old234").write_bytes((FIXTURES / "session-v0.json").read_bytes())
        assert (
            json.loads(store.session_path("old234").read_text())["session"]["1"]["schema_version"]
            == 0
        )
        return ["old234"]

    def work(workload: Workload) -> None:
        opened, interview = workload.interview("old234")
        with opened:
            interview.save_draft("a draft")
            interview.record_note("Added after the upgrade")

    assert_safe(run(root, scratch, clock, setup, work))


# -- the simulator has teeth ------------------------------------------------------


@pytest.mark.parametrize("removed", ["_flush_to_disk", "fsync_dir"])
def test_the_simulator_finds_a_missing_fsync(root, scratch, clock, monkeypatch, removed):
    """Without the file's fsync (or the folder's) a save can be acknowledged
    and still be lost: the simulator must say so."""
    monkeypatch.setattr(atomic, removed, lambda *args: None)
    report = run(root, scratch, clock, work=notes_drafts_and_edits)
    assert report.failures
    expected = "is gone" if removed == "fsync_dir" else "does not open"
    assert any(expected in failure for failure in report.failures), report.failures[:3]
