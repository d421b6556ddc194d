"""The new-interview form, driven by keys as an interviewer would."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select, SelectionList, Static

from tui_interview.app import InterviewApp
from tui_interview.context import AppContext
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.new_interview import NewInterviewScreen
from tui_interview.storage import SaveFailed
from tui_interview.widgets.plan_form import CompetencyPlan, QuestionList

SIZES = [(80, 24), (120, 40)]
SHIPPED = "service-management-processes"

LISTENING = """\
    id: listening
    name: Active listening
    levels:
      - level: 1
        summary: Listens.
        behaviors: [Lets others finish.]
        questions:
          - text: Tell me about a time you listened.
      - level: 2
        summary: Listens well.
        behaviors: [Summarises what was said.]
        questions:
          - text: Describe a time you summarised a discussion.
          - text: Describe a time you asked a clarifying question.
      - level: 3
        summary: Listens under pressure.
        behaviors: [Stays calm.]
        questions:
          - text: Describe a tense meeting you chaired.
          - text: Describe a time you changed your mind after listening.
      - level: 4
        summary: Coaches others to listen.
        behaviors: [Coaches.]
    """

TEAMWORK = """\
    id: teamwork
    name: Teamwork
    levels:
      - level: 2
        summary: Works in a team.
        behaviors: [Shares.]
        questions:
          - text: Describe a team you were part of.
      - level: 4
        summary: Builds teams.
        behaviors: [Builds.]
        questions:
          - text: Describe a team you built.
    """


@pytest.fixture
def content_dir(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "listening.yaml").write_text(textwrap.dedent(LISTENING))
    (folder / "teamwork.yaml").write_text(textwrap.dedent(TEAMWORK))
    return folder


@pytest.fixture
def context(data_dir, content_dir, clock, monkeypatch) -> AppContext:
    monkeypatch.setenv("LOGNAME", "interviewer")
    return AppContext(data_dir=data_dir, content_dirs=[content_dir], now=clock)


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The ids the app was asked to open, instead of opening the interview."""
    ids: list[str] = []
    monkeypatch.setattr(
        InterviewApp, "open_interview", lambda app, session_id, failed=None: ids.append(session_id)
    )
    return ids


async def open_form(app: InterviewApp, pilot) -> NewInterviewScreen:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert isinstance(app.screen, NewInterviewScreen)
    return app.screen


async def type_into(pilot, field: Input, text: str) -> None:
    field.focus()
    await pilot.press(*text)


async def pick_competency(pilot, screen: NewInterviewScreen, competency_id: str) -> CompetencyPlan:
    competencies = screen.query_one("#competencies", SelectionList)
    competencies.focus()
    index = [option.value for option in competencies.options].index(competency_id)
    competencies.highlighted = index
    await pilot.press("space")
    await pilot.pause()
    return next(p for p in screen.plans() if p.competency.id == competency_id)


async def listening_questions(app, pilot) -> tuple[CompetencyPlan, QuestionList]:
    """The form with Active listening picked and its questions focused."""
    screen = await open_form(app, pilot)
    plan = await pick_competency(pilot, screen, "listening")
    questions = plan.query_one(QuestionList)
    questions.focus()
    return plan, questions


def error_text(screen: NewInterviewScreen, selector: str) -> str:
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


@pytest.mark.parametrize("size", SIZES)
async def test_form_stores_the_planned_session_and_opens_it(context, opened, size):
    app = InterviewApp(context)
    async with app.run_test(size=size) as pilot:
        screen = await open_form(app, pilot)
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada Lovelace")
        await type_into(pilot, screen.query_one("#role", Input), "Analyst")
        await type_into(pilot, screen.query_one("#budget", Input), "45")
        plan = await pick_competency(pilot, screen, "listening")
        questions = plan.query_one(QuestionList)
        questions.focus()
        # The target level's first question is highlighted; tick the L2 one
        # above it and move it below that first question.
        await pilot.press("up", "space", "right_square_bracket")
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert isinstance(app.screen, HomeScreen)
    [session_id] = opened
    session = context.store.load(session_id)
    assert session.candidate == "Ada Lovelace"
    assert session.role == "Analyst"
    assert session.interviewer == "interviewer"
    assert session.time_budget_minutes == 45
    [planned] = session.competencies
    assert planned.competency_id == "listening"
    assert planned.target_level == 3
    assert planned.question_ids == ["q3.1", "q2.2", "q3.2"]


async def test_interviewer_defaults_to_the_last_sessions_interviewer(context, opened):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        interviewer = screen.query_one("#interviewer", Input)
        interviewer.value = ""
        await type_into(pilot, interviewer, "Grace")
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        await pick_competency(pilot, screen, "listening")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = await open_form(app, pilot)
        assert screen.query_one("#interviewer", Input).value == "Grace"


async def test_target_level_offers_only_the_competencys_levels(context):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        plan = await pick_competency(pilot, screen, "teamwork")
        select = plan.query_one(Select)
        levels = [str(option.prompt) for option in select.query_one(OptionList).options]
        assert [label.split(" ·")[0] for label in levels] == ["Level 2", "Level 4"]
        # The highest level up to Intermediate that has questions.
        assert select.value == 2
        assert plan.query_one(QuestionList).ticked_in_order == ["q2.1"]


async def test_changing_the_level_resets_the_questions(context):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        plan, questions = await listening_questions(app, pilot)
        await pilot.press("home", "space")
        assert questions.ticked_in_order == ["q1.1", "q3.1", "q3.2"]

        plan.query_one(Select).focus()
        await pilot.press("enter", "up", "enter")  # open the menu, level 2, choose
        await pilot.pause()

        assert plan.target_level == 2
        assert questions.ticked_in_order == ["q2.1", "q2.2"]


async def test_brackets_move_the_highlighted_question(context):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        _, questions = await listening_questions(app, pilot)
        await pilot.press("down", "left_square_bracket")
        assert questions.ticked_in_order == ["q3.2", "q3.1"]
        assert questions.highlighted == 3
        await pilot.press("home", "left_square_bracket")  # already first: stays
        assert questions.order[0] == "q1.1"


async def test_mistakes_are_shown_next_to_their_fields(context, opened):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await type_into(pilot, screen.query_one("#budget", Input), "abc")
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert isinstance(app.screen, NewInterviewScreen)
        assert "candidate's name is required" in error_text(screen, "#error-candidate")
        assert "at least one competency" in error_text(screen, "#error-competencies")
        assert "whole minutes" in error_text(screen, "#error-budget")

        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        await pick_competency(pilot, screen, "listening")
        budget = screen.query_one("#budget", Input)
        budget.value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(screen, "#error-candidate") == ""
        assert error_text(screen, "#error-competencies") == ""
        assert "from 1 to 1440" in error_text(screen, "#error-budget")
    assert opened == []
    assert context.store.list_summaries() == []


async def test_a_competency_without_ticked_questions_is_refused(context, opened):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        plan = await pick_competency(pilot, screen, "listening")
        plan.query_one(QuestionList).deselect_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "add questions from another level" in error_text(plan, ".questions-error")
    assert opened == []


async def test_a_storage_failure_is_shown_and_the_form_kept(context, opened, monkeypatch):
    def refuse(session):
        raise SaveFailed(context.data_dir / "x.json", OSError(28, "No space left on device"))

    monkeypatch.setattr(context.store, "create", refuse)
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        await pick_competency(pilot, screen, "listening")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "the disk is full" in error_text(screen, "#error-form")
        assert screen.query_one("#candidate", Input).value == "Ada"
    assert opened == []


async def test_escape_leaves_an_empty_form_at_once(context):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_escape_asks_before_discarding_what_was_typed(context):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_broken_content_files_are_mentioned(context, content_dir):
    (content_dir / "broken.yaml").write_text("id: broken\nlevels: [\n")
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        warning = screen.query_one("#content-problems", Static)
        assert warning.display
        assert "broken.yaml" in str(warning.render())
        # The good files still load.
        assert len(screen.query_one("#competencies", SelectionList).options) == 2


async def test_shipped_content_plans_at_intermediate(app_context, opened):
    context = app_context
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        assert not screen.query_one("#content-problems", Static).display
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        await pick_competency(pilot, screen, SHIPPED)
        await pilot.press("ctrl+s")
        await pilot.pause()
    [session_id] = opened
    [planned] = context.store.load(session_id).competencies
    assert planned.target_level == 3
    competency = context.library.competencies[SHIPPED]
    assert planned.question_ids == [q.id for q in competency.level(3).questions]


async def test_the_interview_replaces_the_form(context):
    from tui_interview.screens.interview import InterviewScreen

    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        await pick_competency(pilot, screen, "listening")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert [type(s) for s in app.screen_stack[:-1]] == [HomeScreen]


async def test_quitting_with_a_half_filled_form_asks_first(app_context):
    from tui_interview.app import InterviewApp
    from tui_interview.screens.confirm import ConfirmScreen

    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("A", "d", "a")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one("#candidate").value == "Ada"


def share_fields(screen: NewInterviewScreen) -> dict[str, Input]:
    return {field.name: field for field in screen.query(".share").results(Input)}


async def test_an_error_clears_as_soon_as_it_is_fixed(context, opened):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "name is required" in error_text(screen, "#error-candidate")
        assert "at least one competency" in error_text(screen, "#error-competencies")
        await type_into(pilot, screen.query_one("#candidate", Input), "A")
        await pilot.pause()
        assert error_text(screen, "#error-candidate") == ""
        # The other one stays until it is fixed too.
        assert "at least one competency" in error_text(screen, "#error-competencies")
        await pick_competency(pilot, screen, "listening")
        await pilot.pause()
        assert error_text(screen, "#error-competencies") == ""
        # Emptying the name again does not bring an error back before ctrl+s.
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(opened) == 1


async def test_the_competency_list_filters_by_name_id_or_description(context, opened):
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        competencies = screen.query_one("#competencies", SelectionList)
        count = screen.query_one("#competency-count", Static)
        assert competencies.option_count == 2 and "all 2" in str(count.render())
        # Tick Teamwork, then filter it out of view: it stays picked.
        await pick_competency(pilot, screen, "teamwork")
        # Typing on the list goes on in the filter.
        await pilot.press(*"LISTEN")
        await pilot.pause()
        assert screen.query_one("#competency-filter", Input).value == "LISTEN"
        assert [o.value for o in competencies.options] == ["listening"]
        assert "1 of 2 match" in str(count.render())
        await pilot.press("enter", "space")
        await pilot.pause()
        assert {plan.competency.id for plan in screen.plans()} == {"teamwork", "listening"}
        await type_into(pilot, screen.query_one("#competency-filter", Input), "zzz")
        await pilot.pause()
        assert competencies.option_count == 0 and "0 of 2 match" in str(count.render())
        filt = screen.query_one("#competency-filter", Input)
        filt.value = ""
        await pilot.pause()
        assert set(competencies.selected) == {"teamwork", "listening"}


async def test_the_budget_is_split_equally_and_typed_minutes_re_split_the_rest(context, opened):
    from tui_interview.domain.session import QuestionRef, Section

    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await type_into(pilot, screen.query_one("#candidate", Input), "Ada")
        await pick_competency(pilot, screen, "listening")
        assert not screen.query_one("#time-plan").display
        await type_into(pilot, screen.query_one("#budget", Input), "70")
        await pilot.pause()
        fields = share_fields(screen)
        # Opening, 2 questions at level 3, general, candidate's questions, closing.
        assert list(fields) == [
            "section:opening",
            "question:listening/q3.1",
            "question:listening/q3.2",
            "section:general",
            "section:candidate-questions",
            "section:closing",
        ]
        assert [f.value for f in fields.values()] == ["11.7"] * 4 + ["11.7", "11.7"]
        await type_into(pilot, fields["section:opening"], "5")
        await pilot.pause()
        assert [f.value for f in fields.values()] == ["5", "13", "13", "13", "13", "13"]
        # Shares that cannot add up: the plan's own message, under the budget.
        fields["section:closing"].value = ""
        await type_into(pilot, fields["section:closing"], "90")
        await pilot.pause()
        assert "more than the budget of 70 min" in error_text(screen, "#error-budget")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert opened == []
        await pilot.press("backspace")
        await pilot.pause()
        assert error_text(screen, "#error-budget") == ""
        assert fields["section:general"].value == "14"  # (70 - 5 - 9) / 4
        await pilot.press("ctrl+s")
        await pilot.pause()
    [session_id] = opened
    shares = context.store.load(session_id).stop_budgets
    assert shares[Section.OPENING] == 300 and shares[Section.CLOSING] == 540
    assert shares[QuestionRef("listening", "q3.1")] == 14 * 60
    assert sum(shares.values()) == 70 * 60


async def test_several_lines_pasted_into_the_names_are_all_kept(context, opened):
    """Textual's Input keeps only the first line of a paste: "Ada" was kept
    of a candidate's name pasted as "Ada" and "Lovelace" on two lines."""
    from textual import events

    app = InterviewApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_form(app, pilot)
        for field, pasted in (("#candidate", "Ada\nLovelace\n"), ("#role", "Service\r\nowner")):
            screen.query_one(field, Input).focus()
            await pilot.pause()
            app.post_message(events.Paste(pasted))
            await pilot.pause()
        assert screen.query_one("#candidate", Input).value == "Ada Lovelace"
        assert screen.query_one("#role", Input).value == "Service owner"
