"""New interview: who, which competencies at which level, and which questions.

The screen only gathers the form; ``plan_and_store`` checks it, builds the
session and stores it, and its ``PlanError`` messages are shown under the fields they name.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Button, Footer, Input, Label, Select, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from tui_interview.domain.competency import Competency
from tui_interview.domain.display import visible_text
from tui_interview.domain.interview import CompetencyChoice, PlanError, plan_and_store
from tui_interview.screens.base import app_context, tui_app

#: Intermediate: the level most interviews are planned at.
USUAL_TARGET_LEVEL = 3

BUDGET_FORMAT_ERROR = "Give the time budget as whole minutes, e.g. 45, or leave it empty."


def default_target_level(competency: Competency) -> int:
    """The highest level up to Intermediate (3) that has questions; failing
    that the lowest level with questions; failing that the lowest level."""
    with_questions = [level.number for level in competency.levels if level.questions]
    candidates = with_questions or list(competency.level_numbers)
    up_to_usual = [n for n in candidates if n <= USUAL_TARGET_LEVEL]
    return max(up_to_usual) if up_to_usual else min(candidates)


def parse_budget(text: str) -> int | None:
    """Minutes typed in the budget field; ``None`` when empty.

    Raises ValueError for anything but a whole number (the range is checked by
    ``plan_session``)."""
    text = text.strip()
    return int(text) if text else None


def level_option(competency: Competency, number: int) -> tuple[Content, int]:
    level = competency.level(number)
    count = len(level.questions)
    noun = "question" if count == 1 else "questions"
    return Content(f"{visible_text(level.label)} · {count} {noun}"), number


def show_error(widget: Static, message: str) -> None:
    """Fill an error line under a field, or hide it when there is no message."""
    widget.update(Content(f"✗ {visible_text(message, multiline=True)}") if message else "")
    widget.display = bool(message)


class TickList(SelectionList[str]):
    """A SelectionList whose ticked rows show ✓, so the state does not rest on
    colour alone (the stock widget draws the same X in both states)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 2:
            return strip
        glyph = "✓" if option.value in self.selected else " "
        segments[1] = Segment(glyph, segments[1].style)
        return Strip(segments, strip.cell_length)


class QuestionList(TickList):
    """The questions of one competency, in the order they will be asked.

    Space ticks a question; ``[`` and ``]`` move the highlighted one."""

    BINDINGS = [
        Binding("left_square_bracket", "move(-1)", "Move up", id="new.question_up"),
        Binding("right_square_bracket", "move(1)", "Move down", id="new.question_down"),
    ]

    def __init__(self, competency: Competency, *, classes: str | None = None):
        super().__init__(classes=classes)
        self.competency = competency

    def show_questions(self, order: list[str], ticked: set[str], highlight: str | None) -> None:
        self.clear_options()
        self.add_options(
            Selection(
                Content(f"L{question.level} · {visible_text(question.text)}"),
                question.id,
                question.id in ticked,
            )
            for question in map(self.competency.question, order)
        )
        if highlight is not None:
            self.highlighted = order.index(highlight)

    @property
    def order(self) -> list[str]:
        return [option.value for option in self.options if isinstance(option, Selection)]

    @property
    def ticked_in_order(self) -> list[str]:
        ticked = set(self.selected)
        return [qid for qid in self.order if qid in ticked]

    def action_move(self, step: int) -> None:
        if self.highlighted is None:
            return
        order = self.order
        index = self.highlighted
        target = index + step
        if not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        self.show_questions(order, set(self.selected), order[target])


class CompetencyPlan(Vertical):
    """Target level and questions for one picked competency."""

    def __init__(self, competency: Competency):
        super().__init__(classes="competency-plan")
        self.competency = competency
        self.target_level = default_target_level(competency)

    def compose(self) -> ComposeResult:
        competency = self.competency
        yield Static(Content(visible_text(competency.name)), classes="plan-title")
        yield Static("", classes="field-error plan-error")
        with Horizontal(classes="field"):
            yield Label("Target level", classes="field-label")
            yield Select(
                [level_option(competency, n) for n in competency.level_numbers],
                value=self.target_level,
                allow_blank=False,
                compact=True,
                classes="level",
            )
        yield Static("", classes="field-error level-error")
        yield Label(
            Content("Questions, asked top to bottom (space ticks, [ and ] move):"),
            classes="questions-label",
        )
        yield QuestionList(competency, classes="questions")
        yield Static("", classes="question-text")
        yield Static("", classes="field-error questions-error")

    def on_mount(self) -> None:
        self.reset_questions()

    def reset_questions(self) -> None:
        """All the competency's questions by level; the target level's ticked."""
        order = [question.id for question in self.competency.questions]
        ticked = [q.id for q in self.competency.level(self.target_level).questions]
        self.query_one(QuestionList).show_questions(
            order, set(ticked), ticked[0] if ticked else None
        )

    @on(SelectionList.SelectionHighlighted, ".questions")
    def show_full_question(self, event: SelectionList.SelectionHighlighted) -> None:
        """The list cuts long questions short; the highlighted one is shown whole."""
        question = self.competency.question(event.selection.value)
        self.query_one(".question-text", Static).update(
            Content(visible_text(question.text, multiline=True))
        )

    @on(Select.Changed, ".level")
    def change_level(self, event: Select.Changed) -> None:
        event.stop()
        # The levels are numbers, and one is always chosen (no blank).
        if event.value == self.target_level or not isinstance(event.value, int):
            return
        self.target_level = event.value
        self.reset_questions()

    def choice(self) -> CompetencyChoice:
        return CompetencyChoice(
            self.competency,
            self.target_level,
            self.query_one(QuestionList).ticked_in_order,
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        cid = self.competency.id
        show_error(self.query_one(".plan-error", Static), errors.get(f"competency:{cid}", ""))
        show_error(self.query_one(".level-error", Static), errors.get(f"level:{cid}", ""))
        show_error(self.query_one(".questions-error", Static), errors.get(f"questions:{cid}", ""))


class NewInterviewScreen(Screen[None]):
    # Loaded with the screen, so the home screen's first paint does not parse it.
    CSS_PATH = "forms.tcss"
    HELP_TITLE = "New interview"
    HELP_EXTRA = [
        ("space", "tick or untick a competency or question"),
        ("[ / ]", "move the highlighted question up / down"),
    ]
    BINDINGS = [
        Binding("ctrl+s", "start", "Start interview", id="new.start"),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    #: Form fields whose errors are shown under them, by PlanError key.
    FIELD_ERRORS = ("candidate", "budget", "competencies")

    def compose(self) -> ComposeResult:
        library = app_context(self).library
        yield Static("New interview", classes="screen-title")
        with VerticalScroll(id="new-form", classes="form"):
            yield Static("", id="content-problems", classes="warning")
            yield from self._field("Candidate *", Input(id="candidate", compact=True))
            yield Static("", id="error-candidate", classes="field-error")
            yield from self._field("Role", Input(id="role", compact=True))
            yield from self._field(
                "Interviewer",
                Input(app_context(self).default_interviewer(), id="interviewer", compact=True),
            )
            yield from self._field(
                "Budget (minutes)",
                Input(id="budget", compact=True, placeholder="optional, e.g. 45"),
            )
            yield Static("", id="error-budget", classes="field-error")
            yield Label("Competencies * (space ticks)", classes="section-label")
            yield TickList(
                *(
                    Selection(Content(visible_text(f"{c.name} ({c.id})")), c.id)
                    for c in library
                    if c.levels
                ),
                id="competencies",
            )
            yield Static("", id="error-competencies", classes="field-error")
            yield Vertical(id="plans")
            yield Static("", id="error-form", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Start interview (ctrl+s)", variant="primary", id="start")
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    @staticmethod
    def _field(label: str, widget: Input) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label(label, classes="field-label")
            yield widget

    def on_mount(self) -> None:
        problems = app_context(self).library.problems
        warning = self.query_one("#content-problems", Static)
        if problems:
            files = sorted({problem.path for problem in problems})
            warning.update(
                Content(
                    f"⚠ Some competency files could not be loaded ({len(problems)} problems in "
                    f"{visible_text(', '.join(files))}); run `tui-interview validate` for details."
                )
            )
        warning.display = bool(problems)
        if not len(app_context(self).library):
            show_error(
                self.query_one("#error-competencies", Static),
                "No competencies are loaded; add a profile with `tui-interview import`.",
            )
        self.query_one("#candidate", Input).focus()

    @on(SelectionList.SelectedChanged, "#competencies")
    async def update_plans(self, event: SelectionList.SelectedChanged) -> None:
        picked = set(event.selection_list.selected)
        plans = self.query_one("#plans", Vertical)
        for plan in list(plans.query_children(CompetencyPlan)):
            if plan.competency.id not in picked:
                await plan.remove()
        present = {plan.competency.id for plan in plans.query_children(CompetencyPlan)}
        library = app_context(self).library
        for index, competency in enumerate(c for c in library if c.id in picked):
            if competency.id not in present:
                before = index if index < len(plans.children) else None
                await plans.mount(CompetencyPlan(competency), before=before)

    @on(Input.Submitted)
    def submit_from_field(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#start")
    def press_start(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#cancel")
    def press_cancel(self) -> None:
        self.action_cancel()

    def plans(self) -> list[CompetencyPlan]:
        return list(self.query_one("#plans").query_children(CompetencyPlan))

    def action_start(self) -> None:
        from tui_interview.storage import StorageError

        context = app_context(self)
        errors: dict[str, str] = {}
        try:
            budget = parse_budget(self.query_one("#budget", Input).value)
        except ValueError:
            budget = None
            errors["budget"] = BUDGET_FORMAT_ERROR
        try:
            session = plan_and_store(
                context.store,
                candidate=self.query_one("#candidate", Input).value,
                role=self.query_one("#role", Input).value,
                interviewer=self.query_one("#interviewer", Input).value,
                choices=[plan.choice() for plan in self.plans()],
                now=context.now(),
                time_budget_minutes=budget,
                form_errors=errors,
            )
        except PlanError as error:
            errors = error.errors
        except StorageError as error:
            errors["form"] = f"The interview was not saved: {error}"
        self.show_errors(errors)
        if errors:
            return
        self.app.pop_screen()
        tui_app(self).open_interview(session.id)

    def show_errors(self, errors: dict[str, str]) -> None:
        for field in self.FIELD_ERRORS:
            show_error(self.query_one(f"#error-{field}", Static), errors.get(field, ""))
        for plan in self.plans():
            plan.show_errors(errors)
        shown = set(self.FIELD_ERRORS) | {
            f"{kind}:{plan.competency.id}"
            for plan in self.plans()
            for kind in ("competency", "level", "questions")
        }
        others = [message for key, message in errors.items() if key not in shown]
        show_error(self.query_one("#error-form", Static), "\n".join(others))
        if errors:
            first = next(widget for widget in self.query(".field-error") if widget.display)
            self.query_one("#new-form", VerticalScroll).scroll_to_widget(first)
            self.notify("Some fields need attention.", severity="warning")

    def has_typed(self) -> bool:
        typed = any(
            self.query_one(f"#{name}", Input).value.strip()
            for name in ("candidate", "role", "budget")
        )
        return typed or bool(self.query_one("#competencies", SelectionList).selected)

    def unsaved_work(self) -> str | None:
        """What quitting now would lose (asked by the app before it quits)."""
        return (
            "The new interview has not been started; quit and lose the form?"
            if (self.has_typed())
            else None
        )

    def action_cancel(self) -> None:
        from tui_interview.screens.confirm import ConfirmScreen

        if not self.has_typed():
            self.app.pop_screen()
            return

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen("Discard this new interview?", confirm_label="Discard"), leave
        )
