"""The one rule for locked decisions (ratings and the recommendation)."""

from __future__ import annotations

import pytest

from tui_interview.domain.rating import RatingError
from tui_interview.domain.revisions import next_revision


def revise(current, unchanged=False, reason=None):
    return next_revision(
        current, unchanged=unchanged, reason=reason, same="same", locked="locked", error=RatingError
    )


def test_the_first_is_revision_1_and_a_change_with_a_reason_the_next():
    assert revise(None) == 1
    assert revise(None, unchanged=True) == 1
    assert revise(3, reason="new evidence") == 4


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_change_without_a_reason_is_refused_naming_the_field(reason):
    with pytest.raises(RatingError) as refused:
        revise(2, reason=reason)
    assert refused.value.field == "reason" and str(refused.value) == "locked"


def test_a_repeat_is_refused_even_with_a_reason():
    with pytest.raises(RatingError) as refused:
        revise(2, unchanged=True, reason="because")
    assert str(refused.value) == "same" and refused.value.field is None
