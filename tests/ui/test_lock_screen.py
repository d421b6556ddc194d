"""The passphrase screen at start and the lock screen (issue 15, part 2):
nothing personal shown before the passphrase, a wrong one refused, the lock
key and the idle timeout hiding everything, and nothing typed lost or sent to
the note while locked, keys in a burst included."""

from __future__ import annotations

import pytest
from conftest import CONTENT_DIR, make_session, queue, settle

from tui_interview import app as app_module
from tui_interview.app import InterviewApp
from tui_interview.context import AppContext
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.lock import LockScreen
from tui_interview.settings import Settings

PASSPHRASE = "correct horse"
CANDIDATE = "Zelda Quokkington"
SURNAME = "Quokk"  # as much as a narrow column shows


@pytest.fixture
def encrypted(data_dir, clock):
    """An encrypted data folder with one interview in it; returns (a context
    that must unlock, the session id)."""
    from tui_interview.storage.crypto import ENCRYPTED, create_header

    data_dir.mkdir(mode=0o700, parents=True)
    key = create_header(data_dir, PASSPHRASE, state=ENCRYPTED, n=2**10)
    owner = AppContext(data_dir=data_dir, content_dirs=[CONTENT_DIR], now=clock, key=key)
    session_id = make_session(owner, candidate=CANDIDATE)
    assert CANDIDATE.encode() not in (data_dir / "sessions" / f"{session_id}.json").read_bytes()
    context = AppContext(data_dir=data_dir, content_dirs=[CONTENT_DIR], now=clock)
    context.settings = Settings()
    return context, session_id


def screen_text(app) -> str:
    """What the terminal shows now (the screenshot's text, spaces as spaces)."""
    return app.export_screenshot().replace("&#160;", " ")


async def unlock_at_start(app, pilot) -> None:
    queue(app, *PASSPHRASE, "enter")
    await settle(pilot)


async def test_the_passphrase_comes_first_and_a_wrong_one_is_refused(encrypted):
    context, session_id = encrypted
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert app.screen_stack[0].query_one("#sessions").row_count == 0  # nothing listed
        assert SURNAME not in screen_text(app) and session_id not in screen_text(app)
        queue(app, *"wrong", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "Wrong passphrase" in screen_text(app)
        assert app.screen.query_one("#passphrase").value == ""
        await unlock_at_start(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert SURNAME in screen_text(app)


async def test_resume_opens_the_interview_once_unlocked(encrypted):
    context, session_id = encrypted
    app = InterviewApp(context, prepare=lambda: context.store.resolve(session_id[:4]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await unlock_at_start(app, pilot)
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.id == session_id


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_escape_or_ctrl_q_quits_at_the_passphrase(encrypted, key):
    context, _ = encrypted
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.return_code is None
        await pilot.press(key)
        await pilot.pause()
        assert app.return_code == 0  # the app is exiting


async def test_lock_keeps_the_half_typed_note_and_keys_after_it_go_to_the_passphrase(
    encrypted,
):
    context, session_id = encrypted
    context.unlock(PASSPHRASE)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen)
        # One burst: half a note, the lock key, a wrong passphrase and Enter.
        queue(app, *"half a note", "ctrl+backslash", *"oops", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "Wrong passphrase" in screen_text(app)
        text = screen_text(app)
        assert SURNAME not in text and "half" not in text
        assert app.title == "tui-interview" and CANDIDATE not in (app.sub_title or "")
        # Keys that are bindings elsewhere do nothing here (the palette, tab).
        queue(app, "ctrl+p", "tab", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        queue(app, *PASSPHRASE, "enter", *" more")
        await settle(pilot)
        assert app.screen is interview
        assert interview.note_input.text == "half a note more"
        assert interview.session.active_notes == []


async def test_idle_timeout_locks_and_a_key_puts_it_off(encrypted, monkeypatch):
    """The app's timer fires often ("a minute" is 0.1 s), and idleness is read
    from a monotonic clock the test moves: the same outcome under any load."""
    from types import SimpleNamespace

    context, session_id = encrypted
    context.unlock(PASSPHRASE)
    context.settings = Settings(lock_after_minutes=1)
    monotonic = [1000.0]
    monkeypatch.setattr(app_module, "time", SimpleNamespace(monotonic=lambda: monotonic[0]))
    monkeypatch.setattr(app_module, "SECONDS_PER_MINUTE", 0.1)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)  # the timer fires, but no time has passed
        assert isinstance(app.screen, InterviewScreen)
        monotonic[0] += 0.08
        await pilot.press("x")  # 0.08 after the start: a key
        monotonic[0] += 0.08  # 0.16 after the start, 0.08 after the key
        await pilot.pause(0.5)
        assert isinstance(app.screen, InterviewScreen)
        monotonic[0] += 0.05  # 0.13 after the key: past "a minute"
        for _ in range(50):
            if isinstance(app.screen, LockScreen):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, LockScreen)
        assert app.screen_stack[-2].note_input.text == "x"


async def test_an_unencrypted_store_says_so_and_enter_unlocks(app_context):
    session_id = make_session(app_context, candidate=CANDIDATE)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue(app, *"abc", "ctrl+backslash", *"zz")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "not encrypted" in screen_text(app)
        queue(app, "enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.note_input.text == "abc"


def _lock_then_still():
    async def run_before(pilot) -> None:
        await settle(pilot)
        queue(pilot.app, *"half a note", "ctrl+backslash", *"oops", "enter")
        await settle(pilot)
        for widget in pilot.app.screen.query("Input"):
            widget.cursor_blink = False
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_lock_screen_looks_right(snap_compare, encrypted, size):
    context, session_id = encrypted
    context.unlock(PASSPHRASE)
    app = InterviewApp(context, open_session=session_id)
    assert snap_compare(app, terminal_size=size, run_before=_lock_then_still())


async def test_a_dialogs_draft_stays_through_lock_and_unlock(encrypted):
    from tui_interview.screens.interview_dialogs import EditNoteScreen

    context, session_id = encrypted
    context.unlock(PASSPHRASE)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue(app, *"first note", "enter")
        await settle(pilot)
        queue(app, "ctrl+e", "e", *" and more", "ctrl+backslash", *"typed while locked")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        dialog = app.screen_stack[-2]
        assert isinstance(dialog, EditNoteScreen)
        queue(app, "ctrl+u", *PASSPHRASE, "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#edit-text").text == "first note and more"


async def test_no_title_names_the_candidate_in_candidate_present_mode_or_locked(app_context):
    session_id = make_session(app_context, candidate=CANDIDATE)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.session.candidate_present

        def titles() -> str:
            screen = app.screen
            return " ".join(
                str(t) for t in (app.title, app.sub_title, screen.title, screen.sub_title)
            )

        assert "Zelda" not in titles()
        queue(app, "ctrl+backslash")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "Zelda" not in titles() and "Zelda" not in screen_text(app)


async def test_an_older_header_is_named_on_the_passphrase_screen(encrypted, data_dir):
    """Issue 24 §3: an older encryption.json put back (from before a
    change-passphrase) is named, not accepted (crypto.HeaderRolledBack)."""
    from tui_interview.storage import crypto
    from tui_interview.storage.encryption import change_passphrase

    context, _session_id = encrypted
    old = crypto.header_path(data_dir).read_bytes()
    change_passphrase(crypto.unlock(data_dir, PASSPHRASE), "a newer passphrase")
    crypto.header_path(data_dir).write_bytes(old)
    app = InterviewApp(context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue(app, *PASSPHRASE, "enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        error = str(app.screen.query_one("#lock-error").render())
        assert "Cannot unlock" in error and "older copy" in error
        assert context.key is None
