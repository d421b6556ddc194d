"""The one rule for locked decisions (ratings, the overall recommendation):
the first is revision 1; a change to a locked one must change something and
give a reason, and becomes the next revision. Earlier revisions are kept."""

from __future__ import annotations

from typing import Protocol


class FieldError(Protocol):
    """An error class taking a message and the field to fill in."""

    def __call__(self, message: str, field: str | None = None) -> Exception: ...


def next_revision(
    current_revision: int | None,
    *,
    unchanged: bool,
    reason: str | None,
    same: str,
    locked: str,
    error: FieldError,
) -> int:
    """The revision number a new submission gets. ``current_revision`` is the
    locked one's (None if there is none); ``unchanged`` says the submission
    repeats it. Raises ``error(same)`` for a repeat and ``error(locked,
    field="reason")`` for a change without a reason."""
    if current_revision is None:
        return 1
    if unchanged:
        raise error(same)
    if reason is None or not reason.strip():
        raise error(locked, field="reason")
    return current_revision + 1
