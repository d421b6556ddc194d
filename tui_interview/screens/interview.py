"""The interview screen: the current question, its probing questions and the
behaviour indicators side by side, the notes, and a note input that always
keeps what is being typed.

Each part is a widget with one job (``StatusBar``, ``QuestionBox``,
``ChecklistsPanel``, ``NotesLog``, ``NoteInput``) that draws itself from the
session. The screen only wires them to ``domain.interview.Interview``, which
saves every change at once: it turns keys into those calls (through ``_do``,
which says plainly when a save fails), keeps the draft saved, and redraws.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import ParamSpec, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Footer, Static

from tui_interview.domain.interview import Interview
from tui_interview.domain.pacing import pace
from tui_interview.domain.session import (
    QuestionRef,
    Session,
    Status,
)
from tui_interview.domain.timeutil import format_elapsed
from tui_interview.keymap import display_key
from tui_interview.screens.base import ChangeNotSaved, app_context, ask_app, run_change, tui_app
from tui_interview.screens.leaving import LeavingWithUnsavedText
from tui_interview.screens.messages import OpenReview
from tui_interview.screens.note_commands import NOTE_COMMANDS, TAG_KEYS, NoteCommands
from tui_interview.storage import OpenSession
from tui_interview.widgets.checklist import Checklist
from tui_interview.widgets.checklists_panel import ChecklistsPanel
from tui_interview.widgets.keys import default, key_name, keys_of
from tui_interview.widgets.note_input import NoteInput
from tui_interview.widgets.notes import NotesLog
from tui_interview.widgets.question_box import QuestionBox
from tui_interview.widgets.status_bar import ClockState, StatusBar

P = ParamSpec("P")
T = TypeVar("T")

#: The draft (what the note input holds) is saved at most this many seconds
#: after any change, even while typing goes on.
DRAFT_SAVE_DELAY = 0.5


class InterviewScreen(NoteCommands, LeavingWithUnsavedText):
    HELP_TITLE = "Interview"
    # Classes for small terminals (see app.tcss): panels collapse so that the
    # clock, the question's first line and the note input stay in view.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (17, "-short"), (23, "-tall")]

    @property
    def HELP_EXTRA(self) -> list[tuple[str, str]]:  # noqa: N802 (read by the help screen)
        return [
            ("Enter", "save the note being typed (with its time)"),
            ("ctrl+j", "a new line inside the note"),
            *self._paging_help(),
            ("Escape", "back to the note input (what you typed is kept)"),
            ("Enter", "in a checklist: tick or un-tick (letters and space go to the note)"),
            (
                f"{key_name(self, 'note_command')}, then",
                "one note command on the last note (↑ ↓ choose another):",
            ),
            *((f"  {key}", what) for key, what in NOTE_COMMANDS.items()),
        ]

    def _paging_help(self) -> list[tuple[str, str]]:
        """The second keys of next / previous question (PgDn / PgUp), if any."""
        after = keys_of(self, "next_question")
        before = keys_of(self, "previous_question")
        if len(after) < 2 or len(before) < 2:
            return []
        return [
            (
                f"{display_key(after[1])} / {display_key(before[1])}",
                f"next / previous question or section, as {display_key(after[0])} / "
                f"{display_key(before[0])} (while typing)",
            )
        ]

    BINDINGS = [
        Binding(
            default("next_question"),
            "next_question",
            "Next",
            tooltip="Next question or section",
            id="interview.next",
        ),
        Binding(
            default("previous_question"),
            "previous_question",
            "Prev",
            tooltip="Previous question or section",
            id="interview.previous",
        ),
        Binding(
            default("go_to_question"),
            "go_to_question",
            "Go to",
            tooltip="Go to a question or section (a list to filter)",
            id="interview.goto",
        ),
        Binding(
            default("tick_next_probe"),
            "tick_next_probe",
            "Tick",
            tooltip="Tick the next probing question not yet asked",
            id="interview.tick_probe",
        ),
        Binding(
            default("link_last_note"),
            "link_last_note",
            "Link",
            tooltip="Link the last note to behaviours (evidence)",
            id="interview.link",
        ),
        Binding(
            default("toggle_clock"),
            "toggle_clock",
            "Clock",
            tooltip="Pause or resume the clock",
            id="interview.clock",
        ),
        Binding(
            default("finish"),
            "finish",
            "Finish",
            tooltip="Finish: review what is missing",
            id="interview.finish",
        ),
        Binding(
            default("rate"), "rate", "Rate", tooltip="Rate the competencies", id="interview.rate"
        ),
        Binding(
            default("note_command"),
            "note_command",
            "Note cmd",
            tooltip="Note command: then s t a r f q tag, b link, e edit, d delete, u undo",
            id="interview.note_command",
        ),
        Binding(
            default("find_in_notes"),
            "find_in_notes",
            "Find",
            tooltip="Find text in this interview's notes",
            id="interview.find",
            show=False,
        ),
        Binding(
            default("add_question"),
            "add_question",
            "Add question",
            tooltip="Add a question asked now (after this one)",
            id="interview.add_question",
            show=False,
        ),
        Binding("escape", "focus_note", "Type note", show=False, id="interview.focus_note"),
        Binding(
            default("toggle_candidate_present"),
            "toggle_candidate_present",
            "Candidate-present mode",
            show=False,
            id="interview.candidate_present",
        ),
        Binding(default("home"), "home", "Back to home", show=False, id="interview.home"),
    ]

    #: Actions that change the interview: neither offered (footer, help,
    #: palette) nor run while it is open read-only.
    EDITING_ACTIONS = frozenset(
        {
            "tick_next_probe",
            "link_last_note",
            "toggle_clock",
            "finish",
            "rate",
            "note_command",
            "add_question",
            "toggle_candidate_present",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.read_only_reason and action in self.EDITING_ACTIONS:
            return False
        return True

    def __init__(self, handle: OpenSession, read_only_reason: str | None = None):
        super().__init__()
        self.handle = handle
        self.read_only_reason = read_only_reason
        self._draft_timer: Timer | None = None
        self._left = False
        #: The note input owns the typed text (kept as an object, so it is still
        #: read after unmount); the session owns the saved draft.
        self._note_input = NoteInput(
            submit=self.submit_note,
            placeholder="Type a note; Enter saves it with its time, ctrl+j a new line",
            id="note",
        )
        #: ctrl+e was pressed: the next key is a note command (see route_key).
        self._command_pending = False
        self.interview: Interview | None = None
        #: The note commands (see NOTE_COMMANDS): key -> what it runs.
        self._note_commands: dict[str, Callable[[], object]] = {
            **{key: partial(self.tag_chosen_note, tag) for key, tag in TAG_KEYS.items()},
            "b": self.link_chosen_note,
            "c": self.contradict_chosen_note,
            "e": self.edit_chosen_note,
            "d": self.delete_chosen_note,
            "u": self.undo_delete,
            "l": self.action_toggle_lower_levels,
        }

    # -- layout: the widgets, each with one job -----------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield QuestionBox(id="question")
        yield ChecklistsPanel(id="checklists")
        yield NotesLog(id="notes")
        yield Static(id="command-hint", markup=False)
        yield self._note_input
        yield Footer()

    def on_mount(self) -> None:
        self.interview = Interview(self.handle, now=app_context(self).now)
        note_input = self.note_input
        note_input.set_value(self.session.draft)
        stopped_at: float | None = None
        if self.read_only_reason:
            note_input.read_only = True
            note_input.placeholder = "Read-only: this interview is open elsewhere"
        else:
            # A new interview starts in the configured mode (config.toml's
            # candidate_present); a clock left running is stopped.
            present = app_context(self).settings.candidate_present
            stopped_at = self._do(self.running.open_to_run, present)
        # Before any notice of its own: raising the curtain clears the notices.
        app = tui_app(self)
        app.set_curtain(app.curtain.opened(self.session))
        if stopped_at is not None:
            self._said_clock_left_running(stopped_at)
        self.notes_log.border_title = "Notes"
        self.redraw()
        note_input.focus()
        self.set_interval(1.0, self.redraw_status)

    def _said_clock_left_running(self, stopped_at: float) -> None:
        self.notify(
            "The app did not close normally last time: the clock was paused at "
            f"⏱ {format_elapsed(stopped_at)} (the last save). "
            f"{key_name(self, 'toggle_clock')} starts it again.",
            timeout=10,
        )

    @property
    def running(self) -> Interview:
        """The interview being run (made on mount)."""
        if self.interview is None:
            raise RuntimeError("the interview screen is not mounted yet")
        return self.interview

    @property
    def session(self) -> Session:
        return self.running.session

    def now(self) -> datetime:
        return app_context(self).now()

    @property
    def note_input(self) -> NoteInput:
        return self._note_input

    @property
    def notes_log(self) -> NotesLog:
        return self.query_one("#notes", NotesLog)

    @property
    def checklists(self) -> ChecklistsPanel:
        return self.query_one("#checklists", ChecklistsPanel)

    @property
    def show_lower_levels(self) -> bool:
        return self.checklists.show_lower_levels

    # -- drawing: each widget from the session ---------------------------------------

    def redraw(self) -> None:
        self.redraw_question()
        self.redraw_checklists()
        self.redraw_notes()
        self.redraw_status()

    def redraw_status(self) -> None:
        now = self.now()
        clock = ClockState.of(self.session, now)
        read_only = bool(self.read_only_reason)
        self.query_one("#status", StatusBar).show(
            self.session,
            clock,
            read_only=read_only,
            save_error=self.save_error,
            pace=pace(self.session, now),
        )
        self.note_input.show_clock(clock, read_only=read_only)
        self.redraw_suggestion()

    def redraw_question(self) -> None:
        self.query_one("#question", QuestionBox).show(self.session)

    def redraw_checklists(self) -> None:
        self.checklists.show(self.session)
        self.redraw_suggestion()

    def redraw_notes(self) -> None:
        self.notes_log.show_question(self.session, app_context(self).note_words)
        self.redraw_suggestion()

    def redraw_suggestion(self) -> None:
        """The suggested level under the notes, only while ratings may be shown."""
        from textual.content import Content

        from tui_interview.domain.display import visible_text
        from tui_interview.domain.rating import interview_hint

        self.notes_log.border_subtitle = Content(visible_text(interview_hint(self.session)))

    # -- saving -------------------------------------------------------------------

    def _do(self, change: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run one saved change through the one seam (``run_change``); a
        read-only view changes nothing and says why."""
        if self.read_only_reason:
            self.notify(
                "This interview is open elsewhere; this view is read-only.", severity="warning"
            )
            return None
        return run_change(self, change, *args, **kwargs)

    def on_change_not_saved(self, event: ChangeNotSaved) -> None:
        """The status line shows NOT SAVED (the app says why, in a notice)."""
        if not self._left:
            self.redraw_status()

    @property
    def save_error(self) -> str | None:
        """Why the last change was not saved, until one is."""
        return self.interview.not_saved if self.interview is not None else None

    def submit_note(self, text: str) -> bool:
        """Save ``text`` as a note now (called by the note input as Enter comes,
        so notes are saved in the order they were typed). ``False``: not saved."""
        if self.interview is None:
            return False
        self._cancel_draft_timer()
        saved = self._do(self.running.record_note, text) is not None
        if saved and self.running.paused:
            self.notify(
                "The clock is paused: this note is timed "
                f"{format_elapsed(self.session.elapsed(self.now()))}, as every "
                f"note until {key_name(self, 'toggle_clock')} starts the clock again.",
                severity="warning",
                timeout=6,
            )
        if saved:
            self.redraw_notes()
            self.notes_log.select_last()
            self.redraw_checklists()
        self.redraw_status()
        return saved

    def on_text_area_changed(self, event: NoteInput.Changed) -> None:
        if event.text_area.id != "note" or self.read_only_reason:
            return
        event.stop()
        # Saved soon after every change, even while typing goes on: the draft
        # is never more than DRAFT_SAVE_DELAY older than the last key.
        if self._draft_timer is None and event.text_area.text != self.session.draft:
            self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self.save_draft)

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def save_draft(self) -> None:
        self._draft_timer = None
        if self.read_only_reason or self.interview is None:
            return
        # The input itself, not the last Changed message: that may be older
        # than a note just saved from it.
        typed = self.note_input.text
        if typed != self.session.draft:
            self._do(self.running.save_draft, typed)
            if not self._left:
                self.redraw_status()

    def leave(self) -> None:
        """Save the draft, stop the clock and release the session (once)."""
        if self._left:
            return
        self._left = True
        self._cancel_draft_timer()
        if self.interview is not None and not self.read_only_reason:
            self.save_draft()
            if self.session.clock.running:
                self._do(self.running.pause)
        self.handle.close()

    def on_unmount(self) -> None:
        self.leave()

    # -- actions ------------------------------------------------------------------

    def action_next_question(self) -> None:
        """The next stop: a question or a section (opening, general remarks,
        the candidate's questions, closing)."""
        if self._do(self.running.next_stop) is not None:
            self.redraw()

    def action_previous_question(self) -> None:
        if self._do(self.running.previous_stop) is not None:
            self.redraw()

    def action_go_to_question(self) -> None:
        """ctrl+g: every question and section in a list; type to filter,
        Enter goes there."""
        from tui_interview.screens.interview_dialogs import GoToStopScreen, go_to_rows

        def go(index: str | None) -> None:
            if index is not None and self._do(self.running.go_to_stop, int(index)) is not None:
                self.redraw()
            self.action_focus_note()

        rows = go_to_rows(self.session, self.now())
        self.app.push_screen(GoToStopScreen(rows, self.session.current_stop_index), go)

    def action_find_in_notes(self) -> None:
        """F3: find text in this interview's notes; Enter goes to the note's
        stop and chooses the note in the notes list."""
        from tui_interview.screens.interview_dialogs import FindInNotesScreen

        def go(found: str | None) -> None:
            if found is not None:
                note = self.session.note(found.split("@", 1)[0])
                index = self.session.stops.index(note.stop)
                if self.session.current_stop == note.stop or (
                    self._do(self.running.go_to_stop, index) is not None
                ):
                    self.redraw()
                    self.notes_log.highlight_note(note.id)
                    # The chosen note shows (reversed) in the focused list;
                    # a printable key still goes to the note input.
                    self.notes_log.focus()
                    return
            self.action_focus_note()

        self.app.push_screen(FindInNotesScreen(self.session), go)

    def action_add_question(self) -> None:
        """F2: add a question asked now, after the current stop, and go there."""
        from tui_interview.screens.interview_dialogs import AddQuestionScreen

        if self.read_only_reason:
            self.notify(
                "This interview is open elsewhere; this view is read-only.", severity="warning"
            )
            return
        competencies = [
            (
                planned.competency_id,
                self.session.competency(planned.competency_id).name,
                self.session.competency(planned.competency_id).level_numbers,
            )
            for planned in self.session.competencies
        ]
        stop = self.session.current_stop
        current = stop.competency_id if isinstance(stop, QuestionRef) else None

        def add(text: str, competency_id: str | None, level: int | None) -> bool:
            added = self._do(
                self.running.add_question, text, competency_id=competency_id, level=level
            )
            if added is None:
                return False
            self.redraw()
            return True

        def closed(_: None) -> None:
            self.action_focus_note()

        self.app.push_screen(
            AddQuestionScreen(competencies, add, competency_id=current or None), closed
        )

    def action_focus_note(self) -> None:
        if self._command_pending:
            self._set_command_pending(False)
        self.note_input.focus()

    def action_tick_next_probe(self) -> None:
        ref = self.session.current_stop
        if not isinstance(ref, QuestionRef):
            self.notify("A section has no probing questions.")
            return
        probe = self.session.next_probe_not_asked(ref)
        if probe is None:
            self.notify("Every probing question of this question is ticked.")
            return
        self._toggle_probe(ref, probe.id)

    def _toggle_probe(self, ref: QuestionRef, probe_id: str) -> None:
        if self._do(self.running.toggle_probe, ref, probe_id) is not None:
            self.redraw_checklists()
            self.redraw_status()

    def on_checklist_toggled(self, event: Checklist.Toggled) -> None:
        ref = self.session.current_stop
        if not isinstance(ref, QuestionRef):
            return
        if event.checklist.id == "probes":
            self._toggle_probe(ref, event.item_id)
        elif event.checklist.id == "behaviours":
            if (
                self._do(self.running.toggle_behaviour, ref.competency_id, event.item_id)
                is not None
            ):
                self.redraw_checklists()
                self.redraw_status()

    def action_toggle_lower_levels(self) -> None:
        self.checklists.show_lower_levels = not self.checklists.show_lower_levels
        self.redraw_checklists()

    def action_toggle_clock(self) -> None:
        if self.session.status is Status.FINISHED:
            self.notify("The interview is finished; its clock is stopped.")
            return
        self._do(self.running.toggle_clock)
        self.redraw_status()

    def action_toggle_candidate_present(self) -> None:
        present = self._do(self.running.set_candidate_present, not self.session.candidate_present)
        self.redraw_status()
        if present is not None:
            app = tui_app(self)
            app.set_curtain(app.curtain.mode_set(self.session))
            self.notify(
                "Candidate-present mode "
                + (
                    "on: ratings are hidden while the clock runs, and other interviews are hidden."
                    if present
                    else "off: ratings may be shown at any time, and home shows every name."
                )
            )

    def action_link_last_note(self) -> None:
        notes = self.session.notes_for(self.session.current_stop)
        if not notes:
            self.notify("There is no note here to link yet.", severity="warning")
            return
        self.open_link_dialog(notes[-1].id)

    def open_link_dialog(self, note_id: str) -> None:
        from tui_interview.domain.linking import link_suggestions
        from tui_interview.screens.interview_dialogs import LinkBehavioursScreen, LinkRow

        note = self.session.note(note_id)
        if note.question is None:
            self.notify("A note of a section is not linked to behaviours.", severity="warning")
            return
        competency_id = note.question.competency_id
        if not competency_id:
            self.notify(
                "This added question has no competency: its notes link no behaviours.",
                severity="warning",
            )
            return
        # Best first, read with the question and its earlier notes.
        order = [b.id for b in link_suggestions(self.session, note_id)]
        competency = self.session.competency(competency_id)
        by_id = {b.id: b for b in competency.behaviours}

        def rows() -> list[LinkRow]:
            current = self.session.note(note_id)
            return [
                LinkRow(
                    bid,
                    by_id[bid].level,
                    by_id[bid].text,
                    "for"
                    if bid in current.behaviours
                    else "against"
                    if bid in current.behaviours_against
                    else "",
                )
                for bid in order
            ]

        def link(behaviour_id: str, side: str | None) -> list[LinkRow] | None:
            # A link is evidence in its own right (the checklist counts it
            # beside the behaviour); the tick stays the interviewer's own act.
            if self._do(self.running.set_note_link, note_id, behaviour_id, side) is None:
                return None
            self.redraw_checklists()
            self.redraw_notes()
            return rows()

        self.app.push_screen(LinkBehavioursScreen(note.text, rows(), link))

    def action_finish(self) -> None:
        self.save_draft()
        ask_app(self, OpenReview(self.running, leave=self.leave))

    def action_rate(self) -> None:
        from tui_interview.screens.rating import open_rating

        open_rating(self, self.running)

    def action_home(self) -> None:
        def go_home() -> None:
            self.leave()
            self.app.pop_screen()

        self.leave_then(go_home)
