"""The rating scale opens a level's indicators with one key (✓ observed); a
change to a locked rating starts from the earlier rationale, and typing on the
scale goes into the reason, the field still to fill."""

from __future__ import annotations

from conftest import SMP, plan_shipped, type_text
from textual.widgets import Input, OptionList

from tui_interview.app import InterviewApp
from tui_interview.domain.rating import submit_rating
from tui_interview.screens.rating import RatingScreen


def option_text(screen: RatingScreen, level: int) -> str:
    scale = screen.query_one("#anchors", OptionList)
    return str(scale.get_option(str(level)).prompt)


async def open_rating(app_context, pilot, app) -> RatingScreen:
    await pilot.pause()
    await pilot.press("ctrl+s", "ctrl+r")  # pause the clock, then rate
    await pilot.pause()
    assert isinstance(app.screen, RatingScreen)
    return app.screen


async def test_right_opens_a_levels_indicators_with_the_observed_ones_marked(app_context):
    session = plan_shipped(app_context.now(), session_id=app_context.store.new_id())
    session_id = session.id
    session.set_behaviour_observed(SMP, "b3.1", True, app_context.now())
    app_context.store.create(session)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        rating = await open_rating(app_context, pilot, app)
        level_3 = rating.session.competency(SMP).level(3)
        assert level_3.behaviours[0].text not in option_text(rating, 3)
        assert "▸" in option_text(rating, 3)
        await pilot.press("down", "down", "down", "down", "right")  # 0 1 2 3
        await pilot.pause()
        shown = option_text(rating, 3)
        assert f"✓ {level_3.behaviours[0].text}" in shown
        assert f"· {level_3.behaviours[1].text}" in shown
        assert rating.query_one("#anchors", OptionList).highlighted == 3
        await pilot.press("left")
        await pilot.pause()
        assert level_3.behaviours[0].text not in option_text(rating, 3)


async def test_a_level_without_a_summary_shows_its_indicators(app_context):
    session = plan_shipped(app_context.now(), session_id=app_context.store.new_id())
    session_id = session.id
    competency = session.competency(SMP)
    assert all(level.summary for level in competency.levels)  # the shipped profile has them
    import dataclasses

    blank = dataclasses.replace(competency.level(1), summary="")
    session.content[SMP] = dataclasses.replace(competency, levels=(blank, *competency.levels[1:]))
    app_context.store.create(session)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        rating = await open_rating(app_context, pilot, app)
        shown = option_text(rating, 1)
        assert "no summary for this level" not in shown
        assert "its indicators:" in shown
        for behaviour in blank.behaviours:
            assert f"· {behaviour.text}" in shown


async def test_re_rating_offers_the_rationale_and_typing_goes_to_the_reason(app_context):
    session = plan_shipped(app_context.now(), session_id=app_context.store.new_id())
    session_id = session.id
    submit_rating(session, SMP, 2, "Solid SLA example", app_context.now())
    app_context.store.create(session)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        rating = await open_rating(app_context, pilot, app)
        assert rating.query_one("#rationale", Input).value == "Solid SLA example"
        await pilot.press("down")  # level 3
        await type_text(pilot, "Panel notes")
        await pilot.pause()
        assert rating.query_one("#reason", Input).value == "Panel notes"
        assert rating.query_one("#rationale", Input).value == "Solid SLA example"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [_, second] = app_context.store.load(session_id).rating_history(SMP)
    assert (second.level, second.rationale, second.reason) == (
        3,
        "Solid SLA example",
        "Panel notes",
    )


async def test_changing_a_rating_just_locked_on_this_screen_types_into_the_reason(app_context):
    """Found by an attacker's pass: rate, lock, then at once choose another
    level and type: the words go to "Reason for changing", not the rationale."""
    session_id = plan_shipped(app_context.now(), session_id=app_context.store.new_id()).id
    app_context.store.create(plan_shipped(app_context.now(), session_id=session_id))
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        rating = await open_rating(app_context, pilot, app)
        await pilot.press("down", "down", "down")  # level 2
        await type_text(pilot, "first")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("up")
        await type_text(pilot, "why")
        await pilot.pause()
        assert rating.query_one("#rationale", Input).value == "first"
        assert rating.query_one("#reason", Input).value == "why"
        await pilot.press("ctrl+s")
        await pilot.pause()
    history = app_context.store.load(session_id).rating_history(SMP)
    assert [(r.level, r.rationale, r.reason) for r in history] == [
        (2, "first", None),
        (1, "first", "why"),
    ]
