"""New interview: who, which competencies at which level, and which questions.

The screen only gathers the form; ``plan_and_store`` checks it, builds the
session and stores it, and its ``PlanError`` messages are shown under the fields they name.
With a plan file (``tui-interview plan``) the file gives the competencies,
questions and budget instead (``plan_file.store_from_plan``).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from tui_interview.domain.competency import Competency
from tui_interview.domain.display import visible_text
from tui_interview.domain.plan_file import PlanFileError, session_from_plan, store_from_plan
from tui_interview.domain.planning import (
    NewInterviewForm,
    PlanError,
    SessionCreator,
    TimePlan,
    competency_haystack,
    parse_budget,
    plan_and_store,
    plan_of,
    plan_session,
    plan_stops,
)
from tui_interview.domain.search import matches, search_words
from tui_interview.domain.session import QuestionRef, Section, Session, Stop, stop_key
from tui_interview.screens.base import app_context, ask_app
from tui_interview.screens.messages import OpenInterview
from tui_interview.widgets.keys import default, key_name
from tui_interview.widgets.one_line_input import OneLineInput
from tui_interview.widgets.plan_form import (
    CompetencyList,
    CompetencyPlan,
    QuestionList,
    ShareRow,
    show_error,
)

PLAN_AND_SESSION_ERROR = "Start from a plan file or from a stored interview, not both."
PLAN_AND_FORM_ERROR = (
    "A plan file gives the competencies and the budget: untick the competencies and "
    "clear the budget, or clear the plan file."
)


class NewInterviewScreen(Screen[None]):
    # Loaded with the screen, so the home screen's first paint does not parse it.
    CSS_PATH = "forms.tcss"
    HELP_TITLE = "New interview"
    HELP_EXTRA = [
        ("type", "in the competency list: filter it by name, id or description"),
        ("Enter", "in the competency filter: back to the list"),
        ("space", "tick or untick a competency or question"),
        ("[ / ]", "move the highlighted question up / down"),
        ("minutes", "in the time plan: fix a part's time; the others share the rest"),
    ]
    BINDINGS = [
        Binding(default("start_interview"), "start", "Start interview", id="new.start"),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    #: Form fields whose errors are shown under them, by PlanError key.
    FIELD_ERRORS = ("candidate", "budget", "competencies", "plan")

    def __init__(self) -> None:
        super().__init__()
        #: The competencies picked, also those the filter hides.
        self._picked: set[str] = set()
        #: The time plan: the shares typed, and the screen's own writes.
        self._time_plan = TimePlan()
        #: The errors on screen (PlanError keys), cleared as they are fixed.
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        library = app_context(self).library
        self._listed = [c for c in library if c.levels]
        self._haystacks = {c.id: competency_haystack(c) for c in self._listed}
        yield Static("New interview", classes="screen-title")
        with VerticalScroll(id="new-form", classes="form"):
            yield Static("", id="content-problems", classes="warning")
            yield from self._field("Candidate *", OneLineInput(id="candidate", compact=True))
            yield Static("", id="error-candidate", classes="field-error")
            yield from self._field("Role", OneLineInput(id="role", compact=True))
            yield from self._field(
                "Interviewer",
                OneLineInput(
                    app_context(self).default_interviewer(), id="interviewer", compact=True
                ),
            )
            yield from self._field(
                "Budget (minutes)",
                Input(
                    str(app_context(self).settings.budget_minutes or ""),
                    id="budget",
                    compact=True,
                    placeholder="optional, e.g. 45",
                ),
            )
            yield Static("", id="error-budget", classes="field-error")
            with Vertical(id="time-plan"):
                yield Label(
                    "Time plan, minutes (type one to fix it; the rest share what is left):",
                    classes="section-label",
                )
                yield Vertical(id="shares")
            yield Label("Competencies * (type to filter, space ticks)", classes="section-label")
            yield CompetencyList(*self._options(self._listed), id="competencies")
            with Horizontal(classes="field filter-field"):
                yield Label("Filter", classes="filter-label")
                yield Input(
                    id="competency-filter",
                    compact=True,
                    select_on_focus=False,
                    placeholder="name, id or description",
                )
                yield Static(self._count_text(len(self._listed)), id="competency-count")
            yield Static("", id="error-competencies", classes="field-error")
            yield Vertical(id="plans")
            yield from self._field(
                "Or a plan file",
                Input(
                    id="plan-file",
                    compact=True,
                    placeholder="a plan.json (tui-interview plan): its questions and budget",
                ),
            )
            yield from self._field(
                "Or as interview",
                Input(
                    id="from-session",
                    compact=True,
                    placeholder="a stored interview's id (or its start): its plan",
                ),
            )
            yield Static("", id="error-plan", classes="field-error")
            yield Static("", id="error-form", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button(
                    f"Start interview ({key_name(self, 'start_interview')})",
                    variant="primary",
                    id="start",
                )
                yield Button("Cancel (esc)", id="cancel")
        yield Footer()

    def _options(self, competencies: list[Competency]) -> list[Selection[str]]:
        return [
            Selection(Content(visible_text(f"{c.name} ({c.id})")), c.id, c.id in self._picked)
            for c in competencies
        ]

    def _count_text(self, shown: int) -> str:
        total = len(self._listed)
        return f"all {total}" if shown == total else f"{shown} of {total} match"

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
        self.query_one("#time-plan").display = False
        self.query_one("#candidate", Input).focus()

    # -- the competency list and its filter -------------------------------------

    @on(Input.Changed, "#competency-filter")
    def filter_competencies(self, event: Input.Changed) -> None:
        event.stop()
        words = search_words(event.value)
        shown = [c for c in self._listed if matches(self._haystacks[c.id], words)]
        competencies = self.query_one("#competencies", CompetencyList)
        competencies.clear_options()
        competencies.add_options(self._options(shown))
        self.query_one("#competency-count", Static).update(self._count_text(len(shown)))

    def typing_field(self) -> Widget | None:
        """Typing or pasting on the competency list goes on in the filter
        below it (widgets/key_order.py)."""
        if isinstance(self.focused, CompetencyList):
            return self.query_one("#competency-filter", Input)
        return None

    @on(Input.Submitted, "#competency-filter")
    def to_the_list(self, event: Input.Submitted) -> None:
        """Enter in the filter goes to the list, to tick with space."""
        event.stop()
        competencies = self.query_one("#competencies", CompetencyList)
        if competencies.option_count and competencies.highlighted is None:
            competencies.highlighted = 0
        competencies.focus()

    @on(SelectionList.SelectedChanged, "#competencies")
    async def update_plans(self, event: SelectionList.SelectedChanged) -> None:
        # The picks the filter hides stay picked.
        shown = {
            option.value for option in event.selection_list.options if isinstance(option, Selection)
        }
        self._picked = (self._picked - shown) | set(event.selection_list.selected)
        picked = self._picked
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
        await self.refresh_time_plan()
        self.recheck()

    # -- the time plan ------------------------------------------------------------

    def _budget(self) -> int | None:
        try:
            return parse_budget(self.query_one("#budget", Input).value)
        except ValueError:
            return None

    def _stop_label(self, number: int, stop: Stop) -> str:
        if isinstance(stop, Section):
            return visible_text(stop.label)
        assert isinstance(stop, QuestionRef)
        competency = app_context(self).library.competencies[stop.competency_id]
        text = competency.question(stop.question_id).text
        return visible_text(f"Q{number} {text}")

    async def refresh_time_plan(self) -> None:
        """The budget split across the interview's parts: equally, around the
        minutes typed for some (``pacing.split_budget``, as the plan does).
        The rows are mounted and filled before the next key is handled (the
        handlers await this: widgets/key_order.py)."""
        budget = self._budget()
        time_plan = self.query_one("#time-plan", Vertical)
        stops = plan_stops([plan.choice() for plan in self.plans()])
        time_plan.display = budget is not None and bool(self.plans())
        if not time_plan.display:
            return
        rows = self.query_one("#shares", Vertical)
        if [row.stop for row in rows.query_children(ShareRow)] != stops:
            await rows.remove_children()
            questions = 0
            new_rows = []
            for stop in stops:
                questions += isinstance(stop, QuestionRef)
                new_rows.append(ShareRow(stop, self._stop_label(questions, stop)))
            self._time_plan.forget_writes()
            await rows.mount_all(new_rows)
        self._fill_shares()

    def _fill_shares(self) -> None:
        """Each part's minutes; those typed stay as typed."""
        budget = self._budget()
        stops = plan_stops([plan.choice() for plan in self.plans()])
        if budget is None:
            return
        shown = self._time_plan.shown(stops, budget)
        for row in self.query_one("#shares").query_children(ShareRow):
            field = next(iter(row.query(Input)), None)
            if field is None or row.stop not in stops:
                continue  # a row on its way out or not yet in
            if row.stop not in shown or (field.has_focus and field.value.strip()):
                continue
            text = shown[row.stop]
            if field.value != text:
                self._time_plan.wrote(stop_key(row.stop), text)
                field.value = text

    @on(Input.Changed, ".share")
    async def change_share(self, event: Input.Changed) -> None:
        event.stop()
        key = event.input.name or ""
        stop = next(row.stop for row in self.query(ShareRow) if stop_key(row.stop) == key)
        if not self._time_plan.typed(key, stop, event.value):
            return
        await self.refresh_time_plan()
        self.recheck(live=("budget",))

    @on(Input.Changed, "#budget")
    async def change_budget(self, event: Input.Changed) -> None:
        event.stop()
        await self.refresh_time_plan()
        self.recheck(live=("budget",) if self._time_plan.fixed else ())

    @on(SelectionList.SelectedChanged, ".questions")
    @on(QuestionList.Reordered)
    async def questions_changed(self) -> None:
        await self.refresh_time_plan()
        self.recheck()

    # -- errors that clear once fixed ----------------------------------------------

    @on(Input.Changed, "#candidate")
    def candidate_changed(self) -> None:
        self.recheck()

    def _budget_and_errors(self) -> tuple[int | None, dict[str, str]]:
        """The budget typed (None if none or unreadable) and what is wrong with
        it or with the time plan's shares."""
        return self._time_plan.budget_and_errors(self.query_one("#budget", Input).value)

    def check(self) -> dict[str, str]:
        """The form's mistakes as starting it now would find them (nothing stored)."""
        if self._plan_path() or self._from_session():
            return self._from_plan(store=None)[1]
        budget, errors = self._budget_and_errors()
        try:
            plan_session(
                session_id="check",
                now=app_context(self).now(),
                **self._form(budget),
            )
        except PlanError as error:
            errors = {**error.errors, **errors}
        return errors

    def recheck(self, live: tuple[str, ...] = ()) -> None:
        """Clear the errors on screen that are now fixed; those in ``live``
        (the budget, while shares are typed) show as soon as they arise."""
        if not self._shown and not live:
            return
        errors = self.check()
        still = {k: v for k, v in errors.items() if k in self._shown or k in live}
        if still != self._shown:
            self.show_errors(still, quietly=True)

    def _form(self, budget: int | None) -> NewInterviewForm:
        fixed = self._time_plan.fixed_among(plan_stops([plan.choice() for plan in self.plans()]))
        return NewInterviewForm(
            candidate=self.query_one("#candidate", Input).value,
            role=self.query_one("#role", Input).value,
            interviewer=self.query_one("#interviewer", Input).value,
            choices=[plan.choice() for plan in self.plans()],
            time_budget_minutes=budget,
            stop_budgets=fixed if budget is not None else None,
        )

    @on(Input.Submitted)
    def submit_from_field(self, event: Input.Submitted) -> None:
        if event.input.id != "competency-filter":
            self.action_start()

    @on(Button.Pressed, "#start")
    def press_start(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#cancel")
    def press_cancel(self) -> None:
        self.action_cancel()

    def plans(self) -> list[CompetencyPlan]:
        return list(self.query_one("#plans").query_children(CompetencyPlan))

    def _plan_path(self) -> str:
        return self.query_one("#plan-file", Input).value.strip()

    def _from_session(self) -> str:
        return self.query_one("#from-session", Input).value.strip()

    def _plan_of_session(self, prefix: str) -> dict[str, Any]:
        """The plan of the stored interview whose id starts with ``prefix``
        (the same competencies, levels, questions, order, budget split and
        plan id). Raises PlanFileError with the store's words."""
        from tui_interview.storage import StorageError

        store = app_context(self).store
        try:
            return plan_of(store.load(store.resolve(prefix)))
        except (StorageError, OSError) as error:
            raise PlanFileError(f"interview {prefix}: {error}") from None

    def _from_plan(self, *, store: SessionCreator | None) -> tuple[Session | None, dict[str, str]]:
        """The interview the plan file plans for the candidate typed: stored in
        ``store`` when there are no mistakes, only checked without one."""
        from tui_interview.export.plan_files import read_plan_file

        errors: dict[str, str] = {}
        if (
            self.query_one("#competencies", SelectionList).selected
            or self.query_one("#budget", Input).value.strip()
        ):
            errors["plan"] = PLAN_AND_FORM_ERROR
        path = self._plan_path()
        prefix = self._from_session()
        if path and prefix:
            return None, {"plan": PLAN_AND_SESSION_ERROR}
        try:
            plan = self._plan_of_session(prefix) if prefix else read_plan_file(path)[1]
        except PlanFileError as error:
            return None, {"plan": str(error)}
        path = path or f"interview {prefix}"
        fields = {
            "candidate": self.query_one("#candidate", Input).value,
            "role": self.query_one("#role", Input).value,
            "interviewer": self.query_one("#interviewer", Input).value,
        }
        now = app_context(self).now()
        try:
            if store is None or errors:
                session_from_plan(plan, now=now, session_id="check", **fields)
                return None, errors
            return store_from_plan(store, plan, now=now, **fields), errors
        except PlanFileError as error:
            return None, {"plan": f"{path}: {error}"}
        except PlanError as error:
            return None, {**error.errors, **errors}

    def action_start(self) -> None:
        from tui_interview.storage import StorageError

        context = app_context(self)
        budget, errors = self._budget_and_errors()
        session: Session | None = None
        try:
            if self._plan_path() or self._from_session():
                session, errors = self._from_plan(store=context.store)
            else:
                session = plan_and_store(
                    context.store, now=context.now(), form_errors=errors, **self._form(budget)
                )
        except PlanError as error:
            errors = error.errors
        except StorageError as error:
            errors["form"] = f"The interview was not saved: {error}"
        self.show_errors(errors)
        if errors or session is None:
            return
        self.app.pop_screen()
        ask_app(self, OpenInterview(session.id))

    def show_errors(self, errors: dict[str, str], *, quietly: bool = False) -> None:
        """Each error under its field, the others at the end; ``quietly``:
        without moving to the first or saying so (while the form is edited)."""
        self._shown = dict(errors)
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
        if errors and not quietly:
            first = next(widget for widget in self.query(".field-error") if widget.display)
            self.query_one("#new-form", VerticalScroll).scroll_to_widget(first)
            self.notify("Some fields need attention.", severity="warning")

    def has_typed(self) -> bool:
        typed = any(
            self.query_one(f"#{name}", Input).value.strip()
            for name in ("candidate", "role", "budget", "plan-file", "from-session")
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
