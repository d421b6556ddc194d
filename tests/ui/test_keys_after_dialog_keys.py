"""Attacks on the Panel, lock and keymap work (issues 14-16) as an
interviewer in a hurry would make them: keys and pastes in one burst right
after a key that opens a dialog, the lock among them, hostile text."""

from __future__ import annotations

import pytest
from conftest import queue, settle
from test_lock_screen import encrypted  # noqa: F401 (a fixture)
from test_panel_screen import board_of_three
from test_startup_index_head import slow_listing  # noqa: F401 (a fixture)
from textual import events

from tui_interview.app import InterviewApp
from tui_interview.screens.consensus import ConsensusScreen


@pytest.fixture
def me_grace(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Grace"\n', encoding="utf-8")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))


async def test_a_paste_right_after_c_lands_in_the_form_in_its_place(
    app_context, clock, tmp_path, me_grace
):
    folder = board_of_three(tmp_path / "board", clock, app_context)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        # c opens the form; the keys after it wait for it, and so must a
        # paste among them (it used to go to the panel and be lost).
        queue(app, "c", "3", "tab", *"ab")
        app.post_message(events.Paste("PASTED"))
        queue(app, *"cd")
        await settle(pilot)
        assert isinstance(app.screen, ConsensusScreen)
        assert app.screen.query_one("#consensus-value").value == "3"
        assert app.screen.query_one("#consensus-rationale").value == "abPASTEDcd"


async def test_a_remapped_delete_key_typed_while_home_loads_waits_for_the_full_list(
    app_context,
    clock,
    slow_listing,  # noqa: F811 (the fixture imported above)
):
    """ctrl+r typed while the list is read waits for the full list; so must
    the key [keys] gives delete_interview instead."""
    from test_startup_index_head import store_many, wait_until

    from tui_interview.screens.confirm import ConfirmScreen
    from tui_interview.settings import Settings

    app_context.settings = Settings(keys={"delete_interview": "f8"})
    store_many(app_context, clock, 30)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        queue(app, *"zhores", "f8")  # Zhores is not among the first screenful
        await wait_until(pilot, lambda: app.key_order.waiting)
        for _ in range(5):
            await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        slow_listing.set()
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Zhores Alferov" in app.export_screenshot().replace("&#160;", " ")


@pytest.mark.parametrize("remap", [{}, {"open_panel": "f9"}], ids=["ctrl+t", "f9"])
async def test_a_folder_typed_right_after_the_panel_key_on_home_goes_to_its_dialog(
    app_context, clock, tmp_path, remap
):
    from tui_interview.screens.panel import PanelScreen
    from tui_interview.settings import Settings

    app_context.settings = Settings(keys=remap)
    folder = board_of_three(tmp_path / "board", clock, app_context)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The path used to land in home's filter, behind the dialog.
        queue(app, remap.get("open_panel", "ctrl+t"), *str(folder), "enter", "v")
        await settle(pilot)
        assert app.screen_stack[0].query_one("#filter").value == ""
        assert isinstance(app.screen, PanelScreen)
        assert app.screen.grid_mode


async def test_a_name_typed_right_after_the_new_interview_key_goes_to_the_form(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue(app, "ctrl+n", *"Bob Smith")
        await settle(pilot)
        assert app.screen_stack[0].query_one("#filter").value == ""
        assert app.screen.query_one("#candidate").value == "Bob Smith"


async def test_no_color_with_the_ansi_16_theme_keeps_the_terminals_own_colours(
    app_context, monkeypatch
):
    """Textual picks its NO_COLOR filter when the app is made, before the
    theme is set: Monochrome turned ansi-16's "the terminal's default" into
    black on black, and the whole screen was unreadable."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color

    from tui_interview.settings import Settings

    monkeypatch.setenv("NO_COLOR", "1")
    app_context.settings = Settings(theme="ansi-16")
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "ansi-16"
        segments = [Segment("Interviews", Style(color="default", bgcolor="default", bold=True))]
        for line_filter in app.get_line_filters():
            segments = line_filter.apply(segments, Color(0, 0, 0))
        [segment] = segments
        assert segment.text == "Interviews" and segment.style is not None
        assert segment.style.color is not None and segment.style.color.is_default
        assert segment.style.bgcolor is not None and segment.style.bgcolor.is_default
        assert segment.style.bold


async def test_keys_typed_before_the_lock_while_home_loads_wait_for_home_not_the_lock(
    app_context,
    clock,
    slow_listing,  # noqa: F811 (the fixture imported above)
):
    """Down Down Enter typed while the list is read, then the lock key: the
    lock comes at once, and the three keys used to be sent to the lock
    screen (Enter unlocked it at once; the interview was never opened)."""
    from test_startup_index_head import store_many, wait_until

    from tui_interview.screens.interview import InterviewScreen
    from tui_interview.screens.lock import LockScreen

    ids = store_many(app_context, clock, 30)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        queue(app, "down", "down", "enter", "ctrl+backslash")
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen))
        for _ in range(10):
            await pilot.pause(0.02)
        slow_listing.set()
        await settle(pilot)
        assert isinstance(app.screen, LockScreen), "still locked"
        queue(app, "enter")  # the store is not encrypted: Enter unlocks
        await settle(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, InterviewScreen))
        assert app.screen.session.id == ids[2]


async def test_several_lines_pasted_into_the_consensus_rationale_are_all_kept(
    app_context, clock, tmp_path, me_grace
):
    """Textual's Input keeps only the first line of a paste: the rest of a
    rationale pasted from notes was dropped without a word."""
    folder = board_of_three(tmp_path / "board", clock, app_context)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        queue(app, "c", "3", "tab", *"Agreed: ")
        app.post_message(events.Paste("two STAR stories\r\nat level 3\n\n  one at 4\n"))
        queue(app, "enter")
        await settle(pilot)
        [record] = app_context.consensus.list()
        [rating] = app_context.consensus.load(record.id).ratings
        assert rating.rationale == "Agreed: two STAR stories at level 3 one at 4"


@pytest.mark.parametrize(
    ("keys", "field"),
    [(("enter",), "#consensus-value"), (("3", "tab", "ctrl+u", "enter"), "#consensus-rationale")],
    ids=["level", "rationale"],
)
async def test_the_consensus_forms_error_is_in_view_at_40x12(
    app_context, clock, tmp_path, me_grace, keys, field
):
    """At 40x12 the form scrolls: the error line, at the end of the form,
    was out of view, so Enter seemed to do nothing."""
    folder = board_of_three(tmp_path / "board", clock, app_context)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        queue(app, "c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ConsensusScreen)
        form.query_one("#consensus-rationale").value = ""
        queue(app, *keys)
        await settle(pilot)
        await pilot.pause(0.2)
        error = form.query_one("#consensus-error")
        assert str(error.render()).startswith("✗")
        dialog = form.query_one("#consensus-dialog")
        for widget in (error, form.query_one(field)):
            assert dialog.region.contains_region(widget.region), widget
        assert form.focused is form.query_one(field)


@pytest.mark.parametrize("width", [20, 30, 36, 80])
@pytest.mark.parametrize("chosen", [0, 1, 2, 3])
def test_the_role_grid_never_draws_a_line_wider_than_the_screen(clock, width, chosen):
    """The columns had a minimum width: with a few competencies at 40
    columns a row was wider than the screen, wrapped, and the table fell
    apart. The chosen column (← →) is always among those shown."""
    from rich.cells import cell_len
    from test_panel_consensus import board_panel, with_consensus

    from tui_interview.export.role_grid import role_grid
    from tui_interview.screens.panel import grid_text

    panel, record = board_panel(clock)
    grid = role_grid(with_consensus(panel, record), "Service Manager")
    lines = grid_text(grid, chosen, width).splitlines()
    assert all(cell_len(line) <= width for line in lines), lines
    assert "▸" in lines[0]
    assert lines[1].startswith("Ada")
    if chosen == 1:  # Ada's reconciled consensus keeps its day
        assert "3 (c 20" in lines[1]


async def test_home_at_40x12_keeps_its_list_in_view_with_consensus_records(app_context, clock):
    """Up to 7 lines of consensus records left no line for the interviews at
    40x12: home showed the column heads and no interview."""
    from conftest import make_session

    from tui_interview.domain.consensus import Consensus
    from tui_interview.widgets.session_table import SessionTable

    make_session(app_context, candidate="Zelda Quokkington")
    for n in range(3):
        record = Consensus(f"rec00{n}", f"Candidate {n} " + "X" * 60, "Service Manager", "p1")
        record.record_rating("smp", 3, "agreed", ["Grace", "Alan"], clock())
        app_context.consensus.save(record)
    app = InterviewApp(app_context)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#sessions", SessionTable)
        records = app.screen.query_one("#consensus-records")
        assert records.display and records.region.height >= 2
        assert table.row_count == 1
        # The interview's line is drawn above the records.
        assert table.region.height >= 1 and table.region.bottom <= records.region.y


async def test_a_passphrase_pasted_right_after_the_lock_key_then_enter_unlocks(
    encrypted,  # noqa: F811 (the fixture imported above)
):
    """The paste went to the passphrase field after the Enter typed after it
    had been handled (an empty passphrase), so the app stayed locked with
    the passphrase left in the field."""
    from test_lock_screen import PASSPHRASE

    from tui_interview.screens.interview import InterviewScreen

    context, session_id = encrypted
    context.unlock(PASSPHRASE)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue(app, *"half", "ctrl+backslash")
        app.post_message(events.Paste(PASSPHRASE + "\n"))
        queue(app, "enter", *" more")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.note_input.text == "half more"


async def test_the_idle_lock_timer_firing_as_the_app_closes_raises_nothing(app_context):
    """The idle timer can fire once the screens are gone (the app closing):
    it read app.screen, which raises ScreenStackError, and the app ended
    with a traceback (seen once in the idle-lock test under load)."""
    from tui_interview.settings import Settings

    app_context.settings = Settings(lock_after_minutes=1)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert not app.screen_stack
    assert app.locked is False
    app._last_key -= 3600  # long idle: the timer would lock now
    app._idle_lock()  # no exception
