"""Review before finishing: what was not asked, what has no evidence, the
suggested levels and the ratings. From here the interviewer goes back, rates,
marks the interview finished or exports it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_interview.domain.curtain import evaluation_shown
from tui_interview.domain.display import visible_text
from tui_interview.domain.hygiene import WordList, flagged_notes
from tui_interview.domain.interview import Interview
from tui_interview.domain.rating import compare_to_target, suggest_level
from tui_interview.domain.recommendation import (
    RecommendationError,
    Verdict,
    current_recommendation,
    submit_recommendation,
)
from tui_interview.domain.session import Session, Status
from tui_interview.domain.session_file import NotSaved
from tui_interview.domain.timeutil import clock_stamp
from tui_interview.screens.base import app_context, ask_app, run_change, say_not_saved
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.screens.messages import OpenExport, OpenRecommendation
from tui_interview.widgets.keys import default
from tui_interview.widgets.one_line_input import OneLineInput

#: In place of the ratings, suggestions and recommendation while the clock
#: runs with the candidate present (``domain.curtain.evaluation_shown``).
HIDDEN_LINE = (
    "Hidden while the candidate is present (pause the clock: ctrl+s on the interview; "
    "or mark finished: ctrl+f)."
)


def review_text(session: Session, words: WordList | None = None) -> str:
    """The review as plain lines (the screen shows them without markup).
    Stored text is shown through ``visible_text`` on one line each, so none
    can forge a line of the review. With ``words``, the notes it flags come
    first (``wording_lines``)."""
    show = visible_text
    number = session.question_numbers()
    lines = [f"Review — {show(session.candidate)}   ({session.status})", ""]
    lines += wording_lines(session, words)

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

    lines.append("Behaviours, by competency (up to the target level)")
    for planned in session.competencies:
        cid = planned.competency_id
        linked = session.linked_notes(cid)
        against = session.notes_against(cid)
        ticked = session.behaviours_observed(cid)
        behaviours = session.target_behaviours(cid)
        evidenced = [b for b in behaviours if b.id in linked and b.id not in against]
        contested = [b for b in behaviours if b.id in linked and b.id in against]
        against_only = [b for b in behaviours if b.id in against and b.id not in linked]
        ticked_only = [
            b for b in behaviours if b.id not in linked and b.id not in against and b.id in ticked
        ]
        missing = [
            b
            for b in behaviours
            if b.id not in linked and b.id not in against and b.id not in ticked
        ]
        lines.append(f"  {show(session.competency(cid).name)}")
        for title, mark, items in (
            ("Evidenced (a note links to it)", "✓", evidenced),
            ("Evidence for and against (notes disagree)", "±", contested),
            ("Evidence against only: not observed", "✗", against_only),
            ("Ticked, no linked note yet (ctrl+l on a note)", "~", ticked_only),
            ("Missing: not observed", "☐", missing),
        ):
            if not items and mark in "±✗":
                continue
            lines.append(f"    {title} ({len(items)})")
            lines += [f"      {mark} L{b.level}  {show(b.text)}" for b in items]
    contradictions = session.contradictions()
    if contradictions:
        lines.append(f"  Notes that contradict an earlier note ({len(contradictions)})")
        for note, other in contradictions:
            lines.append(
                f"    ≠ {clock_stamp(note.elapsed_seconds)} {show(note.text)}  "
                f"(against {clock_stamp(other.elapsed_seconds)} {show(other.text)})"
            )
    lines.append("")

    shown = evaluation_shown(session)
    lines.append("Overall recommendation")
    current = current_recommendation(session)
    if not shown:
        lines.append(f"  {HIDDEN_LINE}")
    elif current is None:
        lines.append("  None yet (ctrl+d: decide).")
    else:
        lines.append(
            f"  {current.value.label}, locked, revision {current.revision}: "
            f"{show(current.rationale)}"
        )
        if current.strengths:
            lines.append(f"    Strengths: {show(current.strengths)}")
        if current.concerns:
            lines.append(f"    Concerns: {show(current.concerns)}")
        if current.reason:
            lines.append(f"    Changed because: {show(current.reason)}")
    lines.append("")

    lines.append("Ratings")
    if not shown:
        lines.append(f"  {HIDDEN_LINE}")
    for planned in session.competencies:
        competency = session.competency(planned.competency_id)
        lines.append(f"  {show(competency.name)} — target level {planned.target_level}")
        if not shown:
            continue
        suggestion = suggest_level(session, planned.competency_id)
        rating = session.current_rating(planned.competency_id)
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


def wording_lines(session: Session, words: WordList | None) -> list[str]:
    """The notes the note-hygiene word list flags, with their words (none:
    no lines). Hidden while the evaluation is (the candidate may be present
    and the clock runs): the interviewer reviews them once the candidate has gone."""
    from tui_interview.screens.wording import flagged_line

    if words is None or not evaluation_shown(session):
        return []
    flagged = flagged_notes(session, words)
    if not flagged:
        return []
    lines = [f"Wording to check ({len(flagged)}; ctrl+e: edit them or leave them)"]
    lines += [f"  ◦ {flagged_line(session, item, words)}" for item in flagged]
    return [*lines, ""]


class ReviewScreen(Screen[None]):
    HELP_TITLE = "Review"
    BINDINGS = [
        Binding("escape", "back", "Back to interview", id="review.back"),
        Binding(default("mark_finished"), "mark_finished", "Mark finished", id="review.finish"),
        Binding(default("rate"), "rate", "Rate", id="review.rate"),
        Binding(default("decide"), "decide", "Decide", id="review.decide"),
        Binding(
            default("check_wording"), "check_wording", "Wording", show=False, id="review.wording"
        ),
        Binding(default("export"), "export", "Export", id="review.export"),
        Binding(default("home"), "home", "Home", id="review.home"),
    ]

    def __init__(self, interview: Interview, *, leave: Callable[[], object]):
        """``leave`` releases the interview before going home."""
        super().__init__()
        self.interview = interview
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
        text = review_text(self.session, app_context(self).note_words)
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
                run_change(self, self.interview.finish)
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
        from tui_interview.screens.rating import open_rating

        open_rating(self, self.interview)

    def action_decide(self) -> None:
        """The overall recommendation, hidden while the candidate is present."""
        if not evaluation_shown(self.session):
            self.notify(
                "The recommendation is hidden while the candidate is present: "
                "pause the clock (ctrl+s on the interview) or turn off "
                "candidate-present mode (F6).",
                severity="warning",
            )
            return
        ask_app(self, OpenRecommendation(self.interview, lambda _: self.redraw()))

    def action_check_wording(self) -> None:
        """The flagged notes: edit one (its history is kept) or leave them."""
        from tui_interview.screens.wording import WordingScreen

        words = app_context(self).note_words
        if words is None or not evaluation_shown(self.session):
            self.notify("No flagged note to show now.")
            return
        self.app.push_screen(WordingScreen(self.interview, words))

    def action_export(self) -> None:
        def written(path: Path | None) -> None:
            if path is not None:
                self.exported.append(str(path))
                self.redraw()

        ask_app(self, OpenExport(self.session, written))

    def action_home(self) -> None:
        self._leave()
        self.app.pop_screen()
        self.app.pop_screen()


class VerdictList(OptionList):
    """The verdicts; typing (or a paste) here goes on in the field being filled."""


class RecommendationScreen(ModalScreen[None]):
    """Decide: strong no / no / yes / strong yes, a rationale, optional key
    strengths and concerns; submitting locks it, a change needs a reason."""

    HELP_TITLE = "Overall recommendation"
    BINDINGS = [
        Binding(default("submit"), "submit", "Submit & lock", id="decide.submit"),
        Binding("escape", "cancel", "Cancel", id="decide.cancel"),
    ]

    def __init__(self, interview: Interview):
        super().__init__()
        self.interview = interview

    def compose(self) -> ComposeResult:
        current = current_recommendation(self.interview.session)
        with VerticalScroll(id="decide-body"):
            yield Static(
                "Overall recommendation (no neutral option)"
                + (
                    ""
                    if current is None
                    else f" — locked: {current.value.label}, revision {current.revision}"
                ),
                id="decide-title",
                classes="screen-title",
                markup=False,
            )
            yield VerdictList(*[Option(v.label, id=v.value) for v in Verdict], id="verdict")
            yield OneLineInput(
                current.rationale if current else "",
                placeholder="Rationale: what the call rests on (required)",
                id="rationale",
                select_on_focus=False,
            )
            yield OneLineInput(
                current.strengths if current else "",
                placeholder="Key strengths (optional)",
                id="strengths",
                select_on_focus=False,
            )
            yield OneLineInput(
                current.concerns if current else "",
                placeholder="Key concerns (optional)",
                id="concerns",
                select_on_focus=False,
            )
            reason = OneLineInput(
                placeholder="Reason for changing the locked recommendation (required)",
                id="reason",
                select_on_focus=False,
            )
            reason.display = current is not None
            yield reason
            yield Static("", id="decide-error", classes="field-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        verdicts = self.query_one("#verdict", OptionList)
        current = current_recommendation(self.interview.session)
        verdicts.highlighted = None if current is None else list(Verdict).index(current.value)
        verdicts.focus()
        #: The field typing on the verdicts goes to: a change needs its reason.
        self.filling = "rationale" if current is None else "reason"

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input) and event.widget.id:
            self.filling = event.widget.id

    def typing_field(self) -> Widget | None:
        """Typing or pasting on the verdicts goes on in the field being
        filled (widgets/key_order.py)."""
        return self.query_one(f"#{self.filling}", Input)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#rationale", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        option = self.query_one("#verdict", OptionList).highlighted_option
        error_box = self.query_one("#decide-error", Static)
        if option is None or option.id is None:
            error_box.update("Choose strong no, no, yes or strong yes first (↑ ↓).")
            self.query_one("#verdict", OptionList).focus()
            return
        value = option.id

        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        try:
            made = self.interview.apply(
                lambda s, now: submit_recommendation(
                    s,
                    value,
                    text("rationale"),
                    now,
                    strengths=text("strengths"),
                    concerns=text("concerns"),
                    reason=text("reason") or None,
                )
            )
        except RecommendationError as error:
            error_box.update(visible_text(str(error), multiline=True))
            if error.field in ("rationale", "reason"):
                self.query_one(f"#{error.field}", Input).focus()
            return
        except NotSaved as error:  # keep what was typed
            say_not_saved(self, error)
            error_box.update(visible_text(f"Not saved: {error}", multiline=True))
            return
        self.notify(f"Recommended: {made.value.label}; it is locked.")
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
