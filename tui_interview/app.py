"""The Textual app: screens, global keys, and the entry points the CLI calls."""

from __future__ import annotations

import importlib
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import NoColor
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from tui_interview.context import AppContext
from tui_interview.domain.curtain import Curtain
from tui_interview.domain.display import cut_to_cells, notice_text, visible_text
from tui_interview.errors import EXIT_UNAVAILABLE, TuiInterviewError
from tui_interview.keymap import binding_keymap
from tui_interview.screens.base import ChangeNotSaved
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.messages import Open, OpenInterview
from tui_interview.terminal import HiddenCharacterFilter
from tui_interview.widgets.key_order import KeyOrder
from tui_interview.widgets.keys import apply_keys, bindings_of, default, keys_of

if TYPE_CHECKING:
    from tui_interview.storage.crypto import DataKey


@runtime_checkable
class LeaveGuard(Protocol):
    """A screen that may hold typed text not yet saved: ``proceed`` is called
    once leaving loses nothing the user did not choose to lose."""

    def leave_then(self, proceed: Callable[[], object]) -> None: ...


@runtime_checkable
class PaletteCommands(Protocol):
    """A screen with commands that have no single key (title, help, callback)."""

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]: ...


#: The screens the app opens when a screen asks (``screens.messages.Open``):
#: name -> (module, class), imported only when first opened, which keeps the
#: start-up fast (home alone is imported at start).
SCREENS: dict[str, tuple[str, str]] = {
    "new_interview": ("tui_interview.screens.new_interview", "NewInterviewScreen"),
    "interview": ("tui_interview.screens.interview", "InterviewScreen"),
    "review": ("tui_interview.screens.review", "ReviewScreen"),
    "rating": ("tui_interview.screens.rating", "RatingScreen"),
    "recommendation": ("tui_interview.screens.review", "RecommendationScreen"),
    "export": ("tui_interview.screens.export", "ExportScreen"),
    "panel": ("tui_interview.screens.panel", "PanelScreen"),
    "calibration": ("tui_interview.screens.fairness", "CalibrationScreen"),
    "questions": ("tui_interview.screens.fairness", "QuestionsScreen"),
    "lock": ("tui_interview.screens.lock", "LockScreen"),
    "help": ("tui_interview.screens.help", "HelpScreen"),
    "confirm": ("tui_interview.screens.confirm", "ConfirmScreen"),
}


def screen_class(name: str) -> type[Any]:
    """The screen class ``name`` of ``SCREENS``, imported now if it was not
    yet (typed ``Any``: each is built with its own arguments)."""
    module, cls = SCREENS[name]
    return cast("type[Any]", getattr(importlib.import_module(module), cls))


#: lock_after_minutes is counted on the app's own timers, in these seconds
#: (tests make a minute shorter).
SECONDS_PER_MINUTE = 60.0

#: Seconds after start before the content is loaded in the background.
PRELOAD_DELAY = 0.6
#: What ``panel PATH…`` opens the Panel screen with: the paths, the spread
#: threshold and, optionally, whether I chair it (None: the config says).
PanelStart = tuple[list[str], int] | tuple[list[str], int, bool | None]


class UnlockFailed(TuiInterviewError):
    """The key could not be derived for a reason other than the passphrase
    (the header unreadable, the file system refusing)."""

    exit_status = EXIT_UNAVAILABLE


class InterviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tui-interview"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding(default("help"), "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help_question_mark"),
        Binding(default("quit"), "quit", "Quit", id="quit"),
        Binding(default("lock"), "lock", "Lock", show=False, id="lock"),
    ]

    def __init__(
        self,
        context: AppContext,
        *,
        open_session: str | None = None,
        open_panel: PanelStart | None = None,
        prepare: Callable[[], str] | None = None,
    ):
        """``prepare``: called once the store is open (after the passphrase,
        if it is encrypted) for the session to open; a TuiInterviewError it
        raises ends the app with its message (as ``open_failed``)."""
        super().__init__()
        self.context = context
        self._prepare = prepare
        #: Transcripts and spread threshold for the Panel screen (``panel PATH…``).
        self._open_panel = open_panel
        #: The store is encrypted: the passphrase screen comes first, or, with
        #: the passphrase given (file or environment), home's empty frame
        #: while the key is derived in a thread (``unlocking``).
        self._locked_at_start = context.needs_passphrase
        self._unlocking = False
        self._unlock_worker: Worker[DataKey] | None = None
        #: Why the given passphrase did not unlock the store (the app then
        #: exits, and the command says this in one line).
        self.unlock_failed: TuiInterviewError | None = None
        #: lock_after_minutes in seconds (None: no idle lock), and when the
        #: last key came (time.monotonic: the app's own time, not the clock's).
        self._idle_after: float | None = None
        self._last_key = time.monotonic()
        self._idle_timer: Timer | None = None
        self._hidden_filter = HiddenCharacterFilter()
        self._no_color = NoColor()
        self._open_session = open_session
        #: Every key and paste, one at a time, in order (widgets/key_order.py).
        self.key_order = KeyOrder(self)
        self.key_order.first = self._key_first
        #: Why the session named on the command line could not be opened for
        #: changes (``resume``, ``new``): the command then exits with 1.
        self.open_failed: str | None = None
        #: Other interviews hidden while a candidate may be present
        #: (domain/curtain.py); changed only through ``set_curtain``.
        self.curtain = Curtain()
        # The user's settings, applied once: every action's keys (keymap.ACTIONS
        # with [keys]; see widgets/keys.py) and the theme.
        settings = context.settings
        #: action name -> its keys now (read by widgets.keys).
        self.action_keys = settings.key_bindings()
        #: binding id -> its keys, where [keys] changed them (see push_screen).
        self.binding_keys = binding_keymap(self.action_keys)
        apply_keys(self, self.binding_keys)
        from tui_interview.themes import APP_THEMES, starting_theme

        for theme in APP_THEMES:
            self.register_theme(theme)
        self._configured_theme = settings.theme
        self.theme = starting_theme(settings.theme, self._remembered_theme())
        self._theme_seen: str | None = self.theme

    def _remembered_theme(self) -> dict[str, object]:
        state = self.context.state.read()
        return {"theme": state.get("theme"), "theme_config": state.get("theme_config")}

    def _remember_theme(self, theme: object) -> None:
        """A theme chosen from the palette is used until the config's
        ``theme`` changes (see tui_interview.themes)."""
        name = getattr(theme, "name", None)
        if name == self._theme_seen:
            return
        self._theme_seen = name
        try:
            self.context.state.write(theme=name, theme_config=self._configured_theme)
        except OSError:
            pass  # a convenience: the next run starts with the config's theme

    def get_driver_class(self):
        """Textual's driver for this terminal; on Linux and macOS, the one that
        survives a byte that is not UTF-8; under ``serve``, the web driver. Both
        read a bracketed paste whole (see ``tui_interview.terminal``)."""
        driver_class = super().get_driver_class()
        if driver_class.__module__ == "textual.drivers.linux_driver":
            from tui_interview.terminal import TolerantLinuxDriver

            return TolerantLinuxDriver
        if driver_class.__module__ == "textual.drivers.web_driver":
            from tui_interview.terminal import exact_paste_web_driver

            return exact_paste_web_driver()
        return driver_class

    def get_line_filters(self):
        """Textual's filters (NO_COLOR…), then the last line of defence that
        keeps control, bidi and zero-width characters off the terminal.

        Under NO_COLOR, Textual chooses Monochrome when the app is made, before
        the theme is set; on an ANSI theme (ansi-16) it turns the terminal's
        own default colours into black on black: NoColor there instead."""
        filters = super().get_line_filters()
        if self.no_color and self.native_ansi_color:
            from textual.filter import Monochrome

            filters = [self._no_color if isinstance(f, Monochrome) else f for f in filters]
        return [*filters, self._hidden_filter]

    def get_default_screen(self) -> Screen:
        home = HomeScreen()  # it lists nothing while the store is locked
        apply_keys(home, self.binding_keys)
        return home

    def push_screen(self, screen, *args, **kwargs):
        """Every screen gets the keys of ``[keys]`` (once) as it is pushed,
        and the keys after the one that opened it wait until it is there."""
        if isinstance(screen, Screen):
            apply_keys(screen, self.binding_keys)
            self.key_order.wait_for_screen(screen)
        return super().push_screen(screen, *args, **kwargs)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # The competency library is loaded once per run: in the background
        # once the first screen is drawn (a thread parsing YAML during the first
        # paint slows it down, so it waits a moment), so the new-interview form
        # finds it ready (AppContext.library is a cached property: a form
        # opened before it is done waits for that one load).
        self.set_timer(PRELOAD_DELAY, self._preload_content)
        if self._locked_at_start and self.context.given_passphrase is not None:
            # Started once home's frame is drawn: the derivation (and the
            # import of `cryptography` it needs) would slow the first paint.
            self._unlocking = True
            self.call_after_refresh(self._unlock_given, self.context.given_passphrase)
        elif self._locked_at_start:
            LockScreen = screen_class("lock")
            self.push_screen(LockScreen(at_start=True, unlocked=self._unlocked_at_start))
        else:
            self._begin()

    @property
    def unlocking(self) -> bool:
        """Whether the key is being derived from the given passphrase: home
        shows its frame and "Unlocking…", nothing personal, and holds keys."""
        return self._unlocking

    def _unlock_given(self, passphrase: str) -> None:
        """Derive the key in a thread (scrypt, about half a second), so that
        the first paint does not wait for it; home lists once it is done."""
        from tui_interview.storage import crypto

        self._unlock_worker = self.run_worker(
            partial(crypto.unlock, self.context.data_dir, passphrase),
            name="unlock",
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._unlock_worker or not event.worker.is_finished:
            return
        self._unlock_worker = None
        self._unlocking = False
        if event.state != WorkerState.SUCCESS:
            self.unlock_failed = self._unlock_error(event.worker.error)
            self.exit(return_code=self.unlock_failed.exit_status)
            return
        key = event.worker.result
        assert key is not None  # a finished unlock returns the key or raises
        self.context.use_key(key)
        self._locked_at_start = False
        # The session asked for opens first: the keys typed meanwhile wait
        # for it (they were typed for it), then home lists beneath it.
        self._begin()
        home = self.screen_stack[0]
        if isinstance(home, HomeScreen):
            home.refresh_sessions()  # lists, then lets the keys go on

    def _unlocked_at_start(self) -> None:
        self._locked_at_start = False
        self.pop_screen()  # home lists the sessions as it comes back
        self.call_later(self._begin)

    def _unlock_error(self, error: BaseException | None) -> TuiInterviewError:
        if isinstance(error, TuiInterviewError):
            return error  # WrongPassphrase: exit 2, as when a command is given one
        from tui_interview.files.errors import describe_os_error

        reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
        return UnlockFailed(f"Cannot unlock {self.context.data_dir}: {reason}")

    def _begin(self) -> None:
        """Once the store is open: the idle lock, and the session asked for."""
        minutes = self.context.settings.lock_after_minutes
        if minutes:
            self._idle_after = minutes * SECONDS_PER_MINUTE
            self._idle_timer = self.set_timer(self._idle_after, self._idle_lock)
        if self._prepare is not None:
            from tui_interview.errors import TuiInterviewError

            try:
                self._open_session = self._prepare()
            except TuiInterviewError as error:
                self.open_failed = visible_text(str(error))
                self.exit()
                return
        if self._open_session is not None:
            self.open_interview(self._open_session, failed=self._note_open_failed)
        if self._open_panel is not None:
            PanelScreen = screen_class("panel")
            paths, threshold = self._open_panel[0], self._open_panel[1]
            chair = self._open_panel[2] if len(self._open_panel) > 2 else None
            self.push_screen(PanelScreen(paths, threshold=threshold, chair=chair))

    # -- the lock ---------------------------------------------------------------

    @property
    def locked(self) -> bool:
        LockScreen = screen_class("lock")
        # (The stack is empty as the app closes, when a timer may still fire.)
        return bool(self.screen_stack) and isinstance(self.screen_stack[-1], LockScreen)

    def action_lock(self) -> None:
        """Hide everything behind the lock screen until the passphrase is
        entered again; the screens underneath keep what was typed (in memory)."""
        LockScreen = screen_class("lock")
        if self.locked or self._locked_at_start:
            return
        self.clear_notifications()  # a notice may name a candidate
        self.push_screen(LockScreen(at_start=False, unlocked=self._unlocked))

    def _unlocked(self) -> None:
        self.pop_screen()
        self.key_order.put_back()

    def set_curtain(self, curtain: Curtain) -> None:
        """Hide or show the other interviews; as the curtain goes up, the
        notices on screen go (one may name another candidate)."""
        if curtain.up and not self.curtain.up:
            self.clear_notifications()
        self.curtain = curtain

    def _idle_lock(self) -> None:
        """The idle timer: lock if no key came for ``_idle_after`` seconds,
        else wait for what is left (one timer, not one per key)."""
        assert self._idle_after is not None
        if not self.screen_stack:
            return  # the app is closing
        left = self._last_key + self._idle_after - time.monotonic()
        if left <= 0:
            self.action_lock()
            left = self._idle_after
        self._idle_timer = self.set_timer(left, self._idle_lock)

    def _preload_content(self) -> None:
        self.run_worker(
            lambda: self.context.library,
            name="load content",
            thread=True,
            exit_on_error=False,
        )

    def _note_open_failed(self, reason: str) -> None:
        self.open_failed = reason

    async def on_event(self, event: events.Event) -> None:
        # Every key and paste from the terminal goes through the one queue,
        # handled one at a time in the order they came (widgets/key_order.py).
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if isinstance(event, events.Key):
                self._last_key = time.monotonic()
                self.app_focus = True
            self.key_order.feed(event)
            return
        await super().on_event(event)

    def _key_first(self, event: events.Key) -> bool:
        """The keys the app takes before any screen: the lock key, at once,
        so that the keys after it go to the lock screen."""
        if event.key in keys_of(self, "lock") and not self.locked:
            self.action_lock()
            return True
        return False

    def notify(self, message: str, *, title: str = "", markup: bool = False, **options) -> None:
        """Notifications carry user text (names, paths, notes): never markup,
        shown through ``visible_text`` and cut to a few screen widths
        (``domain.display.notice_text``)."""
        columns = self.size.width or 80
        super().notify(
            notice_text(message, columns),
            title=cut_to_cells(visible_text(title[: columns + 1]), columns),
            markup=markup,
            **options,
        )

    # -- the flows: screens ask, the app opens ------------------------------------

    @on(Open)
    def _open_screen(self, message: Open) -> None:
        """A screen asks for another: built from the one table (``SCREENS``)."""
        try:
            if isinstance(message, OpenInterview):
                self.open_interview(message.session_id, message.failed)
            else:
                screen = screen_class(message.screen)(*message.args, **message.kwargs)
                self.push_screen(screen, message.then)
        finally:
            message.handled.set()

    def on_change_not_saved(self, message: ChangeNotSaved) -> None:
        """The one handler for a change that could not be saved, whichever
        screen is up (each status line shows it too, from the interview)."""
        self.notify(message.reason, title="Not saved", severity="error", timeout=10)

    def open_interview(self, session_id: str, failed: Callable[[str], None] | None = None) -> None:
        """Open a stored session, read-only (after asking) if it is open
        elsewhere or cannot be locked (disk full, read-only folder). ``failed``
        hears why, when the session could not be opened for changes."""
        from tui_interview.storage import LockFailed, SessionLocked, StorageError

        interview_screen = screen_class("interview")
        store = self.context.store
        try:
            handle = store.open(session_id)
        except (SessionLocked, LockFailed) as refused:
            reason = str(refused)
            if failed is not None:
                failed(reason)

            def answer(read_only: bool | None) -> None:
                if read_only:
                    try:
                        opened = store.open(session_id, read_only=True)
                    except StorageError as error:
                        self.notify(str(error), title="Could not open", severity="error")
                        return
                    self.push_screen(interview_screen(opened, read_only_reason=reason))

            confirm = screen_class("confirm")
            self.push_screen(confirm(f"{reason}\n\nOpen it read-only?", "Open read-only"), answer)
            return
        except StorageError as error:
            if failed is not None:
                failed(str(error))
            self.notify(
                str(error), title="Could not open the interview", severity="error", timeout=10
            )
            return
        self.push_screen(interview_screen(handle))

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies selected text): say which key does,
        in plain words (Textual's own message is markup, and notifications
        here are shown as typed)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    f"Press {key} to quit the app.",
                    title="Do you want to quit?",
                )
                return

    async def action_quit(self) -> None:
        """Quit; everything is saved as it happens, except a form not yet
        submitted, which is only left after asking."""
        ConfirmScreen = screen_class("confirm")
        if isinstance(self.screen, LeaveGuard):
            self.screen.leave_then(self.exit)
            return
        unsaved = getattr(self.screen, "unsaved_work", lambda: None)()
        if unsaved is None:
            self.exit()
            return

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()

        self.push_screen(ConfirmScreen(unsaved, confirm_label="Quit"), answer)

    def action_help(self) -> None:
        HelpScreen = screen_class("help")
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the current screen and of this app's own widgets on
        it (checklists, notes), by name, in the command palette."""
        from tui_interview.screens.help import advertised

        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for node, binding in own_bindings(screen):
            if not advertised(screen, node, binding):
                continue
            title = binding.tooltip or binding.description
            palette_name = getattr(node, "palette_name", None)
            if title and palette_name:
                title = f"{palette_name}: {title}"
            if not title or title in seen:
                continue
            seen.add(title)
            yield SystemCommand(
                title,
                f"key: {self.get_key_display(binding)}",
                _runner(node, binding.action),
            )
        if isinstance(screen, PaletteCommands):
            for title, help_text, callback in screen.palette_commands():
                yield SystemCommand(title, help_text, callback)


def own_bindings(screen: Screen[object]) -> Iterator[tuple[Widget, Binding]]:
    """The screen's bindings, then those of the app's own widgets on it."""
    for _, binding in bindings_of(screen):
        yield screen, binding
    for widget in screen.walk_children(Widget):
        # Only the bindings this app declares: not the scrolling and paging
        # keys every list inherits from Textual.
        for cls in type(widget).__mro__:
            if cls.__module__.startswith("tui_interview.") and "BINDINGS" in vars(cls):
                for binding in vars(cls)["BINDINGS"]:
                    yield widget, binding


def _runner(node: Widget, action: str) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await node.run_action(action)

    return run
