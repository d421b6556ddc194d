"""The encryption commands in a real terminal (tmux): ``encrypt`` asks for a
new passphrase twice without echo, and another command asks for it, says
"wrong passphrase" for a wrong one and lists the sessions with the right one.
Uses the real scrypt cost (the installed command writes the header)."""

from __future__ import annotations

import pytest
from conftest import plan_shipped
from test_tmux_interview import TMUX, Terminal, terminal_env

from tui_interview.storage import SessionStore, is_encrypted

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.slow,
]

SECRET = "tmux passphrase 15"


@pytest.fixture
def terminal(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = terminal_env(home, "xterm-256color", None)
    env.pop("TUI_INTERVIEW_PASSPHRASE", None)
    made = Terminal(tmp_path, env)
    yield made
    made.kill()


def keep_open(terminal: Terminal) -> None:
    """Keep the window (and what the command printed) once it exits."""
    assert terminal.name is not None
    terminal.tmux("set-option", "-t", terminal.name, "remain-on-exit", "on")


def test_encrypt_asks_twice_and_commands_ask_again(terminal, data_dir, clock):
    SessionStore(data_dir, now=clock).create(
        plan_shipped(clock(), session_id="abc222", candidate="Zebulon Quixote")
    )
    terminal.start("--data-dir", str(data_dir), "encrypt")
    terminal.wait_for_text("New passphrase:")
    keep_open(terminal)
    terminal.type(SECRET)
    terminal.keys("Enter")
    terminal.wait_for_text("Again, to be sure:")
    terminal.type(SECRET + "x")
    terminal.keys("Enter")
    assert terminal.wait_for_exit() == 2
    assert "The two passphrases differ; nothing was changed." in terminal.screen()
    assert not is_encrypted(data_dir)

    terminal.start("--data-dir", str(data_dir), "encrypt")
    terminal.wait_for_text("New passphrase:")
    keep_open(terminal)
    terminal.type(SECRET)
    terminal.keys("Enter")
    terminal.wait_for_text("Again, to be sure:")
    terminal.type(SECRET)
    terminal.keys("Enter")
    assert terminal.wait_for_exit() == 0
    screen = terminal.screen()
    assert "Encrypted" in screen and SECRET not in screen  # never echoed
    assert is_encrypted(data_dir)
    assert not any(b"zebulon" in p.read_bytes().lower() for p in data_dir.rglob("*.json"))

    terminal.start("--data-dir", str(data_dir), "sessions")
    terminal.wait_for_text("Passphrase for")
    keep_open(terminal)
    terminal.type("not it")
    terminal.keys("Enter")
    assert terminal.wait_for_exit() == 2
    assert "tui-interview: wrong passphrase" in terminal.screen()

    terminal.start("--data-dir", str(data_dir), "sessions")
    terminal.wait_for_text("Passphrase for")
    keep_open(terminal)
    terminal.type(SECRET)
    terminal.keys("Enter")
    assert terminal.wait_for_exit() == 0
    assert "Zebulon Quixote" in terminal.screen()
