"""Lists beside a text field: a printable key that is not one of the list's
own commands is meant for the text field, so it is handed on, not lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

# The mixin goes before a Textual widget class: typed as one, a plain class at run time.
if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object


class TypeThrough(_Base):
    """Mix into a focusable widget; the screen handles ``TypedAway`` by
    focusing its text field and inserting the character."""

    class TypedAway(Message):
        def __init__(self, character: str):
            super().__init__()
            self.character = character

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
