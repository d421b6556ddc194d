"""Home's listing: the columns and their widths, one row per stored
interview, the consensus lines, and the full list read in a worker thread."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tui_interview.domain.display import visible_text
from tui_interview.domain.timeutil import format_date
from tui_interview.storage import SessionStore, SessionSummary, StorageError
from tui_interview.storage.cells import filter_text, session_cells
from tui_interview.storage.errors import SessionDamaged
from tui_interview.widgets.session_table import GAP

if TYPE_CHECKING:  # the consensus store is read only when records are listed
    from tui_interview.storage.consensus_store import ConsensusSummary

#: Columns of fixed width; the rest of the width is shared by the others.
FIXED_COLUMNS = {"Status": 11, "Date": 10, "Done": 5, "Id": 6}
#: Shares of what is left, for the columns that grow with the terminal (a
#: column whose cells are shorter than its share gives the rest to the others).
SHARED_COLUMNS = {"Candidate": 0.35, "Role": 0.25, "Competencies": 0.40, "Said": 0.5}
COLUMN_ORDER = ["Candidate", "Role", "Competencies", "Said", "Status", "Date", "Done", "Id"]
#: Below this width the id column gives its room to the names
#: (`tui-interview sessions` still shows every id).
ID_COLUMN_MIN_WIDTH = 100
#: The filter also searches what was said, this long after the last key.
SEARCH_DELAY = 0.15


def column_widths(
    total_width: int, needed: dict[str, int] | None = None, *, said: bool = False
) -> dict[str, int]:
    """The columns shown at ``total_width`` and their widths, filling it
    (cell padding and the scrollbar allowed for). ``needed``: the widest cell
    of each growing column; a column never gets more than that while another
    is cut short. ``said``: with the column of what was said (a search found
    words in the notes)."""
    names = [
        n
        for n in COLUMN_ORDER
        if (n != "Id" or total_width >= ID_COLUMN_MIN_WIDTH) and (n != "Said" or said)
    ]
    fixed = {n: w for n, w in FIXED_COLUMNS.items() if n in names}
    shared = {n: share for n, share in SHARED_COLUMNS.items() if n in names}
    free = total_width - 2 - GAP * len(names) - sum(fixed.values())
    free = max(free, 3 * len(shared))
    widths = _share_out(free, shared, needed or {})
    return {name: {**widths, **fixed}[name] for name in names}


def _share_out(free: int, shares: dict[str, float], needed: dict[str, int]) -> dict[str, int]:
    """``free`` cells split by ``shares``; a column that needs less than its
    share gets what it needs, and the others share the rest. When everything
    fits, what is left over is shared out too (the table fills the width)."""
    widths: dict[str, int] = {}
    open_ = dict(shares)
    left = free
    while open_:
        total = sum(open_.values())
        fits = {
            n: needed[n]
            for n, share in open_.items()
            if n in needed and needed[n] <= left * share / total
        }
        if not fits:
            break
        for name, need in fits.items():
            widths[name] = max(3, need)
            left -= widths[name]
            del open_[name]
    if open_:
        total = sum(open_.values())
        widths.update({n: max(3, int(left * share / total)) for n, share in open_.items()})
    else:
        spare = max(0, left)
        total = sum(shares.values())
        for name, share in shares.items():
            widths[name] += int(spare * share / total)
    return {name: widths[name] for name in shares}


#: Keys that act on the list: while the full list is being read (many
#: interviews stored), they wait for it, and so does every key typed after
#: one of them; text typed into the filter before them goes in at once.
#: The keys of LIST_ACTIONS (as [keys] sets them) count too.
LIST_KEYS = frozenset({"enter", "up", "down", "pageup", "pagedown"})
LIST_ACTIONS = ("delete_interview", "export")

LOADING_TEXT = "Reading the interviews…"
#: While the key is derived from the given passphrase (nothing personal).
UNLOCKING_TEXT = "Unlocking…"

FILTER_PLACEHOLDER = "Type to filter: candidate, role, competency, status, what was said…"

EMPTY_TEXT = (
    "No interviews yet.\n\n"
    "Press {new} to plan a new interview, or run\n"
    "  tui-interview new --candidate NAME --competency ID --level N"
)


def summary_row(summary) -> dict[str, str]:
    """The row's cells (``storage.cells``), as shown: through ``visible_text``."""
    row = session_cells(summary)
    cells = {
        "Candidate": row.candidate,
        "Role": row.role,
        "Competencies": row.competencies,
        "Status": f"⚠ {row.problem}" if row.problem else row.status,
        "Date": row.date,
        "Done": row.done,
        "Id": row.id,
    }
    return {name: visible_text(cell) for name, cell in cells.items()}


def consensus_line(summary: ConsensusSummary) -> str:
    """One consensus record on home: candidate, role, what was agreed, when."""
    verdict = summary.verdict.label if summary.verdict is not None else "no recommendation yet"
    when = format_date(summary.last_recorded_at) if summary.last_recorded_at else "nothing yet"
    role = f" ({summary.role})" if summary.role else ""
    return (
        f"  {summary.candidate}{role} · {summary.agreed} "
        f"{'competency' if summary.agreed == 1 else 'competencies'} agreed · {verdict} · "
        f"{when} · plan {summary.plan_id} · {summary.id}"
    )


Row = tuple[str, dict[str, str], str]


def list_rows(summaries: list[SessionSummary]) -> list[Row]:
    """Each session's id, its cells as shown, and the text the filter searches."""
    rows = []
    for summary in summaries:
        row = summary_row(summary)
        rows.append((summary.id, row, filter_text(row.values())))
    return rows


class Listing:
    """The full list and what went wrong reading it; made in a worker thread
    when many interviews are stored (``HomeScreen.refresh_sessions``)."""

    def __init__(self, generation: int, store: SessionStore):
        self.generation = generation
        self.rows: list[Row] = []
        #: The sessions listed (for the retention banner).
        self.summaries: list[SessionSummary] = []
        self.error: Exception | None = None
        self.damaged: list[SessionDamaged] = []
        try:
            self.summaries = store.list_summaries()
            self.rows = list_rows(self.summaries)
        except (StorageError, OSError) as error:
            self.error = error
        self.damaged = store.take_damage_reports()


#: How long the listing thread waits before it reads the index. Parsing a
#: large index holds the interpreter lock for tens of milliseconds at a time;
#: the wait lets Textual's output thread write the frame just drawn (the most
#: recent screenful) to the terminal first. The full list is that much later.
FIRST_FRAME_GRACE_SECONDS = 0.02


def listing_after_first_frame(generation: int, store: SessionStore) -> Listing:
    time.sleep(FIRST_FRAME_GRACE_SECONDS)
    return Listing(generation, store)
