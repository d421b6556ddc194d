"""An ``Input`` for one line of text (a rationale, a reason, names) that keeps
every line of a paste, joined with spaces: Textual's ``Input`` keeps only the
first line and drops the rest without a word."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def one_line(text: str) -> str:
    """The lines of ``text``, each stripped, the empty ones left out, joined
    with one space."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


class OneLineInput(Input):
    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would paste it again
        text = one_line(event.text)
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.stop()
