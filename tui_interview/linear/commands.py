"""Linear mode's input: each line typed is a note, unless it starts with ``/``.

``parse_line`` turns one line into what it asks for: a ``NoteLine`` (the text
to save), a ``Command`` (a name and its checked arguments) or a ``Problem``
(one sentence saying what is wrong), or None for an empty line. ``//`` starts
a note whose text begins with one slash. Plain Python, nothing printed here.

Each command is one entry of ``COMMANDS``: its name, what its arguments are
(``Arg``), and its help line. ``/link N`` takes an optional direction word;
``LINK_DIRECTIONS`` lists the ones this version stores (evidence for only),
and ``ALL_LINK_DIRECTIONS`` the ones the parser knows, so that ``against``
is answered with a clear sentence, and adding it later is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tui_interview.domain.vocabulary import Tag


class Arg(Enum):
    """What a command takes after its name."""

    NONE = "none"
    #: A whole number from 1.
    NUMBER = "number"
    #: A whole number from 1, or nothing.
    OPTIONAL_NUMBER = "optional number"
    #: A number from 1, then an optional evidence direction word.
    LINK = "link"
    #: Nothing, or the word ``all``.
    OPTIONAL_ALL = "optional all"
    #: One of the STAR / follow-up / quote letters (``TAG_LETTERS``).
    TAG = "tag"


@dataclass(frozen=True)
class Spec:
    name: str
    arg: Arg
    usage: str
    help: str


#: ``/tag`` letters, as the TUI's note command keys.
TAG_LETTERS: dict[str, Tag] = {
    "s": Tag.SITUATION,
    "t": Tag.TASK,
    "a": Tag.ACTION,
    "r": Tag.RESULT,
    "f": Tag.FOLLOW_UP,
    "q": Tag.QUOTE,
}

#: The evidence directions ``/link N DIRECTION`` stores in this version.
LINK_DIRECTIONS: tuple[str, ...] = ("for",)
#: Every direction word the parser knows (``against``: not stored yet).
ALL_LINK_DIRECTIONS: tuple[str, ...] = ("for", "against")

COMMANDS: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        Spec("help", Arg.NONE, "/help", "this list"),
        Spec("next", Arg.NONE, "/next", "the next question or section"),
        Spec("prev", Arg.NONE, "/prev", "the previous question or section"),
        Spec("goto", Arg.NUMBER, "/goto N", "question N"),
        Spec("probes", Arg.NONE, "/probes", "read the question and its probes again"),
        Spec("tick", Arg.OPTIONAL_NUMBER, "/tick N", "tick or un-tick probe N (alone: the next)"),
        Spec(
            "behaviours",
            Arg.OPTIONAL_ALL,
            "/behaviours",
            "the behaviours to listen for, up to the target level (/behaviours all: every level)",
        ),
        Spec("notes", Arg.NONE, "/notes", "read this question's notes, numbered"),
        Spec(
            "link",
            Arg.LINK,
            "/link N",
            "link the last note to behaviour N as evidence for it (again: unlink)",
        ),
        Spec(
            "tag",
            Arg.TAG,
            "/tag s|t|a|r|f|q",
            "tag the last note: situation, task, action, result, follow-up, quote (again: untag)",
        ),
        Spec("pause", Arg.NONE, "/pause", "pause the clock, or start it again"),
        Spec("status", Arg.NONE, "/status", "where the interview is and the clock"),
        Spec("present", Arg.NONE, "/present", "candidate-present mode on or off"),
        Spec("rate", Arg.OPTIONAL_NUMBER, "/rate N", "rate competency N, its anchors read out"),
        Spec("decide", Arg.NONE, "/decide", "the overall recommendation"),
        Spec("finish", Arg.NONE, "/finish", "what is missing, then mark the interview finished"),
        Spec("quit", Arg.NONE, "/quit", "leave (everything is saved already)"),
    )
}

#: Other spellings of some commands.
ALIASES: dict[str, str] = {
    "h": "help",
    "?": "help",
    "n": "next",
    "p": "prev",
    "previous": "prev",
    "g": "goto",
    "behaviors": "behaviours",
    "q": "quit",
    "exit": "quit",
}


@dataclass(frozen=True)
class NoteLine:
    """A line to save as a note, as typed (a leading ``//`` made one ``/``)."""

    text: str


@dataclass(frozen=True)
class Command:
    name: str
    number: int | None = None
    #: ``/tag``'s tag.
    tag: Tag | None = None
    #: ``/link``'s direction ("for" unless given).
    direction: str | None = None
    #: ``/behaviours all``.
    every: bool = False


@dataclass(frozen=True)
class Problem:
    """A line that is neither a note nor a command this mode can run."""

    message: str


Parsed = NoteLine | Command | Problem


def parse_line(line: str) -> Parsed | None:
    """What one typed line asks for (its line break already taken off).
    None for a line with nothing but spaces: no note, no command."""
    if not line.strip():
        return None
    if line.startswith("//"):
        return NoteLine(line[1:])
    if not line.startswith("/"):
        return NoteLine(line)
    words = line[1:].split()
    if not words:
        return Problem("A command follows the slash: /help lists them (// starts a note with /).")
    name = words[0].lower()
    name = ALIASES.get(name, name)
    spec = COMMANDS.get(name)
    if spec is None:
        return Problem(f"No command /{words[0]}: /help lists them (// starts a note with a slash).")
    return _arguments(spec, words[1:])


def _number(text: str, spec: Spec) -> int | Problem:
    if not text.isdigit() or int(text) < 1:
        return Problem(f"{spec.usage}: N is a number from 1, not {text!r}.")
    return int(text)


def _arguments(spec: Spec, rest: list[str]) -> Command | Problem:
    usage = f"Usage: {spec.usage}."
    if spec.arg is Arg.NONE:
        return Command(spec.name) if not rest else Problem(f"{usage} It takes nothing after it.")
    if spec.arg in (Arg.OPTIONAL_NUMBER, Arg.OPTIONAL_ALL) and not rest:
        return Command(spec.name)
    if spec.arg is Arg.OPTIONAL_ALL:
        if rest != ["all"]:
            return Problem(f"Usage: {spec.usage} or {spec.usage} all.")
        return Command(spec.name, every=True)
    if spec.arg is Arg.TAG:
        if len(rest) != 1 or rest[0].lower() not in TAG_LETTERS:
            return Problem(
                f"{usage} One letter: s situation, t task, a action, r result, "
                "f follow-up, q quote."
            )
        return Command(spec.name, tag=TAG_LETTERS[rest[0].lower()])
    if not rest:
        return Problem(f"{usage} Give N.")
    if spec.arg is Arg.LINK:
        if len(rest) > 2:
            return Problem(f"{usage} Then nothing but a number.")
        number = _number(rest[0], spec)
        if isinstance(number, Problem):
            return number
        direction = rest[1].lower() if len(rest) == 2 else LINK_DIRECTIONS[0]
        if direction not in ALL_LINK_DIRECTIONS:
            return Problem(f"{usage} After N: nothing, or {' or '.join(LINK_DIRECTIONS)}.")
        if direction not in LINK_DIRECTIONS:
            return Problem(
                f"Evidence {direction} a behaviour is not kept in this version: "
                "/link N links evidence for it."
            )
        return Command(spec.name, number=number, direction=direction)
    if len(rest) != 1:
        return Problem(f"{usage} One number.")
    number = _number(rest[0], spec)
    if isinstance(number, Problem):
        return number
    return Command(spec.name, number=number)


def help_lines() -> list[str]:
    """``/help``: one short line per command, then how notes are typed."""
    lines = [f"{spec.usage}: {spec.help}." for spec in COMMANDS.values()]
    lines.append("Any other line is a note, saved at once with its time; // starts one with /.")
    return lines
