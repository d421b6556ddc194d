"""Turning encryption on and off for a data folder, and changing the passphrase.

Each is crash-safe: it can be killed at any moment, every session is readable
afterwards (with the passphrase in force), and running the same command again
finishes the job. The header's ``state`` (``storage.crypto``) is the journal:

- ``encrypt``: write the header (``encrypting``, a new random data key); seal
  every session file (under its session lock), every file in ``damaged/``,
  the index and the search index, each by one atomic replace; remove
  temporary files; then mark the header ``encrypted``. While ``encrypting``,
  a plain file and a sealed one are both read.
- ``decrypt``: mark the header ``decrypting``; open every file the same way;
  then remove the header. While ``decrypting``, both are read and new writes
  are plain.
- ``change-passphrase``: rewrap the data key with the new passphrase (new
  salt): one atomic replace of the header, so the old passphrase works until
  it is done and the new one after. The data key itself does not change.
- ``change-passphrase --rotate-key``: a new data key. The header first
  records it beside the old one (``next_key``, wrapped by the current
  passphrase); every sealed file (sessions under their locks, ``damaged/``,
  ``consensus/``, both indexes, this folder's recovery files) is then
  resealed with it, one atomic replace each, versions kept; while this runs
  files sealed with either key open and new writes use the new one. Last,
  one atomic replace of the header keeps only the new key, wrapped by the new
  passphrase: from then on a copy of the old header and the old passphrase
  open nothing written since, and nothing at all once resealed. Killed
  midway, the header still holds both keys under the current passphrase:
  running the command again finishes.

A session open in another process stops ``encrypt`` and ``decrypt`` with
``SessionLocked`` before that session is touched; the folder stays readable
and running the command again, once it is closed, finishes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui_interview.domain.timeutil import Now, system_now
from tui_interview.files.atomic import (
    TEMP_SUFFIX,
    ensure_private_dirs,
    fsync_dir,
    read_regular_file,
    remove_temp_files,
    write_atomically,
)
from tui_interview.storage.crypto import (
    DECRYPTING,
    ENCRYPTED,
    ENCRYPTING,
    HEADER_FILE,
    DataKey,
    Tampered,
    create_header,
    header_path,
    is_encrypted,
    is_sealed,
    sealed_version,
    unlock,
)
from tui_interview.storage.errors import StorageError
from tui_interview.storage.index import VALID_ID, SessionIndex
from tui_interview.storage.locks import SessionLock
from tui_interview.storage.recovery import open_sealed_recovery_files, seal_plain_recovery_files

SESSION_SUFFIX = ".json"
LOCK_SUFFIX = ".lock"
INDEX_NAMES = ("index", "search")

#: Called before each file is converted (tests use it to stop at a given file).
Progress = Callable[[str], None]


def session_label(session_id: str) -> str:
    return f"session:{session_id}"


#: Panel consensus records (``consensus/<id>.json``, storage/consensus_store.py
#: once merged): sealed as ``consensus:<id>``; set aside as
#: ``damaged/consensus-<id>.json.<time>``.
CONSENSUS_FOLDER = "consensus"
CONSENSUS_DAMAGED_PREFIX = "consensus-"


def consensus_label(record_id: str) -> str:
    return f"consensus:{record_id}"


def damaged_label(name: str) -> str:
    """The label a file in damaged/ was sealed under (that of its original)."""
    if name.startswith(CONSENSUS_DAMAGED_PREFIX):
        return consensus_label(name[len(CONSENSUS_DAMAGED_PREFIX) :].split(".", 1)[0])
    return session_label(name.split(".", 1)[0])


def move_aside(path: Path, target: Path, key: DataKey | None, label: str) -> None:
    """Move an unreadable ``path`` to ``target`` (in damaged/). In a folder
    whose writes are sealed, a plain file (one copied in from an old backup,
    say) is sealed on the way under ``label``, so damaged/ holds no plain
    text either; ``decrypt`` opens it again. The caller flushes the folders.
    Raises OSError."""
    if key is not None and key.seals:
        try:
            raw: bytes | None = read_regular_file(path)
        except ValueError:  # not a regular file: moved as it is
            raw = None
        if raw is not None and not is_sealed(raw):
            write_atomically(target, key.seal(raw, label))
            os.unlink(path)
            return
    os.rename(path, target)


def quarantine(
    path: Path,
    damaged_dir: Path,
    name: str,
    now: datetime,
    key: DataKey | None,
    label: str,
    *,
    folders: tuple[Path, ...] = (),
) -> Path | None:
    """Move the unreadable ``path`` into ``damaged_dir`` as ``<name>.<time>``
    (``-2``, ``-3``… when taken; sealed on the way, see ``move_aside``) and
    flush both folders: where it went, or None if it could not be moved.
    ``folders``: made private first, above ``damaged_dir``."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    try:
        ensure_private_dirs(*folders, damaged_dir)
        target = damaged_dir / f"{name}.{stamp}"
        counter = 1
        while target.exists():
            counter += 1
            target = damaged_dir / f"{name}.{stamp}-{counter}"
        move_aside(path, target, key, label)
        fsync_dir(damaged_dir)
        fsync_dir(path.parent)
    except OSError:
        return None
    return target


@dataclass
class Converted:
    """What a run did: files sealed or opened, files left as they were
    because they fail authentication (they are quarantined when read)."""

    files: int = 0
    unreadable: list[str] = field(default_factory=list)


def _ids_in(sessions_dir: Path) -> list[str]:
    try:
        names = os.listdir(sessions_dir)
    except FileNotFoundError:
        return []
    ids = set()
    for name in names:
        session_id = name.split(".", 1)[0]
        if VALID_ID.fullmatch(session_id) and (
            name.endswith((SESSION_SUFFIX, TEMP_SUFFIX, LOCK_SUFFIX))
        ):
            ids.add(session_id)
    return sorted(ids)


def _convert_file(
    path: Path,
    key: DataKey,
    label: str,
    seal: bool,
    done: Converted,
    version: int | None = None,
) -> None:
    """Seal or open one file in place. ``version``: a session file, sealed
    with that version (see ``storage.crypto``)."""
    try:
        raw = read_regular_file(path)
    except (OSError, ValueError):
        return  # gone, or not a regular file: reading it quarantines it
    if seal and not is_sealed(raw):
        if version is None:
            write_atomically(path, key.seal(raw, label))
        else:
            write_atomically(path, key.seal_versioned(raw, label, version))
        done.files += 1
    elif not seal and is_sealed(raw):
        try:
            plain = key.open(raw, label)
        except Tampered:
            done.unreadable.append(str(path))
            return
        write_atomically(path, plain)
        done.files += 1


def _convert_sessions(
    data_dir: Path, key: DataKey, seal: bool, now: Now, progress: Progress | None
) -> Converted:
    sessions_dir = data_dir / "sessions"
    done = Converted()
    # A plain session file is sealed with the version the index last knew
    # of it (a ``decrypt`` turned back may have left one), so that it is
    # never taken for an older copy.
    known = SessionIndex(data_dir, key=key).entries()
    for session_id in _ids_in(sessions_dir):
        lock = SessionLock.acquire(session_id, sessions_dir / f"{session_id}{LOCK_SUFFIX}", now)
        try:
            names = [n for n in os.listdir(sessions_dir) if n.startswith(f"{session_id}.")]
            # A temporary file left by a crash may hold plain text: with the
            # lock held it is debris, and goes.
            remove_temp_files(sessions_dir, names)
            path = sessions_dir / f"{session_id}{SESSION_SUFFIX}"
            if progress is not None:
                progress(str(path))
            version = known.get(session_id, {}).get("version")
            version = version if isinstance(version, int) and version > 0 else 1
            _convert_file(path, key, session_label(session_id), seal, done, version)
        finally:
            lock.release()
    # damaged/<id>.json.<time>: sealed as its session, so that it opens as
    # such once decrypted (a file moved there while sealed already is).
    for path in _damaged_files(data_dir, progress):
        _convert_file(path, key, damaged_label(path.name), seal, done)
    _convert_consensus(data_dir / CONSENSUS_FOLDER, key, seal, progress, done)
    return done


def _convert_consensus(
    folder: Path, key: DataKey, seal: bool, progress: Progress | None, done: Converted
) -> None:
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return
    remove_temp_files(folder, names)
    for name in names:
        record_id = name[: -len(SESSION_SUFFIX)]
        if name.endswith(SESSION_SUFFIX) and VALID_ID.fullmatch(record_id):
            if progress is not None:
                progress(str(folder / name))
            _convert_file(folder / name, key, consensus_label(record_id), seal, done)


def _file_version(path: Path) -> int:
    try:
        with open(path, "rb") as file:
            return sealed_version(file.read(16))
    except OSError:
        return 0


def _convert_indexes(data_dir: Path, key: DataKey, progress: Progress | None) -> None:
    """Rewrite the index and the search index as the key's state says (both
    read either way while converting), and drop their temporary files."""
    for name in INDEX_NAMES:
        index = SessionIndex(data_dir, name, key=key)
        if progress is not None:
            progress(str(index.base_path))
        entries = index.entries()
        if name == "index":
            # Each summary's version is its file's as converted.
            for session_id, entry in entries.items():
                entry["version"] = _file_version(data_dir / "sessions" / f"{session_id}.json")
        index.replace_all(entries)
        with index._locked():
            prefix = f"{index.base_path.name}."
            remove_temp_files(data_dir, [n for n in os.listdir(data_dir) if n.startswith(prefix)])
    remove_temp_files(data_dir, [n for n in os.listdir(data_dir) if n.startswith(HEADER_FILE)])


def encrypt_folder(
    data_dir: Path,
    passphrase: str,
    *,
    now: Now = system_now,
    progress: Progress | None = None,
    state_dir: Path | None = None,
) -> tuple[DataKey, Converted]:
    """Encrypt every file of the folder (see the module); with ``state_dir``,
    also the plain recovery files there of this folder's sessions. If
    encryption was started before, ``passphrase`` must be the one it was
    started with (WrongPassphrase otherwise); an interrupted ``decrypt`` is
    turned back."""
    ensure_private_dirs(data_dir)
    if is_encrypted(data_dir):
        key = unlock(data_dir, passphrase)
        if key.state != ENCRYPTING:
            key.set_state(ENCRYPTING)
    else:
        key = create_header(data_dir, passphrase, state=ENCRYPTING)
    done = _convert_sessions(data_dir, key, True, now, progress)
    _convert_indexes(data_dir, key, progress)
    if state_dir is not None:
        done.files += seal_plain_recovery_files(state_dir, key)
    key.set_state(ENCRYPTED)
    return key, done


def decrypt_folder(
    key: DataKey,
    *,
    now: Now = system_now,
    progress: Progress | None = None,
    state_dir: Path | None = None,
) -> Converted:
    """Decrypt every file of the key's folder and remove the header (see the
    module); with ``state_dir``, also the recovery files there sealed with
    this key (they could not be opened once the key is gone)."""
    data_dir = key.data_dir
    if key.state != DECRYPTING:
        key.set_state(DECRYPTING)
    done = _convert_sessions(data_dir, key, False, now, progress)
    _convert_indexes(data_dir, key, progress)
    if done.unreadable:
        raise StorageError(
            f"{len(done.unreadable)} file(s) fail authentication and were left as they are "
            f"({', '.join(done.unreadable)}); the folder stays encrypted. Move them away "
            "(they are damaged or were changed) and run decrypt again."
        )
    if state_dir is not None:
        done.files += open_sealed_recovery_files(state_dir, key)
    os.unlink(header_path(data_dir))
    fsync_dir(data_dir)
    return done


def change_passphrase(key: DataKey, new_passphrase: str) -> None:
    """Rewrap the data key with ``new_passphrase``: one atomic replace."""
    key.rewrap(new_passphrase)


def _reseal_file(path: Path, key: DataKey, label: str, done: Converted) -> None:
    try:
        raw = read_regular_file(path)
    except (OSError, ValueError):
        return  # gone, or not a regular file: reading it quarantines it
    if not is_sealed(raw):
        return
    try:
        resealed = key.reseal(raw, label)
    except Tampered:
        done.unreadable.append(str(path))
        return
    if resealed is not None:
        write_atomically(path, resealed)
        done.files += 1


def rotate_key(
    key: DataKey,
    new_passphrase: str,
    *,
    now: Now = system_now,
    progress: Progress | None = None,
    state_dir: Path | None = None,
) -> Converted:
    """``change-passphrase --rotate-key`` (see the module): every sealed file
    resealed with a new data key, then the header keeps only that key,
    wrapped by ``new_passphrase``. Raises SessionLocked (before that session
    is touched; run again to finish) or StorageError (an ``encrypt`` or
    ``decrypt`` to finish first)."""
    from tui_interview.storage.recovery import reseal_recovery_files

    data_dir = key.data_dir
    if key.state != ENCRYPTED:
        raise StorageError(
            f"An interrupted {pending(key)} is not finished: run tui-interview {pending(key)} "
            "first, then change the key."
        )
    key.begin_rotation()
    done = Converted()
    sessions_dir = data_dir / "sessions"
    for session_id in _ids_in(sessions_dir):
        lock = SessionLock.acquire(session_id, sessions_dir / f"{session_id}{LOCK_SUFFIX}", now)
        try:
            names = [n for n in os.listdir(sessions_dir) if n.startswith(f"{session_id}.")]
            remove_temp_files(sessions_dir, names)
            path = sessions_dir / f"{session_id}{SESSION_SUFFIX}"
            if progress is not None:
                progress(str(path))
            _reseal_file(path, key, session_label(session_id), done)
        finally:
            lock.release()
    for path in _damaged_files(data_dir, progress):
        _reseal_file(path, key, damaged_label(path.name), done)
    consensus = data_dir / CONSENSUS_FOLDER
    try:
        records = sorted(os.listdir(consensus))
    except FileNotFoundError:
        records = []
    remove_temp_files(consensus, records)
    for name in records:
        record_id = name[: -len(SESSION_SUFFIX)]
        if name.endswith(SESSION_SUFFIX) and VALID_ID.fullmatch(record_id):
            _reseal_file(consensus / name, key, consensus_label(record_id), done)
    # Both indexes, read with either key and written with the new one.
    for name in INDEX_NAMES:
        index = SessionIndex(data_dir, name, key=key, recent_first=name == "index")
        if progress is not None:
            progress(str(index.base_path))
        index.replace_all(index.entries())
    if state_dir is not None:
        done.files += reseal_recovery_files(state_dir, key)
    key.finish_rotation(new_passphrase)
    return done


def pending(key: DataKey) -> str | None:
    """The command an interrupted run left to finish, if any."""
    state = key.state
    if key.rotating and state == ENCRYPTED:
        return "change-passphrase --rotate-key"
    if state == ENCRYPTING:
        return "encrypt"
    if state == DECRYPTING:
        return "decrypt"
    return None


def _damaged_files(data_dir: Path, progress: Progress | None) -> Iterator[Path]:
    """The files set aside in ``damaged/``, each said to ``progress`` as it
    comes; the temporary files a crash left there are removed instead."""
    damaged_dir = data_dir / "damaged"
    try:
        names = sorted(os.listdir(damaged_dir))
    except FileNotFoundError:
        return
    for name in names:
        if name.endswith(TEMP_SUFFIX):
            remove_temp_files(damaged_dir, [name])
            continue
        if progress is not None:
            progress(str(damaged_dir / name))
        yield damaged_dir / name
