"""The keys of the moment, read from ``tui_interview.keymap`` with the user's
``[keys]`` applied (the app keeps the result: ``action_keys``).

Textual applies its keymap only to the binding chains it builds for the
footer and for dispatch; this app also looks keys up itself (in-order
handling, the keys held after one that opens a dialog, help, the palette), so
every such look-up goes through ``bindings_of``.
"""

from __future__ import annotations

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from tui_interview.keymap import ACTIONS, display_key


def default(action: str) -> str:
    """The default keys of ``action`` for a ``Binding`` ("ctrl+n,pagedown")."""
    return ",".join(ACTIONS[action].keys)


def _keymap(node: DOMNode) -> dict[str, str]:
    try:
        return dict(node.app._keymap)
    except Exception:  # no app running (a widget built outside one)
        return {}


def bindings_of(node: DOMNode) -> BindingsMap:
    """``node``'s own bindings with the app's keymap applied."""
    bindings = node._bindings
    keymap = _keymap(node)
    if not keymap:
        return bindings
    copy = bindings.copy()
    copy.apply_keymap(keymap)
    return copy


def remapped(node: DOMNode, binding: Binding) -> Binding:
    """``binding`` with its key from the app's keymap, if remapped there."""
    keys = _keymap(node).get(binding.id or "")
    return binding.with_key(keys, key_display=None) if keys else binding


def keys_of(node: DOMNode, action: str) -> tuple[str, ...]:
    """The keys that run ``action`` (a ``keymap.ACTIONS`` name) now."""
    try:
        chosen = getattr(node.app, "action_keys", None)
    except Exception:
        chosen = None
    if isinstance(chosen, dict) and action in chosen:
        return tuple(chosen[action])
    return ACTIONS[action].keys


def key_name(node: DOMNode, action: str) -> str:
    """The first key of ``action``, as help and messages write it ("ctrl+s", "F5")."""
    return display_key(keys_of(node, action)[0])


def key_names(node: DOMNode, action: str) -> str:
    """Every key of ``action``, as help writes them ("ctrl+n / PgDn")."""
    return " / ".join(display_key(key) for key in keys_of(node, action))
