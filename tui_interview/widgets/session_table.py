"""A light, read-only table for the session list: fixed column widths, plain
text cells, one highlighted row, and only the visible rows ever rendered.

DataTable measures and styles every cell it is given before it can draw; with
a thousand stored interviews that alone cost more than the first paint of a
bare Textual app. This widget draws a screenful and nothing more.

Its colours are the theme's: rows in the screen's background and foreground
(``session-table--row``), the highlighted row in the theme's block cursor
(``session-table--cursor``), never the terminal's own default colours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import set_cell_size
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: Spaces between columns.
GAP = 2


def layout_cells(cells: Sequence[str], widths: Sequence[int]) -> str:
    """The cells cut or padded to their columns' widths, in one line of text."""
    parts = [
        set_cell_size(" ".join(cell.split()), width)
        for cell, width in zip(cells, widths, strict=True)
    ]
    return " " + (" " * GAP).join(parts)


class SessionTable(ScrollView, can_focus=False):
    COMPONENT_CLASSES = {"session-table--row", "session-table--cursor"}
    DEFAULT_CSS = """
    SessionTable {
        background: $background;
        color: $foreground;
        & > .session-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Selected(Message):
        """A row was clicked twice (or once on the highlighted row)."""

        def __init__(self, key: str):
            super().__init__()
            self.key = key

    def __init__(self, widths: Sequence[int] = (), **kwargs):
        super().__init__(**kwargs)
        self.widths = list(widths)
        self._keys: list[str] = []
        #: Row -> its laid-out line, made when the row is first drawn (only a
        #: screenful of a long list is ever laid out at start-up).
        self._lines: dict[int, str] = {}
        self._cells: Callable[[int], Sequence[str]] = lambda row: ()
        self.cursor_row = 0

    def show_rows(self, keys: list[str], cells: Callable[[int], Sequence[str]]) -> None:
        """Replace the rows: one per key, ``cells(row)`` asked for only when
        the row is drawn. The highlighted key stays highlighted when it is
        still there."""
        selected = self.selected_key
        self._keys = keys
        self._cells = cells
        self._lines = {}
        width = sum(self.widths) + GAP * max(len(self.widths) - 1, 0) + 1
        self.virtual_size = Size(width, len(keys))
        if selected is not None and selected in self._keys:
            self.cursor_row = self._keys.index(selected)
        else:
            self.cursor_row = 0
            self.scroll_to(y=0, animate=False)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def selected_key(self) -> str | None:
        return self._keys[self.cursor_row] if 0 <= self.cursor_row < len(self._keys) else None

    def get_row_at(self, row: int) -> list[str]:
        return list(self._cells(row))

    def move_cursor(self, row: int) -> None:
        if not self._keys:
            return
        self.cursor_row = min(max(row, 0), len(self._keys) - 1)
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif height and self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        # Both cached by Textual until the styles (or the theme) change.
        plain = self.get_component_rich_style("session-table--row")
        if row >= len(self._keys):
            return Strip.blank(width, plain)
        line = self._lines.get(row)
        if line is None:
            line = self._lines[row] = layout_cells(self._cells(row), self.widths)
        text = set_cell_size(line, max(width, 0))
        style = (
            self.get_component_rich_style("session-table--cursor")
            if row == self.cursor_row
            else plain
        )
        return Strip([Segment(text, style)], width)

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y
        if not 0 <= row < len(self._keys):
            return
        if row == self.cursor_row or event.chain > 1:
            self.post_message(self.Selected(self._keys[row]))
        self.move_cursor(row)
