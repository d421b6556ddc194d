"""The review screen: behaviours grouped by competency, evidenced kept apart
from ticked-only and missing; the overall recommendation decided with ctrl+d,
hidden while the candidate is present, locked and revised with a reason."""

from __future__ import annotations

from conftest import SMP, make_session, type_text
from textual.widgets import Input

from tui_interview.app import InterviewApp
from tui_interview.domain.recommendation import Verdict
from tui_interview.screens.review import RecommendationScreen, ReviewScreen, review_text


def review_of(app) -> str:
    return str(app.screen.query_one("#review").render())


async def test_decide_is_hidden_while_the_candidate_is_present(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.clock.running and app.screen.session.candidate_present
        assert "Hidden while the candidate is present" in review_of(app)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_decide_needs_a_rationale_then_locks_and_a_change_needs_a_reason(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s", "ctrl+f")  # pause the clock, then review
        await pilot.pause()
        assert "None yet (ctrl+d: decide)" in review_of(app)
        await pilot.press("ctrl+d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RecommendationScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose strong no" in str(dialog.query_one("#decide-error").render())
        await pilot.press("down", "down", "down", "enter")  # strong no, no, yes
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "rationale" in str(dialog.query_one("#decide-error").render())
        assert dialog.focused is dialog.query_one("#rationale", Input)
        await type_text(pilot, "Two full STAR stories")
        dialog.query_one("#concerns", Input).focus()
        await type_text(pilot, "No metrics")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = review_of(app)
        assert "Yes, locked, revision 1: Two full STAR stories" in review
        assert "Concerns: No metrics" in review
        # A change: the words are offered again, and a reason is required.
        await pilot.press("ctrl+d")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#rationale", Input).value == "Two full STAR stories"
        await pilot.press("up", "ctrl+s")  # yes -> no
        await pilot.pause()
        assert dialog.query_one("#reason", Input).display
        assert dialog.focused is dialog.query_one("#reason", Input)
        await type_text(pilot, "Panel")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    stored = app_context.store.load(session_id).recommendations
    assert [(r.value, r.revision, r.reason) for r in stored] == [
        (Verdict.YES, 1, None),
        (Verdict.NO, 2, "Panel"),
    ]
    assert stored[1].rationale == "Two full STAR stories" and stored[1].concerns == "No metrics"


def test_review_groups_behaviours_by_competency_and_evidence(clock):
    from conftest import plan_shipped

    session = plan_shipped(clock(), 1)
    session.record_note("Explained ITIL.", clock(), behaviours=["b1.1"])
    session.set_behaviour_observed(SMP, "b1.2", True, clock())
    text = review_text(session)
    block = text[text.index("Behaviours, by competency") : text.index("Overall recommendation")]
    lines = block.splitlines()
    assert lines[1] == "  Service Management Processes"
    evidenced = lines.index("    Evidenced (a note links to it) (1)")
    ticked = lines.index("    Ticked, no linked note yet (ctrl+l on a note) (1)")
    missing = lines.index("    Missing: not observed (2)")
    assert evidenced < ticked < missing
    behaviour = session.competency(SMP).behaviour
    assert lines[evidenced + 1] == f"      ✓ L1  {behaviour('b1.1').text}"
    assert lines[ticked + 1] == f"      ~ L1  {behaviour('b1.2').text}"
