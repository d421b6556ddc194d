"""From the review: the notes the note-hygiene word list flags, with their
words. Enter edits the chosen note (the interview's own edit: the earlier
text stays in its history); Escape leaves them as they are. Nothing is ever
changed without the interviewer (docs/note-hygiene.md)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_interview.domain.display import visible_text
from tui_interview.domain.hygiene import FlaggedNote, WordList, flagged_notes
from tui_interview.domain.interview import Interview
from tui_interview.domain.session import Section, Session
from tui_interview.domain.timeutil import clock_stamp
from tui_interview.screens.base import run_change

#: How much of a note's text a row shows.
START_WIDTH = 40


def flagged_line(session: Session, item: FlaggedNote, words: WordList) -> str:
    """``Q2 [01:15] “Seemed nervous, not a…”: "nervous" (judgement)``, safe to show."""
    note = item.note
    stop = note.stop
    where = stop.label if isinstance(stop, Section) else f"Q{session.question_number(stop)}"
    text = " ".join(visible_text(note.text).split())
    start = text if len(text) <= START_WIDTH else text[: START_WIDTH - 1] + "…"
    described = visible_text(item.flag.describe(words))
    return f"{where} {clock_stamp(note.elapsed_seconds)} “{start}”: {described}"


class WordingScreen(ModalScreen[None]):
    HELP_TITLE = "Wording to check"
    BINDINGS = [Binding("escape", "leave", "Leave them", id="wording.leave")]

    def __init__(self, interview: Interview, words: WordList):
        super().__init__()
        self.interview = interview
        self.words = words

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="wording-dialog"):
            yield Static(
                "Notes an official record should not hold as they are: Enter edits the "
                "chosen one (its earlier text is kept), Escape leaves them.",
                classes="dialog-text",
                markup=False,
            )
            yield OptionList(id="wording-list")

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#wording-list", OptionList).focus()

    def fill(self) -> None:
        session = self.interview.session
        flagged = flagged_notes(session, self.words)
        options = self.query_one("#wording-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not flagged:
            options.add_option(
                Option(Content.styled("No flagged note left.", "dim"), disabled=True)
            )
            return
        options.add_options(
            [
                Option(Content(flagged_line(session, item, self.words)), id=item.note.id)
                for item in flagged
            ]
        )
        # Enter acts on a row at once (the first, or the one chosen before).
        options.highlighted = min(highlighted or 0, len(flagged) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from tui_interview.screens.interview_dialogs import EditNoteScreen

        event.stop()
        note_id = event.option.id
        if note_id is None:
            return

        def edited(text: str | None) -> None:
            if text is not None:
                run_change(self, self.interview.edit_note, note_id, text)
            self.fill()

        note = self.interview.session.note(note_id)
        self.app.push_screen(EditNoteScreen(note.text), edited)

    def action_leave(self) -> None:
        self.dismiss(None)
