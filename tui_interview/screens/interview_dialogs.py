"""Small dialogs of the interview screen: go to question N, edit a note, link a
note to behaviours."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_interview.domain.display import visible_text
from tui_interview.widgets.checklist import ChecklistItem, SpaceTicks
from tui_interview.widgets.note_input import NoteInput


class GoToQuestionScreen(ModalScreen[int | None]):
    """Type a question number, Enter goes there; dismisses with a 0-based index."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="goto.cancel")]

    def __init__(self, question_count: int):
        super().__init__()
        self.question_count = question_count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Go to question (1–{self.question_count}):", classes="dialog-text")
            yield Input(id="number", restrict=r"[0-9]*", max_length=4)
            yield Static("", id="goto-error", classes="field-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text.isdigit() and 1 <= int(text) <= self.question_count:
            self.dismiss(int(text) - 1)
        else:
            self.query_one("#goto-error", Static).update(
                f"Type a number from 1 to {self.question_count}."
            )

    def action_cancel(self) -> None:
        self.dismiss(None)


class EditNoteScreen(ModalScreen[str | None]):
    """Edit a note's text as it was typed: Enter saves, ctrl+j starts a new
    line, Escape keeps the old text."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit.cancel")]

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Edit the note (Enter saves, ctrl+j a new line, Escape cancels). "
                "The earlier text is kept in the record.",
                classes="dialog-text",
            )
            yield NoteInput(self.text, submit=self.save, id="edit-text")

    def on_mount(self) -> None:
        editor = self.query_one("#edit-text", NoteInput)
        editor.set_value(self.text)
        editor.focus()

    def save(self, text: str) -> bool:
        self.dismiss(text)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinkList(SpaceTicks):
    """The link dialog's list: Space ticks or un-ticks, Enter links the
    highlighted behaviour (never un-links it) and closes the dialog."""

    BINDINGS = [
        Binding(
            "enter",
            "link",
            "Link and close",
            tooltip="link the note to the highlighted behaviour and close",
            id="link.enter",
        )
    ]

    class Chosen(Message):
        def __init__(self, item_id: str):
            super().__init__()
            self.item_id = item_id

    def action_link(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.post_message(self.Chosen(option.id))


class LinkBehavioursScreen(ModalScreen[None]):
    """Tick the behaviours a note is evidence for. Each tick is saved at once
    through ``toggle``, which returns the refreshed items. The dialog opens on
    ``start_at`` (the caller's best match, ``domain.linking.best_match``), so
    linking it is one key: Enter."""

    BINDINGS = [Binding("escape", "close", "Done", id="link.done")]

    def __init__(
        self,
        note_text: str,
        items: list[ChecklistItem],
        toggle: Callable[[str], list[ChecklistItem] | None],
        start_at: int = 0,
    ):
        super().__init__()
        self.note_text = note_text
        self.items = items
        self.toggle = toggle
        self.start_at = start_at

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog link-dialog"):
            yield Static(
                "Evidence for which behaviours? Enter links the highlighted one and closes; "
                "Space ticks more, Escape is done.",
                classes="dialog-text",
            )
            yield Static(
                visible_text(self.note_text, multiline=True), classes="dialog-quote", markup=False
            )
            yield LinkList(id="link-list")

    def on_mount(self) -> None:
        checklist = self.query_one(SpaceTicks)
        checklist.set_items(self.items)
        checklist.highlighted = self.start_at
        checklist.focus()
        self.call_after_refresh(checklist.scroll_to_highlight, top=True)

    def on_checklist_toggled(self, event: SpaceTicks.Toggled) -> None:
        event.stop()
        items = self.toggle(event.item_id)
        if items is not None:
            self.items = items
            self.query_one(SpaceTicks).set_items(items)

    def on_link_list_chosen(self, event: LinkList.Chosen) -> None:
        event.stop()
        ticked = {item.id for item in self.items if item.ticked}
        if event.item_id not in ticked:
            items = self.toggle(event.item_id)
            if items is None:
                return  # not saved: the dialog stays open and the app has said why
            self.items = items
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
