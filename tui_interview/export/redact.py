"""Taking the candidate's name out of a session, for sharing examples or training.

Both export formats redact the same way: they export a redacted copy of the
session, so nothing that names the candidate can slip through one format only.
"""

from __future__ import annotations

import copy
import dataclasses
import re

from tui_interview.domain.session import NoteRevision, Session

#: Name parts shorter than this (initials) are not replaced on their own.
_MIN_PART_LENGTH = 2


def redaction_label(session: Session) -> str:
    """The neutral name that replaces the candidate's."""
    return f"Candidate {session.id}"


def name_pattern(name: str) -> re.Pattern[str] | None:
    """Matches the full name, or any part of it alone, as whole words in any case."""
    parts = {name.strip()} | {
        part for part in re.split(r"[\W_]+", name) if len(part) >= _MIN_PART_LENGTH
    }
    parts.discard("")
    if not parts:
        return None
    # Longest first, so "Jane Doe" is replaced as one name, not as two parts.
    alternatives = "|".join(re.escape(part) for part in sorted(parts, key=lambda p: (-len(p), p)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact_session(session: Session) -> Session:
    """A copy of ``session`` with the candidate's name replaced by
    ``redaction_label`` in the candidate field and in every free text: notes and
    their earlier texts, the draft, questions added during the interview, and
    ratings' rationales, reasons and suggestions."""
    label = redaction_label(session)
    pattern = name_pattern(session.candidate)

    def clean(text: str) -> str:
        return text if pattern is None else pattern.sub(label, text)

    # The content snapshot holds no candidate data and is immutable: share it.
    redacted = copy.deepcopy(session, {id(session.content): session.content})
    redacted.candidate = label
    redacted.draft = clean(redacted.draft)
    for note in redacted.notes:
        note.text = clean(note.text)
        note.history = tuple(
            NoteRevision(clean(revision.text), revision.saved_at) for revision in note.history
        )
    redacted.added_questions = [
        dataclasses.replace(added, text=clean(added.text)) for added in redacted.added_questions
    ]
    redacted.ratings = [
        dataclasses.replace(
            rating,
            rationale=clean(rating.rationale),
            reason=None if rating.reason is None else clean(rating.reason),
            suggestion=clean(rating.suggestion),
        )
        for rating in redacted.ratings
    ]
    return redacted
