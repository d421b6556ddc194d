"""Signed transcripts (issue 24, §2): who wrote a transcript is proven, not
taken on trust. No Textual.

Each interviewer has an Ed25519 key pair (``cryptography``), made on first
use and kept 0600 next to the config file (``signing-key.pem`` beside
``config.toml``; the folder 0700). A JSON export carries a ``signature``
member: the algorithm, the signer's public key and the signature over the
canonical JSON of the rest of the document (docs/transcript-json.md). A plan
file may list the panel's members with their public keys; the panel then marks
each transcript verified, unverified or forged (``authenticity``).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tui_interview.files.atomic import ensure_private_dirs, open_private, temp_path_for, write_all

#: The ``signature.algorithm`` of a signed export.
ALGORITHM = "ed25519"
#: The key file's name, next to the config file.
KEY_FILE = "signing-key.pem"
#: The top-level member that holds the signature (left out of what is signed).
SIGNATURE = "signature"

VERIFIED = "verified"
UNVERIFIED = "unverified"
FORGED = "forged"


def key_path() -> Path:
    """Where this user's key is kept: beside the config file."""
    from tui_interview.settings import settings_file

    return settings_file().parent / KEY_FILE


def load_or_create_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The key at ``path`` (default ``key_path()``), made on first use (0600,
    never replacing a key another process made meanwhile). Raises OSError,
    or ValueError for a key file that is not an Ed25519 private key."""
    path = key_path() if path is None else path
    try:
        return _load(path.read_bytes())
    except FileNotFoundError:
        pass
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    ensure_private_dirs(path.parent)
    temp = temp_path_for(path)
    fd = open_private(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        write_all(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)  # fails if another process made one first
    except FileExistsError:
        return _load(path.read_bytes())
    finally:
        temp.unlink(missing_ok=True)
    return key


def _load(data: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the signing key file does not hold an Ed25519 private key")
    return key


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key as base64 of its 32 raw bytes."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def canonical(document: dict[str, Any]) -> bytes:
    """What is signed: the document without ``signature``, as JSON with
    sorted keys, no spaces, every non-ASCII character escaped (so any text,
    even a lone surrogate, has one form)."""
    rest = {k: v for k, v in document.items() if k != SIGNATURE}
    return json.dumps(
        rest, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False
    ).encode("ascii")


def sign_document(document: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The document with its ``signature`` member (added last)."""
    value = key.sign(canonical(document))
    return {
        **{k: v for k, v in document.items() if k != SIGNATURE},
        SIGNATURE: {
            "algorithm": ALGORITHM,
            "public_key": public_key_text(key),
            "value": base64.b64encode(value).decode("ascii"),
        },
    }


@dataclass(frozen=True)
class Signature:
    """What a document's ``signature`` member says: ``none`` (not signed),
    ``valid`` (it verifies with the public key it carries) or ``invalid``
    (it does not, or cannot be read: ``problem`` says why)."""

    state: str
    public_key: str | None = None
    problem: str = ""


def check_signature(document: object) -> Signature:
    """The state of a document's signature. Never raises."""
    if not isinstance(document, dict) or SIGNATURE not in document:
        return Signature("none")
    block = document[SIGNATURE]
    if not isinstance(block, dict) or set(block) != {"algorithm", "public_key", "value"}:
        return Signature(
            "invalid", None, "the signature member is not {algorithm, public_key, value}"
        )
    if block["algorithm"] != ALGORITHM:
        return Signature("invalid", None, f"the signature's algorithm is not {ALGORITHM}")
    public_text = block["public_key"]
    try:
        public = Ed25519PublicKey.from_public_bytes(_b64(public_text))
        signature = _b64(block["value"])
    except (ValueError, TypeError):
        return Signature("invalid", None, "the signature's key or value is not valid base64")
    try:
        public.verify(signature, canonical(document))
    except InvalidSignature:
        return Signature("invalid", str(public_text), "the signature does not match the content")
    except (ValueError, TypeError):
        return Signature("invalid", str(public_text), "the content cannot be checked")
    return Signature("valid", str(public_text))


def _b64(value: object) -> bytes:
    if not isinstance(value, str):
        raise TypeError("not text")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError("not base64") from None


@dataclass(frozen=True)
class Authenticity:
    """Who wrote a transcript, as far as can be proven: ``status`` is
    ``verified``, ``unverified`` or ``forged``; ``why`` says so in words."""

    status: str
    why: str


def authenticity(
    signature: Signature, listed_key: str | None, *, keys_listed: bool
) -> Authenticity:
    """The mark of a transcript with ``signature`` whose interviewer the plan
    lists with ``listed_key`` (None: not listed; ``keys_listed``: the plan
    lists any member's key)."""
    if signature.state == "invalid":
        return Authenticity(FORGED, f"signature: {signature.problem}")
    if listed_key is not None:
        if signature.state == "none":
            return Authenticity(UNVERIFIED, "not signed, though the plan lists this member's key")
        if signature.public_key != listed_key:
            return Authenticity(FORGED, "signed with a key other than the one the plan lists")
        return Authenticity(VERIFIED, "signed with the key the plan lists for this member")
    if signature.state == "none":
        return Authenticity(UNVERIFIED, "not signed")
    if keys_listed:
        return Authenticity(UNVERIFIED, "signed, but the plan lists no key for this member")
    return Authenticity(UNVERIFIED, "signed, but no plan lists the members' keys")


def plan_member_keys(document: object) -> dict[str, str] | None:
    """A plan file's ``members`` (``[{"interviewer", "public_key"}]``) as
    {interviewer: public key}; None when it lists none. Raises ValueError
    naming the entry that is not usable."""
    members = document.get("members") if isinstance(document, dict) else None
    if members is None:
        return None
    if not isinstance(members, list):
        raise ValueError("members: expected a list")
    keys: dict[str, str] = {}
    for index, item in enumerate(members):
        if not isinstance(item, dict) or set(item) != {"interviewer", "public_key"}:
            raise ValueError(f"members[{index}]: expected {{interviewer, public_key}}")
        name, key = item["interviewer"], item["public_key"]
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"members[{index}].interviewer: expected a name")
        try:
            Ed25519PublicKey.from_public_bytes(_b64(key))
        except (ValueError, TypeError):
            raise ValueError(f"members[{index}].public_key: not an Ed25519 public key") from None
        keys[name] = str(key)
    return keys
