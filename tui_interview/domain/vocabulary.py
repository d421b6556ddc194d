"""The small vocabulary every layer shares: statuses, note tags, checklist
kinds and the version of the stored shape. Kept apart from ``session`` so that
listing sessions (the home screen's first paint) need not build the whole model.
"""

from __future__ import annotations

from enum import StrEnum

#: The version of the stored session shape. Bump it when that shape changes,
#: and add a migration in ``storage.migrations``.
SCHEMA_VERSION = 3

#: The longest time budget an interview may have, in minutes.
MAX_BUDGET_MINUTES = 24 * 60


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    FINISHED = "finished"


class Tag(StrEnum):
    SITUATION = "situation"
    TASK = "task"
    ACTION = "action"
    RESULT = "result"
    FOLLOW_UP = "follow-up"
    QUOTE = "quote"


#: The STAR parts, in the order an answer should cover them.
STAR_TAGS: tuple[Tag, ...] = (Tag.SITUATION, Tag.TASK, Tag.ACTION, Tag.RESULT)


class ChecklistKind(StrEnum):
    PROBE = "probe"
    BEHAVIOUR = "behaviour"


class Section(StrEnum):
    """Parts of every interview that belong to no question. The opening comes
    before the questions; the others after them, in this order (see
    ``Session.stops``)."""

    OPENING = "opening"
    GENERAL = "general"
    CANDIDATE_QUESTIONS = "candidate-questions"
    CLOSING = "closing"

    @property
    def label(self) -> str:
        return SECTION_LABELS[self]


SECTION_LABELS: dict[Section, str] = {
    Section.OPENING: "Opening",
    Section.GENERAL: "General remarks",
    Section.CANDIDATE_QUESTIONS: "The candidate's questions",
    Section.CLOSING: "Closing",
}

#: The sections before the planned questions, and those after them.
SECTIONS_BEFORE: tuple[Section, ...] = (Section.OPENING,)
SECTIONS_AFTER: tuple[Section, ...] = (
    Section.GENERAL,
    Section.CANDIDATE_QUESTIONS,
    Section.CLOSING,
)
