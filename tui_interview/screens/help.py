"""F1 / ?: the keys of the screen underneath, from its own bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = [
    ("F1, ?", "this help (? only when not typing a note)"),
    ("ctrl+p", "command palette: every action by name"),
    ("ctrl+q", "quit (everything is saved as you go; an unstarted form asks first)"),
    ("tab / shift+tab", "move between the parts of the screen"),
]


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _, binding in screen._bindings:
        if binding.description and binding.action not in seen:
            seen.add(binding.action)
            rows.append(
                (screen.app.get_key_display(binding), binding.tooltip or binding.description)
            )
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close", id="help.close")]

    def __init__(self, underneath: Screen):
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        lines = [f"Keys — {getattr(self.underneath, 'HELP_TITLE', 'this screen')}", ""]
        extra = getattr(self.underneath, "HELP_EXTRA", [])
        for key, what in key_rows(self.underneath) + list(extra):
            lines.append(f"  {key:<16} {what}")
        lines += ["", "Everywhere"]
        lines += [f"  {key:<16} {what}" for key, what in GENERAL]
        lines += ["", "Escape closes this help."]
        with VerticalScroll(classes="dialog help"):
            yield Static("\n".join(lines), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
