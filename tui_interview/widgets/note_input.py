"""The note input: a text area that grows to a few lines and wraps, where
Enter saves the note and ctrl+j starts a new line in it.

Enter is handled here, as the key comes: the text typed before it is taken
and the input cleared before the next key is looked at, so keys that arrive
in a burst (a paste, SSH, tmux) can never merge two notes or save one twice.
The text is handed to ``submit``, which saves it and says whether it was
saved; an unsaved note is put back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

from tui_interview.keymap import NOTE_INPUT_YIELDS
from tui_interview.widgets.keys import key_name
from tui_interview.widgets.status_bar import ClockState

#: The key that starts a new line inside a note. Every terminal sends ctrl+j
#: (a line feed) as itself, unlike shift+enter or ctrl+enter.
NEWLINE_KEYS = ("ctrl+j",)

#: Whether the cursor blinks (snapshot tests turn it off, so that every
#: picture shows the cursor the same way).
CURSOR_BLINK = True


def note_text(typed: str) -> str:
    """What a note keeps of what was typed: line endings made ``\\n`` and blank
    lines at either end dropped; everything else exactly as typed."""
    return typed.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


class NoteInput(TextArea, inherit_bindings=False):
    """``submit(text) -> bool`` saves a note; on ``False`` the text stays."""

    # TextArea's keys, less the ones the interview screen uses (PgUp/PgDn
    # turn questions, F6 is candidate-present mode) and with ctrl+e left for
    # the note commands.
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            binding
            for binding in TextArea.BINDINGS
            if isinstance(binding, Binding) and not set(binding.key.split(",")) & NOTE_INPUT_YIELDS
        ),
        Binding("end", "cursor_line_end", "Line end", show=False),
    ]

    def __init__(
        self,
        text: str = "",
        *,
        submit: Callable[[str], bool],
        placeholder: str = "",
        id: str | None = None,
    ):
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=placeholder,
            id=id,
            highlight_cursor_line=False,
        )
        self._submit = submit
        self.cursor_blink = CURSOR_BLINK

    @property
    def value(self) -> str:
        return self.text

    def set_value(self, text: str) -> None:
        """Replace the text and put the cursor at its end."""
        self.load_text(text)
        self.move_cursor(self.document.end)

    def show_clock(self, clock: ClockState, *, read_only: bool) -> None:
        """The title repeats the clock's state and candidate-present mode,
        where the eyes are while typing."""
        self.set_class(clock.paused, "paused")
        if read_only:
            title = "Read-only"
        elif clock.paused:
            title = f"⏸ PAUSED ({key_name(self, 'toggle_clock')})"
        elif clock.finished:
            title = "Finished: notes are still saved"
        else:
            title = f"Note · ⏱ {clock.elapsed}"
        if clock.candidate_present and not clock.finished:
            title += " · CANDIDATE PRESENT"
        self.border_title = title

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            self.submit_now()
            return
        if event.key in NEWLINE_KEYS and not self.read_only:
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)

    def submit_now(self) -> None:
        text = note_text(self.text)
        if not text.strip():
            return
        self.clear()
        if not self._submit(text):
            self.put_back(text)

    def put_back(self, text: str) -> None:
        """An unsaved note goes back in front of anything typed since."""
        typed = self.text
        self.set_value(text + ("\n" + typed if typed else ""))

    async def _on_paste(self, event: events.Paste) -> None:
        if self.read_only:
            return
        event.stop()
        event.prevent_default()
        self.insert(event.text.replace("\r\n", "\n").replace("\r", "\n"))
