"""Rating a competency: the scale, the suggested level and locked ratings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FrozenClock
from hypothesis import given
from hypothesis import strategies as st

from tui_interview.content.loader import load_file
from tui_interview.domain.competency import Behaviour, Competency, Level, Probe, Question
from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.rating import (
    Anchor,
    RatingError,
    anchors,
    compare_to_target,
    ratings_visible,
    star_part_of_probe,
    submit_rating,
    suggest_level,
)
from tui_interview.domain.session import QuestionRef, Session, Tag

S, T, A, R = Tag.SITUATION, Tag.TASK, Tag.ACTION, Tag.RESULT

#: One probe per STAR part, plus one that is none of them.
STAR_PROBES = (
    "What was the situation?",
    "What was your role at the time?",
    "What did you do?",
    "What was the outcome?",
    "Who was your audience?",
)


def make_level(number: int, behaviours: int, questions: int) -> Level:
    return Level(
        number=number,
        summary=f"Summary of level {number}.",
        behaviours=tuple(
            Behaviour(f"b{number}.{i}", f"Behaviour {i} of level {number}", number)
            for i in range(1, behaviours + 1)
        ),
        questions=tuple(
            Question(
                f"q{number}.{i}",
                f"Describe a situation (level {number}, question {i}).",
                number,
                tuple(Probe(f"q{number}.{i}.p{p}", text) for p, text in enumerate(STAR_PROBES, 1)),
            )
            for i in range(1, questions + 1)
        ),
    )


def make_competency(cid: str, shape: dict[int, tuple[int, int]]) -> Competency:
    """``shape`` maps level -> (number of behaviours, number of questions)."""
    return Competency(
        id=cid,
        name=cid.replace("-", " ").title(),
        levels=tuple(make_level(n, b, q) for n, (b, q) in sorted(shape.items())),
    )


#: Levels 1-4 with 4, 4, 6 and 6 behaviours and two questions each.
SERVICE = make_competency("service", {1: (4, 2), 2: (4, 2), 3: (6, 2), 4: (6, 2)})
#: A partial profile: levels 1 and 2 only, level 2 without questions.
PARTIAL = make_competency("partial", {1: (3, 1), 2: (3, 0)})

#: Questions 1-5 of the plan: one of level 1, one of level 2, both of level 3, one of level 4.
SERVICE_PLAN = ["q1.1", "q2.1", "q3.1", "q3.2", "q4.1"]


def new_session(clock: FrozenClock, *choices: CompetencyChoice) -> Session:
    return plan_session(
        session_id="s1",
        candidate="Ada Lovelace",
        role="Service manager",
        interviewer="Grace",
        choices=choices or (CompetencyChoice(SERVICE, 3, SERVICE_PLAN),),
        now=clock(),
    )


@pytest.fixture
def session(clock: FrozenClock) -> Session:
    return new_session(clock)


def ref(question_id: str, competency_id: str = "service") -> QuestionRef:
    return QuestionRef(competency_id, question_id)


def tell_story(
    session: Session,
    clock: FrozenClock,
    question_id: str,
    behaviours: tuple[str, ...] = (),
    tags: tuple[Tag, ...] = (S, A, R),
    competency_id: str = "service",
):
    """One note on a question, tagged with STAR parts and linked to behaviours."""
    return session.record_note(
        "The candidate's example.",
        clock.advance(),
        question=ref(question_id, competency_id),
        tags=tags,
        behaviours=behaviours,
    )


def tick(session: Session, clock: FrozenClock, *behaviour_ids: str, cid: str = "service") -> None:
    for behaviour_id in behaviour_ids:
        session.set_behaviour_observed(cid, behaviour_id, True, clock.advance())


def ask_probes(session: Session, clock: FrozenClock, question_id: str, *positions: int) -> None:
    for position in positions:
        probe_id = f"{question_id}.p{position}"
        session.set_probe_asked(ref(question_id), probe_id, True, clock.advance())


def level_1_and_2_met(session: Session, clock: FrozenClock) -> None:
    tell_story(session, clock, "q1.1", ("b1.1", "b1.2"))
    tell_story(session, clock, "q2.1", ("b2.1", "b2.2"))


# -- the suggested level --------------------------------------------------------


def test_no_evidence_is_insufficient(session: Session) -> None:
    suggestion = suggest_level(session, "service")
    assert suggestion.level is None
    assert suggestion.text.startswith(
        "Insufficient evidence: no behaviour observed or linked from a note yet."
    )
    assert "STAR gaps: nothing covered on questions 1, 2, 3, 4 and 5." in suggestion.text
    assert suggestion.text.endswith(
        "Next: probe the situation, action and result on question 1; "
        "link a note on question 1 to a level-1 behaviour."
    )
    assert [e.level for e in suggestion.per_level] == [1, 2, 3, 4]
    assert all(e.behaviours_with_evidence == 0 for e in suggestion.per_level)


def test_partial_evidence_suggests_the_highest_level_met(session, clock) -> None:
    level_1_and_2_met(session, clock)
    tell_story(session, clock, "q3.1", ("b3.1",))

    suggestion = suggest_level(session, "service")

    assert suggestion.level == 2
    assert suggestion.met_levels == (1, 2)
    assert suggestion.text.startswith(
        "Level 2 suggested: 2 of 4 level-2 behaviours observed with a linked note; level 1 met."
    )
    assert "Level 3 is not met (1 of 6 behaviours observed with a linked note, needs 3)" in (
        suggestion.text
    )
    level_3 = suggestion.per_level[2]
    assert (level_3.behaviours_total, level_3.behaviours_with_evidence) == (6, 1)
    assert level_3.behaviour_ids == ("b3.1",)
    assert [q.number for q in level_3.questions] == [3, 4]


def test_full_evidence_suggests_the_highest_level(session, clock) -> None:
    for level in SERVICE.levels:
        tick(session, clock, *(b.id for b in level.behaviours))
    for question_id in SERVICE_PLAN:
        tell_story(session, clock, question_id)

    suggestion = suggest_level(session, "service")

    assert suggestion.level == 4
    assert suggestion.text == (
        "Level 4 suggested: 6 of 6 level-4 behaviours observed (ticked only, no linked note); "
        "levels 1–3 met."
    )
    assert all(e.met and e.star_missing == (T,) for e in suggestion.per_level)


def test_levels_are_cumulative_so_level_3_alone_gives_nothing(session, clock) -> None:
    tell_story(session, clock, "q3.1", ("b3.1", "b3.2", "b3.3", "b3.4", "b3.5", "b3.6"))
    tell_story(session, clock, "q3.2")

    suggestion = suggest_level(session, "service")

    assert suggestion.per_level[2].met
    assert suggestion.level is None
    assert suggestion.text.startswith(
        "Insufficient evidence: level 1 is not met (0 of 4 behaviours observed, needs 2; "
        "situation, action and result not covered on question 1)."
    )


def test_a_gap_in_the_middle_caps_the_suggestion(session, clock) -> None:
    tell_story(session, clock, "q1.1", ("b1.1", "b1.2"))
    tell_story(session, clock, "q3.1", ("b3.1", "b3.2", "b3.3"))
    tell_story(session, clock, "q3.2")
    tell_story(session, clock, "q4.1", ("b4.1", "b4.2", "b4.3"))

    suggestion = suggest_level(session, "service")

    assert suggestion.level == 1
    assert "Level 2 is not met (0 of 4 behaviours observed, needs 2; " in suggestion.text


def test_a_partial_profile_is_rated_on_its_own_levels(clock) -> None:
    session = new_session(clock, CompetencyChoice(PARTIAL, 1))
    tell_story(session, clock, "q1.1", ("b1.1", "b1.2"), competency_id="partial")

    assert suggest_level(session, "partial").level == 1

    # Level 2 has no questions to ask, so its behaviours alone decide it.
    tick(session, clock, "b2.1", "b2.2", cid="partial")
    suggestion = suggest_level(session, "partial")
    assert suggestion.level == 2
    assert suggestion.per_level[1].questions == ()
    assert suggestion.per_level[1].star_missing == ()
    assert [a.level for a in anchors(PARTIAL)] == [0, 1, 2]


def test_a_level_needs_half_its_behaviours_rounded_up(clock) -> None:
    session = new_session(clock, CompetencyChoice(PARTIAL, 1))
    # A tick, and a story on the question that links no behaviour: the
    # question path (a linked note on each question) is not open either.
    tell_story(session, clock, "q1.1", competency_id="partial")
    tick(session, clock, "b1.1", cid="partial")
    assert suggest_level(session, "partial").level is None
    assert "1 of 3 behaviours observed (ticked only, no linked note), needs 2" in (
        suggest_level(session, "partial").text
    )
    # One note on its one question linked to a behaviour of the level meets it.
    tell_story(session, clock, "q1.1", ("b1.2",), competency_id="partial")
    assert suggest_level(session, "partial").level == 1


def test_deleted_notes_are_not_evidence(session, clock) -> None:
    note = tell_story(session, clock, "q1.1", ("b1.1", "b1.2"))
    assert suggest_level(session, "service").level == 1

    session.delete_note(note.id, clock.advance())

    suggestion = suggest_level(session, "service")
    assert suggestion.level is None
    assert suggestion.per_level[0].behaviours_with_evidence == 0
    assert suggestion.per_level[0].star_covered == ()


def test_ticked_behaviours_count_and_the_reasons_say_how_many_have_a_note(session, clock) -> None:
    tick(session, clock, "b1.1", "b1.2", "b1.3")
    tell_story(session, clock, "q1.1", ("b1.1",))

    suggestion = suggest_level(session, "service")

    assert suggestion.level == 1
    assert suggestion.per_level[0].behaviour_ids == ("b1.1", "b1.2", "b1.3")
    assert suggestion.per_level[0].noted_ids == ("b1.1",)
    assert suggestion.text.startswith(
        "Level 1 suggested: 3 of 4 level-1 behaviours observed (1 with a linked note)."
    )


def test_an_unticked_behaviour_no_longer_counts(session, clock) -> None:
    tick(session, clock, "b1.1", "b1.2")
    tell_story(session, clock, "q1.1")
    session.set_behaviour_observed("service", "b1.2", False, clock.advance())
    assert suggest_level(session, "service").level is None


def test_ticked_probes_cover_star_parts(session, clock) -> None:
    tick(session, clock, "b1.1", "b1.2")
    ask_probes(session, clock, "q1.1", 1, 3, 5)  # situation, action, audience

    suggestion = suggest_level(session, "service")
    assert suggestion.level is None
    assert suggestion.per_level[0].star_covered == (S, A)
    assert "result never covered on question 1" in suggestion.text

    ask_probes(session, clock, "q1.1", 4)  # the outcome
    assert suggest_level(session, "service").level == 1


def test_star_depth_is_taken_over_a_levels_questions_together(session, clock) -> None:
    level_1_and_2_met(session, clock)
    tick(session, clock, "b3.1", "b3.2", "b3.3")
    tell_story(session, clock, "q3.1", tags=(S, A))
    tell_story(session, clock, "q3.2", tags=(R,))

    suggestion = suggest_level(session, "service")

    assert suggestion.level == 3
    assert suggestion.per_level[2].star_covered == (S, A, R)
    assert "situation and action never covered on question 4" in suggestion.text


def test_reasons_name_the_missing_star_part_and_its_question_number(session, clock) -> None:
    level_1_and_2_met(session, clock)
    tell_story(session, clock, "q3.1", ("b3.1", "b3.2", "b3.3", "b3.4"))
    tell_story(session, clock, "q3.2")
    tell_story(session, clock, "q4.1", ("b4.1",), tags=(S, A))

    suggestion = suggest_level(session, "service")

    assert suggestion.level == 3
    assert suggestion.text == (
        "Level 3 suggested: 4 of 6 level-3 behaviours observed with a linked note; "
        "levels 1–2 met. "
        "Level 4 is not met (result not covered on question 5). "
        "STAR gaps: result never covered on question 5."
    )
    assert suggestion.per_level[3].star_missing == (T, R)


def test_missing_star_depth_alone_stops_a_level(session, clock) -> None:
    tell_story(session, clock, "q1.1", ("b1.1", "b1.2"))
    tell_story(session, clock, "q2.1", ("b2.1", "b2.2", "b2.3", "b2.4"), tags=(S, T, A))

    suggestion = suggest_level(session, "service")

    assert suggestion.level == 1
    assert "Level 2 is not met (result not covered on question 2)." in suggestion.text


def test_question_numbers_count_across_competencies(clock) -> None:
    session = new_session(
        clock, CompetencyChoice(PARTIAL, 1), CompetencyChoice(SERVICE, 3, SERVICE_PLAN)
    )
    tell_story(session, clock, "q1.1", ("b1.1", "b1.2"), tags=(S, A))
    assert "result never covered on question 2" in suggest_level(session, "service").text


competency_evidence = st.sets(st.sampled_from([b.id for b in SERVICE.behaviours]))


@given(competency_evidence, competency_evidence)
def test_more_evidence_never_lowers_the_suggestion(some: set[str], more: set[str]) -> None:
    clock = FrozenClock(datetime(2026, 11, 26, 14, 0, tzinfo=UTC))

    def suggested(behaviour_ids: set[str]) -> int:
        session = new_session(clock)
        for question_id in SERVICE_PLAN:
            tell_story(session, clock, question_id)
        tick(session, clock, *sorted(behaviour_ids))
        return suggest_level(session, "service").level or 0

    assert suggested(some) <= suggested(some | more)


# -- STAR parts of probing questions --------------------------------------------

#: Every probing question of the profile the product ships with
#: (service-management-processes), verbatim, and the STAR part it asks about.
SHIPPED_PROBES: dict[str, Tag] = {
    "What was the situation?": S,
    "What was your role at the time?": T,
    "Who was your audience?": S,
    "How did you explain these concepts?": A,
    "What was the outcome?": R,
    "What were your role and responsibilities?": T,
    "What was required of you?": T,
    "How did you measure your success?": R,
    "What was your role?": T,
    "What were your contributions to the development of the processes?": A,
    "What was the end result?": R,
    "How did you go about monitoring the delivery on Service Level Agreements?": A,
    "What were your findings?": R,
    "How extensive was your level of interaction with other service delivery staff?": A,
    "Which metrics did you use to track service management?": A,
    "How did the requirement to develop service management tools and processes come about?": S,
    "What did you do?": A,
    "What was the intent of the consultations you had to do?": T,
    "What requirements led to the development of this revision cycle?": S,
    "How did you contribute to business development?": A,
    "What was your role and responsibilities at the time?": T,
    "How did you develop the strategy?": A,
    "Who did you consult in the development of the strategy?": A,
    "How did you get approval from senior management?": A,
}


@pytest.mark.parametrize("text, part", SHIPPED_PROBES.items())
def test_star_part_of_each_shipped_probe(text: str, part: Tag | None) -> None:
    assert star_part_of_probe(text) == part


@pytest.mark.parametrize(
    "text, part",
    [
        ("Describe the outcome.", R),
        ("How did it turn out?", R),
        ("What effect did your response to the client have on the work being done?", R),
        ("What was your role? The roles of others?", T),
        ("What did you need to accomplish?", T),
        ("What concepts/tools did you need to grasp in order to be effective in the situation?", T),
        ("What was the larger project?", S),
        ("What was the project?", S),
        ("What tasks did you perform?", A),
        ("What methodologies/approaches did you use to monitor progress?", A),
        (
            "How did your understanding of these concepts/tools allow you to be more effective?",
            R,
        ),
        ("What challenges did you face?", S),
        ("Tell me more.", None),
        ("", None),
    ],
)
def test_star_part_of_probes_from_other_profiles(text: str, part: Tag | None) -> None:
    assert star_part_of_probe(text) == part


SHIPPED_PROFILE = Path(__file__).parents[2] / "content" / "service-management-processes.yaml"


def load_shipped_profile() -> Competency:
    competency, problems = load_file(SHIPPED_PROFILE)
    assert competency is not None and problems == []
    return competency


def test_the_table_above_holds_every_probe_of_the_shipped_profile() -> None:
    texts = [probe.text for _, probe in load_shipped_profile().iter_probes()]
    assert len(texts) == 48
    assert set(texts) == set(SHIPPED_PROBES)


def test_the_shipped_profile_names_the_star_part_of_every_probe() -> None:
    probes = [probe for _, probe in load_shipped_profile().iter_probes()]
    assert [probe.star for probe in probes] == [SHIPPED_PROBES[probe.text] for probe in probes]


def test_ticking_every_probe_of_the_shipped_profile_covers_each_level_in_depth(clock) -> None:
    profile = load_shipped_profile()
    question_ids = [q.id for q in profile.questions]
    session = new_session(clock, CompetencyChoice(profile, 5, question_ids))
    for question, probe in profile.iter_probes():
        session.set_probe_asked(ref(question.id, profile.id), probe.id, True, clock.advance())
    tick(session, clock, *(b.id for b in profile.behaviours), cid=profile.id)

    suggestion = suggest_level(session, profile.id)

    assert suggestion.level == 5
    assert [e.star_covered for e in suggestion.per_level] == [(S, T, A, R)] * 5


# -- the scale, the target and visibility ---------------------------------------


def test_anchors_start_at_no_evidence_and_use_level_summaries() -> None:
    titled = Competency(
        "titled", "Titled", levels=(Level(1, "Knows the basics.", title="Introductory"),)
    )
    assert anchors(titled) == [
        Anchor(0, "No evidence", "The interview gave no evidence of this competency."),
        Anchor(1, "Level 1 — Introductory", "Knows the basics."),
    ]
    assert [a.level for a in anchors(SERVICE)] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    "level, target, expected",
    [(0, 1, "below"), (2, 3, "below"), (3, 3, "meets"), (4, 3, "exceeds"), (5, 1, "exceeds")],
)
def test_compare_to_target(level: int, target: int, expected: str) -> None:
    assert compare_to_target(level, target) == expected


def test_ratings_are_hidden_only_while_the_clock_runs_with_the_candidate_present(
    session, clock
) -> None:
    assert ratings_visible(session)  # planned: not started yet
    session.start(clock.advance())
    assert not ratings_visible(session)
    session.candidate_present = False
    assert ratings_visible(session)
    session.candidate_present = True
    session.pause(clock.advance())
    assert ratings_visible(session)
    session.resume(clock.advance())
    session.finish(clock.advance())
    assert ratings_visible(session)


# -- locked ratings -------------------------------------------------------------


def test_a_rating_stores_the_suggestion_of_the_moment(session, clock) -> None:
    level_1_and_2_met(session, clock)
    rating = submit_rating(session, "service", 3, "  Strong level-3 example.  ", clock.advance())

    assert (rating.level, rating.revision, rating.reason) == (3, 1, None)
    assert rating.rationale == "Strong level-3 example."
    assert rating.submitted_at == clock()
    assert rating.suggested_level == 2
    assert rating.suggestion == suggest_level(session, "service").text
    assert session.current_rating("service") == rating

    tell_story(session, clock, "q3.1", ("b3.1", "b3.2", "b3.3"))
    assert session.current_rating("service").suggested_level == 2


def test_no_evidence_is_a_valid_rating(session, clock) -> None:
    rating = submit_rating(session, "service", 0, "Could not give an example.", clock.advance())
    assert rating.level == 0
    assert rating.suggested_level is None
    assert rating.suggestion.startswith("Insufficient evidence")


@pytest.mark.parametrize("rationale", ["", "   ", "\n\t"])
def test_a_rating_needs_a_rationale(session, clock, rationale: str) -> None:
    with pytest.raises(RatingError, match="needs a rationale"):
        submit_rating(session, "service", 2, rationale, clock.advance())
    assert session.ratings == []


@pytest.mark.parametrize("level", [-1, 5, 6])
def test_a_rating_is_0_or_a_level_the_competency_has(session, clock, level: int) -> None:
    with pytest.raises(RatingError, match=f"Service can be rated 0, 1, 2, 3, 4; not {level}"):
        submit_rating(session, "service", level, "Because.", clock.advance())


def test_a_partial_profile_cannot_be_rated_above_its_levels(clock) -> None:
    session = new_session(clock, CompetencyChoice(PARTIAL, 1))
    with pytest.raises(RatingError, match="can be rated 0, 1, 2; not 3"):
        submit_rating(session, "partial", 3, "Because.", clock.advance())
    assert submit_rating(session, "partial", 2, "Because.", clock.advance()).level == 2


def test_a_rating_must_be_a_whole_number(session, clock) -> None:
    with pytest.raises(RatingError, match="whole number"):
        submit_rating(session, "service", "3", "Because.", clock.advance())  # type: ignore[arg-type]


def test_only_competencies_of_the_interview_can_be_rated(session, clock) -> None:
    with pytest.raises(RatingError, match="'partial' is not part of this interview"):
        submit_rating(session, "partial", 1, "Because.", clock.advance())


def test_a_rating_is_locked_and_changes_need_a_reason(session, clock) -> None:
    first = submit_rating(session, "service", 2, "Two solid examples.", clock.advance())

    for reason in (None, "", "  "):
        with pytest.raises(RatingError, match=r"already rated 2 and locked \(revision 1\)"):
            submit_rating(
                session, "service", 3, "Better than I thought.", clock.advance(), reason=reason
            )

    second = submit_rating(
        session,
        "service",
        3,
        "Better than I thought.",
        clock.advance(),
        reason=" Reread my notes. ",
    )
    third = submit_rating(
        session, "service", 3, "Level 3, on reflection.", clock.advance(), reason="Clearer wording."
    )

    assert [r.revision for r in session.rating_history("service")] == [1, 2, 3]
    assert session.rating_history("service") == [first, second, third]
    assert second.reason == "Reread my notes."
    assert session.current_rating("service") == third


def test_an_identical_resubmission_is_refused(session, clock) -> None:
    submit_rating(session, "service", 2, "Two solid examples.", clock.advance())
    with pytest.raises(RatingError, match="already rated 2 with this rationale"):
        submit_rating(
            session, "service", 2, "Two solid examples. ", clock.advance(), reason="Again"
        )
    assert len(session.ratings) == 1


def test_a_reason_given_with_a_first_rating_is_not_stored(session, clock) -> None:
    rating = submit_rating(session, "service", 1, "One example.", clock.advance(), reason="Why not")
    assert rating.reason is None


def test_ratings_of_competencies_are_kept_apart(clock) -> None:
    session = new_session(
        clock, CompetencyChoice(PARTIAL, 1), CompetencyChoice(SERVICE, 3, SERVICE_PLAN)
    )
    submit_rating(session, "partial", 1, "One example.", clock.advance())
    rating = submit_rating(session, "service", 2, "Two examples.", clock.advance())
    assert rating.revision == 1
    assert session.current_rating("partial").level == 1


def test_a_rating_is_one_saved_change_of_an_interview(session, clock) -> None:
    saved: list[int] = []
    interview = Interview(Unstored(session, lambda s: saved.append(len(s.ratings))), now=clock)

    interview.apply(lambda s, now: submit_rating(s, "service", 2, "Two examples.", now))
    with pytest.raises(RatingError):
        interview.apply(lambda s, now: submit_rating(s, "service", 3, "Changed.", now))

    assert saved == [1]
    assert [r.level for r in interview.session.ratings] == [2]
    assert interview.session.ratings[0].submitted_at == clock()
