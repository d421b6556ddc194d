"""Start-up with many interviews stored: the first screenful from the head of
the index (storage/recent.py), the full list read in a thread, and keys typed
meanwhile applied in order to the full list."""

from __future__ import annotations

import json
import os
import threading

import pytest
from conftest import plan_shipped, queue, settle

from tui_interview.storage import SessionStore
from tui_interview.storage import recent as recent_module
from tui_interview.storage.crypto import MAGIC
from tui_interview.storage.recent import recent_summaries

FIRST = ["Ada", "Alan", "Barbara", "Claude", "Dorothy", "Edsger", "Frances", "Grace"]
LAST = ["Lovelace", "Turing", "Liskov", "Shannon"]


def store_many(app_context, clock, count: int) -> list[str]:
    """``count`` sessions, each saved 30 s after the one before; the ids,
    most recent first. The oldest is Zhores Alferov."""
    sessions = []
    for n in range(count):
        name = "Zhores Alferov" if n == 0 else f"{FIRST[n % 8]} {LAST[n % 4]} {n}"
        sessions.append(
            plan_shipped(clock(), session_id=app_context.store.new_id(), candidate=name)
        )
        clock.advance(30)
    app_context.store.create_many(reversed(sessions), durable=False)
    return [s.id for s in reversed(sessions)]


def index_file(store: SessionStore) -> dict:
    return json.loads((store.data_dir / "index.json").read_text())


def test_the_index_is_written_most_recent_first(app_context, clock):
    ids = store_many(app_context, clock, 12)
    base = index_file(app_context.store)
    assert base["order"] == "recent-first"
    assert list(base["sessions"]) == ids
    assert [s.id for s in app_context.store.list_summaries()] == ids


def test_an_older_index_without_the_order_is_read_and_then_rewritten_in_order(app_context, clock):
    store = app_context.store
    ids = store_many(app_context, clock, 12)
    base = index_file(store)
    old = {"index_version": 1, "sessions": dict(sorted(base["sessions"].items()))}
    (store.data_dir / "index.json").write_text(json.dumps(old))
    assert recent_summaries(store, 5) is None  # no order: no quick view
    assert [s.id for s in store.list_summaries()] == ids  # read as before
    assert list(index_file(store)["sessions"]) == ids  # and migrated
    assert [s.id for s in recent_summaries(store, 5) or []] == ids[:5]


def test_the_quick_view_is_the_head_of_the_full_list_after_saves_deletes_and_changes(
    app_context, clock
):
    store = app_context.store
    ids = store_many(app_context, clock, 30)
    # Saves after the index was written go to index.log: two old sessions
    # become the most recent; the most recent one is deleted; one file
    # changes behind the index's back.
    for session_id in (ids[20], ids[25]):
        clock.advance(30)
        with store.open(session_id) as opened:
            opened.session.record_note("Said more", clock())
            opened.session.saved_at = clock()
            opened.save()
    store.delete(ids[0])
    os.utime(store.session_path(ids[3]), ns=(1, 1))
    full = store.list_summaries()
    quick = recent_summaries(SessionStore(store.data_dir), 8)
    assert quick is not None
    assert [s.id for s in full[:8]][:2] == [ids[25], ids[20]]
    assert quick == full[:8]


def test_a_malformed_head_gives_no_quick_view_and_no_error(app_context, clock):
    store = app_context.store
    store_many(app_context, clock, 5)
    path = store.data_dir / "index.json"
    path.write_text(path.read_text().replace('"file":[', '"file":["x",', 1))
    assert recent_summaries(store, 5) is None
    path.write_text(path.read_text()[:100])
    assert recent_summaries(store, 5) is None
    assert len(store.list_summaries()) == 5  # listing repairs it


def test_the_quick_view_reads_a_plain_index_only_as_far_as_the_screenful(
    app_context, clock, monkeypatch
):
    store = app_context.store
    ids = store_many(app_context, clock, 40)
    monkeypatch.setattr(recent_module, "CHUNK", 300)  # the head spans several reads
    read: list[int] = []
    original = recent_module.regular_file_chunks

    def counting(path, size):
        for chunk in original(path, size):
            read.append(len(chunk))
            yield chunk

    monkeypatch.setattr(recent_module, "regular_file_chunks", counting)
    quick = recent_summaries(SessionStore(store.data_dir), 5)
    assert [s.id for s in quick or []] == ids[:5]
    assert quick == store.list_summaries()[:5]
    assert len(read) > 1
    assert sum(read) < (store.data_dir / "index.json").stat().st_size / 2


def test_a_sealed_index_in_a_plain_folder_gives_no_quick_view(app_context, clock):
    store = app_context.store
    store_many(app_context, clock, 5)
    path = store.data_dir / "index.json"
    path.write_bytes(MAGIC + bytes(64))
    assert recent_summaries(SessionStore(store.data_dir), 5) is None


@pytest.fixture
def slow_listing(monkeypatch):
    """Every index counts as large, and the full listing waits for ``set()``."""
    monkeypatch.setattr(recent_module, "LARGE_INDEX_BYTES", 0)
    gate = threading.Event()
    listed = threading.Event()
    original = SessionStore.list_summaries

    def waiting(self):
        if threading.current_thread() is not threading.main_thread():
            listed.set()
            assert gate.wait(20)
        return original(self)

    monkeypatch.setattr(SessionStore, "list_summaries", waiting)
    yield gate
    gate.set()


async def wait_until(pilot, condition) -> None:
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("down", "down", "enter"), 2),  # the third most recent
        (("pagedown", "pagedown", "pagedown", "enter"), -1),  # the last of 30
        (("z", "h", "o", "r", "e", "s", "enter"), -1),  # not in the first screenful
    ],
)
async def test_keys_typed_at_start_up_apply_to_the_full_list(
    app_context, clock, slow_listing, keys, expected
):
    from tui_interview.app import InterviewApp
    from tui_interview.screens.home import HomeScreen
    from tui_interview.screens.interview import InterviewScreen
    from tui_interview.widgets.session_table import SessionTable

    ids = store_many(app_context, clock, 30)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        queue(app, *keys)  # at once, before the list is read
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#sessions", SessionTable)
        # The first screenful is there, the keys wait: nothing opened, the
        # cursor has not moved.
        await wait_until(pilot, lambda: "enter" in [key.key for key in app.key_order.waiting])
        for _ in range(5):
            await pilot.pause()
        assert app.screen is home
        if keys[0] == "z":  # Zhores is not among the 24 most recent
            assert table.row_count == 0
        else:
            assert table.row_count == 24
            assert table.selected_key == ids[0]
        slow_listing.set()
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.session.id == ids[expected]


async def test_a_filter_typed_while_loading_shows_the_full_lists_matches(
    app_context, clock, slow_listing
):
    from tui_interview.app import InterviewApp
    from tui_interview.widgets.session_table import SessionTable

    ids = store_many(app_context, clock, 30)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        queue(app, *"zhores", "down")
        await wait_until(pilot, lambda: app.key_order.waiting)
        table = app.screen.query_one("#sessions", SessionTable)
        assert table.row_count == 0  # Zhores is not among the 24 most recent
        assert "Reading the interviews" in str(app.screen.query_one("#empty").render())
        slow_listing.set()
        await settle(pilot)
        assert table.row_count == 1
        assert table.selected_key == ids[-1]
        assert not app.key_order.waiting and not app.key_order.pending


def test_the_quick_view_reads_an_encrypted_index_too(data_dir, clock):
    """An encrypted folder's index is sealed: the quick view opens it with the
    key (and gives none without it, rather than reading ciphertext)."""
    from tui_interview.storage.crypto import ENCRYPTED, create_header

    data_dir.mkdir(mode=0o700)
    key = create_header(data_dir, "a passphrase", state=ENCRYPTED, n=1024)
    store = SessionStore(data_dir, now=clock, key=key)
    sessions = []
    for n in range(12):
        sessions.append(plan_shipped(clock(), session_id=store.new_id(), candidate=f"Ada {n}"))
        clock.advance(30)
    store.create_many(reversed(sessions), durable=False)
    with store.open(sessions[0].id) as opened:  # the oldest, saved again: in index.log
        clock.advance(30)
        opened.session.saved_at = clock()
        opened.save()
    assert b"Ada" not in (data_dir / "index.json").read_bytes()
    full = store.list_summaries()
    assert full[0].id == sessions[0].id
    assert recent_summaries(SessionStore(data_dir, key=key), 5) == full[:5]
