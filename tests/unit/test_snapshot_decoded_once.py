"""Reading many transcripts: a competency snapshot met again is decoded once
(the same immutable object), and the check stays exactly as strict."""

from __future__ import annotations

import copy

import pytest
from conftest import SMP, plan_shipped

from tui_interview.domain.session_codec import (
    SessionDataError,
    session_from_dict,
    session_to_dict,
)
from tui_interview.domain.strict_json import check_depth


def test_the_same_snapshot_is_one_object_and_a_changed_one_is_not(clock):
    data = session_to_dict(plan_shipped(clock(), 2, session_id="snap-1"))
    first = session_from_dict(copy.deepcopy(data))
    second = session_from_dict(copy.deepcopy(data))
    assert first.content[SMP] is second.content[SMP]
    changed = copy.deepcopy(data)
    changed["content"][SMP]["name"] = "Renamed"
    third = session_from_dict(changed)
    assert third.content[SMP].name == "Renamed"
    assert first.content[SMP].name != "Renamed"


@pytest.mark.parametrize("bad", [True, 1.0, "1"])
def test_a_snapshot_equal_but_for_a_type_is_still_refused(clock, bad):
    data = session_to_dict(plan_shipped(clock(), 2, session_id="snap-2"))
    session_from_dict(copy.deepcopy(data))  # the good one is known now
    wrong = copy.deepcopy(data)
    wrong["content"][SMP]["levels"][0]["number"] = bad  # == 1 for Python
    with pytest.raises(SessionDataError, match="content"):
        session_from_dict(wrong)


def test_depth_check_takes_scalars_and_refuses_deep_nesting():
    for value in (3, "x", None, [], {"a": [1, {"b": 2}]}):
        check_depth(value)
    nested: list = []
    for _ in range(70):
        nested = [nested]
    with pytest.raises(ValueError, match="nested more than 64"):
        check_depth(nested)
