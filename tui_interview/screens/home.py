"""Home: the stored interviews, most recent first. Typing filters the list."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from tui_interview.domain.timeutil import format_timestamp

#: Rows are added a screenful first (at least MIN_FIRST_ROWS), the rest
#: ROWS_PER_STEP at a time, each batch after a refresh.
MIN_FIRST_ROWS = 25
ROWS_PER_STEP = 200

#: Columns of fixed width; the rest of the width is shared by the others.
FIXED_COLUMNS = {"Status": 11, "Date": 10, "Done": 5, "Id": 6}
#: Shares of what is left, for the columns that grow with the terminal.
SHARED_COLUMNS = {"Candidate": 0.4, "Role": 0.25, "Competencies": 0.35}
COLUMN_ORDER = ["Candidate", "Role", "Competencies", "Status", "Date", "Done", "Id"]


def column_widths(total_width: int) -> dict[str, int]:
    """Widths that fill ``total_width`` (cell padding and scrollbar allowed for)."""
    free = total_width - 2 - 2 * len(COLUMN_ORDER) - sum(FIXED_COLUMNS.values())
    free = max(free, 3 * len(SHARED_COLUMNS))
    widths = {name: max(3, int(free * share)) for name, share in SHARED_COLUMNS.items()}
    return {**widths, **FIXED_COLUMNS}


EMPTY_TEXT = (
    "No interviews yet.\n\n"
    "Press ctrl+n to plan a new interview, or run\n"
    "  tui-interview new --candidate NAME --competency ID --level N"
)


def summary_row(summary) -> tuple[str, ...]:
    competencies = ", ".join(f"{cid} L{level}" for cid, level in summary.competencies)
    when = summary.started_at or summary.created_at
    status = f"⚠ {summary.problem}" if summary.problem else str(summary.status or "")
    return (
        summary.candidate,
        summary.role,
        competencies,
        status,
        format_timestamp(when)[:10] if when else "",
        f"{summary.questions_covered}/{summary.questions_total}",
        summary.id,
    )


def summary_matches(summary, words: list[str]) -> bool:
    haystack = " ".join(summary_row(summary)).casefold()
    return all(word in haystack for word in words)


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+n", "new_interview", "New", id="home.new"),
        Binding("enter", "resume", "Resume", id="home.resume"),
        Binding("ctrl+r", "delete", "Delete", id="home.delete"),
        Binding("ctrl+o", "export", "Export", id="home.export"),
        Binding("down", "cursor(1)", "Down", show=False, id="home.down"),
        Binding("up", "cursor(-1)", "Up", show=False, id="home.up"),
        Binding("pagedown", "cursor(10)", "Page down", show=False, id="home.pagedown"),
        Binding("pageup", "cursor(-10)", "Page up", show=False, id="home.pageup"),
    ]

    #: Counts fills, so that rows still to come from an earlier fill are dropped.
    _fill_generation = 0

    def compose(self) -> ComposeResult:
        yield Static("Interviews", id="home-title", classes="screen-title")
        yield Input(placeholder="Type to filter: candidate, role, competency, status…", id="filter")
        with Vertical(id="home-body"):
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static(EMPTY_TEXT, id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        # Fixed widths: DataTable then need not measure every cell of every
        # row before it can draw (most of the first-paint cost with 1,000 rows).
        widths = column_widths(self.app.size.width)
        for label in COLUMN_ORDER:
            table.add_column(label, width=widths[label])
        table.can_focus = False
        self.query_one("#filter", Input).focus()
        self._summaries = []
        # No listing here: ScreenResume follows at once when this screen is
        # pushed, and listing twice doubles the start-up time with many
        # sessions stored.

    def on_screen_resume(self) -> None:
        # When an interview is opened straight away (`new`, `resume`), it is
        # pushed on top before this screen is resumed: list only once shown.
        if self.is_current:
            self.refresh_sessions()

    def refresh_sessions(self) -> None:
        try:
            self._summaries = self.app.context.store.list_summaries()
        except Exception as error:  # a damaged index must not stop the app
            self._summaries = []
            self.notify(str(error), title="Could not list sessions", severity="error")
        self._fill()

    def _fill(self) -> None:
        words = self.query_one("#filter", Input).value.casefold().split()
        table = self.query_one("#sessions", DataTable)
        selected = self.selected_id()
        table.clear()
        self._fill_generation += 1
        if words:
            matching = [s for s in self._summaries if summary_matches(s, words)]
        else:
            matching = self._summaries
        # A screenful first, the rest after the first paint: DataTable
        # measures every cell it is given before it draws anything.
        first = max(MIN_FIRST_ROWS, self.app.size.height)
        self._add_rows(matching[:first], selected)
        empty = self.query_one("#empty", Static)
        empty.display = not matching
        table.display = bool(matching)
        if not self._summaries:
            empty.update(EMPTY_TEXT)
        elif not matching:
            empty.update("No interview matches the filter.")
        if len(matching) > first:
            self.call_after_refresh(
                self._add_more, self._fill_generation, matching[first:], selected
            )

    def _add_rows(self, summaries: list, selected: str | None) -> None:
        table = self.query_one("#sessions", DataTable)
        for summary in summaries:
            # Escaped: DataTable reads str cells as Rich markup, and
            # "Engineer [contract]" must not lose its "[contract]".
            table.add_row(*map(escape, summary_row(summary)), key=summary.id)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    def _add_more(self, generation: int, summaries: list, selected: str | None) -> None:
        if generation != self._fill_generation or not self.is_mounted:
            return  # the list was filled again (filter typed, resumed) meanwhile
        # Put the cursor back on the selected interview unless it was moved meanwhile.
        still = selected if self.query_one("#sessions", DataTable).cursor_row == 0 else None
        self._add_rows(summaries[:ROWS_PER_STEP], still)
        if len(summaries) > ROWS_PER_STEP:
            self.call_after_refresh(
                self._add_more, generation, summaries[ROWS_PER_STEP:], selected
            )

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_resume()

    def selected_id(self) -> str | None:
        table = self.query_one("#sessions", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#sessions", DataTable)
        if table.row_count:
            row = min(max(table.cursor_row + step, 0), table.row_count - 1)
            table.move_cursor(row=row)

    def action_new_interview(self) -> None:
        from tui_interview.screens.new_interview import NewInterviewScreen

        self.app.push_screen(NewInterviewScreen())

    def action_resume(self) -> None:
        session_id = self.selected_id()
        if session_id is None:
            self.notify("No interview is selected.", severity="warning")
            return
        self.app.open_interview(session_id)

    def action_delete(self) -> None:
        from tui_interview.screens.confirm import ConfirmScreen

        session_id = self.selected_id()
        if session_id is None:
            return
        summary = next(s for s in self._summaries if s.id == session_id)

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.app.context.store.delete(session_id)
            except Exception as error:
                self.notify(str(error), title="Not deleted", severity="error")
            else:
                self.notify(f"Deleted the interview with {summary.candidate}.")
            self.refresh_sessions()

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the interview with {summary.candidate} ({session_id})?\n"
                "Its notes cannot be recovered.",
                confirm_label="Delete",
            ),
            delete,
        )

    def action_export(self) -> None:
        from tui_interview.screens.export import ExportScreen

        session_id = self.selected_id()
        if session_id is None:
            return
        try:
            session = self.app.context.store.load(session_id)
        except Exception as error:
            self.notify(str(error), title="Could not open", severity="error")
            return
        self.app.push_screen(ExportScreen(session))
