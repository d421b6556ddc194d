"""Who may open ``serve``: the token, the Host and Origin rules, the Unix
socket's folder, and wrong passphrases slowing down across a server's pages.
No server is started here (tests/e2e/test_serve_token.py starts one)."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from tui_interview import serve
from tui_interview.keymap import SERVED_ENV
from tui_interview.storage.serve_throttle import (
    FAILURES_FILE,
    MAX_DELAY,
    Throttle,
    delay_after,
    served_throttle,
)


def test_a_token_per_run_has_at_least_128_bits_and_is_printed_in_the_url():
    tokens = {serve.new_token() for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        # token_urlsafe: 6 bits a character; 32 bytes give 43 characters.
        assert len(token) >= 43 and all(c.isalnum() or c in "-_" for c in token)
    token = next(iter(tokens))
    assert serve.page_urls("127.0.0.1", 8123, token) == [f"http://127.0.0.1:8123/?token={token}"]
    assert serve.page_urls("::1", 8123, token) == [f"http://[::1]:8123/?token={token}"]
    assert serve.token_matches(token, token)
    assert not serve.token_matches(token[:-1], token)
    assert not serve.token_matches(None, token)
    assert not serve.token_matches("", token)


def test_each_port_has_its_own_cookie():
    assert serve.cookie_name(8000) != serve.cookie_name(8001)
    assert "8000" in serve.cookie_name(8000)


def test_the_host_must_be_one_the_app_is_served_under():
    local = serve.served_names("127.0.0.1", 8000)
    assert serve.request_allowed("127.0.0.1:8000", None, local)
    assert serve.request_allowed("localhost:8000", "http://localhost:8000", local)
    assert not serve.request_allowed("evil.example:8000", None, local)  # DNS rebinding
    assert not serve.request_allowed(None, None, local)
    assert not serve.request_allowed("127.0.0.1:8000", "http://localhost:8001", local)
    lan = serve.served_names("192.168.1.20", 8000)
    assert serve.request_allowed("192.168.1.20:8000", "http://192.168.1.20:8000", lan)
    # Any other name, even with an Origin that agrees: a rebound name does.
    assert not serve.request_allowed("laptop.lan:8000", "http://laptop.lan:8000", lan)
    assert not serve.request_allowed("evil.example:8000", "http://evil.example:8000", lan)


def test_a_wildcard_host_accepts_this_machines_names_and_addresses_only():
    names = serve.served_names("0.0.0.0", 8000)
    wild = {"wildcard": True}
    assert serve.request_allowed("127.0.0.1:8000", None, names, **wild)
    import socket

    own_name = socket.gethostname().lower()
    assert serve.request_allowed(f"{own_name}:8000", f"http://{own_name}:8000", names, **wild)
    # DNS rebinding: any Host was taken when the Origin agreed with it.
    assert not serve.request_allowed("evil.example:8000", "http://evil.example:8000", names, **wild)
    assert serve.is_own_address("127.0.0.1")
    assert not serve.is_own_address("192.0.2.1")  # TEST-NET-1: no machine has it
    assert not serve.is_own_address("evil.example")
    assert not serve.request_allowed("192.0.2.1:8000", None, names, **wild)
    assert not serve.request_allowed("127.0.0.1:8001", None, names, **wild)  # another port


def test_behind_a_proxy_any_host_but_the_origin_must_match_it():
    assert serve.request_allowed(
        "proxy.example", "https://proxy.example", frozenset(), any_host=True
    )
    assert not serve.request_allowed(
        "proxy.example", "https://evil.example", frozenset(), any_host=True
    )


def test_the_unix_socket_folder_is_made_0700_and_an_open_one_is_refused(tmp_path):
    made = serve.private_folder(tmp_path / "run" / "tui")
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    open_folder = tmp_path / "open"
    open_folder.mkdir()
    open_folder.chmod(0o755)
    with pytest.raises(serve.ServeRefused) as refused:
        serve.private_folder(open_folder)
    assert "755" in str(refused.value) and refused.value.exit_status == 2
    a_file = tmp_path / "file"
    a_file.write_text("")
    with pytest.raises(serve.ServeRefused, match="not a folder"):
        serve.private_folder(a_file)


def test_the_page_asks_the_browser_for_this_server_only():
    policy = serve.CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "http" not in policy and "*" not in policy


# -- wrong passphrases through serve ---------------------------------------------------


def test_the_delay_doubles_and_is_capped():
    assert [delay_after(n) for n in range(5)] == [0, 1, 2, 4, 8]
    assert delay_after(1000) == MAX_DELAY


def test_wrong_passphrases_slow_down_across_the_pages_of_one_server(tmp_path):
    """Each page is its own process: the count is in the server's folder,
    so a new page (a new Throttle on the same folder) waits as long."""
    waits: list[float] = []
    first = Throttle(tmp_path, sleep=waits.append)
    second = Throttle(tmp_path, sleep=waits.append)
    assert first.attempt(lambda: False) == (False, 1)
    assert second.attempt(lambda: False) == (False, 2)
    assert Throttle(tmp_path, sleep=waits.append).attempt(lambda: False) == (False, 4)
    assert first.attempt(lambda: True) == (True, 0)  # the owner, at last
    assert second.attempt(lambda: False) == (False, 1)
    assert waits == [0, 1, 2, 4, 0]
    assert stat.S_IMODE((tmp_path / FAILURES_FILE).stat().st_mode) == 0o600


def test_an_error_while_checking_counts_nothing(tmp_path):
    throttle = Throttle(tmp_path, sleep=lambda s: None)
    throttle.attempt(lambda: False)

    def broken() -> bool:
        raise OSError("disk")

    with pytest.raises(OSError):
        throttle.attempt(broken)
    assert (tmp_path / FAILURES_FILE).read_text().strip() == "1"


def test_tries_from_many_pages_at_once_queue_up(tmp_path):
    """The lock is held through the wait and the check: a second try does
    not start while the first one runs."""
    inside = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def slow_check() -> bool:
        order.append("first in")
        inside.set()
        assert release.wait(30)
        order.append("first out")
        return False

    def quick_check() -> bool:
        order.append("second")
        return False

    one = threading.Thread(
        target=lambda: Throttle(tmp_path, sleep=lambda s: None).attempt(slow_check)
    )
    one.start()
    assert inside.wait(30)
    two = threading.Thread(
        target=lambda: Throttle(tmp_path, sleep=lambda s: None).attempt(quick_check)
    )
    two.start()
    two.join(0.2)  # it cannot get in: the first holds the lock
    assert two.is_alive() and order == ["first in"]
    release.set()
    one.join(30)
    two.join(30)
    assert order == ["first in", "first out", "second"]
    assert (tmp_path / FAILURES_FILE).read_text().strip() == "2"


def test_only_the_servers_own_private_folder_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv(SERVED_ENV, raising=False)
    assert served_throttle() is None
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    monkeypatch.setenv(SERVED_ENV, str(private))
    throttle = served_throttle()
    assert throttle is not None and throttle.path == private / FAILURES_FILE
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv(SERVED_ENV, str(shared))
    assert served_throttle() is None  # anyone could reset the count there
    monkeypatch.setenv(SERVED_ENV, str(tmp_path / "missing"))
    assert served_throttle() is None
    assert os.environ[SERVED_ENV]
