"""Home: the stored interviews, most recent first. Typing filters the list."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from tui_interview.domain.curtain import Curtain
from tui_interview.domain.display import visible_text
from tui_interview.screens.base import app_context, ask_app, tui_app
from tui_interview.screens.home_curtain import (
    PLACEHOLDER,
    banner,
    curtained_cells,
    curtained_text,
    curtained_widths,
)
from tui_interview.screens.home_listing import (
    EMPTY_TEXT,
    FILTER_PLACEHOLDER,
    LIST_ACTIONS,
    LIST_KEYS,
    LOADING_TEXT,
    SEARCH_DELAY,
    UNLOCKING_TEXT,
    Listing,
    Row,
    column_widths,
    consensus_line,
    list_rows,
    listing_after_first_frame,
)
from tui_interview.screens.messages import OpenExport, OpenInterview, OpenNewInterview, OpenPanel
from tui_interview.storage import SessionStore, StorageError
from tui_interview.storage.cells import filter_words, matching_lines
from tui_interview.storage.recent import index_is_large, recent_summaries
from tui_interview.widgets.keys import default, key_name, keys_of
from tui_interview.widgets.session_table import SessionTable, layout_cells

if TYPE_CHECKING:  # the consensus store is read only when records are listed
    pass


class HomeScreen(Screen[None]):
    #: -short (a small terminal): the consensus records give way to the list.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        Binding(default("new_interview"), "new_interview", "New", id="home.new"),
        Binding("enter", "resume", "Resume", id="home.resume"),
        Binding(default("delete_interview"), "delete", "Delete", id="home.delete"),
        Binding(default("export"), "export", "Export", id="home.export"),
        Binding(default("open_panel"), "panel", "Panel", show=False, id="home.panel"),
        Binding(
            default("open_calibration"),
            "fairness('calibration')",
            "Calibration",
            show=False,
            id="home.calibration",
        ),
        Binding(
            default("open_questions"),
            "fairness('questions')",
            "Questions",
            show=False,
            id="home.questions",
        ),
        Binding(
            default("toggle_candidate_present"),
            "toggle_curtain",
            "Hide or show names",
            tooltip="Hide or show the names (a candidate is present)",
            show=False,
            id="home.candidate_present",
        ),
        Binding("down", "cursor(1)", "Down", show=False, id="home.down"),
        Binding("up", "cursor(-1)", "Up", show=False, id="home.up"),
        Binding("pagedown", "cursor(10)", "Page down", show=False, id="home.pagedown"),
        Binding("pageup", "cursor(-10)", "Page up", show=False, id="home.pageup"),
    ]

    def _empty_text(self) -> str:
        return EMPTY_TEXT.format(new=key_name(self, "new_interview"))

    def compose(self) -> ComposeResult:
        self._rows: list[Row] = []
        #: Each row's text for the filter (``storage.cells.filter_text``).
        self._texts: list[str] = []
        #: Whether the full list is still being read (in a worker thread).
        self._loading = False
        #: Whether the key is being derived (``InterviewApp.unlocking``):
        #: every key is held until the list is shown.
        self._unlocking = False
        #: Which listing the screen waits for (a newer one replaces an older).
        self._generation = 0
        self._listing: Worker[Listing] | None = None
        #: What was said, per session the last search of the notes found.
        self._said: dict[str, str] = {}
        self._found: set[str] = set()
        self._searched = ""
        #: A search of the notes asked for while the list was being read.
        self._search_wanted = False
        self._search_timer: Timer | None = None
        self._needed: dict[str, int] = {}
        #: What the filter searches behind the curtain (made when first needed).
        self._behind_texts: list[str] | None = None
        #: The curtain last shown (domain/curtain.py; the app keeps it).
        self._curtain_seen = Curtain()
        self._columns = column_widths(self.app.size.width)
        yield Static("Interviews", id="home-title", classes="screen-title")
        yield Static("", id="curtain-banner", markup=False)
        yield Static("", id="retention-banner", markup=False)
        yield Input(placeholder=FILTER_PLACEHOLDER, id="filter")
        with Vertical(id="home-body"):
            yield Static(
                layout_cells(list(self._columns), list(self._columns.values())),
                id="sessions-header",
                markup=False,
            )
            yield SessionTable(list(self._columns.values()), id="sessions")
            yield Static(self._empty_text(), id="empty", markup=False)
        # Shown only when the data folder holds consensus records.
        yield Static("", id="consensus-records", markup=False)
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        if self.is_current:
            self._show_curtain()
            self._fill()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).focus()
        # No listing here: ScreenResume follows at once when this screen is
        # pushed, and listing twice doubles the start-up time with many
        # sessions stored.

    def on_screen_resume(self) -> None:
        # When an interview is opened straight away (`new`, `resume`), it is
        # pushed on top before this screen is resumed: list only once shown.
        if self.is_current:
            self.refresh_sessions()

    def refresh_sessions(self) -> None:
        if app_context(self).needs_passphrase:
            # The passphrase screen is on top, or the key is being derived
            # (then this frame says so and holds every key): nothing is read.
            self._unlocking = tui_app(self).unlocking
            if self._unlocking:
                self._loading = True
                self._show([], search=False)
            return
        self._unlocking = False
        self._show_curtain()
        # The consensus records (under the list) follow the first frame: they
        # import and read the consensus store.
        self.call_after_refresh(self._list_consensus)
        store = app_context(self).store
        self._generation += 1
        if index_is_large(store):
            # Many interviews: show the most recent screenful now, read the
            # whole list in a thread once that frame is drawn, and hold the
            # keys that act on it meanwhile.
            quick = recent_summaries(store, max(self.app.size.height, 10))
            self._loading = True
            self._show(list_rows(quick or []), search=False)
            self.call_after_refresh(self._list_in_background, self._generation, store)
            return
        self._loading = False
        self._listing = None
        self._listed(Listing(self._generation, store))

    def _list_in_background(self, generation: int, store: SessionStore) -> None:
        if generation != self._generation:
            return  # listed again meanwhile: that listing has its own worker
        self._listing = self.run_worker(
            partial(listing_after_first_frame, generation, store),
            name="list sessions",
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._listing:
            return  # another worker, or a listing replaced by a newer one
        if event.state == WorkerState.SUCCESS:
            listing = event.worker.result
            if isinstance(listing, Listing) and listing.generation == self._generation:
                self._listed(listing)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._loading = False
            self._show([], search=False)
            self.notify(str(event.worker.error), title="Could not list sessions", severity="error")
            self._keys_go_on()

    def _listed(self, listing: Listing) -> None:
        self._loading = False
        if listing.error is not None:  # a damaged index must not stop the app
            self.notify(str(listing.error), title="Could not list sessions", severity="error")
        for damaged in listing.damaged:
            self.notify(str(damaged), title="Damaged interview set aside", severity="warning")
        self._show(listing.rows, search=True)
        self._show_retention(listing.summaries)
        self._keys_go_on()

    def _show(self, rows: list[Row], *, search: bool) -> None:
        self._rows = rows
        self._texts = [text for _, _, text in rows]
        self._behind_texts = None
        self._needed = {
            name: max([cell_len(name)] + [cell_len(row[name]) for _, row, _ in self._rows])
            for name in ("Candidate", "Role", "Competencies")
        }
        if search and (self._searched or self._search_wanted):
            self.search_notes()
        else:
            self._fill()

    def _list_consensus(self) -> None:
        """The panels' consensus records, under the interviews (none: hidden)."""
        records = app_context(self).consensus
        try:
            summaries = records.list()
        except (StorageError, OSError) as error:
            summaries = []
            self.notify(str(error), title="Could not list consensus records", severity="error")
        for damaged in records.take_damage_reports():
            self.notify(str(damaged), title="Damaged consensus set aside", severity="warning")
        widget = self.query_one("#consensus-records", Static)
        # Each names a candidate: none behind the curtain.
        widget.display = bool(summaries) and not tui_app(self).curtain.up
        if summaries:
            panel_key = key_name(self, "open_panel")
            lines = [f"Consensus records ({len(summaries)}; {panel_key} opens a panel):"]
            lines += [visible_text(consensus_line(summary)) for summary in summaries[:5]]
            if len(summaries) > 5:
                lines.append(f"… and {len(summaries) - 5} more")
            widget.update("\n".join(lines))

    def _show_retention(self, summaries) -> None:
        from tui_interview.storage.retention import retention_notice

        context = app_context(self)
        banner = self.query_one("#retention-banner", Static)
        text = retention_notice(summaries, context.settings.retention_days, context.now())
        banner.update(f"⚠ {text}" if text else "")
        banner.display = text is not None

    # -- keys typed while the list is being read --------------------------------

    def keys_wait(self, event: events.Key | events.Paste) -> bool:
        """While the full list is read, a key that acts on it waits, and so
        does every key after it (widgets/key_order.py); they go on, in order,
        once it is shown. While the key is derived
        (``InterviewApp.unlocking``), every key waits but the quit key."""
        if not self.is_current:
            return False
        if self._unlocking:
            return not (isinstance(event, events.Key) and event.key in keys_of(self, "quit"))
        return self._loading and isinstance(event, events.Key) and self._acts_on_list(event.key)

    def _acts_on_list(self, key: str) -> bool:
        return key in LIST_KEYS or any(key in keys_of(self, name) for name in LIST_ACTIONS)

    def _keys_go_on(self) -> None:
        """The list is shown: the keys that waited for it go on."""
        if not self._loading and not self._unlocking:
            tui_app(self).key_order.resume()

    def _fill(self) -> None:
        query = self.query_one("#filter", Input).value
        width = self.size.width or self.app.size.width
        curtain = tui_app(self).curtain
        if curtain.up:
            # Behind the curtain: ids, statuses and dates only, and the
            # filter looks in nothing else (home_curtain.py).
            if self._behind_texts is None:
                self._behind_texts = [curtained_text(row) for _, row, _ in self._rows]
            positions = matching_lines(self._behind_texts, filter_words(query))
            said: dict[str, str] = {}
            columns = curtained_widths(width)
        else:
            # What the notes search found counts only for the query it was run for.
            found = self._found if query == self._searched else set()
            said = self._said if query == self._searched else {}
            positions = matching_lines(self._texts, filter_words(query))
            if found:
                positions = sorted(
                    {*positions, *(i for i, (key, _, _) in enumerate(self._rows) if key in found)}
                )
        rows = self._rows
        matching = [rows[i] for i in positions]
        if not curtain.up:
            needed = {**self._needed, "Said": max((cell_len(t) for t in said.values()), default=0)}
            columns = column_widths(
                width, needed, said=bool(said) and any(key in said for key, _, _ in matching)
            )
        table = self.query_one("#sessions", SessionTable)
        if columns != self._columns:
            self._columns = columns
            self.query_one("#sessions-header", Static).update(
                layout_cells(list(columns), list(columns.values()))
            )
            table.widths = list(columns.values())
        names = list(columns)

        def cells(line: int) -> list[str]:
            key, row, _ = matching[line]
            if curtain.up:
                row = curtained_cells(curtain, key, row)
            return [said.get(key, "") if name == "Said" else row[name] for name in names]

        # Each line's cells are made when it is drawn: a screenful, not 10,000.
        table.show_rows([key for key, _, _ in matching], cells)
        if curtain.present is not None and self._curtain_seen != curtain:
            # Back from the interview whose candidate is present: on its line,
            # so Enter goes back to it.
            self._curtain_seen = curtain
            keys = [key for key, _, _ in matching]
            if curtain.present in keys:
                table.move_cursor(keys.index(curtain.present))
        empty = self.query_one("#empty", Static)
        empty.display = not matching
        for part in self.query("#sessions, #sessions-header"):
            part.display = bool(matching)
        if not self._rows and self._loading:
            empty.update(UNLOCKING_TEXT if self._unlocking else LOADING_TEXT)
        elif not self._rows:
            empty.update(self._empty_text())
        elif not matching:
            empty.update(LOADING_TEXT if self._loading else "No interview matches the filter.")

    def search_notes(self) -> None:
        """Find the filter's words in what was said too (``SessionStore.search``):
        those sessions join the list, with the words' place in the notes."""
        from tui_interview.domain.search import said_snippet, search_words

        self._cancel_search()
        if tui_app(self).curtain.up:  # what was said is behind the curtain
            self._fill()
            return
        if self._loading:  # searched once the list is read (it lists too)
            self._search_wanted = True
            return
        self._search_wanted = False
        query = self.query_one("#filter", Input).value
        words = search_words(query)
        self._searched = query
        self._found, self._said = set(), {}
        if words:
            try:
                results = app_context(self).store.search_said(query)
            except (StorageError, OSError) as error:
                self.notify(str(error), title="Could not search the notes", severity="error")
                results = []
            self._found = {summary.id for summary, _ in results}
            for summary, said in results:
                snippet = said_snippet(said, words)
                if snippet:
                    self._said[summary.id] = visible_text(f"“{snippet}”")
        self._fill()

    def _cancel_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def on_session_table_selected(self, event: SessionTable.Selected) -> None:
        ask_app(self, OpenInterview(event.key))

    def on_input_changed(self, event: Input.Changed) -> None:
        # Names at once; what was said once typing pauses.
        self._fill()
        self._cancel_search()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.search_notes)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self.search_notes()
        self.action_resume()

    def selected_id(self) -> str | None:
        return self.query_one("#sessions", SessionTable).selected_key

    def action_cursor(self, step: int) -> None:
        table = self.query_one("#sessions", SessionTable)
        table.move_cursor(table.cursor_row + step)

    def action_new_interview(self) -> None:
        ask_app(self, OpenNewInterview())

    def action_resume(self) -> None:
        session_id = self.selected_id()
        if session_id is None:
            self.notify("No interview is selected.", severity="warning")
            return
        ask_app(self, OpenInterview(session_id))

    def action_delete(self) -> None:
        from tui_interview.screens.confirm import ConfirmScreen

        session_id = self.selected_id()
        if session_id is None:
            return
        candidate = next(row["Candidate"] for key, row, _ in self._rows if key == session_id)
        if not tui_app(self).curtain.shows(session_id):
            candidate = "this candidate"  # the id says which; the name is hidden

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            from tui_interview.locations import state_dir
            from tui_interview.storage.retention import remove_traces

            store = app_context(self).store
            try:
                store.delete(session_id)
            except (StorageError, OSError) as error:
                self.notify(str(error), title="Not deleted", severity="error")
            else:
                remove_traces(store, state_dir(), session_id)
                self.notify(f"Deleted the interview with {candidate}.")
            self.refresh_sessions()

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the interview with {candidate} ({session_id})?\n"
                "Its notes cannot be recovered.",
                confirm_label="Delete",
            ),
            delete,
        )

    def action_export(self) -> None:
        session_id = self.selected_id()
        if session_id is None or self._behind_curtain(session_id):
            return
        try:
            session = app_context(self).store.load(session_id)
        except (StorageError, OSError) as error:
            self.notify(str(error), title="Could not open", severity="error")
            return
        ask_app(self, OpenExport(session))

    def action_panel(self) -> None:
        """Ask for the members' transcripts (the last folder filled in), then
        open the Panel screen on them."""
        from tui_interview.screens.panel import PanelPathScreen

        if self._behind_curtain(None):
            return
        state = app_context(self).state

        def open_panel(paths: list[str] | None) -> None:
            if not paths:
                return
            try:
                state.remember_panel_dir(Path(paths[0]).absolute())
            except OSError:
                pass  # only a convenience: the panel opens all the same
            ask_app(self, OpenPanel(paths))

        self.app.push_screen(PanelPathScreen(state.last_panel_dir), open_panel)

    def action_fairness(self, view: str) -> None:
        """Calibration or question effectiveness (screens/fairness.py) over a
        folder of transcripts, asked as for the Panel."""
        from tui_interview.screens.fairness import open_fairness_view

        if not self._behind_curtain(None):
            open_fairness_view(self, view)

    # -- the curtain: other interviews hidden while a candidate is present -------

    def _show_curtain(self) -> None:
        """The line that says names are hidden, and the filter's hint, as the
        app's curtain is now (domain/curtain.py)."""
        up = tui_app(self).curtain.up
        line = self.query_one("#curtain-banner", Static)
        width = self.size.width or self.app.size.width
        line.update(banner(key_name(self, "toggle_candidate_present"), width) if up else "")
        line.display = up
        if up:
            # The consensus records name candidates: hidden in this frame,
            # not when they are next listed (after the frame).
            self.query_one("#consensus-records", Static).display = False
        self.query_one("#filter", Input).placeholder = PLACEHOLDER if up else FILTER_PLACEHOLDER

    def action_toggle_curtain(self) -> None:
        """Show the names (the candidate has left), or hide them now."""
        app = tui_app(self)
        app.set_curtain(app.curtain.toggled())
        self._show_curtain()
        self._list_consensus()
        if self._searched or self.query_one("#filter", Input).value.strip():
            self.search_notes()
        else:
            self._fill()

    def _behind_curtain(self, session_id: str | None) -> bool:
        """Whether ``session_id`` (None: every interview) is behind the
        curtain; if so, say how to show it."""
        curtain = tui_app(self).curtain
        if not curtain.up or (session_id is not None and curtain.shows(session_id)):
            return False
        self.notify(
            "Hidden while a candidate is present: "
            f"{key_name(self, 'toggle_candidate_present')} shows the names first.",
            severity="warning",
        )
        return True
