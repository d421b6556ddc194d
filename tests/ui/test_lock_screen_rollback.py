"""Issue 24 §3: an older encryption.json put back is named on the
passphrase screen, not accepted (storage/crypto.py HeaderRolledBack)."""

from __future__ import annotations

from conftest import queue, settle
from test_lock_screen import PASSPHRASE, encrypted, screen_text  # noqa: F401 (fixture)

from tui_interview.app import InterviewApp
from tui_interview.screens.lock import LockScreen
from tui_interview.storage import crypto
from tui_interview.storage.encryption import change_passphrase


async def test_an_older_header_is_named_on_the_passphrase_screen(encrypted, data_dir):
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
