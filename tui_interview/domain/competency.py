"""The competency content model: plain, immutable Python objects.

A competency has proficiency levels (any subset of 1–5). Each level has a
summary, behaviour indicators and main questions, each question with probing
questions. Levels are cumulative: a behaviour of a lower level still applies at
a higher one, so ``behaviours_up_to(n)`` is the usual way to ask "what may an
interviewer observe at level n".

Every behaviour, question and probe has an id that is stable within its
competency. Authors may give one explicitly; otherwise it is derived from the
item's position: behaviour ``b2.3`` is the third behaviour of level 2, question
``q2.1`` the first question of level 2, probe ``q2.1.p4`` its fourth probe.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tui_interview.domain.vocabulary import Tag

MIN_LEVEL = 1
MAX_LEVEL = 5


def level_from_digits(digits: str) -> int | None:
    """The level a string of decimal digits (an optional sign first) names,
    None if it names none (outside MIN_LEVEL..MAX_LEVEL). A number too long to
    be a level is refused without converting it: Python refuses to convert
    more than 4,300 digits at all."""
    unsigned = digits.lstrip("+-").lstrip("0") or "0"
    if len(unsigned) > len(str(MAX_LEVEL)) or not unsigned.isdigit():
        return None
    number = int(digits)
    return number if MIN_LEVEL <= number <= MAX_LEVEL else None


def describe_number(digits: str) -> str:
    """``digits`` as written, or its start and length if it is long."""
    if len(digits) <= 12:
        return digits
    return f"{digits[:6]}… (a number of {len(digits)} digits)"


def behaviour_id(level: int, position: int) -> str:
    """The derived id of the ``position``-th (1-based) behaviour of ``level``."""
    return f"b{level}.{position}"


def question_id(level: int, position: int) -> str:
    """The derived id of the ``position``-th (1-based) question of ``level``."""
    return f"q{level}.{position}"


def probe_id(question: str, position: int) -> str:
    """The derived id of the ``position``-th (1-based) probe of a question."""
    return f"{question}.p{position}"


@dataclass(frozen=True)
class Behaviour:
    id: str
    text: str
    level: int
    #: A remark for authors, e.g. that the source text is cut off.
    author_note: str | None = None
    #: What an interviewer may hear when the candidate shows this behaviour,
    #: in everyday words (the content's ``look_for``); the link suggestions
    #: match a note against these as well as against the text.
    look_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class Probe:
    id: str
    text: str
    #: The STAR part the probe asks about (situation, task, action or result),
    #: when the content names it; ``domain.star.star_of`` falls back to the wording.
    star: Tag | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    level: int
    probes: tuple[Probe, ...] = ()

    def probe(self, probe_id: str) -> Probe:
        for probe in self.probes:
            if probe.id == probe_id:
                return probe
        raise KeyError(probe_id)


@dataclass(frozen=True)
class Level:
    number: int
    summary: str
    title: str | None = None
    behaviours: tuple[Behaviour, ...] = ()
    questions: tuple[Question, ...] = ()

    @property
    def label(self) -> str:
        """``Level 3`` or ``Level 3 — Intermediate`` when the level has a title."""
        return f"Level {self.number}" + (f" — {self.title}" if self.title else "")


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    description: str = ""
    source: str = ""
    levels: tuple[Level, ...] = ()
    #: The file the competency was loaded from, if any (not part of its identity).
    origin: str | None = field(default=None, compare=False)

    @property
    def level_numbers(self) -> tuple[int, ...]:
        return tuple(level.number for level in self.levels)

    def has_level(self, number: int) -> bool:
        return number in self.level_numbers

    def level(self, number: int) -> Level:
        for level in self.levels:
            if level.number == number:
                return level
        raise KeyError(f"{self.id} has no level {number}")

    def behaviours_up_to(self, number: int) -> tuple[Behaviour, ...]:
        """All behaviours of levels ``<= number``: levels are cumulative."""
        return tuple(b for level in self.levels if level.number <= number for b in level.behaviours)

    @property
    def behaviours(self) -> tuple[Behaviour, ...]:
        return tuple(b for level in self.levels for b in level.behaviours)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for level in self.levels for q in level.questions)

    def iter_probes(self) -> Iterator[tuple[Question, Probe]]:
        for question in self.questions:
            for probe in question.probes:
                yield question, probe

    def behaviour(self, behaviour_id: str) -> Behaviour:
        for behaviour in self.behaviours:
            if behaviour.id == behaviour_id:
                return behaviour
        raise KeyError(behaviour_id)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def counts(self) -> dict[int, tuple[int, int, int]]:
        """Per level: (behaviours, questions, probes)."""
        return {
            level.number: (
                len(level.behaviours),
                len(level.questions),
                sum(len(q.probes) for q in level.questions),
            )
            for level in self.levels
        }
