"""Keys handled start to finish in the order they arrive.

Textual hands a key to the focused widget's own message queue; a key the
widget does not use bubbles up, and its binding runs later, in the app's
queue. When keys arrive in a burst (a paste, SSH, tmux), a binding can then
run after keys that were typed *after* it, and a message the widget posted
(a submitted note) can be handled after later keys changed the widget.

A widget with ``InOrderKeys`` runs the bindings of its own chain (itself, its
containers, its screen) inside its own queue, as each key comes, so every key
it receives takes effect before the next one is looked at. App-wide bindings
(help, quit, the command palette) still bubble to the app as usual.
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from tui_interview.widgets.keys import bindings_of


def binding_for(widget: DOMNode, key: str) -> tuple[Widget, str] | None:
    """The node and action that ``key`` runs, looked up from ``widget`` to its
    screen (the app's own bindings excluded), as Textual would."""
    for node in widget.ancestors_with_self:
        if isinstance(node, App) or not isinstance(node, Widget):
            break
        for binding in bindings_of(node).key_to_bindings.get(key, ()):
            if not binding.priority and binding.system is False:
                return node, binding.action
        if isinstance(node, Screen):
            break
    return None


class InOrderKeys:
    """Mix into a focusable widget, before the Textual widget class."""

    async def _on_key(self, event: events.Key) -> None:
        found = binding_for(self, event.key)  # type: ignore[arg-type]
        if found is not None:
            node, action = found
            event.stop()
            event.prevent_default()
            await node.run_action(action)
            return
        await super()._on_key(event)  # type: ignore[misc]
