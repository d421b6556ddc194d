"""What goes between the app and the terminal: a driver that survives
malformed input, and a last filter on output.

**Input.**
Textual's Linux driver decodes what the terminal sends with a strict UTF-8
decoder, in its input thread: one byte that is not UTF-8 (``tmux send-keys -H
ff``, a terminal set to send Alt as the eighth bit, line noise over SSH)
raises UnicodeDecodeError there, and the app panics and exits, taking the
interview screen with it.

``TolerantLinuxDriver`` runs Textual's very input loop, with one change: its
decoder replaces a malformed byte with U+FFFD (�), which arrives as a typed
character the interviewer can see and delete. Nothing else differs, so every
other fix Textual makes to its loop still applies. (The loop's code is run
with its module's globals, except for ``getincrementaldecoder``; no global
state is changed.)

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
from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

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


def tolerant_incremental_decoder(encoding: str):
    """``codecs.getincrementaldecoder``, with ``errors="replace"`` as the default."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def _tolerant_input_loop() -> Callable[..., None]:
    from textual.drivers import linux_driver

    stock = linux_driver.LinuxDriver.run_input_thread
    if "getincrementaldecoder" not in stock.__code__.co_names:
        # Textual now decodes some other way: keep its loop as it is (the test
        # of this module then says that the workaround no longer applies).
        return stock
    scope = {**stock.__globals__, "getincrementaldecoder": tolerant_incremental_decoder}
    loop = types.FunctionType(
        stock.__code__, scope, stock.__name__, stock.__defaults__, stock.__closure__
    )
    return functools.wraps(stock)(loop)


if sys.platform != "win32":  # Textual's Linux driver needs termios
    from textual.drivers.linux_driver import LinuxDriver

    class TolerantLinuxDriver(LinuxDriver):
        """Textual's Linux driver; a byte that is not UTF-8 is read as U+FFFD."""

        run_input_thread = _tolerant_input_loop()
