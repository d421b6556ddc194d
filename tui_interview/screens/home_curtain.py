"""Home behind the curtain (``domain.curtain``): the session list by id,
status and date only, and the line that says why and how to show the names."""

from __future__ import annotations

from tui_interview.domain.curtain import SHOWN_BEHIND_CURTAIN, Curtain
from tui_interview.storage.cells import filter_text
from tui_interview.widgets.session_table import GAP

#: The list's columns behind the curtain (``SHOWN_BEHIND_CURTAIN``, as home
#: names its columns), with the fixed widths of all but the first.
COLUMNS = {"id": "Id", "status": "Status", "date": "Date"}
CURTAINED = [COLUMNS[field] for field in SHOWN_BEHIND_CURTAIN]
FIXED = {"Status": 11, "Date": 10}
#: After the id of the interview whose candidate is present.
PRESENT_MARK = " · candidate present"

BANNER = "Names hidden: a candidate is present — {key} shows them"
#: The same on a narrow terminal, on one line.
SHORT_BANNER = "Names hidden — {key} shows them"
PLACEHOLDER = "Type to filter by id, status or date (names are hidden)"


def banner(key: str, width: int) -> str:
    """The line above the list behind the curtain, for ``width`` cells."""
    text = BANNER.format(key=key)
    return text if len(text) + 2 <= width else SHORT_BANNER.format(key=key)


def curtained_widths(total_width: int) -> dict[str, int]:
    """The columns behind the curtain at ``total_width``: the id takes what
    the others leave (cell padding and the scrollbar allowed for)."""
    fixed = sum(FIXED.values())
    free = total_width - 2 - GAP * len(CURTAINED) - fixed
    return {name: FIXED.get(name, max(free, 6)) for name in CURTAINED}


def curtained_cells(curtain: Curtain, key: str, row: dict[str, str]) -> dict[str, str]:
    """One line of the list behind the curtain: only what names no one; the
    interview whose candidate is present is marked."""
    cells = {name: row[name] for name in CURTAINED}
    if key == curtain.present:
        cells["Id"] += PRESENT_MARK
    return cells


def curtained_text(row: dict[str, str]) -> str:
    """What the filter searches behind the curtain: the cells shown."""
    return filter_text(row[name] for name in CURTAINED)
