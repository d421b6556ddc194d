"""The new-interview form's time plan (``domain.planning.TimePlan``): the
budget split equally, the rest re-split as shares are typed, the budget check,
and the form's own writes told from typing."""

from __future__ import annotations

from tui_interview.domain.planning import (
    BUDGET_FORMAT_ERROR,
    SHARE_FORMAT_ERROR,
    TimePlan,
    parse_share,
    share_text,
)
from tui_interview.domain.session import PlannedCompetency, Section, planned_stops, stop_key

#: Opening, two questions, general remarks, the candidate's questions, closing.
STOPS = planned_stops([PlannedCompetency("comm", 3, ["q1", "q2"])])


def test_the_budget_is_split_equally_across_the_parts():
    plan = TimePlan()
    assert len(STOPS) == 6
    assert plan.shown(STOPS, 45) == {stop: "7.5" for stop in STOPS}
    shares = plan.shares(STOPS, 46)
    assert shares is not None and sum(shares.values()) == 46 * 60
    assert plan.shares(STOPS, None) is None


def test_a_typed_share_stays_and_the_others_share_the_rest():
    plan = TimePlan()
    assert plan.typed("k", Section.OPENING, "15")
    shown = plan.shown(STOPS, 45)
    assert Section.OPENING not in shown
    assert set(shown.values()) == {"6"}
    assert plan.typed("k", Section.OPENING, "")
    assert plan.fixed == {}
    assert plan.shown(STOPS, 45)[Section.OPENING] == "7.5"


def test_shares_over_the_budget_show_a_question_mark_and_fail_the_check():
    plan = TimePlan()
    plan.typed("k", Section.OPENING, "50")
    assert set(plan.shown(STOPS, 45).values()) == {"?"}
    assert plan.shares(STOPS, 45) is None


def test_the_budget_check_names_what_is_not_minutes():
    plan = TimePlan()
    assert plan.budget_and_errors(" 45 ") == (45, {})
    assert plan.budget_and_errors("") == (None, {})
    assert plan.budget_and_errors("45 min") == (None, {"budget": BUDGET_FORMAT_ERROR})
    assert plan.typed("k", Section.CLOSING, "five")
    assert plan.problem == SHARE_FORMAT_ERROR
    assert plan.budget_and_errors("45") == (45, {"budget": SHARE_FORMAT_ERROR})
    assert plan.typed("k", Section.CLOSING, "2,5")
    assert plan.problem == "" and plan.fixed == {Section.CLOSING: 150}
    assert parse_share("2.5") == 150 and share_text(150) == "2.5" and share_text(300) == "5"


def test_a_stale_share_written_by_the_form_is_never_taken_as_typed():
    """The issue's case: budget 45, then 3, 13, 13, 4 and 7 typed one part at
    a time, while the form's writes of the re-split shares come back late,
    after newer writes: the closing shows 5 and the total is the budget."""
    plan = TimePlan()
    budget = 45
    fields = {stop_key(stop): "" for stop in STOPS}
    on_their_way: list[tuple[str, str]] = []  # the writes not yet come back

    def fill() -> None:
        for stop, text in plan.shown(STOPS, budget).items():
            key = stop_key(stop)
            if fields[key] != text:
                plan.wrote(key, text)
                fields[key] = text
                on_their_way.append((key, text))

    def come_back(count: int) -> None:
        for key, text in on_their_way[:count]:
            stop = next(stop for stop in STOPS if stop_key(stop) == key)
            assert not plan.typed(key, stop, text), (key, text)
        del on_their_way[:count]

    fill()
    for stop, minutes in zip(STOPS, ["3", "13", "13", "4", "7"], strict=False):
        written_before = len(on_their_way)
        key = stop_key(stop)
        fields[key] = minutes
        assert plan.typed(key, stop, minutes)
        fill()
        come_back(written_before)  # the older writes arrive only after the newer ones
    come_back(len(on_their_way))

    assert plan.fixed == {
        STOPS[0]: 180,
        STOPS[1]: 780,
        STOPS[2]: 780,
        STOPS[3]: 240,
        STOPS[4]: 420,
    }
    assert plan.shown(STOPS, budget) == {Section.CLOSING: "5"}
    assert fields[stop_key(Section.CLOSING)] == "5"
    shares = plan.shares(STOPS, budget)
    assert shares is not None and sum(shares.values()) <= budget * 60
    assert plan.budget_and_errors("45") == (45, {})
