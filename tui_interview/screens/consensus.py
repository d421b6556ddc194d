"""Record the board's consensus: a competency's level, or the overall
recommendation, with a rationale and who took part. Each locks when
recorded; a change needs a reason and becomes a new revision
(``domain.consensus``). Stored with ``AppContext.consensus``."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_interview.domain.consensus import Consensus, ConsensusError
from tui_interview.domain.display import visible_text
from tui_interview.domain.recommendation import Verdict
from tui_interview.screens.base import app_context
from tui_interview.storage import StorageError
from tui_interview.widgets.one_line_input import OneLineInput


def parse_verdict(text: str) -> Verdict | str:
    """A verdict as typed ("strong yes", "strong_yes", "Yes"…); the text as
    it is when it is none (the record refuses it with its own message)."""
    key = "_".join(text.replace("_", " ").casefold().split())
    for verdict in Verdict:
        if key in (verdict.value, "_".join(verdict.label.casefold().split())):
            return verdict
    return text.strip()


class ConsensusScreen(ModalScreen[bool]):
    """The consensus form for one competency (``competency_id``) or, with
    ``competency_id=None``, for the overall recommendation. Dismissed with
    True once recorded and stored."""

    CSS_PATH = "panel.tcss"
    HELP_TITLE = "Consensus"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Record & lock", id="consensus.submit"),
        Binding("escape", "cancel", "Cancel", id="consensus.cancel"),
    ]

    def __init__(
        self,
        consensus: Consensus,
        competency_id: str | None,
        title: str,
        members: list[str],
        *,
        is_new: bool,
    ):
        super().__init__()
        self.consensus = consensus
        self.competency_id = competency_id
        self.title_text = title
        self.members = members
        self.is_new = is_new

    def _current(self) -> tuple[str, str, str, int] | None:
        """(value, rationale, participants, revision) of the locked revision."""
        if self.competency_id is None:
            rec = self.consensus.latest_recommendation()
            if rec is None:
                return None
            return rec.verdict.label, rec.rationale, ", ".join(rec.participants), rec.revision
        rating = self.consensus.latest_rating(self.competency_id)
        if rating is None:
            return None
        return str(rating.level), rating.rationale, ", ".join(rating.participants), rating.revision

    def compose(self) -> ComposeResult:
        current = self._current()
        first = "Recommendation" if self.competency_id is None else "Level"
        hint = "strong no, no, yes or strong yes" if self.competency_id is None else "1 to 5"
        with VerticalScroll(classes="dialog", id="consensus-dialog"):
            yield Static(visible_text(self.title_text), classes="dialog-text", markup=False)
            if current is not None:
                yield Static(
                    visible_text(
                        f"Locked: {current[0]} (revision {current[3]}). A change needs a reason."
                    ),
                    id="consensus-locked",
                    markup=False,
                )
            yield OneLineInput(
                current[0] if current else "",
                id="consensus-value",
                placeholder=f"{first}: {hint}",
                select_on_focus=False,
            )
            yield OneLineInput(
                current[1] if current else "",
                id="consensus-rationale",
                placeholder="Rationale: why the board agreed on it (required)",
                select_on_focus=False,
            )
            yield OneLineInput(
                current[2] if current else ", ".join(self.members),
                id="consensus-participants",
                placeholder="Who took part, comma-separated (required)",
                select_on_focus=False,
            )
            yield OneLineInput(
                "",
                id="consensus-reason",
                placeholder="Reason for changing the locked consensus (required)",
                select_on_focus=False,
            )
            yield Static("", id="consensus-error", classes="field-error", markup=False)
            yield Static("ctrl+s or Enter: record & lock · Escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#consensus-reason", Input).display = self._current() is not None
        self.query_one("#consensus-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        value = self.query_one("#consensus-value", Input).value
        rationale = self.query_one("#consensus-rationale", Input).value
        participants = self.query_one("#consensus-participants", Input).value
        reason = self.query_one("#consensus-reason", Input).value.strip() or None
        context = app_context(self)
        now = context.now()
        undo: Callable[[], object]
        try:
            if self.competency_id is None:
                self.consensus.record_recommendation(
                    parse_verdict(value), rationale, participants, now, reason=reason
                )
                undo = self.consensus.recommendations.pop
            else:
                try:
                    level = int(value.strip())
                except ValueError:
                    self._error("The level is a whole number from 1 to 5.", "level")
                    return
                self.consensus.record_rating(
                    self.competency_id, level, rationale, participants, now, reason=reason
                )
                undo = self.consensus.ratings.pop
        except ConsensusError as error:
            self._error(str(error), error.field)
            return
        try:
            context.consensus.save(self.consensus)
        except (StorageError, OSError) as error:
            undo()
            self._error(f"Not saved: {error}", None)
            return
        self.dismiss(True)

    def _error(self, message: str, field: str | None) -> None:
        error = self.query_one("#consensus-error", Static)
        error.update(visible_text(f"✗ {message}"))
        target = {
            "level": "#consensus-value",
            "verdict": "#consensus-value",
            "rationale": "#consensus-rationale",
            "participants": "#consensus-participants",
            "reason": "#consensus-reason",
        }.get(field or "")
        if target:
            # Right under the field it is about, and the field at the top of
            # the view (its place does not move as the error does): both in
            # view when the form scrolls (a small terminal).
            field_input = self.query_one(target, Input)
            dialog = self.query_one("#consensus-dialog", VerticalScroll)
            dialog.move_child(error, after=field_input)
            dialog.scroll_to_widget(field_input, top=True, animate=False)
            field_input.focus()

    def action_cancel(self) -> None:
        self.dismiss(False)
