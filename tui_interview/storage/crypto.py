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

A sealed file is ``MAGIC + nonce (12 bytes) + ciphertext and tag``; a sealed
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
    return raw.startswith(MAGIC)


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


def _wrap(kek: bytes, data_key: bytes, state: str) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return _b64(nonce + _aead(kek).encrypt(nonce, data_key, _WRAP_AAD + state.encode()))


def _unwrap(kek: bytes, header: dict[str, Any]) -> bytes | None:
    from cryptography.exceptions import InvalidTag

    blob = _unb64(header["wrapped_key"])
    aad = _WRAP_AAD + header["state"].encode()
    try:
        return bytes(_aead(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad))
    except InvalidTag:
        return None


def _header(kdf: dict[str, Any], kek: bytes, data_key: bytes, state: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "state": state,
        "cipher": CIPHER,
        "kdf": kdf,
        "wrapped_key": _wrap(kek, data_key, state),
    }


def write_header(data_dir: Path, header: dict[str, Any]) -> None:
    """Replace the header atomically and durably (0600)."""
    data = json.dumps(header, indent=2) + "\n"
    write_atomically(header_path(data_dir), data.encode("ascii"))


class DataKey:
    """The unwrapped data key of one folder: seals and opens its files.

    Made by ``unlock`` (or ``create_header``); keeps the passphrase-derived
    key too, for the commands that rewrite the header's state."""

    def __init__(self, data_dir: Path, data_key: bytes, kek: bytes, header: dict[str, Any]):
        self.data_dir = Path(data_dir)
        self._key = data_key
        self._kek = kek
        self._kdf = header["kdf"]
        self._aead = _aead(data_key)
        self._state: str | None = header["state"]
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
                    if _unwrap(self._kek, header) == self._key:
                        self._state = header["state"]
                except (OSError, StorageError):
                    pass  # keep the last state we could authenticate
        return self._state

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

    def set_state(self, state: str) -> None:
        """Rewrite the header with ``state`` (same passphrase and salt)."""
        write_header(self.data_dir, _header(self._kdf, self._kek, self._key, state))
        self._state = state
        self._stamp = self._header_stamp()

    def rewrap(self, new_passphrase: str, n: int | None = None) -> None:
        """Wrap the data key with a new passphrase (new salt): one atomic replace."""
        kdf = _new_kdf(n or self._kdf["n"])
        kek = _derive(new_passphrase, kdf)
        state = self.state or ENCRYPTED
        write_header(self.data_dir, _header(kdf, kek, self._key, state))
        self._kdf, self._kek, self._state = kdf, kek, state
        self._stamp = self._header_stamp()

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

    def seal(self, data: bytes, label: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed: bytes = self._aead.encrypt(nonce, data, _AAD + label.encode())
        return MAGIC + nonce + sealed

    def open(self, raw: bytes, label: str) -> bytes:
        """The plain bytes of a sealed file. Raises Tampered."""
        from cryptography.exceptions import InvalidTag

        body = raw[len(MAGIC) :]
        if not raw.startswith(MAGIC) or len(body) < NONCE_BYTES + 16:
            raise Tampered("it is not a sealed file")
        try:
            return bytes(
                self._aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], _AAD + label.encode())
            )
        except InvalidTag:
            raise Tampered(
                "it failed authentication: changed, damaged, or sealed with another key"
            ) from None

    def seal_line(self, line: bytes, label: str) -> bytes:
        return LINE_MAGIC + base64.b64encode(self.seal(line, label)[len(MAGIC) :]) + b"\n"

    def open_line(self, line: bytes, label: str) -> bytes:
        try:
            raw = MAGIC + base64.b64decode(line[len(LINE_MAGIC) :].strip(), validate=True)
        except ValueError:
            raise Tampered("the line is not base64") from None
        return self.open(raw, label)


# -- reading and writing through an optional key -----------------------------


def encode_file(data: bytes, key: DataKey | None, label: str) -> bytes:
    """What to write for ``data``: sealed when the folder is encrypted."""
    if key is not None and key.seals:
        return key.seal(data, label)
    return data


def decode_file(
    raw: bytes, key: DataKey | None, label: str, data_dir: str | os.PathLike[str]
) -> bytes:
    """The plain bytes of a file as read. Raises PassphraseNeeded (sealed, no
    key), Tampered (failed authentication) or NotSealed (plain where only
    sealed files belong)."""
    if is_sealed(raw):
        if key is None:
            if not is_encrypted(data_dir):
                raise HeaderMissing(Path(data_dir))
            raise PassphraseNeeded(Path(data_dir))
        return key.open(raw, label)
    if key is not None and raw and not key.accepts_plain:
        raise NotSealed("it is not encrypted, and every file here should be")
    return raw


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
    kdf = _new_kdf(n)
    kek = _derive(passphrase, kdf)
    data_key = secrets.token_bytes(KEY_BYTES)
    header = _header(kdf, kek, data_key, state)
    write_header(data_dir, header)
    return DataKey(data_dir, data_key, kek, header)


def unlock(data_dir: str | os.PathLike[str], passphrase: str) -> DataKey:
    """The folder's data key. Derives the passphrase key once (about half a
    second). Raises WrongPassphrase (changing nothing), BadHeader (the
    header is unreadable) or NotEncrypted."""
    try:
        header = read_header(data_dir)
    except FileNotFoundError:
        raise NotEncrypted(Path(data_dir)) from None
    kek = _derive(passphrase, header["kdf"])
    data_key = _unwrap(kek, header)
    if data_key is None:
        raise WrongPassphrase()
    return DataKey(Path(data_dir), data_key, kek, header)


def check_passphrase(key_or_data_dir: DataKey | str | os.PathLike[str], passphrase: str) -> bool:
    """Whether ``passphrase`` opens the folder now (the lock screen's check):
    one derivation, and for a DataKey a constant-time comparison of the
    unwrapped key with the one held (so a header changed elsewhere by
    ``change-passphrase`` is followed)."""
    data_dir = key_or_data_dir.data_dir if isinstance(key_or_data_dir, DataKey) else key_or_data_dir
    try:
        header = read_header(data_dir)
    except (OSError, StorageError):
        return False
    unwrapped = _unwrap(_derive(passphrase, header["kdf"]), header)
    if unwrapped is None:
        return False
    if isinstance(key_or_data_dir, DataKey):
        return key_or_data_dir.same_key(unwrapped)
    return True
