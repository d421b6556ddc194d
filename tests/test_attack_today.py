"""Attacks on the day's changes: orjson in the save path, the head-only read
of index.json, home's listing after the first frame, pastes on lists and
one-line fields."""

from __future__ import annotations

from conftest import queue, settle
from test_curtain import leaked, store_interviews
from textual import events

from tui_interview.app import InterviewApp
from tui_interview.domain.consensus import Consensus
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen


def record_home_frames(app) -> list[tuple[bool, bool]]:
    """Each frame written while home is on top: (curtain up, consensus
    records on screen), as the compositor laid that frame out."""
    frames: list[tuple[bool, bool]] = []
    display = app._display

    def recording(screen, renderable):
        if isinstance(screen, HomeScreen) and renderable is not None:
            records = screen.query_one("#consensus-records")
            frames.append((app.curtain.up, records in screen._compositor.visible_widgets))
        return display(screen, renderable)

    app._display = recording
    return frames


async def test_going_home_with_the_candidate_present_never_draws_the_consensus_records(
    app_context, clock
):
    """The consensus records name candidates: behind the curtain they are
    hidden. Listed after the first frame, they stayed on home's first frame
    back from an interview whose candidate is present, names and all."""
    present = store_interviews(app_context, clock)
    record = Consensus("rec001", "Quentin Zebedee", "Nuclear Archivist", "p1")
    record.record_rating("smp", 3, "agreed", ["Grace", "Alan"], clock())
    app_context.consensus.save(record)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#consensus-records").display
        home = app.screen
        frames = record_home_frames(app)
        app.open_interview(present)
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.curtain.up
        queue(app, "f10")
        await settle(pilot)
        assert app.screen is home
        assert leaked(app) == []
        assert frames and all(not shown for up, shown in frames if up), frames


def test_a_one_line_paste_keeps_its_spaces_and_several_lines_are_joined():
    """Every paste was stripped: " more" pasted after "said" became
    "saidmore", and a pasted space was dropped."""
    from tui_interview.widgets.one_line_input import one_line

    assert one_line(" more") == " more"
    assert one_line("level 3 \n") == "level 3 "
    assert one_line(" ") == " "
    assert one_line("") == "" and one_line("\n\n") == "" and one_line(" \n \r\n") == ""
    assert one_line(" two STAR stories\r\nat level 2\n\n  one at 3 ") == (
        " two STAR stories at level 2 one at 3 "
    )
    assert one_line("a\u2028b\x0cc") == "a b c"


async def test_pastes_among_keys_on_the_scale_and_in_the_field_keep_their_place_and_spaces(
    app_context,
):
    from conftest import SMP, make_session

    from tui_interview.screens.rating import RatingScreen

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s", "ctrl+f")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        rating = app.screen
        assert isinstance(rating, RatingScreen)
        assert app.focused is rating.query_one("#anchors")  # the paste goes through it
        queue(app, "down", "down", "down", *"ab")
        app.post_message(events.Paste("P1\nP2"))
        queue(app, *"cd")
        app.post_message(events.Paste(" spaced "))
        queue(app, *"ef")
        app.post_message(events.Paste(" "))
        queue(app, *"gh", "ctrl+s")
        await settle(pilot)
        [first] = rating.session.rating_history(SMP)
        assert first.rationale == "abP1 P2cd spaced ef gh"


async def test_keys_and_pastes_right_after_rate_or_decide_on_the_review_go_to_its_form(
    app_context,
):
    """The review did not hold the keys after the key that opens the rating
    screen or the recommendation form: typed (or pasted) in the same burst,
    they reached the review and were lost."""
    from conftest import SMP, make_session

    from tui_interview.domain.recommendation import current_recommendation
    from tui_interview.screens.review import ReviewScreen

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s", "ctrl+f")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        queue(app, "ctrl+r", "down", "down", "down", *"xy")
        app.post_message(events.Paste(" pasted"))
        queue(app, "ctrl+s")
        await settle(pilot)
        [rating] = review.session.rating_history(SMP)
        assert (rating.level, rating.rationale) == (2, "xy pasted")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        queue(app, "ctrl+d", "down", "down", "tab")
        app.post_message(events.Paste("Two clear\nstories"))
        queue(app, "tab", *"calm", "ctrl+s")
        await settle(pilot)
        assert app.screen is review
        made = current_recommendation(review.session)
        assert made is not None
        assert (made.rationale, made.strengths) == ("Two clear stories", "calm")
