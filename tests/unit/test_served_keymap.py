"""Under ``serve`` every action has a key browsers let through to the page
(keymap.SERVED_KEYS), and ``[keys]`` still remaps it."""

from __future__ import annotations

import pytest

from tui_interview import keymap
from tui_interview.keymap import ACTIONS, BROWSER_KEPT, SERVED_ENV, SERVED_KEYS, KeymapError


def test_in_a_browser_every_action_has_a_key_the_browser_passes_through():
    keys = keymap.resolve({}, in_browser=True)
    assert set(keys) == set(ACTIONS)
    for name, chosen in keys.items():
        assert chosen, name
        assert not set(chosen) & BROWSER_KEPT, name
        for key in chosen:
            assert keymap.check_key(key) is None, (name, key)
    # The actions whose default a browser keeps are exactly the served ones.
    kept = {name for name, action in ACTIONS.items() if set(action.keys) & BROWSER_KEPT}
    assert kept == set(SERVED_KEYS)
    assert keys["new_interview"] == ("ctrl+b",) and keys["tick_next_probe"] == ("f4",)


def test_in_a_terminal_the_defaults_stay():
    keys = keymap.resolve({}, in_browser=False)
    assert keys["new_interview"] == ("ctrl+n",)
    assert keys["next_question"] == ("ctrl+n", "pagedown")


def test_served_is_told_by_the_server(monkeypatch):
    monkeypatch.delenv(SERVED_ENV, raising=False)
    assert not keymap.served()
    assert keymap.resolve({})["open_panel"] == ("ctrl+t",)
    monkeypatch.setenv(SERVED_ENV, "/some/folder")
    assert keymap.served()
    assert keymap.resolve({})["open_panel"] == ("f4",)


def test_remaps_still_work_in_a_browser_less_the_keys_it_keeps():
    keys = keymap.resolve({"next_question": "f5", "new_interview": "ctrl+n,f8"}, in_browser=True)
    assert keys["next_question"] == ("f5",)
    assert keys["new_interview"] == ("f8",)  # ctrl+n would never arrive
    # Only kept keys: the served default instead.
    assert keymap.resolve({"tick_next_probe": "ctrl+t"}, in_browser=True)["tick_next_probe"] == (
        "f4",
    )
    # The bindings the app gives its screens follow (binding id -> keys).
    bindings = keymap.binding_keymap(keymap.resolve({}, in_browser=True))
    assert bindings["home.new"] == "ctrl+b" and bindings["interview.tick_probe"] == "f4"
    assert bindings["interview.next"] == "ctrl+b,pagedown"


def test_a_remap_onto_a_served_key_is_a_clash_in_a_browser_only():
    with pytest.raises(KeymapError, match="next_question"):
        keymap.resolve({"rate": "ctrl+b"}, in_browser=True)
    assert keymap.resolve({"rate": "ctrl+b"}, in_browser=False)["rate"] == ("ctrl+b",)
