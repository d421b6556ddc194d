"""Retention: which finished interviews are past ``retention_days`` (on the
injected clock, never file times), and ``purge`` deleting them with every
trace: index and search logs, damaged copies, recovery files, temp files."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import make_session

from tui_interview.domain.interview import Interview
from tui_interview.storage.purge_command import purge_sessions
from tui_interview.storage.recovery import folder_tag, save_recovered_text
from tui_interview.storage.retention import past_retention, purge

DAY = 24 * 3600


def run_interview(app_context, clock, candidate: str, note: str, *, finish: bool = True) -> str:
    """Store an interview with one note and a draft; finish it unless told not to."""
    session_id = make_session(app_context, candidate=candidate)
    with app_context.store.open(session_id) as opened:
        interview = Interview(opened, now=clock)
        interview.start()
        clock.advance(60)
        interview.record_note(note)
        interview.save_draft(f"draft about {candidate}")
        if finish:
            clock.advance(60)
            interview.finish()
    return session_id


def folder_text(folder: Path) -> bytes:
    """Every byte of every file under ``folder``."""
    found = b""
    for path in folder.rglob("*"):
        if path.is_file():
            found += path.read_bytes()
    return found


def args(**given) -> argparse.Namespace:
    values = {"older_than": None, "dry_run": False, "yes": False, "data_dir": None}
    values.update(given)
    return argparse.Namespace(**values)


@pytest.fixture
def three(app_context, clock, data_dir, monkeypatch):
    """An old finished interview, an old unfinished one, and a recent finished one."""
    monkeypatch.setenv("TUI_INTERVIEW_DATA_DIR", str(data_dir))
    old = run_interview(app_context, clock, "Olga Oldname", "zebracrossing answer")
    unfinished = run_interview(
        app_context, clock, "Una Unfinished", "kept unfinished words", finish=False
    )
    clock.advance(20 * DAY)
    recent = run_interview(app_context, clock, "Rita Recent", "recent answer words")
    clock.advance(15 * DAY)  # old finished 35 days ago, recent 15 days ago
    return old, unfinished, recent


def test_past_retention_counts_finished_interviews_by_their_own_finish_time(
    app_context, clock, three
):
    old, unfinished, recent = three
    summaries = app_context.store.list_summaries()
    assert [s.id for s in past_retention(summaries, 30, clock())] == [old]
    assert {s.id for s in past_retention(summaries, 10, clock())} == {old, recent}
    assert past_retention(summaries, 40, clock()) == []
    # The boundary is inclusive: finished exactly 35 days ago counts at 35.
    finished = {s.id: s.finished_at for s in summaries}
    assert clock() - finished[old] >= timedelta(days=35)
    # File times say nothing: make the recent file look ancient.
    path = app_context.store.session_path(recent)
    os.utime(path, (0, 0))
    assert [s.id for s in past_retention(app_context.store.list_summaries(), 30, clock())] == [old]


def test_dry_run_deletes_nothing_and_lists_ids_never_names(app_context, clock, three, capsys):
    old, unfinished, recent = three
    before = folder_text(app_context.data_dir)
    assert purge_sessions(args(older_than=30, dry_run=True), now=clock) == 0
    out = capsys.readouterr().out
    assert old in out and recent not in out and unfinished not in out
    assert "1 finished interview past the 30-day retention" in out
    assert "Olga" not in out and "Nothing deleted" in out
    assert app_context.store.exists(old)
    assert folder_text(app_context.data_dir) == before


def test_purge_removes_every_trace_and_keeps_the_others(
    app_context, clock, three, tmp_path, capsys
):
    old, unfinished, recent = three
    store = app_context.store
    state_dir = Path(os.environ["TUI_INTERVIEW_STATE_DIR"])
    # Traces elsewhere: a recovery file, a damaged copy, a temp file left by a crash.
    folder = store.data_dir
    save_recovered_text(state_dir, old, "Olga Oldname said zebracrossing", clock(), data_dir=folder)
    save_recovered_text(state_dir, recent, "Rita Recent recovered", clock(), data_dir=folder)
    store.damaged_dir.mkdir(mode=0o700)
    (store.damaged_dir / f"{old}.json.20261001T100000").write_text("Olga Oldname zebracrossing")
    (store.sessions_dir / f"{old}.json.123.abc.tmp").write_text("Olga Oldname zebracrossing")
    store.search("zebracrossing")  # the search index now holds the note's text
    assert b"zebracrossing" in (app_context.data_dir / "search.log").read_bytes()

    assert purge_sessions(args(older_than=30, yes=True), now=clock) == 0
    assert f"Deleted 1 finished interview: {old}" in capsys.readouterr().out

    everything = folder_text(app_context.data_dir) + folder_text(state_dir)
    for secret in (b"Olga", b"Oldname", b"zebracrossing", old.encode()):
        assert secret not in everything, secret
    assert [p.name for p in store.damaged_dir.iterdir()] == []
    # The others are untouched, searchable, and their recovery file stays.
    assert {s.id for s in store.list_summaries()} == {unfinished, recent}
    assert [s.id for s in store.search("recent answer")] == [recent]
    assert b"Rita Recent recovered" in folder_text(state_dir)
    assert store.load(unfinished).notes[0].text == "kept unfinished words"


def test_purge_skips_and_names_an_interview_open_elsewhere(app_context, clock, three):
    old, _, recent = three
    with app_context.store.open(old):
        result = purge(app_context.store, None, [old, recent])
    assert result.deleted == [recent]
    assert [session_id for session_id, _ in result.skipped] == [old]
    assert "open elsewhere" in result.skipped[0][1]
    assert app_context.store.exists(old) and not app_context.store.exists(recent)


def test_delete_leaves_no_note_text_in_the_index_logs(app_context, clock, three):
    old, _, _ = three
    app_context.store.search("zebracrossing")
    app_context.store.delete(old)
    assert b"zebracrossing" not in folder_text(app_context.data_dir)
    assert b"Olga" not in folder_text(app_context.data_dir)


def test_without_a_limit_purge_says_how_to_give_one(three, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(tmp_path / "none.toml"))
    assert purge_sessions(args()) == 2
    assert "--older-than DAYS" in capsys.readouterr().err


def test_retention_days_from_the_config_is_the_default_limit(
    app_context, clock, three, capsys, monkeypatch, tmp_path
):
    old, _, recent = three
    config = tmp_path / "config.toml"
    config.write_text("retention_days = 10\n")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))
    assert purge_sessions(args(dry_run=True), now=clock) == 0
    out = capsys.readouterr().out
    assert "2 finished interviews past the 10-day retention" in out
    assert old in out and recent in out


def test_purge_refuses_without_a_terminal_unless_yes(app_context, clock, data_dir):
    # Finished 400 days before the real clock: past a 30-day limit on any date.
    clock.moment = clock.moment.now(clock.moment.tzinfo) - timedelta(days=400)
    old = run_interview(app_context, clock, "Olga Oldname", "zebracrossing")
    command = [sys.executable, "-m", "tui_interview", "--data-dir", str(data_dir), "purge"]
    refused = subprocess.run(
        [*command, "--older-than", "30"], capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert refused.returncode == 2, refused.stderr
    assert "--yes" in refused.stderr and old in refused.stdout
    assert app_context.store.exists(old)
    done = subprocess.run([*command, "--older-than", "30", "--yes"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not app_context.store.exists(old)
    assert "Olga" not in done.stdout + done.stderr


async def test_home_shows_a_banner_only_when_interviews_are_past_retention(
    app_context, clock, three
):
    from textual.widgets import Static

    from tui_interview.app import InterviewApp
    from tui_interview.settings import Settings

    app_context.settings = Settings(retention_days=30)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = app.screen.query_one("#retention-banner", Static)
        assert banner.display
        text = str(banner.render())
        assert "1 interview is past the 30-day retention: tui-interview purge" in text
        assert "Olga" not in text
    app_context.settings = Settings(retention_days=40)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#retention-banner", Static).display
    app_context.settings = Settings()  # no retention set: no banner either
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#retention-banner", Static).display


def test_delete_command_removes_damaged_copies_and_recovery_files(
    app_context, clock, three, capsys
):
    from tui_interview.cli import main

    old, _, recent = three
    store = app_context.store
    state_dir = Path(os.environ["TUI_INTERVIEW_STATE_DIR"])
    save_recovered_text(
        state_dir, old, "Olga Oldname said zebracrossing", clock(), data_dir=store.data_dir
    )
    store.damaged_dir.mkdir(mode=0o700)
    (store.damaged_dir / f"{old}.json.20261001T100000-2").write_text("Olga zebracrossing")
    # A sealed one, as an encrypted folder writes it (its name is all we read:
    # the session and the data folder's tag, storage.recovery).
    tag = folder_tag(store.data_dir)
    (state_dir / "recovered" / f"{old}-20261001T100000-1.{tag}.txt.sealed").write_text("Olga")
    assert main(["delete", old, "--yes"]) == 0
    everything = folder_text(app_context.data_dir) + folder_text(state_dir)
    assert b"zebracrossing" not in everything and b"Olga" not in everything
    assert store.exists(recent)


def test_purge_of_an_encrypted_folder_takes_the_passphrase_and_leaves_nothing(
    data_dir, clock, tmp_path, monkeypatch, capsys
):
    from conftest import CONTENT_DIR

    from tui_interview.context import AppContext
    from tui_interview.storage.crypto import ENCRYPTED, create_header

    data_dir.mkdir(mode=0o700, parents=True)
    key = create_header(data_dir, "s3cret", state=ENCRYPTED, n=2**10)
    context = AppContext(data_dir=data_dir, content_dirs=[CONTENT_DIR], now=clock, key=key)
    old = run_interview(context, clock, "Olga Oldname", "zebracrossing answer")
    clock.advance(40 * DAY)
    recent = run_interview(context, clock, "Rita Recent", "recent answer words")
    monkeypatch.setenv("TUI_INTERVIEW_DATA_DIR", str(data_dir))
    given = args(older_than=30, yes=True, passphrase_file=None)
    assert purge_sessions(given, now=clock) == 2  # no passphrase (bad input): said, nothing done
    assert "passphrase" in capsys.readouterr().err
    assert context.store.exists(old)
    phrase = tmp_path / "phrase"
    phrase.write_text("s3cret\n")
    given.passphrase_file = str(phrase)
    assert purge_sessions(given, now=clock) == 0
    assert old in capsys.readouterr().out
    assert not context.store.exists(old) and context.store.exists(recent)
    assert [s.id for s in context.store.search("zebracrossing")] == []


def test_purge_removes_consensus_records_only_purged_interviews_fed(
    app_context, clock, three, capsys
):
    """A panel's record goes with the last interview of this folder that fed
    it (other members' sessions live elsewhere), with its damaged copies; a
    record another kept interview fed stays."""
    from tui_interview.domain.consensus import Consensus

    old, unfinished, recent = three
    records = app_context.consensus

    def record(candidate: str, sessions: tuple[str, ...]) -> str:
        consensus = Consensus(
            id=records.new_id(), candidate=candidate, role="r", plan_id="p", sessions=sessions
        )
        consensus.record_rating("c", 3, "agreed by the board", ("Ann", "Bo"), clock())
        records.save(consensus)
        return consensus.id

    only_old = record("Olga Oldname", (old, "zz9zz9"))  # zz9zz9: another member's
    shared = record("Olga Oldname", (old, recent))
    only_recent = record("Rita Recent", (recent,))
    records.damaged_dir.mkdir(mode=0o700, exist_ok=True)
    (records.damaged_dir / f"consensus-{only_old}.json.20261001T100000").write_text("Olga")

    assert purge_sessions(args(older_than=30, yes=True), now=clock) == 0
    out = capsys.readouterr().out
    assert f"Deleted 1 consensus record(s) only they fed: {only_old}" in out
    assert "Olga" not in out  # ids, never names
    assert {s.id for s in records.list()} == {shared, only_recent}
    assert list(records.damaged_dir.iterdir()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_purge_frees_space_on_a_full_disk(app_context, clock, three, monkeypatch, capsys):
    """Issue 24 §6: taking each lock needed a data block, so on a full disk
    purge freed nothing. Deleting needs none now."""
    from test_lock_failures import disk_full_for_locks

    old, unfinished, recent = three
    disk_full_for_locks(monkeypatch)
    assert purge_sessions(args(older_than=30, yes=True), now=clock) == 0
    assert f"Deleted 1 finished interview: {old}" in capsys.readouterr().out
    monkeypatch.undo()
    store = app_context.store
    assert {s.id for s in store.list_summaries()} == {unfinished, recent}
    assert [p.name for p in store.sessions_dir.iterdir() if p.suffix == ".lock"] == []


def test_purge_exits_3_for_an_interview_open_elsewhere_as_docs_say(
    app_context, clock, three, capsys
):
    """docs/storage.md (and the exit codes table: 3, "open elsewhere")."""
    old, _, _ = three
    with app_context.store.open(old):
        assert purge_sessions(args(older_than=30, yes=True), now=clock) == 3
    assert f"Skipped {old}: open elsewhere" in capsys.readouterr().err
    docs = (Path(__file__).resolve().parents[2] / "docs" / "storage.md").read_text()
    assert "purge then exits 3" in docs
