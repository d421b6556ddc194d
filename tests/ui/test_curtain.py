"""Candidate-present mode shows nothing about anyone else, and nothing
evaluative about the candidate while the clock runs (domain/curtain.py).

The app's screen is searched as the terminal shows it (the screenshot's text)
for every other candidate's name, role and interviewer."""

from __future__ import annotations

import html
import re

import pytest
from conftest import make_session, queue, settle

from tui_interview.app import InterviewApp
from tui_interview.domain.curtain import Curtain, evaluation_shown
from tui_interview.domain.interview import Interview, Unstored
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.rating import RatingScreen
from tui_interview.screens.review import ReviewScreen

#: The candidate in the room.
PRESENT = {"session_id": "cur-now", "candidate": "Petra Present", "role": "Analyst"}
#: Others stored: what must not be seen while she is there. One name is
#: hostile (a terminal escape, a bidi override, markup).
OTHERS = [
    {
        "session_id": "cur-b1",
        "candidate": "Quentin Zebedee",
        "role": "Nuclear Archivist",
        "interviewer": "Oswaldo Ferreira",
    },
    {
        "session_id": "cur-b2",
        "candidate": "Mallory\x1b[2J\u202eEvil [b]Kingsley[/b]",
        "role": "Vault Keeper",
        "interviewer": "Ignatius",
    },
    {
        "session_id": "cur-b3",
        "candidate": "Wilhelmina Yarrow",
        "role": "Orchard Lead",
        "interviewer": "Bartholomew",
    },
]
#: One word of each other name, role and interviewer (and a word they said).
SECRETS = [
    "Quentin",
    "Zebedee",
    "Nuclear",
    "Oswaldo",
    "Mallory",
    "Kingsley",
    "Vault",
    "Ignatius",
    "Wilhelmina",
    "Orchard",
    "Bartholomew",
    "xylophone",
]


def screen_text(app) -> str:
    """What the terminal shows now: the screenshot's text, line by line, and
    the notices on screen (a notice's words may wrap)."""
    svg = app.export_screenshot()
    lines: dict[str, list[str]] = {}
    for line, text in re.findall(r'<text [^>]*clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)', svg):
        lines.setdefault(line, []).append(html.unescape(text).replace("\xa0", " "))
    shown = ["".join(parts) for _, parts in sorted(lines.items(), key=lambda kv: int(kv[0]))]
    notices = [str(notice.message) for notice in app._notifications]
    return "\n".join(shown + notices)


def leaked(app) -> list[str]:
    text = screen_text(app)
    return [word for word in SECRETS if word in text]


def store_interviews(app_context, clock) -> str:
    for names in OTHERS:
        make_session(app_context, **names)
        clock.advance(60)
    with app_context.store.open("cur-b1") as handle:
        interview = Interview(handle, now=clock)
        interview.start()
        interview.record_note("She tuned the xylophone of the service desk")
        interview.pause()
    clock.advance(60)
    return make_session(app_context, **PRESENT)


# -- the rule ------------------------------------------------------------------------


def test_the_curtain_rule(app_context, clock):
    from conftest import plan_shipped

    session = plan_shipped(clock(), session_id="s1")
    assert session.candidate_present
    down = Curtain()
    assert not down.up and down.shows("s1") and down.shows("other")
    up = down.opened(session)
    assert up == Curtain(up=True, present="s1")
    assert up.shows("s1") and not up.shows("other")
    # Opening another interview with the mode off leaves the curtain as it is:
    # only the interviewer lowers it.
    other = plan_shipped(clock(), session_id="s2")
    other.candidate_present = False
    assert up.opened(other) == up and down.opened(other) == down
    # A finished interview raises nothing.
    finished = plan_shipped(clock(), session_id="s3")
    Interview(Unstored(finished), now=clock).start()
    Interview(Unstored(finished), now=clock).finish()
    assert down.opened(finished) == down
    # Turning the mode off lowers it; on raises it for that interview.
    assert up.mode_set(other) == Curtain()
    assert down.mode_set(session) == up
    # On home: show the names, or hide them with no interview in view.
    assert up.toggled() == Curtain()
    assert down.toggled() == Curtain(up=True) and not Curtain(up=True).shows("s1")


def test_evaluation_is_hidden_only_while_the_clock_runs_with_the_candidate_present(clock):
    from conftest import plan_shipped

    session = plan_shipped(clock())
    interview = Interview(Unstored(session), now=clock)
    interview.start()
    assert not evaluation_shown(session)
    interview.pause()
    assert evaluation_shown(session)
    interview.toggle_clock()
    session.candidate_present = False
    assert evaluation_shown(session)


# -- home behind the curtain -------------------------------------------------------------


async def test_home_from_an_interview_with_the_candidate_present_names_no_one(app_context, clock):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        queue(app, "f10")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert leaked(app) == []
        assert "Names hidden: a candidate is present — F6 shows them" in text
        # The ids and dates are there to find an interview by.
        for names in OTHERS:
            assert names["session_id"] in text
        assert "cur-now · candidate present" in text
        # The filter looks in ids, statuses and dates only, not in names or notes.
        queue(app, *"quentin")
        await settle(pilot)
        assert "No interview matches the filter." in screen_text(app)
        queue(app, *["backspace"] * 7, *"xylophone")
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "xylophone"  # in order
        text = screen_text(app)
        assert "No interview matches the filter." in text and "tuned" not in text
        queue(app, *["backspace"] * 9, *"b2")
        await settle(pilot)
        assert "cur-b2" in screen_text(app), screen_text(app)
        assert leaked(app) == []
        # F6 shows the names again (the candidate has left).
        queue(app, *["backspace"] * 2, "f6")
        await settle(pilot)
        text = screen_text(app)
        assert "Names hidden" not in text
        assert "Quentin Zebedee" in text and "Wilhelmina Yarrow" in text
        assert not app.curtain.up
        # ... and hides them again.
        queue(app, "f6")
        await settle(pilot)
        assert leaked(app) == [] and "Names hidden" in screen_text(app)


async def test_keys_right_after_going_home_behave(app_context, clock):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # F10 and Enter in one burst: home, on the line of the interview just
        # left, and straight back into it.
        queue(app, "f10", "enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.id == present
        # F10, then typing: it goes into the filter, behind the curtain.
        queue(app, "f10", *"zebedee")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#filter").value == "zebedee"
        assert leaked(app) == []
        # F10 then F6 in a burst: home, names shown.
        queue(app, *["backspace"] * 7, "enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        queue(app, "f10", "f6")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Quentin Zebedee" in screen_text(app)


async def test_turning_the_mode_off_shows_home_as_before(app_context, clock):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue(app, "f6", "f10")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Names hidden" not in text and "Quentin Zebedee" in text
        # On again in the interview: the curtain is up again.
        queue(app, "enter")  # the cursor is where it was: on the first line
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        queue(app, "f6", "f10")
        await settle(pilot)
        assert leaked(app) == []


async def test_a_finished_interview_raises_no_curtain_and_a_started_one_does(app_context, clock):
    present = store_interviews(app_context, clock)
    with app_context.store.open("cur-b3") as handle:
        interview = Interview(handle, now=clock)
        interview.start()
        interview.finish()
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Quentin Zebedee" in screen_text(app) and "Names hidden" not in screen_text(app)
        app.open_interview("cur-b3")
        await settle(pilot)
        queue(app, "f10")
        await settle(pilot)
        assert "Quentin Zebedee" in screen_text(app)
        app.open_interview(present)
        await settle(pilot)
        queue(app, "f10")
        await settle(pilot)
        assert leaked(app) == []


async def test_behind_the_curtain_home_opens_no_one_elses_export_panel_or_name(app_context, clock):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue(app, "f10")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        queue(app, "down")  # another candidate's interview
        await settle(pilot)
        assert home.selected_id() != present
        for key in ("ctrl+o", "ctrl+t"):  # export, panel
            queue(app, key)
            await settle(pilot)
            assert app.screen is home, key
            assert "shows the names first" in screen_text(app)
            assert leaked(app) == []
        # Delete asks by id, without the name.
        queue(app, "ctrl+r")
        await settle(pilot)
        assert app.screen is not home
        text = screen_text(app)
        assert home.selected_id() in text and leaked(app) == []
        queue(app, "escape")
        await settle(pilot)
        # The interview whose candidate is present can still be exported.
        queue(app, "up", "ctrl+o")
        await settle(pilot)
        assert app.screen is not home and "Petra Present" in screen_text(app)


async def test_a_notice_naming_someone_goes_as_the_curtain_rises(app_context, clock):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        app.notify("Deleted the interview with Wilhelmina Yarrow.", timeout=60)
        await settle(pilot)
        assert "Wilhelmina" in screen_text(app)
        app.open_interview(present)
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert leaked(app) == []


async def test_the_new_interview_form_names_no_one_behind_the_curtain(app_context, clock):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        queue(app, "f10", "ctrl+n")
        await settle(pilot)
        app.screen.query_one("#candidate").value = "Next Person"
        app.screen.query_one("#from-session").value = "cur-b"  # three interviews match
        queue(app, "ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "matches 3 sessions" in text
        assert leaked(app) == []


# -- this candidate's evaluation while the clock runs ------------------------------------


async def test_review_and_rating_hide_the_evaluation_while_the_candidate_is_present(
    app_context, clock
):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        queue(app, "ctrl+f")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.session.clock.running and review.session.candidate_present
        text = str(review.query_one("#review").render())
        assert "Suggested" not in text and "Not rated yet" not in text
        assert "insufficient evidence" not in text.lower()
        assert text.count("Hidden while the candidate is present") == 2  # ratings, decision
        # ctrl+r from the review stays closed too, and so does ctrl+d.
        for key in ("ctrl+r", "ctrl+d"):
            queue(app, key)
            await settle(pilot)
            assert app.screen is review, key
        assert "Ratings are hidden while the candidate is present" in screen_text(app)
        # Marked finished (the clock stops): everything shows, rating opens.
        queue(app, "ctrl+f")
        await settle(pilot)
        queue(app, "enter")
        await settle(pilot)
        assert app.screen is review
        text = str(review.query_one("#review").render())
        assert "Suggested" in text and "Hidden while" not in text
        queue(app, "ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, RatingScreen)
        assert leaked(app) == []


async def test_with_the_mode_off_review_shows_the_ratings_while_the_clock_runs(app_context, clock):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        queue(app, "f6", "ctrl+f")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.session.clock.running
        assert "Suggested" in str(review.query_one("#review").render())
        queue(app, "ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, RatingScreen)


# -- how it looks ------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_curtained_home_looks_right(snap_compare, app_context, clock, size):
    present = store_interviews(app_context, clock)
    app = InterviewApp(app_context, open_session=present)

    async def run_before(pilot) -> None:
        await settle(pilot)
        queue(pilot.app, "f10")
        await settle(pilot)
        pilot.app.screen.query_one("#filter").cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_consensus_records_on_home_are_behind_the_curtain(app_context, clock):
    from conftest import SMP

    from tui_interview.domain.consensus import Consensus

    present = store_interviews(app_context, clock)
    record = Consensus(
        id=app_context.consensus.new_id(), candidate="Quentin Zebedee", role="", plan_id="p1"
    )
    record.record_rating(SMP, 3, "Agreed on the evidence", "Grace, Alan", clock())
    app_context.consensus.save(record)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Consensus records (1" in screen_text(app)
        app.open_interview(present)
        await settle(pilot)
        queue(app, "f10")
        await settle(pilot)
        text = screen_text(app)
        assert "Consensus records" not in text and leaked(app) == []
        queue(app, "f6")
        await settle(pilot)
        assert "Consensus records (1" in screen_text(app)


async def test_the_home_filter_keeps_its_editing_keys_in_order_in_a_burst(app_context, clock):
    store_interviews(app_context, clock)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue(app, *"quentin", *["backspace"] * 7, *"wilhel", "left", "backspace", "e")
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "wilhel"  # out of order: "wilhee"
        queue(app, "end", "ctrl+u", *"yarrow")
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "yarrow"
        assert "Wilhelmina Yarrow" in screen_text(app) and "Quentin" not in screen_text(app)
