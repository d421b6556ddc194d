"""The session store: saving, listing, locking, damage, migrations and the CLI.

Crash safety and locking are tested with real processes: children that save
in a loop and are killed with SIGKILL, and children that hold a session open.
"""

from __future__ import annotations

import errno
import json
import os
import random
import socket
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui_interview.domain.competency import Behaviour, Competency, Level, Probe, Question
from tui_interview.domain.interview import Interview, NotSaved, Unstored
from tui_interview.domain.session import PlannedCompetency, QuestionRef, Session, Status, Tag
from tui_interview.domain.session_codec import SCHEMA_VERSION, session_to_dict
from tui_interview.storage import (
    AmbiguousSession,
    SaveFailed,
    SessionDamaged,
    SessionExists,
    SessionLocked,
    SessionNotFound,
    SessionReadOnly,
    SessionStore,
    SessionTooNew,
)
from tui_interview.storage import index as index_module
from tui_interview.storage.store import ID_ALPHABET, PROBLEM_DAMAGED, PROBLEM_TOO_NEW

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
POSIX = os.name == "posix"
needs_posix = pytest.mark.skipif(not POSIX, reason="uses POSIX signals and file modes")


def make_competency() -> Competency:
    return Competency(
        id="incident-management",
        name="Incident management",
        description="Restoring service quickly.",
        levels=tuple(
            Level(
                number=n,
                summary=f"Level {n} summary",
                behaviours=(Behaviour(f"b{n}.1", f"Behaviour at level {n}", n),),
                questions=(
                    Question(
                        f"q{n}.1",
                        f"Tell me about an incident (level {n}).",
                        n,
                        probes=(Probe(f"q{n}.1.p1", "What did you do first?"),),
                    ),
                ),
            )
            for n in (1, 2, 3)
        ),
    )


def make_session(session_id: str, candidate: str = "Jane Doe", **changes) -> Session:
    competency = make_competency()
    session = Session(
        id=session_id,
        candidate=candidate,
        role="Service Desk Analyst",
        interviewer="Sam",
        created_at=T0,
        competencies=[PlannedCompetency(competency.id, 2, ["q1.1", "q2.1"])],
        content={competency.id: competency},
    )
    for name, value in changes.items():
        setattr(session, name, value)
    return session


@pytest.fixture
def store(tmp_path: Path) -> SessionStore:
    return SessionStore(tmp_path / "data")


def stored(store: SessionStore, session_id: str = "abc234", **changes) -> Session:
    session = make_session(session_id, **changes)
    store.create(session)
    return session


def note_texts(session: Session) -> list[str]:
    return [note.text for note in session.notes]


# -- the basic API ----------------------------------------------------------


def test_store_creates_nothing_until_the_first_write(tmp_path: Path):
    store = SessionStore(tmp_path / "data")
    assert store.list_summaries() == []
    store.new_id()
    with pytest.raises(SessionNotFound):
        store.open("abc234")
    assert not (tmp_path / "data").exists()


def test_new_ids_are_short_unambiguous_and_unused(store: SessionStore):
    ids = {store.new_id() for _ in range(200)}
    assert all(len(i) == 6 and set(i) <= set(ID_ALPHABET) for i in ids)
    assert not set("01ilo") & set(ID_ALPHABET)
    session = stored(store, store.new_id())
    random.seed(1)
    assert all(store.new_id() != session.id for _ in range(100))


def test_created_session_loads_back_equal(store: SessionStore):
    session = stored(store)
    assert store.load(session.id) == session


def test_create_refuses_an_id_that_is_taken(store: SessionStore):
    stored(store)
    with pytest.raises(SessionExists):
        store.create(make_session("abc234", candidate="Someone Else"))
    assert store.load("abc234").candidate == "Jane Doe"


def test_note_is_on_disk_when_save_returns(store: SessionStore):
    session = stored(store)
    with store.open(session.id) as opened:
        opened.session.start(T0)
        opened.session.record_note("Restarted the queue first", T0, tags=[Tag.ACTION])
        opened.save()
        # A second store stands for another process reading the folder.
        reloaded = SessionStore(store.data_dir).load(session.id)
    assert note_texts(reloaded) == ["Restarted the queue first"]
    assert reloaded.notes[0].tags == (Tag.ACTION,)
    assert reloaded.status is Status.IN_PROGRESS


def test_interview_saves_every_change_through_open_session(store: SessionStore):
    session = stored(store)
    with store.open(session.id) as opened:
        interview = Interview(opened, now=lambda: T0)
        interview.start()
        interview.record_note("Paged the on-call engineer")
        interview.toggle_probe(QuestionRef("incident-management", "q1.1"), "q1.1.p1")
    loaded = store.load(session.id)
    assert note_texts(loaded) == ["Paged the on-call engineer"]
    assert loaded.questions_covered == 1


def test_a_failed_save_leaves_one_session_and_no_stale_copy(store: SessionStore, monkeypatch):
    """The opened session and the interview's session are one object: after a
    failed save is rolled back, reading through either shows what is on disk."""
    session = stored(store)
    with store.open(session.id) as opened:
        interview = Interview(opened, now=lambda: T0)
        interview.start()
        interview.record_note("kept")
        table = opened._table

        def full_disk(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(table, "update", full_disk)
        with pytest.raises(NotSaved) as raised:
            interview.record_note("lost")
        assert isinstance(raised.value.__cause__, SaveFailed)
        assert opened.session is interview.session
        assert note_texts(opened.session) == ["kept"]
        assert opened.session.saved_at == T0
        monkeypatch.undo()
        interview.record_note("after")
        assert note_texts(opened.session) == ["kept", "after"]
    assert note_texts(store.load(session.id)) == ["kept", "after"]


def test_an_open_session_saves_only_its_own_session(store: SessionStore):
    """``save`` takes no session: a copy loaded beside the open one, changed,
    never reaches the file; the open one's change does."""
    session = stored(store)
    with store.open(session.id) as opened:
        copy = store.load(session.id)
        copy.candidate = "Changed In A Copy"
        opened.session.role = "Changed In The Open Session"
        saved = opened.save()
    again = store.load(session.id)
    assert again.candidate == session.candidate
    assert again.role == "Changed In The Open Session" == saved.data["role"]


def test_summaries_list_the_home_screen_facts_most_recent_first(store: SessionStore):
    second = stored(store, "aaa222", candidate="Bob Newer")
    first = stored(store, "bbb333", candidate="Ann Older")
    with store.open(second.id) as opened:
        interview = Interview(opened, now=lambda: T0 + timedelta(hours=1))
        interview.start()
        interview.record_note("one")
        interview.record_note("two")
        interview.delete_note("n2")
    summaries = store.list_summaries()
    assert [s.id for s in summaries] == [second.id, first.id]
    assert [s.updated_at for s in summaries] == [T0 + timedelta(hours=1), T0]
    newest = summaries[0]
    assert newest.candidate == "Bob Newer"
    assert newest.role == "Service Desk Analyst"
    assert newest.interviewer == "Sam"
    assert newest.competencies == (("incident-management", 2),)
    assert newest.status is Status.IN_PROGRESS
    assert newest.created_at == T0
    assert newest.started_at == T0 + timedelta(hours=1)
    assert newest.finished_at is None
    assert newest.note_count == 1  # the deleted note does not count
    assert (newest.questions_total, newest.questions_covered) == (2, 1)
    assert newest.problem is None
    assert summaries[1].status is Status.PLANNED


def test_last_save_time_is_the_sessions_own_never_the_files(store: SessionStore):
    """Copies, backups and restores change a file's modification time; the
    list and the session keep the time of the last save, on the app's clock."""
    newer = stored(store, "new234", saved_at=T0 + timedelta(days=2))
    older = stored(store, "old234", saved_at=T0)
    store.list_summaries()
    touched = T0 + timedelta(days=400)
    os.utime(store.session_path(older.id), (touched.timestamp(), touched.timestamp()))
    os.utime(store.session_path(newer.id), (0, 0))
    listed = SessionStore(store.data_dir).list_summaries()
    assert [(s.id, s.updated_at) for s in listed] == [
        (newer.id, T0 + timedelta(days=2)),
        (older.id, T0),
    ]
    with store.open(older.id) as opened:
        assert opened.session.saved_at == T0


def test_resolve_finds_a_session_by_unique_prefix(store: SessionStore):
    for session_id in ("abc234", "abd234", "xyz789", "xyz7"):
        stored(store, session_id)
    assert store.resolve("abc") == "abc234"
    assert store.resolve(" ABC2 ") == "abc234"
    assert store.resolve("xyz7") == "xyz7"  # an exact id wins over longer ones
    with pytest.raises(AmbiguousSession, match="abc234, abd234"):
        store.resolve("ab")
    with pytest.raises(SessionNotFound, match="tui-interview sessions"):
        store.resolve("q")
    with pytest.raises(SessionNotFound):
        store.resolve("")


def test_delete_removes_the_session_and_its_summary(store: SessionStore):
    stored(store, "abc234")
    stored(store, "def567")
    store.delete("abc234")
    assert not store.session_path("abc234").exists()
    assert [s.id for s in store.list_summaries()] == ["def567"]
    with pytest.raises(SessionNotFound):
        store.delete("abc234")


def test_import_keeps_a_free_id_and_renames_on_clash(store: SessionStore):
    assert store.import_session(make_session("fresh1")) == "fresh1"
    clash = make_session("fresh1", candidate="Other Person")
    new_id = store.import_session(clash)
    assert new_id != "fresh1"
    assert store.load(new_id).candidate == "Other Person"
    assert store.load("fresh1").candidate == "Jane Doe"
    assert store.import_session(make_session("Not/Valid!")) not in ("Not/Valid!",)


def test_ids_that_could_escape_the_folder_are_refused(store: SessionStore):
    for bad in ("../etc", "a/b", "", "A" * 3):
        with pytest.raises(SessionNotFound):
            store.session_path(bad)


@needs_posix
def test_folders_are_0700_and_files_0600_whatever_the_umask(store: SessionStore):
    previous = os.umask(0)
    try:
        session = stored(store)
        with store.open(session.id) as opened:
            assert stat.S_IMODE(opened._lock.path.stat().st_mode) == 0o600
            opened.session.record_note("note", T0)
            opened.save()
            (store.data_dir / "index.log").unlink()
            store.list_summaries()  # rebuilds index.json
            opened.save()  # and starts index.log again
    finally:
        os.umask(previous)
    assert stat.S_IMODE(store.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.sessions_dir.stat().st_mode) == 0o700
    files = [p for p in store.data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"abc234.json", "index.json", "index.log"}
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {p.name: 0o600 for p in files}


# -- one writer per session -------------------------------------------------


def test_second_open_in_the_same_process_is_refused_but_can_read(store: SessionStore):
    session = stored(store)
    with store.open(session.id):
        with pytest.raises(SessionLocked) as refused:
            store.open(session.id)
        assert refused.value.pid == os.getpid()
        assert refused.value.host == socket.gethostname()
        assert refused.value.since is not None
        assert "open elsewhere" in str(refused.value)
        with store.open(session.id, read_only=True) as viewer:
            assert viewer.read_only
            assert viewer.session == session
            with pytest.raises(SessionReadOnly):
                viewer.save()
        with pytest.raises(SessionLocked):
            store.delete(session.id)
    assert not (store.sessions_dir / "abc234.lock").exists()
    store.open(session.id).close()


def test_different_sessions_can_be_open_at_once(store: SessionStore):
    stored(store, "aaa222")
    stored(store, "bbb333")
    with store.open("aaa222") as first, store.open("bbb333") as second:
        first.save()
        second.save()


def test_save_after_close_is_refused(store: SessionStore):
    opened = store.open(stored(store).id)
    opened.close()
    with pytest.raises(Exception, match="closed"):
        opened.save()


def write_lock_file(store: SessionStore, session_id: str, pid: int, host: str) -> None:
    details = {"pid": pid, "host": host, "started": "2026-11-26T08:00:00+00:00"}
    (store.sessions_dir / f"{session_id}.lock").write_text(json.dumps(details))


def test_lock_file_left_by_a_crash_is_taken_over(store: SessionStore):
    session = stored(store)
    # Even a live pid: no process holds the OS lock, so the file is debris.
    write_lock_file(store, session.id, os.getppid(), socket.gethostname())
    with store.open(session.id) as opened:
        assert not opened.read_only


# -- damaged, newer and older files -----------------------------------------


def damage(path: Path, how: str) -> bytes:
    original = path.read_bytes()
    if how == "truncated":
        path.write_bytes(original[: len(original) // 2])
    elif how == "garbage":
        path.write_bytes(b"\x00\xff not json at all")
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "wrong shape":
        path.write_text(json.dumps({"session": {"1": {"schema_version": SCHEMA_VERSION}}}))
    return path.read_bytes()


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "wrong shape"])
def test_damaged_file_is_moved_aside_and_the_rest_keeps_working(store: SessionStore, how: str):
    stored(store, "good22")
    session = stored(store, "bad222")
    store.list_summaries()
    path = store.session_path(session.id)
    broken = damage(path, how)

    with pytest.raises(SessionDamaged) as raised:
        store.open(session.id)
    error = raised.value
    assert error.path == path
    assert error.moved_to is not None and error.moved_to.parent == store.damaged_dir
    assert error.moved_to.name.startswith("bad222.json.")
    assert error.moved_to.read_bytes() == broken
    assert str(path) in str(error)
    assert not path.exists()
    assert not (store.sessions_dir / "bad222.lock").exists()
    assert [s.id for s in store.list_summaries()] == ["good22"]
    assert store.load("good22").id == "good22"


def test_damaged_file_is_named_by_the_stores_clock(tmp_path: Path):
    store = SessionStore(tmp_path / "data", now=lambda: T0 + timedelta(days=365))
    path = store.session_path(stored(store, "bad222").id)
    damage(path, "garbage")
    with pytest.raises(SessionDamaged) as raised:
        store.load("bad222")
    assert raised.value.moved_to.name == "bad222.json.20271126T090000"


@pytest.mark.parametrize("how", ["truncated", "garbage", "empty", "wrong shape"])
def test_listing_sets_a_damaged_file_aside_and_names_it(store: SessionStore, how: str):
    stored(store, "good22")
    session = stored(store, "bad222")
    path = store.session_path(session.id)
    broken = damage(path, how)

    assert [s.id for s in store.list_summaries()] == ["good22"]
    [report] = store.take_damage_reports()
    assert report.session_id == "bad222" and "bad222" in str(report)
    assert report.moved_to is not None and report.moved_to.read_bytes() == broken
    assert not path.exists()
    assert store.take_damage_reports() == []
    assert [s.id for s in store.list_summaries()] == ["good22"]


def test_damaged_file_that_cannot_be_moved_is_listed_as_damaged_and_named(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
):
    stored(store, "good22")
    stored(store, "bad222")
    damage(store.session_path("bad222"), "garbage")
    monkeypatch.setattr(os, "rename", fail_with(OSError(errno.EROFS, "read-only")))
    listed = {s.id: s.problem for s in store.list_summaries()}
    assert listed == {"good22": None, "bad222": PROBLEM_DAMAGED}
    [report] = store.take_damage_reports()
    assert report.session_id == "bad222" and report.moved_to is None
    assert store.session_path("bad222").exists()


def test_damaged_file_is_caught_by_a_read_only_load_too(store: SessionStore):
    session = stored(store)
    damage(store.session_path(session.id), "truncated")
    with pytest.raises(SessionDamaged):
        store.load(session.id)
    assert len(list(store.damaged_dir.iterdir())) == 1


def write_session_document(store: SessionStore, session_id: str, document: dict) -> Path:
    path = store.session_path(session_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"session": {"1": document}}))
    return path


def test_file_from_a_newer_version_is_refused_and_left_alone(store: SessionStore):
    stored(store)
    path = store.session_path("abc234")
    data = json.loads(path.read_text())
    data["session"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(data))
    with pytest.raises(SessionTooNew, match="newer version") as raised:
        store.open("abc234")
    assert raised.value.version == SCHEMA_VERSION + 1
    assert path.exists()
    assert not store.damaged_dir.exists()
    assert store.list_summaries()[0].problem == PROBLEM_TOO_NEW


#: A session file as the version 0 prototype wrote it: each note had at most
#: one STAR part in "star", and there were no tags, history or time budget.
VERSION_0_FILE = """{"session": {"1": {
  "schema_version": 0,
  "id": "old234",
  "candidate": "Olga Old",
  "role": "Analyst",
  "interviewer": "Sam",
  "status": "finished",
  "created_at": "2025-03-01T09:00:00+01:00",
  "started_at": "2025-03-01T09:05:00+01:00",
  "finished_at": "2025-03-01T09:50:00+01:00",
  "competencies": [
    {"competency_id": "incident-management", "target_level": 1, "question_ids": ["q1.1"]}
  ],
  "content": {"incident-management": {
    "id": "incident-management", "name": "Incident management",
    "description": "", "source": "",
    "levels": [{"number": 1, "summary": "Basics",
      "behaviours": [{"id": "b1.1", "text": "Logs incidents", "level": 1}],
      "questions": [{"id": "q1.1", "text": "Tell me about an incident.", "level": 1,
                     "probes": [{"id": "q1.1.p1", "text": "What first?"}]}]}]
  }},
  "clock": {"accumulated_seconds": 2700.0, "running_since": null},
  "current_index": 0,
  "draft": "",
  "events": [],
  "notes": [
    {"id": "n1", "text": "Server room flooded", "star": "situation",
     "created_at": "2025-03-01T09:10:00+01:00", "elapsed_seconds": 300.0,
     "question": {"competency_id": "incident-management", "question_id": "q1.1"},
     "behaviours": ["b1.1"], "deleted_at": null},
    {"id": "n2", "text": "No STAR part", "star": null,
     "created_at": "2025-03-01T09:12:00+01:00", "elapsed_seconds": 420.0,
     "question": {"competency_id": "incident-management", "question_id": "q1.1"},
     "behaviours": [], "deleted_at": null}
  ],
  "ratings": []
}}}"""


def test_version_0_file_opens_and_is_saved_in_the_current_version(store: SessionStore):
    path = store.session_path("old234")
    path.parent.mkdir(parents=True)
    path.write_text(VERSION_0_FILE)
    with store.open("old234") as opened:
        session = opened.session
        assert session.candidate == "Olga Old"
        assert [n.tags for n in session.notes] == [(Tag.SITUATION,), ()]
        assert all(n.history == () for n in session.notes)
        assert session.time_budget_minutes is None
        assert session.saved_at == datetime.fromisoformat("2025-03-01T09:50:00+01:00")
        opened.save()
    document = json.loads(path.read_text())["session"]["1"]
    assert document["schema_version"] == SCHEMA_VERSION
    assert "star" not in document["notes"][0]


def test_version_1_file_gets_its_last_save_from_its_own_latest_time(store: SessionStore):
    """Version 1 did not store when the session was saved; the latest time the
    session records stands in for it, not the file's modification time."""
    session = make_session("one234")
    interview = Interview(Unstored(session), now=lambda: T0)
    interview.start()
    session.record_note("the last thing typed", T0 + timedelta(minutes=7))
    session.record_note("an earlier note", T0 + timedelta(minutes=3))
    session.set_probe_asked(
        QuestionRef("incident-management", "q1.1"), "q1.1.p1", True, T0 + timedelta(minutes=5)
    )
    document = session_to_dict(session)
    document["schema_version"] = 1
    del document["saved_at"]
    path = write_session_document(store, session.id, document)
    os.utime(path, (T0.timestamp() + 86400, T0.timestamp() + 86400))  # touched a day later
    with store.open(session.id) as opened:
        assert opened.session.saved_at == T0 + timedelta(minutes=7)
        reopened = Interview(opened, now=lambda: T0 + timedelta(days=1))
        # The app died with the clock running: it stops at the last save.
        assert reopened.stop_clock_left_running() == 7 * 60
    assert store.load(session.id).saved_at == T0 + timedelta(days=1)


# -- failed saves -------------------------------------------------------------


def fail_with(error: OSError):
    def failing(*args, **kwargs):
        raise error

    return failing


@pytest.mark.parametrize(
    ("patched", "error", "reason"),
    [
        ("replace", OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        ("write", OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        ("replace", PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        ("fsync", OSError(errno.EIO, "Input/output error"), "input/output error"),
    ],
)
def test_failed_save_changes_nothing_and_says_why(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch, patched: str, error: OSError, reason
):
    session = stored(store)
    path = store.session_path(session.id)
    with store.open(session.id) as opened:
        interview = Interview(opened, now=lambda: T0)
        interview.record_note("kept")
        before = path.read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(os, patched, fail_with(error))
            with pytest.raises(NotSaved) as raised:
                interview.record_note("lost on disk, kept on screen")
        assert isinstance(raised.value.__cause__, SaveFailed)
        message = str(raised.value)
        assert message.startswith(f"Could not save: {reason} ({path})")
        assert "Nothing was changed" in message
        assert path.read_bytes() == before
        assert [p.name for p in store.sessions_dir.iterdir() if p.suffix == ".tmp"] == []
        assert note_texts(interview.session) == ["kept"]
        interview.record_note("saved once the disk has room")
    assert note_texts(store.load(session.id)) == ["kept", "saved once the disk has room"]


@needs_posix
def test_save_into_a_read_only_folder_fails_cleanly(store: SessionStore):
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions; the failure is simulated above")
    session = stored(store)
    with store.open(session.id) as opened:
        store.sessions_dir.chmod(0o500)
        try:
            opened.session.record_note("note", T0)
            with pytest.raises(SaveFailed, match="permission denied"):
                opened.save()
        finally:
            store.sessions_dir.chmod(0o700)
    assert store.load(session.id).notes == []


def test_failed_create_leaves_no_file(store: SessionStore, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(os, "replace", fail_with(OSError(errno.ENOSPC, "full")))
    with pytest.raises(SaveFailed, match="disk is full"):
        store.create(make_session("abc234"))
    monkeypatch.undo()
    assert list(store.sessions_dir.iterdir()) == []


# -- the index ---------------------------------------------------------------


def three_sessions(store: SessionStore) -> list[str]:
    ids = ["aaa222", "bbb333", "ccc444"]
    for session_id in ids:
        stored(store, session_id, candidate=f"Candidate {session_id}")
    return ids


@pytest.mark.parametrize(
    "how", ["missing", "corrupt", "torn log line", "malformed entry", "other version"]
)
def test_index_is_rebuilt_from_the_session_files(store: SessionStore, how: str):
    ids = three_sessions(store)
    base = store.data_dir / "index.json"
    log = store.data_dir / "index.log"
    store.list_summaries()
    if how == "missing":
        base.unlink(missing_ok=True)
        log.unlink()
    elif how == "corrupt":
        base.write_bytes(b'{"index_version": 1, "sessions": {"aaa')
    elif how == "torn log line":
        with log.open("ab") as handle:
            handle.write(b'{"id": "bbb333", "candidate": "Tr')
    elif how == "malformed entry":
        stamp = index_module.file_stamp(store.session_path("bbb333").stat())
        with log.open("a") as handle:
            handle.write(json.dumps({"id": "bbb333", "competencies": 5, "file": stamp}) + "\n")
    else:
        base.write_text(json.dumps({"index_version": 999, "sessions": {}}))
    summaries = store.list_summaries()
    assert sorted(s.id for s in summaries) == ids
    assert {s.candidate for s in summaries} == {f"Candidate {i}" for i in ids}
    assert SessionStore(store.data_dir)._index.entries().keys() == set(ids)


def test_a_summary_lost_in_a_crash_is_noticed_by_the_file_stamp(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
):
    session = stored(store)
    store.list_summaries()
    # The session file is saved but the process dies before the index line.
    monkeypatch.setattr(store._index, "record", fail_with(OSError(errno.EIO, "gone")))
    with store.open(session.id) as opened:
        opened.session.record_note("after the crash", T0)
        opened.save()
    assert SessionStore(store.data_dir).list_summaries()[0].note_count == 1


def test_session_file_copied_in_by_hand_is_listed(store: SessionStore, tmp_path: Path):
    other = SessionStore(tmp_path / "elsewhere")
    stored(other, "cop234")
    stored(store, "own234")
    store.list_summaries()
    os.link(other.session_path("cop234"), store.session_path("cop234"))
    assert sorted(s.id for s in store.list_summaries()) == ["cop234", "own234"]


def test_index_log_is_folded_into_the_base(store: SessionStore, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(index_module, "MIN_LOG_BYTES_TO_FOLD", 0)
    ids = three_sessions(store)
    log = store.data_dir / "index.log"
    with store.open(ids[0]) as opened:
        for n in range(5):
            opened.session.record_note(f"note {n}", T0)
            opened.save()
            assert log.stat().st_size < 2000
    summaries = {s.id: s for s in SessionStore(store.data_dir).list_summaries()}
    assert summaries[ids[0]].note_count == 5
    assert set(summaries) == set(ids)


def test_leftover_temporary_files_are_ignored_and_cleaned(store: SessionStore):
    session = stored(store)
    debris = store.sessions_dir / "abc234.json.999.deadbeef.tmp"
    debris.write_bytes(b'{"sess')
    assert [s.id for s in store.list_summaries()] == ["abc234"]
    store.open(session.id).close()
    assert not debris.exists()


# -- real processes: SIGKILL while saving, two processes on one session ------


# -- the CLI -------------------------------------------------------------------


def test_the_file_encoder_writes_what_orjson_refuses_and_refuses_what_utf8_cannot_hold():
    """Session files are encoded with orjson; a whole number past 64 bits
    (which orjson refuses) is still written, exactly, by the standard library,
    and a lone surrogate is refused with ValueError by both."""
    from tui_interview.storage.json_storage import dumps

    data = {"n": 2**70, "text": "é ‮ 名", "nested": [1.5, None, True]}
    assert json.loads(dumps(data)) == data
    assert dumps({"a": [1, "é"]}) == '{"a":[1,"é"]}'.encode()
    with pytest.raises(ValueError):
        dumps({"text": "\ud800"})
