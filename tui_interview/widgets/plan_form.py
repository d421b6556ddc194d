"""The new-interview form's widgets: the tick lists (✓ on ticked rows), one
competency's plan (its level and questions) and one stop's time share."""

from __future__ import annotations

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, Label, Select, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from tui_interview.domain.competency import Competency
from tui_interview.domain.display import visible_text
from tui_interview.domain.planning import CompetencyChoice, default_target_level
from tui_interview.domain.session import Stop, stop_key


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


class CompetencyList(TickList):
    """The competencies to pick from: space ticks, and any other printable
    key goes on in the filter below the list (type to filter)."""


class QuestionList(TickList):
    """The questions of one competency, in the order they will be asked.

    Space ticks a question; ``[`` and ``]`` move the highlighted one."""

    BINDINGS = [
        Binding("left_square_bracket", "move(-1)", "Move up", id="new.question_up"),
        Binding("right_square_bracket", "move(1)", "Move down", id="new.question_down"),
    ]

    class Reordered(Message):
        """The questions' order changed (the time plan follows it)."""

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
        self.post_message(self.Reordered())


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
        self.post_message(QuestionList.Reordered())

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


class ShareRow(Horizontal):
    """One part of the time plan: a section or a question, and its minutes."""

    def __init__(self, stop: Stop, label: str):
        super().__init__(classes="share-row")
        self.stop = stop
        self.label = label

    def compose(self) -> ComposeResult:
        yield Label(Content(self.label), classes="share-label")
        yield Input(compact=True, classes="share", name=stop_key(self.stop))
