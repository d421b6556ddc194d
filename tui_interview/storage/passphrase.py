"""Where a command gets the passphrase of an encrypted data folder, in order:
``--passphrase-file FILE`` (its first line), ``$TUI_INTERVIEW_PASSPHRASE``, or
the terminal (``getpass``: nothing is echoed). Without any of them and
without a terminal, the command stops with a one-line message.

``change-passphrase`` takes the new one the same way: ``--new-passphrase-file
FILE``, ``$TUI_INTERVIEW_NEW_PASSPHRASE``, or the terminal (asked twice).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from tui_interview.domain.timeutil import Now, system_now
from tui_interview.files.errors import describe_os_error
from tui_interview.locations import data_dir
from tui_interview.storage.crypto import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    DataKey,
    is_encrypted,
    unlock,
)
from tui_interview.storage.errors import StorageError
from tui_interview.storage.store import SessionStore


class PassphraseUnavailable(StorageError):
    """No passphrase given and no terminal to ask on, or a bad one given."""


#: The shortest new passphrase accepted (NIST SP 800-63B asks for at least 8).
MIN_PASSPHRASE_LENGTH = 8
COMMON_PASSWORDS_FILE = "common_passwords.txt"


def common_passwords() -> frozenset[str]:
    """The list shipped with the package (``storage/common_passwords.txt``,
    its source named in its head), lowercased."""
    from importlib.resources import files

    text = files("tui_interview.storage").joinpath(COMMON_PASSWORDS_FILE).read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_new_passphrase(value: str) -> str:
    """``value`` if it may protect a folder: at least 8 characters once the
    spaces around it are set aside, and not a common password (NIST SP
    800-63B 5.1.1.2). Raises PassphraseUnavailable, saying why; nothing is
    changed then."""
    stripped = value.strip()
    if not stripped:
        raise PassphraseUnavailable(
            "An empty or blank passphrase protects nothing; nothing was changed."
        )
    if len(stripped) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseUnavailable(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters (besides spaces "
            "around it); a few words are easier to remember. Nothing was changed."
        )
    if stripped.lower() in common_passwords():
        raise PassphraseUnavailable(
            "That passphrase is on the list of the most common passwords, the first ones "
            "guessed; choose another. Nothing was changed."
        )
    return value


def _from_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            text = file.readline()
    except OSError as error:
        raise PassphraseUnavailable(
            f"Could not read the passphrase file {path}: {describe_os_error(error)}."
        ) from error
    except UnicodeDecodeError:
        raise PassphraseUnavailable(f"The passphrase file {path} is not UTF-8 text.") from None
    return text.removesuffix("\n").removesuffix("\r")


def given_passphrase(args: argparse.Namespace, *, new: bool = False) -> str | None:
    """The passphrase given by file or environment, None if neither gave one."""
    path = getattr(args, "new_passphrase_file" if new else "passphrase_file", None)
    if path:
        return _from_file(path)
    value = os.environ.get(NEW_PASSPHRASE_ENV if new else PASSPHRASE_ENV)
    return value if value else None


def can_ask() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask(prompt: str, *, twice: bool = False, new: bool = False) -> str:
    """Ask on the terminal without echo (twice: both must match). ``new``:
    it is ``change-passphrase``'s new one (the hint names where that goes)."""
    if not can_ask():
        if new:
            raise PassphraseUnavailable(
                "No terminal to ask for the new passphrase on: "
                f"set ${NEW_PASSPHRASE_ENV} or give --new-passphrase-file FILE."
            )
        raise PassphraseUnavailable(
            "No terminal to ask for the passphrase on: "
            f"set ${PASSPHRASE_ENV} or give --passphrase-file FILE."
        )
    first = getpass.getpass(prompt)
    if twice and getpass.getpass("Again, to be sure: ") != first:
        raise PassphraseUnavailable("The two passphrases differ; nothing was changed.")
    return first


def passphrase(
    args: argparse.Namespace,
    prompt: str = "Passphrase: ",
    *,
    new: bool = False,
    twice: bool = False,
) -> str:
    """The passphrase from file, environment or terminal (see the module)."""
    given = given_passphrase(args, new=new)
    if given is not None:
        return given
    return ask(prompt, twice=twice, new=new)


def key_from_args(
    folder: Path, args: argparse.Namespace, *, ask_terminal: bool = True
) -> DataKey | None:
    """The folder's key when it is encrypted (None when it is not, or when
    nothing gave the passphrase and ``ask_terminal`` is false: the app asks
    on a screen of its own). Raises WrongPassphrase or PassphraseUnavailable."""
    if not is_encrypted(folder):
        return None
    given = given_passphrase(args)
    if given is None:
        if not ask_terminal:
            return None
        given = ask(f"Passphrase for {folder}: ")
    return unlock(folder, given)


def open_store(args: argparse.Namespace, now: Now = system_now) -> SessionStore:
    """The store of ``--data-dir``, unlocked when it is encrypted (the
    commands' one way in)."""
    folder = data_dir(args.data_dir)
    return SessionStore(folder, now=now, key=key_from_args(folder, args))
