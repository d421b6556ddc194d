"""What a screen asks the app for: the screens it opens are the app's flow.

A screen never pushes another full screen itself: it asks the app with one
of these messages (``screens.base.ask_app``, as harlequin's widgets post
theirs), and the app (``InterviewApp.on_open``)
imports the screen from its one table (``app.SCREENS``), builds it and pushes
it. A screen's own dialogs, whose answer comes back to it as a callback
(confirm, go to, edit a note, link behaviours), it still pushes itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.message import Message

if TYPE_CHECKING:
    from tui_interview.domain.interview import Interview
    from tui_interview.domain.session import Session


class Open(Message):
    """Open the screen the app's table names ``screen``, built with
    ``args`` and ``kwargs``; ``then`` hears its result when it closes."""

    screen: ClassVar[str] = ""

    def __init__(self, *args: Any, then: Callable[[Any], object] | None = None, **kwargs: Any):
        super().__init__()
        self.args = args
        self.kwargs = kwargs
        self.then = then
        #: Set once the app has handled it (the keys after it wait for that).
        self.handled = asyncio.Event()


class OpenNewInterview(Open):
    screen = "new_interview"

    def __init__(self) -> None:
        super().__init__()


class OpenInterview(Open):
    """A stored session, opened for changes (or read-only, after asking)."""

    screen = "interview"

    def __init__(self, session_id: str, failed: Callable[[str], None] | None = None):
        super().__init__()
        self.session_id = session_id
        self.failed = failed


class OpenReview(Open):
    screen = "review"

    def __init__(self, interview: Interview, *, leave: Callable[[], object]):
        super().__init__(interview, leave=leave)


class OpenRating(Open):
    screen = "rating"

    def __init__(self, interview: Interview):
        super().__init__(interview)


class OpenRecommendation(Open):
    screen = "recommendation"

    def __init__(self, interview: Interview, then: Callable[[Any], object] | None = None):
        super().__init__(interview, then=then)


class OpenExport(Open):
    screen = "export"

    def __init__(self, session: Session, then: Callable[[Any], object] | None = None):
        super().__init__(session, then=then)


class OpenPanel(Open):
    screen = "panel"

    def __init__(self, paths: list[str], threshold: int | None = None):
        if threshold is None:
            super().__init__(paths)
        else:
            super().__init__(paths, threshold=threshold)


class OpenCalibration(Open):
    screen = "calibration"

    def __init__(self, paths: list[str]):
        super().__init__(paths)


class OpenQuestions(Open):
    screen = "questions"

    def __init__(self, paths: list[str]):
        super().__init__(paths)
