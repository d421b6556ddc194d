"""``new --linear`` and ``resume --linear``: the same store, locks and
encryption as the TUI, then ``LinearInterview`` on standard input and output.

With an encrypted data folder the passphrase comes from ``--passphrase-file``
or ``$TUI_INTERVIEW_PASSPHRASE``, else it is asked on the terminal (not
echoed), else, when standard input is not a terminal, it is its first line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from tui_interview.context import AppContext
from tui_interview.domain.display import visible_text
from tui_interview.domain.interview import Interview
from tui_interview.errors import EXIT_UNAVAILABLE, TuiInterviewError
from tui_interview.linear.run import LinearInterview


def _fail(message: str, status: int) -> int:
    print(f"tui-interview: {visible_text(message)}", file=sys.stderr)
    return status


class Lines:
    """Standard input and output as lines: a line break taken off each line
    read (CRLF too), each line written flushed at once (a pipe's reader hears
    it now). Once the reader has gone (a closed pipe), output is dropped."""

    def __init__(self, stdin: TextIO, stdout: TextIO):
        self.stdin = stdin
        self.stdout: TextIO | None = stdout

    def read_line(self) -> str | None:
        line = self.stdin.readline()
        if not line:
            return None
        return line.removesuffix("\n").removesuffix("\r")

    def say(self, text: str) -> None:
        if self.stdout is None:
            return
        try:
            self.stdout.write(text + "\n")
            self.stdout.flush()
        except (BrokenPipeError, ValueError):
            self.stdout = None


def _tolerant_input() -> None:
    """Bytes that are not text in standard input's encoding are read as U+FFFD
    (before the first read: a stream cannot change once read)."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


def _context(args: argparse.Namespace) -> AppContext | int:
    """The app's context, its config read and its folder unlocked."""
    from tui_interview.settings import ConfigError
    from tui_interview.storage import WrongPassphrase

    _tolerant_input()
    context = AppContext.from_args(args)
    try:
        context.settings  # noqa: B018 (read once, here: a broken config is said now)
    except ConfigError as error:
        return _fail(str(error), 2)
    if context.needs_passphrase:
        given = context.given_passphrase
        if given is None:
            if sys.stdin is not None and sys.stdin.isatty():
                given = getpass.getpass(f"Passphrase for {context.data_dir}: ")
            else:
                line = sys.stdin.readline() if sys.stdin is not None else ""
                if not line:
                    return _fail(
                        "the data folder is encrypted: give the passphrase as the first line "
                        "of standard input, with --passphrase-file FILE or in "
                        "$TUI_INTERVIEW_PASSPHRASE",
                        EXIT_UNAVAILABLE,
                    )
                given = line.removesuffix("\n").removesuffix("\r")
        try:
            context.unlock(given)
        except WrongPassphrase as error:
            return _fail(str(error), error.exit_status)
    return context


def run_new_linear(args: argparse.Namespace) -> int:
    from tui_interview.starting import new_session_maker, store_new

    context = _context(args)
    if isinstance(context, int):
        return context
    make = new_session_maker(args, context)
    if isinstance(make, int):
        return make
    session = store_new(make)
    if isinstance(session, int):
        return session
    return _run(context, session.id)


def run_resume_linear(args: argparse.Namespace) -> int:
    from tui_interview.storage import StorageError

    context = _context(args)
    if isinstance(context, int):
        return context
    try:
        session_id = context.store.resolve(args.session)
    except StorageError as error:
        return _fail(str(error), error.exit_status)
    return _run(context, session_id)


def _run(context: AppContext, session_id: str) -> int:
    """Open the session for changes (its lock held until the end) and run it."""
    from tui_interview.storage import LockFailed, SessionLocked, StorageError

    try:
        handle = context.store.open(session_id)
    except (SessionLocked, LockFailed) as error:
        return _fail(f"{error} Linear mode opens an interview only for changes.", error.exit_status)
    except StorageError as error:
        return _fail(str(error), error.exit_status)
    lines = Lines(sys.stdin, sys.stdout)
    try:
        interview = Interview(handle, now=context.now)
        linear = LinearInterview(
            interview, say=lines.say, read_line=lines.read_line, words=context.note_words
        )
        linear.open(context.settings.candidate_present)
        linear.run()
    except TuiInterviewError as error:
        return _fail(str(error), error.exit_status)
    finally:
        handle.close()
    return 0
