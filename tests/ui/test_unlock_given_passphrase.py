"""The passphrase given by file or environment (issue 15, speed): the app
paints home's frame first, with "Unlocking…" and nothing personal, derives
the key once in a thread, then lists; keys typed meanwhile are held and
applied in order; `resume` opens its interview after the unlock; a wrong
passphrase ends the app with exit status 2."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from conftest import CONTENT_DIR, make_session, queue, settle

from tui_interview.app import InterviewApp
from tui_interview.context import AppContext
from tui_interview.screens.home import UNLOCKING_TEXT, HomeScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.settings import Settings
from tui_interview.storage import crypto
from tui_interview.storage.crypto import WrongPassphrase

PASSPHRASE = "correct horse"
CANDIDATE = "Zelda Quokkington"
SURNAME = "Quokk"


@pytest.fixture
def encrypted(data_dir, clock):
    """An encrypted data folder with one interview; returns (a context given
    the passphrase but not unlocked, the session id)."""
    data_dir.mkdir(mode=0o700, parents=True)
    key = crypto.create_header(data_dir, PASSPHRASE, state=crypto.ENCRYPTED, n=2**10)
    owner = AppContext(data_dir=data_dir, content_dirs=[CONTENT_DIR], now=clock, key=key)
    session_id = make_session(owner, candidate=CANDIDATE)
    context = AppContext(data_dir=data_dir, content_dirs=[CONTENT_DIR], now=clock)
    context.settings = Settings()
    context.given_passphrase = PASSPHRASE
    return context, session_id


@pytest.fixture
def gated(monkeypatch):
    """crypto.unlock held until ``release`` is set; ``calls`` counts it."""
    real = crypto.unlock
    gate = SimpleNamespace(release=threading.Event(), calls=0)

    def unlock(data_dir, passphrase):
        gate.calls += 1
        assert gate.release.wait(10), "the test never released the derivation"
        return real(data_dir, passphrase)

    monkeypatch.setattr(crypto, "unlock", unlock)
    yield gate
    gate.release.set()  # never leave the worker thread waiting


def screen_text(app) -> str:
    return app.export_screenshot().replace("&#160;", " ")


async def pause(pilot, times: int = 5) -> None:
    # Not settle(): it waits for every worker, and the derivation is held.
    for _ in range(times):
        await pilot.pause()


async def test_home_paints_before_the_key_is_derived_and_keys_wait_in_order(encrypted, gated):
    context, session_id = encrypted
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert gated.calls == 1 and app.unlocking and context.key is None
        text = screen_text(app)
        assert UNLOCKING_TEXT in text and "Interviews" in text
        assert SURNAME not in text and session_id not in text
        assert home.query_one("#sessions").row_count == 0
        # Typed while the key is derived: held, then applied in this order
        # (out of order, the backspace would eat another letter).
        queue(app, *"Zx", "backspace", *"eld")
        await pause(pilot)
        assert home.query_one("#filter").value == ""
        gated.release.set()
        await settle(pilot)
        assert not app.unlocking and context.key is not None
        assert home.query_one("#filter").value == "Zeld"
        assert SURNAME in screen_text(app) and UNLOCKING_TEXT not in screen_text(app)
        assert home.query_one("#sessions").row_count == 1
        assert gated.calls == 1  # derived once per start


async def test_resume_opens_the_interview_after_the_unlock_with_the_keys_typed(encrypted, gated):
    context, session_id = encrypted
    app = InterviewApp(context, prepare=lambda: context.store.resolve(session_id[:4]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pause(pilot)
        assert isinstance(app.screen, HomeScreen) and SURNAME not in screen_text(app)
        queue(app, *"first words")
        await pause(pilot)
        gated.release.set()
        await settle(pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen)
        assert interview.session.id == session_id
        assert interview.note_input.text == "first words"
        assert gated.calls == 1


async def test_a_wrong_given_passphrase_ends_the_app_with_status_2(encrypted):
    context, _ = encrypted
    context.given_passphrase = "wrong"
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pause(pilot)
    assert isinstance(app.unlock_failed, WrongPassphrase)
    assert app.return_code == 2
    assert context.key is None


def test_from_args_reads_the_passphrase_but_does_not_derive_the_key(encrypted, monkeypatch):
    context, _ = encrypted

    def refuse(*args):
        raise AssertionError("the key must be derived by the app, after its first paint")

    monkeypatch.setattr(crypto, "unlock", refuse)
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, PASSPHRASE)
    args = SimpleNamespace(data_dir=str(context.data_dir), content=[], passphrase_file=None)
    made = AppContext.from_args(args)
    assert made.key is None and made.needs_passphrase
    assert made.given_passphrase == PASSPHRASE
