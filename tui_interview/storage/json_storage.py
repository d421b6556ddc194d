"""The TinyDB storage of session files: JSON written with ``files.atomic``, so
a file is never rewritten in place (see that module)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from tui_interview.domain import strict_json
from tui_interview.files.atomic import read_regular_file, write_atomically
from tui_interview.storage.crypto import DataKey, decode_versioned_file, encode_file


def dumps(data: Any) -> bytes:
    """Compact UTF-8 JSON of ``data`` (the codecs' plain dicts, lists, text and
    numbers), as every session file and index line is written. orjson, because
    this runs on every keystroke-sized save: it encodes a session about eight
    times faster than the standard library. What orjson refuses (a whole
    number past 64 bits, which the codecs do not let in) the standard library
    writes, so no data the app holds becomes unwritable; text that cannot be
    UTF-8 (a lone surrogate) raises ValueError from either."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False)
        return text.encode("utf-8")


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never rewrites its file in place (see the module
    docstring). With ``cache`` the last data read or written is kept in memory,
    so that a TinyDB update does not re-read the file first; use it only while
    holding the file's session lock, when no one else can change it.

    With ``key`` (an encrypted folder, see ``storage.crypto``) the file is
    sealed with it, ``label`` (the file's role) as associated data, and with
    its version: the one read (``version``) plus one on each write."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        durable: bool = True,
        cache: bool = False,
        key: DataKey | None = None,
        label: str = "",
    ):
        super().__init__()
        self.path = Path(path)
        self.durable = durable
        self.key = key
        self.label = label or self.path.name
        self._cache = cache
        self._data: dict[str, dict[str, Any]] | None = None
        #: The version of the file last read or written (0: plain, or none yet).
        self.version = 0

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is not None:
            return self._data
        try:
            raw = read_regular_file(self.path)
        except FileNotFoundError:
            return None
        raw, self.version = decode_versioned_file(
            raw, self.key, self.label, self.path.parent.parent
        )
        if not raw:
            return None
        data = strict_json.loads(raw, unique_keys=False)  # the app's own file
        if not isinstance(data, dict):
            raise ValueError("the file does not hold a TinyDB database")
        if self._cache:
            self._data = data
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # TinyDB updates the dict returned by read() in place before calling
        # write(); if the write fails, the cached copy no longer matches the
        # file, so forget it and read the file again next time.
        self._data = None
        version = self.version + 1
        plain = dumps(data)
        encoded = encode_file(plain, self.key, self.label, version)
        write_atomically(self.path, encoded, durable=self.durable)
        self.version = version if encoded is not plain else 0
        if self._cache:
            self._data = data
