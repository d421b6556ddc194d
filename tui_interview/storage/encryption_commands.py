"""``tui-interview encrypt``, ``decrypt`` and ``change-passphrase``: no Textual.

The passphrase comes from ``--passphrase-file``, ``$TUI_INTERVIEW_PASSPHRASE``
or the terminal (``storage.passphrase``); a new one (``encrypt``,
``change-passphrase``) is asked twice on a terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tui_interview.errors import EXIT_UNAVAILABLE, EXIT_USAGE
from tui_interview.files.errors import describe_os_error
from tui_interview.locations import data_dir, state_dir
from tui_interview.storage.crypto import is_encrypted, unlock
from tui_interview.storage.encryption import (
    change_passphrase,
    decrypt_folder,
    encrypt_folder,
    pending,
    rotate_key,
)
from tui_interview.storage.errors import SessionLocked, StorageError
from tui_interview.storage.passphrase import check_new_passphrase, passphrase


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    print(f"tui-interview: {message}", file=sys.stderr)
    return status


def _new_passphrase(args: argparse.Namespace, *, new: bool) -> str:
    return check_new_passphrase(passphrase(args, "New passphrase: ", new=new, twice=True))


def _run(action: Callable[[], int]) -> int:
    try:
        return int(action() or 0)
    except SessionLocked as error:
        return _fail(f"{error} Close it and run the command again to finish.", error.exit_status)
    except StorageError as error:
        return _fail(str(error), error.exit_status)
    except FileNotFoundError as error:  # a file named on the command line
        return _fail(f"{error.filename}: {describe_os_error(error)}.")
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"{where}{describe_os_error(error)}.", EXIT_UNAVAILABLE)


def encrypt(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)

    def action() -> int:
        resuming = is_encrypted(folder)
        if resuming:
            secret = passphrase(args, f"Passphrase for {folder}: ")
        else:
            secret = _new_passphrase(args, new=False)
        _key, done = encrypt_folder(folder, secret, state_dir=state_dir())
        print(
            f"Encrypted {folder}: {done.files} file(s) sealed"
            f"{' (an earlier run finished)' if resuming else ''}. "
            "The passphrase cannot be recovered: keep it safe."
        )
        return 0

    return _run(action)


def decrypt(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)

    def action() -> int:
        if not is_encrypted(folder):
            print(f"{folder} is not encrypted.")
            return 0
        key = unlock(folder, passphrase(args, f"Passphrase for {folder}: "))
        done = decrypt_folder(key, state_dir=state_dir())
        print(f"Decrypted {folder} ({done.files} file(s) opened); it is stored as plain text now.")
        return 0

    return _run(action)


def change(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)

    def action() -> int:
        if not is_encrypted(folder):
            return _fail(f"{folder} is not encrypted (turn it on with tui-interview encrypt).")
        key = unlock(folder, passphrase(args, "Current passphrase: "))
        new_secret = _new_passphrase(args, new=True)
        if getattr(args, "rotate_key", False):
            done = rotate_key(key, new_secret, state_dir=state_dir())
            print(
                f"Passphrase changed, and a new data key: {done.files} file(s) resealed. "
                "The old passphrase and any copy of the old encryption.json open nothing now."
            )
            if done.unreadable:
                print(
                    f"{len(done.unreadable)} file(s) fail authentication and were left as "
                    f"they are: {', '.join(done.unreadable)}.",
                    file=sys.stderr,
                )
            return 0
        if key.rotating:
            return _fail(
                "A key rotation was interrupted: finish it with "
                "tui-interview change-passphrase --rotate-key."
            )
        change_passphrase(key, new_secret)
        left = pending(key)
        print("Passphrase changed.")
        if left:
            print(f"An interrupted {left} is not finished: run tui-interview {left} to finish it.")
        return 0

    return _run(action)


def show_recovered(args: argparse.Namespace) -> int:
    """``tui-interview recovered FILE``: print a recovery file's text (sealed
    ones with the data folder's passphrase)."""
    from pathlib import Path

    from tui_interview.domain.display import visible_text
    from tui_interview.storage.crypto import Tampered, is_sealed
    from tui_interview.storage.passphrase import key_from_args
    from tui_interview.storage.recovery import read_recovered_text

    path = Path(args.file)

    def action() -> int:
        with open(path, "rb") as file:
            sealed = is_sealed(file.read(8))
        folder = data_dir(args.data_dir)
        key = key_from_args(folder, args) if sealed else None
        if sealed and key is None:
            return _fail(
                f"{path} is sealed with the key of an encrypted data folder, and {folder} "
                "is not encrypted: name that folder with --data-dir."
            )
        try:
            text = read_recovered_text(path, key)
        except Tampered as error:
            return _fail(f"{path}: {error}.")
        print("\n".join(visible_text(line) for line in text.split("\n")))
        return 0

    return _run(action)
