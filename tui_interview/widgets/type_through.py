"""Lists beside a text field: a printable key that is not one of the list's
own commands is meant for the text field, so it is handed on, not lost; so
is a paste (its lines joined, as the one-line field keeps them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from tui_interview.widgets.one_line_input import one_line

# The mixin goes before a Textual widget class: typed as one, a plain class at run time.
if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object


class TypeThrough(_Base):
    """Mix into a focusable widget; the screen handles ``TypedAway`` by
    focusing its text field and inserting the character."""

    class TypedAway(Message):
        """``character``: the key's character, or a paste's text on one line."""

        def __init__(self, character: str):
            super().__init__()
            self.character = character

    def on_paste(self, event: events.Paste) -> None:
        # A list does nothing with a paste: without this it was lost.
        event.stop()
        event.prevent_default()
        text = one_line(event.text)
        if text:
            self.post_message(self.TypedAway(text))

    def on_key(self, event: events.Key) -> None:
        command_keys = {
            key
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
            for key in binding.key.split(",")
        }
        # "?" stays the help key here: it is typed into a text field only there.
        command_keys.add("question_mark")
        if event.is_printable and event.character and event.key not in command_keys:
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAway(event.character))
