"""Every text field of every screen and dialog keeps a burst exactly: letters,
Backspaces, ``ctrl+u``, a word typed after them and a paste, all queued at
once (as SSH, tmux or a browser's websocket deliver them).

The fields are not listed: each route below walks the app to one screen (by
its own keys and actions, as a user would), and every focusable text field
found there (``Input``, ``TextArea``) is tried. A field added to a screen is
covered the day it is added; a screen added to ``tui_interview.screens``
without a route here fails ``test_every_screen_has_a_route``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from conftest import make_session, queue, settle
from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

import tui_interview.screens
from tui_interview.app import InterviewApp
from tui_interview.context import AppContext
from tui_interview.domain.consensus import Consensus
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.screens.consensus import ConsensusScreen
from tui_interview.screens.export import ExportScreen
from tui_interview.screens.fairness import CalibrationScreen, QuestionsScreen
from tui_interview.screens.help import HelpScreen
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.interview_dialogs import (
    AddQuestionScreen,
    EditNoteScreen,
    FindInNotesScreen,
    GoToStopScreen,
    LinkBehavioursScreen,
    PickScreen,
)
from tui_interview.screens.lock import LockScreen
from tui_interview.screens.new_interview import NewInterviewScreen
from tui_interview.screens.panel import PanelPathScreen, PanelScreen
from tui_interview.screens.rating import RatingScreen
from tui_interview.screens.review import RecommendationScreen, ReviewScreen
from tui_interview.screens.unsaved import UnsavedTextScreen
from tui_interview.screens.wording import WordingScreen

#: The burst, and what it leaves: typed, corrected with Backspaces, cleared
#: with ctrl+u, typed again, corrected, then a paste at the end.
TEXT_BURST = [
    *"alpha beta",
    *["backspace"] * 4,
    *"gamma",
    "ctrl+u",
    *"kept wordz",
    "backspace",
    *"s",
]
TEXT_PASTE = " +pasted ✓ 李雷"
TEXT_RESULT = "kept words +pasted ✓ 李雷"

#: A field that takes digits only (a budget, a share).
DIGIT_BURST = [*"123", "backspace", "backspace", *"4", "ctrl+u", *"56", "backspace", *"7"]
DIGIT_PASTE = "8"
DIGIT_RESULT = "578"


def text_of(field: Widget) -> str:
    return field.text if isinstance(field, TextArea) else field.value  # type: ignore[attr-defined]


def clear(field: Widget) -> None:
    if isinstance(field, TextArea):
        field.load_text("")
    else:
        assert isinstance(field, Input)
        field.value = ""


def takes_digits_only(field: Widget) -> bool:
    return isinstance(field, Input) and (field.type in ("integer", "number"))


def text_fields(screen: Screen) -> list[Widget]:
    """Every text field on ``screen`` one can type into now."""
    return [
        field
        for field in screen.query("Input, TextArea").results(Widget)
        if isinstance(field, (Input, TextArea))
        and field.focusable
        and field.display
        and not getattr(field, "read_only", False)
        and not field.disabled
    ]


def field_name(field: Widget) -> str:
    return f"{type(field).__name__}#{field.id or field.name or '?'}"


# -- the routes: from a fresh app to one screen, by its own keys ---------------

Route = Callable[[InterviewApp, object], Awaitable[None]]


@dataclass(frozen=True)
class Walk:
    screen: type[Screen]
    route: Route
    #: The app opens this session at start (the interview routes).
    opens_session: bool = False
    #: The data folder is encrypted: the app starts on the passphrase screen.
    encrypted: bool = False


async def _home(app, pilot) -> None:
    pass


async def _new_interview(app, pilot) -> None:
    await app.screen.run_action("new_interview")
    await settle(pilot)
    # Tick the first competency, so that its plan, the budget and the shares
    # are there too.
    screen = app.screen
    assert isinstance(screen, NewInterviewScreen)
    await screen.query_one("#competencies").run_action("select")
    await settle(pilot)
    budget = screen.query_one("#budget", Input)
    budget.focus()
    queue(app, *"45")
    await settle(pilot)


async def _panel_path(app, pilot) -> None:
    await app.screen.run_action("panel")


async def _panel(app, pilot) -> None:
    app.push_screen(PanelScreen([]))


async def _lock(app, pilot) -> None:
    await app.run_action("lock")


async def _help(app, pilot) -> None:
    await app.run_action("help")


async def _interview(app, pilot) -> None:
    pass


async def _go_to(app, pilot) -> None:
    await app.screen.run_action("go_to_question")


async def _find(app, pilot) -> None:
    await app.screen.run_action("find_in_notes")


async def _add_question(app, pilot) -> None:
    await app.screen.run_action("add_question")


async def _with_a_note(app, pilot) -> None:
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    assert screen.submit_note("A first note")
    await settle(pilot)


async def _edit_note(app, pilot) -> None:
    await _with_a_note(app, pilot)
    app.screen.edit_chosen_note()


async def _link(app, pilot) -> None:
    await _with_a_note(app, pilot)
    await app.screen.run_action("link_last_note")


async def _review(app, pilot) -> None:
    await app.screen.run_action("finish")


async def _confirm(app, pilot) -> None:
    await _review(app, pilot)
    await settle(pilot)
    await app.screen.run_action("mark_finished")


async def _to_review_paused(app, pilot) -> None:
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    if screen.session.candidate_present:
        await screen.run_action("toggle_candidate_present")
        await settle(pilot)
    await _review(app, pilot)
    await settle(pilot)


async def _rating(app, pilot) -> None:
    await _to_review_paused(app, pilot)
    await app.screen.run_action("rate")


async def _recommendation(app, pilot) -> None:
    await _to_review_paused(app, pilot)
    await app.screen.run_action("decide")


async def _export(app, pilot) -> None:
    await _review(app, pilot)
    await settle(pilot)
    await app.screen.run_action("export")


async def _unsaved(app, pilot) -> None:
    # Reached by keys only when the disk refuses a note (test_leaving_unsaved…);
    # pushed here as the interview screen pushes it.
    app.push_screen(UnsavedTextScreen("The note could not be saved.", "/tmp/recovered"))


async def _consensus(app, pilot) -> None:
    # Reached from a panel whose ratings are all locked (test_panel_screen);
    # pushed here as the Panel screen pushes it.
    record = Consensus("rec001", "Candidate", "Service Manager", "p1")
    app.push_screen(ConsensusScreen(record, None, "Recommendation", ["Ann", "Bo"], is_new=True))


async def _fairness(app, pilot, view: str) -> None:
    folder = app.context.data_dir.parent / "transcripts"
    folder.mkdir(exist_ok=True)
    await app.screen.run_action(f"fairness('{view}')")
    await settle(pilot)
    queue(app, "ctrl+u", *str(folder), "enter")


async def _calibration(app, pilot) -> None:
    await _fairness(app, pilot, "calibration")


async def _questions(app, pilot) -> None:
    await _fairness(app, pilot, "questions")


async def _wording(app, pilot) -> None:
    queue(app, *"Seemed nervous, mentioned she is 52 years old", "enter")
    await _to_review_paused(app, pilot)
    queue(app, "ctrl+e")


WALKS: dict[str, Walk] = {
    "home": Walk(HomeScreen, _home),
    "new interview form": Walk(NewInterviewScreen, _new_interview),
    "panel path": Walk(PanelPathScreen, _panel_path),
    "panel": Walk(PanelScreen, _panel),
    "lock": Walk(LockScreen, _lock),
    "passphrase at start": Walk(LockScreen, _home, encrypted=True),
    "help": Walk(HelpScreen, _help),
    "interview": Walk(InterviewScreen, _interview, opens_session=True),
    "go to": Walk(GoToStopScreen, _go_to, opens_session=True),
    "find": Walk(FindInNotesScreen, _find, opens_session=True),
    "add question": Walk(AddQuestionScreen, _add_question, opens_session=True),
    "edit note": Walk(EditNoteScreen, _edit_note, opens_session=True),
    "link behaviours": Walk(LinkBehavioursScreen, _link, opens_session=True),
    "review": Walk(ReviewScreen, _review, opens_session=True),
    "confirm": Walk(ConfirmScreen, _confirm, opens_session=True),
    "rating": Walk(RatingScreen, _rating, opens_session=True),
    "recommendation": Walk(RecommendationScreen, _recommendation, opens_session=True),
    "export": Walk(ExportScreen, _export, opens_session=True),
    "unsaved text": Walk(UnsavedTextScreen, _unsaved, opens_session=True),
    "consensus": Walk(ConsensusScreen, _consensus),
    "calibration": Walk(CalibrationScreen, _calibration),
    "questions": Walk(QuestionsScreen, _questions),
    "wording": Walk(WordingScreen, _wording, opens_session=True),
}


def screen_classes() -> set[type[Screen]]:
    """Every screen class defined in ``tui_interview.screens``, bases of
    other screens there (``PickScreen``) left out: their subclasses are."""
    found: set[type[Screen]] = set()
    for module_info in pkgutil.iter_modules(tui_interview.screens.__path__):
        module = importlib.import_module(f"tui_interview.screens.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                found.add(cls)
    return {cls for cls in found if not any(o is not cls and issubclass(o, cls) for o in found)}


def test_every_screen_has_a_route():
    classes = screen_classes()
    assert {InterviewScreen, GoToStopScreen, ConsensusScreen} <= classes
    assert PickScreen not in classes
    routed = {walk.screen for walk in WALKS.values()}
    assert {cls.__qualname__ for cls in classes - routed} == set()


@pytest.mark.parametrize("name", list(WALKS))
async def test_every_text_field_keeps_a_burst_with_corrections_and_a_paste(
    app_context, clock, name
):
    walk = WALKS[name]
    context = app_context
    if walk.encrypted:
        from tui_interview.storage.crypto import ENCRYPTED, create_header

        app_context.data_dir.mkdir(mode=0o700, parents=True)
        key = create_header(app_context.data_dir, "correct horse battery", state=ENCRYPTED, n=2**10)
        context = AppContext(
            data_dir=app_context.data_dir,
            content_dirs=app_context.content_dirs,
            now=app_context.now,
        )
        app_context = AppContext(
            data_dir=app_context.data_dir,
            content_dirs=app_context.content_dirs,
            now=app_context.now,
            key=key,
        )
    session_id = make_session(app_context) if walk.opens_session else None
    if not walk.opens_session:
        make_session(app_context)  # home lists one interview
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await walk.route(app, pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, walk.screen), f"the route reached {type(screen).__name__}"
        fields = text_fields(screen)
        if walk.encrypted:
            assert [field_name(f) for f in fields] == ["Input#passphrase"]
        results: dict[str, str] = {}
        expected: dict[str, str] = {}
        for field in fields:
            name_of = field_name(field)
            screen.set_focus(field)
            await settle(pilot)
            clear(field)
            await settle(pilot)
            digits = takes_digits_only(field)
            queue(app, *(DIGIT_BURST if digits else TEXT_BURST))
            app.post_message(events.Paste(DIGIT_PASTE if digits else TEXT_PASTE))
            await settle(pilot)
            assert app.screen is screen, f"{name_of}: the burst left {type(screen).__name__}"
            results[name_of] = text_of(field)
            expected[name_of] = DIGIT_RESULT if digits else TEXT_RESULT
        assert results == expected
