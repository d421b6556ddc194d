"""Home: the stored interviews, most recent first. Typing filters the list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from tui_interview.domain.timeutil import format_timestamp

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
        format_timestamp(when)[:16] if when else "",
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

    def compose(self) -> ComposeResult:
        yield Static("Interviews", id="home-title", classes="screen-title")
        yield Input(placeholder="Type to filter: candidate, role, competency, status…", id="filter")
        with Vertical(id="home-body"):
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Static(EMPTY_TEXT, id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns("Candidate", "Role", "Competencies", "Status", "Date", "Done", "Id")
        table.can_focus = False
        self.query_one("#filter", Input).focus()
        self.refresh_sessions()

    def on_screen_resume(self) -> None:
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
        for summary in self._summaries:
            if summary_matches(summary, words):
                table.add_row(*summary_row(summary), key=summary.id)
        empty = self.query_one("#empty", Static)
        empty.display = table.row_count == 0
        table.display = table.row_count > 0
        if not self._summaries:
            empty.update(EMPTY_TEXT)
        elif table.row_count == 0:
            empty.update("No interview matches the filter.")
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

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
