"""F1 / ?: the keys of the screen underneath, from its own bindings."""

from __future__ import annotations

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui_interview.keymap import served
from tui_interview.widgets.keys import bindings_of, key_name


def general(node: DOMNode) -> list[tuple[str, str]]:
    """The keys that work everywhere (help and quit as remapped); in a
    browser page, a word on the keys browsers keep."""
    browser = [
        (
            "in a browser",
            "browsers keep ctrl+n, ctrl+t and ctrl+w: "
            f"{key_name(node, 'new_interview')} plans an interview and goes to the next "
            f"question, {key_name(node, 'tick_next_probe')} ticks a probe",
        )
    ]
    return (browser if served() else []) + [
        (f"{key_name(node, 'help')}, ?", "this help (? only when not typing a note)"),
        ("ctrl+p", "command palette: every action by name"),
        (
            key_name(node, "quit"),
            "quit (everything is saved as you go; an unstarted form asks first)",
        ),
        (
            key_name(node, "lock"),
            "lock: hide everything until the passphrase (Enter if not encrypted)",
        ),
        ("tab / shift+tab", "move between the parts of the screen"),
    ]


#: Textual's "copy selected text" (ctrl+c): only worth listing while some
#: text on the screen is selected.
COPY_ACTION = "copy_text"


def advertised(screen: Screen, node: DOMNode, binding: Binding) -> bool:
    """Whether help and the palette list ``binding`` of ``node`` on ``screen``:
    not when the node refuses the action now (``check_action`` says False, as
    an interview opened read-only does for its editing keys), nor Textual's
    copy when nothing is selected."""
    _, name, parameters = parse(binding.action)
    if name == COPY_ACTION and screen.get_selected_text() is None:
        return False
    return node.check_action(name, parameters) is not False


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    # In the screen's own order: a remapped binding would otherwise come last.
    order: dict[str, int] = {}
    for index, (_, binding) in enumerate(screen._bindings):
        order.setdefault(binding.action, index)
    remapped = sorted(bindings_of(screen), key=lambda item: order.get(item[1].action, len(order)))
    for _, binding in remapped:
        if not advertised(screen, screen, binding):
            continue
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
        lines += [f"  {key:<16} {what}" for key, what in general(self.underneath)]
        lines += ["", "Escape closes this help."]
        with VerticalScroll(classes="dialog help"):
            yield Static("\n".join(lines), markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
