"""Keys and pastes handled one at a time, start to finish, in the order they
arrive: the one mechanism every screen, dialog and field gets without opting in.

Textual hands a key to the focused widget's own message queue; a key the
widget does not use bubbles up through other queues, and its binding runs
last, in the app's queue. When keys arrive in a burst (SSH, tmux, a paste, a
browser's websocket) a binding can run after keys typed *after* it: Backspace
(an ``Input`` binding) after the letters behind it, ``ctrl+s`` before the
competency ticked just before it is mounted (Textualize/textual#6605).

Here the app takes every key and paste from the terminal into one queue
(``KeyOrder.feed``) and hands on the next only when the one before it is done:

1. The app sees it first (the lock key).
2. The screen may take it (``KeyRouter.route_key``), or make it and every key
   after it wait for work of its own (``KeyRouter.keys_wait``; the screen calls
   ``KeyOrder.resume`` when that work is done).
3. A printable key or a paste on a widget that takes no text and has no
   binding for it goes to the screen's text field (``TypingTarget``).
4. The focused widget handles it *in its own queue*: its own handlers, then
   its containers' and its screen's, then the bindings of its chain and the
   app's, inside that one callback.
5. The key is done once every message it caused along that chain has been
   handled (a hop through each queue, after what the key posted there), and,
   if it opened or closed a screen (or anything else registered work with
   ``wait_for``), once that screen is mounted and drawn with its focus. Only
   then is the next key looked at.

Every wait ends on an event (a mount, a refresh, a callback, ``resume``),
never on a timer.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events
from textual._dispatch_key import dispatch_key
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from tui_interview.widgets.keys import bindings_of

if TYPE_CHECKING:
    from textual.app import App

Arrival = events.Key | events.Paste

#: How many times a key's hop goes round one queue that keeps filling.
HOPS_AT_ONE_NODE = 8


@runtime_checkable
class KeyRouter(Protocol):
    """A screen that sees each key, in order, before the focused widget."""

    def route_key(self, event: events.Key) -> bool:
        """``True``: the screen took the key."""
        ...


@runtime_checkable
class KeyWaiter(Protocol):
    """A screen whose own work (a list being read, a key being derived) some
    keys must wait for; it calls ``KeyOrder.resume`` once that work is done."""

    def keys_wait(self, event: Arrival) -> bool: ...


@runtime_checkable
class PasteRouter(Protocol):
    """A screen that takes pastes itself (the lock screen)."""

    def route_paste(self, event: events.Paste) -> bool: ...


@runtime_checkable
class TypingTarget(Protocol):
    """A screen with a text field that typing on its lists is meant for."""

    def typing_field(self) -> Widget | None: ...


class _InPlaceKey(events.Key, bubble=False):
    """The key as the focused chain handles it here: it bubbles by hand,
    inside one callback, not through the queues of the widgets above."""


class _InPlacePaste(events.Paste, bubble=False):
    pass


# The handlers of the key and paste they stand for (``on_key``, ``_on_key``…).
_InPlaceKey.handler_name = events.Key.handler_name
_InPlacePaste.handler_name = events.Paste.handler_name


def takes_text(widget: Widget | None) -> bool:
    """Whether ``widget`` is a text field that takes typing now."""
    return isinstance(widget, (Input, TextArea)) and not getattr(widget, "read_only", False)


def chain_binding(widget: Widget, key: str) -> bool:
    """Whether ``key`` runs a binding of ``widget`` or a container up to its
    screen (the app's own bindings excluded)."""
    for node in widget.ancestors_with_self:
        if not isinstance(node, Widget):
            break
        for binding in bindings_of(node).key_to_bindings.get(key, ()):
            if not binding.priority:
                return True
        if isinstance(node, Screen):
            break
    return False


def focus_chain(widget: Widget) -> list[Widget]:
    """``widget`` and its containers, up to and including its screen."""
    chain: list[Widget] = []
    for node in widget.ancestors_with_self:
        if not isinstance(node, Widget):
            break
        chain.append(node)
        if isinstance(node, Screen):
            break
    return chain


class KeyOrder:
    """The app's one queue of keys and pastes (see the module's docstring)."""

    def __init__(self, app: App[Any]):
        self._app = app
        self._queue: deque[Arrival] = deque()
        #: A key is being handled (or its consequences waited for).
        self._busy = False
        #: A screen asked the keys to wait (``keys_wait``) until ``resume``.
        self._waiting_for_screen = False
        #: Work the next key waits for: screens being mounted, and the like
        #: (each made into an awaitable only when it is waited for, so that
        #: none is left unawaited when the app closes first).
        self._work: list[Callable[[], Awaitable[object]]] = []
        self._settling: asyncio.Task[None] | None = None
        #: Keys typed before the lock key while they waited (``feed``).
        self._aside: list[Arrival] = []
        #: Told each time the queue may have gone idle (``drained``).
        self._watchers: list[asyncio.Event] = []
        #: Called with each key the app sees first (the lock key…): ``True``
        #: means it was taken.
        self.first: Callable[[events.Key], bool] = lambda event: False

    @property
    def pending(self) -> int:
        """Keys and pastes not yet handled."""
        return len(self._queue)

    @property
    def idle(self) -> bool:
        """No key is being handled, and none waits but for a screen's own
        work (``keys_wait``)."""
        return not self._busy and (not self._queue or self._waiting_for_screen)

    async def drained(self) -> None:
        """Once ``idle`` (for tests and scripts: each key handled, in order)."""
        while not self.idle:
            done = asyncio.Event()
            self._watchers.append(done)
            await done.wait()

    def feed(self, event: Arrival) -> None:
        """A key or paste from the terminal, in the order it came. While the
        keys wait for a screen's own work, a key the app takes first (the
        lock key) is taken at once, and the keys typed before it are set
        aside until ``put_back`` (the lock screen is not where they belong)."""
        if self._waiting_for_screen and isinstance(event, events.Key):
            waiting = list(self._queue)
            if self.first(event):
                self._aside.extend(waiting)
                for _ in waiting:
                    self._queue.popleft()
                self._waiting_for_screen = False
                return
        self._queue.append(event)
        self._next()

    @property
    def waiting(self) -> list[Arrival]:
        """The keys that wait for a screen's own work (``keys_wait``)."""
        return list(self._queue) if self._waiting_for_screen else []

    def put_back(self) -> None:
        """The keys set aside by the lock key go on first, in their order."""
        aside, self._aside = self._aside, []
        self._queue.extendleft(reversed(aside))
        self._next()

    def wait_for(self, work: Callable[[], Awaitable[object]]) -> None:
        """Keys not yet handled wait until ``work()`` is done (a screen being
        mounted: ``push_screen`` registers it)."""
        self._work.append(work)

    def wait_for_screen(self, screen: Screen[Any]) -> None:
        """Keys not yet handled wait until ``screen`` (being pushed) has
        mounted, with its ``on_mount`` run: Textual's ``AwaitMount`` for a new
        screen waits for none of its widgets, and has no public hook for this
        (see docs/architecture.md)."""
        if not screen.is_mounted:
            self._work.append(screen._mounted_event.wait)

    def resume(self) -> None:
        """The screen's own work that keys waited for is done."""
        self._waiting_for_screen = False
        self._next()

    # -- one at a time -------------------------------------------------------

    def _next(self) -> None:
        self._take_next()
        if self.idle and self._watchers:
            watchers, self._watchers = self._watchers, []
            for watcher in watchers:
                watcher.set()

    def _take_next(self) -> None:
        while self._queue and not self._busy:
            if self._work:
                self._settle()
                return
            app = self._app
            if not app.is_running or not app.screen_stack:
                return
            screen = app.screen
            event = self._queue[0]
            if isinstance(screen, KeyWaiter) and screen.keys_wait(event):
                self._waiting_for_screen = True
                return
            self._waiting_for_screen = False
            self._queue.popleft()
            if self._taken_first(screen, event):
                continue
            self._busy = True
            target = self._target(screen, event)

            if not target.call_later(self._deliver, target, event, len(app.screen_stack)):
                self._busy = False  # closing: the key goes nowhere

    def _taken_first(self, screen: Screen[object], event: Arrival) -> bool:
        if isinstance(event, events.Key):
            if self.first(event):
                self._after_sync()
                return True
            if isinstance(screen, KeyRouter) and screen.route_key(event):
                self._after_sync()
                return True
        elif isinstance(screen, PasteRouter) and screen.route_paste(event):
            return True
        return False

    def _after_sync(self) -> None:
        """A key taken by the app or the screen may have opened a screen."""
        if self._work:
            self._busy = True
            self._settle()

    def _target(self, screen: Screen[object], event: Arrival) -> Widget:
        focused = screen.focused
        typed = isinstance(event, events.Paste) or (
            event.is_printable and event.key != "question_mark"
        )
        if typed and not takes_text(focused) and isinstance(screen, TypingTarget):
            key = event.key if isinstance(event, events.Key) else None
            if focused is None or key is None or not chain_binding(focused, key):
                field = screen.typing_field()
                if field is not None and takes_text(field) and field.focusable:
                    screen.set_focus(field, scroll_visible=False)
                    return field
        return focused or screen

    async def _deliver(self, target: Widget, event: Arrival, depth: int) -> None:
        """In ``target``'s own queue: the key, start to finish."""
        app = self._app
        try:
            if target.is_attached and target.screen is app.screen:
                await self._handle(target, event)
        finally:
            if len(app.screen_stack) != depth and not self._work:
                # Closed a screen: wait until the one beneath has drawn.
                self._work.append(lambda: _refreshed(app))
            chain: list[MessagePump] = [*focus_chain(target), app] if target.is_attached else [app]
            # After what the key's handling left for "next" (SelectionList
            # posts its SelectedChanged that way), then through each queue.
            target.call_next(self._hop, chain, 0)

    async def _handle(self, target: Widget, event: Arrival) -> None:
        app = self._app
        if isinstance(event, events.Paste):
            paste = _InPlacePaste(event.text)
            paste._set_forwarded()
            for node in focus_chain(target):
                paste._no_default_action = False
                await node._dispatch_message(paste)
                if paste._stop_propagation:
                    return
            return
        if await app._check_bindings(event.key, priority=True):
            return
        key = _InPlaceKey(event.key, event.character)
        key._set_forwarded()
        for node in focus_chain(target):
            key._no_default_action = False
            await node._dispatch_message(key)
            if key._stop_propagation:
                return
        if not await app._check_bindings(event.key):
            await dispatch_key(app, key)

    def _hop(self, nodes: list[MessagePump], again: int = 0) -> None:
        """Through each queue in turn, after what the key posted there: a
        node is left once its queue held nothing new behind the hop (a
        message handled there may post another: OptionList's selection
        becomes SelectionList's SelectedChanged), at most HOPS_AT_ONE_NODE
        times, so that a widget that is never quiet cannot hold the keys."""
        if nodes and again:
            node = nodes[0]
            if not node._message_queue.empty() and again < HOPS_AT_ONE_NODE:
                if node.call_later(self._hop, nodes, again + 1):
                    return
            nodes = nodes[1:]
        while nodes:
            if nodes[0].call_later(self._hop, nodes, 1):
                return
            nodes = nodes[1:]
        self._done()

    def _done(self) -> None:
        if self._work:
            self._settle()
            return
        self._busy = False
        self._next()

    def _settle(self) -> None:
        """Wait for the registered work, then for the top screen to draw."""
        self._busy = True
        if self._settling is None:
            self._settling = asyncio.get_running_loop().create_task(self._settled())

    async def _settled(self) -> None:
        app = self._app
        try:
            while self._work:
                work, self._work = self._work, []
                for item in work:
                    try:
                        await item()
                    except Exception:  # a screen that failed to mount: Textual reports it
                        pass
                if app.is_running and app.screen_stack:
                    await _refreshed(app)
        finally:
            self._settling = None
            self._busy = False
        if app.is_running:
            app.call_later(self._next)


async def _refreshed(app: App[Any]) -> None:
    """Once the top screen has handled what it has queued and drawn itself,
    and the app has handled what was queued for it meanwhile (focus)."""
    drawn = asyncio.Event()
    screen = app.screen
    if screen.call_after_refresh(drawn.set):
        await drawn.wait()
    handled = asyncio.Event()
    if app.call_later(handled.set):
        await handled.wait()
