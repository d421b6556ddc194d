"""[keys]: one table of actions (keymap.ACTIONS) that every key look-up reads,
remapped once at start; keys terminals cannot send and clashes are refused."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from conftest import make_session, queue, settle
from textual.binding import Binding
from textual.widgets import TextArea

import tui_interview.screens.export
import tui_interview.screens.home
import tui_interview.screens.interview
import tui_interview.screens.new_interview
import tui_interview.screens.rating
import tui_interview.screens.review
from tui_interview import keymap
from tui_interview.app import InterviewApp
from tui_interview.context import AppContext
from tui_interview.domain.session import Section
from tui_interview.keymap import ACTIONS, FIXED_KEYS, NOTE_INPUT_YIELDS, KeymapError, resolve
from tui_interview.settings import ConfigError, Settings, load_settings
from tui_interview.widgets.note_input import NoteInput

#: The guide page with the table of actions and their default keys.
KEYS_TABLE = Path(__file__).parents[2] / "docs" / "guide" / "configuration.md"


def all_bindings() -> dict[str, Binding]:
    """Every Binding with an id that the app's classes declare."""
    found: dict[str, Binding] = {}
    modules = [
        tui_interview.app,
        tui_interview.screens.export,
        tui_interview.screens.home,
        tui_interview.screens.interview,
        tui_interview.screens.new_interview,
        tui_interview.screens.rating,
        tui_interview.screens.review,
    ]
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            for binding in vars(cls).get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    found[binding.id] = binding
    return found


def test_every_action_of_the_table_is_a_binding_with_its_default_keys():
    bindings = all_bindings()
    for name, action in ACTIONS.items():
        for binding_id in action.binding_ids:
            assert binding_id in bindings, (name, binding_id)
            assert bindings[binding_id].key == ",".join(action.keys), (name, binding_id)


def test_the_note_inputs_own_keys_are_the_fixed_ones():
    """The interview's fixed keys are TextArea's editing keys the note input
    keeps (printable-free): a remap onto one would never reach the screen."""
    textarea = {k for b in TextArea.BINDINGS for k in b.key.split(",")}  # type: ignore[union-attr]
    kept = {k for b in NoteInput.BINDINGS for k in b.key.split(",")}  # type: ignore[union-attr]
    assert textarea - kept == NOTE_INPUT_YIELDS
    sendable = {k for k in kept if keymap.check_key(k) is None}
    assert sendable <= FIXED_KEYS["interview"] | FIXED_KEYS["app"]
    assert FIXED_KEYS["interview"] <= kept | {"backspace"}


def test_the_guide_lists_every_action_with_its_default_keys():
    text = KEYS_TABLE.read_text(encoding="utf-8")
    for name, action in ACTIONS.items():
        row = re.search(rf"^\| `{name}` \| ([^|]+) \|", text, re.MULTILINE)
        assert row, name
        assert row[1].strip() == ", ".join(f"`{k}`" for k in action.keys), name


@pytest.mark.parametrize(
    ("remaps", "message"),
    [
        ({"next_question": "ctrl+enter"}, "not a key terminals send"),
        ({"next_question": "shift+enter"}, "not a key terminals send"),
        ({"quit": "ctrl+shift+x"}, "not a key terminals send"),
        ({"help": "alt+h"}, "not a key terminals send"),
        ({"help": "ctrl+1"}, "not a key terminals send"),
        ({"help": "x"}, "not a key terminals send"),
        ({"home": "ctrl+m"}, "as enter"),
        ({"home": "ctrl+i"}, "as tab"),
        ({"next_question": "ctrl+g"}, "already the key of 'go_to_question'"),
        ({"next_question": "f5", "finish": "f5"}, "already the key of"),
        ({"toggle_clock": "ctrl+w"}, "taken on the interview screen"),
        ({"new_interview": "ctrl+p"}, "taken everywhere"),
        ({"help": "ctrl+n"}, "already the key of"),  # help works everywhere
        ({"nxt": "f5"}, "unknown action 'nxt'"),
        ({"next_question": " , "}, "no key given"),
    ],
)
def test_bad_remaps_are_refused(remaps, message):
    with pytest.raises(KeymapError, match=message):
        resolve(remaps)


def test_good_remaps_replace_the_defaults():
    keys = resolve({"next_question": "F5, PageDown", "new_interview": "ctrl+g"})
    assert keys["next_question"] == ("f5", "pagedown")
    # ctrl+g is go_to_question's key, but only on the interview screen.
    assert keys["new_interview"] == ("ctrl+g",)
    assert keymap.binding_keymap(keys) == {
        "interview.next": "f5,pagedown",
        "home.new": "ctrl+g",
    }


def test_a_clash_in_the_config_file_is_named_where_it_is(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[keys]\nnext_question = "f5"\n  finish = "f5"\n')
    with pytest.raises(ConfigError, match=rf"^{path}:4:3: \[keys\] finish: 'f5' is already"):
        load_settings(path)


def remapped_context(app_context, **keys: str) -> AppContext:
    return AppContext(
        app_context.data_dir,
        app_context.content_dirs,
        now=app_context.now,
        settings=Settings(keys=keys),
    )


async def test_a_remapped_key_works_and_the_old_one_does_not(app_context):
    context = remapped_context(app_context, next_question="f5")
    session_id = make_session(context)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Burst: f5, a note, the old key (now plain ctrl+n: nothing), a note.
        queue(app, "f5", *"one", "enter", "ctrl+n", *"two", "enter")
        await settle(pilot)
        session = app.screen.session
        assert session.current_index == 1
        assert [n.text for n in session.active_notes] == ["one", "two"]
        assert {n.question for n in session.active_notes} == {session.plan[1]}
        # pagedown was a default key of next_question too: the remap replaced it.
        await pilot.press("pagedown")
        assert app.screen.session.current_index == 1
        # The footer, help and palette say f5.
        footer_keys = {b.binding.key for b in app.active_bindings.values()}
        assert "f5" in footer_keys and "ctrl+n" not in footer_keys
        await pilot.press("f1")
        help_text = str(app.screen.query_one("Static").render())
        assert re.search(r"^  f5 +Next question", help_text, re.MULTILINE | re.IGNORECASE)
        assert "PgDn" not in help_text and "ctrl+n" not in help_text.replace("^n", "")


async def test_a_remapped_dialog_key_holds_the_keys_after_it(app_context):
    """go_to_question on F4: the filter typed right after it, in the same
    burst, goes to the dialog (the held keys follow the remap)."""
    context = remapped_context(app_context, go_to_question="f4")
    session_id = make_session(context)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, "f4", *"closing", "enter", *"bye", "enter")
        await settle(pilot)
        session = app.screen.session
        assert session.current_section is Section.CLOSING
        assert [n.text for n in session.active_notes] == ["bye"]
        # ctrl+g no longer opens it: typed after, it does nothing.
        queue(app, "ctrl+g", *"x")
        await settle(pilot)
        assert type(app.screen).__name__ == "InterviewScreen"
        assert app.screen.note_input.text == "x"


async def test_a_remapped_note_command_key(app_context):
    from tui_interview.domain.session import Tag

    context = remapped_context(app_context, note_command="f4")
    session_id = make_session(context)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *"said", "enter", "f4", "s", "ctrl+e", "r")
        await settle(pilot)
        notes = app.screen.session.active_notes
        assert notes[0].tags == (Tag.SITUATION,)
        # ctrl+e is no longer a note command (nor the note input's line end):
        # "r" is typed into the note.
        assert app.screen.note_input.text == "r"


async def test_a_remapped_home_key_is_the_one_the_empty_home_names(app_context):
    context = remapped_context(app_context, new_interview="f4")
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        empty = str(app.screen.query_one("#empty").render())
        assert "Press F4 to plan a new interview" in empty
        await pilot.press("ctrl+n")
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("f4")
        await pilot.pause()
        assert type(app.screen).__name__ == "NewInterviewScreen"
