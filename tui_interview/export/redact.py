"""Taking the candidate's name out of a session, for sharing examples or training.

Both export formats redact the same way: they export a redacted copy of the
session, so nothing that names the candidate can slip through one format only.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Sequence

from tui_interview.domain.session import NoteRevision, Session

#: Name parts shorter than this (initials) are not replaced on their own.
_MIN_PART_LENGTH = 2


def redaction_label(session: Session) -> str:
    """The neutral name that replaces the candidate's."""
    return f"Candidate {session.id}"


#: What joins the parts of one name without a space: hyphens and apostrophes.
_JOINERS = "-\u2010\u2011'\u2019"
_JOINER = f"[{re.escape(_JOINERS)}]"


def _word_alternatives(word: str) -> set[str]:
    """Regex alternatives for one word of a name. A compound word such as
    ``O'Brien-Ñúñez`` gives every run of its parts joined as written
    (``O'Brien``, ``Brien-Ñúñez``, the whole word, …), so a mention of any
    run is replaced whole, never leaving ``O'`` or ``-`` behind; a part
    shorter than two characters (``O``, an initial) counts only inside a run."""
    parts = [p for p in re.split(rf"{_JOINER}+", word) if p]
    found = set()
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            run = parts[start:end]
            if end - start == 1 and len(run[0]) < _MIN_PART_LENGTH:
                continue
            found.add(_JOINER.join(re.escape(part) for part in run))
    return found


def name_pattern(*names: str) -> re.Pattern[str] | None:
    """Matches any of ``names`` in full, or any part of one alone, as whole
    words in any case. Spaces match any run of white space; hyphens and
    apostrophes (straight or curly) match each other."""
    alternatives: set[str] = set()
    for name in names:
        words = [w for w in re.split(r"[^\w" + re.escape(_JOINERS) + r"]+", name) if w]
        words = [w.strip(_JOINERS) for w in words if w.strip(_JOINERS)]
        if not words:
            continue
        alternatives.add(
            r"\s+".join(_JOINER.join(map(re.escape, re.split(rf"{_JOINER}+", w))) for w in words)
        )
        for word in words:
            alternatives |= _word_alternatives(word)
    if not alternatives:
        return None
    # Longest first, so "Jane Doe" is replaced as one name, not as two parts.
    ordered = sorted(alternatives, key=lambda p: (-len(p), p))
    return re.compile(rf"(?<!\w)(?:{'|'.join(ordered)})(?!\w)", re.IGNORECASE)


def split_names(text: str) -> list[str]:
    """Names given as one comma-separated text (``--redact-also "Tom, Ana"``)."""
    return [name.strip() for name in text.split(",") if name.strip()]


def other_label(position: int) -> str:
    """The neutral name that replaces the ``position``-th (from 1) extra name."""
    return f"Person {position}"


def redact_session(session: Session, also: Sequence[str] = ()) -> Session:
    """A copy of ``session`` with the candidate's name replaced by
    ``redaction_label`` in the candidate field and in every free text: notes and
    their earlier texts, the draft, questions added during the interview,
    ratings' rationales, reasons and suggestions, and the recommendation's
    rationale, strengths, concerns and reasons. ``also`` are more names
    (nicknames, people named in notes): each is replaced by ``Person 1``,
    ``Person 2``, … in the order given."""
    label = redaction_label(session)
    patterns: list[tuple[re.Pattern[str], str]] = []
    pattern = name_pattern(session.candidate)
    if pattern is not None:
        patterns.append((pattern, label))
    for position, other in enumerate(also, start=1):
        extra = name_pattern(other)
        if extra is not None:
            patterns.append((extra, other_label(position)))

    def clean(text: str) -> str:
        for each, replacement in patterns:
            text = each.sub(replacement, text)
        return text

    def clean_optional(text: str | None) -> str | None:
        return None if text is None else clean(text)

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
            reason=clean_optional(rating.reason),
            suggestion=clean(rating.suggestion),
        )
        for rating in redacted.ratings
    ]
    redacted.recommendations = [
        dataclasses.replace(
            item,
            rationale=clean(item.rationale),
            strengths=clean(item.strengths),
            concerns=clean(item.concerns),
            reason=clean_optional(item.reason),
        )
        for item in redacted.recommendations
    ]
    return redacted
