"""The session index: what the home screen lists, without opening every session.

The index is derived data; the session files are the truth. It has two parts:

- ``index.json``: one summary per session, rewritten atomically now and then;
- ``index.log``: summaries appended, one JSON line per save, since then.

Appending a line costs the same with 1 session stored or 10,000, where
rewriting the whole index on every save would not. When the log outgrows the
base file, both are folded into a new ``index.json``.

Each summary records the size, modification time and inode of the session file
it describes. Listing compares those with the files on disk (one ``stat`` each,
no opening), and re-reads only the files that differ. So a summary lost in a
crash, or a session file copied in by hand, is noticed and fixed on the next
listing, and neither the log nor the base needs to be flushed to disk on every
save. A missing or unreadable index is simply rebuilt, and so is one with a
malformed entry (checked as it is read: see ``_well_formed`` and
``summaries._summary_from_entry``).

The search index (``search.json`` and ``search.log``) is a second index of the
same kind, named ``"search"``: per session, the folded text of what was said
in it (``domain.search.session_search_text``), with the same file stamp.

In an encrypted folder each summary also records its session file's
``version`` (``storage.crypto``), and ``index.json`` a ``seq``, raised by each
rewrite; the user's state folder keeps the last ``seq`` written
(``storage.anchor``). Once the folder is fully encrypted, an ``index.json``
missing, unreadable or older than that is refused (``IndexRolledBack``)
rather than rebuilt from the files: rebuilding would accept an older session
file put back with it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from tui_interview.domain import strict_json
from tui_interview.files.atomic import (
    append_line,
    open_private,
    read_regular_file,
    write_atomically,
)
from tui_interview.storage.crypto import (
    ENCRYPTED,
    DataKey,
    RolledBack,
    decode_file,
    decode_line,
    encode_file,
    encode_line,
)
from tui_interview.storage.json_storage import dumps

try:
    import fcntl
except ImportError:  # Windows: no index lock; listing repairs any lost update
    fcntl = None  # type: ignore[assignment]

INDEX_VERSION = 1
#: ``index.json``'s optional ``"order"``: its sessions are written most
#: recently saved first, so the first screenful can be read from its head
#: (``storage.recent``). Files without it (older ones) are read the same way.
RECENT_FIRST = "recent-first"
#: Fold the log into the base once it is larger than this and than the base.
MIN_LOG_BYTES_TO_FOLD = 64 * 1024

Entry = dict[str, Any]

#: Session ids accepted from files and imports (new ones are stricter).
VALID_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


class IndexRolledBack(RolledBack):
    def __init__(self, path: Path, seq: int | None, latest: int):
        from tui_interview.storage.anchor import anchor_path

        self.path = path
        what = (
            "is missing or cannot be read"
            if seq is None
            else f"is an older copy (seq {seq}) of the one last written here (seq {latest})"
        )
        super().__init__(
            f"{path} {what}: an older index with older session files would be taken "
            "as genuine, so it is not rebuilt. Restore the latest one; if you restored "
            f"the whole folder from a backup on purpose, remove {anchor_path(path.parent)} "
            "to accept it."
        )


def _well_formed(entry: Any) -> bool:
    """Whether ``entry`` has the shape of an index entry: an object with a
    session id (text) and, unless it records a removal, a file stamp. Its
    other fields are checked when it is turned into a summary."""
    if not isinstance(entry, dict):
        return False
    session_id = entry.get("id")
    if not isinstance(session_id, str) or not VALID_ID.fullmatch(session_id):
        return False
    if entry.get("removed") is True:
        return True
    stamp = entry.get("file")
    return (
        isinstance(stamp, list)
        and len(stamp) == 3
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in stamp)
    )


def recency(entry: Entry) -> tuple[bool, datetime | None, str]:
    """Sort key (descending) of an index entry: most recently saved first,
    unknown or malformed times last (as the session list orders them)."""
    try:
        when = datetime.fromisoformat(entry["updated_at"])
    except (KeyError, TypeError, ValueError):
        return (False, None, str(entry.get("id")))
    if when.tzinfo is None:
        return (False, None, str(entry.get("id")))
    return (True, when, str(entry.get("id")))


def file_stamp(stat: os.stat_result) -> list[int]:
    """What identifies one version of a session file, as stored in the index."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


class SessionIndex:
    def __init__(
        self,
        data_dir: Path,
        name: str = "index",
        key: DataKey | None = None,
        *,
        recent_first: bool = False,
    ):
        """``name``: ``index`` (the summaries) or ``search`` (the search text).
        ``key``: the folder's key when it is encrypted (storage.crypto): the
        base file and each log line are then sealed. ``recent_first``: write
        the base most recently saved first (by each entry's ``updated_at``),
        marked ``"order": "recent-first"``."""
        self.data_dir = data_dir
        self.key = key
        self.recent_first = recent_first
        #: Set by each read: whether the base was written most recent first.
        self.ordered = False
        self.base_path = data_dir / f"{name}.json"
        self.log_path = data_dir / f"{name}.log"
        self._lock_path = data_dir / f"{name}.lock"
        #: The log's size just after this object last appended to it.
        self._log_size: int | None = None
        #: Set by each read: whether part of the index was unreadable or
        #: malformed (and so should be written again).
        self.damaged = False
        #: The base's ``seq`` as last read (0: none).
        self.seq = 0
        #: Whether this index is anchored (see the module): the summaries.
        self._anchored = name == "index"

    def _check_anchor(self, seq: int | None) -> None:
        """Refuse a base older than the anchor (see the module), once every
        file is sealed (while encrypting or decrypting, the base may be the
        plain one of before)."""
        if not self._anchored or self.key is None or self.key.state != ENCRYPTED:
            return
        from tui_interview.storage.anchor import read_anchor

        latest = read_anchor(self.data_dir)["index"]
        if latest and (seq is None or seq < latest):
            raise IndexRolledBack(self.base_path, seq, latest)

    @contextmanager
    def _locked(self, *, reading: bool = False) -> Iterator[None]:
        """Serialise index writers across processes (where flock exists)."""
        fd: int | None = None
        if fcntl is not None:
            try:
                fd = open_private(self._lock_path, os.O_RDWR | os.O_CREAT)
            except FileNotFoundError:
                # Nothing stored yet: no data folder (O_CREAT makes no folder,
                # so reads never create it; a stat fewer per save than checking).
                pass
            except OSError:
                if not reading:
                    raise
                # A read-only data folder can still be listed. Unlocked, a read
                # may see the log emptied just after a new base was written, or
                # miss the newest lines: listing checks every entry against the
                # session files, so such an entry is re-read, never believed.
        if fd is None:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def record(self, entry: Entry) -> None:
        """Add or replace one session's summary (``entry["id"]``)."""
        with self._locked():
            line = encode_line(dumps(entry) + b"\n", self.key, self.log_path.name)
            self._log_size = append_line(self.log_path, line)
            if self._log_too_big():
                self._write_base(self._read())

    def forget(self, session_id: str) -> None:
        self.record({"id": session_id, "removed": True})

    def entries(self) -> dict[str, Entry]:
        """Session id -> summary, as last recorded (not yet checked against files)."""
        with self._locked(reading=True):
            return self._read()

    def replace_all(self, entries: dict[str, Entry]) -> None:
        with self._locked():
            self._write_base(entries)

    @staticmethod
    def read_bytes(path: Path) -> bytes:
        """The content of ``index.json`` or ``index.log`` (``base_path``,
        ``log_path``) as the app wrote it: the one place both are read, also
        by ``storage.recent``. FileNotFoundError if it does not exist."""
        return read_regular_file(path)

    def _log_too_big(self) -> bool:
        """Whether to fold the log now: it has grown past MIN_LOG_BYTES_TO_FOLD
        and past the base. The log's size is the one its last append ended at
        (no ``stat``); the base is looked at only past the minimum."""
        log_size = self._log_size
        if log_size is None or log_size <= MIN_LOG_BYTES_TO_FOLD:
            return False  # no stat of the base: the common case, on every save
        try:
            base_size = self.base_path.stat().st_size
        except FileNotFoundError:
            base_size = 0
        return log_size > max(MIN_LOG_BYTES_TO_FOLD, base_size)

    def _read(self) -> dict[str, Entry]:
        self.damaged = False
        self.ordered = False
        entries = self._read_base()
        try:
            log = self.read_bytes(self.log_path)
        except FileNotFoundError:
            log = b""
        except (OSError, ValueError):
            self.damaged = True
            log = b""
        for raw_line in log.splitlines():
            # A line cut short by a crash, or otherwise not an entry (or one
            # that fails authentication), is skipped; listing notices the
            # session it was about and re-reads that file.
            line = decode_line(raw_line, self.key, self.log_path.name)
            try:
                entry = strict_json.loads(line) if line is not None else None
            except ValueError:
                entry = None
            if entry is None or not _well_formed(entry):
                self.damaged = True
                continue
            if entry.get("removed") is True:
                entries.pop(entry["id"], None)
            else:
                entries[entry["id"]] = entry
        return entries

    def _read_base(self) -> dict[str, Entry]:
        self.seq = 0
        try:
            raw = self.read_bytes(self.base_path)
            raw = decode_file(raw, self.key, self.base_path.name, self.data_dir)
            data = strict_json.loads(raw)
        except FileNotFoundError:
            self._check_anchor(None)
            return {}
        except (OSError, ValueError):
            self._check_anchor(None)
            self.damaged = True
            return {}
        if not isinstance(data, dict) or data.get("index_version") != INDEX_VERSION:
            self._check_anchor(None)
            self.damaged = True
            return {}
        seq = data.get("seq", 0)
        self.seq = seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else 0
        self._check_anchor(self.seq)
        self.ordered = data.get("order") == RECENT_FIRST
        sessions = data.get("sessions")
        if not isinstance(sessions, dict):
            self.damaged = True
            return {}
        entries = {}
        for key, entry in sessions.items():
            if _well_formed(entry) and entry["id"] == key and "removed" not in entry:
                entries[key] = entry
            else:
                self.damaged = True
        return entries

    def _write_base(self, entries: dict[str, Entry]) -> None:
        anchoring = self._anchored and self.key is not None and self.key.seals
        seq = self.seq + 1
        if anchoring:
            from tui_interview.storage.anchor import read_anchor

            seq = max(seq, read_anchor(self.data_dir)["index"] + 1)
        base: Entry = {"index_version": INDEX_VERSION, "sessions": entries}
        if self.recent_first:
            ordered = sorted(entries.items(), key=lambda item: recency(item[1]), reverse=True)
            base = {"index_version": INDEX_VERSION, "order": RECENT_FIRST}
            base["sessions"] = dict(ordered)
        base["seq"] = seq  # last: storage.recent reads the head as it was
        write_atomically(self.base_path, encode_file(dumps(base), self.key, self.base_path.name))
        self.seq = seq
        if anchoring:
            from tui_interview.storage.anchor import raise_anchor

            raise_anchor(self.data_dir, index=seq)  # after the base is durable
        try:
            os.truncate(self.log_path, 0)
        except FileNotFoundError:
            pass
