"""Turn a plain-text competency profile into a ``Competency``.

The plain-text format (see ``docs/content-format.md``)::

    Name
    Description
    Level 1 Summary of the level
    BEHAVIORS
    - a behaviour
    QUESTIONS
    - a main question
    Probing Questions
    * a probing question

Each probing question gets the STAR part its wording asks about
(``domain.star.star_part_of_probe``), written as ``star:`` in the YAML for the
author to check.

Unusual but usable input gives warnings (with line numbers); input that is
not a profile at all raises ``ImportFailed``, never anything else.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui_interview.content.text import describe_character, forbidden_character, slugify
from tui_interview.domain.competency import (
    MAX_LEVEL,
    MIN_LEVEL,
    Behaviour,
    Competency,
    Level,
    Probe,
    Question,
    behaviour_id,
    describe_number,
    level_from_digits,
    probe_id,
    question_id,
)
from tui_interview.domain.star import star_part_of_probe
from tui_interview.errors import TuiInterviewError

#: Plain-text profiles are a few kilobytes.
MAX_INPUT_BYTES = 1_000_000

#: The author note the importer puts on a behaviour that stops mid-sentence.
CUT_OFF_NOTE = "cut off in the source — the sentence ends mid-way; complete it"

_LEVEL_HEADING = re.compile(r"level\s+(\d+)\s*(?:[.:\-–—]\s*)?(.*)", re.IGNORECASE)
# "Introductory: Demonstrates …": one word before a colon is the level's title.
_TITLED_SUMMARY = re.compile(r"([^\W\d_][\w-]*)\s*:\s*(.*)")
_BEHAVIOURS_HEADING = re.compile(r"behaviou?rs\s*:?", re.IGNORECASE)
_QUESTIONS_HEADING = re.compile(r"questions\s*:?", re.IGNORECASE)
_PROBES_HEADING = re.compile(r"probing\s+questions\s*:?", re.IGNORECASE)
# An untranslated message key such as "competency-level-behavior.761045.name".
_PLACEHOLDER = re.compile(r"[A-Za-z][\w-]*(?:\.[\w-]+){2,}")
# Words a complete sentence does not end with.
_DANGLING_WORDS = frozenset(
    "a an the and or nor but of for to with in on at by from into onto as than that "
    "which whose who its their our your his her such this these those is are be".split()
)


@dataclass(frozen=True)
class ProfileWarning:
    """Something unusual the importer coped with."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"


class ImportFailed(TuiInterviewError):
    """The input cannot be used as a profile. ``line`` is ``None`` when the
    problem is with the file as a whole (missing, unreadable)."""

    def __init__(self, path: str, line: int | None, message: str, col: int | None = None) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message
        #: The 1-based column, when the problem is at one place in the line.
        self.col = col

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.line is not None and self.col is not None:
            where += f":{self.col}"
        return f"{where}: error: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    competency: Competency
    warnings: tuple[ProfileWarning, ...] = ()


def import_file(path: str | os.PathLike[str], *, source: str | None = None) -> ImportResult:
    """Read and import a plain-text profile file."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except IsADirectoryError:
        raise ImportFailed(name, None, "is a folder, not a file") from None
    except FileNotFoundError:
        raise ImportFailed(name, None, "no such file") from None
    except OSError as error:
        raise ImportFailed(name, None, f"cannot read: {error.strerror or error}") from None
    return import_bytes(data, name, source=source)


def import_bytes(data: bytes, path: str, *, source: str | None = None) -> ImportResult:
    """Decode UTF-8 (with or without a byte order mark) and import."""
    if len(data) > MAX_INPUT_BYTES:
        raise ImportFailed(path, None, f"file is too large (over {MAX_INPUT_BYTES:,} bytes)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed(path, 1, "UTF-16 text is not supported: save the file as UTF-8")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportFailed(path, line, "binary data (a NUL byte): not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFailed(
            path, line, f"not valid UTF-8 text (byte 0x{data[error.start]:02x})"
        ) from None
    return import_text(text, path, source=source)


def import_text(text: str, path: str, *, source: str | None = None) -> ImportResult:
    """Import profile text. ``path`` names the input in messages and gives the
    competency id (its slugified stem); ``source`` defaults to the file name."""
    parser = _ProfileParser(path)
    competency = parser.parse(text)
    if source is None:
        source = "" if not path or path.startswith("<") else f"imported from {Path(path).name}"
    return ImportResult(replace(competency, source=source), tuple(parser.warnings))


def competency_id_for(path: str, name: str) -> str:
    """The file name's stem as a slug, else the name's, else ``competency``.

    A pseudo-name such as ``<stdin>`` is not a file name."""
    stem = "" if path.startswith("<") else Path(path).stem
    return slugify(stem) or slugify(name) or "competency"


def looks_cut_off(text: str) -> bool:
    """True when text ends without punctuation on a word no sentence ends with."""
    words = text.split()
    return bool(words) and words[-1].lower() in _DANGLING_WORDS


@dataclass
class _DraftQuestion:
    line: int
    text: str
    probes: list[str] = field(default_factory=list)


@dataclass
class _DraftLevel:
    number: int
    line: int
    summary: str = ""
    title: str | None = None
    behaviours: list[tuple[str, str | None]] = field(default_factory=list)
    questions: list[_DraftQuestion] = field(default_factory=list)


class _ProfileParser:
    """A line-by-line state machine over the plain-text format."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.warnings: list[ProfileWarning] = []
        self.levels: dict[int, _DraftLevel] = {}
        self.level: _DraftLevel | None = None
        self.section: str | None = None  # "behaviours", "questions" or "probes"
        self.question: _DraftQuestion | None = None

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ProfileWarning(self.path, line, message))

    def fail(self, line: int, message: str, col: int | None = None) -> ImportFailed:
        return ImportFailed(self.path, line, message, col)

    def parse(self, text: str) -> Competency:
        if text.startswith("\ufeff"):
            text = text[1:]
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for number, line in enumerate(raw_lines, start=1):
            bad = forbidden_character(line)
            if bad is not None:
                raise self.fail(
                    number, f"control character {describe_character(bad)}: not a text profile"
                )
        content = [
            (number, line.strip()) for number, line in enumerate(raw_lines, start=1) if line.strip()
        ]
        self.indent = {
            number: len(line) - len(line.lstrip()) for number, line in enumerate(raw_lines, start=1)
        }
        if not content:
            raise self.fail(1, "empty file: expected a competency name on the first line")

        name_line, name = content[0]
        if self.is_structure(name):
            raise self.fail(name_line, f"expected the competency name first, found '{name}'")
        rest = content[1:]
        description = ""
        if rest and not self.is_structure(rest[0][1]):
            description = rest[0][1]
            rest = rest[1:]
        else:
            self.warn(name_line, "no description line after the name")
        for number, line in rest:
            self.read_line(number, line)
        if not self.levels:
            last = content[-1][0]
            raise self.fail(last, "no levels found: expected 'Level 1 …' or BEHAVIORS")
        self.check_levels()
        return Competency(
            id=competency_id_for(self.path, name),
            name=name,
            description=description,
            levels=tuple(self.build(self.levels[n]) for n in sorted(self.levels)),
        )

    @staticmethod
    def is_structure(line: str) -> bool:
        return bool(
            _LEVEL_HEADING.fullmatch(line)
            or _BEHAVIOURS_HEADING.fullmatch(line)
            or _QUESTIONS_HEADING.fullmatch(line)
            or _PROBES_HEADING.fullmatch(line)
            or line[0] in "-*"
        )

    def read_line(self, number: int, line: str) -> None:
        heading = _LEVEL_HEADING.fullmatch(line)
        if heading:
            digits = heading.group(1)
            level = level_from_digits(digits)
            if level is None:
                raise self.fail(
                    number,
                    f"level {describe_number(digits)} is outside {MIN_LEVEL}–{MAX_LEVEL}",
                    col=self.indent.get(number, 0) + heading.start(1) + 1,
                )
            self.start_level(number, level, heading.group(2).strip())
        elif _BEHAVIOURS_HEADING.fullmatch(line):
            self.ensure_level(number, "BEHAVIORS")
            self.section, self.question = "behaviours", None
        elif _QUESTIONS_HEADING.fullmatch(line):
            self.ensure_level(number, "QUESTIONS")
            self.section, self.question = "questions", None
        elif _PROBES_HEADING.fullmatch(line):
            if self.question is None:
                raise self.fail(number, "'Probing Questions' before any question")
            self.section = "probes"
        elif line[0] in "-*":
            self.read_item(number, line[0], line[1:].strip())
        else:
            raise self.fail(
                number,
                f"unexpected line '{_shorten(line)}': expected a 'Level N' heading, "
                "BEHAVIORS, QUESTIONS, 'Probing Questions', '- item' or '* probe'",
            )

    def start_level(self, number: int, level: int, heading: str) -> None:
        self.section, self.question = None, None
        if level in self.levels:
            first = self.levels[level].line
            self.warn(
                number,
                f"level {level} appears again (first at line {first}); "
                "its items are added to that level",
            )
            self.level = self.levels[level]
            return
        if self.levels and level < max(self.levels):
            self.warn(number, f"level {level} comes after level {max(self.levels)}")
        titled = _TITLED_SUMMARY.fullmatch(heading)
        title, summary = (titled.group(1), titled.group(2).strip()) if titled else (None, heading)
        if not summary:
            self.warn(number, f"level {level} has no summary")
        if summary and looks_cut_off(summary):
            self.warn(number, f"level {level} summary looks cut off: '{_shorten(summary)}'")
        self.level = _DraftLevel(level, number, summary, title)
        self.levels[level] = self.level

    def ensure_level(self, number: int, heading: str) -> None:
        if self.level is not None:
            return
        level = MIN_LEVEL
        self.warn(number, f"no 'Level N' heading before {heading}: taken as level {level}")
        self.level = _DraftLevel(level, number)
        self.levels[level] = self.level

    def read_item(self, number: int, bullet: str, text: str) -> None:
        if not text:
            self.warn(number, "empty item: skipped")
            return
        if _PLACEHOLDER.fullmatch(text):
            self.warn(number, f"untranslated placeholder '{text}': skipped")
            return
        cut_off = looks_cut_off(text)
        if cut_off:
            self.warn(number, f"text looks cut off: '{_shorten(text)}'")
        level = self.level
        if level is None or self.section is None:
            raise self.fail(number, "item outside a BEHAVIORS or QUESTIONS section")
        if self.section == "behaviours":
            level.behaviours.append((text, CUT_OFF_NOTE if cut_off else None))
        elif bullet == "*":
            if self.question is None:
                raise self.fail(number, "probing question '* …' before any question")
            self.question.probes.append(text)
        else:
            self.question = _DraftQuestion(number, text)
            self.section = "questions"
            level.questions.append(self.question)

    def check_levels(self) -> None:
        for level in self.levels.values():
            if not level.behaviours:
                self.warn(level.line, f"level {level.number} has no behaviours")
            if not level.questions:
                self.warn(level.line, f"level {level.number} has no questions")
            for question in level.questions:
                if not question.probes:
                    self.warn(question.line, "question has no probing questions")
        self.warnings.sort(key=lambda warning: warning.line)

    @staticmethod
    def build(draft: _DraftLevel) -> Level:
        questions = []
        for n, question in enumerate(draft.questions, start=1):
            own_id = question_id(draft.number, n)
            questions.append(
                Question(
                    id=own_id,
                    text=question.text,
                    level=draft.number,
                    probes=tuple(
                        Probe(probe_id(own_id, p), text, star_part_of_probe(text))
                        for p, text in enumerate(question.probes, start=1)
                    ),
                )
            )
        return Level(
            number=draft.number,
            summary=draft.summary,
            title=draft.title,
            behaviours=tuple(
                Behaviour(behaviour_id(draft.number, n), text, draft.number, note)
                for n, (text, note) in enumerate(draft.behaviours, start=1)
            ),
            questions=tuple(questions),
        )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
