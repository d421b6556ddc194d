"""Issue 22 §1, a link you can see: at every size down to 40x12 the link
dialog shows the best few suggestions with a digit and a level, a digit links
that one, Enter links only a highlighted row on screen, and the last note
shows in full with its tags and links at 80x24."""

from __future__ import annotations

import html
import re

import pytest
from conftest import make_session, queue, settle

from tui_interview.app import InterviewApp
from tui_interview.domain.linking import link_suggestions
from tui_interview.screens.interview_dialogs import LinkBehavioursScreen, LinkRows

NOTE = "she collected ticket data and ran two workshops; consultants wrote the report"


def typed(text: str) -> list[str]:
    return ["enter" if char == "\r" else char for char in text]


def screen_lines(app) -> list[str]:
    svg = app.export_screenshot()
    lines: dict[str, list[str]] = {}
    for line, text in re.findall(r'<text [^>]*clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)', svg):
        lines.setdefault(line, []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for _, parts in sorted(lines.items(), key=lambda kv: int(kv[0]))]


async def open_dialog(pilot, app) -> LinkBehavioursScreen:
    queue(app, *typed(NOTE + "\r"), "ctrl+l")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, LinkBehavioursScreen)
    return dialog


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_dialog_fits_and_shows_numbered_suggestions_with_levels(app_context, size):
    app = InterviewApp(app_context, open_session=make_session(app_context))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        box = dialog.query_one(".link-dialog").region
        # The whole dialog, its lower border included, is on screen.
        assert box.y >= 0 and box.bottom <= size[1]
        rows = dialog.query_one(LinkRows)
        assert rows.region.bottom <= box.bottom - 1
        assert rows.shown >= 3
        session = app.screen_stack[-2].session
        ranked = link_suggestions(session, session.notes[0].id)
        lines = "\n".join(screen_lines(app))
        for rank, behaviour in enumerate(ranked[: rows.shown], start=1):
            assert f"{rank} ☐ L{behaviour.level} " in lines
        # A digit links that suggestion and closes the dialog.
        await pilot.press("2")
        await settle(pilot)
        assert not isinstance(app.screen, LinkBehavioursScreen)
        assert app.screen.session.notes[0].behaviours == (ranked[1].id,)


async def test_a_digit_typed_right_after_opening_links_that_suggestion(app_context):
    app = InterviewApp(app_context, open_session=make_session(app_context))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        queue(app, *typed(NOTE + "\r"), "ctrl+l", "3", *typed("next\r"))
        await settle(pilot)
        session = app.screen.session
        ranked = link_suggestions(session, session.notes[0].id)
        assert [n.text for n in session.notes] == [NOTE, "next"]
        assert session.notes[0].behaviours == (ranked[2].id,)
        assert session.notes[1].behaviours == ()


async def test_nothing_off_screen_is_linked(app_context):
    """At 40x12 five suggestions fit: 9 is not on screen, so it links nothing;
    moving down scrolls the highlight into view, and Enter links what is seen."""
    app = InterviewApp(app_context, open_session=make_session(app_context))
    async with app.run_test(size=(40, 12), notifications=True) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        rows = dialog.query_one(LinkRows)
        assert rows.shown < 9
        await pilot.press("9")
        await settle(pilot)
        assert app.screen is dialog
        session = app.screen_stack[-2].session
        assert session.notes[0].behaviours == ()
        for _ in range(7):
            await pilot.press("down")
        await settle(pilot)
        assert rows.on_screen(rows.highlighted) and rows.highlighted == 7
        await pilot.press("enter")
        await settle(pilot)
        ranked = link_suggestions(session, session.notes[0].id)
        assert session.notes[0].behaviours == (ranked[7].id,)


async def test_the_last_long_note_shows_whole_with_its_tags_and_link_at_80x24(app_context):
    long_note = (
        "Findings read out from a slide: CMDB missing, CAB weak, no problem mgmt. She "
        "said the service desk had no owner for the incident queue and that the "
        "monthly report was never read by anyone on the board, so she ran it again."
    )
    app = InterviewApp(app_context, open_session=make_session(app_context))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *typed("an earlier note\r"), *typed(long_note + "\r"), "ctrl+e", "s")
        queue(app, "ctrl+l", "1")
        await settle(pilot)
        note = app.screen.session.notes[-1]
        assert note.behaviours and note.tags
        shown = " ".join(re.sub("[│╭╮╰╯─▂▇]", " ", line) for line in screen_lines(app))
        shown = " ".join(shown.split())
        assert "so she ran it again." in shown
        assert "#situation" in shown
        assert "→ L" in shown


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_a_switches_to_evidence_against_shown_on_screen(app_context, size):
    app = InterviewApp(app_context, open_session=make_session(app_context))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        dialog = await open_dialog(pilot, app)
        assert "FOR" in "\n".join(screen_lines(app))
        await pilot.press("a")
        await settle(pilot)
        assert "AGAINST" in "\n".join(screen_lines(app))
        await pilot.press("1")
        await settle(pilot)
        assert app.screen is not dialog
        session = app.screen.session
        best = link_suggestions(session, session.notes[0].id)[0].id
        assert session.notes[0].behaviours == ()
        assert session.notes[0].behaviours_against == (best,)
        if size == (80, 24):  # the notes pane says so (at 40x12 it has one line)
            assert "✗ against L" in " ".join(screen_lines(app))


async def test_the_last_note_can_be_marked_as_contradicting_an_earlier_one(app_context):
    app = InterviewApp(app_context, open_session=make_session(app_context))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *typed("she built it herself in Power BI\r"))
        queue(app, *typed("she inherited it from her predecessor\r"), "ctrl+e", "up", "c")
        await settle(pilot)
        first, last = app.screen.session.notes
        assert last.contradicts == (first.id,)
        assert "≠ contradicts note [00:00]" in " ".join(screen_lines(app))


async def test_the_suggestion_shows_under_the_notes_only_when_ratings_may_be_shown(app_context):
    """§4: while the clock runs with the candidate present nothing is shown;
    once the candidate-present mode is off, the suggestion and what to probe
    next are under the notes."""
    app = InterviewApp(app_context, open_session=make_session(app_context))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *typed("CMDB missing, CAB weak\r"), "ctrl+l", "1")
        await settle(pilot)
        screen = app.screen
        assert screen.session.candidate_present and screen.session.clock.running
        assert str(screen.notes_log.border_subtitle) == ""
        assert "Suggest" not in " ".join(screen_lines(app))
        screen.action_toggle_candidate_present()
        await settle(pilot)
        subtitle = str(screen.notes_log.border_subtitle)
        assert subtitle.startswith("No suggestion yet · next: probe the ")
        assert "No suggestion yet" in " ".join(screen_lines(app))
        screen.action_toggle_candidate_present()
        await settle(pilot)
        assert str(screen.notes_log.border_subtitle) == ""
