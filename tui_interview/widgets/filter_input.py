"""A one-line filter whose editing keys keep their place in a burst.

Textual's ``Input`` inserts a printable key as it comes but runs its editing
keys (Backspace, Delete, ctrl+u…) as bindings, later: in a burst (a paste,
SSH, tmux), seven Backspaces then a new word deleted the new word's end
instead of the old word. Here the Input's own editing keys run as they come,
in the widget's queue; every other key (Enter, the screen's keys) goes on as
before. (``widgets.in_order.InOrderKeys`` runs the screen's bindings too,
which an Input's inherited scrolling keys would shadow.)
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

#: key -> the Input's own action for it (Enter excluded: it submits, as before).
EDITING_KEYS: dict[str, str] = {
    key.strip(): binding.action
    for binding in Input.BINDINGS
    if not isinstance(binding, tuple)
    for key in binding.key.split(",")
    if key.strip() != "enter"
}


class FilterInput(Input):
    async def _on_key(self, event: events.Key) -> None:
        action = EDITING_KEYS.get(event.key)
        # An action that does not apply (copy with nothing selected) lets the
        # key go on, to the screen's or the app's binding.
        if action is not None and await self.app.run_action(action, self):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)
