"""The passphrase screen at start and the lock screen: one screen that shows
no personal data (no candidate, no note, no title with a name) and takes
every key itself, in the order keys arrive (``route_key``): printable keys go
to the passphrase field and nowhere else, so nothing typed while locked can
reach a note underneath.

- At start (the store is encrypted): the passphrase derives the folder's key
  (``AppContext.unlock``); escape or ctrl+q quits.
- Locked (the lock key, or ``lock_after_minutes`` without a key): the screens
  underneath stay as they were, half-typed text and all (in memory); the
  passphrase is checked again (``storage.crypto.check_passphrase``). When the
  store is not encrypted the screen says so, and Enter unlocks.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from tui_interview.domain.display import visible_text
from tui_interview.screens.base import app_context

WRONG = "Wrong passphrase. Try again."


class LockScreen(Screen[None]):
    """``at_start``: the passphrase screen before anything is shown;
    ``unlocked`` is called once the passphrase is right."""

    HELP_TITLE = "locked"

    def __init__(self, *, at_start: bool, unlocked: Callable[[], None]):
        super().__init__()
        self.at_start = at_start
        self._unlocked = unlocked
        self._done = False

    @property
    def encrypted(self) -> bool:
        context = app_context(self)
        return self.at_start or context.key is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            if self.at_start:
                yield Static("tui-interview: the interviews are encrypted", id="lock-title")
                yield Static("Enter the passphrase to open them.", id="lock-text")
            elif self.encrypted:
                yield Static("tui-interview is locked", id="lock-title")
                yield Static("Enter the passphrase to go on.", id="lock-text")
            else:
                yield Static("tui-interview is locked", id="lock-title")
                yield Static(
                    "The data folder is not encrypted (tui-interview encrypt turns it on). "
                    "Press Enter to unlock.",
                    id="lock-text",
                )
            field = Input(password=True, placeholder="passphrase", id="passphrase")
            field.display = self.encrypted
            yield field
            yield Static("", id="lock-error", classes="field-error", markup=False)
            yield Static(
                "Enter unlocks · escape or ctrl+q quits" if self.at_start else "Enter unlocks",
                id="lock-hint",
            )

    def on_mount(self) -> None:
        field = self.query_one("#passphrase", Input)
        if field.display:
            field.focus()

    def route_key(self, event: events.Key) -> bool:
        """Every key stops here: the passphrase field, Enter, and (at start)
        escape and ctrl+q; nothing else, neither a binding nor the palette."""
        field = self.query_one("#passphrase", Input)
        if self._done:
            return True
        if event.key == "enter":
            self.submit()
        elif event.key in ("escape", "ctrl+q") and self.at_start:
            self.app.exit()
        elif event.key == "backspace":
            field.action_delete_left()
        elif event.key == "ctrl+u":
            field.value = ""
        elif event.is_printable and event.character and self.encrypted:
            field.insert_text_at_cursor(event.character)
        return True

    def route_paste(self, event: events.Paste) -> bool:
        """A paste, taken as it comes among the keys: its first line goes to
        the passphrase field (as Textual's Input takes a paste)."""
        lines = event.text.splitlines()
        if lines and self.encrypted and not self._done:
            self.query_one("#passphrase", Input).insert_text_at_cursor(lines[0])
        return True

    def submit(self) -> None:
        field = self.query_one("#passphrase", Input)
        passphrase, field.value = field.value, ""
        if not self.encrypted:
            self._unlock()
            return
        if not passphrase:
            self._say("Type the passphrase, then Enter.")
            return
        # Checked here and now (about half a second), so that the keys typed
        # after Enter go where they belong: the note once unlocked, the
        # field again if it was wrong.
        from tui_interview.storage.crypto import WrongPassphrase, check_passphrase
        from tui_interview.storage.errors import StorageError
        from tui_interview.storage.serve_throttle import served_throttle

        context = app_context(self)

        def right() -> bool:
            if self.at_start:
                try:
                    context.unlock(passphrase)
                except WrongPassphrase:
                    return False
                return True
            return context.key is None or check_passphrase(context.key, passphrase)

        # Under serve, tries from every page of the server queue up and wait
        # longer after each wrong one (storage/serve_throttle.py).
        throttle = served_throttle()
        try:
            if throttle is None:
                ok, wait = right(), 0.0
            else:
                ok, wait = throttle.attempt(right)
        except (StorageError, OSError) as error:
            self._say(visible_text(f"Cannot unlock: {error}"))
            return
        if not ok:
            slower = (
                f" The next try waits {wait:g} s (wrong passphrases slow down)." if wait else ""
            )
            self._say(WRONG + slower)
            return
        self._unlock()

    def _say(self, message: str) -> None:
        self.query_one("#lock-error", Static).update(message)

    def _unlock(self) -> None:
        self._done = True
        self._unlocked()
