"""Retention: which finished interviews are kept past ``retention_days``, and
purging them with every trace they left.

The rule, once: a session is past retention when it is finished
(``Status.FINISHED``, as ``Session.finish`` records it) and its own finish
time (else, for an old file without one, its ``saved_at``) is at least
``days`` days before ``now``, the app's one clock. File modification times are
never used: copies, backups and restores change them.

Purging a session removes, besides its file (drafts live in it):
its index and search entries (the search index holds the notes' text, so both
logs are folded into their base files and nothing about it stays in a log),
the damaged copies of it in ``damaged/`` (``<id>.json.<timestamp>[-N]``), its
recovery files of this data folder (``<state dir>/recovered/<id>-<timestamp>[-N].<folder
tag>.txt[.sealed]``, see storage.recovery) and its
temporary files. A session open elsewhere is skipped and named.

A panel consensus record (``consensus/<id>.json``) goes too, with its damaged
copies, when only purged sessions fed it: it names a purged session, and none
of the sessions it names is still stored here (the other members' sessions
live in their own folders; the record is this folder's copy of the panel).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from tui_interview.domain.vocabulary import Status
from tui_interview.files.atomic import fsync_dir
from tui_interview.storage.consensus_store import ConsensusStore
from tui_interview.storage.errors import SessionLocked, SessionNotFound
from tui_interview.storage.recovery import RECOVERED_FOLDER, files_of
from tui_interview.storage.store import SESSION_SUFFIX, SessionStore
from tui_interview.storage.summaries import SessionSummary


def retention_age_from(summary: SessionSummary) -> datetime | None:
    """When a finished session's retention starts: its finish time, else its
    last save; None for a session not finished."""
    if summary.status is not Status.FINISHED or summary.problem is not None:
        return None
    return summary.finished_at or summary.updated_at


def past_retention(
    summaries: Iterable[SessionSummary], days: int, now: datetime
) -> list[SessionSummary]:
    """The finished sessions in ``summaries`` that finished ``days`` days or
    more before ``now``, in the order given."""
    if days < 1:
        raise ValueError("retention is a whole number of days, 1 or more")
    try:
        cutoff = now - timedelta(days=days)
    except OverflowError:
        return []  # a limit beyond the calendar: nothing is that old
    past = []
    for summary in summaries:
        since = retention_age_from(summary)
        if since is not None and since <= cutoff:
            past.append(summary)
    return past


def retention_notice(
    summaries: Iterable[SessionSummary], days: int | None, now: datetime
) -> str | None:
    """What home says when finished interviews are past ``days`` (None: no
    retention set, or none past it)."""
    if days is None:
        return None
    count = len(past_retention(summaries, days, now))
    if not count:
        return None
    are = "interview is" if count == 1 else "interviews are"
    return f"{count} {are} past the {days}-day retention: tui-interview purge"


@dataclass
class PurgeResult:
    deleted: list[str] = field(default_factory=list)
    #: (id, why): a session open elsewhere, or one that could not be deleted.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Consensus records removed because only purged sessions fed them.
    consensus_deleted: list[str] = field(default_factory=list)


def purge(
    store: SessionStore,
    state_dir: Path | None,
    session_ids: Iterable[str],
    consensus: ConsensusStore | None = None,
) -> PurgeResult:
    """Delete each session in ``session_ids`` with its traces (see the module
    docstring), and the records of ``consensus`` only they fed. Never raises
    for one session: it is skipped with the reason."""
    from tui_interview.storage.errors import StorageError

    result = PurgeResult()
    for session_id in session_ids:
        try:
            store.delete(session_id, compact=False)
        except SessionNotFound:
            pass  # already gone: its traces go all the same
        except SessionLocked as error:
            result.skipped.append((session_id, f"open elsewhere ({error.holder.describe()})"))
            continue
        except (StorageError, OSError) as error:
            result.skipped.append((session_id, str(error)))
            continue
        remove_traces(store, state_dir, session_id)
        result.deleted.append(session_id)
    if result.deleted:
        scrub_indexes(store)
        if consensus is not None:
            result.consensus_deleted = _purge_consensus(store, consensus, set(result.deleted))
    return result


def _purge_consensus(store: SessionStore, records: ConsensusStore, purged: set[str]) -> list[str]:
    """Delete the consensus records that only the ``purged`` sessions fed (see
    the module docstring), with their damaged copies; their ids."""
    kept = {summary.id for summary in store.list_summaries()}
    removed = []
    for summary in records.list():
        record = records.load(summary.id)
        fed = set(record.sessions)
        if fed & purged and not fed & kept:
            records.delete(record.id)
            prefix = f"consensus-{record.id}."
            _remove_matching(store.damaged_dir, partial(_starts_with, prefix=prefix))
            removed.append(record.id)
    return removed


def remove_traces(store: SessionStore, state_dir: Path | None, session_id: str) -> None:
    """Remove what a deleted session left outside its file: damaged copies and
    recovery files. (The index logs are folded by ``scrub_indexes``.)"""
    prefix = f"{session_id}{SESSION_SUFFIX}."
    _remove_matching(store.damaged_dir, lambda name: name.startswith(prefix))
    if state_dir is not None:
        # Only this folder's: another data folder may hold a session with the
        # same id (storage.recovery).
        ours = {path.name for path, _ in files_of(state_dir, store.data_dir, session_id)}
        _remove_matching(state_dir / RECOVERED_FOLDER, ours.__contains__)


def scrub_indexes(store: SessionStore) -> None:
    """Fold both index logs into their base files (written anew, atomically),
    so that no line about a deleted session, nor its notes' text, is left in
    ``index.log`` or ``search.log``. Failures are left for the next listing
    (the logs are derived data)."""
    try:
        store.compact_indexes()
    except OSError:
        pass


def _starts_with(name: str, prefix: str) -> bool:
    return name.startswith(prefix)


def _remove_matching(folder: Path, wanted: Callable[[str], object]) -> None:
    """Remove the entries of ``folder`` whose names are ``wanted``. Links are
    never followed: a ``folder`` that is a symbolic link is left alone, and an
    entry that is one is removed as a link (its target is kept)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    if os.unlink not in os.supports_dir_fd or not hasattr(os, "O_NOFOLLOW"):
        if os.path.islink(folder):
            return
        _remove_matching_by_path(folder, wanted)
        return
    try:
        fd = os.open(folder, flags)
    except OSError:
        return  # missing, or a link (ELOOP): nothing of ours to remove there
    try:
        removed = False
        for name in os.listdir(fd):
            if wanted(name):
                try:
                    os.unlink(name, dir_fd=fd)
                    removed = True
                except OSError:
                    pass
        if removed:
            try:
                os.fsync(fd)
            except OSError:
                pass
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_matching_by_path(folder: Path, wanted: Callable[[str], object]) -> None:
    try:
        names = os.listdir(folder)
    except OSError:
        return
    removed = False
    for name in names:
        if wanted(name):
            try:
                os.unlink(folder / name)
                removed = True
            except OSError:
                pass
    if removed:
        try:
            fsync_dir(folder)
        except OSError:
            pass
