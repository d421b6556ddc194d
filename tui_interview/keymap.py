"""The app's remappable keys: one table, action name -> default key(s).

Every place that names a key reads it from here (through the Textual
bindings built from it, with the user's ``[keys]`` applied once at start):
the screens' bindings, the in-order key routing, the keys held after one that
opens a dialog, the note-command key, the footer, F1 help, the command palette
and the README's table. Plain Python: no Textual.

A key is written as Textual names it (``ctrl+n``, ``f5``, ``pagedown``);
several keys for one action are separated by commas (``"f5,pagedown"``), and
replace all the default ones.

**Keys a terminal can send** (the rule ``check_key`` applies): ``ctrl+`` and one
letter ``a``–``z`` (not ``ctrl+h``, ``ctrl+i``, ``ctrl+j``, ``ctrl+m``: terminals
send those as backspace, Tab, a new line and Enter); ``f1``–``f12``;
``pageup``, ``pagedown``, ``home``, ``end``, ``insert``, ``delete``,
``ctrl+backslash``. Not
``shift+`` or ``alt+`` anything, not ``ctrl+shift+``, ``ctrl+enter``, ``ctrl+``
a digit or sign: most terminals send them as another key or not at all.

**Keys a browser keeps** (``BROWSER_KEPT``): under ``tui-interview serve`` the
app runs in a web page, and browsers never give a page ``ctrl+n`` (new
window), ``ctrl+t`` (new tab), ``ctrl+w`` (close the tab), ``ctrl+tab``,
``ctrl+pageup``/``ctrl+pagedown`` (switch tabs) and their ``shift`` forms. The
server tells each app it runs so (``SERVED_ENV``); the app then uses
``SERVED_KEYS``, one alternate default per action that has a kept key, and
drops kept keys from ``[keys]`` (an action left with none gets its served
default), so that every action keeps a key that reaches it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from tui_interview.errors import TuiInterviewError


@dataclass(frozen=True)
class KeyAction:
    """A remappable action: its default keys, the Textual binding ids that run
    it, where it is active, and what it does (for the README and errors)."""

    keys: tuple[str, ...]
    binding_ids: tuple[str, ...]
    scopes: frozenset[str]
    what: str


def _action(keys: str, ids: str, scopes: str, what: str) -> KeyAction:
    return KeyAction(tuple(keys.split(",")), tuple(ids.split()), frozenset(scopes.split()), what)


#: Where an action is active: "app" is everywhere (it conflicts with every
#: other scope); the rest are screens and dialogs.
APP_SCOPE = "app"

#: action name -> its default keys, binding ids and scopes.
ACTIONS: dict[str, KeyAction] = {
    "help": _action("f1", "help", "app", "this screen's keys (? too, outside text fields)"),
    "quit": _action("ctrl+q", "quit", "app", "quit"),
    "lock": _action(
        "ctrl+backslash", "lock", "app", "lock: hide everything until the passphrase is entered"
    ),
    "new_interview": _action("ctrl+n", "home.new", "home", "home: plan a new interview"),
    "delete_interview": _action("ctrl+r", "home.delete", "home", "home: delete the chosen one"),
    "open_panel": _action(
        "ctrl+t", "home.panel", "home", "home: the Panel screen on a folder of transcripts"
    ),
    "open_calibration": _action(
        "f7", "home.calibration", "home", "home: interviewer calibration over transcripts"
    ),
    "open_questions": _action(
        "ctrl+y", "home.questions", "home", "home: question effectiveness over transcripts"
    ),
    "export": _action("ctrl+o", "home.export review.export", "home review", "export dialog"),
    "start_interview": _action("ctrl+s", "new.start", "new", "new interview: start it"),
    "next_question": _action(
        "ctrl+n,pagedown", "interview.next", "interview", "next question or section"
    ),
    "previous_question": _action(
        "ctrl+o,pageup", "interview.previous", "interview", "previous question or section"
    ),
    "go_to_question": _action("ctrl+g", "interview.goto", "interview", "go to a question"),
    "tick_next_probe": _action(
        "ctrl+t", "interview.tick_probe", "interview", "tick the next probing question"
    ),
    "link_last_note": _action(
        "ctrl+l", "interview.link", "interview", "link the last note to behaviours"
    ),
    "toggle_clock": _action("ctrl+s", "interview.clock", "interview", "pause / resume the clock"),
    "finish": _action("ctrl+f", "interview.finish", "interview", "finish: the review screen"),
    "rate": _action(
        "ctrl+r", "interview.rate review.rate", "interview review", "rate the competencies"
    ),
    "note_command": _action(
        "ctrl+e", "interview.note_command", "interview", "a note command (then one key)"
    ),
    "find_in_notes": _action("f3", "interview.find", "interview", "find in this interview's notes"),
    "add_question": _action("f2", "interview.add_question", "interview", "add a question"),
    "toggle_candidate_present": _action(
        "f6",
        "interview.candidate_present home.candidate_present",
        "interview home",
        "candidate-present mode on / off; home: show / hide the names",
    ),
    "home": _action(
        "f10", "interview.home review.home", "interview review", "back to the home screen"
    ),
    "mark_finished": _action("ctrl+f", "review.finish", "review", "review: mark finished"),
    "decide": _action("ctrl+d", "review.decide", "review", "review: the recommendation"),
    "check_wording": _action(
        "ctrl+e", "review.wording", "review", "review: the flagged notes, to edit or leave"
    ),
    "submit": _action(
        "ctrl+s",
        "rating.submit decide.submit export.write",
        "rating decide export",
        "rating, recommendation, export: submit",
    ),
    "next_competency": _action("ctrl+n", "rating.next", "rating", "rating: next competency"),
}

#: Set (to the server's 0700 state folder) by ``tui-interview serve`` for each
#: copy of the app it runs: that copy is in a browser page.
SERVED_ENV = "TUI_INTERVIEW_SERVED"

#: Keys real browsers keep for themselves: a page never receives them
#: (Chromium's reserved shortcuts; Firefox keeps the same ones).
BROWSER_KEPT = frozenset(
    "ctrl+n ctrl+t ctrl+w ctrl+tab ctrl+pageup ctrl+pagedown "
    "ctrl+shift+n ctrl+shift+t ctrl+shift+w ctrl+shift+tab ctrl+shift+q".split()
)

#: Under serve: the default keys of the actions whose default has a key a
#: browser keeps. ctrl+n becomes ctrl+b, ctrl+t becomes F4.
SERVED_KEYS: dict[str, tuple[str, ...]] = {
    "new_interview": ("ctrl+b",),
    "next_question": ("ctrl+b", "pagedown"),
    "next_competency": ("ctrl+b",),
    "open_panel": ("f4",),
    "tick_next_probe": ("f4",),
}


def served() -> bool:
    """Whether this copy of the app runs in a browser page (``serve``)."""
    return bool(os.environ.get(SERVED_ENV))


def default_keys(*, in_browser: bool = False) -> dict[str, tuple[str, ...]]:
    """Every action's default keys: in a browser page, ``SERVED_KEYS`` for
    those browsers would keep."""
    keys = {name: action.keys for name, action in ACTIONS.items()}
    if in_browser:
        keys.update(SERVED_KEYS)
    return keys


#: Keys that are not remappable actions but are taken where they work, so no
#: action may have them there: moving, Enter and Escape, ctrl+p (the command
#: palette), ctrl+c (copy), ctrl+j (a new line in a note).
FIXED_KEYS: dict[str, frozenset[str]] = {
    APP_SCOPE: frozenset(
        "tab shift+tab enter escape up down left right ctrl+p ctrl+c ctrl+j".split()
    ),
    "home": frozenset("pageup pagedown".split()),
    # The note input's own editing keys (Textual's TextArea's, less those the
    # interview screen takes by default: tests/test_keymap.py compares them).
    "interview": frozenset(
        "backspace ctrl+a ctrl+d ctrl+k ctrl+u ctrl+v ctrl+w ctrl+x ctrl+y ctrl+z "
        "delete end home f7".split()
    ),
}

#: The keys no remap may take in the note input, because it uses them itself
#: by default (Textual's TextArea binds them; the interview screen's defaults
#: win there): the note input leaves these to the screen.
NOTE_INPUT_YIELDS = frozenset({"pageup", "pagedown", "ctrl+e", "f6"})

#: ctrl+backslash is byte 0x1c, which every terminal sends (the app turns off
#: the quit signal it would raise).
_NAMED_KEYS = frozenset("pageup pagedown home end insert delete ctrl+backslash".split())
#: ctrl+ these letters reach the app as another key.
_CTRL_AS_OTHER = {"h": "backspace", "i": "tab", "j": "a new line", "m": "enter"}
_KEY_RULE = "use ctrl+LETTER, f1-f12, pageup, pagedown, home, end, insert, delete or ctrl+backslash"


def check_key(key: str) -> str | None:
    """Why a terminal cannot send ``key`` (a Textual key name), or ``None``."""
    if re.fullmatch(r"f([1-9]|1[0-2])", key) or key in _NAMED_KEYS:
        return None
    found = re.fullmatch(r"ctrl\+([a-z])", key)
    if found:
        if found[1] in _CTRL_AS_OTHER:
            return f"terminals send {key!r} as {_CTRL_AS_OTHER[found[1]]}; {_KEY_RULE}"
        return None
    return f"{key!r} is not a key terminals send reliably; {_KEY_RULE}"


class KeymapError(TuiInterviewError):
    """A ``[keys]`` entry that cannot be applied: ``action`` names it."""

    def __init__(self, action: str, message: str):
        super().__init__(message)
        self.action = action


def parse_keys(value: str) -> tuple[str, ...]:
    """``"f5, PageDown"`` -> ``("f5", "pagedown")``."""
    return tuple(part.strip().lower() for part in value.split(",") if part.strip())


def resolve(
    remaps: dict[str, str], *, in_browser: bool | None = None
) -> dict[str, tuple[str, ...]]:
    """Every action's keys, with ``remaps`` (action name -> keys) applied.
    Raises KeymapError for an unknown action, a key terminals cannot send, or
    two actions (or an action and a fixed key) on one key where both work.
    ``in_browser`` (default: ``served()``) starts from the served defaults
    and drops the keys browsers keep from the remaps."""
    if in_browser is None:
        in_browser = served()
    keys = default_keys(in_browser=in_browser)
    for name, value in remaps.items():
        if name not in ACTIONS:
            raise KeymapError(
                name, f"unknown action {name!r} (actions: {', '.join(sorted(ACTIONS))})"
            )
        chosen = parse_keys(value)
        if not chosen:
            raise KeymapError(name, f"{name}: no key given")
        for key in chosen:
            problem = check_key(key)
            if problem:
                raise KeymapError(name, f"{name}: {problem}")
        if in_browser:
            reachable = tuple(key for key in chosen if key not in BROWSER_KEPT)
            chosen = reachable or SERVED_KEYS.get(name, ACTIONS[name].keys)
        keys[name] = chosen
    # A clash is said about the later of the two remaps (the file's order);
    # in a browser page the served defaults come first.
    changed = [name for name in SERVED_KEYS if in_browser and name not in remaps]
    later = changed + list(remaps)
    for name in changed + list(remaps):
        later.remove(name)
        for key in keys[name]:
            clash = _clash(name, key, {n: k for n, k in keys.items() if n not in later})
            if clash:
                raise KeymapError(name, f"{name}: {key!r} is already {clash}")
    return keys


def _shares_scope(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) or APP_SCOPE in a or APP_SCOPE in b


def _clash(name: str, key: str, keys: dict[str, tuple[str, ...]]) -> str | None:
    scopes = ACTIONS[name].scopes
    for other, other_keys in keys.items():
        if other != name and key in other_keys and _shares_scope(scopes, ACTIONS[other].scopes):
            return f"the key of {other!r}"
    for scope, fixed in FIXED_KEYS.items():
        if key in fixed and _shares_scope(scopes, frozenset({scope})):
            where = "everywhere" if scope == APP_SCOPE else f"on the {scope} screen"
            return f"taken {where} (not remappable)"
    return None


def binding_keymap(keys: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """binding id -> "key,key" for the actions whose keys differ from the
    defaults (what the app applies to each screen's bindings)."""
    return {
        binding_id: ",".join(chosen)
        for name, chosen in keys.items()
        if chosen != ACTIONS[name].keys
        for binding_id in ACTIONS[name].binding_ids
    }


def display_key(key: str) -> str:
    """How help and hints write a key: ``ctrl+e``, ``F5``, ``PgDn``."""
    named = {"pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End"}
    if re.fullmatch(r"f\d+", key):
        return key.upper()
    return named.get(key, key)
