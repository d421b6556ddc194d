"""What goes between the app and the terminal: a driver that survives
malformed input, and a last filter on output.

**Input.**
Textual's Linux driver decodes what the terminal sends with a strict UTF-8
decoder, in its input thread: one byte that is not UTF-8 (``tmux send-keys -H
ff``, a terminal set to send Alt as the eighth bit, line noise over SSH)
raises UnicodeDecodeError there, and the app panics and exits, taking the
interview screen with it.

``TolerantLinuxDriver`` runs Textual's very input loop, with two changes: its
decoder replaces a malformed byte with U+FFFD (�), which arrives as a typed
character the interviewer can see and delete; and its parser is
``ExactPasteParser``. Nothing else differs, so every other fix Textual makes
to its loop still applies. (The loop's code is run with its module's globals,
except for ``getincrementaldecoder`` and ``XTermParser``; no global state is
changed.)

**Bracketed paste.** Textual's ``XTermParser`` (8.2.8) reads an ESC inside a
bracketed paste as the start of an escape sequence: the characters after it
leave the paste and arrive as keys, before the paste event, and a BEL among
them is ``ctrl+g``. ``ExactPasteParser`` takes over from the moment Textual's
parser has read ``ESC [200~``: everything up to ``ESC [201~`` is one
``Paste``, exactly as sent (only NUL dropped, as Textual does). See
``docs/upstream-textual-paste.md`` for the fix offered upstream.

**Output.** Every screen shows stored text through ``visible_text``. Widgets
that edit text (the note input, the edit dialog, the rationale) must show it
as it is, so the cursor stays where the text is; ``HiddenCharacterFilter``,
the app's last line filter, drops from every line drawn any control, bidi or
zero-width character still in it. They take no cell, so nothing moves; the
few that take one (the soft hyphen) become �. Nothing the app draws can
drive the terminal, whichever widget draws it.
"""

from __future__ import annotations

import codecs
import functools
import re
import sys
import types
from collections.abc import Callable, Generator

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual._parser import ParseEOF, ParseTimeout, Peek1, Read1, TokenCallback
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.color import Color
from textual.filter import LineFilter
from textual.message import Message

from tui_interview.domain.display import HIDDEN_CHARACTER


class HiddenCharacterFilter(LineFilter):
    """Drops control, bidi and zero-width characters from every line drawn."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(HIDDEN_CHARACTER.search(text) for text, _, control in segments if not control):
            return segments
        filtered = []
        for text, style, control in segments:
            if not control:
                text = HIDDEN_CHARACTER.sub(_same_width, text)
                if not text:
                    continue
            filtered.append(Segment(text, style, control))
        return filtered


def _same_width(match: re.Match[str]) -> str:
    return "\ufffd" * cell_len(match.group())


class ExactPasteParser(XTermParser):
    """Textual's parser, except that a bracketed paste is read whole: from
    ``ESC [200~`` to ``ESC [201~`` nothing is a key, ESC and BEL included.

    It runs Textual's own parse loop and passes each character through; once
    that loop has read the opening sequence, the characters go into the paste
    instead, until the closing sequence. Textual's loop is then sent the
    closing sequence, so it leaves its paste state too, and its own (empty)
    paste event is dropped."""

    def parse(self, token_callback: TokenCallback) -> Generator[Read1 | Peek1, str, None]:
        swallow = False

        def on_token(token: Message) -> None:
            if not (swallow and isinstance(token, events.Paste)):
                token_callback(token)

        stock = super().parse(on_token)
        awaiting = next(stock)
        recent = ""
        while True:
            try:
                character = yield awaiting
            except ParseEOF:
                try:
                    stock.throw(ParseEOF())
                except StopIteration:
                    pass
                return
            except ParseTimeout as error:  # Textual's loop handles it
                try:
                    awaiting = stock.throw(error)
                except StopIteration:
                    return
                continue
            try:
                awaiting = stock.send(character)
            except StopIteration:
                return
            recent = (recent + character)[-len(BRACKETED_PASTE_START) :]
            if recent != BRACKETED_PASTE_START:
                continue
            recent = ""
            pasted: list[str] = []
            while True:
                try:
                    pasted.append((yield self.read1()))
                except ParseEOF:
                    token_callback(events.Paste("".join(pasted).replace("\x00", "")))
                    return
                if pasted[-1] == "\x1b" or len(pasted) < len(BRACKETED_PASTE_END):
                    continue
                if "".join(pasted[-len(BRACKETED_PASTE_END) :]) == BRACKETED_PASTE_END:
                    break
            text = "".join(pasted[: -len(BRACKETED_PASTE_END)])
            token_callback(events.Paste(text.replace("\x00", "")))
            swallow = True
            try:
                for end_character in BRACKETED_PASTE_END:
                    awaiting = stock.send(end_character)
            except StopIteration:
                return
            finally:
                swallow = False


def tolerant_incremental_decoder(encoding: str):
    """``codecs.getincrementaldecoder``, with ``errors="replace"`` as the default."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def _input_loop(stock: Callable[..., None], **names: object) -> Callable[..., None]:
    """A driver's input loop ``stock`` run with some of its globals replaced."""
    if not set(names) <= set(stock.__code__.co_names):
        # Textual's loop now works some other way: keep it as it is (the test
        # of this module then says that the workaround no longer applies).
        return stock
    scope = {**stock.__globals__, **names}
    loop = types.FunctionType(
        stock.__code__, scope, stock.__name__, stock.__defaults__, stock.__closure__
    )
    return functools.wraps(stock)(loop)


def _tolerant_input_loop() -> Callable[..., None]:
    from textual.drivers import linux_driver

    return _input_loop(
        linux_driver.LinuxDriver.run_input_thread,
        getincrementaldecoder=tolerant_incremental_decoder,
        XTermParser=ExactPasteParser,
    )


if sys.platform != "win32":  # Textual's Linux driver needs termios
    from textual.drivers.linux_driver import LinuxDriver

    class TolerantLinuxDriver(LinuxDriver):
        """Textual's Linux driver; a byte that is not UTF-8 is read as U+FFFD,
        and a bracketed paste arrives whole (``ExactPasteParser``)."""

        run_input_thread = _tolerant_input_loop()


def exact_paste_web_driver() -> type:
    """Textual's web driver (``serve``), reading a bracketed paste whole."""
    from textual.drivers.web_driver import WebDriver

    class ExactPasteWebDriver(WebDriver):
        """Textual's web driver with ``ExactPasteParser``."""

        run_input_thread = _input_loop(WebDriver.run_input_thread, XTermParser=ExactPasteParser)

    return ExactPasteWebDriver
