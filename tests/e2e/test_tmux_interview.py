"""End to end: the installed ``tui-interview`` command in a real terminal (tmux).

Keys go in with ``tmux send-keys`` exactly as a terminal sends them, the screen
is read back with ``tmux capture-pane``, and what was stored is checked with
the storage API once the process has ended. Each test runs its own tmux
server on a private socket (``tmux -L``) and kills it at the end. Skipped
when tmux is not installed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SMP

from tui_interview.domain.session import Status
from tui_interview.storage import SessionStore

TMUX = shutil.which("tmux")
#: The installed command next to this Python (tmux, hence this test, is POSIX only).
COMMAND = Path(sys.executable).parent / "tui-interview"
STEP_TIMEOUT = 15.0

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.slow,
]


class Terminal:
    """One tmux server on a private socket, one 80×24 window running a command."""

    def __init__(self, tmp_path: Path, env: dict[str, str]):
        self.socket = f"tui-e2e-{uuid.uuid4().hex[:10]}"
        # The socket goes in a folder of its own (short: sockets paths are
        # limited to about 100 characters), removed with the server.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="tui-e2e-"))
        self.env = {**env, "TMUX_TMPDIR": str(self.socket_dir)}
        self.tmp_path = tmp_path
        self.name: str | None = None
        self.exit_file: Path | None = None

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [TMUX, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=check,
            env=self.env,
            timeout=STEP_TIMEOUT,
        )

    def start(self, *args: str) -> None:
        """Run ``tui-interview ARGS`` in a new window; its exit status goes to a file."""
        self.name = f"w{uuid.uuid4().hex[:8]}"
        self.exit_file = self.tmp_path / f"{self.name}.exit"
        command = shlex.join([str(COMMAND), *args])
        # The shell stays behind the app only to record its exit status.
        script = f"{command}; echo $? > {shlex.quote(str(self.exit_file))}"
        self.tmux(
            "-f",
            os.devnull,  # no user tmux.conf
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            "-s",
            self.name,
            "sh",
            "-c",
            script,
        )

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", self.name, check=False)
        return result.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        """Send keys (tmux names: Enter, C-t, …) or, with ``literal``, text."""
        self.tmux("send-keys", "-t", self.name, *(("-l", *keys) if literal else keys))

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + STEP_TIMEOUT
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.03)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def wait_for_text(self, text: str) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text))

    def wait_for_exit(self) -> int:
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return int(self.exit_file.read_text())
            time.sleep(0.03)
        raise AssertionError(f"the app did not exit; the screen was:\n{self.screen()}")

    def kill(self) -> None:
        try:
            subprocess.run(
                [TMUX, "-L", self.socket, "kill-server"],
                capture_output=True,
                env=self.env,
                timeout=STEP_TIMEOUT,
            )
        finally:
            shutil.rmtree(self.socket_dir, ignore_errors=True)


@pytest.fixture
def home(tmp_path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def terminal_env(home: Path, term: str, colorterm: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "TUI_INTERVIEW_DATA_DIR",
            "COLORTERM",
            "TMUX",
            "TMUX_PANE",
            "NO_COLOR",
            "TEXTUAL",
            "TEXTUAL_DRIVER",
        )
    }
    env.update(
        HOME=str(home),
        TERM=term,
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
    )
    if colorterm:
        env["COLORTERM"] = colorterm
    return env


@pytest.fixture
def terminal_factory(tmp_path, home):
    terminals: list[Terminal] = []

    def make(term: str = "xterm-256color", colorterm: str | None = None) -> Terminal:
        terminal = Terminal(tmp_path, terminal_env(home, term, colorterm))
        terminals.append(terminal)
        return terminal

    yield make
    for terminal in terminals:
        terminal.kill()


def new_interview_args(data_dir: Path) -> list[str]:
    return [
        "--data-dir",
        str(data_dir),
        "new",
        "--candidate",
        "Ada Lovelace",
        "--competency",
        SMP,
        "--level",
        "2",
    ]


def stored_summary(data_dir: Path, home: Path):
    """The one session stored in ``data_dir``; says plainly where it went if not."""
    summaries = SessionStore(data_dir).list_summaries()
    if not summaries:
        default = home / ".local" / "share" / "tui-interview"
        elsewhere = SessionStore(default).list_summaries() if default.exists() else []
        raise AssertionError(
            f"no session stored in --data-dir {data_dir}"
            + (
                f"; it went to the user data folder {default} instead: "
                "--data-dir before the command was ignored"
                if elsewhere
                else ""
            )
        )
    [summary] = summaries
    return summary


def probe_line(screen: str, probe_text: str) -> str:
    for line in screen.splitlines():
        if probe_text[:20] in line:
            return line
    raise AssertionError(f"probe {probe_text!r} is not on the screen:\n{screen}")


def test_interview_in_a_real_terminal_then_resume(tmp_path, home, terminal_factory):
    assert COMMAND.exists(), f"{COMMAND} is not installed (pip install -e .)"
    data_dir = tmp_path / "data"
    term = terminal_factory()
    term.start(*new_interview_args(data_dir))
    screen = term.wait_for_text("Question 1 of 2")

    # Everything the interviewer needs is on an 80×24 screen.
    summary = stored_summary(data_dir, home)
    session = SessionStore(data_dir).load(summary.id)
    first_question = session.question(session.plan[0])
    first_probe = first_question.probes[0]
    assert "Ada Lovelace" in screen
    assert first_question.text[:30] in " ".join(screen.split())
    assert "Probing questions" in screen
    assert "Behaviours" in screen
    footer = screen.rstrip("\n").splitlines()[-1]
    for key in ("^n", "^o", "^t", "^p"):  # next / previous question, tick, palette
        assert key in footer, f"footer key {key!r} missing:\n{screen}"
    assert "☐" in probe_line(screen, first_probe.text)

    # A note, a probe ticked, the next question, another note, a draft.
    term.type("Led the CMDB clean-up")
    term.keys("Enter")
    term.wait_for_text("Led the CMDB clean-up")
    term.keys("C-t")
    term.wait_for(lambda s: "✓" in probe_line(s, first_probe.text), "the first probe ticked")
    term.keys("C-n")
    term.wait_for_text("Question 2 of 2")
    term.type("Cut emergency changes to 8%")
    term.keys("Enter")
    term.wait_for_text("Cut emergency changes to 8%")
    term.type("half a draft")
    term.wait_for(lambda s: "half a draft" in s, "the draft in the note input")
    term.keys("C-q")
    status = term.wait_for_exit()
    assert status == 0, f"exit status {status}; the screen was:\n{term.screen()}"

    # What was stored.
    summary = stored_summary(data_dir, home)
    stored = SessionStore(data_dir).load(summary.id)
    assert summary.candidate == "Ada Lovelace"
    assert [n.text for n in stored.active_notes] == [
        "Led the CMDB clean-up",
        "Cut emergency changes to 8%",
    ]
    assert [n.question for n in stored.active_notes] == stored.plan[:2]
    assert list(stored.probes_asked(stored.plan[0])) == [first_probe.id]
    assert stored.draft == "half a draft"
    assert stored.current_index == 1
    assert stored.status is Status.IN_PROGRESS
    assert stored.clock.running is False  # quitting pauses the clock
    assert not (data_dir / "sessions" / f"{summary.id}.lock").exists()
    assert not (home / ".local" / "share" / "tui-interview").exists(), (
        "--data-dir was ignored: the session went to the user data folder"
    )

    # Resume: the same question, its note and the draft are back on screen.
    term.start("--data-dir", str(data_dir), "resume", summary.id)
    screen = term.wait_for_text("Question 2 of 2")
    screen = term.wait_for_text("half a draft")
    assert "Cut emergency changes to 8%" in screen
    assert "⏸ PAUSED" in screen
    term.keys("C-o")
    screen = term.wait_for_text("Question 1 of 2")
    assert "Led the CMDB clean-up" in screen
    assert "✓" in probe_line(screen, first_probe.text)
    term.keys("C-q")
    assert term.wait_for_exit() == 0
    resumed = SessionStore(data_dir).load(summary.id)
    assert resumed.draft == "half a draft"
    assert resumed.clock.running is False


def test_probe_ticks_show_as_glyphs_with_16_colours(tmp_path, home, terminal_factory):
    assert COMMAND.exists(), f"{COMMAND} is not installed (pip install -e .)"
    data_dir = tmp_path / "data"
    term = terminal_factory(term="xterm", colorterm=None)
    term.start(*new_interview_args(data_dir))
    screen = term.wait_for_text("Question 1 of 2")
    summary = stored_summary(data_dir, home)
    session = SessionStore(data_dir).load(summary.id)
    probes = session.question(session.plan[0]).probes
    assert "☐" in probe_line(screen, probes[0].text)
    term.keys("C-t")
    screen = term.wait_for(
        lambda s: "✓" in probe_line(s, probes[0].text), "✓ next to the first probe"
    )
    assert "☐" in probe_line(screen, probes[1].text)
    term.keys("C-q")
    assert term.wait_for_exit() == 0


def wait_for_notes(data_dir: Path, home: Path, count: int) -> list:
    """The stored notes, once ``count`` of them are saved (or the deadline)."""
    deadline = time.monotonic() + STEP_TIMEOUT
    notes: list = []
    while time.monotonic() < deadline:
        summary = stored_summary(data_dir, home)
        notes = SessionStore(data_dir).load(summary.id).active_notes
        if len(notes) >= count:
            return notes
        time.sleep(0.05)
    return notes


def test_fifty_bursts_in_one_tmux_call_save_each_note_once(tmp_path, home, terminal_factory):
    """`send-keys -l 'a3x' ; send-keys Enter ; send-keys -l 'b3y' ; send-keys
    Enter`, 50 times in one tmux command: the keys reach the app in bursts."""
    data_dir = tmp_path / "data"
    term = terminal_factory()
    term.start(*new_interview_args(data_dir))
    term.wait_for_text("Question 1 of 2")
    expected: list[str] = []
    args: list[str] = []
    for burst in range(50):
        for half in ("a", "b"):
            text = f"{half}{burst}x"
            expected.append(text)
            args += ["send-keys", "-t", term.name, "-l", text, ";"]
            args += ["send-keys", "-t", term.name, "Enter", ";"]
    term.tmux(*args[:-1])
    notes = wait_for_notes(data_dir, home, len(expected))
    assert [n.text for n in notes] == expected
    # Keys one tmux call apart (a few ms), as a fast typist over SSH.
    for word in ("one", "two", "three"):
        for char in word:
            term.keys(char, literal=True)
        term.keys("Enter")
    notes = wait_for_notes(data_dir, home, len(expected) + 3)
    assert [n.text for n in notes][-3:] == ["one", "two", "three"]
    term.keys("C-q")
    assert term.wait_for_exit() == 0


def test_pastes_in_a_real_terminal(tmp_path, home, terminal_factory):
    """A paste without bracketed paste (each line feed arrives as Enter) saves
    one note a line; a bracketed paste is one note that keeps its lines."""
    data_dir = tmp_path / "data"
    term = terminal_factory()
    term.start(*new_interview_args(data_dir))
    term.wait_for_text("Question 1 of 2")
    term.tmux("set-buffer", "-b", "plain", "one\ntwo\n")
    term.tmux("paste-buffer", "-b", "plain", "-t", term.name)
    notes = wait_for_notes(data_dir, home, 2)
    assert [n.text for n in notes] == ["one", "two"]
    term.tmux("set-buffer", "-b", "lines", "first line\nsecond line\nthird line")
    term.tmux("paste-buffer", "-p", "-b", "lines", "-t", term.name)
    term.wait_for_text("third line")
    term.keys("Enter")
    notes = wait_for_notes(data_dir, home, 3)
    assert [n.text for n in notes] == ["one", "two", "first line\nsecond line\nthird line"]
    # ctrl+j starts a new line from the keyboard.
    term.type("top")
    term.keys("C-j")
    term.type("bottom")
    term.keys("Enter")
    notes = wait_for_notes(data_dir, home, 4)
    assert notes[-1].text == "top\nbottom"
    term.keys("C-q")
    assert term.wait_for_exit() == 0


def test_typing_after_a_note_command_in_a_real_terminal(tmp_path, home, terminal_factory):
    """Letters typed in the notes list, after a tag, go into the note."""
    data_dir = tmp_path / "data"
    term = terminal_factory()
    term.start(*new_interview_args(data_dir))
    term.wait_for_text("Question 1 of 2")
    term.type("the last note")
    term.keys("Enter")
    term.keys("C-e")
    term.keys("s")
    term.keys("BTab")  # into the notes list
    for char in "she then delivered":
        term.keys(char, literal=True)
        time.sleep(0.02)
    term.keys("Enter")
    notes = wait_for_notes(data_dir, home, 2)
    assert [n.text for n in notes] == ["the last note", "she then delivered"]
    assert [tuple(t.value for t in n.tags) for n in notes] == [("situation",), ()]
    term.keys("C-q")
    assert term.wait_for_exit() == 0


def test_a_byte_that_is_not_utf8_does_not_end_the_interview(tmp_path, home, terminal_factory):
    """``send-keys -H ff`` used to make Textual's driver raise UnicodeDecodeError
    and the app exit; the byte now arrives as � in the note, which goes on."""
    assert COMMAND.exists(), f"{COMMAND} is not installed (pip install -e .)"
    data_dir = tmp_path / "data"
    term = terminal_factory()
    term.start(*new_interview_args(data_dir))
    term.wait_for_text("Question 1 of 2")
    term.type("before ")
    term.keys("-H", "ff")
    term.type("after")
    term.wait_for_text("before �after")
    term.keys("Enter")
    term.wait_for_text("Type a note")  # saved: the input is empty again
    term.keys("C-q")
    status = term.wait_for_exit()
    assert status == 0, f"exit status {status}; the screen was:\n{term.screen()}"
    stored = SessionStore(data_dir).load(stored_summary(data_dir, home).id)
    assert [n.text for n in stored.active_notes] == ["before \ufffdafter"]


def test_a_hostile_name_cannot_retitle_the_pane_or_set_the_clipboard(
    tmp_path, home, terminal_factory
):
    """OSC 0 and OSC 52 in a candidate's name reach the terminal only as
    visible symbols: the pane keeps its title and tmux gets no buffer."""
    data_dir = tmp_path / "data"
    term = terminal_factory()
    hostile = "\x1b]0;pwned\x07\x1b]52;c;SGVsbG8=\x07Eve"
    args = new_interview_args(data_dir)
    args[args.index("Ada Lovelace")] = hostile
    term.start(*args)
    term.wait_for_text("Question 1 of 2")
    term.tmux("set-option", "-g", "set-clipboard", "on")
    term.keys("C-n")  # redraw: the status bar shows the name again
    screen = term.wait_for_text("Question 2 of 2")
    time.sleep(1.2)  # and the clock redraws it every second
    assert "^[]0;pwned^G^[]52;c;SGVsbG8=^GEve" in screen
    title = term.tmux("display-message", "-p", "-t", term.name, "#{pane_title}").stdout
    assert "pwned" not in title
    assert term.tmux("list-buffers").stdout == ""
    term.keys("C-q")
    assert term.wait_for_exit() == 0


def test_keys_after_tab_or_a_dialog_key_in_one_tmux_call(tmp_path, home, terminal_factory):
    """Found by an attacker's pass: Tab, F2 and ctrl+l followed at once by
    text and Enter. The text goes where it was meant, and keys typed after
    the dialog closed go back to the note input."""
    data_dir = tmp_path / "data"
    term = terminal_factory()
    term.start(*new_interview_args(data_dir))
    term.wait_for_text("Question 1 of 2")
    name = term.name
    term.tmux(
        "send-keys",
        "-t",
        name,
        "C-t",
        ";",
        "send-keys",
        "-t",
        name,
        "Tab",
        ";",
        "send-keys",
        "-t",
        name,
        "-l",
        "qqq",
        ";",
        "send-keys",
        "-t",
        name,
        "Enter",
    )
    notes = wait_for_notes(data_dir, home, 1)
    assert [n.text for n in notes] == ["qqq"]
    term.tmux(
        "send-keys",
        "-t",
        name,
        "F2",
        ";",
        "send-keys",
        "-t",
        name,
        "-l",
        "Who else?",
        ";",
        "send-keys",
        "-t",
        name,
        "Enter",
        ";",
        "send-keys",
        "-t",
        name,
        "-l",
        "right after",
        ";",
        "send-keys",
        "-t",
        name,
        "Enter",
    )
    notes = wait_for_notes(data_dir, home, 2)
    stored = SessionStore(data_dir).load(stored_summary(data_dir, home).id)
    assert [a.text for a in stored.added_questions] == ["Who else?"]
    assert [n.text for n in notes] == ["qqq", "right after"]
    assert notes[1].question == stored.added_questions[0].ref
    # The first probe stays ticked: the Enter after Tab saved the note.
    assert list(stored.probes_asked(stored.plan[0]))
    term.keys("C-q")
    assert term.wait_for_exit() == 0
