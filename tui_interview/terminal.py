"""The terminal driver: Textual's own, made to survive malformed input.

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
"""

from __future__ import annotations

import codecs
import functools
import types

from textual.drivers import linux_driver


def tolerant_incremental_decoder(encoding: str):
    """``codecs.getincrementaldecoder``, with ``errors="replace"`` as the default."""
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def _tolerant_input_loop() -> types.FunctionType:
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


class TolerantLinuxDriver(linux_driver.LinuxDriver):
    """Textual's Linux driver; a byte that is not UTF-8 is read as U+FFFD."""

    run_input_thread = _tolerant_input_loop()
