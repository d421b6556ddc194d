"""Keys that arrive together (SSH, tmux, a paste, a browser's websocket) do
what the same keys typed slowly do, on every form and dialog: the one
key-order mechanism (widgets/key_order.py), shown on the cases that broke."""

from __future__ import annotations

import textwrap

import pytest
from conftest import queue, settle
from textual import events
from textual.widgets import Input

from tui_interview.app import InterviewApp
from tui_interview.context import AppContext
from tui_interview.screens.export import ExportScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.interview_dialogs import FindInNotesScreen, GoToStopScreen
from tui_interview.screens.new_interview import NewInterviewScreen

LISTENING = """\
    id: listening
    name: Active listening
    levels:
      - level: 3
        summary: Listens under pressure.
        behaviors: [Stays calm.]
        questions:
          - text: Describe a tense meeting you chaired.
          - text: Describe a time you changed your mind after listening.
    """


@pytest.fixture
def one_profile(data_dir, tmp_path, clock, monkeypatch) -> AppContext:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "listening.yaml").write_text(textwrap.dedent(LISTENING))
    monkeypatch.setenv("LOGNAME", "interviewer")
    return AppContext(data_dir=data_dir, content_dirs=[folder], now=clock)


def shares(screen: NewInterviewScreen) -> list[str]:
    return [field.value for field in screen.query(".share").results(Input)]


async def test_the_form_typed_in_one_burst_from_home_starts_the_interview(one_profile):
    """ctrl+n, a name, Tab x4, Space (tick the competency) and ctrl+s at
    once: ctrl+s was handled while the competency's plan was still being
    mounted (NoMatches: QuestionList), or said "Some fields need attention"."""
    app = InterviewApp(one_profile)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        queue(app, "ctrl+n", *"Name", "tab", "tab", "tab", "tab", "space", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.candidate == "Name"
        assert {ref.competency_id for ref in app.screen.session.plan} == {"listening"}


async def test_a_budget_typed_in_one_burst_fills_every_share(one_profile):
    app = InterviewApp(one_profile)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        queue(app, "ctrl+n", *"Ada", "tab", "tab", "tab", "tab", "space", "shift+tab", *"70")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewInterviewScreen)
        assert screen.query_one("#budget", Input).value == "70"
        # Opening, two questions, general, the candidate's questions, closing.
        assert shares(screen) == ["11.7"] * 6


@pytest.mark.parametrize(("key", "dialog"), [("ctrl+g", GoToStopScreen), ("f3", FindInNotesScreen)])
async def test_a_dialog_filter_keeps_fast_corrections_in_order(app_context, key, dialog):
    from conftest import make_session

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue(app, key, *"change", *["backspace"] * 6, *"cha")
        await settle(pilot)
        assert isinstance(app.screen, dialog)
        assert app.screen.query_one("#pick-filter", Input).value == "cha"


async def test_a_folder_typed_right_after_the_export_key_goes_in_the_folder_field(
    app_context, tmp_path
):
    from conftest import make_session

    session_id = make_session(app_context)
    folder = tmp_path / "out"
    folder.mkdir()
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        queue(app, "ctrl+f")  # finish: the review, where ctrl+o exports
        await settle(pilot)
        queue(app, "ctrl+o", "j")
        app.post_message(events.Paste(str(folder)))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.chosen_format == "json"
        assert screen.query_one("#folder", Input).value == str(folder)
        queue(app, "enter")
        await settle(pilot)
    assert [path.suffix for path in folder.iterdir()] == [".json"]
