"""A competency as JSON-ready dicts, and back, with nothing lost.

Sessions keep a snapshot of the content they were run with, so a transcript
still makes sense after the YAML changes. ``competency_from_dict(
competency_to_dict(c)) == c`` for every competency; only ``origin`` (where it
was loaded from) is not kept. Reading checks the shape of the data and raises
``CompetencyDataError`` naming the field, because a snapshot may come from an
imported file.
"""

from __future__ import annotations

from typing import Any

from tui_interview.domain.competency import Behaviour, Competency, Level, Probe, Question
from tui_interview.domain.fields import FieldReader
from tui_interview.domain.vocabulary import STAR_TAGS, Tag
from tui_interview.errors import TuiInterviewError


class CompetencyDataError(TuiInterviewError, ValueError):
    """A competency snapshot that does not have the expected shape."""


def competency_to_dict(competency: Competency) -> dict[str, Any]:
    return {
        "id": competency.id,
        "name": competency.name,
        "description": competency.description,
        "source": competency.source,
        "levels": [_level_to_dict(level) for level in competency.levels],
    }


def competency_from_dict(data: object) -> Competency:
    fields = _mapping(data, "competency")
    return Competency(
        id=_text(fields, "id", "competency"),
        name=_text(fields, "name", "competency"),
        description=_text(fields, "description", "competency", default=""),
        source=_text(fields, "source", "competency", default=""),
        levels=tuple(
            _level_from_dict(item, f"levels[{i}]")
            for i, item in enumerate(_list(fields, "levels", "competency"))
        ),
    )


def _level_to_dict(level: Level) -> dict[str, Any]:
    data: dict[str, Any] = {"number": level.number, "summary": level.summary}
    if level.title is not None:
        data["title"] = level.title
    data["behaviours"] = [_behaviour_to_dict(b) for b in level.behaviours]
    data["questions"] = [_question_to_dict(q) for q in level.questions]
    return data


def _behaviour_to_dict(behaviour: Behaviour) -> dict[str, Any]:
    data: dict[str, Any] = {"id": behaviour.id, "text": behaviour.text, "level": behaviour.level}
    if behaviour.author_note is not None:
        data["author_note"] = behaviour.author_note
    if behaviour.look_for:
        data["look_for"] = list(behaviour.look_for)
    return data


def _question_to_dict(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": question.text,
        "level": question.level,
        "probes": [_probe_to_dict(p) for p in question.probes],
    }


def _probe_to_dict(probe: Probe) -> dict[str, Any]:
    data: dict[str, Any] = {"id": probe.id, "text": probe.text}
    if probe.star is not None:
        data["star"] = str(probe.star)
    return data


def _level_from_dict(data: object, where: str) -> Level:
    fields = _mapping(data, where)
    return Level(
        number=_integer(fields, "number", where),
        summary=_text(fields, "summary", where, default=""),
        title=_optional_text(fields, "title", where),
        behaviours=tuple(
            _behaviour_from_dict(item, f"{where}.behaviours[{i}]")
            for i, item in enumerate(_list(fields, "behaviours", where, default=[]))
        ),
        questions=tuple(
            _question_from_dict(item, f"{where}.questions[{i}]")
            for i, item in enumerate(_list(fields, "questions", where, default=[]))
        ),
    )


def _behaviour_from_dict(data: object, where: str) -> Behaviour:
    fields = _mapping(data, where)
    return Behaviour(
        id=_text(fields, "id", where),
        text=_text(fields, "text", where),
        level=_integer(fields, "level", where),
        author_note=_optional_text(fields, "author_note", where),
        look_for=_texts(fields, "look_for", where),
    )


def _question_from_dict(data: object, where: str) -> Question:
    fields = _mapping(data, where)
    probes = []
    for i, item in enumerate(_list(fields, "probes", where, default=[])):
        probe_where = f"{where}.probes[{i}]"
        probe = _mapping(item, probe_where)
        probes.append(
            Probe(
                id=_text(probe, "id", probe_where),
                text=_text(probe, "text", probe_where),
                star=_star(probe, probe_where),
            )
        )
    return Question(
        id=_text(fields, "id", where),
        text=_text(fields, "text", where),
        level=_integer(fields, "level", where),
        probes=tuple(probes),
    )


#: The one strict reader (domain/fields.py): the same limits and words as
#: the session codec, plan files and index entries.
_READ = FieldReader(lambda field, problem: CompetencyDataError(f"{field}: {problem}"))
_mapping = _READ.mapping
_text = _READ.text
_integer = _READ.integer
_list = _READ.list


def _optional_text(fields: dict[str, Any], key: str, where: str) -> str | None:
    return _READ.optional_text(fields, key, where, default=None)


def _texts(fields: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """An optional list of strings; snapshots from before it existed have none."""
    items = _list(fields, key, where, default=[])
    return tuple(_READ.check_text(item, f"{where}.{key}[{i}]") for i, item in enumerate(items))


def _star(fields: dict[str, Any], where: str) -> Tag | None:
    """A probe's optional STAR part; snapshots from before it existed have none."""
    if fields.get("star") is None:
        return None
    value = _text(fields, "star", where)
    if value not in STAR_TAGS:
        names = ", ".join(STAR_TAGS)
        raise CompetencyDataError(f"{where}.star: expected one of {names}, got {value!r}")
    return Tag(value)
