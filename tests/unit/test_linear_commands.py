"""Linear mode's line parser: notes, // notes, commands and their arguments,
and one clear sentence for anything else."""

import pytest

from tui_interview.domain.vocabulary import Tag
from tui_interview.linear.commands import (
    ALL_LINK_DIRECTIONS,
    COMMANDS,
    LINK_DIRECTIONS,
    Command,
    NoteLine,
    Problem,
    help_lines,
    parse_line,
)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("She led the migration", "She led the migration"),
        ("  indented, kept as typed", "  indented, kept as typed"),
        ("//etc/hosts was edited by hand", "/etc/hosts was edited by hand"),
        ("///three", "//three"),
        ("a / in the middle", "a / in the middle"),
    ],
)
def test_a_line_is_a_note_and_a_double_slash_starts_one_with_a_slash(line, text):
    assert parse_line(line) == NoteLine(text)


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_an_empty_line_is_nothing(line):
    assert parse_line(line) is None


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("/help", Command("help")),
        ("/next", Command("next")),
        ("/prev", Command("prev")),
        ("/NEXT", Command("next")),
        ("/goto 3", Command("goto", number=3)),
        ("/probes", Command("probes")),
        ("/tick", Command("tick")),
        ("/tick 2", Command("tick", number=2)),
        ("/behaviours", Command("behaviours")),
        ("/behaviors all", Command("behaviours", every=True)),
        ("/link 4", Command("link", number=4, direction="for")),
        ("/link 4 for", Command("link", number=4, direction="for")),
        ("/tag s", Command("tag", tag=Tag.SITUATION)),
        ("/tag Q", Command("tag", tag=Tag.QUOTE)),
        ("/tag f", Command("tag", tag=Tag.FOLLOW_UP)),
        ("/pause", Command("pause")),
        ("/rate", Command("rate")),
        ("/rate 2", Command("rate", number=2)),
        ("/decide", Command("decide")),
        ("/finish", Command("finish")),
        ("/quit", Command("quit")),
        ("  /quit", None),  # not at the start: a note
    ],
)
def test_commands_and_their_arguments(line, command):
    parsed = parse_line(line)
    if command is None:
        assert parsed == NoteLine(line)
    else:
        assert parsed == command


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/", "A command follows the slash"),
        ("/frobnicate", "No command /frobnicate"),
        ("/goto", "Give N"),
        ("/goto x", "N is a number from 1, not 'x'"),
        ("/goto 0", "N is a number from 1"),
        ("/goto 1 2", "One number"),
        ("/tick -1", "N is a number from 1"),
        ("/tag", "One letter"),
        ("/tag x", "One letter"),
        ("/tag s t", "One letter"),
        ("/next 2", "It takes nothing after it"),
        ("/link", "Give N"),
        ("/link 2 sideways", "After N: nothing, or for"),
        ("/link 2 for now", "nothing but a number"),
        ("/behaviours some", "/behaviours all"),
    ],
)
def test_anything_else_is_one_clear_sentence(line, says):
    parsed = parse_line(line)
    assert isinstance(parsed, Problem)
    assert says in parsed.message


def test_against_is_known_but_not_kept_in_this_version():
    assert "against" in ALL_LINK_DIRECTIONS and "against" not in LINK_DIRECTIONS
    parsed = parse_line("/link 2 against")
    assert isinstance(parsed, Problem)
    assert "not kept in this version" in parsed.message


def test_help_names_every_command_the_issue_asks_for():
    text = "\n".join(help_lines())
    for name in (
        "help",
        "next",
        "prev",
        "goto",
        "probes",
        "tick",
        "behaviours",
        "link",
        "tag",
        "pause",
        "rate",
        "decide",
        "finish",
        "quit",
    ):
        assert name in COMMANDS
        assert f"/{name}" in text
    assert all(len(line) < 120 for line in help_lines())
