"""The session store: the one way the app reads and writes interviews.

Layout inside the data folder (created 0700 on the first write)::

    sessions/<id>.json   one TinyDB file per session (the truth)
    sessions/<id>.lock   present while a process has the session open
    index.json           summaries for the home screen (see storage.index)
    index.log            summaries appended since index.json was written
    search.json          per session, the folded text of its notes, for search
    search.log           search entries appended since search.json was written
    damaged/             unreadable session files, moved aside, never deleted

One file per session keeps every save the same size however many interviews
are stored; each save rewrites only its own file, atomically (see
files.atomic). Callers get domain objects (Session, SessionSummary) and
StorageError subclasses; TinyDB never leaves this package.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from tui_interview.domain.timeutil import Now, system_now
from tui_interview.domain.vocabulary import SCHEMA_VERSION
from tui_interview.errors import TuiInterviewError
from tui_interview.files.atomic import (
    NotRegularFile,
    ensure_private_dirs,
    fsync_dir,
    remove_temp_files,
)
from tui_interview.files.errors import describe_os_error
from tui_interview.storage.crypto import (
    DataKey,
    NotSealed,
    PassphraseNeeded,
    Tampered,
    is_encrypted,
)
from tui_interview.storage.encryption import quarantine, session_label
from tui_interview.storage.errors import (
    AmbiguousSession,
    SaveFailed,
    SessionDamaged,
    SessionExists,
    SessionLocked,
    SessionNotFound,
    SessionTooNew,
    StorageError,
)
from tui_interview.storage.index import VALID_ID, Entry, SessionIndex, file_stamp
from tui_interview.storage.json_storage import AtomicJSONStorage
from tui_interview.storage.locks import SessionLock
from tui_interview.storage.migrations import MigrationError, TooNew, migrate
from tui_interview.storage.open_session import (
    SESSION_DOC_ID,
    OpenSession,
    _version,
)
from tui_interview.storage.summaries import (
    SessionSummary,
    _recent_first,
    _search_entry,
    _summary_from_entry,
    _summary_or_none,
    summarise,
)

if TYPE_CHECKING:
    from tui_interview.domain.session import Session


# The session model and its codec load on first use: listing sessions for the
# home screen's first paint needs neither.
def session_to_dict(session: Session) -> dict[str, Any]:
    from tui_interview.domain.session_codec import session_to_dict as encode

    return encode(session)


def session_from_dict(data: dict[str, Any]) -> Session:
    from tui_interview.domain.session_codec import session_from_dict as decode

    return decode(data)


#: Letters and digits that cannot be confused with one another when read aloud
#: or typed from a printout (no 0/o, 1/l/i).
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
ID_LENGTH = 6
#: Ids accepted from files and imports (new ones use ID_ALPHABET only).
_VALID_ID = VALID_ID

SESSION_TABLE = "session"
SESSION_SUFFIX = ".json"
LOCK_SUFFIX = ".lock"

PROBLEM_DAMAGED = "damaged"
PROBLEM_TOO_NEW = "made by a newer version"


def is_valid_id(session_id: str) -> bool:
    return bool(_VALID_ID.fullmatch(session_id))


def _session_id(file_name: str) -> str | None:
    """The session a file in the sessions folder holds, None if it is no session file."""
    session_id = file_name[: -len(SESSION_SUFFIX)]
    if file_name.endswith(SESSION_SUFFIX) and is_valid_id(session_id):
        return session_id
    return None


class SessionStore:
    """All sessions in one data folder. Creating a store touches nothing on
    disk; folders appear (mode 0700) on the first write."""

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        now: Now = system_now,
        key: DataKey | None = None,
    ):
        """``now``: the app's clock, for when a lock was taken and when a
        damaged file was moved aside (session times come from the session).
        ``key``: the folder's key (``storage.crypto.unlock``); without it an
        encrypted folder raises PassphraseNeeded."""
        self.data_dir = Path(data_dir)
        self.now = now
        self.key = key
        self._check_key()
        self.sessions_dir = self.data_dir / "sessions"
        self.damaged_dir = self.data_dir / "damaged"
        self._index = SessionIndex(self.data_dir, key=key, recent_first=True)
        self._search_index = SessionIndex(self.data_dir, "search", key=key)
        self._damage_reports: list[SessionDamaged] = []

    def _check_key(self) -> None:
        """Refuse to work on an encrypted folder without its key (one stat)."""
        if self.key is None and is_encrypted(self.data_dir):
            raise PassphraseNeeded(self.data_dir)

    def _table(self, path: Path, session_id: str, **options: Any) -> Table:
        storage_options = dict(
            storage=AtomicJSONStorage, key=self.key, label=f"session:{session_id}"
        )
        return TinyDB(path, **storage_options, **options).table(SESSION_TABLE)

    # -- paths and ids --------------------------------------------------------

    def session_path(self, session_id: str) -> Path:
        if not is_valid_id(session_id):
            raise SessionNotFound(session_id, "Session ids are lowercase letters and digits.")
        return self.sessions_dir / f"{session_id}{SESSION_SUFFIX}"

    def _lock_path(self, session_id: str) -> Path:
        return self.sessions_dir / f"{session_id}{LOCK_SUFFIX}"

    def _stored_ids(self) -> list[str]:
        try:
            names = os.listdir(self.sessions_dir)
        except FileNotFoundError:
            return []
        return [session_id for session_id in map(_session_id, names) if session_id]

    def exists(self, session_id: str) -> bool:
        return is_valid_id(session_id) and self.session_path(session_id).exists()

    def new_id(self) -> str:
        """A short id (6 characters of ID_ALPHABET) not used by any stored session."""
        while True:
            candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
            if not self.exists(candidate) and not self._lock_path(candidate).exists():
                return candidate

    def resolve(self, prefix: str) -> str:
        """The id of the one stored session that is ``prefix`` or starts with it."""
        wanted = prefix.strip().lower()
        ids = self._stored_ids()
        if wanted in ids:
            return wanted
        matches = sorted(i for i in ids if wanted and i.startswith(wanted))
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise AmbiguousSession(prefix, matches)
        raise SessionNotFound(prefix, "`tui-interview sessions` lists the stored sessions.")

    # -- listing --------------------------------------------------------------

    def list_summaries(self) -> list[SessionSummary]:
        """Every stored session, most recently changed first. Served from the
        index; only session files changed behind its back are read."""
        return self._list()[0]

    def search(self, query: str) -> list[SessionSummary]:
        """``search_said`` without what was said."""
        return [summary for summary, _ in self.search_said(query)]

    def search_said(self, query: str) -> list[tuple[SessionSummary, str]]:
        """The stored sessions in which every word of ``query`` occurs (case
        and accents ignored, any order) in what was said (notes not deleted,
        questions added) or in the candidate, role, interviewer, id or
        competency ids; most recently changed first, like ``list_summaries``.
        An empty query finds every session. Served from the search index;
        only session files changed behind its back are read (and the index
        brought up to date), as listing does. Each comes with the folded text
        of what was said in it (``domain.search.session_search_text``; empty
        when unknown), for the home screen to show where a word occurs."""
        from tui_interview.domain.search import fold, matches, search_words

        summaries, stamps = self._list()
        words = search_words(query)
        if not words:
            return [(summary, "") for summary in summaries]
        entries = self._search_index.entries()
        repaired = self._search_index.damaged
        fresh: dict[str, Entry] = {}
        found = []
        for summary in summaries:
            stamp = stamps.get(summary.id)
            entry = entries.get(summary.id)
            text = entry.get("text") if entry and entry.get("file") == stamp else None
            if not isinstance(text, str) and stamp is not None and summary.problem is None:
                repaired = True
                entry = self._search_entry_from_file(summary.id, stamp)
                text = entry["text"] if entry else None
            if entry is not None and isinstance(text, str):
                fresh[summary.id] = entry
            names = (summary.id, summary.candidate, summary.role, summary.interviewer)
            about = fold(" ".join((*names, *(cid for cid, _ in summary.competencies))))
            if matches(f"{about}\n{text or ''}", words):
                found.append((summary, text or ""))
        if repaired or len(fresh) != len(entries):
            try:
                self._search_index.replace_all(fresh)
            except OSError:
                pass  # derived data: the next search tries again
        return found

    def _search_entry_from_file(self, session_id: str, stamp: list[int]) -> Entry | None:
        """A fresh search entry read from the session file; None if it cannot
        be read now (listing reports damage; search only leaves it out)."""
        try:
            session = self._read(self.session_path(session_id), session_id, cache=False)[1]
        except (StorageError, _Unreadable):
            return None
        return _search_entry(session, stamp)

    def _list(self) -> tuple[list[SessionSummary], dict[str, list[int]]]:
        """The summaries (see ``list_summaries``) and each file's stamp."""
        self._remove_stale_locks()
        entries = self._index.entries()
        fresh_entries: dict[str, Entry] = {}
        summaries = []
        repaired = False
        stamps = self._stamps_on_disk()
        for session_id, stamp in stamps.items():
            entry: Entry | None = entries.get(session_id)
            summary = _summary_or_none(entry) if entry and entry.get("file") == stamp else None
            if summary is None:
                repaired = True
                entry = self._summarise_file(session_id, stamp, entry, entries.get(session_id))
                if entry is None:
                    continue
                summary = _summary_from_entry(entry)
            assert entry is not None  # a summary was made from it
            fresh_entries[session_id] = entry
            summaries.append(summary)
        # An index written before it was kept most recent first is rewritten
        # in that order once (see storage.recent). One that is still only a
        # log gets its ordered base when the log is folded: listing (a dry run
        # of purge, say) does not write it.
        unordered = (
            bool(fresh_entries) and not self._index.ordered and self._index.base_path.exists()
        )
        if repaired or unordered or self._index.damaged or len(fresh_entries) != len(entries):
            try:
                self._index.replace_all(fresh_entries)
            except OSError:
                pass  # derived data: the next listing tries again
        summaries.sort(key=_recent_first, reverse=True)
        return summaries, stamps

    def _remove_stale_locks(self) -> None:
        """Remove the lock files (and temporary files) of sessions that do not
        exist, left by a process killed while creating or deleting one, once
        that process is dead. A live holder's lock is never touched."""
        try:
            names = set(os.listdir(self.sessions_dir))
        except OSError:
            return
        for name in names:
            session_id = name[: -len(LOCK_SUFFIX)]
            if not name.endswith(LOCK_SUFFIX) or not is_valid_id(session_id):
                continue
            if f"{session_id}{SESSION_SUFFIX}" in names:
                continue
            lock = SessionLock.take_if_stale(session_id, self.sessions_dir / name, self.now)
            if lock is None:
                continue
            try:
                if not self.session_path(session_id).exists():
                    self._remove_temp_files(session_id)
            except OSError:
                pass
            finally:
                lock.release()

    def _stamps_on_disk(self) -> dict[str, list[int]]:
        stamps = {}
        try:
            scan = os.scandir(self.sessions_dir)
        except FileNotFoundError:
            return {}
        with scan:
            for item in scan:
                session_id = _session_id(item.name)
                if session_id:
                    try:
                        stamps[session_id] = file_stamp(item.stat())
                    except FileNotFoundError:
                        continue
        return stamps

    def _summarise_file(
        self, session_id: str, stamp: list[int], previous: Entry | None, known: Entry | None
    ) -> Entry | None:
        """A fresh index entry for a session file, None if it has just gone."""
        try:
            table, session = self._read(
                self.session_path(session_id), session_id, cache=False, known=known
            )
        except SessionNotFound:
            return None
        except _Unreadable as error:
            path = self.session_path(session_id)
            moved_to = self._move_aside(path) if error.movable else None
            self._damage_reports.append(SessionDamaged(session_id, path, moved_to, error.reason))
            if moved_to is not None:
                return None
            entry = self._entry_with_problem(session_id, stamp, previous, PROBLEM_DAMAGED)
            return entry
        except SessionTooNew:
            return self._entry_with_problem(session_id, stamp, previous, PROBLEM_TOO_NEW)
        return summarise(session, stamp, _version(table))

    @staticmethod
    def _entry_with_problem(
        session_id: str, stamp: list[int], previous: Entry | None, problem: str
    ) -> Entry:
        # Keep what the index knew about it, so that the list can say whose it is.
        known = previous is not None and _summary_or_none(previous) is not None
        entry: Entry = dict(previous) if previous is not None and known else {"id": session_id}
        entry.update(file=stamp, problem=problem)
        return entry

    def take_damage_reports(self) -> list[SessionDamaged]:
        """The session files found unreadable while listing since the last
        call, each moved into damaged/ (``moved_to``) unless that failed.
        Callers name them to the user: the rest of the list is unaffected."""
        reports, self._damage_reports = self._damage_reports, []
        return reports

    def _record_in_index(self, session: Session, version: int) -> None:
        # The session file is already safe; a failure here only leaves the
        # index behind, and the next listing notices and repairs it.
        try:
            stamp = file_stamp(os.stat(self.session_path(session.id)))
            self._index.record(summarise(session, stamp, version))
            self._search_index.record(_search_entry(session, stamp))
        except OSError:
            pass

    # -- reading --------------------------------------------------------------

    def _known(self, session_id: str) -> Entry | None:
        """What the index last recorded of a session (for its version)."""
        if self.key is None:
            return None
        return self._index.entries().get(session_id)

    @staticmethod
    def _check_version(table: Table, known: Entry | None) -> None:
        """Refuse a sealed session file older than the version the sealed
        index last recorded for it: an older copy put back. The index is
        written only after the file is durable, so a crash can leave it
        behind the file, never ahead. A plain file (version 0: while
        encrypting, or decrypting) is not compared."""
        version = _version(table)
        latest = known.get("version") if known else None
        if not isinstance(latest, int) or isinstance(latest, bool):
            return
        if 0 < version < latest:
            raise _Unreadable(
                f"it is an older copy (version {version}) of the one last saved "
                f"(version {latest}): it was put back from a backup or by someone "
                "else, so it is not used"
            )

    def _read(
        self, path: Path, session_id: str, *, cache: bool, known: Entry | None = None
    ) -> tuple[Table, Session]:
        """Read and migrate one session file. Raises SessionNotFound,
        SessionTooNew, or _Unreadable (which callers turn into SessionDamaged).
        ``known``: its index entry, for ``_check_version``."""
        if not path.exists():
            raise SessionNotFound(session_id)
        table = self._table(path, session_id, cache=cache)
        try:
            document = table.get(doc_id=SESSION_DOC_ID)
            if document is None:
                if not path.exists():
                    raise SessionNotFound(session_id)
                raise _Unreadable("it holds no session")
            self._check_version(table, known)
            data = migrate(dict(document))
            session = session_from_dict(data)
        except FileNotFoundError:
            raise SessionNotFound(session_id) from None
        except TooNew as error:
            raise SessionTooNew(session_id, path, error.version, SCHEMA_VERSION) from None
        except MigrationError as error:
            raise _Unreadable(str(error)) from error
        except (Tampered, NotSealed) as error:
            raise _Unreadable(str(error)) from error
        except UnicodeDecodeError as error:
            raise _Unreadable("it is not UTF-8 text") from error
        except json.JSONDecodeError as error:
            raise _Unreadable(f"it is not valid JSON ({error})") from error
        except NotRegularFile:
            raise _Unreadable("it is not a regular file") from None
        except (ValueError, ArithmeticError, RecursionError) as error:
            raise _Unreadable(f"a value is invalid ({error})") from error
        except (KeyError, TypeError, AttributeError) as error:
            raise _Unreadable(f"its content is incomplete ({error!r})") from error
        except OSError as error:
            # Permission denied and the like: not damage, so it stays where it is.
            raise _Unreadable(describe_os_error(error), movable=False) from error
        if session.id != session_id:
            raise _Unreadable(f"it holds session {session.id!r}, not {session_id!r}")
        return table, session

    def _read_or_quarantine(self, session_id: str, *, cache: bool) -> tuple[Table, Session]:
        path = self.session_path(session_id)
        try:
            return self._read(path, session_id, cache=cache, known=self._known(session_id))
        except _Unreadable as error:
            moved_to = self._move_aside(path) if error.movable else None
            raise SessionDamaged(session_id, path, moved_to, error.reason) from error

    def _move_aside(self, path: Path) -> Path | None:
        """Move an unreadable file into damaged/ (kept for inspection)."""
        session_id = path.name[: -len(SESSION_SUFFIX)]
        target = quarantine(
            path,
            self.damaged_dir,
            path.name,
            self.now(),
            self.key,
            session_label(session_id),
            folders=(self.data_dir,),
        )
        if target is not None:
            self._forget_in_index(session_id)
        return target

    def _forget_in_index(self, session_id: str) -> None:
        for index in (self._index, self._search_index):
            try:
                index.forget(session_id)
            except OSError:
                pass

    def load(self, session_id: str) -> Session:
        """A read-only snapshot of the session, without taking its lock."""
        return self._read_or_quarantine(session_id, cache=False)[1]

    def open(self, session_id: str, *, read_only: bool = False) -> OpenSession:
        """Open a session to run or review it. Raises SessionLocked when another
        process has it open (then ``read_only=True`` still works),
        SessionNotFound, SessionDamaged or SessionTooNew."""
        if read_only:
            return OpenSession(self, self.load(session_id), table=None, lock=None)
        self._check_key()
        path = self.session_path(session_id)
        if not path.exists():
            raise SessionNotFound(session_id)
        lock = SessionLock.acquire(session_id, self._lock_path(session_id), self.now)
        try:
            self._remove_temp_files(session_id)
            table, session = self._read_or_quarantine(session_id, cache=True)
        except BaseException:
            lock.release()
            raise
        return OpenSession(self, session, table=table, lock=lock)

    def _remove_temp_files(self, session_id: str) -> None:
        # Only the lock holder writes a session, so with the lock held any
        # temporary file of this session is debris from a crash.
        prefix = f"{session_id}{SESSION_SUFFIX}."
        remove_temp_files(
            self.sessions_dir, [n for n in os.listdir(self.sessions_dir) if n.startswith(prefix)]
        )

    # -- writing --------------------------------------------------------------

    def _prepare_dirs(self, path: Path) -> None:
        self._check_key()
        try:
            ensure_private_dirs(self.data_dir, self.sessions_dir)
        except OSError as error:
            raise SaveFailed(path, error) from error

    def create(self, session: Session) -> None:
        """Store a new session durably. Raises SessionExists if its id is taken."""
        self._record_in_index(session, self._create(session, durable=True))

    def _create(self, session: Session, *, durable: bool) -> int:
        """Store a new session; returns the version its file was sealed with."""
        if not is_valid_id(session.id):
            raise ValueError(f"not a valid session id: {session.id!r} (see new_id())")
        path = self.session_path(session.id)
        self._prepare_dirs(path)
        try:
            lock = SessionLock.acquire(session.id, self._lock_path(session.id), self.now)
        except SessionLocked:
            # Another process holds the id: it has the session open, or is
            # creating it this moment (the same import run twice at once).
            raise SessionExists(session.id) from None
        try:
            if path.exists():
                raise SessionExists(session.id)
            table = self._table(path, session.id, durable=durable)
            try:
                table.insert(Document(session_to_dict(session), doc_id=SESSION_DOC_ID))
            except OSError as error:
                raise SaveFailed(path, error) from error
            return _version(table)
        finally:
            lock.release()

    def create_many(self, sessions: Iterable[Session], *, durable: bool = True) -> None:
        """Store many new sessions and index them in one go. ``durable=False``
        skips flushing each file to disk: for building test and benchmark data."""
        entries = self._index.entries()
        search_entries = self._search_index.entries()
        for session in sessions:
            version = self._create(session, durable=durable)
            stamp = file_stamp(os.stat(self.session_path(session.id)))
            entries[session.id] = summarise(session, stamp, version)
            search_entries[session.id] = _search_entry(session, stamp)
        self._index.replace_all(entries)
        self._search_index.replace_all(search_entries)

    def import_session(self, session: Session) -> str:
        """Store a session from elsewhere (e.g. a JSON export); it gets a new id
        if its own is taken or not valid here. Returns the id it was stored under."""
        while True:
            if not is_valid_id(session.id) or self.exists(session.id):
                data = session_to_dict(session)
                data["id"] = self.new_id()
                session = session_from_dict(data)
            try:
                self.create(session)
            except SessionExists:
                continue
            return session.id

    def delete(self, session_id: str, *, compact: bool = True) -> None:
        """Delete a session for good. Raises SessionLocked if it is open elsewhere.
        ``compact=False`` leaves folding the index logs to the caller (purge
        deletes many, then folds once)."""
        path = self.session_path(session_id)
        if not path.exists():
            raise SessionNotFound(session_id)
        lock = SessionLock.acquire(
            session_id, self._lock_path(session_id), self.now, needs_no_space=True
        )
        try:
            try:
                os.unlink(path)
            except FileNotFoundError:
                raise SessionNotFound(session_id) from None
            except OSError as error:
                raise StorageError(f"Could not delete {path}: {error.strerror}.") from error
            fsync_dir(self.sessions_dir)
            self._remove_temp_files(session_id)
        finally:
            lock.release()
        self._forget_in_index(session_id)
        if not compact:
            return
        try:
            self.compact_indexes()  # no line about it (its notes' text) stays in a log
        except OSError:
            pass  # derived data: the next listing rewrites the index

    def compact_indexes(self) -> None:
        """Fold ``index.log`` and ``search.log`` into new base files (written
        atomically), so that what was forgotten is in neither file any more."""
        for index in (self._index, self._search_index):
            index.replace_all(index.entries())


class _Unreadable(TuiInterviewError):
    def __init__(self, reason: str, *, movable: bool = True):
        super().__init__(reason)
        self.reason = reason
        #: Whether the file is damaged (moved aside) rather than out of reach.
        self.movable = movable
