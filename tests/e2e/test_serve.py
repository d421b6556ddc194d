"""``tui-interview serve``: the app in a browser page, from localhost only
unless ``--host`` says otherwise (and then a warning comes first)."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tui_interview.serve import app_command, exposure_warning


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    env["COLUMNS"] = "200"  # textual-serve's banner, on one line
    return env


def printed_url(server: subprocess.Popen, deadline: float) -> str:
    """The URL (with its token) that ``serve`` prints once it listens."""
    assert server.stdout is not None
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        found = re.search(r"http://\S+\?token=\S+", line)
        if found:
            return found[0]
    raise AssertionError("serve printed no URL")


def token_of(url: str) -> str:
    return url.rsplit("token=", 1)[1]


def get(url: str, deadline: float) -> tuple[int, str]:
    """GET ``url`` as a browser does (keeping the cookie the token sets),
    retrying until the server listens or ``deadline`` passes."""
    import http.cookiejar

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    while True:
        try:
            with opener.open(url, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


async def screen_over_websocket(port: int, wanted: str, token: str, timeout: float = 60) -> str:
    """What the served app draws, as a browser gets it over the websocket
    (with the cookie the printed URL set), until ``wanted`` shows (escape
    sequences taken out)."""
    import aiohttp  # textual-serve's own dependency

    from tui_interview.serve import cookie_name

    url = f"http://127.0.0.1:{port}/ws?width=80&height=24"
    received = b""
    text = ""
    cookies = {cookie_name(port): token}
    async with (
        aiohttp.ClientSession(cookies=cookies) as client,
        client.ws_connect(url) as websocket,
    ):
        await websocket.send_json(["resize", {"width": 80, "height": 24}])
        deadline = time.monotonic() + timeout
        while wanted not in text and time.monotonic() < deadline:
            message = await asyncio.wait_for(websocket.receive(), timeout)
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                received += message.data.encode()
            else:
                break
            text = re.sub(r"\x1b\[[0-9;?$]*[A-Za-z]", "", received.decode("utf-8", "replace"))
    return text


def test_the_served_command_is_this_app_with_the_same_folders_quoted(tmp_path):
    odd = tmp_path / "a b; touch 'x' $(y)"
    command = app_command(str(odd / "data"), [str(odd / "content"), "rel"], python="/py thon")
    assert shlex.split(command) == [
        "/py thon",
        "-m",
        "tui_interview",
        "--data-dir",
        str(odd / "data"),
        "--content",
        str(odd / "content"),
        "--content",
        os.path.abspath("rel"),
    ]
    assert shlex.split(app_command(None, [], python="py")) == ["py", "-m", "tui_interview"]


def test_only_this_machine_goes_without_a_warning():
    for host in ("127.0.0.1", "localhost", "::1"):
        assert exposure_warning(host, 8000) is None
    for host in ("0.0.0.0", "::", "192.168.1.20", "example.org"):
        warning = exposure_warning(host, 8000)
        assert warning is not None and f"{host}:8000" in warning and "anyone" in warning


@pytest.mark.slow
def test_serve_answers_with_the_app_page_on_localhost_and_stops_cleanly(tmp_path):
    port = free_port()
    data = tmp_path / "data dir"
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_interview", "--data-dir", str(data), "serve"]
        + ["--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=serve_env(tmp_path),
    )
    try:
        url = printed_url(server, time.monotonic() + 60)
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        served_line = server.stdout.readline()
        status, page = get(url, time.monotonic() + 60)
        assert status == 200
        assert "<div>tui-interview</div>" in page  # the page's title bar names the app
        # No host in the page: its script takes the websocket's from its own address.
        assert 'data-session-websocket-url=""' in page and "127.0.0.1" not in page
        # The page's websocket starts the app and relays its home screen.
        screen = asyncio.run(screen_over_websocket(port, "No interviews yet", token_of(url)))
        assert "No interviews yet" in screen and "Interviews" in screen
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "Traceback" not in err and "warning" not in err
    # The served command is this app with the same data folder, quoted.
    assert served_line.startswith("Serving ")
    assert shlex.join(["--data-dir", str(data)]) in served_line
    assert token_of(url) not in out + err  # printed once, never logged


@pytest.mark.slow
@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1"])
def test_any_other_interface_is_warned_about_before_listening(tmp_path, host):
    """No outside traffic: 0.0.0.0 on a port this test holds, and an address
    of TEST-NET-1 (RFC 5737) this machine does not have: both cannot bind,
    and the warning comes before the attempt."""
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
        holder.bind(("0.0.0.0", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tui_interview", "--data-dir", str(tmp_path / "d"), "serve"]
            + ["--host", host, "--port", str(port)],
            capture_output=True,
            text=True,
            env=serve_env(tmp_path),
            timeout=60,
        )
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"tui-interview: warning: serving on {host}:{port}, not only")
    assert "anyone who can reach this port and has the printed URL" in lines[0]
    assert lines[1].startswith(f"tui-interview: cannot listen on {host}:{port}: ")
    assert len(lines) == 2 and result.returncode == 3
    assert not (tmp_path / "d").exists()  # nothing was served, nothing stored


def test_serve_is_in_the_help():
    result = subprocess.run(
        [sys.executable, "-m", "tui_interview", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "127.0.0.1" in result.stdout and "--port" in result.stdout
    assert "token" in result.stdout and "--socket" in result.stdout
