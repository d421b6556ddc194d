"""The interview screen's keys in the order they come, and its note commands
(``ctrl+e`` then a key acting on the chosen note): a part of
``InterviewScreen``, kept in its own file."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from tui_interview.domain.session import Note, Tag
from tui_interview.domain.timeutil import clock_stamp
from tui_interview.widgets.keys import binding_keys, key_name

if TYPE_CHECKING:
    from typing import Any

    from tui_interview.domain.interview import Interview
    from tui_interview.domain.session import Session
    from tui_interview.widgets.note_input import NoteInput
    from tui_interview.widgets.notes import NotesLog

#: The note commands: after the command key (ctrl+e), one of these keys acts
#: on the chosen note (the last one, unless ↑ ↓ chose another) and the
#: command ends. ↑ ↓ choose and keep the command open; Escape cancels; any
#: other key ends it and is typed into the note as usual.
NOTE_COMMANDS: dict[str, str] = {
    "s": "tag situation",
    "t": "tag task",
    "a": "tag action",
    "r": "tag result",
    "f": "flag for follow-up",
    "q": "mark as a quote",
    "b": "link to behaviours (evidence)",
    "c": "mark the last note as contradicting this one",
    "e": "edit",
    "d": "delete",
    "u": "undo the last delete",
    "l": "show or hide lower levels",
}
TAG_KEYS: dict[str, Tag] = {
    "s": Tag.SITUATION,
    "t": Tag.TASK,
    "a": Tag.ACTION,
    "r": Tag.RESULT,
    "f": Tag.FOLLOW_UP,
    "q": Tag.QUOTE,
}
CHOOSE_KEYS = ("up", "down")


class NoteCommands(Screen[None]):
    """The note commands of ``InterviewScreen`` (a mixin: it runs on that
    screen, with its session, notes and saving seam, declared here)."""

    read_only_reason: str | None
    _command_pending: bool
    _note_commands: dict[str, Callable[[], object]]

    if TYPE_CHECKING:

        @property
        def running(self) -> Interview: ...
        @property
        def session(self) -> Session: ...
        @property
        def note_input(self) -> NoteInput: ...
        @property
        def notes_log(self) -> NotesLog: ...
        def _do(self, change: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any: ...
        def open_link_dialog(self, note_id: str) -> None: ...
        def redraw_checklists(self) -> None: ...
        def redraw_notes(self) -> None: ...

    # -- keys in the order they come, and the note commands ------------------------

    def route_key(self, event: events.Key) -> bool:
        """Called by the app for each key, in order, once the keys before it
        are done. ``True``: the key was taken here (a note command)."""
        if self.read_only_reason and not self._command_pending:
            return False
        if self._command_pending:
            if event.key == "escape":
                self._set_command_pending(False)
                return True
            if event.key in CHOOSE_KEYS:
                self.run_note_command(event.key)
                return True
            self._set_command_pending(False)
            if event.key in NOTE_COMMANDS:
                self.run_note_command(event.key)
                return True
            return False  # not a command: the key goes on as typed
        if event.key in self._command_keys():
            self._set_command_pending(True)
            return True
        return False

    def typing_field(self) -> Widget | None:
        """Typing or pasting on the probes, behaviours or notes is meant for
        the note (widgets/key_order.py)."""
        return self.note_input

    def _command_keys(self) -> set[str]:
        return binding_keys(self, {"note_command"})

    def action_note_command(self) -> None:
        """From the command palette: the next key is a note command."""
        self._set_command_pending(True)

    def _set_command_pending(self, pending: bool) -> None:
        self._command_pending = pending
        self.set_class(pending, "-note-command")
        hint = self.query_one("#command-hint", Static)
        if pending:
            note = self._chosen_note()
            about = (
                f"note {clock_stamp(note.elapsed_seconds)} {_note_start(note.text)}"
                if note
                else "no note yet"
            )
            hint.update(
                f"NOTE COMMAND ({about}): s t a r tag · f follow-up · q quote · b link · "
                "c contradicts · "
                "e edit · d delete · u undo · l levels · ↑↓ choose · Esc cancel"
            )

    def _chosen_note(self) -> Note | None:
        note_id = self.notes_log.highlighted_note_id
        return self.session.note(note_id) if note_id else None

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The note commands by name, for the command palette."""
        return [
            (
                f"{'Behaviours' if key == 'l' else 'Note'}: {what}",
                f"key: {key_name(self, 'note_command')} {key}",
                partial(self.run_note_command, key),
            )
            for key, what in NOTE_COMMANDS.items()
        ]

    def run_note_command(self, key: str) -> None:
        """One note command (a key of NOTE_COMMANDS, or ↑ ↓ to choose the note)."""
        if key in CHOOSE_KEYS:
            self.notes_log.move_highlight(-1 if key == "up" else 1)
            if self._command_pending:
                self._set_command_pending(True)
            return
        command = self._note_commands.get(key)
        if command is None:
            return
        command()
        self.redraw_notes()
        self.redraw_checklists()
        # The next command is about the last note again, whichever one this was.
        self.notes_log.select_last()

    def _chosen_note_or_say(self) -> Note | None:
        note = self._chosen_note()
        if note is None:
            self.notify("There is no note here yet.", severity="warning")
        return note

    def tag_chosen_note(self, tag: Tag) -> None:
        note = self._chosen_note_or_say()
        if note is None:
            return
        # A part from the probe ticked before the note is kept on the first
        # press (said so); pressing it again removes it (Interview.press_tag).
        if self._do(self.running.press_tag, note.id, tag) is False:
            self.notify(f"The note already has {tag} from the probe; press it again to remove it.")

    def contradict_chosen_note(self) -> None:
        """The last note of this stop contradicts the chosen (earlier) one, or
        no longer does."""
        note = self._chosen_note_or_say()
        notes = self.session.notes_for(self.session.current_stop)
        if note is None or not notes:
            return
        last = notes[-1]
        if last.id == note.id:
            self.notify(
                "Choose the earlier note it contradicts first (↑ after the note command key).",
                severity="warning",
            )
            return
        changed = self._do(self.running.toggle_contradicts, last.id, note.id)
        if changed is not None:
            marked = note.id in changed.contradicts
            self.notify(
                f"The last note {'now contradicts' if marked else 'no longer contradicts'} "
                f"the note at {clock_stamp(note.elapsed_seconds)}."
            )

    def link_chosen_note(self) -> None:
        if note := self._chosen_note_or_say():
            self.open_link_dialog(note.id)

    def edit_chosen_note(self) -> None:
        if note := self._chosen_note_or_say():
            self._edit(note.id)

    def delete_chosen_note(self) -> None:
        note = self._chosen_note_or_say()
        if note is not None and self._do(self.running.delete_note, note.id) is not None:
            self.notify(f"Note deleted. {key_name(self, 'note_command')} u brings it back.")

    def undo_delete(self) -> None:
        latest = self.session.latest_deleted_note(self.session.current_stop)
        if latest is None:
            self.notify("No deleted note here to bring back.")
            return
        if self._do(self.running.restore_note, latest.id) is not None:
            self.notify("Note restored.")
            # The note brought back is the chosen one: the next note command
            # acts on it, not on whichever row the list was left on.
            self.redraw_notes()
            self.notes_log.highlight_note(latest.id)

    def _edit(self, note_id: str) -> None:
        from tui_interview.screens.interview_dialogs import EditNoteScreen

        def save(text: str | None) -> None:
            if text is not None:
                self._do(self.running.edit_note, note_id, text)
                self.redraw_notes()
            self.note_input.focus()

        self.app.push_screen(EditNoteScreen(self.session.note(note_id).text), save)


def _note_start(text: str, width: int = 24) -> str:
    """The start of a note's text, safe to show, for the note-command hint
    (two notes saved in the same second differ by it)."""
    from tui_interview.domain.display import visible_text

    line = " ".join(visible_text(text).split())
    start = line if len(line) <= width else line[: width - 1] + "…"
    return f"“{start}”"
