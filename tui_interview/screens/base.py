"""The typed seam between screens and the app: the app and its context as
their own types (Textual only knows ``App[Any]``), and the function type of a
saved change as the interview screen runs it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from tui_interview.app import InterviewApp
    from tui_interview.context import AppContext

P = ParamSpec("P")
T = TypeVar("T")


def tui_app(node: DOMNode) -> InterviewApp:
    """The running ``InterviewApp`` (``node.app`` typed)."""
    return cast("InterviewApp", node.app)


def app_context(node: DOMNode) -> AppContext:
    """Where things live, the loaded content, the store and the clock."""
    return tui_app(node).context


class SaveRunner(Protocol):
    """Runs one saved change (``Interview.next_question``, ``.finish``…) with
    its arguments: on failure it says so plainly (a storage error marks the
    interview NOT SAVED) and returns ``None``; else the change's result."""

    def __call__(
        self, change: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T | None: ...
