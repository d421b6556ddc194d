"""What this user last saw of an encrypted data folder, kept outside it.

Someone who can write to the data folder (a shared or synced folder, a backup
put back) can put back an older copy of any file in it. A sealed file still
opens, so the folder alone cannot tell an old copy from the latest. The
anchor, one small file per data folder in the user's state folder
(``<state>/anchors/<hash of the folder's path>.json``, 0600 in a 0700
folder), keeps the two counters that say what "latest" is:

- ``generation``: the header's (``encryption.json``), raised by every rewrite
  of it (``encrypt``, ``decrypt``, ``change-passphrase``);
- ``index``: the sealed index base's (``index.json``'s ``seq``), raised by
  every rewrite of it.

A header or index older than the anchor is refused, named (``RolledBack``).
The anchor is raised only after the file it follows is durable, so a power
cut leaves it behind the folder, never ahead: after a crash it can only check
less, never refuse a genuine file. Nothing in it is secret (two numbers and
the folder's path). Losing it (a new machine, a state folder wiped) only
loses those two checks until the next rewrite; the session files' own
versions (``storage.crypto``) are checked against the sealed index anyway.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tui_interview.domain import strict_json
from tui_interview.files.atomic import ensure_private_dirs, read_regular_file, write_atomically

ANCHOR_FOLDER = "anchors"


def anchor_path(data_dir: str | os.PathLike[str]) -> Path | None:
    """Where the anchor of ``data_dir`` lives; None if no state folder is known."""
    from tui_interview import locations

    try:
        state = locations.state_dir()
        folder = os.path.realpath(data_dir)
    except (OSError, ValueError):
        return None
    name = hashlib.sha256(os.fsencode(folder)).hexdigest()[:32]
    return state / ANCHOR_FOLDER / f"{name}.json"


def read_anchor(data_dir: str | os.PathLike[str]) -> dict[str, int]:
    """The counters last recorded for ``data_dir`` (0 for any not known)."""
    path = anchor_path(data_dir)
    values = {"generation": 0, "index": 0}
    if path is None:
        return values
    try:
        data = strict_json.loads(read_regular_file(path))
    except (OSError, ValueError):
        return values
    if isinstance(data, dict):
        for name in values:
            value = data.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                values[name] = value
    return values


def raise_anchor(data_dir: str | os.PathLike[str], **counters: int) -> None:
    """Raise the named counters to at least the values given. A failure is
    ignored: the anchor only adds checks, and a save must not fail for it."""
    path = anchor_path(data_dir)
    if path is None:
        return
    values = read_anchor(data_dir)
    if all(values.get(name, 0) >= value for name, value in counters.items()):
        return
    for name, value in counters.items():
        values[name] = max(values.get(name, 0), value)
    record = {"folder": os.path.realpath(data_dir), **values}
    try:
        ensure_private_dirs(path.parent.parent, path.parent)
        write_atomically(path, (json.dumps(record) + "\n").encode("utf-8", "surrogatepass"))
    except OSError:
        pass
