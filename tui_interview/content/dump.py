"""Write a competency as hand-editable YAML (the format ``loader`` reads).

Keys keep a stable, readable order, Unicode is written as is, and long lines
are never folded. An id is written only where it differs from the id the
loader would derive from the item's position, so ``parse_competency`` of the
output gives back an equal competency.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from tui_interview.domain.competency import (
    Behaviour,
    Competency,
    Level,
    Probe,
    Question,
    behaviour_id,
    probe_id,
    question_id,
)


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, as people write them by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def competency_to_yaml(competency: Competency) -> str:
    """The YAML text of a competency, with a blank line between levels."""
    document = competency_to_plain(competency)
    levels = document.pop("levels")
    # Each level is dumped on its own so a blank line can go between levels;
    # indenting a chunk is safe because the dumper never writes block scalars
    # and extra indentation of a quoted scalar's continuation lines is ignored.
    chunks = [textwrap.indent(_dump([level]), "  ") for level in levels]
    return _dump(document) + "levels:\n" + "\n".join(chunks)


def _dump(data: object) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=float("inf"),
        indent=2,
        default_flow_style=False,
    )


def competency_to_plain(competency: Competency) -> dict[str, Any]:
    """The YAML document as plain dicts, lists and strings."""
    document: dict[str, Any] = {"id": competency.id, "name": competency.name}
    if competency.description:
        document["description"] = competency.description
    if competency.source:
        document["source"] = competency.source
    document["levels"] = [_level(level) for level in competency.levels]
    return document


def _level(level: Level) -> dict[str, Any]:
    result: dict[str, Any] = {"level": level.number}
    if level.title is not None:
        result["title"] = level.title
    if level.summary:
        result["summary"] = level.summary
    if level.behaviours:
        result["behaviors"] = [
            _behaviour(b, behaviour_id(level.number, n))
            for n, b in enumerate(level.behaviours, start=1)
        ]
    if level.questions:
        result["questions"] = [
            _question(q, question_id(level.number, n))
            for n, q in enumerate(level.questions, start=1)
        ]
    return result


def _behaviour(behaviour: Behaviour, derived_id: str) -> str | dict[str, Any]:
    if behaviour.id == derived_id and behaviour.author_note is None and not behaviour.look_for:
        return behaviour.text
    result: dict[str, Any] = {} if behaviour.id == derived_id else {"id": behaviour.id}
    result["text"] = behaviour.text
    if behaviour.author_note is not None:
        result["note"] = behaviour.author_note
    if behaviour.look_for:
        result["look_for"] = list(behaviour.look_for)
    return result


def _question(question: Question, derived_id: str) -> dict[str, Any]:
    result: dict[str, Any] = {} if question.id == derived_id else {"id": question.id}
    result["text"] = question.text
    if question.probes:
        result["probes"] = [
            _probe(probe, probe_id(question.id, n)) for n, probe in enumerate(question.probes, 1)
        ]
    return result


def _probe(probe: Probe, derived_id: str) -> str | dict[str, str]:
    if probe.id == derived_id and probe.star is None:
        return probe.text
    result = {} if probe.id == derived_id else {"id": probe.id}
    result["text"] = probe.text
    if probe.star is not None:
        result["star"] = str(probe.star)
    return result
