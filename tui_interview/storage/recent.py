"""The first screenful of the session list, without reading the whole index.

Listing every session (``SessionStore.list_summaries``) parses the whole
index and checks every session file: about half a second with 10,000 stored.
The home screen first shows the most recent few from here, then the full
list once it has been read in the background.

``index.json`` is written most recently saved first (``"order":
"recent-first"``, see ``storage.index``), so its head holds the most recent
sessions as of that write; the end of ``index.log`` holds those saved since.
Only those are parsed: the head's first ``count`` entries, and log lines from
the end until ``count`` different sessions have been seen. Each session shown
is then checked against its file (one ``stat``): a file that is gone is left
out, one that changed since its entry was written is read again. Anything
unexpected (an index without the order, a malformed entry, many changed
files) gives ``None``: no quick view, the caller waits for the full list.

This is a view for the first moment, not the truth: the full listing that
follows replaces it (it also finds files the index does not know, and moves
damaged ones aside).
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Generator
from contextlib import closing
from itertools import chain
from typing import Any

from tui_interview.domain import strict_json
from tui_interview.files.atomic import regular_file_chunks
from tui_interview.storage.crypto import NotSealed, Tampered, decode_file, decode_line
from tui_interview.storage.errors import StorageError
from tui_interview.storage.index import (
    INDEX_VERSION,
    RECENT_FIRST,
    VALID_ID,
    Entry,
    _well_formed,
    file_stamp,
    recency,
)
from tui_interview.storage.store import SessionStore
from tui_interview.storage.summaries import SessionSummary, _summary_or_none, summarise

#: An index at least this large (index.json and index.log together, about 250
#: sessions) is listed in the background after a quick first screenful.
LARGE_INDEX_BYTES = 128 * 1024
#: At most this many changed files are read again for the quick view.
MAX_REREADS = 3
#: The head of index.json is decoded this much at a time.
CHUNK = 64 * 1024

_HEAD = re.compile(
    r'\s*\{\s*"index_version"\s*:\s*(\d+)\s*,\s*"order"\s*:\s*"([a-z-]+)"\s*,'
    r'\s*"sessions"\s*:\s*\{\s*'
)
#: A log line starts with its session's id (``dumps`` of a summary or a removal).
_LOG_ID = re.compile(rb'\{"id":"([a-z0-9_-]{1,64})"')


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def index_is_large(store: SessionStore) -> bool:
    """Whether the index is large enough for listing to take a noticeable time."""
    total = 0
    for path in (store._index.base_path, store._index.log_path):
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total >= LARGE_INDEX_BYTES


def recent_summaries(store: SessionStore, count: int) -> list[SessionSummary] | None:
    """The ``count`` most recently saved sessions, most recent first, read from
    the head of the index (see the module docstring); None when that cannot be
    done quickly and safely."""
    try:
        head = _base_head(store, count)
        if head is None:
            return None
        entries, removed = _log_tail(store, count)
    except (OSError, ValueError, RecursionError, StorageError):
        return None
    merged = dict(head)
    for session_id in removed:
        merged.pop(session_id, None)
    merged.update(entries)
    chosen = sorted(merged.values(), key=recency, reverse=True)[:count]
    summaries = []
    rereads = 0
    for entry in chosen:
        session_id = entry["id"]
        try:
            stamp = file_stamp(os.stat(store.session_path(session_id)))
        except FileNotFoundError:
            continue  # deleted since
        except (OSError, StorageError):
            return None
        summary = _summary_or_none(entry) if entry.get("file") == stamp else None
        if summary is None:
            rereads += 1
            if rereads > MAX_REREADS:
                return None
            summary = _summary_from_file(store, session_id, stamp)
            if summary is None:
                return None
        summaries.append(summary)
    # A re-read file may have a newer time than its stale entry said.
    summaries.sort(key=lambda s: (s.updated_at is not None, s.updated_at, s.id), reverse=True)
    return summaries


def _summary_from_file(
    store: SessionStore, session_id: str, stamp: list[int]
) -> SessionSummary | None:
    try:
        session = store._read(store.session_path(session_id), session_id, cache=False)[1]
    except Exception:  # noqa: BLE001 - the full listing reports what is wrong with it
        return None
    return _summary_or_none(summarise(session, stamp))


def _base_head(store: SessionStore, count: int) -> dict[str, Entry] | None:
    """The first ``count`` entries of index.json, if it is kept most recent
    first. A plain index is read only as far as those entries go (a screenful
    is in its first 64 KiB); an encrypted one is one sealed file, opened whole
    (fast)."""
    with closing(_plain_pieces(store)) as pieces:
        try:
            first = next(pieces, b"")
        except FileNotFoundError:
            return {}
        except (StorageError, Tampered, NotSealed):
            return None  # listing reads it and says what is wrong
        if not first:
            return {}  # nothing folded yet: the log holds everything
        decoder = codecs.getincrementaldecoder("utf-8")()
        text = ""
        for piece in chain([first], pieces):
            text += decoder.decode(piece)
            try:
                return _parse_head(text, count)
            except (ValueError, IndexError):
                continue
        text += decoder.decode(b"", final=True)
    try:
        return _parse_head(text, count)
    except (ValueError, IndexError):
        return None


def _plain_pieces(store: SessionStore) -> Generator[bytes, None, None]:
    """The plain bytes of index.json, CHUNK bytes at a time. A plain folder's
    file is read only as far as it is consumed; its start is checked not to
    be sealed (that would say the folder is encrypted). Raises what
    ``decode_file`` raises, or OSError."""
    index = store._index
    if index.key is not None:
        whole = decode_file(
            index.read_bytes(index.base_path), index.key, index.base_path.name, store.data_dir
        )
        for start in range(0, len(whole), CHUNK):
            yield whole[start : start + CHUNK]
        return
    chunks = regular_file_chunks(index.base_path, CHUNK)
    with closing(chunks):
        for n, chunk in enumerate(chunks):
            if n == 0:
                chunk = decode_file(chunk, None, index.base_path.name, store.data_dir)
            yield chunk


def _parse_head(text: str, count: int) -> dict[str, Entry] | None:
    """Raises ValueError or IndexError when ``text`` ends before ``count`` entries."""
    match = _HEAD.match(text)
    if match is None:
        if len(text) < 200:
            raise ValueError("too short to tell")
        return None
    if int(match.group(1)) != INDEX_VERSION or match.group(2) != RECENT_FIRST:
        return None
    entries: dict[str, Entry] = {}
    pos = match.end()
    if text[pos] == "}":
        return entries
    while len(entries) < count:
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _skip(text, pos)
        if text[pos] != ":":
            return None
        pos = _skip(text, pos + 1)
        entry, pos = _DECODER.raw_decode(text, pos)
        strict_json.check_depth(entry)
        if not _well_formed(entry) or entry["id"] != key or entry.get("removed"):
            return None
        entries[key] = entry
        pos = _skip(text, pos)
        if text[pos] == "}":
            break
        if text[pos] != ",":
            return None
        pos = _skip(text, pos + 1)
    return entries


def _skip(text: str, pos: int) -> int:
    """The position after the white space at ``pos``."""
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _log_tail(store: SessionStore, count: int) -> tuple[dict[str, Entry], set[str]]:
    """From the end of index.log: the last entry of each of the ``count`` sessions
    saved last, and the sessions removed since (as far as read)."""
    try:
        log = store._index.read_bytes(store._index.log_path)
    except FileNotFoundError:
        return {}, set()
    entries: dict[str, Entry] = {}
    removed: set[str] = set()
    end = len(log)
    while end > 0 and len(entries) + len(removed) < count:
        start = log.rfind(b"\n", 0, end) + 1
        sealed = log[start:end]
        end = start - 1
        if not sealed.strip():
            continue
        opened = decode_line(sealed, store._index.key, store._index.log_path.name)
        if opened is None:
            continue  # fails authentication: listing re-reads its session
        line = opened
        known = _LOG_ID.match(line)
        if known is not None:
            session_id = known.group(1).decode()
            if session_id in entries or session_id in removed:
                continue  # an older line of a session already seen
        try:
            entry = strict_json.loads(line)
        except ValueError:
            continue  # cut short by a crash: listing re-reads its session
        if not _well_formed(entry) or not VALID_ID.fullmatch(entry["id"]):
            continue
        session_id = entry["id"]
        if session_id in entries or session_id in removed:
            continue
        if entry.get("removed") is True:
            removed.add(session_id)
        else:
            entries[session_id] = entry
    return entries, removed
