"""The suggested level in the normal interview, on the profile the app ships with.

The rule (docs/guide/rating.md, "How the suggested level is worked out"):
levels are cumulative; the levels planned and evidenced are assessed; levels
below a met level that were not planned are implied; a planned lower level
that is not met caps the suggestion; more evidence never lowers it.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FrozenClock
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_interview.content.loader import load_file
from tui_interview.domain.competency import Competency
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.rating import suggest_level
from tui_interview.domain.session import QuestionRef, Session, Tag

S, T, A, R = Tag.SITUATION, Tag.TASK, Tag.ACTION, Tag.RESULT
SHIPPED = Path(__file__).parents[2] / "content" / "service-management-processes.yaml"
START = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


def shipped() -> Competency:
    competency, problems = load_file(SHIPPED)
    assert competency is not None and problems == []
    return competency


PROFILE = shipped()


def plan(target: int, question_ids: list[str] | None = None) -> tuple[Session, FrozenClock]:
    clock = FrozenClock(START)
    session = plan_session(
        session_id="s1",
        candidate="Ada Lovelace",
        role="Service manager",
        interviewer="Grace",
        choices=[CompetencyChoice(PROFILE, target, question_ids)],
        now=clock(),
    )
    return session, clock


def ref(question_id: str) -> QuestionRef:
    return QuestionRef(PROFILE.id, question_id)


def half_of(target: int) -> list[str]:
    """The first half (rounded up) of the target level's behaviours: 3 of 6, 4 of 7."""
    behaviours = PROFILE.level(target).behaviours
    return [b.id for b in behaviours[: math.ceil(len(behaviours) / 2)]]


def ask_every_probe(session: Session, clock: FrozenClock, question_id: str) -> None:
    for probe in PROFILE.question(question_id).probes:
        session.set_probe_asked(ref(question_id), probe.id, True, clock.advance())


def typical_interview_by_notes(target: int) -> Session:
    """Each planned question gets a note per STAR part; behaviours are linked from notes."""
    session, clock = plan(target)
    behaviours = half_of(target)
    for index, question in enumerate(session.plan):
        for part in (S, A, R):
            linked = tuple(behaviours) if index == 0 and part is A else ()
            session.record_note(
                f"The candidate's {part}.",
                clock.advance(),
                question=question,
                tags=(part,),
                behaviours=linked,
            )
    return session


def typical_interview_by_probes(target: int) -> Session:
    """Probes ticked as they are asked; behaviours ticked on the checklist; a
    result note only where a question's probes ask for no result."""
    session, clock = plan(target)
    for question in session.plan:
        ask_every_probe(session, clock, question.question_id)
        parts = {p.star for p in PROFILE.question(question.question_id).probes}
        for part in (S, A, R):
            if part not in parts:
                session.record_note("Said so.", clock.advance(), question=question, tags=(part,))
    for behaviour_id in half_of(target):
        session.set_behaviour_observed(PROFILE.id, behaviour_id, True, clock.advance())
    return session


@pytest.mark.parametrize("target", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("interview", [typical_interview_by_notes, typical_interview_by_probes])
def test_a_typical_interview_suggests_its_target_level(interview, target: int) -> None:
    session = interview(target)

    suggestion = suggest_level(session, PROFILE.id)

    assert suggestion.level == target, suggestion.text
    assert suggestion.implied_levels == tuple(range(1, target))
    evidence = suggestion.per_level[target - 1]
    assert evidence.behaviours_with_evidence == len(half_of(target))
    assert suggestion.text.startswith(
        f"Level {target} suggested: {len(half_of(target))} of "
        f"{len(PROFILE.level(target).behaviours)} level-{target} behaviours observed"
    )
    if target > 1:
        below = "level 1" if target == 2 else f"levels 1–{target - 1}"
        assert f"{below} not assessed, implied by level {target} (levels are cumulative)" in (
            suggestion.text
        )
    if target < 5:
        assert f"Level {target + 1} is not met (0 of " in suggestion.text


def test_the_level_3_interview_of_the_issue_names_level_3_with_honest_reasons() -> None:
    """3 of 6 level-3 behaviours evidenced, the everyday probes ticked."""
    session, clock = plan(3)
    assert [q.question_id for q in session.plan] == ["q3.1", "q3.2"]
    for question in session.plan:
        ask_every_probe(session, clock, question.question_id)
    session.record_note(
        "Ran the gap analysis against the ITIL practices.",
        clock.advance(),
        question=ref("q3.1"),
        behaviours=("b3.1", "b3.2"),
    )
    session.set_behaviour_observed(PROFILE.id, "b3.6", True, clock.advance())

    suggestion = suggest_level(session, PROFILE.id)

    assert suggestion.level == 3
    assert suggestion.text == (
        "Level 3 suggested: 3 of 6 level-3 behaviours observed (2 with a linked note); "
        "levels 1–2 not assessed, implied by level 3 (levels are cumulative). "
        "Level 4 is not met (0 of 6 behaviours observed, needs 3)."
    )


def test_two_of_six_is_not_enough_and_says_why() -> None:
    session, clock = plan(3)
    for question in session.plan:
        ask_every_probe(session, clock, question.question_id)
    for behaviour_id in ("b3.1", "b3.2"):
        session.set_behaviour_observed(PROFILE.id, behaviour_id, True, clock.advance())

    suggestion = suggest_level(session, PROFILE.id)

    assert suggestion.level is None
    assert suggestion.text == (
        "Insufficient evidence: level 3 is not met "
        "(2 of 6 behaviours observed (ticked only, no linked note), needs 3). "
        "Next: link a note on questions 1 and 2 to a level-3 behaviour."
    )


def test_a_planned_lower_level_that_is_not_met_caps_the_suggestion() -> None:
    session, clock = plan(3, ["q2.1", "q3.1", "q3.2"])
    for question in session.plan:
        ask_every_probe(session, clock, question.question_id)
    for behaviour_id in half_of(3):
        session.set_behaviour_observed(PROFILE.id, behaviour_id, True, clock.advance())

    suggestion = suggest_level(session, PROFILE.id)

    assert suggestion.level is None
    assert suggestion.per_level[2].met
    assert suggestion.text.startswith(
        "Insufficient evidence: level 2 is not met (0 of 7 behaviours observed, needs 4). "
        "Level 3 is met, but level 2 was planned and is not, which caps the suggestion."
    )

    for behaviour_id in half_of(2):
        session.set_behaviour_observed(PROFILE.id, behaviour_id, True, clock.advance())
    suggestion = suggest_level(session, PROFILE.id)
    assert suggestion.level == 3
    assert suggestion.implied_levels == (1,)
    assert "level 2 met; level 1 not assessed, implied by level 3" in suggestion.text


def test_a_level_noticed_in_passing_is_implied_not_a_cap() -> None:
    session, clock = plan(3)
    for question in session.plan:
        ask_every_probe(session, clock, question.question_id)
    for behaviour_id in [*half_of(3), "b2.1"]:
        session.set_behaviour_observed(PROFILE.id, behaviour_id, True, clock.advance())

    suggestion = suggest_level(session, PROFILE.id)

    assert suggestion.level == 3
    assert suggestion.implied_levels == (1, 2)
    assert "level 1 not assessed, implied by level 3 (levels are cumulative); " in suggestion.text
    assert "level 2 not planned (1 of 7 behaviours observed), implied by level 3." in (
        suggestion.text
    )


# -- more evidence never lowers the suggestion ----------------------------------

QUESTION_IDS = [q.id for q in PROFILE.questions]
BEHAVIOUR_IDS = [b.id for b in PROFILE.behaviours]
PROBES = [(q.id, p.id) for q, p in PROFILE.iter_probes()]
NOTE_TAGS = [(q, tag) for q in QUESTION_IDS for tag in (S, T, A, R)]

evidence = st.fixed_dictionaries(
    {
        "ticked": st.sets(st.sampled_from(BEHAVIOUR_IDS)),
        "linked": st.sets(st.sampled_from(BEHAVIOUR_IDS)),
        "probes": st.sets(st.sampled_from(PROBES)),
        "tags": st.sets(st.sampled_from(NOTE_TAGS)),
    }
)


def suggested(target: int, question_ids: list[str], found: dict[str, set]) -> int:
    session, clock = plan(target, question_ids)
    planned = {q.question_id for q in session.plan}
    for question_id, probe_id in sorted(found["probes"]):
        if question_id in planned:
            session.set_probe_asked(ref(question_id), probe_id, True, clock.advance())
    for question_id, tag in sorted(found["tags"]):
        if question_id in planned:
            session.record_note("x", clock.advance(), question=ref(question_id), tags=(tag,))
    for behaviour_id in sorted(found["ticked"]):
        session.set_behaviour_observed(PROFILE.id, behaviour_id, True, clock.advance())
    if found["linked"]:
        linked = tuple(sorted(found["linked"]))
        session.record_note("y", clock.advance(), question=session.plan[0], behaviours=linked)
    return suggest_level(session, PROFILE.id).level or 0


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5),
    st.lists(st.sampled_from(QUESTION_IDS), min_size=1, max_size=6, unique=True),
    evidence,
    evidence,
)
def test_more_evidence_never_lowers_the_suggestion(target, question_ids, some, more) -> None:
    both = {key: some[key] | more[key] for key in some}
    assert suggested(target, question_ids, some) <= suggested(target, question_ids, both)
