"""Issue 12's small things on the app's own screens: ctrl+c's message, help
and palette without a copy key that does nothing, an interview opened
read-only offering no editing keys, the export folder remembered, the home
screen's search by what was said and its column widths, and the new-interview
form (errors that clear, the competency filter, the time plan)."""

from __future__ import annotations

from conftest import make_session

from tui_interview.app import InterviewApp
from tui_interview.screens.help import HelpScreen, key_rows
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen


def notices(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def palette_titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_ctrl_c_says_how_to_quit_in_plain_words(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        [message] = notices(app)
        assert "ctrl+q" in message
        assert "[b]" not in message and "[/b]" not in message


async def test_help_and_palette_do_not_offer_copy_when_nothing_is_selected(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert all("Copy" not in what for _, what in key_rows(app.screen))
        assert "Copy selected text" not in palette_titles(app)
        # The home screen's own keys are still there.
        assert "New" in [what for _, what in key_rows(app.screen)]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        assert "Copy selected text" not in text and "New" in text


async def test_read_only_interview_offers_no_editing_keys(app_context):
    session_id = make_session(app_context)
    with app_context.store.open(session_id):  # another login holds it
        app = InterviewApp(app_context, open_session=session_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            footer_actions = {b.binding.action for b in app.active_bindings.values() if b.enabled}
            assert not footer_actions & InterviewScreen.EDITING_ACTIONS
            assert "next_question" in footer_actions
            keys = [what for _, what in key_rows(screen)]
            assert "Next question or section" in keys
            for editing in ("Pause or resume the clock", "Rate the competencies"):
                assert editing not in keys
                assert editing not in palette_titles(app)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "READ-ONLY" in str(screen.query_one("#status").render())
    assert app_context.store.load(session_id).clock.running_since is None


async def test_a_writable_interview_still_offers_its_editing_keys(app_context):
    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = [what for _, what in key_rows(app.screen)]
        assert "Pause or resume the clock" in keys and "Rate the competencies" in keys


async def test_home_finds_interviews_by_what_was_said_and_shows_where(app_context, clock):
    from tui_interview.domain.interview import Interview

    said = make_session(app_context, session_id="ada1", candidate="Ada Lovelace")
    make_session(app_context, session_id="bob1", candidate="Bob Stone")
    with app_context.store.open(said) as opened:
        Interview(opened, now=clock).record_note("Moved the [b]Zanzibar[/b] office in a week")
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#sessions")
        assert table.row_count == 2
        await pilot.press(*"zanzibar")
        await pilot.pause(0.4)
        assert table.row_count == 1 and app.screen.selected_id() == said
        header = str(app.screen.query_one("#sessions-header").render())
        assert "Said" in header
        [cells] = [table.get_row_at(0)]
        assert "zanzibar" in " ".join(cells) and "[b]" in " ".join(cells)
        # A name still matches at once, with no column of what was said.
        for _ in "zanzibar":
            await pilot.press("backspace")
        await pilot.press(*"bob")
        await pilot.pause(0.4)
        assert table.row_count == 1 and app.screen.selected_id() == "bob1"
        assert "Said" not in str(app.screen.query_one("#sessions-header").render())
        # Enter right after typing searches the notes before opening.
        for _ in "bob":
            await pilot.press("backspace")
        await pilot.press(*"office", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and app.screen.session.id == said


async def test_home_columns_show_whole_names_at_120_columns(app_context):
    from tui_interview.screens.home_listing import column_widths

    make_session(app_context, candidate="Ada Lovelace", role="Service Manager")
    app = InterviewApp(app_context)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        row = app.screen.query_one("#sessions").render_line(0).text
        assert "service-management-processes L3" in row
        assert "Service Manager" in row and "Ada Lovelace" in row
    # Names too long for any terminal share the width by the shares.
    widths = column_widths(80, {"Candidate": 200, "Role": 200, "Competencies": 200})
    assert sum(widths.values()) + 2 * len(widths) <= 80
    assert widths["Competencies"] > widths["Role"]
