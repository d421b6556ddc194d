"""Export one interview to a Markdown or JSON file.

The export module decides the file name, writes it (0600) and refuses to
replace a file unless told to, and never one written from another session;
this dialog only asks, and asks again before replacing this session's own
earlier export (another session's file is refused, with no offer).
Dismissed with the path written, or ``None`` when cancelled.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static
from textual.widgets._toggle_button import ToggleButton

from tui_interview.domain.display import visible_text
from tui_interview.domain.hygiene import flagged_notes
from tui_interview.domain.session import Session
from tui_interview.domain.timeutil import format_elapsed
from tui_interview.export import ExportError, ExportExists, ExportTaken, export_to_file
from tui_interview.export.config import default_export_dir
from tui_interview.screens.base import app_context
from tui_interview.widgets.keys import default, key_name

# A mixin before RadioButton or Checkbox: typed as their base, a plain class
# at run time (so their styles apply as before).
if TYPE_CHECKING:
    _Toggle = ToggleButton
else:
    _Toggle = object


class _ShowsState(_Toggle):
    """The stock toggles draw the same mark on and off, told apart by colour
    only; these leave it blank when off."""

    MARK = "X"

    @property
    def _button(self) -> Content:
        # The mark ToggleButton draws, set for the current value.
        self.BUTTON_INNER = self.MARK if self.value else " "
        return super()._button


class FormatButton(_ShowsState, RadioButton):
    MARK = "●"


class RedactCheckbox(_ShowsState, Checkbox):
    MARK = "✓"


class ExportScreen(ModalScreen[Path | None]):
    # Loaded with the screen, so the home screen's first paint does not parse it.
    CSS_PATH = "forms.tcss"
    HELP_TITLE = "Export"
    BINDINGS = [
        Binding(default("submit"), "export", "Export", id="export.write"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("m", "format('markdown')", "Markdown", id="export.markdown"),
        Binding("j", "format('json')", "JSON", id="export.json"),
        Binding("h", "format('html')", "HTML", id="export.html"),
        Binding("r", "toggle_redact", "Redact name", id="export.redact"),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        folder, folder_problem = self._default_folder()
        with Vertical(id="export-dialog", classes="dialog form"):
            yield Static(
                Content(f"Export the interview with {visible_text(self.session.candidate)}"),
                classes="dialog-text dialog-title",
            )
            flagged = self._flagged_notes()
            if flagged:
                yield Static(Content(flagged), id="export-flagged", classes="dialog-text")
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                with RadioSet(id="format"):
                    yield FormatButton("Markdown (m)", value=True, id="markdown")
                    yield FormatButton("JSON (j)", id="json")
                    yield FormatButton("HTML, to print (h)", id="html")
            with Horizontal(classes="field"):
                yield Label("", classes="field-label")
                yield RedactCheckbox("Replace the candidate's name (r)", id="redact")
            with Horizontal(classes="field"):
                yield Label("Folder", classes="field-label")
                yield Input(str(folder), id="folder", compact=True)
            yield Static(
                Content(visible_text(folder_problem, multiline=True)),
                id="export-status",
                classes="status",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"Export ({key_name(self, 'submit')})", variant="primary", id="export")
                yield Button("Cancel (esc)", id="cancel")

    def _flagged_notes(self) -> str:
        """The notes the note-hygiene word list flags, named before writing
        (one line each: time and words); empty when none. Nothing is changed."""
        words = app_context(self).note_words
        if words is None:
            return ""
        flagged = flagged_notes(self.session, words)
        if not flagged:
            return ""
        count = "1 note holds" if len(flagged) == 1 else f"{len(flagged)} notes hold"
        lines = [f"{count} words an official record should not (see Review):"]
        lines += [
            f"{format_elapsed(f.note.elapsed_seconds)} {f.flag.describe(words)}" for f in flagged
        ]
        return visible_text("\n".join(lines), multiline=True)

    def _default_folder(self) -> tuple[Path, str]:
        """The folder the last export went to (the app's state), else the
        configured export folder, else the current one (with the reason when
        the configuration could not be read)."""
        last = app_context(self).state.last_export_dir
        if last is not None:
            return last, ""
        try:
            return default_export_dir(), ""
        except ExportError as error:
            return Path.cwd(), f"⚠ {error}; using the current folder."

    def on_mount(self) -> None:
        # m, j, h and r choose here; anything else typed goes on in the folder
        # field, replacing the folder proposed (typing_field).
        self.query_one("#export", Button).focus()

    def typing_field(self) -> Widget | None:
        """Typing or pasting outside the folder field goes on in it
        (widgets/key_order.py)."""
        return self.query_one("#folder", Input)

    @property
    def chosen_format(self) -> str:
        pressed = self.query_one("#format", RadioSet).pressed_button
        return pressed.id if pressed is not None and pressed.id else "markdown"

    def action_format(self, fmt: str) -> None:
        self.query_one(f"#{fmt}", RadioButton).value = True

    def action_toggle_redact(self) -> None:
        self.query_one("#redact", Checkbox).toggle()

    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#export")
    def submit(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#cancel")
    def press_cancel(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self, force: bool = False) -> None:
        from tui_interview.screens.confirm import ConfirmScreen

        folder = self.query_one("#folder", Input).value.strip()
        try:
            path = export_to_file(
                self.session,
                self.chosen_format,
                directory=folder or None,
                redact=self.query_one("#redact", Checkbox).value,
                force=force,
                now=app_context(self).now(),
            )
        except ExportTaken as taken:
            self.query_one("#export-status", Static).update(
                Content(visible_text(f"✗ Not exported: {taken}", multiline=True))
            )
            return
        except ExportExists as exists:
            self.app.push_screen(
                ConfirmScreen(
                    f"{exists.path.name} in {exists.path.parent} is an earlier export of "
                    "this interview.\nReplace it?",
                    confirm_label="Overwrite",
                ),
                self._overwrite,
            )
            return
        except ExportError as error:
            self.query_one("#export-status", Static).update(
                Content(visible_text(f"✗ {error}", multiline=True))
            )
            return
        try:
            app_context(self).state.remember_export_dir(path.parent.resolve())
        except OSError:
            pass  # a convenience only: the next export starts elsewhere
        self.notify(str(path), title="Exported", timeout=10)
        self.dismiss(path)

    def _overwrite(self, confirmed: bool | None) -> None:
        if confirmed:
            self.action_export(force=True)
        else:
            self.query_one("#export-status", Static).update("Not exported: the file is unchanged.")
            self.query_one("#folder", Input).focus()  # where another folder is typed
