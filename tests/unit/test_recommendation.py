"""The overall recommendation: a 4-point scale with no neutral option, a
required rationale, optional strengths and concerns, locked revisions with
reasons; stored in ``session.recommendations`` and validated on import."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest
from conftest import FrozenClock, plan_shipped
from hypothesis import given
from hypothesis import strategies as st

from tui_interview.domain.interview import Interview, NotSaved, Unstored
from tui_interview.domain.recommendation import (
    Recommendation,
    RecommendationError,
    Verdict,
    current_recommendation,
    submit_recommendation,
)
from tui_interview.domain.session_codec import (
    SCHEMA_VERSION,
    SessionDataError,
    session_from_dict,
    session_to_dict,
)
from tui_interview.export.json_export import ImportFormatError, read_export, render_json


def test_the_scale_has_four_points_and_no_neutral_one():
    assert [v.value for v in Verdict] == ["strong_no", "no", "yes", "strong_yes"]
    assert [v.label for v in Verdict] == ["Strong no", "No", "Yes", "Strong yes"]


def test_a_first_recommendation_needs_a_rationale_and_keeps_strengths_and_concerns(clock):
    session = plan_shipped(clock())
    with pytest.raises(RecommendationError) as missing:
        submit_recommendation(session, Verdict.YES, "   ", clock())
    assert missing.value.field == "rationale"
    assert session.recommendations == []
    with pytest.raises(RecommendationError) as neutral:
        submit_recommendation(session, "maybe", "On the fence.", clock())
    assert neutral.value.field == "value"
    made = submit_recommendation(
        session, "yes", " Clear examples. ", clock(), strengths="Owns incidents", concerns=""
    )
    assert made == Recommendation(
        Verdict.YES, "Clear examples.", clock(), "Owns incidents", "", revision=1, reason=None
    )
    assert current_recommendation(session) is made


def test_a_change_is_a_new_revision_with_a_reason_and_the_old_one_stays(clock: FrozenClock):
    session = plan_shipped(clock())
    first = submit_recommendation(session, Verdict.YES, "Clear examples.", clock())
    clock.advance()
    with pytest.raises(RecommendationError) as no_reason:
        submit_recommendation(session, Verdict.NO, "Thin results.", clock())
    assert no_reason.value.field == "reason"
    with pytest.raises(RecommendationError, match="change something"):
        submit_recommendation(session, Verdict.YES, "Clear examples.", clock(), reason="again")
    second = submit_recommendation(
        session, Verdict.NO, "Thin results.", clock(), reason="Re-read the notes"
    )
    assert session.recommendations == [first, second]
    assert (second.revision, second.reason, second.value) == (2, "Re-read the notes", Verdict.NO)
    # Only the concerns changed: still a change, still needs its reason.
    third = submit_recommendation(
        session, Verdict.NO, "Thin results.", clock(), concerns="No metrics", reason="Added"
    )
    assert third.revision == 3 and current_recommendation(session) is third


def test_the_interview_saves_it_and_rolls_back_a_failed_save(clock):
    saved = []
    session = plan_shipped(clock())
    interview = Interview(Unstored(session, saved.append), now=clock)
    interview.apply(lambda s, now: submit_recommendation(s, "strong_yes", "Excellent.", now))
    assert len(saved) == 1 and session.recommendations[0].value is Verdict.STRONG_YES

    def broken(_):
        raise OSError("disk full")

    failing = Interview(Unstored(session, broken), now=clock)
    with pytest.raises(NotSaved, match="disk full"):
        failing.apply(
            lambda s, now: submit_recommendation(s, "no", "Changed.", now, reason="second look")
        )
    assert [r.revision for r in session.recommendations] == [1]


texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@given(
    items=st.lists(
        st.tuples(st.sampled_from(list(Verdict)), texts.filter(str.strip), texts, texts, texts),
        min_size=1,
        max_size=4,
    )
)
def test_the_codec_keeps_every_revision(items):
    clock = FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))
    session = plan_shipped(clock())
    for value, rationale, strengths, concerns, reason in items:
        clock.advance()
        try:
            submit_recommendation(
                session,
                value,
                rationale,
                clock(),
                strengths=strengths,
                concerns=concerns,
                reason=reason or "changed",
            )
        except RecommendationError:
            pass  # the same words twice: refused, nothing added
    data = session_to_dict(session)
    assert (
        session_from_dict(json.loads(json.dumps(data))).recommendations == session.recommendations
    )


def test_a_session_saved_before_recommendations_loads_with_none(clock):
    data = session_to_dict(plan_shipped(clock()))
    del data["recommendations"]
    assert session_from_dict(data).recommendations == []
    assert SCHEMA_VERSION == 3  # an optional field: no new schema version


def _with_recommendations(clock, *changes):
    session = plan_shipped(clock())
    submit_recommendation(session, "yes", "Clear examples.", clock())
    submit_recommendation(session, "no", "Thin results.", clock(), reason="second look")
    data = session_to_dict(session)
    for change in changes:
        change(data["recommendations"])
    return data


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda r: r[0].update(value="maybe"), "recommendations[0].value", "'maybe' is not one of"),
        (lambda r: r[0].update(rationale=" "), "recommendations[0].rationale", "is empty"),
        (lambda r: r[1].update(reason=None), "recommendations[1].reason", "needs a reason"),
        (lambda r: r[1].update(revision=3), "recommendations[1].revision", "expected 2"),
        (lambda r: r[0].pop("strengths"), "recommendations[0].strengths", "missing"),
        (lambda r: r[0].update(concerns=7), "recommendations[0].concerns", "expected text"),
        (lambda r: r[0].update(submitted_at="yesterday"), "recommendations[0].submitted_at", ""),
        (lambda r: r.append("yes"), "recommendations[2]", "expected an object"),
    ],
)
def test_a_bad_recommendation_is_refused_naming_the_field(clock, change, field, words):
    data = _with_recommendations(clock, change)
    with pytest.raises(SessionDataError) as error:
        session_from_dict(data)
    assert str(error.value).startswith(f"{field}:")
    assert words in str(error.value)


def test_import_session_validates_it_like_everything_else(clock):
    session = plan_shipped(clock())
    submit_recommendation(session, "strong_no", "No example held up.", clock(), concerns="Blame")
    text = render_json(session, now=clock())
    assert read_export(text).recommendations == session.recommendations
    document = json.loads(text)
    broken = copy.deepcopy(document)
    broken["session"]["recommendations"][0]["value"] = "neutral"
    with pytest.raises(ImportFormatError, match=r"recommendations\[0\]\.value"):
        read_export(json.dumps(broken))
    broken = copy.deepcopy(document)
    broken["session"]["recommendations"] = {"value": "yes"}
    with pytest.raises(ImportFormatError, match="recommendations: expected a list"):
        read_export(json.dumps(broken))
