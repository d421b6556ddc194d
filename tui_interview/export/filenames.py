"""Export file names that are safe on every platform.

A default name is built from the interview's date, the candidate, the
competencies, the interviewer and the session id:
``2026-11-26_jane-doe_service-management-processes_priya-raman_k7m2qa.md``, so
two members' exports of one candidate never share a name (issue 23, §1); the
competencies are cut first when the name is too long. Whatever
the candidate is called (``../../etc/passwd``, ``CON``, 300 characters of
emoji), the result is one harmless name inside the output folder.
"""

from __future__ import annotations

import re
import unicodedata

from tui_interview.domain.session import Session
from tui_interview.domain.timeutil import format_date

#: Longest file name written, in characters, extension included.
MAX_NAME_LENGTH = 100

EXTENSIONS = {"markdown": ".md", "json": ".json", "html": ".html"}

#: Names Windows reserves for devices, with or without an extension.
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"{device}{n}" for device in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
#: Characters Windows refuses in names, plus both path separators.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_LEADING_JUNK = " .-_"
_TRAILING_JUNK = " .-_"


def slug(text: str) -> str:
    """``Jane Doe`` -> ``jane-doe``: lower-case letters and digits (of any
    script) joined by single hyphens; everything else becomes a hyphen."""
    normal = unicodedata.normalize("NFKC", text).lower()
    cleaned = "".join(char if char.isalnum() else "-" for char in normal)
    return re.sub(r"-{2,}", "-", cleaned).strip("-")


def safe_filename(stem: str, extension: str, *, fallback: str = "transcript") -> str:
    """``stem + extension`` made safe: no path separators, no control
    characters, no characters or device names Windows refuses, no leading dot,
    no trailing dot or space, at most ``MAX_NAME_LENGTH`` characters with the
    extension kept."""
    text = unicodedata.normalize("NFC", stem)
    text = "".join("-" if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = _FORBIDDEN.sub("-", text)
    text = _trim(_trim(text)[: MAX_NAME_LENGTH - len(extension)]) or fallback
    if text.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        text = f"_{text}"
    return f"{text}{extension}"


def default_filename(
    session: Session, fmt: str, *, candidate: str | None = None, interviewer: str | None = None
) -> str:
    """The file name for an export of ``session`` in ``fmt``. ``candidate``
    replaces the candidate's name (for a redacted export), ``interviewer`` the
    interviewer's. The interviewer and the session id are always kept whole
    (the competencies are cut instead), so no two sessions share a name."""
    moment = session.started_at or session.created_at
    who = slug(session.candidate if candidate is None else candidate) or "candidate"
    what = "+".join(slug(p.competency_id) for p in session.competencies) or "interview"
    by = slug(session.interviewer if interviewer is None else interviewer)[:24].strip("-")
    tail = f"_{by or 'interviewer'}_{slug(session.id) or 'session'}"
    head = f"{format_date(moment)}_{who[:30].strip('-') or 'candidate'}_"
    room = MAX_NAME_LENGTH - len(EXTENSIONS[fmt]) - len(head) - len(tail)
    what = what[: max(1, room)].rstrip("+-") or "interview"
    return safe_filename(f"{head}{what}{tail}", EXTENSIONS[fmt])


def _trim(text: str) -> str:
    return text.lstrip(_LEADING_JUNK).rstrip(_TRAILING_JUNK)
