"""The JSON export: everything a session stores, wrapped with what made it.

The ``session`` member is ``session_to_dict(session)``, the same lossless codec
storage uses, so an exported session can be imported again (``read_export``)
without losing anything. See docs/transcript-json.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui_interview import __version__
from tui_interview.domain import strict_json
from tui_interview.domain.pacing import recorded_paces
from tui_interview.domain.session import QuestionRef, Session
from tui_interview.domain.session_codec import (
    SCHEMA_VERSION,
    SessionDataError,
    session_from_dict,
    session_to_dict,
    stop_to_dict,
)
from tui_interview.domain.timeutil import to_iso
from tui_interview.errors import TuiInterviewError
from tui_interview.export.redact import redact_session
from tui_interview.storage.migrations import MigrationError, TooNew, migrate

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

#: The value of the top-level ``format`` member.
FORMAT = "tui-interview-session"


class ImportFormatError(TuiInterviewError, ValueError):
    """The file is not a session export this version can read; the message
    says why, in words meant for the person who gave the file."""


def export_document(
    session: Session, *, now: datetime, redact: bool = False, redact_also: Sequence[str] = ()
) -> dict[str, Any]:
    """The export as plain data; ``redact_also`` names more people to redact
    (it implies ``redact``)."""
    if redact or redact_also:
        session = redact_session(session, redact_also)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": to_iso(now),
        "app_version": __version__,
        "session": session_to_dict(session),
        "stops": stops_overview(session),
    }


def stops_overview(session: Session) -> list[dict[str, Any]]:
    """Every question and section in interview order, with what a reader wants
    without working it out from the session: the question's number and
    whether it was added, the notes count, the time spent (null if not kept)
    and the share of the budget (null if none). Derived: import ignores it."""
    numbers = {ref: n for n, ref in enumerate(session.plan, start=1)}
    overview = []
    for pace in recorded_paces(session):
        stop = pace.stop
        item = stop_to_dict(stop)
        if isinstance(stop, QuestionRef):
            item["number"] = numbers[stop]
            item["added"] = session.is_added(stop)
        item["notes"] = len(session.notes_for(stop))
        item["time_spent_seconds"] = pace.used_seconds
        item["share_seconds"] = pace.share_seconds
        overview.append(item)
    return overview


def render_json(
    session: Session,
    *,
    now: datetime,
    redact: bool = False,
    redact_also: Sequence[str] = (),
    signing_key: Ed25519PrivateKey | None = None,
) -> str:
    """The export as text: keys in a fixed order, UTF-8 text kept as it is,
    indented, ending with a newline; signed with ``signing_key`` when given
    (``export.signing``)."""
    document = export_document(session, now=now, redact=redact, redact_also=redact_also)
    if signing_key is not None:
        from tui_interview.export.signing import sign_document

        document = sign_document(document, signing_key)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read_export(text: str) -> Session:
    """The session in an export made by ``render_json``. Raises ImportFormatError."""
    try:
        document = strict_json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"not a JSON file (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except ValueError as error:
        raise ImportFormatError(f"not a usable JSON file: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFormatError(f'not a tui-interview session export (no "format": "{FORMAT}")')
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFormatError(f"schema_version {version!r} is not a version number")
    if version > SCHEMA_VERSION:
        raise _too_new(version)
    data = document.get("session")
    if not isinstance(data, dict):
        raise ImportFormatError('the "session" member is missing or not an object')
    try:
        session = session_from_dict(migrate(data))
    except TooNew as error:
        raise _too_new(error.version) from None
    except SessionDataError as error:
        if error.problem == "missing":
            raise ImportFormatError(f"a field is missing from the session: {error.field}") from None
        raise ImportFormatError(f"a field of the session has a wrong value: {error}") from None
    except MigrationError as error:
        raise ImportFormatError(f"the session cannot be read: {error}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # Only the migration of an older shape gets here (the codec names the field).
        raise ImportFormatError(f"the session cannot be read: {error!r}") from None
    return session


def _too_new(version: int) -> ImportFormatError:
    return ImportFormatError(
        f"made by a newer version of tui-interview (schema version {version}; "
        f"this version reads up to {SCHEMA_VERSION}); upgrade tui-interview to import it"
    )
