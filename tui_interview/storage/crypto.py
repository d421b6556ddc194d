"""Encryption at rest: the data folder's key, and sealing and opening bytes.

A folder is encrypted when it holds ``encryption.json`` (the header, 0600).
The header stores a random 256-bit *data key*, wrapped (AES-256-GCM) by a key
derived from the passphrase with scrypt; its parameters and salt are stored
beside it. Every file and index line is sealed with the data key, so changing
the passphrase only rewraps the data key: one atomic replace of the header.

The wrapped key's authentication tag is the key-check value: a wrong
passphrase fails to unwrap it (``WrongPassphrase``), and nothing is changed.
The header's ``state`` is the associated data of the wrap, so it cannot be
edited without the passphrase:

- ``encrypting``: ``tui-interview encrypt`` has started; files may still be
  plain, and are read either way; new writes are sealed;
- ``encrypted``: every file is sealed; a plain file is refused (quarantined);
- ``decrypting``: ``tui-interview decrypt`` has started; files are read
  either way; new writes are plain. The header is removed when it is done.

A sealed file is ``MAGIC + nonce (12 bytes) + ciphertext and tag``; a session
file is sealed with its *version* (``VERSIONED_MAGIC + version (8 bytes, big
endian) + nonce + ciphertext and tag``, the version in the associated data),
raised by every save and kept in the sealed index, so an older copy put back
is found (``storage.store``). The header has a *generation*, raised by every
rewrite and bound into the wrap's associated data; the user's state folder
keeps the last one seen (``storage.anchor``), so an older header put back is
refused (``RolledBack``), as is an older index. A sealed
line of a log is ``LINE_MAGIC + base64 of the same`` (without MAGIC) and a
newline. The associated data is the file's role (``session:<id>``,
``index.json``, ``search.log`` …), so a sealed file moved to another name
does not open. Every seal draws a fresh random 96-bit nonce.

Nothing here derives a key more than once per call: ``unlock`` once per app
start, ``check_passphrase`` once per lock-screen attempt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui_interview.domain import strict_json
from tui_interview.errors import TuiInterviewError
from tui_interview.files.atomic import read_regular_file, write_atomically
from tui_interview.storage.errors import StorageError

HEADER_FILE = "encryption.json"
FORMAT = "tui-interview encryption"
FORMAT_VERSION = 1
CIPHER = "AES-256-GCM"

ENCRYPTING = "encrypting"
ENCRYPTED = "encrypted"
DECRYPTING = "decrypting"
STATES = (ENCRYPTING, ENCRYPTED, DECRYPTING)

#: scrypt cost: 2**17 x 8 x 128 bytes = 128 MiB and about half a second
#: (OWASP's minimum for scrypt). Stored in the header, so it can change.
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16

MAGIC = b"\x00TIE1"
VERSIONED_MAGIC = b"\x00TIE2"
VERSION_BYTES = 8
LINE_MAGIC = b"TIE1:"
_AAD = b"tui-interview/1 "
_WRAP_AAD = b"tui-interview/1 data key "

PASSPHRASE_ENV = "TUI_INTERVIEW_PASSPHRASE"
NEW_PASSPHRASE_ENV = "TUI_INTERVIEW_NEW_PASSPHRASE"


class WrongPassphrase(StorageError):
    def __init__(self) -> None:
        super().__init__("wrong passphrase")


class PassphraseNeeded(StorageError):
    """The folder is encrypted and no key was given."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        super().__init__(
            f"The sessions in {data_dir} are encrypted: a passphrase is needed "
            f"(asked on the terminal, or ${PASSPHRASE_ENV}, or --passphrase-file)."
        )


class HeaderMissing(PassphraseNeeded):
    """Sealed files in a folder without its header: no passphrase can open
    them until the header is put back."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        StorageError.__init__(
            self,
            f"{data_dir} holds encrypted files but not their key file, {HEADER_FILE}: "
            "without it they cannot be decrypted. Restore it from a backup.",
        )


class NotEncrypted(StorageError):
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        super().__init__(f"{data_dir} is not encrypted (tui-interview encrypt turns it on).")


class BadHeader(StorageError):
    def __init__(self, path: Path, reason: str):
        self.path = path
        super().__init__(
            f"{path} cannot be read ({reason}); the sessions cannot be decrypted "
            "without it. Restore it from a backup."
        )


class RolledBack(StorageError):
    """A file of an encrypted folder is older than the latest one seen: an
    older copy was put back (from a backup, or by someone who can write to
    the folder). It is not used."""


class KeyReplaced(StorageError):
    def __init__(self, data_dir: Path):
        super().__init__(
            f"The data key of {data_dir} was replaced by another process "
            "(change-passphrase --rotate-key): nothing was saved with the old one. "
            "Quit and unlock again with the new passphrase."
        )


class HeaderRolledBack(RolledBack):
    def __init__(self, data_dir: Path, generation: int, latest: int):
        self.data_dir = data_dir
        from tui_interview.storage.anchor import anchor_path

        super().__init__(
            f"{header_path(data_dir)} is an older copy (generation {generation}) of the "
            f"one last used here (generation {latest}): it was put back, and is not "
            "used. Restore the latest one; if you restored the whole folder from a "
            f"backup on purpose, remove {anchor_path(data_dir)} to accept it."
        )


class Tampered(TuiInterviewError, ValueError):
    """A sealed file or line failed authentication: changed, damaged, moved
    from another name, or sealed with another key."""


class NotSealed(TuiInterviewError, ValueError):
    """A plain file where the folder holds only sealed ones."""


def header_path(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir) / HEADER_FILE


def is_encrypted(data_dir: str | os.PathLike[str]) -> bool:
    """Whether the folder has an encryption header (in any state: a folder
    being encrypted or decrypted needs the passphrase too)."""
    return os.path.lexists(header_path(data_dir))


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(MAGIC) or raw.startswith(VERSIONED_MAGIC)


def sealed_version(raw: bytes) -> int:
    """The version a sealed file is stamped with (unauthenticated until it is
    opened), 0 for a plain file or one sealed without a version."""
    if raw.startswith(VERSIONED_MAGIC) and len(raw) >= len(VERSIONED_MAGIC) + VERSION_BYTES:
        start = len(VERSIONED_MAGIC)
        return int.from_bytes(raw[start : start + VERSION_BYTES], "big")
    return 0


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aead(key: bytes) -> Any:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


#: The most a header may ask of scrypt (a hostile header must not make the
#: app allocate gigabytes or work for hours): 128 * r * n bytes of memory
#: up to 512 MiB (four times the default), p up to 16.
MAX_SCRYPT_RN = 2**22
MAX_SCRYPT_P = 16


def _check_scrypt_cost(n: int, r: int, p: int) -> None:
    if n < 2 or n & (n - 1):
        raise ValueError("scrypt n is not a power of two from 2")
    if not 1 <= r <= MAX_SCRYPT_RN or not 1 <= p <= MAX_SCRYPT_P or r * n > MAX_SCRYPT_RN:
        raise ValueError(
            "scrypt parameters out of range (r from 1, p from 1 to 16, r * n up to 2**22)"
        )


def read_header(data_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """The header, checked for shape. Raises FileNotFoundError or BadHeader."""
    path = header_path(data_dir)
    try:
        header = strict_json.loads(read_regular_file(path))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as error:
        raise BadHeader(path, str(error)) from error
    try:
        if header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
            raise ValueError("not a version 1 tui-interview encryption header")
        if header.get("state") not in STATES or header.get("cipher") != CIPHER:
            raise ValueError("unknown state or cipher")
        kdf = header["kdf"]
        if kdf.get("name") != "scrypt":
            raise ValueError("unknown key derivation")
        for name in ("n", "r", "p"):
            if not isinstance(kdf.get(name), int) or isinstance(kdf.get(name), bool):
                raise ValueError(f"scrypt {name} is not a whole number")
        _check_scrypt_cost(kdf["n"], kdf["r"], kdf["p"])
        generation = header.get("generation", 0)
        if not isinstance(generation, int) or isinstance(generation, bool) or generation < 0:
            raise ValueError("generation is not a whole number")
        if len(_unb64(kdf["salt"])) < SALT_BYTES or len(_unb64(header["wrapped_key"])) < 28:
            raise ValueError("salt or wrapped key too short")
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise BadHeader(path, str(error)) from error
    checked: dict[str, Any] = header
    return checked


def _derive(passphrase: str, kdf: dict[str, Any]) -> bytes:
    n, r, p = kdf["n"], kdf["r"], kdf["p"]
    return hashlib.scrypt(
        passphrase.encode("utf-8", "surrogatepass"),
        salt=_unb64(kdf["salt"]),
        n=n,
        r=r,
        p=p,
        maxmem=256 * r * n + (1 << 20),
        dklen=KEY_BYTES,
    )


def _new_kdf(n: int | None = None) -> dict[str, Any]:
    return {
        "name": "scrypt",
        "n": n or SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": _b64(secrets.token_bytes(SALT_BYTES)),
    }


def _wrap_aad(state: str, generation: int) -> bytes:
    # Headers written before generations (0) keep their associated data.
    return _WRAP_AAD + state.encode() + (f" {generation}".encode() if generation else b"")


def _wrap(kek: bytes, data_key: bytes, state: str, generation: int) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    aad = _wrap_aad(state, generation)
    return _b64(nonce + _aead(kek).encrypt(nonce, data_key, aad))


def _generation(header: dict[str, Any]) -> int:
    value: int = header.get("generation", 0)
    return value


_NEXT_AAD = b"next "


def key_id(data_key: bytes) -> str:
    """A name for a data key that says nothing of it (an HMAC of a constant)."""
    return _b64(hmac.new(data_key, b"tui-interview key id", hashlib.sha256).digest()[:12])


def _unwrap(kek: bytes, header: dict[str, Any], *, next_key: bool = False) -> bytes | None:
    """The data key (``next_key``: the one a key rotation is moving to),
    None if ``kek`` does not open it."""
    from cryptography.exceptions import InvalidTag

    field = "next_key" if next_key else "wrapped_key"
    if field not in header:
        return None
    try:
        blob = _unb64(header[field])
    except ValueError:
        return None
    aad = _wrap_aad(header["state"], _generation(header))
    if next_key:
        aad = _NEXT_AAD + aad
    try:
        return bytes(_aead(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad))
    except InvalidTag:
        return None


def _header(
    kdf: dict[str, Any],
    kek: bytes,
    data_key: bytes,
    state: str,
    generation: int,
    next_key: bytes | None = None,
) -> dict[str, Any]:
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "state": state,
        "generation": generation,
        "cipher": CIPHER,
        "kdf": kdf,
        "key_id": key_id(data_key),
        "wrapped_key": _wrap(kek, data_key, state, generation),
    }
    if next_key is not None:
        # A key rotation under way (change-passphrase --rotate-key): files
        # are resealed from the data key to this one.
        nonce = secrets.token_bytes(NONCE_BYTES)
        aad = _NEXT_AAD + _wrap_aad(state, generation)
        header["next_key_id"] = key_id(next_key)
        header["next_key"] = _b64(nonce + _aead(kek).encrypt(nonce, next_key, aad))
    return header


def write_header(data_dir: Path, header: dict[str, Any]) -> None:
    """Replace the header atomically and durably (0600), then raise the
    anchor's generation (``storage.anchor``): after the header is durable,
    so the anchor is never ahead of it."""
    from tui_interview.storage.anchor import raise_anchor

    data = json.dumps(header, indent=2) + "\n"
    write_atomically(header_path(data_dir), data.encode("ascii"))
    raise_anchor(data_dir, generation=_generation(header))


def check_generation(data_dir: str | os.PathLike[str], header: dict[str, Any]) -> None:
    """Raise HeaderRolledBack if ``header`` is older than the last one seen."""
    from tui_interview.storage.anchor import read_anchor

    latest = read_anchor(data_dir)["generation"]
    if _generation(header) < latest:
        raise HeaderRolledBack(Path(data_dir), _generation(header), latest)


class DataKey:
    """The unwrapped data key of one folder: seals and opens its files.

    Made by ``unlock`` (or ``create_header``); keeps the passphrase-derived
    key too, for the commands that rewrite the header's state."""

    def __init__(
        self,
        data_dir: Path,
        data_key: bytes,
        kek: bytes,
        header: dict[str, Any],
        next_key: bytes | None = None,
    ):
        self.data_dir = Path(data_dir)
        self._key = data_key
        self._kek = kek
        self._kdf = header["kdf"]
        self._aead = _aead(data_key)
        #: While a key rotation is under way: the new key, which seals.
        self._next = next_key
        self._next_aead = _aead(next_key) if next_key is not None else None
        #: Set once the header names a key this one does not hold (another
        #: process rotated it): nothing more is sealed with a dead key.
        self._replaced = False
        self._state: str | None = header["state"]
        self._generation = _generation(header)
        self._header_file = os.fspath(header_path(self.data_dir))
        #: Inside ``steady()``: the state is checked once, not per file sealed.
        self._steady = False
        self._stamp = self._header_stamp()

    # -- the header's state, followed as other processes change it ---------

    def _header_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self._header_file)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    @property
    def state(self) -> str | None:
        """The header's state now (None once ``decrypt`` has finished); one
        ``stat`` unless the header changed (none inside ``steady``)."""
        if self._steady:
            return self._state
        stamp = self._header_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            if stamp is None:
                self._state = None
            else:
                try:
                    header = read_header(self.data_dir)
                    if _generation(header) >= self._generation:
                        self._follow(header)
                except (OSError, StorageError):
                    pass  # keep the last state we could authenticate
        return self._state

    def _follow(self, header: dict[str, Any]) -> None:
        """Take the state of a newer header written by another process, if it
        is of this key (or of the key a rotation moved to)."""
        named = header.get("key_id")
        ours = key_id(self._key)
        if named is None or named == ours:
            if named is None and _unwrap(self._kek, header) != self._key:
                return
            if self._next is None and "next_key" in header:
                self._set_next(_unwrap(self._kek, header, next_key=True))
        elif self._next is not None and named == key_id(self._next):
            self._key, self._aead = self._next, self._next_aead
            self._set_next(None)
        else:
            self._replaced = True
            return
        self._state = header["state"]
        self._generation = _generation(header)

    def _set_next(self, next_key: bytes | None) -> None:
        self._next = next_key
        self._next_aead = _aead(next_key) if next_key is not None else None

    @property
    def rotating(self) -> bool:
        """Whether a key rotation is under way (its files are being resealed)."""
        return self._next is not None

    def begin_rotation(self) -> None:
        """Draw the new data key and record it in the header beside the old
        one (one atomic replace); from then on new writes are sealed with it
        and files sealed with either open. Nothing if already begun."""
        if self._next is not None:
            return
        self._set_next(secrets.token_bytes(KEY_BYTES))
        self._rewrite(self._kdf, self._kek, self.state or ENCRYPTED)

    def finish_rotation(self, new_passphrase: str, n: int | None = None) -> None:
        """Make the new data key the only one, wrapped by ``new_passphrase``
        (one atomic replace): the old key and passphrase open nothing more."""
        if self._next is None:
            raise ValueError("no key rotation under way")
        kdf = _new_kdf(n or self._kdf["n"])
        kek = _derive(new_passphrase, kdf)
        self._key, self._aead = self._next, self._next_aead
        self._set_next(None)
        self._rewrite(kdf, kek, self.state or ENCRYPTED)

    def reseal(self, raw: bytes, label: str) -> bytes | None:
        """A sealed file sealed again with the rotation's new key (its version
        kept), or None if it already is. Raises Tampered."""
        if self._next_aead is None:
            raise ValueError("no key rotation under way")
        plain, version, aead = self._open_any(raw, label)
        if aead is self._next_aead:
            return None
        if raw.startswith(VERSIONED_MAGIC):
            return self.seal_versioned(plain, label, version)
        return self.seal(plain, label)

    def reseal_line(self, line: bytes, label: str) -> bytes | None:
        """``reseal`` for a sealed log line (None: already resealed)."""
        try:
            raw = MAGIC + base64.b64decode(line[len(LINE_MAGIC) :].strip(), validate=True)
        except ValueError:
            raise Tampered("the line is not base64") from None
        resealed = self.reseal(raw, label)
        if resealed is None:
            return None
        return LINE_MAGIC + base64.b64encode(resealed[len(MAGIC) :]) + b"\n"

    def _rewrite(self, kdf: dict[str, Any], kek: bytes, state: str) -> None:
        generation = self._generation + 1
        header = _header(kdf, kek, self._key, state, generation, self._next)
        write_header(self.data_dir, header)
        self._kdf, self._kek, self._state, self._generation = kdf, kek, state, generation
        self._stamp = self._header_stamp()

    @contextmanager
    def steady(self) -> Iterator[None]:
        """The header's state checked once, then taken as it was for what is
        written inside: one save (the session file and its two index lines)
        pays one ``stat`` instead of three. Used only around a write made under
        the session's lock, a moment long. A state change by another process
        in that moment is the race a per-file check has too: while encrypting
        or decrypting plain and sealed files are both read, and the command
        cannot finish (the state cannot reach ``encrypted`` or none) while
        this session's lock is held."""
        if self._steady:
            yield
            return
        self.state  # noqa: B018 (checked once, here)
        self._steady = True
        try:
            yield
        finally:
            self._steady = False

    @property
    def generation(self) -> int:
        return self._generation

    def set_state(self, state: str) -> None:
        """Rewrite the header with ``state`` (same passphrase and salt)."""
        self._rewrite(self._kdf, self._kek, state)

    def rewrap(self, new_passphrase: str, n: int | None = None) -> None:
        """Wrap the data key with a new passphrase (new salt): one atomic replace."""
        kdf = _new_kdf(n or self._kdf["n"])
        self._rewrite(kdf, _derive(new_passphrase, kdf), self.state or ENCRYPTED)

    @property
    def seals(self) -> bool:
        """Whether new writes are sealed (not while decrypting or decrypted)."""
        return self.state in (ENCRYPTING, ENCRYPTED)

    @property
    def accepts_plain(self) -> bool:
        """Whether a plain file is read (not once every file is sealed)."""
        return self.state != ENCRYPTED

    def same_key(self, other: bytes) -> bool:
        return hmac.compare_digest(self._key, other)

    # -- sealing ------------------------------------------------------------

    def _sealer(self) -> Any:
        """The key new writes are sealed with: the rotation's new one while
        one is under way (``seals``, asked before each write, follows the
        header)."""
        if self._replaced:
            raise KeyReplaced(self.data_dir)
        return self._next_aead if self._next_aead is not None else self._aead

    def seal(self, data: bytes, label: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed: bytes = self._sealer().encrypt(nonce, data, _AAD + label.encode())
        return MAGIC + nonce + sealed

    def seal_versioned(self, data: bytes, label: str, version: int) -> bytes:
        """``data`` sealed with ``version`` (stamped in clear, authenticated)."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        aad = _AAD + f"{label} v{version}".encode()
        stamp = version.to_bytes(VERSION_BYTES, "big")
        sealed: bytes = self._sealer().encrypt(nonce, data, aad)
        return VERSIONED_MAGIC + stamp + nonce + sealed

    def open(self, raw: bytes, label: str) -> bytes:
        """The plain bytes of a sealed file. Raises Tampered."""
        return self.open_versioned(raw, label)[0]

    def open_versioned(self, raw: bytes, label: str) -> tuple[bytes, int]:
        """The plain bytes of a sealed file and its version (0 if sealed
        without one). Raises Tampered."""
        plain, version, _aead_used = self._open_any(raw, label)
        return plain, version

    def _open_any(self, raw: bytes, label: str) -> tuple[bytes, int, Any]:
        """Open with the data key, or the rotation's new one: the plain
        bytes, the version and the key that opened it."""
        from cryptography.exceptions import InvalidTag

        version = 0
        aad = _AAD + label.encode()
        if raw.startswith(VERSIONED_MAGIC):
            version = sealed_version(raw)
            body = raw[len(VERSIONED_MAGIC) + VERSION_BYTES :]
            aad = _AAD + f"{label} v{version}".encode()
        elif raw.startswith(MAGIC):
            body = raw[len(MAGIC) :]
        else:
            body = b""
        if len(body) < NONCE_BYTES + 16:
            raise Tampered("it is not a sealed file")
        for aead in (self._aead, self._next_aead):
            if aead is None:
                continue
            try:
                plain = bytes(aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], aad))
            except InvalidTag:
                continue
            return plain, version, aead
        raise Tampered("it failed authentication: changed, damaged, or sealed with another key")

    def seal_line(self, line: bytes, label: str) -> bytes:
        return LINE_MAGIC + base64.b64encode(self.seal(line, label)[len(MAGIC) :]) + b"\n"

    def open_line(self, line: bytes, label: str) -> bytes:
        try:
            raw = MAGIC + base64.b64decode(line[len(LINE_MAGIC) :].strip(), validate=True)
        except ValueError:
            raise Tampered("the line is not base64") from None
        return self.open(raw, label)


# -- reading and writing through an optional key -----------------------------


def encode_file(data: bytes, key: DataKey | None, label: str, version: int | None = None) -> bytes:
    """What to write for ``data``: sealed when the folder is encrypted (with
    ``version`` when given)."""
    if key is not None and key.seals:
        if version is not None:
            return key.seal_versioned(data, label, version)
        return key.seal(data, label)
    return data


def decode_file(
    raw: bytes, key: DataKey | None, label: str, data_dir: str | os.PathLike[str]
) -> bytes:
    """The plain bytes of a file as read. Raises PassphraseNeeded (sealed, no
    key), Tampered (failed authentication) or NotSealed (plain where only
    sealed files belong)."""
    return decode_versioned_file(raw, key, label, data_dir)[0]


def decode_versioned_file(
    raw: bytes, key: DataKey | None, label: str, data_dir: str | os.PathLike[str]
) -> tuple[bytes, int]:
    """``decode_file`` and the file's version (0 when plain or unversioned)."""
    if is_sealed(raw):
        if key is None:
            if not is_encrypted(data_dir):
                raise HeaderMissing(Path(data_dir))
            raise PassphraseNeeded(Path(data_dir))
        return key.open_versioned(raw, label)
    if key is not None and raw and not key.accepts_plain:
        raise NotSealed("it is not encrypted, and every file here should be")
    return raw, 0


def encode_line(line: bytes, key: DataKey | None, label: str) -> bytes:
    """A log line (ending in a newline) as written."""
    if key is not None and key.seals:
        return key.seal_line(line.rstrip(b"\n"), label)
    return line


def decode_line(line: bytes, key: DataKey | None, label: str) -> bytes | None:
    """A log line's plain bytes, None if it cannot be read here (a sealed line
    without the key, a line failing authentication, a plain line where only
    sealed ones belong): the index is derived data and is repaired."""
    if line.startswith(LINE_MAGIC):
        if key is None:
            return None
        try:
            return key.open_line(line, label)
        except Tampered:
            return None
    if key is not None and not key.accepts_plain:
        return None
    return line


# -- the passphrase ------------------------------------------------------------


def create_header(
    data_dir: Path, passphrase: str, *, state: str = ENCRYPTING, n: int | None = None
) -> DataKey:
    """Start encrypting a folder: a new random data key, wrapped by
    ``passphrase``, in a new header. The folder must exist."""
    from tui_interview.storage.anchor import read_anchor

    kdf = _new_kdf(n)
    kek = _derive(passphrase, kdf)
    data_key = secrets.token_bytes(KEY_BYTES)
    generation = read_anchor(data_dir)["generation"] + 1
    header = _header(kdf, kek, data_key, state, generation)
    write_header(data_dir, header)
    return DataKey(data_dir, data_key, kek, header)


def unlock(data_dir: str | os.PathLike[str], passphrase: str) -> DataKey:
    """The folder's data key. Derives the passphrase key once (about half a
    second). Raises WrongPassphrase (changing nothing), BadHeader (the
    header is unreadable), HeaderRolledBack (an older header put back) or
    NotEncrypted."""
    try:
        header = read_header(data_dir)
    except FileNotFoundError:
        raise NotEncrypted(Path(data_dir)) from None
    check_generation(data_dir, header)
    kek = _derive(passphrase, header["kdf"])
    data_key = _unwrap(kek, header)
    if data_key is None:
        raise WrongPassphrase()
    next_key = _unwrap(kek, header, next_key=True)
    return DataKey(Path(data_dir), data_key, kek, header, next_key)


def check_passphrase(key_or_data_dir: DataKey | str | os.PathLike[str], passphrase: str) -> bool:
    """Whether ``passphrase`` opens the folder now (the lock screen's check):
    one derivation, and for a DataKey a constant-time comparison of the
    unwrapped key with the one held (so a header changed elsewhere by
    ``change-passphrase`` is followed)."""
    data_dir = key_or_data_dir.data_dir if isinstance(key_or_data_dir, DataKey) else key_or_data_dir
    try:
        header = read_header(data_dir)
        check_generation(data_dir, header)
    except (OSError, StorageError):
        return False
    unwrapped = _unwrap(_derive(passphrase, header["kdf"]), header)
    if unwrapped is None:
        return False
    if isinstance(key_or_data_dir, DataKey):
        return key_or_data_dir.same_key(unwrapped)
    return True
