"""The JSON snapshot of a competency kept inside sessions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_interview.content.loader import load_file
from tui_interview.domain.competency import Behaviour, Competency, Level, Probe, Question
from tui_interview.domain.competency_codec import (
    CompetencyDataError,
    competency_from_dict,
    competency_to_dict,
)

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "service-management-processes.yaml"


def test_shipped_profile_survives_a_json_round_trip():
    competency, problems = load_file(SHIPPED)
    assert problems == []
    data = json.loads(json.dumps(competency_to_dict(competency)))
    assert competency_from_dict(data) == competency


def test_round_trip_keeps_ids_titles_notes_and_source():
    competency = Competency(
        "x",
        "X",
        description="D",
        source="S",
        levels=(
            Level(
                2,
                "",
                title="Basic",
                behaviours=(Behaviour("custom", "B", 2, author_note="cut off"),),
                questions=(Question("q", "Q?", 2, (Probe("p", "P?"),)),),
            ),
        ),
        origin="dropped.yaml",
    )
    restored = competency_from_dict(json.loads(json.dumps(competency_to_dict(competency))))
    assert restored == competency
    assert restored.level(2).title == "Basic"
    assert restored.behaviour("custom").author_note == "cut off"
    assert restored.origin is None


def test_snapshot_is_plain_json_data():
    competency, _ = load_file(SHIPPED)
    data = competency_to_dict(competency)
    assert json.loads(json.dumps(data)) == data
    assert data["levels"][0]["behaviours"][0] == {
        "id": "b1.1",
        "text": "Explains service management processes and concepts.",
        "level": 1,
        "look_for": [
            "taught new staff the basics, incident vs problem vs request",
            "onboarding talk on ITIL terms",
        ],
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "competency: expected an object, got a list"),
        (
            {"id": "x", "name": "X", "levels": [{"number": 2**53 + 1}]},
            "levels[0].number: 9007199254740993 is too large",
        ),
        ({"name": "X", "levels": []}, "competency.id: missing"),
        (
            {"id": "x", "name": 3, "levels": []},
            "competency.name: expected text, got a whole number",
        ),
        (
            {"id": "x", "name": "X", "levels": {}},
            "competency.levels: expected a list, got an object",
        ),
        (
            {"id": "x", "name": "X", "levels": [{"number": True, "summary": ""}]},
            "levels[0].number: expected a whole number, got true/false",
        ),
        (
            {"id": "x", "name": "X", "levels": [{"number": 1, "behaviours": [{"id": "b"}]}]},
            "levels[0].behaviours[0].text: missing",
        ),
    ],
)
def test_malformed_snapshot_names_the_field(data, message):
    with pytest.raises(
        CompetencyDataError, match=f"^{message.replace('[', '.').replace(']', '.')}$"
    ):
        competency_from_dict(data)
