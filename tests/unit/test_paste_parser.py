"""Bracketed paste holding ESC: one paste, exactly as sent (issue 24 §4).

Textual's own XTermParser (8.2.8) turns the characters after an ESC inside a
paste into keys, sent before the paste; ExactPasteParser keeps them in it."""

from __future__ import annotations

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from tui_interview.terminal import ExactPasteParser

START, END = "\x1b[200~", "\x1b[201~"
COLOURED = "B1 start\x1b[31mred\x1b[0m B1 end"
HOSTILE = [
    COLOURED,
    "title \x1b]0;owned\x07 bell inside",
    "lone ESC at the end \x1b",
    "ESC ESC \x1b\x1b[A and an arrow",
    "half an end \x1b[201 and \x1b[20 then",
    "a paste start inside \x1b[200~ is text",
    "\x1b" * 40 + "[" * 40,
    "line one\r\nline two\tüñï 😀",
]


def feed_all(parser, chunks):
    out = []
    for chunk in chunks:
        out.extend(parser.feed(chunk))
    return out


def pastes_and_keys(events_out):
    return [
        ("paste", e.text) if isinstance(e, events.Paste) else ("key", e.key)
        for e in events_out
        if isinstance(e, events.Paste | events.Key)
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_paste_holding_esc_arrives_whole_and_alone(text):
    got = pastes_and_keys(feed_all(ExactPasteParser(), [START + text + END]))
    assert got == [("paste", text)]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_paste_split_at_every_character_arrives_whole(text):
    data = START + text + END
    got = pastes_and_keys(feed_all(ExactPasteParser(), list(data)))
    assert got == [("paste", text)]


def test_textual_s_own_parser_still_reorders_it():
    """The reason for the subclass; when this fails, Textual has fixed it."""
    got = pastes_and_keys(feed_all(XTermParser(), [START + COLOURED + END]))
    assert got != [("paste", COLOURED)]


def test_keys_before_and_after_a_paste_keep_their_order():
    data = "a" + START + COLOURED + END + "b\x1b[Ac"
    got = pastes_and_keys(feed_all(ExactPasteParser(), [data]))
    assert got == [("key", "a"), ("paste", COLOURED), ("key", "b"), ("key", "up"), ("key", "c")]


def test_two_pastes_in_a_row_and_nul_dropped_as_textual_does():
    data = START + "one\x1b[1m" + END + START + "t\x00wo" + END
    got = pastes_and_keys(feed_all(ExactPasteParser(), [data]))
    assert got == [("paste", "one\x1b[1m"), ("paste", "two")]


def test_an_escape_key_outside_a_paste_is_still_the_escape_key():
    parser = ExactPasteParser()
    out = list(parser.feed("\x1b"))
    parser._timeout_time = 0.0  # the escape delay is over: what tick() sees
    out.extend(parser.tick())
    assert pastes_and_keys(out) == [("key", "escape")]


def test_an_unfinished_paste_is_given_at_end_of_input():
    out = feed_all(ExactPasteParser(), [START + "cut \x1b[3", ""])
    assert pastes_and_keys(out) == [("paste", "cut \x1b[3")]


def test_the_app_s_drivers_read_with_the_exact_paste_parser(app_context, monkeypatch):
    from textual import constants

    from tui_interview.app import InterviewApp
    from tui_interview.terminal import TolerantLinuxDriver

    assert TolerantLinuxDriver.run_input_thread.__globals__["XTermParser"] is ExactPasteParser
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.web_driver:WebDriver")
    web = InterviewApp(app_context).get_driver_class()
    assert web.__name__ == "ExactPasteWebDriver"
    assert web.run_input_thread.__globals__["XTermParser"] is ExactPasteParser
