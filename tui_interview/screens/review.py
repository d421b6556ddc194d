"""Review before finishing: what was not asked, what has no evidence, the
suggested levels and the ratings. From here the interviewer goes back, rates,
marks the interview finished or exports it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui_interview.domain.display import visible_text
from tui_interview.domain.interview import Interview
from tui_interview.domain.rating import compare_to_target, suggest_level
from tui_interview.domain.session import Session, Status
from tui_interview.screens.base import SaveRunner
from tui_interview.screens.confirm import ConfirmScreen


def review_text(session: Session) -> str:
    """The review as plain lines (the screen shows them without markup).
    Stored text is shown through ``visible_text`` on one line each, so none
    can forge a line of the review."""
    show = visible_text
    number = session.question_numbers()
    lines = [f"Review — {show(session.candidate)}   ({session.status})", ""]

    missing_questions = session.questions_not_covered()
    lines.append(f"Questions not asked ({len(missing_questions)})")
    lines += [
        f"  ☐ Q{number[ref]}  {show(session.question(ref).text)}" for ref in missing_questions
    ]
    lines.append("")

    missing_probes = session.probes_not_asked()
    lines.append(f"Probing questions not asked ({len(missing_probes)})")
    for ref, probe in missing_probes:
        lines.append(f"  ☐ Q{number[ref]}  {show(probe.text)}")
    lines.append("")

    no_evidence = session.behaviours_without_evidence()
    lines.append(f"Behaviours with no evidence ({len(no_evidence)})")
    ticked = {
        p.competency_id: session.behaviours_observed(p.competency_id) for p in session.competencies
    }
    for competency_id, behaviour in no_evidence:
        observed = behaviour.id in ticked[competency_id]
        mark = " (ticked, but no note links to it)" if observed else ""
        lines.append(f"  ☐ L{behaviour.level}  {show(behaviour.text)}{mark}")
    lines.append("")

    lines.append("Ratings")
    for planned in session.competencies:
        competency = session.competency(planned.competency_id)
        suggestion = suggest_level(session, planned.competency_id)
        rating = session.current_rating(planned.competency_id)
        lines.append(f"  {show(competency.name)} — target level {planned.target_level}")
        lines.append(f"    Suggested: {show(suggestion.text)}")
        if rating is None:
            lines.append("    Not rated yet (ctrl+r).")
        else:
            comparison = compare_to_target(rating.level, planned.target_level)
            lines.append(
                f"    Rated {rating.level} ({comparison} target), locked, "
                f"revision {rating.revision}: {show(rating.rationale)}"
            )
    return "\n".join(lines)


class ReviewScreen(Screen[None]):
    HELP_TITLE = "Review"
    BINDINGS = [
        Binding("escape", "back", "Back to interview", id="review.back"),
        Binding("ctrl+f", "mark_finished", "Mark finished", id="review.finish"),
        Binding("ctrl+r", "rate", "Rate", id="review.rate"),
        Binding("ctrl+o", "export", "Export", id="review.export"),
        Binding("f10", "home", "Home", id="review.home"),
    ]

    def __init__(self, interview: Interview, *, do: SaveRunner, leave: Callable[[], object]):
        """``do`` runs a saved change as the interview screen does (its status
        line then says when a save failed); ``leave`` releases the interview
        before going home."""
        super().__init__()
        self.interview = interview
        self._do = do
        self._leave = leave
        #: Files written from this screen, shown at the end of the review.
        self.exported: list[str] = []

    @property
    def session(self) -> Session:
        return self.interview.session

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-body"):
            yield Static(id="review", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()

    def on_screen_resume(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        text = review_text(self.session)
        if self.exported:
            text += "\n\nExported to:\n" + "\n".join(f"  {visible_text(p)}" for p in self.exported)
        self.query_one("#review", Static).update(text)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_mark_finished(self) -> None:
        if self.session.status is Status.FINISHED:
            self.notify("This interview is already marked finished.")
            return

        def finish(confirmed: bool | None) -> None:
            if confirmed:
                self._do(self.interview.finish)
                if self.session.status is Status.FINISHED:
                    self.notify("The interview is finished; its clock is stopped.")
            self.redraw()

        gaps = len(self.session.questions_not_covered())
        warning = f" {gaps} question(s) were not asked." if gaps else ""
        self.app.push_screen(
            ConfirmScreen(
                f"Mark the interview with {visible_text(self.session.candidate)} finished?"
                f"{warning}\nNotes can still be edited afterwards.",
                "Finish",
            ),
            finish,
        )

    def action_rate(self) -> None:
        from tui_interview.screens.rating import RatingScreen

        self.app.push_screen(RatingScreen(self.interview))

    def action_export(self) -> None:
        from tui_interview.screens.export import ExportScreen

        def written(path: Path | None) -> None:
            if path is not None:
                self.exported.append(str(path))
                self.redraw()

        self.app.push_screen(ExportScreen(self.session), written)

    def action_home(self) -> None:
        self._leave()
        self.app.pop_screen()
        self.app.pop_screen()
