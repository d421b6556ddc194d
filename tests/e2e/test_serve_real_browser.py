"""``tui-interview serve`` in a real, headful Chromium under Xvfb, typed into
with real X key events (``xdotool``, through XTEST, as a keyboard types): the
keys a browser keeps for itself (``ctrl+n``, ``ctrl+t``) are exactly what a
headless test cannot see, because injected key events skip the browser's own
shortcuts (issue 26, §1).

A whole interview, typed without a click: the served new-interview key
(``ctrl+b``), a name, the competency ticked, start (``ctrl+s``), a note, the
first probe ticked (``F4``, the served ``ctrl+t``), the next question
(``ctrl+b``, the served ``ctrl+n``), a second note, the clock paused, the
review, marked finished, and a rating with its rationale. What was stored is
then read with the storage API. The page is waited for through the DevTools
protocol (the terminal has the keyboard and the app has drawn); keys only
ever go in through X.

Optional and slow: skipped where ``chromium``, ``Xvfb`` or ``xdotool`` is
missing.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CONTENT_DIR
from test_serve import free_port, printed_url, serve_env

from tui_interview.domain.session import Session, Status
from tui_interview.storage import SessionStore
from tui_interview.storage.errors import StorageError

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
XVFB = shutil.which("Xvfb")
XDOTOOL = shutil.which("xdotool")
#: The whole test stays well under a minute; each wait has its own bound.
STEP_TIMEOUT = 30.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and XVFB and XDOTOOL), reason="needs chromium, Xvfb and xdotool"
    ),
    pytest.mark.skipif(sys.platform != "linux", reason="Xvfb is for Linux"),
]


def wait_for(check: Callable[[], object], what: str, timeout: float = STEP_TIMEOUT) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server (no TCP), its display number chosen by Xvfb."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb gave no display number"
        yield f":{number}"
    finally:
        stop(xvfb)


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, Path]]:
    """``tui-interview serve`` on a free port: its printed URL and data folder."""
    data = tmp_path / "data"
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_interview", "--data-dir", str(data)]
        + ["--content", str(CONTENT_DIR), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=serve_env(tmp_path),
    )
    try:
        yield printed_url(server, time.monotonic() + STEP_TIMEOUT), data
    finally:
        stop(server, signal.SIGINT)


def open_browser(url: str, display: str, profile: Path) -> subprocess.Popen:
    """Headful Chromium on ``display`` with the page, and a DevTools port."""
    args = [
        CHROMIUM,
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--password-store=basic",
        "--window-position=0,0",
        "--window-size=1280,800",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium's sandbox refuses to run as root
    env = {**os.environ, "DISPLAY": display}
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.Popen(
        [*args, url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def devtools_page(profile: Path, server_url: str) -> str:
    """The DevTools websocket of the served page's tab."""
    active = profile / "DevToolsActivePort"
    wait_for(lambda: active.exists() and active.read_text().strip(), "Chromium's DevTools port")
    port = active.read_text().split()[0]
    origin = server_url.split("/?")[0]

    def page() -> str | None:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as answer:
            targets = json.load(answer)
        for target in targets:
            if target.get("type") == "page" and target.get("url", "").startswith(origin):
                return target["webSocketDebuggerUrl"]
        return None

    return str(wait_for(page, "the served page in Chromium"))


async def evaluate(websocket_url: str, expression: str) -> object:
    import aiohttp  # textual-serve's own dependency

    async with aiohttp.ClientSession() as client, client.ws_connect(websocket_url) as ws:
        await ws.send_json(
            {"id": 1, "method": "Runtime.evaluate", "params": {"expression": expression}}
        )
        while True:
            message = json.loads((await ws.receive()).data)
            if message.get("id") == 1:
                return message.get("result", {}).get("result", {}).get("value")


#: The terminal has the keyboard (no click needed) and the app has drawn.
PAGE_READY = """
(() => {
  const input = document.activeElement;
  return document.hasFocus()
    && document.body.classList.contains("-first-byte")
    && input !== null && input.classList.contains("xterm-helper-textarea");
})()
"""


def xdotool(display: str, *args: str) -> str:
    result = subprocess.run(
        [XDOTOOL, *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def rated(data: Path) -> bool:
    """Whether the one stored session has a rating yet."""
    store = SessionStore(data)
    try:
        summaries = store.list_summaries()
        return len(summaries) == 1 and bool(store.load(summaries[0].id).ratings)
    except StorageError:  # not there yet: asked again
        return False


def notes_of(session: Session) -> list[tuple[int, str]]:
    """(question's place in the plan, text) of each note."""
    return [(session.plan.index(note.question), note.text) for note in session.active_notes]


def test_a_whole_interview_typed_into_a_real_browser(tmp_path, display, served):
    url, data = served
    profile = tmp_path / "chromium"
    browser = open_browser(url, display, profile)
    try:
        page = devtools_page(profile, url)
        # No window manager: give the browser window the X input focus.
        window = xdotool(display, "search", "--sync", "--onlyvisible", "--class", "chromium")
        xdotool(display, "windowfocus", "--sync", window.split()[-1])
        wait_for(lambda: asyncio.run(evaluate(page, PAGE_READY)), "the page to take the keyboard")

        # Real key events, in one go: the app takes keys in the order typed.
        xdotool(display, "key", "--delay", "40", "ctrl+b")  # new interview (ctrl+n in a terminal)
        xdotool(display, "type", "--delay", "40", "Ada Browser")
        xdotool(display, "key", "--delay", "40", "Tab", "Tab", "Tab", "Tab", "space", "ctrl+s")
        xdotool(display, "type", "--delay", "40", "Typed in Chromium")
        xdotool(display, "key", "--delay", "40", "Return", "F4", "ctrl+b")  # tick, next question
        xdotool(display, "type", "--delay", "40", "On question two")
        xdotool(display, "key", "Return")
        # Pause the clock, review, mark finished (and confirm), rate level 3.
        xdotool(display, "key", "--delay", "40", "ctrl+s", "ctrl+f", "ctrl+f", "y", "ctrl+r")
        xdotool(display, "key", "--delay", "40", "Down", "Down", "Down", "Down", "Tab")
        xdotool(display, "type", "--delay", "40", "Clear gap analysis")
        xdotool(display, "key", "ctrl+s")  # submit and lock

        wait_for(lambda: rated(data), "the rating stored")
        store = SessionStore(data)
        [summary] = store.list_summaries()
        session = store.load(summary.id)
        assert session.candidate == "Ada Browser"
        assert notes_of(session) == [(0, "Typed in Chromium"), (1, "On question two")]
        first = session.plan[0]
        assert list(session.probe_ticks(first)) == [session.question(first).probes[0].id]
        assert session.status is Status.FINISHED
        assert [(r.level, r.rationale) for r in session.ratings] == [(3, "Clear gap analysis")]
    finally:
        stop(browser)
