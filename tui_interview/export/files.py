"""Writing an export to a file: the one function the CLI and the TUI both call.

Files are written the crash-safe way storage writes sessions (a 0600
temporary file in the same folder, flushed to disk, then renamed), and never
over an existing file unless ``force`` is given; even then only over an earlier
export of the same session (``export_owner``), never another session's.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui_interview.domain.session import Session
from tui_interview.domain.timeutil import system_now
from tui_interview.export.config import default_export_dir
from tui_interview.export.errors import (
    ExportError,
    ExportExists,
    ExportTaken,
    ExportWriteFailed,
)
from tui_interview.export.filenames import EXTENSIONS, default_filename
from tui_interview.export.html import SESSION_META, render_html
from tui_interview.export.json_export import render_json
from tui_interview.export.markdown import escape_inline, render_markdown
from tui_interview.export.redact import redaction_label
from tui_interview.files.atomic import (
    ensure_private_dirs,
    fsync_dir,
    replace,
    temp_path_for,
    write_atomically,
)
from tui_interview.files.errors import describe_os_error

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FORMATS = tuple(EXTENSIONS)


def _my_key() -> Ed25519PrivateKey | None:
    """This user's signing key, made on first use (issue 24, §2); None when
    it cannot be read or made (the export is then unsigned: the panel marks
    it unverified)."""
    from tui_interview.export.signing import load_or_create_key

    try:
        return load_or_create_key()
    except (OSError, ValueError):
        return None


def render(
    session: Session,
    fmt: str,
    *,
    now: datetime,
    redact: bool = False,
    redact_also: Sequence[str] = (),
) -> str:
    """The export of ``session`` in ``fmt`` ("markdown", "json" or "html") as text;
    ``redact_also`` names more people to redact (it implies ``redact``)."""
    if fmt == "markdown":
        return render_markdown(session, now=now, redact=redact, redact_also=redact_also)
    if fmt == "json":
        return render_json(
            session, now=now, redact=redact, redact_also=redact_also, signing_key=_my_key()
        )
    if fmt == "html":
        return render_html(session, now=now, redact=redact, redact_also=redact_also)
    raise ExportError(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")


def export_to_file(
    session: Session,
    fmt: str,
    *,
    directory: str | os.PathLike[str] | None = None,
    path: str | os.PathLike[str] | None = None,
    redact: bool = False,
    redact_also: Sequence[str] = (),
    force: bool = False,
    now: datetime | None = None,
) -> Path:
    """Write the export of ``session`` and return the (absolute) path written.

    ``path`` names the file (relative to ``directory`` if given, else to the
    current folder; an existing folder gets the default file name inside it).
    Without ``path`` the file gets the default name in ``directory``, else in
    the configured export folder, else in the current folder. Missing folders
    are created (0700). ``now`` is the export time (default: the clock).

    Raises ExportTaken if the file there is not an export of this session
    (even with ``force``), ExportExists if it is and ``force`` is false
    (nothing is written), ExportError for anything else that stops the export.
    """
    text = render(session, fmt, now=now or system_now(), redact=redact, redact_also=redact_also)
    candidate = redaction_label(session) if redact or redact_also else None
    if path is not None:
        base = Path(directory).expanduser() if directory is not None else Path.cwd()
        target = base / Path(path).expanduser()
        if target.is_dir():
            target = target / default_filename(session, fmt, candidate=candidate)
    else:
        base = Path(directory).expanduser() if directory is not None else default_export_dir()
        target = base / default_filename(session, fmt, candidate=candidate)
    target = target.absolute()
    if os.path.lexists(target):
        owner = export_owner(target)
        if owner not in (session.id, escape_inline(session.id)):
            raise ExportTaken(target, owner)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ExportError(f"the session holds text that UTF-8 cannot store: {error}") from None
    try:
        ensure_private_dirs(target.parent)
        write_new_file(target, data, force=force)
    except OSError as error:
        raise ExportWriteFailed(f"cannot write {target}: {describe_os_error(error)}") from None
    return target


def write_new_file(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600. Without ``force``
    an existing file is never replaced, even one created a moment ago by
    another process: the new file is linked into place, which fails if the name
    is taken. Raises ExportExists or OSError."""
    if force:
        write_atomically(path, data)
        return
    if os.path.lexists(path):
        raise ExportExists(path)
    temp = temp_path_for(path)
    write_atomically(temp, data)
    try:
        try:
            os.link(temp, path)
        except FileExistsError:
            raise ExportExists(path) from None
        except OSError:
            # No hard links on this file system (FAT, some network drives):
            # fall back to checking first, then renaming.
            if os.path.lexists(path):
                raise ExportExists(path) from None
            replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    fsync_dir(path.parent)


#: Read at most this much of an existing file to learn whose export it is.
_OWNER_READ_LIMIT = 64 * 1024 * 1024
_MARKDOWN_SESSION = re.compile(r"^\| Session \| (.{1,200}?) \|$", re.MULTILINE)
_HTML_SESSION = re.compile(
    rf'^<meta name="{SESSION_META}" content="([^"<>]{{1,200}})">$', re.MULTILINE
)


def export_owner(path: Path) -> str | None:
    """The session id of the export at ``path`` (JSON: ``session.id``;
    Markdown: its "Session" detail row; HTML: its session ``<meta>``), or None
    when it is not a regular file, cannot be read, or is no export of ours."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > _OWNER_READ_LIMIT:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except ValueError:
            return None
        session = document.get("session") if isinstance(document, dict) else None
        owner = session.get("id") if isinstance(session, dict) else None
        return owner[:64] if isinstance(owner, str) else None
    if text.startswith("<!DOCTYPE html>"):
        match = _HTML_SESSION.search(text, 0, 4096)
        return html.unescape(match.group(1))[:64] if match else None
    match = _MARKDOWN_SESSION.search(text)
    return match.group(1) if match else None
