"""Link suggestions for everyday notes: the field vocabulary, the look-for
phrases of the content, the question a note was taken on (issue 22 §2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_interview.content.loader import load_file, parse_competency
from tui_interview.domain.competency import Behaviour, Competency, Level, Question
from tui_interview.domain.competency_codec import (
    CompetencyDataError,
    competency_from_dict,
    competency_to_dict,
)
from tui_interview.domain.linking import query_terms, rank_behaviours

SHIPPED = Path(__file__).parents[2] / "content" / "service-management-processes.yaml"
PROFILE, _ = load_file(SHIPPED)


def first(note: str, level: int = 3) -> str:
    return rank_behaviours(PROFILE, note, target_level=level)[0].behaviour.id


@pytest.mark.parametrize(
    ("note", "wanted"),
    [
        # the panel run's note that opened on "Reports on ... metrics" and was linked
        ("she collected ticket data and ran two workshops. Consultants wrote the report.", "b2.2"),
        ("chaired the weekly CAB, took the minutes", "b2.1"),
        ("kept the CMDB current after each server move", "b1.4"),
        ("monthly SLA dashboard in Power BI for the service review", "b3.6"),
        ("she was the SPOC for all access requests", "b1.2"),
    ],
)
def test_everyday_notes_open_on_the_behaviour_meant(note: str, wanted: str) -> None:
    assert first(note) == wanted


def test_an_acronym_brings_in_the_profile_words_at_a_lower_weight() -> None:
    weights = query_terms("CAB approved")
    assert weights["cab"] == 1.0
    assert 0 < weights["chang"] < 1.0
    assert "chang" not in query_terms("CAB approved", vocabulary=False)


def test_every_behaviour_is_returned_once() -> None:
    ranked = rank_behaviours(PROFILE, "CAB CMDB SLA MTTR KPI ITIL OLA", target_level=3)
    assert sorted(m.behaviour.id for m in ranked) == sorted(b.id for b in PROFILE.behaviours)


def test_look_for_phrases_count_as_the_behaviours_words() -> None:
    plain = Competency(
        "x",
        "X",
        levels=(
            Level(
                1,
                "s",
                behaviours=(
                    Behaviour("a", "Does one thing.", 1),
                    Behaviour("b", "Does another thing.", 1),
                ),
            ),
        ),
    )
    assert rank_behaviours(plain, "juggled the zebra rota")[0].score == 0
    taught = Competency(
        "x",
        "X",
        levels=(
            Level(
                1,
                "s",
                behaviours=(
                    Behaviour("a", "Does one thing.", 1),
                    Behaviour("b", "Does another thing.", 1, look_for=("zebra rota",)),
                ),
            ),
        ),
    )
    assert rank_behaviours(taught, "juggled the zebra rota")[0].behaviour.id == "b"


def test_the_question_a_note_was_taken_on_breaks_a_tie_towards_its_level() -> None:
    twin = Competency(
        "t",
        "T",
        levels=(
            Level(1, "s", behaviours=(Behaviour("low", "Monitors the systems.", 1),)),
            Level(3, "s", behaviours=(Behaviour("high", "Monitors the systems.", 3),)),
        ),
    )
    q1 = Question("q1.1", "Tell me about monitoring.", 1)
    assert rank_behaviours(twin, "monitored it", target_level=3)[0].behaviour.id == "high"
    ranked = rank_behaviours(twin, "monitored it", target_level=3, question=q1)
    assert ranked[0].behaviour.id == "low"


def test_a_fragment_is_read_with_the_questions_earlier_notes() -> None:
    fragment = "and then it was approved"
    alone = rank_behaviours(PROFILE, fragment, target_level=3)[0].behaviour.id
    helped = rank_behaviours(
        PROFILE, fragment, target_level=3, earlier_notes=["chaired the CAB every Tuesday"]
    )[0].behaviour.id
    assert helped == "b2.1"
    assert alone != helped


def test_look_for_is_read_from_yaml_and_checked() -> None:
    good = (
        "id: x\nname: X\nlevels:\n  - level: 1\n    summary: s\n    behaviors:\n"
        "      - text: Does it.\n        look_for:\n          - did the thing\n"
    )
    competency, problems = parse_competency(good, "x.yaml")
    assert problems == []
    assert competency is not None
    assert competency.behaviours[0].look_for == ("did the thing",)
    bad = good.replace("          - did the thing\n", "          - [nested]\n")
    competency, problems = parse_competency(bad, "x.yaml")
    assert competency is None
    assert [p.message for p in problems] == [
        "levels[0].behaviors[0].look_for[0]: expected text, got a list"
    ]


def test_look_for_survives_the_session_snapshot_and_is_checked_there() -> None:
    data = competency_to_dict(PROFILE)
    assert competency_from_dict(data) == PROFILE
    data["levels"][0]["behaviours"][0]["look_for"] = ["ok", 3]
    with pytest.raises(
        CompetencyDataError, match=r"look_for\[1\]: expected text, got a whole number"
    ):
        competency_from_dict(data)


def test_the_shipped_profile_has_look_for_phrases_for_every_behaviour() -> None:
    assert all(b.look_for for b in PROFILE.behaviours)
