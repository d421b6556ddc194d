"""The notes of the current question, oldest first, each with its clock time,
tags and linked behaviours. With focus here, single keys act on the
highlighted note."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_interview.domain.display import visible_text
from tui_interview.domain.session import Note
from tui_interview.domain.timeutil import format_elapsed
from tui_interview.widgets.type_through import TypeThrough

#: How much of a linked behaviour's text a note shows.
BEHAVIOUR_LABEL_LENGTH = 32


def behaviour_label(level: int, text: str) -> str:
    """``L3 Defines interrelationships and…``: short enough to sit beside a note."""
    text = visible_text(text)
    short = (
        text
        if len(text) <= BEHAVIOUR_LABEL_LENGTH
        else (text[: BEHAVIOUR_LABEL_LENGTH - 1].rstrip() + "…")
    )
    return f"L{level} {short}"


def note_content(note: Note, labels: dict[str, str] | None = None) -> Content:
    parts: list[Content | tuple[str, str] | str] = [
        (f"[{format_elapsed(note.elapsed_seconds)}] ", "bold"),
        visible_text(note.text, multiline=True),
    ]
    if note.tags:
        parts.append(("  " + " ".join(f"#{tag.value}" for tag in note.tags), "italic"))
    if note.behaviours:
        linked = [(labels or {}).get(b, b) for b in note.behaviours]
        parts.append(("  → " + visible_text("; ".join(linked)), "dim"))
    if note.history:
        parts.append(("  (edited)", "dim"))
    return Content.assemble(*parts)


class NotesLog(TypeThrough, OptionList):
    BINDINGS = [
        Binding(
            "s",
            "command('situation')",
            "Situation",
            tooltip="Note: tag situation",
            id="notes.situation",
        ),
        Binding("t", "command('task')", "Task", tooltip="Note: tag task", id="notes.task"),
        Binding("a", "command('action')", "Action", tooltip="Note: tag action", id="notes.action"),
        Binding("r", "command('result')", "Result", tooltip="Note: tag result", id="notes.result"),
        Binding(
            "f",
            "command('follow-up')",
            "Follow-up",
            tooltip="Note: flag for follow-up",
            id="notes.follow_up",
        ),
        Binding(
            "q", "command('quote')", "Quote", tooltip="Note: mark as a quote", id="notes.quote"
        ),
        Binding(
            "b",
            "command('link')",
            "Link behaviour",
            tooltip="Note: link to behaviours (evidence)",
            id="notes.link",
        ),
        Binding("e", "command('edit')", "Edit", tooltip="Note: edit", id="notes.edit"),
        Binding(
            "d,delete", "command('delete')", "Delete", tooltip="Note: delete", id="notes.delete"
        ),
        Binding(
            "u",
            "command('undo')",
            "Undo delete",
            tooltip="Note: undo the last delete",
            id="notes.undo",
        ),
    ]

    class Command(Message):
        """``command`` is a tag value or one of link/edit/delete/undo."""

        def __init__(self, note_id: str | None, command: str):
            super().__init__()
            self.note_id = note_id
            self.command = command

    def set_notes(
        self, notes: list[Note], empty_text: str, labels: dict[str, str] | None = None
    ) -> None:
        """Show ``notes``; ``labels`` names linked behaviours by id."""
        highlighted = self.highlighted
        if notes:
            self.set_options([Option(note_content(n, labels), id=n.id) for n in notes])
            self.highlighted = min(
                highlighted if highlighted is not None else len(notes) - 1, len(notes) - 1
            )
        else:
            self.set_options([Option(Content.styled(empty_text, "dim"), disabled=True)])

    def select_last(self) -> None:
        if self.option_count and not self.get_option_at_index(self.option_count - 1).disabled:
            self.highlighted = self.option_count - 1

    @property
    def highlighted_note_id(self) -> str | None:
        option = self.highlighted_option
        return None if option is None or option.disabled else option.id

    def action_command(self, command: str) -> None:
        self.post_message(self.Command(self.highlighted_note_id, command))
