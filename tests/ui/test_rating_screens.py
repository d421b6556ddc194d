"""Rating from the keyboard: hidden while the candidate is present, shown on
review, a rationale required, locked once submitted, revised with a reason."""

from __future__ import annotations

from conftest import SMP, make_session, to_rating, type_text
from textual.widgets import Input

from tui_interview.app import InterviewApp
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.rating import RatingScreen
from tui_interview.screens.review import ReviewScreen


async def test_ratings_hidden_while_candidate_present_and_clock_runs(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        # Pausing the clock (candidate out of the room) makes rating possible.
        await pilot.press("ctrl+s", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
        await pilot.press("escape")
        await pilot.pause()
        # With candidate-present mode off, ratings show while the clock runs.
        await pilot.press("ctrl+s", "f6", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
    assert app_context.store.load(session_id).candidate_present is False


async def test_rate_on_review_needs_rationale_then_locks_and_revises(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # The clock paused (the candidate has left): review shows the ratings.
        await pilot.press("ctrl+s", "ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = str(app.screen.query_one("#review").render())
        assert "Questions not asked (2)" in review
        assert "Insufficient evidence" in review or "insufficient evidence" in review
        await pilot.press("ctrl+r")
        await pilot.pause()
        rating = app.screen
        assert isinstance(rating, RatingScreen)
        # No level is chosen for a first rating: the suggestion is not applied.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Choose the level" in str(rating.query_one("#rating-error").render())
        assert "none yet" in str(rating.query_one("#chosen-level").render())
        await pilot.press("down", "down", "down")  # 0, 1, then level 2 on the scale
        await pilot.pause()
        assert "Level chosen: 2 (below target 3)" in str(rating.query_one("#chosen-level").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "rationale" in str(rating.query_one("#rating-error").render())
        # Typing on the scale goes on in the rationale.
        await type_text(pilot, "Solid SLA monitoring example")
        await pilot.press("ctrl+s")
        await pilot.pause()
        session = rating.session
        [first] = session.rating_history(SMP)
        assert (first.level, first.revision) == (2, 1)
        assert first.rationale == "Solid SLA monitoring example"
        # A change to a locked rating needs a reason.
        rating.query_one("#anchors").focus()
        await pilot.press("down", "ctrl+s")
        await pilot.pause()
        rating.query_one("#rationale", Input).focus()
        await type_text(pilot, "More on reflection")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "reason" in str(rating.query_one("#rating-error").render())
        rating.query_one("#reason", Input).focus()
        await type_text(pilot, "Panel notes")
        await pilot.press("ctrl+s")
        await pilot.pause()
    stored = app_context.store.load(session_id)
    history = stored.rating_history(SMP)
    assert [(r.level, r.revision, r.reason) for r in history] == [
        (2, 1, None),
        (3, 2, "Panel notes"),
    ]


async def test_export_from_review_shows_the_path_written(app_context, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ran the SLA review")
        await pilot.press("enter", "ctrl+f")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        [written] = list(tmp_path.glob("*.md"))
        assert "Ran the SLA review" in written.read_text(encoding="utf-8")
        assert (written.stat().st_mode & 0o777) == 0o600
        assert str(written) in str(app.screen.query_one("#review").render()).replace("\n", "")


async def test_arrows_choose_the_level_while_typing_even_on_a_small_terminal(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(60, 20)) as pilot:
        rating = await to_rating(pilot)  # the clock paused: rating opens
        await pilot.press("down", "down", "down", "down")  # level 3
        await type_text(pilot, "First view")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rating.query_one("#rationale", Input).focus()
        await pilot.press("up")  # the screen scrolls; the arrow still moves the level
        await pilot.pause()
        assert "Level chosen: 2" in str(rating.query_one("#chosen-level").render())


async def test_several_lines_pasted_into_the_rating_rationale_are_all_kept(app_context):
    """Textual's Input keeps only the first line of a paste: a rationale
    pasted from notes lost every line after the first without a word."""
    from conftest import queue, settle
    from textual import events

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        rating = await to_rating(pilot)
        queue(app, "down", "down", "down", *"Seen: ")
        app.post_message(events.Paste("two STAR stories\r\nat level 2\n\n  one at 3\n"))
        queue(app, "ctrl+s")
        await settle(pilot)
        [first] = rating.session.rating_history(SMP)
        assert first.rationale == "Seen: two STAR stories at level 2 one at 3"
