"""``visible_text``: stored text shown on a terminal or in a document can
neither drive the terminal nor hide characters from the reader."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_interview.domain.display import json_visible, visible_text

#: Text that attacks a terminal or the reader, as an imported session may hold it.
HOSTILE = [
    "\x1b]52;c;SGVsbG8=\x07",  # OSC 52: writes the clipboard
    "\x1b]0;pwned\x07",  # OSC 0: retitles the window
    "\x1b[2J",  # clears the screen
    "\x9b31m",  # C1 CSI: red, on terminals that read 8-bit controls
    "\u202eevil",  # right-to-left override
    "a\u200bb",  # zero-width space
]
#: Categories that must never reach an output: controls, format characters
#: (bidi, zero-width…), surrogates, line and paragraph separators.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def hidden(text: str, allowed: str = "") -> list[str]:
    """The characters of ``text`` that a terminal could obey or not show."""
    return [c for c in text if c not in allowed and unicodedata.category(c) in HIDDEN_CATEGORIES]


def test_hostile_examples_are_shown_as_symbols():
    assert [visible_text(t) for t in HOSTILE] == [
        "^[]52;c;SGVsbG8=^G",
        "^[]0;pwned^G",
        "^[[2J",
        "<U+009B>31m",
        "<U+202E>evil",
        "a<U+200B>b",
    ]


def test_each_kind_of_character_has_its_symbol():
    assert visible_text("\x00\x01\x1f\x7f") == "^@^A^_^?"
    assert visible_text("\u2066x\u2069 \ufeff \u00ad \U000e0041 \ud800") == (
        "<U+2066>x<U+2069> <U+FEFF> <U+00AD> <U+E0041> <U+D800>"
    )


def test_line_breaks_are_kept_only_on_multi_line_surfaces():
    text = "one\ntwo\r\nthree\rfour\x85five\u2028six\u2029seven\tend"
    assert visible_text(text, multiline=True) == ("one\ntwo\nthree\nfour\nfive\nsix\nseven\tend")
    assert visible_text(text) == "one↵two↵three↵four↵five↵six↵seven end"


def test_printable_text_of_any_script_is_unchanged():
    text = "Zoë O'Brien — שלום مرحبا 日本語 🎉 ^[ <U+202E> ↵"
    assert visible_text(text) == text
    assert visible_text(text, multiline=True) == text


@pytest.mark.parametrize("multiline", [False, True], ids=["single-line", "multi-line"])
def test_no_hidden_character_of_any_code_point_survives(multiline):
    """Every code point of every hidden category (in this Python's Unicode
    database) is replaced, so the hard-coded list cannot fall behind."""
    every = "".join(
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in HIDDEN_CATEGORIES
    )
    assert len(every) > 2000
    shown = visible_text(every, multiline=multiline)
    assert hidden(shown, allowed="\n\t" if multiline else "") == []


@settings(max_examples=500)
@given(st.text(), st.booleans())
def test_any_text_comes_out_visible_and_stable(text, multiline):
    shown = visible_text(text, multiline=multiline)
    assert hidden(shown, allowed="\n\t" if multiline else "") == []
    assert visible_text(shown, multiline=multiline) == shown
    # Line breaks are never added or lost on a multi-line surface.
    lines = len(text.replace("\r\n", "\n").splitlines()) if multiline else 1
    assert len(shown.splitlines()) <= max(lines, 1)


@given(
    st.text(
        alphabet=st.characters(
            blacklist_categories=tuple(HIDDEN_CATEGORIES) + ("Zl", "Zp"),
            blacklist_characters="\t",
        )
    )
)
def test_text_with_nothing_hidden_is_unchanged(text):
    assert visible_text(text) == text
    assert visible_text(text, multiline=True) == text


@settings(max_examples=300)
@given(st.dictionaries(st.text(), st.text() | st.lists(st.text())))
def test_json_visible_is_the_same_json_value_with_nothing_hidden(value):
    dumped = json.dumps(value, ensure_ascii=False, indent=2)
    shown = json_visible(dumped)
    assert json.loads(shown) == value
    assert hidden(shown, allowed="\n") == []


def test_json_visible_spells_astral_characters_as_surrogate_pairs():
    assert json_visible('"\U000e0041\u202e\x9b\x7f"') == '"\\udb40\\udc41\\u202e\\u009b\\u007f"'
