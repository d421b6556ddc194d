"""Load and validate competency YAML files.

The YAML is composed into a node tree (never constructed into Python objects),
so every error can name the line and column it comes from, and the model is
built from the nodes while they are checked. Every error in a file is reported
at once; a file with any error yields no competency, and a broken file never
stops the others from loading. See ``docs/content-format.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tui_interview.content.problems import ContentProblem
from tui_interview.content.text import (
    ID_RULE,
    describe_character,
    forbidden_character,
    is_valid_id,
)
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
from tui_interview.domain.vocabulary import STAR_TAGS, Tag

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CONTENT_SUFFIXES = (".yaml", ".yml")
#: Content files are a few kilobytes; refuse anything absurdly large.
MAX_FILE_BYTES = 1_000_000
#: Behaviours + questions + probes in one file; guards against alias bombs.
MAX_ITEMS = 10_000

COMPETENCY_KEYS = ("id", "name", "description", "source", "levels")
LEVEL_KEYS = ("level", "title", "summary", "behaviors", "questions")
BEHAVIOUR_KEYS = ("id", "text", "note", "look_for")
QUESTION_KEYS = ("id", "text", "probes")
PROBE_KEYS = ("id", "text", "star")

#: Likely slips whose right key is not close enough in spelling for difflib.
_KEY_ALIASES = {
    "behaviours": "behaviors",
    "behaviour": "behaviors",
    "behavior": "behaviors",
    "question": "questions",
    "probe": "probes",
    "probing_questions": "probes",
    "STAR": "star",
    "part": "star",
    "probing questions": "probes",
    "number": "level",
    "author_note": "note",
    "comment": "note",
    "title": "name",
}

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
#: Scalars that are text once quoted: `yes`, `12`, `2024-01-01`.
_QUOTABLE = (
    "tag:yaml.org,2002:bool",
    _INT,
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
)
_TAG_NAMES = {
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:bool": "true/false",
    _INT: "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    _STR: "text",
}


@dataclass
class Library:
    """What was loaded from the content folders, and what could not be."""

    competencies: dict[str, Competency] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)
    #: Every content file that was read, in load order.
    files: list[Path] = field(default_factory=list)

    def get(self, competency_id: str, default: Competency | None = None) -> Competency | None:
        return self.competencies.get(competency_id, default)

    def __iter__(self) -> Iterator[Competency]:
        return iter(self.competencies.values())

    def __len__(self) -> int:
        return len(self.competencies)

    def __contains__(self, competency_id: object) -> bool:
        return competency_id in self.competencies


def load_library(dirs: Sequence[str | os.PathLike[str]]) -> Library:
    """Load every ``*.yaml``/``*.yml`` file directly inside each folder.

    Folders are read in the order given, files in sorted name order. A path
    that is a file is loaded as it is. A competency id that was already loaded
    is reported on the later file, which is skipped.
    """
    library = Library()
    where_loaded: dict[str, str] = {}
    for path in _content_files(dirs, library.problems):
        library.files.append(path)
        competency, problems, id_position = _load_path(path)
        library.problems += problems
        if competency is None:
            continue
        if competency.id in library.competencies:
            line, col = id_position
            library.problems.append(
                ContentProblem(
                    str(path),
                    line,
                    col,
                    f"id: duplicate competency id '{competency.id}' "
                    f"(already loaded from {where_loaded[competency.id]})",
                )
            )
            continue
        library.competencies[competency.id] = competency
        where_loaded[competency.id] = str(path)
    return library


def load_file(path: str | os.PathLike[str]) -> tuple[Competency | None, list[ContentProblem]]:
    """Load one YAML file: the competency (``None`` on any error) and the errors."""
    competency, problems, _ = _load_path(Path(path))
    return competency, problems


def parse_competency(text: str, path: str) -> tuple[Competency | None, list[ContentProblem]]:
    """Check YAML text and build its competency (``None`` on any error).

    ``path`` is only used to name the file in problems and as the origin.
    """
    competency, problems, _ = _parse(text, path)
    return competency, problems


def _content_files(
    dirs: Sequence[str | os.PathLike[str]], problems: list[ContentProblem]
) -> Iterator[Path]:
    for entry in dirs:
        folder = Path(entry)
        if folder.is_file():
            yield folder
            continue
        if not folder.exists():
            problems.append(ContentProblem(str(folder), None, None, "folder not found"))
            continue
        try:
            names = sorted(p.name for p in folder.iterdir())
        except OSError as error:
            problems.append(
                ContentProblem(str(folder), None, None, f"cannot read folder: {error.strerror}")
            )
            continue
        for name in names:
            path = folder / name
            if name.startswith(".") or not name.lower().endswith(CONTENT_SUFFIXES):
                continue
            if path.is_file():
                yield path


def _load_path(
    path: Path,
) -> tuple[Competency | None, list[ContentProblem], tuple[int | None, int | None]]:
    name = str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return None, [ContentProblem(name, None, None, "is a folder, not a file")], (None, None)
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        return None, [ContentProblem(name, None, None, message)], (None, None)
    if len(data) > MAX_FILE_BYTES:
        message = f"file is too large (over {MAX_FILE_BYTES:,} bytes)"
        return None, [ContentProblem(name, None, None, message)], (None, None)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{data[error.start]:02x})"
        return None, [ContentProblem(name, line, col, message)], (None, None)
    return _parse(text, name)


def _parse(
    text: str, path: str
) -> tuple[Competency | None, list[ContentProblem], tuple[int | None, int | None]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    builder = _Builder(path)
    root = None
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        builder.syntax_error(error, text)
    except RecursionError:
        builder.problems.append(ContentProblem(path, 1, 1, "YAML is nested too deeply"))
    else:
        if root is None:
            builder.problems.append(
                ContentProblem(path, 1, 1, "empty file: expected a competency (id, name, levels)")
            )
    competency = builder.competency(root) if root is not None else None
    problems = sorted(builder.problems, key=lambda p: (p.line or 0, p.col or 0))
    if problems:
        return None, problems, (None, None)
    return competency, [], builder.id_position


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return _TAG_NAMES.get(node.tag, f"a value tagged {tag}")


def _suggest(key: str, allowed: Sequence[str]) -> str:
    guess = _KEY_ALIASES.get(key.lower())
    if guess not in allowed:
        import difflib

        matches = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
        guess = matches[0] if matches else None
    if guess is not None:
        return f" (did you mean '{guess}'?)"
    return f" (expected one of: {', '.join(allowed)})"


def _where(field_path: str, message: str) -> str:
    return f"{field_path}: {message}" if field_path else message


class _Builder:
    """Walks the node tree, collecting problems and building the model."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[ContentProblem] = []
        self.id_position: tuple[int | None, int | None] = (None, None)
        self.items = 0
        # kind -> id -> line of first use
        self.ids: dict[str, dict[str, int]] = {"behaviour": {}, "question": {}, "probe": {}}

    # -- reporting ---------------------------------------------------------

    def error(self, node: yaml.Node, field_path: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            ContentProblem(self.path, mark.line + 1, mark.column + 1, _where(field_path, message))
        )

    def syntax_error(self, error: yaml.YAMLError, text: str) -> None:
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            line, col = mark.line + 1, mark.column + 1
        else:
            position = getattr(error, "position", 0) or 0
            line = text.count("\n", 0, position) + 1
            col = position - (text.rfind("\n", 0, position) + 1) + 1
        if isinstance(error, yaml.reader.ReaderError):
            detail = f"character {describe_character(chr(error.character))} is not allowed"
        else:
            detail = getattr(error, "problem", None) or str(error).splitlines()[0]
            context = getattr(error, "context", None)
            if context:
                detail += f" ({context})"
        self.problems.append(ContentProblem(self.path, line, col, f"YAML syntax error: {detail}"))

    # -- generic checks ----------------------------------------------------

    def mapping(
        self,
        node: yaml.Node,
        field_path: str,
        allowed: Sequence[str],
        required: Sequence[str],
        what: str,
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, field_path, f"expected {what}, got {_describe(node)}")
            return None
        found: dict[str, yaml.Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self.error(key_node, field_path, f"keys must be text, got {_describe(key_node)}")
                continue
            key = key_node.value
            if key not in allowed:
                self.error(key_node, field_path, f"unknown key '{key}'{_suggest(key, allowed)}")
            elif key in found:
                self.error(
                    key_node,
                    field_path,
                    f"duplicate key '{key}' (first at line {key_lines[key]})",
                )
            else:
                found[key] = value_node
                key_lines[key] = key_node.start_mark.line + 1
        for key in required:
            if key not in found:
                self.error(node, field_path, f"missing required key '{key}'")
        return found

    def sequence(self, node: yaml.Node, field_path: str, what: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            hint = " (write [] for none)" if node.tag == "tag:yaml.org,2002:null" else ""
            self.error(node, field_path, f"expected a list of {what}, got {_describe(node)}{hint}")
            return None
        nodes: list[yaml.Node] = node.value
        return nodes

    def text(self, node: yaml.Node, field_path: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            hint = " (put it in quotes)" if node.tag in _QUOTABLE else ""
            self.error(node, field_path, f"expected text, got {_describe(node)}{hint}")
            return None
        value: str = node.value.strip()
        if not value:
            self.error(node, field_path, "empty text")
            return None
        bad = forbidden_character(value)
        if bad is not None:
            self.error(
                node, field_path, f"text contains control character {describe_character(bad)}"
            )
            return None
        return value

    def identifier(self, node: yaml.Node, field_path: str) -> str | None:
        value = self.text(node, field_path)
        if value is not None and not is_valid_id(value):
            self.error(node, field_path, f"invalid id '{value}': use only {ID_RULE}")
            return None
        return value

    def register_id(self, kind: str, value: str, node: yaml.Node, field_path: str) -> None:
        seen = self.ids[kind]
        if value in seen:
            self.error(
                node,
                field_path,
                f"duplicate {kind} id '{value}' (also used at line {seen[value]})",
            )
        else:
            seen[value] = node.start_mark.line + 1

    def count_item(self, node: yaml.Node) -> bool:
        self.items += 1
        if self.items == MAX_ITEMS + 1:
            self.error(node, "", f"too many items (more than {MAX_ITEMS:,} in one file)")
        return self.items <= MAX_ITEMS

    # -- the content model -------------------------------------------------

    def competency(self, node: yaml.Node) -> Competency | None:
        keys = self.mapping(
            node, "", COMPETENCY_KEYS, ("id", "name", "levels"), "a mapping with id, name, levels"
        )
        if keys is None:
            return None
        values: dict[str, str | None] = {}
        for key in ("id", "name", "description", "source"):
            if key in keys:
                check = self.identifier if key == "id" else self.text
                values[key] = check(keys[key], key)
        if "id" in keys:
            mark = keys["id"].start_mark
            self.id_position = (mark.line + 1, mark.column + 1)
        levels = self.levels(keys["levels"]) if "levels" in keys else None
        if self.problems or levels is None:
            return None
        return Competency(
            id=values["id"] or "",
            name=values["name"] or "",
            description=values.get("description") or "",
            source=values.get("source") or "",
            levels=levels,
            origin=self.path,
        )

    def levels(self, node: yaml.Node) -> tuple[Level, ...] | None:
        items = self.sequence(node, "levels", "levels")
        if items is None:
            return None
        if not items:
            self.error(node, "levels", "expected at least one level")
            return None
        first_line: dict[int, int] = {}
        levels = []
        for index, item in enumerate(items):
            level = self.level(item, f"levels[{index}]", first_line)
            if level is not None:
                levels.append(level)
        return tuple(sorted(levels, key=lambda level: level.number))

    def level_number(self, node: yaml.Node, field_path: str) -> int | None:
        rule = f"level must be a whole number from {MIN_LEVEL} to {MAX_LEVEL}"
        if not isinstance(node, yaml.ScalarNode) or node.tag != _INT:
            self.error(node, field_path, f"{rule}, got {_describe(node)}")
            return None
        if not re.fullmatch(r"[-+]?[0-9]+", node.value):
            self.error(node, field_path, f"{rule}, got {node.value}")
            return None
        number = level_from_digits(node.value)
        if number is None:
            self.error(node, field_path, f"{rule}, got {describe_number(node.value)}")
        return number

    def level(self, node: yaml.Node, field_path: str, first_line: dict[int, int]) -> Level | None:
        keys = self.mapping(node, field_path, LEVEL_KEYS, ("level",), "a mapping with level")
        if keys is None:
            return None
        number = None
        if "level" in keys:
            number = self.level_number(keys["level"], f"{field_path}.level")
        # A bad or repeated number gives no derived ids, so its items do not
        # also show up as duplicates of another level's.
        usable = number is not None and number not in first_line
        if number is not None and not usable:
            self.error(
                keys["level"],
                f"{field_path}.level",
                f"level {number} is repeated (first at line {first_line[number]})",
            )
        if usable and number is not None:
            first_line[number] = keys["level"].start_mark.line + 1
        title = self.text(keys["title"], f"{field_path}.title") if "title" in keys else None
        summary = self.text(keys["summary"], f"{field_path}.summary") if "summary" in keys else ""
        behaviours: list[Behaviour] = []
        if "behaviors" in keys:
            behaviours = self.behaviours(
                keys["behaviors"], f"{field_path}.behaviors", number if usable else None
            )
        questions: list[Question] = []
        if "questions" in keys:
            questions = self.questions(
                keys["questions"], f"{field_path}.questions", number if usable else None
            )
        if not usable or number is None:
            return None
        return Level(
            number=number,
            summary=summary or "",
            title=title,
            behaviours=tuple(behaviours),
            questions=tuple(questions),
        )

    def item(
        self, node: yaml.Node, field_path: str, allowed: Sequence[str], what: str
    ) -> tuple[dict[str, yaml.Node], str | None, str | None]:
        """A list item written as text or as a mapping: (keys, text, explicit id).

        The explicit id is ``None`` when there is none, ``""`` when it is invalid.
        """
        if isinstance(node, yaml.ScalarNode):
            return {}, self.text(node, field_path), None
        keys = self.mapping(node, field_path, allowed, ("text",), what)
        if keys is None:
            return {}, None, None
        text = self.text(keys["text"], f"{field_path}.text") if "text" in keys else None
        explicit = None
        if "id" in keys:
            # An unusable explicit id is reported; "" keeps the item from
            # falling back to a derived id that could clash spuriously.
            explicit = self.identifier(keys["id"], f"{field_path}.id") or ""
        return keys, text, explicit

    def entries(
        self,
        node: yaml.Node,
        field_path: str,
        kind: str,
        listing: str,
        allowed: Sequence[str],
        what: str,
        derive: Callable[[int], str | None],
    ) -> Iterator[tuple[str, dict[str, yaml.Node], str | None, str | None]]:
        """Each item of a list as (where, keys, text, id), with its id
        registered: the explicit one, else ``derive(position)`` (1-based). The
        id is None when the item has no usable one."""
        for index, item in enumerate(self.sequence(node, field_path, listing) or ()):
            if not self.count_item(item):
                break
            where = f"{field_path}[{index}]"
            keys, text, explicit = self.item(item, where, allowed, what)
            own_id = explicit or None
            if explicit:
                self.register_id(kind, explicit, keys["id"], f"{where}.id")
            elif explicit is None:
                own_id = derive(index + 1)
                if own_id is not None:
                    self.register_id(kind, own_id, item, where)
            yield where, keys, text, own_id

    def behaviours(self, node: yaml.Node, field_path: str, level: int | None) -> list[Behaviour]:
        result = []
        for where, keys, text, own_id in self.entries(
            node,
            field_path,
            "behaviour",
            "behaviours",
            BEHAVIOUR_KEYS,
            "text or a mapping with text (and id, note, look_for)",
            lambda n: behaviour_id(level, n) if level is not None else None,
        ):
            note = self.text(keys["note"], f"{where}.note") if "note" in keys else None
            look_for: tuple[str, ...] = ()
            if "look_for" in keys:
                look_for = self.phrases(keys["look_for"], f"{where}.look_for")
            if text is not None and level is not None and own_id:
                result.append(
                    Behaviour(
                        id=own_id, text=text, level=level, author_note=note, look_for=look_for
                    )
                )
        return result

    def phrases(self, node: yaml.Node, field_path: str) -> tuple[str, ...]:
        """A behaviour's look-for phrases: a list of texts."""
        found = []
        for index, item in enumerate(self.sequence(node, field_path, "phrases") or ()):
            value = self.text(item, f"{field_path}[{index}]")
            if value is not None:
                found.append(value)
        return tuple(found)

    def questions(self, node: yaml.Node, field_path: str, level: int | None) -> list[Question]:
        result = []
        for where, keys, text, own_id in self.entries(
            node,
            field_path,
            "question",
            "questions",
            QUESTION_KEYS,
            "a mapping with text (and id, probes)",
            lambda n: question_id(level, n) if level is not None else None,
        ):
            probes: list[Probe] = []
            if "probes" in keys:
                probes = self.probes(keys["probes"], f"{where}.probes", own_id)
            if text is not None and own_id and level is not None:
                result.append(Question(id=own_id, text=text, level=level, probes=tuple(probes)))
        return result

    def probes(self, node: yaml.Node, field_path: str, question: str | None) -> list[Probe]:
        result = []
        for where, keys, text, own_id in self.entries(
            node,
            field_path,
            "probe",
            "probes (text, or mappings with id, text and star)",
            PROBE_KEYS,
            "text or a mapping with text (and id, star)",
            lambda n: probe_id(question, n) if question else None,
        ):
            star = self.star(keys["star"], f"{where}.star") if "star" in keys else None
            if text is not None and own_id:
                result.append(Probe(id=own_id, text=text, star=star))
        return result

    def star(self, node: yaml.Node, field_path: str) -> Tag | None:
        """A probe's STAR part: situation, task, action or result."""
        value = self.text(node, field_path)
        if value is None:
            return None
        if value.lower() not in STAR_TAGS:
            self.error(
                node,
                field_path,
                f"unknown STAR part '{value}' (expected one of: {', '.join(STAR_TAGS)})",
            )
            return None
        return Tag(value.lower())
