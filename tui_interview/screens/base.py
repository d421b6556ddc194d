"""The typed seam between screens and the app.

- ``tui_app(node)``: the app as the services screens may use
  (``AppServices``), never ``InterviewApp`` itself: no screen or widget
  imports ``tui_interview.app``.
- ``ask_app``: the one way a screen opens another (``screens.messages``).
- ``run_change``: the one way a screen runs a saved change of an
  ``Interview``. A change that could not be saved raises ``NotSaved`` (the
  one error type); ``run_change`` posts ``ChangeNotSaved``, and the app's
  one handler (``InterviewApp.on_change_not_saved``) shows NOT SAVED,
  whichever screen is up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar, cast

from textual.dom import DOMNode
from textual.message import Message
from textual.widget import Widget

from tui_interview.domain.session import SessionError
from tui_interview.domain.session_file import NotSaved

if TYPE_CHECKING:
    from tui_interview.context import AppContext
    from tui_interview.domain.curtain import Curtain
    from tui_interview.screens.messages import Open
    from tui_interview.widgets.key_order import KeyOrder

P = ParamSpec("P")
T = TypeVar("T")


class AppServices(Protocol):
    """What a screen may ask of the app it runs in."""

    #: Where things live, the loaded content, the store and the clock.
    context: AppContext
    #: The one queue of keys (``KeyOrder.resume`` after a screen's own work).
    key_order: KeyOrder

    @property
    def curtain(self) -> Curtain:
        """Which interviews are hidden while a candidate may be present."""
        ...

    def set_curtain(self, curtain: Curtain) -> None: ...

    @property
    def unlocking(self) -> bool:
        """The key is being derived from a given passphrase."""
        ...


def tui_app(node: DOMNode) -> AppServices:
    """The running app, as the services a screen may use."""
    return cast("AppServices", node.app)


def app_context(node: DOMNode) -> AppContext:
    """Where things live, the loaded content, the store and the clock."""
    return tui_app(node).context


def ask_app(node: DOMNode, message: Open) -> None:
    """Ask the app to open a screen. The keys after the one that asked wait
    until the app has handled it (and the screen is mounted: ``push_screen``),
    so that they go to the screen they were typed for."""
    tui_app(node).key_order.wait_for(message.handled.wait)
    node.app.post_message(message)


class ChangeNotSaved(Message):
    """A change was not saved (``reason``): the app says so, and every status
    line shows it until a change is saved."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


def say_not_saved(node: DOMNode, error: NotSaved) -> None:
    """Hand a change that was not saved to the app's one handler."""
    node.post_message(ChangeNotSaved(error.reason))


def run_change(
    node: Widget, change: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
) -> T | None:
    """Run one saved change (``Interview.next_stop``, ``.finish``…) with its
    arguments. A change the session refuses is said as a warning; one that
    could not be saved goes to the app's one handler (``ChangeNotSaved``).
    Either way nothing changed, and ``None`` is returned."""
    try:
        return change(*args, **kwargs)
    except NotSaved as error:
        say_not_saved(node, error)
    except SessionError as error:
        node.notify(str(error), severity="warning")
    return None
