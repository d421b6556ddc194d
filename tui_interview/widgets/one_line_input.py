"""An ``Input`` for one line of text (a rationale, a reason, names) that keeps
every line of a paste, joined with spaces: Textual's ``Input`` keeps only the
first line and drops the rest without a word."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def one_line(text: str) -> str:
    """``text`` on one line. One line is kept as it is, its spaces too (as
    ``Input`` keeps it: " more" pasted after "said" is "said more"). Several
    are joined with one space, the blank ones left out, each stripped only
    where it meets another."""
    lines = text.splitlines()
    if len(lines) <= 1:
        return lines[0] if lines else ""
    kept = [line for line in lines if line.strip()]
    if not kept:
        return ""
    joined = " ".join(line.strip() for line in kept)
    first, last = kept[0], kept[-1]
    return first[: len(first) - len(first.lstrip())] + joined + last[len(last.rstrip()) :]


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
