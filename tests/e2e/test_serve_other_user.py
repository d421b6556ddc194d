"""``serve`` as another Unix user of the same machine sees it: 403 for the
page and the websocket without the token; the owner, with the printed URL,
gets in. Needs root (useradd, runuser) and curl; skipped otherwise."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest
from test_serve import free_port, get, printed_url, serve_env

pytestmark = pytest.mark.slow

WS_HEADERS = [
    "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
    "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
]  # fmt: skip


@pytest.fixture
def other_user():
    if os.geteuid() != 0 or not shutil.which("useradd") or not shutil.which("runuser"):
        pytest.skip("needs root, useradd and runuser")
    if not shutil.which("curl"):
        pytest.skip("needs curl")
    name = f"tiv{uuid.uuid4().hex[:8]}"
    made = subprocess.run(["useradd", "--no-create-home", name], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"useradd failed: {made.stderr!r}")
    try:
        yield name
    finally:
        subprocess.run(["userdel", name], capture_output=True)


def status_as(user: str, *args: str) -> str:
    result = subprocess.run(
        [
            "runuser",
            "-u",
            user,
            "--",
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-m",
            "10",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.stdout


def test_another_user_gets_403_and_the_owner_gets_in(tmp_path, other_user):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_interview", "--data-dir", str(tmp_path / "d"), "serve"]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=serve_env(tmp_path),
    )
    try:
        url = printed_url(server, time.monotonic() + 60)
        base = f"http://127.0.0.1:{port}"
        assert status_as(other_user, f"{base}/") == "403"
        assert status_as(other_user, *WS_HEADERS, f"{base}/ws?width=80&height=24") == "403"
        assert status_as(other_user, f"{base}/static/js/textual.js") == "403"
        assert status_as(other_user, f"{base}/?token=guess") == "403"
        # The owner's browser, given the printed URL.
        status, page = get(url, time.monotonic() + 60)
        assert status == 200 and "textual.js" in page
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert "Traceback" not in err
