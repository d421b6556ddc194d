"""A checklist of probing questions or behaviours: ✓ / ☐ glyphs and bold, so the
state is clear without colour; a ticked item shows when it was ticked."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_interview.domain.display import visible_text

TICKED = "✓"
UNTICKED = "☐"


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    ticked: bool = False
    #: When it was ticked, as shown beside it (the interview clock, like notes).
    when: str = ""
    #: A short marker before the text, e.g. the level ("L2") of a lower-level behaviour.
    prefix: str = ""
    #: How many notes link to it as evidence (behaviours only).
    evidence: int = 0


def item_content(item: ChecklistItem) -> Content:
    glyph = TICKED if item.ticked else UNTICKED
    parts: list[Content | tuple[str, str] | str] = [(f"{glyph} ", "bold" if item.ticked else "")]
    if item.prefix:
        parts.append((f"{visible_text(item.prefix)} ", "dim"))
    parts.append((visible_text(item.text, multiline=True), "bold" if item.ticked else ""))
    if item.ticked and item.when:
        parts.append((f"  {item.when}", "dim"))
    if item.evidence:
        parts.append((f"  ({item.evidence} note{'s' if item.evidence > 1 else ''})", "dim"))
    return Content.assemble(*parts)


class Checklist(OptionList):
    """Up/Down to move, Enter to tick or un-tick. Beside a note input a
    printable key (space included) is meant for the note, never a tick; a
    list on its own (a dialog) may add space as a tick key (``SpaceTicks``)."""

    BINDINGS = [
        Binding(
            "enter",
            "tick",
            "Tick",
            tooltip="tick or un-tick the highlighted item",
            id="checklist.toggle",
        )
    ]

    def __init__(self, *, palette_name: str | None = None, **kwargs):
        super().__init__(**kwargs)
        #: How the command palette names this list's actions.
        self.palette_name = palette_name

    class Toggled(Message):
        def __init__(self, checklist: Checklist, item_id: str):
            super().__init__()
            self.checklist = checklist
            self.item_id = item_id

        @property
        def control(self) -> Checklist:
            return self.checklist

    def set_items(self, items: list[ChecklistItem]) -> None:
        highlighted = self.highlighted
        self.set_options([Option(item_content(item), id=item.id) for item in items])
        if items:
            self.highlighted = min(highlighted or 0, len(items) - 1)
            # set_options scrolls back to the top: keep the ticked item in view.
            self.call_after_refresh(self.scroll_to_highlight)

    def action_tick(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.post_message(self.Toggled(self, option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click on an item.
        if event.option_list is self:
            event.stop()
            if event.option.id is not None:
                self.post_message(self.Toggled(self, event.option.id))


class SpaceTicks(Checklist):
    """A checklist in a dialog of its own, with no text field beside it:
    space ticks too."""

    BINDINGS = [
        Binding(
            "space",
            "tick",
            "Tick",
            tooltip="tick or un-tick the highlighted item",
            id="checklist.toggle_space",
        )
    ]
