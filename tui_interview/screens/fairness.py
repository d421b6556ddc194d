"""The Calibration and Question-effectiveness views: the reports of the
``calibration`` and ``questions`` commands, in the app.

Where the data comes from: the folder (or files) of JSON transcripts asked
for as the Panel asks (it starts with the last panel folder), with the data
folder's own consensus records, exactly as the commands read them
(``export.fairness_source.read_panels`` with the consensus store's lookup).
The figures are the core's (``domain.calibration``, ``domain.question_stats``);
this module only lays them out. Every stored text is shown through
``visible_text``. The files are read in a thread: the screen says "Reading…"
until they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static
from textual.worker import Worker, WorkerState

from tui_interview.domain.calibration import Calibration, InterviewerCalibration, calibrate
from tui_interview.domain.display import visible_text
from tui_interview.domain.question_stats import (
    MIN_BEHAVIOURS,
    WIDE_SPREAD,
    QuestionFigures,
    question_figures,
)
from tui_interview.export.fairness_reports import against_text, percent, signed
from tui_interview.export.fairness_source import Panels, read_panels
from tui_interview.screens.base import app_context, ask_app
from tui_interview.screens.messages import OpenCalibration, OpenQuestions

CALIBRATION = "calibration"
QUESTIONS = "questions"


def open_fairness_view(origin: Screen[None], view: str) -> None:
    """Ask for the transcripts (the last panel folder filled in), then open
    ``view`` (CALIBRATION or QUESTIONS) on them."""
    from tui_interview.screens.panel import PanelPathScreen

    state = app_context(origin).state

    def opened(paths: list[str] | None) -> None:
        if not paths:
            return
        try:
            state.remember_panel_dir(Path(paths[0]).absolute())
        except OSError:
            pass  # only a convenience
        ask_app(origin, OpenCalibration(paths) if view == CALIBRATION else OpenQuestions(paths))

    origin.app.push_screen(PanelPathScreen(state.last_panel_dir), opened)


@dataclass(frozen=True)
class Read:
    panels: Panels
    error: str | None = None


def _one_line(text: str) -> str:
    return visible_text(text)


class ReportScreen(Screen[None]):
    """What both views share: the files read in a thread, then ``show``."""

    TITLE_TEXT = ""
    BINDINGS = [Binding("escape", "back", "Back", id="fairness.back")]

    def __init__(self, paths: list[str]):
        super().__init__()
        self.paths = list(paths)
        self.read: Read | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"{self.TITLE_TEXT}: reading…", id="fairness-head", markup=False)
        yield VerticalScroll(id="fairness-body")
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(self._read, thread=True, exclusive=True, name="fairness-read")

    def _read(self) -> Read:
        from tui_interview.storage import StorageError

        context = app_context(self)
        try:
            lookup = context.consensus.lookup()
        except StorageError as error:
            return Read(read_panels(self.paths), str(error))
        return Read(read_panels(self.paths, lookup))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "fairness-read" or event.state is not WorkerState.SUCCESS:
            return
        read = event.worker.result
        if not isinstance(read, Read):
            return
        self.read = read
        if read.error:
            self.notify(read.error, title="Consensus records not read", severity="warning")
        self.show(read.panels)

    def head(self, text: str) -> None:
        self.query_one("#fairness-head", Static).update(_one_line(text))

    def notices(self, panels: Panels) -> list[Static]:
        if not panels.notices:
            return []
        lines = [f"Files left out ({len(panels.notices)}):"]
        lines += [f"  {_one_line(notice)}" for notice in panels.notices]
        return [Static("\n".join(lines), classes="fairness-notices", markup=False)]

    def show(self, panels: Panels) -> None:
        raise NotImplementedError

    def action_back(self) -> None:
        self.app.pop_screen()


def person_text(person: InterviewerCalibration) -> str:
    """One interviewer's figures: overall, then per competency."""
    overall = person.overall
    lean = ""
    if overall.mean_difference:
        lean = " (lenient)" if overall.mean_difference > 0 else " (severe)"
    lines = [
        f"{_one_line(person.interviewer)}: {overall.ratings} ratings, "
        f"{overall.compared} compared with the {against_text(overall)}; "
        f"mean difference {signed(overall.mean_difference)}{lean}, "
        f"exact {percent(overall.exact)}, within one {percent(overall.within_one)}"
    ]
    for cid, figures in sorted(person.by_competency.items()):
        lines.append(
            f"  {_one_line(person.competency_names.get(cid, cid))}: {figures.ratings} ratings, "
            f"{signed(figures.mean_difference)}, exact {percent(figures.exact)}, "
            f"within one {percent(figures.within_one)}"
        )
    return "\n".join(lines)


def trend_text(person: InterviewerCalibration) -> str:
    """The months under the chart, each with its mean difference."""
    cells = [
        f"{month} {signed(person.by_month[month].mean_difference)}"
        for month in person.months()
        if person.by_month[month].mean_difference is not None
    ]
    return "  by month: " + (" · ".join(cells) if cells else "nothing compared yet")


class CalibrationScreen(ReportScreen):
    """Per interviewer: the figures and a small chart of the mean difference
    from the consensus (or panel median) month by month."""

    HELP_TITLE = "Calibration"
    TITLE_TEXT = "Interviewer calibration"

    def __init__(self, paths: list[str]):
        super().__init__(paths)
        self.calibration: Calibration | None = None

    def show(self, panels: Panels) -> None:
        calibration = calibrate(panels.panels)
        self.calibration = calibration
        self.head(
            f"{self.TITLE_TEXT}: {calibration.panels} panels, {calibration.with_consensus} with "
            f"a consensus record, {calibration.without_consensus} compared with the panel "
            "median. Above 0 rates high (lenient), below 0 low (severe). Escape: back."
        )
        body = self.query_one("#fairness-body", VerticalScroll)
        body.remove_children()
        widgets: list[Static | Sparkline] = [*self.notices(panels)]
        if not calibration.interviewers:
            widgets.append(Static("No ratings to compare.", markup=False))
        for number, person in enumerate(calibration.interviewers):
            widgets.append(Static(person_text(person), classes="fairness-person", markup=False))
            trend = person.trend()
            widgets.append(Sparkline(trend or [0.0], summary_function=max, id=f"trend-{number}"))
            widgets.append(Static(trend_text(person), classes="fairness-trend", markup=False))
        body.mount_all(widgets)


def question_text(figures: QuestionFigures) -> str:
    """One question's figures; its flags first, so they catch the eye."""
    flags = f"⚑ {', '.join(figures.flags)} · " if figures.flags else ""
    spread = (
        "–"
        if figures.mean_spread is None
        else f"{figures.mean_spread:g} (max {figures.max_spread})"
    )

    def number(value: float | None, suffix: str = "") -> str:
        return "–" if value is None else f"{value:g}{suffix}"

    agreement = percent(figures.agreement)
    if figures.agreement is not None:
        agreement += f" of {figures.agreement_checked}"
    return (
        f"{flags}{_one_line(figures.key)} {_one_line(figures.text)}\n"
        f"  asked {figures.asked}, skipped {figures.skipped}; time / share "
        f"{number(figures.time_against_share, '×')}; per asking: notes "
        f"{number(figures.notes_per_asking)}, behaviours {number(figures.behaviours_per_asking)}; "
        f"spread {spread}; agrees with the consensus {agreement}"
    )


class QuestionsScreen(ReportScreen):
    """Per question id across the interviews: the command's figures, the
    flagged ones first."""

    HELP_TITLE = "Question effectiveness"
    TITLE_TEXT = "Question effectiveness"

    def __init__(self, paths: list[str]):
        super().__init__(paths)
        self.questions: list[QuestionFigures] = []

    def show(self, panels: Panels) -> None:
        questions = question_figures(panels.panels)
        # Flagged first (a hiring lead reworks those), else the report's order.
        questions = sorted(questions, key=lambda q: not q.flags)
        self.questions = questions
        flagged = sum(1 for q in questions if q.flags)
        self.head(
            f"{self.TITLE_TEXT}: {len(questions)} questions over {len(panels.panels)} panels; "
            f"{flagged} flagged (little evidence: under {MIN_BEHAVIOURS:g} behaviours per "
            f"asking; wide disagreement: a mean spread of {WIDE_SPREAD:g} or more). "
            "Escape: back."
        )
        body = self.query_one("#fairness-body", VerticalScroll)
        body.remove_children()
        widgets = [*self.notices(panels)]
        if not questions:
            widgets.append(Static("No questions in these transcripts.", markup=False))
        for figures in questions:
            classes = "fairness-question" + (" -flagged" if figures.flags else "")
            widgets.append(Static(question_text(figures), classes=classes, markup=False))
        body.mount_all(widgets)
