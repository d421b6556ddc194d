"""Asked before leaving an interview whose note input holds text that is not
saved anywhere (its save failed: a full disk, a read-only folder). Says where
the text can go: a recovery file, the clipboard, or nowhere."""

from __future__ import annotations

from enum import Enum

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class UnsavedChoice(Enum):
    RECOVERY_FILE = "file"
    CLIPBOARD = "clipboard"
    DISCARD = "discard"


class UnsavedTextScreen(ModalScreen[UnsavedChoice | None]):
    """Dismisses with the choice, or ``None`` to stay."""

    BINDINGS = [
        Binding("f", "choose('file')", "Recovery file", id="unsaved.file"),
        Binding("c", "choose('clipboard')", "Clipboard", id="unsaved.clipboard"),
        Binding("d", "choose('discard')", "Discard", id="unsaved.discard"),
        Binding("escape", "stay", "Stay", id="unsaved.stay"),
    ]

    def __init__(self, question: str, recovery_folder: str):
        super().__init__()
        self.question = question
        self.recovery_folder = recovery_folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text", markup=False)
            yield Static(
                f"f: save it to a file in {self.recovery_folder}, then leave\n"
                "c: copy it to the clipboard (OSC 52), then leave\n"
                "d: leave and lose it · Escape: stay",
                classes="dialog-text",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save to file (f)", variant="primary", id="file")
                yield Button("Copy (c)", id="clipboard")
                yield Button("Lose it (d)", variant="error", id="discard")
                yield Button("Stay (Esc)", id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "stay":
            self.dismiss(None)
        else:
            self.action_choose(str(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(UnsavedChoice(choice))

    def action_stay(self) -> None:
        self.dismiss(None)
