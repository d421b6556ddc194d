"""The competency model: cumulative levels, lookups, counts, derived ids."""

from __future__ import annotations

import pytest

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


def make_competency() -> Competency:
    def level(n: int, behaviours: int, questions: int, probes: int) -> Level:
        return Level(
            number=n,
            summary=f"Summary {n}",
            behaviours=tuple(
                Behaviour(behaviour_id(n, i), f"B{n}.{i}", n) for i in range(1, behaviours + 1)
            ),
            questions=tuple(
                Question(
                    question_id(n, i),
                    f"Q{n}.{i}",
                    n,
                    tuple(
                        Probe(probe_id(question_id(n, i), p), f"P{p}") for p in range(1, probes + 1)
                    ),
                )
                for i in range(1, questions + 1)
            ),
        )

    return Competency(
        "demo", "Demo", levels=(level(1, 2, 1, 3), level(2, 3, 2, 1), level(4, 1, 0, 0))
    )


def test_derived_id_scheme():
    assert behaviour_id(2, 3) == "b2.3"
    assert question_id(2, 1) == "q2.1"
    assert probe_id("q2.1", 4) == "q2.1.p4"


def test_behaviours_are_cumulative():
    competency = make_competency()
    assert [b.id for b in competency.behaviours_up_to(1)] == ["b1.1", "b1.2"]
    assert [b.id for b in competency.behaviours_up_to(3)] == [
        "b1.1",
        "b1.2",
        "b2.1",
        "b2.2",
        "b2.3",
    ]
    assert len(competency.behaviours_up_to(5)) == 6
    assert competency.behaviours_up_to(0) == ()


def test_level_lookup():
    competency = make_competency()
    assert competency.level_numbers == (1, 2, 4)
    assert competency.has_level(4) and not competency.has_level(3)
    assert competency.level(2).summary == "Summary 2"
    with pytest.raises(KeyError):
        competency.level(3)


def test_item_lookup():
    competency = make_competency()
    assert competency.behaviour("b2.3").text == "B2.3"
    assert competency.question("q2.2").probe("q2.2.p1").text == "P1"
    with pytest.raises(KeyError):
        competency.question("q9.9")


def test_counts_per_level():
    assert make_competency().counts() == {1: (2, 1, 3), 2: (3, 2, 2), 4: (1, 0, 0)}


def test_level_label():
    assert Level(3, "s").label == "Level 3"
    assert Level(1, "s", title="Introductory").label == "Level 1 — Introductory"


def test_origin_is_not_part_of_identity():
    a = Competency("x", "X", origin="a.yaml")
    assert a == Competency("x", "X", origin="b.yaml")
