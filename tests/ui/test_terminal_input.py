"""The app survives what a terminal may send or ask for: NO_COLOR (the
no-color.org convention) and malformed bytes on its input."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest
from conftest import make_session
from textual import events

from tui_interview.app import InterviewApp
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.new_interview import NewInterviewScreen

if sys.platform != "win32":
    from textual.drivers.linux_driver import LinuxDriver

    from tui_interview.terminal import TolerantLinuxDriver

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="Textual's Linux driver")


async def test_no_color_home_list_and_enter_on_a_session(app_context, monkeypatch):
    """Textual reads NO_COLOR when the app is created and then filters every
    segment to monochrome; a segment without a style used to crash it."""
    monkeypatch.setenv("NO_COLOR", "1")
    session_id = make_session(app_context, candidate="Ada Lovelace")
    app = InterviewApp(app_context)
    assert app.no_color
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.handle.session.id == session_id
        await pilot.press("f10")  # home again: the list is drawn once more
        await pilot.pause()
        assert app.screen.query_one("#sessions").row_count == 1
        # The other hand-drawn list: the new-interview form's tick lists.
        await pilot.press("ctrl+n")
        await pilot.pause()
        for _ in range(4):  # candidate, role, interviewer, budget -> competencies
            await pilot.press("tab")
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, NewInterviewScreen)
        assert app.screen.query_one("#competencies").selected
    assert app.return_code in (None, 0)


class Recording:
    """A Linux driver reading from a pipe, recording the events it decodes."""

    def __init__(self, driver_class, app):
        recorded = self.events = []

        class Driver(driver_class):
            def process_message(self, message) -> None:
                recorded.append(message)

        self.read_end, self.write_end = os.pipe()
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
        try:
            self.driver = Driver(app, size=(80, 24))  # sets SIGTSTP/SIGCONT handlers
        finally:
            for sig, handler in saved.items():
                signal.signal(sig, handler)
        self.driver.fileno = self.read_end
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.driver.run_input_thread()
        except BaseException as error:  # what Textual's thread would turn into a panic
            self.error = error

    def feed(self, data: bytes) -> list[str]:
        """The characters of the key events decoded from ``data``."""
        self.thread.start()
        os.write(self.write_end, data)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and self.error is None:
            keys = [e.character for e in self.events if isinstance(e, events.Key)]
            if len(keys) >= 3:
                break
            time.sleep(0.01)
        self.driver.exit_event.set()
        self.thread.join(5)
        os.close(self.write_end)
        os.close(self.read_end)
        return [e.character for e in self.events if isinstance(e, events.Key)]


@posix_only
async def test_stock_linux_driver_dies_on_a_byte_that_is_not_utf8(app_context):
    """What this works around: Textual's own loop raises on 0xFF."""
    recording = Recording(LinuxDriver, InterviewApp(app_context))
    recording.feed(b"a\xffb")
    assert isinstance(recording.error, UnicodeDecodeError)


@posix_only
async def test_tolerant_driver_reads_a_malformed_byte_as_a_replacement_character(app_context):
    app = InterviewApp(app_context)
    assert app.driver_class is TolerantLinuxDriver
    recording = Recording(TolerantLinuxDriver, app)
    assert recording.feed(b"a\xffb") == ["a", "\ufffd", "b"]
    assert recording.error is None
