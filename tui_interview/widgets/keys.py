"""The keys of the moment, read from ``tui_interview.keymap`` with the user's
``[keys]`` applied (the app keeps the result: ``action_keys``).

The app applies ``[keys]`` to each screen's own bindings as the screen is
pushed (``apply_keys``), in place and in order, rather than through Textual's
``App.set_keymap``: Textual applies its keymap only to the binding chains it
builds for the footer and dispatch (not to the look-ups this app does itself:
in-order handling, the keys held after one that opens a dialog, help, the
palette), and moves a remapped key to the end of the footer.
"""

from __future__ import annotations

from collections.abc import Collection

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from tui_interview.keymap import ACTIONS, display_key


def default(action: str) -> str:
    """The default keys of ``action`` for a ``Binding`` ("ctrl+n,pagedown")."""
    return ",".join(ACTIONS[action].keys)


def apply_keys(node: DOMNode, keymap: dict[str, str]) -> None:
    """Give ``node``'s bindings their keys from ``keymap`` (binding id ->
    "key,key"), each remapped binding where it was, once."""
    if not keymap or getattr(node, "_keys_applied", False):
        return
    setattr(node, "_keys_applied", True)  # noqa: B010 (a mark on a Textual node)
    rebuilt: dict[str, list[Binding]] = {}
    done: set[str] = set()
    for key, bindings in node._bindings.key_to_bindings.items():
        for binding in bindings:
            keys = keymap.get(binding.id or "")
            if keys is None:
                rebuilt.setdefault(key, []).append(binding)
            elif binding.id not in done:
                done.add(binding.id or "")
                for new_key in keys.split(","):
                    rebuilt.setdefault(new_key, []).append(
                        binding.with_key(new_key, key_display=None)
                    )
    node._bindings.key_to_bindings = rebuilt


def bindings_of(node: DOMNode) -> BindingsMap:
    """``node``'s own bindings (with ``[keys]`` applied, see ``apply_keys``)."""
    return node._bindings


def binding_keys(node: DOMNode, actions: Collection[str]) -> set[str]:
    """The keys of ``node``'s own bindings whose action (a method name, such
    as ``rate``) is one of ``actions``, with ``[keys]`` applied."""
    return {
        key.strip()
        for _, binding in bindings_of(node)
        if binding.action in actions
        for key in binding.key.split(",")
    }


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
