"""The interview screen: the current question, its probing questions and the
behaviour indicators side by side, the notes, and a note input that always
keeps what is being typed.

Every action goes through ``domain.interview.Interview``, which saves at once.
The screen only translates keys into those calls and redraws from the session.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from tui_interview.domain.interview import Interview
from tui_interview.domain.session import ChecklistEvent, QuestionRef, SessionError, Status, Tag
from tui_interview.domain.timeutil import format_clock_time, format_elapsed
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.storage import LockFailed, SessionLocked, StorageError
from tui_interview.widgets.checklist import Checklist, ChecklistItem
from tui_interview.widgets.notes import NotesLog, behaviour_label
from tui_interview.widgets.type_through import TypeThrough

#: Seconds of no typing after which the unsent draft is saved.
DRAFT_SAVE_DELAY = 0.8


class BehaviourChecklist(Checklist):
    BINDINGS = [
        Binding(
            "l",
            "screen.toggle_lower_levels",
            "Lower levels",
            tooltip="show or hide lower levels",
            id="behaviours.lower_levels",
        )
    ]


def _tick_time(event: ChecklistEvent | None) -> str:
    """``[12:34]``: when an item was ticked, on the interview clock, as notes show it."""
    return f"[{format_elapsed(event.elapsed_seconds)}]" if event else ""


def open_interview_screen(
    app: App, session_id: str, failed: Callable[[str], None] | None = None
) -> None:
    """Open a stored session, read-only (after asking) if it is open elsewhere
    or cannot be locked (disk full, read-only folder). ``failed`` hears why,
    when the session could not be opened for changes."""
    store = app.context.store
    try:
        handle = store.open(session_id)
    except (SessionLocked, LockFailed) as refused:
        reason = str(refused)
        if failed is not None:
            failed(reason)

        def answer(read_only: bool | None) -> None:
            if read_only:
                try:
                    app.push_screen(
                        InterviewScreen(
                            store.open(session_id, read_only=True), read_only_reason=reason
                        )
                    )
                except StorageError as error:
                    app.notify(str(error), title="Could not open", severity="error")

        app.push_screen(ConfirmScreen(f"{reason}\n\nOpen it read-only?", "Open read-only"), answer)
        return
    except StorageError as error:
        if failed is not None:
            failed(str(error))
        app.notify(str(error), title="Could not open the interview", severity="error", timeout=10)
        return
    app.push_screen(InterviewScreen(handle))


class InterviewScreen(Screen[None]):
    HELP_TITLE = "Interview"
    HELP_EXTRA = [
        ("Enter", "save the note being typed (with its time)"),
        ("PgDn / PgUp", "next / previous question, as ctrl+n / ctrl+o (while typing)"),
        ("Escape", "back to the note input (what you typed is kept)"),
        ("space / Enter", "in a checklist: tick or un-tick"),
        ("l", "in the behaviours: show lower levels too"),
        ("s t a r", "in the notes: tag situation / task / action / result"),
        ("f q", "in the notes: flag follow-up / quote"),
        ("b e d u", "in the notes: link behaviour / edit / delete / undo delete"),
    ]
    BINDINGS = [
        Binding(
            "ctrl+n,pagedown", "next_question", "Next", tooltip="Next question", id="interview.next"
        ),
        Binding(
            "ctrl+o,pageup",
            "previous_question",
            "Prev",
            tooltip="Previous question",
            id="interview.previous",
        ),
        Binding(
            "ctrl+g", "go_to_question", "Go to", tooltip="Go to question N", id="interview.goto"
        ),
        Binding(
            "ctrl+t",
            "tick_next_probe",
            "Tick",
            tooltip="Tick the next probing question not yet asked",
            id="interview.tick_probe",
        ),
        Binding(
            "ctrl+l",
            "link_last_note",
            "Link",
            tooltip="Link the last note to behaviours (evidence)",
            id="interview.link",
        ),
        Binding(
            "ctrl+s",
            "toggle_clock",
            "Clock",
            tooltip="Pause or resume the clock",
            id="interview.clock",
        ),
        Binding(
            "ctrl+f",
            "finish",
            "Finish",
            tooltip="Finish: review what is missing",
            id="interview.finish",
        ),
        Binding("ctrl+r", "rate", "Rate", tooltip="Rate the competencies", id="interview.rate"),
        Binding("escape", "focus_note", "Type note", show=False, id="interview.focus_note"),
        Binding(
            "f6",
            "toggle_candidate_present",
            "Candidate-present mode",
            show=False,
            id="interview.candidate_present",
        ),
        Binding("f10", "home", "Back to home", show=False, id="interview.home"),
    ]

    def __init__(self, handle, read_only_reason: str | None = None):
        super().__init__()
        self.handle = handle
        self.read_only_reason = read_only_reason
        self.show_lower_levels = False
        self.save_error: str | None = None
        self._draft_timer: Timer | None = None
        self._left = False
        #: What the note input holds (kept here too: the widget is gone on unmount).
        self._typed = handle.session.draft
        self.interview: Interview | None = None

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        yield Static(id="question", markup=False)
        with Horizontal(id="checklists"):
            with Vertical(id="probes-box"):
                yield Checklist(id="probes", palette_name="Probing questions")
            with Vertical(id="behaviours-box"):
                yield BehaviourChecklist(id="behaviours", palette_name="Behaviours")
        yield NotesLog(id="notes")
        # select_on_focus off: coming back to a half-typed note must not let
        # the next key replace it.
        yield Input(
            placeholder="Type a note; Enter saves it with its time",
            id="note",
            select_on_focus=False,
        )
        yield Footer()

    def on_mount(self) -> None:
        self.interview = Interview(self.handle.session, self.handle.save, now=self.app.context.now)
        note_input = self.query_one("#note", Input)
        note_input.value = self.session.draft
        note_input.cursor_position = len(note_input.value)
        if self.read_only_reason:
            note_input.disabled = True
            note_input.placeholder = "Read-only: this interview is open elsewhere"
        elif self.session.status is Status.PLANNED:
            self._do(self.interview.start)
        elif self.session.clock.running:
            self._pause_clock_left_running()
        self.query_one("#probes-box").border_title = "Probing questions"
        self.query_one("#notes").border_title = "Notes"
        self.redraw()
        note_input.focus()
        self.set_interval(1.0, self.redraw_status)

    def _pause_clock_left_running(self) -> None:
        stopped_at = self._do(self.interview.stop_clock_left_running, self.handle.saved_at)
        if stopped_at is not None:
            self.notify(
                "The app did not close normally last time: the clock was paused at "
                f"{format_clock_time(stopped_at)}, the last save. ctrl+s starts it again.",
                timeout=10,
            )

    @property
    def session(self):
        return self.interview.session

    # -- drawing ----------------------------------------------------------------

    def redraw(self) -> None:
        self.redraw_question()
        self.redraw_checklists()
        self.redraw_notes()
        self.redraw_status()

    def redraw_status(self) -> None:
        session = self.session
        now = self.app.context.now()
        parts = [session.candidate + (f" · {session.role}" if session.role else "")]
        clock = f"⏱ {format_elapsed(session.elapsed(now))}"
        if not session.clock.running:
            clock += " ⏸ paused" if session.status is not Status.FINISHED else " finished"
        parts.append(clock)
        left = session.seconds_left(now) if session.status is not Status.FINISHED else None
        if left is not None:
            parts.append(
                f"{format_elapsed(left)} left"
                if left >= 0
                else f"⚠ OVER by {format_elapsed(-left)}"
            )
        if self.read_only_reason:
            parts.append("READ-ONLY")
        elif self.save_error:
            parts.append(f"✗ NOT SAVED: {self.save_error}")
        else:
            parts.append("✓ saved")
        status = self.query_one("#status", Static)
        status.update("  │  ".join(parts))
        status.set_class(left is not None and left < 0, "over-budget")
        status.set_class(bool(self.save_error), "unsaved")

    def redraw_question(self) -> None:
        session = self.session
        ref = session.current
        box = self.query_one("#question", Static)
        if ref is None:
            box.update("This interview has no questions.")
            return
        competency = session.competency(ref.competency_id)
        question = session.question(ref)
        plan = session.plan
        box.border_title = Content(
            f"Question {plan.index(ref) + 1} of {len(plan)} · {competency.name} · "
            f"Level {question.level}"
        )
        box.update(question.text)

    def redraw_checklists(self) -> None:
        session = self.session
        ref = session.current
        if ref is None:
            return
        asked = session.probe_ticks(ref)
        question = session.question(ref)
        self.query_one("#probes", Checklist).set_items(
            [
                ChecklistItem(p.id, p.text, p.id in asked, _tick_time(asked.get(p.id)))
                for p in question.probes
            ]
        )
        target = session.planned(ref.competency_id).target_level
        competency = session.competency(ref.competency_id)
        observed = session.behaviour_ticks(ref.competency_id)
        linked = session.linked_notes(ref.competency_id)
        if self.show_lower_levels:
            behaviours = competency.behaviours_up_to(target)
            title = f"Behaviours · levels 1–{target} (l: level {target} only)"
        else:
            behaviours = competency.level(target).behaviours
            title = f"Behaviours · level {target} (l: lower too)"
        self.query_one("#behaviours-box").border_title = Content(title)
        self.query_one("#behaviours", Checklist).set_items(
            [
                ChecklistItem(
                    b.id,
                    b.text,
                    b.id in observed,
                    _tick_time(observed.get(b.id)),
                    prefix=f"L{b.level}" if self.show_lower_levels else "",
                    evidence=len(linked.get(b.id, ())),
                )
                for b in behaviours
            ]
        )

    def redraw_notes(self) -> None:
        ref = self.session.current
        notes = self.session.notes_for(ref) if ref else []
        labels = {}
        if ref is not None:
            competency = self.session.competency(ref.competency_id)
            labels = {b.id: behaviour_label(b.level, b.text) for b in competency.behaviours}
        self.query_one("#notes", NotesLog).set_notes(
            notes, "No notes for this question yet. Type below and press Enter.", labels
        )

    # -- saving -------------------------------------------------------------------

    def _do(self, change, *args):
        """Run one saved change; on failure say so plainly and change nothing."""
        if self.read_only_reason:
            self.notify(
                "This interview is open elsewhere; this view is read-only.", severity="warning"
            )
            return None
        try:
            result = change(*args)
        except StorageError as error:
            self.save_error = str(error)
            self.notify(str(error), title="Not saved", severity="error", timeout=10)
            if not self._left:
                self.redraw_status()
            return None
        except SessionError as error:
            self.notify(str(error), severity="warning")
            return None
        self.save_error = None
        return result

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "note":
            return
        event.stop()
        text = event.value
        if not text.strip():
            return
        self._cancel_draft_timer()
        if self._do(self.interview.record_note, text) is not None:
            event.input.value = ""
            self.redraw_notes()
            self.query_one("#notes", NotesLog).select_last()
            self.redraw_checklists()
        self.redraw_status()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "note" or self.read_only_reason:
            return
        self._typed = event.value
        self._cancel_draft_timer()
        if event.value != self.session.draft:
            self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self.save_draft)

    def _cancel_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def save_draft(self) -> None:
        self._draft_timer = None
        if self.read_only_reason or self.interview is None:
            return
        if self._typed != self.session.draft:
            self._do(self.interview.save_draft, self._typed)
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
                self._do(self.interview.pause)
        self.handle.close()

    def on_unmount(self) -> None:
        self.leave()

    # -- actions ------------------------------------------------------------------

    def action_next_question(self) -> None:
        if self._do(self.interview.next_question) is not None:
            self.redraw()

    def action_previous_question(self) -> None:
        if self._do(self.interview.previous_question) is not None:
            self.redraw()

    def action_go_to_question(self) -> None:
        from tui_interview.screens.interview_dialogs import GoToQuestionScreen

        def go(index: int | None) -> None:
            if index is not None and self._do(self.interview.go_to, index) is not None:
                self.redraw()
            self.action_focus_note()

        self.app.push_screen(GoToQuestionScreen(len(self.session.plan)), go)

    def action_focus_note(self) -> None:
        self.query_one("#note", Input).focus()

    def action_tick_next_probe(self) -> None:
        ref = self.session.current
        if ref is None:
            return
        asked = self.session.probes_asked(ref)
        for probe in self.session.question(ref).probes:
            if probe.id not in asked:
                self._toggle_probe(ref, probe.id)
                return
        self.notify("Every probing question of this question is ticked.")

    def _toggle_probe(self, ref: QuestionRef, probe_id: str) -> None:
        if self._do(self.interview.toggle_probe, ref, probe_id) is not None:
            self.redraw_checklists()
            self.redraw_status()

    def on_checklist_toggled(self, event: Checklist.Toggled) -> None:
        ref = self.session.current
        if ref is None:
            return
        if event.checklist.id == "probes":
            self._toggle_probe(ref, event.item_id)
        elif event.checklist.id == "behaviours":
            if (
                self._do(self.interview.toggle_behaviour, ref.competency_id, event.item_id)
                is not None
            ):
                self.redraw_checklists()
                self.redraw_status()

    def action_toggle_lower_levels(self) -> None:
        self.show_lower_levels = not self.show_lower_levels
        self.redraw_checklists()

    def action_toggle_clock(self) -> None:
        if self.session.status is Status.FINISHED:
            self.notify("The interview is finished; its clock is stopped.")
            return
        self._do(self.interview.toggle_clock)
        self.redraw_status()

    def action_toggle_candidate_present(self) -> None:
        present = self._do(self.interview.set_candidate_present, not self.session.candidate_present)
        if present is not None:
            self.notify(
                "Candidate-present mode "
                + (
                    "on: ratings are hidden while the clock runs."
                    if present
                    else "off: ratings may be shown at any time."
                )
            )

    def action_link_last_note(self) -> None:
        notes = self.session.notes_for(self.session.current) if self.session.current else []
        if not notes:
            self.notify("There is no note on this question to link yet.", severity="warning")
            return
        self.open_link_dialog(notes[-1].id)

    def open_link_dialog(self, note_id: str) -> None:
        from tui_interview.screens.interview_dialogs import LinkBehavioursScreen

        note = self.session.note(note_id)
        competency_id = note.question.competency_id

        def items() -> list[ChecklistItem]:
            current = self.session.note(note_id)
            competency = self.session.competency(competency_id)
            return [
                ChecklistItem(
                    b.id,
                    b.text,
                    b.id in current.behaviours,
                    prefix=f"L{b.level}",
                )
                for b in competency.behaviours
            ]

        def toggle(behaviour_id: str) -> list[ChecklistItem] | None:
            # A link is evidence in its own right (the checklist counts it
            # beside the behaviour); the tick stays the interviewer's own act.
            if self._do(self.interview.toggle_note_behaviour, note_id, behaviour_id) is None:
                return None
            self.redraw_checklists()
            self.redraw_notes()
            return items()

        # Start at the target level: that is where evidence is looked for.
        target = self.session.planned(competency_id).target_level
        behaviours = self.session.competency(competency_id).behaviours
        start_at = next((i for i, b in enumerate(behaviours) if b.level == target), 0)
        self.app.push_screen(LinkBehavioursScreen(note.text, items(), toggle, start_at))

    def on_type_through_typed_away(self, event: TypeThrough.TypedAway) -> None:
        """Typing in the notes list (not a command key) goes on in the note."""
        note_input = self.query_one("#note", Input)
        note_input.focus()
        note_input.insert_text_at_cursor(event.character)

    def on_notes_log_command(self, event: NotesLog.Command) -> None:
        event.stop()
        command, note_id = event.command, event.note_id
        if command == "undo":
            current = self.session.current
            deleted = [n for n in self.session.notes if n.deleted and n.question == current]
            if not deleted:
                self.notify("No deleted note on this question to bring back.")
                return
            latest = max(deleted, key=lambda n: n.deleted_at)
            if self._do(self.interview.restore_note, latest.id) is not None:
                self.notify("Note restored.")
            self.redraw_notes()
            return
        if note_id is None:
            return
        if command == "link":
            self.open_link_dialog(note_id)
        elif command == "edit":
            self._edit(note_id)
        elif command == "delete":
            if self._do(self.interview.delete_note, note_id) is not None:
                self.notify("Note deleted. Press u in the notes to undo.")
        else:
            self._do(self.interview.toggle_note_tag, note_id, Tag(command))
        self.redraw_notes()
        self.redraw_checklists()

    def _edit(self, note_id: str) -> None:
        from tui_interview.screens.interview_dialogs import EditNoteScreen

        def save(text: str | None) -> None:
            if text is not None:
                self._do(self.interview.edit_note, note_id, text)
                self.redraw_notes()
            self.query_one("#notes", NotesLog).focus()

        self.app.push_screen(EditNoteScreen(self.session.note(note_id).text), save)

    def action_finish(self) -> None:
        from tui_interview.screens.review import ReviewScreen

        self.save_draft()
        self.app.push_screen(ReviewScreen(self))

    def action_rate(self) -> None:
        from tui_interview.domain.rating import ratings_visible
        from tui_interview.screens.rating import RatingScreen

        if not ratings_visible(self.session):
            self.notify(
                "Ratings are hidden while the candidate is present and the clock runs. "
                "Pause the clock (ctrl+s) or finish (ctrl+f) to rate.",
                severity="warning",
                timeout=8,
            )
            return
        self.app.push_screen(RatingScreen(self))

    def action_home(self) -> None:
        self.leave()
        self.app.pop_screen()
