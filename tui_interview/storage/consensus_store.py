"""Where the panels' consensus records are kept: one JSON file per record.

Layout inside the data folder (created 0700 on the first write)::

    consensus/<id>.json    one record (domain.consensus.Consensus.to_dict)
    damaged/consensus-<id>.json.<stamp>
                           an unreadable record, moved aside, never deleted

Every save rewrites the record's file atomically (files.atomic: a temporary
file, fsync, rename, folder fsync), so a crash leaves the old record or the
new one, never a mix; files are 0600, folders 0700, as for sessions.

Every byte read from or written to a record file goes through
``read_record_bytes`` and ``write_record_bytes`` (the one place a storage
layer such as encryption at rest hooks in).
"""

from __future__ import annotations

import builtins
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui_interview.domain.consensus import Consensus, ConsensusError, ConsensusTooNew
from tui_interview.domain.recommendation import Verdict
from tui_interview.domain.strict_json import loads
from tui_interview.domain.timeutil import Now, system_now
from tui_interview.errors import EXIT_UNAVAILABLE
from tui_interview.files.atomic import (
    NotRegularFile,
    ensure_private_dirs,
    fsync_dir,
    read_regular_file,
    remove_temp_files,
    write_atomically,
)
from tui_interview.files.errors import describe_os_error
from tui_interview.storage.crypto import (
    DataKey,
    NotSealed,
    PassphraseNeeded,
    Tampered,
    decode_file,
    encode_file,
    is_encrypted,
)
from tui_interview.storage.encryption import consensus_label, quarantine
from tui_interview.storage.errors import SaveFailed, StorageError
from tui_interview.storage.index import VALID_ID

FOLDER = "consensus"
SUFFIX = ".json"
#: New ids: as for sessions, 6 characters that cannot be misread.
ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
ID_LENGTH = 6


# -- the one pair every byte goes through --------------------------------------


def read_record_bytes(path: Path) -> bytes:
    """The stored bytes of a record file (a regular file only). Raises OSError
    or files.atomic.NotRegularFile."""
    return read_regular_file(path)


def write_record_bytes(path: Path, data: bytes) -> None:
    """Store ``data`` as ``path``, atomically and durably, mode 0600."""
    write_atomically(path, data)


# -- errors and summaries ------------------------------------------------------


class ConsensusNotFound(StorageError):
    def __init__(self, record_id: str):
        self.record_id = record_id
        super().__init__(f"No consensus record {record_id!r}.")


class ConsensusDamaged(StorageError):
    """A record file that cannot be read; moved aside (``moved_to``) unless it
    was made by a newer version or could not be moved."""

    def __init__(self, record_id: str, path: Path, moved_to: Path | None, reason: str):
        self.record_id = record_id
        self.path = path
        self.moved_to = moved_to
        self.reason = reason
        where = f" It was moved to {moved_to} so that it can be inspected." if moved_to else ""
        super().__init__(
            f"Consensus record {record_id} could not be read ({path}): {reason}.{where}"
        )


class ConsensusUnreadable(StorageError):
    """The file system refused to read or remove a record (or its folder)."""

    exit_status = EXIT_UNAVAILABLE


@dataclass(frozen=True)
class ConsensusSummary:
    """One record as the home screen lists it."""

    id: str
    candidate: str
    role: str
    plan_id: str
    #: Competencies with a consensus level.
    agreed: int
    #: The latest consensus recommendation, None if there is none.
    verdict: Verdict | None
    last_recorded_at: datetime | None


def summarise(consensus: Consensus) -> ConsensusSummary:
    latest = consensus.latest_recommendation()
    return ConsensusSummary(
        id=consensus.id,
        candidate=consensus.candidate,
        role=consensus.role,
        plan_id=consensus.plan_id,
        agreed=len(consensus.agreed_competencies()),
        verdict=None if latest is None else latest.verdict,
        last_recorded_at=consensus.last_recorded_at(),
    )


def _recency(record: Consensus) -> tuple[bool, datetime]:
    moment = record.last_recorded_at()
    return (moment is not None, moment or datetime.min.replace(tzinfo=UTC))


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def encode(consensus: Consensus) -> bytes:
    return (json.dumps(consensus.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def decode(data: bytes) -> Consensus:
    """A record from its file's bytes. Raises ConsensusError."""
    try:
        document = loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConsensusError("not UTF-8 text") from None
    except ValueError as error:
        raise ConsensusError(f"not valid JSON ({error})") from None
    return Consensus.from_dict(document)


class ConsensusStore:
    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        now: Now = system_now,
        key: DataKey | None = None,
    ):
        """``now`` only stamps the name a damaged file is moved aside under.
        ``key``: the folder's key when it is encrypted (as for SessionStore);
        without it an encrypted folder raises PassphraseNeeded."""
        self.data_dir = Path(data_dir)
        self.key = key
        if key is None and is_encrypted(self.data_dir):
            raise PassphraseNeeded(self.data_dir)
        self.folder = self.data_dir / FOLDER
        self.damaged_dir = self.data_dir / "damaged"
        self.now = now
        self._damage: list[ConsensusDamaged] = []

    # -- ids and paths ------------------------------------------------------------

    def path(self, record_id: str) -> Path:
        if not isinstance(record_id, str) or not VALID_ID.fullmatch(record_id):
            raise ConsensusNotFound(str(record_id))
        return self.folder / f"{record_id}{SUFFIX}"

    def exists(self, record_id: str) -> bool:
        return bool(VALID_ID.fullmatch(record_id)) and self.path(record_id).exists()

    def new_id(self) -> str:
        """A short id not used by any stored record."""
        while True:
            candidate = "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))
            if not self.exists(candidate):
                return candidate

    def _ids(self) -> list[str]:
        try:
            names = sorted(os.listdir(self.folder))
        except FileNotFoundError:
            return []
        except OSError as error:
            raise ConsensusUnreadable(
                f"Cannot read {self.folder}: {describe_os_error(error)}"
            ) from error
        return [
            name[: -len(SUFFIX)]
            for name in names
            if name.endswith(SUFFIX) and VALID_ID.fullmatch(name[: -len(SUFFIX)])
        ]

    # -- reading ----------------------------------------------------------------

    def load(self, record_id: str) -> Consensus:
        """The record. Raises ConsensusNotFound, or ConsensusDamaged (and the
        file is moved into damaged/)."""
        path = self.path(record_id)
        try:
            data = read_record_bytes(path)
        except FileNotFoundError:
            raise ConsensusNotFound(record_id) from None
        except OSError as error:
            raise ConsensusUnreadable(f"Cannot read {path}: {describe_os_error(error)}") from error
        except NotRegularFile as error:
            raise ConsensusDamaged(record_id, path, None, str(error)) from error
        try:
            data = decode_file(data, self.key, consensus_label(record_id), self.data_dir)
        except (Tampered, NotSealed) as error:
            raise ConsensusDamaged(record_id, path, self._move_aside(path), str(error)) from error
        try:
            consensus = decode(data)
        except ConsensusTooNew as error:
            raise ConsensusDamaged(record_id, path, None, str(error)) from error
        except ConsensusError as error:
            raise ConsensusDamaged(record_id, path, self._move_aside(path), str(error)) from error
        if consensus.id != record_id:
            reason = f"it holds record {consensus.id!r}, not {record_id!r}"
            raise ConsensusDamaged(record_id, path, self._move_aside(path), reason)
        return consensus

    def _move_aside(self, path: Path) -> Path | None:
        record_id = path.name[: -len(SUFFIX)]
        return quarantine(
            path,
            self.damaged_dir,
            f"consensus-{path.name}",
            self.now(),
            self.key,
            consensus_label(record_id),
        )

    def _all(self) -> builtins.list[Consensus]:
        """Every readable record; unreadable ones are kept for
        ``take_damage_reports`` (and moved aside)."""
        try:
            remove_temp_files(self.folder, os.listdir(self.folder))
        except OSError:
            pass
        records = []
        for record_id in self._ids():
            try:
                records.append(self.load(record_id))
            except ConsensusDamaged as error:
                self._damage.append(error)
            except ConsensusNotFound:
                continue  # removed meanwhile
        return records

    def records(self) -> builtins.list[Consensus]:
        """Every readable record (damaged ones reported by ``take_damage_reports``)."""
        return self._all()

    def list(self) -> list[ConsensusSummary]:
        """Every readable record, the most recently recorded first (records with
        nothing recorded yet last). A damaged file is moved into damaged/ and
        reported by ``take_damage_reports``; it never hides the others."""
        summaries = [summarise(c) for c in self._all()]
        summaries.sort(key=lambda s: s.id)
        summaries.sort(
            key=lambda s: (
                s.last_recorded_at is not None,
                s.last_recorded_at or datetime.min.replace(tzinfo=UTC),
            ),
            reverse=True,
        )
        return summaries

    def take_damage_reports(self) -> builtins.list[ConsensusDamaged]:
        """The records found unreadable since the last call."""
        damage, self._damage = self._damage, []
        return damage

    def find(self, candidate: str, plan_id: str) -> Consensus | None:
        """The record for this candidate (case and spacing ignored) and plan;
        the most recently recorded one if there are several."""
        return self.lookup()(candidate, plan_id)

    def lookup(self) -> Callable[[str, str], Consensus | None]:
        """``find`` for many groups: every record is read once, now; the
        function returned answers (candidate, plan id) from what was read."""
        best: dict[tuple[str, str], Consensus] = {}
        for record in sorted(self._all(), key=lambda c: c.id):
            key = (_name_key(record.candidate), record.plan_id)
            held = best.get(key)
            if held is None or _recency(record) > _recency(held):
                best[key] = record

        def find(candidate: str, plan_id: str) -> Consensus | None:
            return best.get((_name_key(candidate), plan_id))

        return find

    # -- writing ------------------------------------------------------------------

    def save(self, consensus: Consensus) -> None:
        """Write the record (a new file, or a new version of it) atomically.
        Raises SaveFailed (nothing changed on disk)."""
        path = self.path(consensus.id)
        try:
            data = encode(consensus)
        except UnicodeEncodeError:
            raise StorageError(
                f"Consensus record {consensus.id} holds text that cannot be saved (half of a "
                "character pair); nothing was changed."
            ) from None
        try:
            ensure_private_dirs(self.folder)
            write_record_bytes(path, encode_file(data, self.key, consensus_label(consensus.id)))
        except OSError as error:
            raise SaveFailed(path, error) from error

    def delete(self, record_id: str) -> None:
        path = self.path(record_id)
        try:
            os.unlink(path)
        except FileNotFoundError:
            raise ConsensusNotFound(record_id) from None
        except OSError as error:
            raise ConsensusUnreadable(
                f"Cannot delete {path}: {describe_os_error(error)}"
            ) from error
        fsync_dir(self.folder)
