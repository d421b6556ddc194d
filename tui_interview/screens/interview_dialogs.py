"""Small dialogs of the interview screen: go to a question or section by
seeing it, find in the notes, add a question, edit a note, link a note to
behaviours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui_interview.domain.display import visible_text
from tui_interview.domain.pacing import stop_paces
from tui_interview.domain.search import NoteMatch, find_in_notes, fold
from tui_interview.domain.session import QuestionRef, Section, Session
from tui_interview.domain.timeutil import clock_stamp, format_elapsed
from tui_interview.widgets.checklist import TICKED, UNTICKED, ChecklistItem, SpaceTicks
from tui_interview.widgets.note_input import NoteInput

#: One row of a ``PickScreen``: what it dismisses with, and how it looks.
PickRow = tuple[str, Content]


class PickScreen(ModalScreen[str | None]):
    """Type to filter a list, Enter picks the highlighted row (↑ ↓ PgUp PgDn
    move it; every printable key goes to the filter field), Escape cancels.
    ``rows_for(query)`` gives the rows for what is typed; ``status(rows,
    query)`` the line under the field (e.g. how many match)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="pick.down"),
        Binding("up", "move(-1)", "Up", show=False, id="pick.up"),
        Binding("pagedown", "move(8)", "Page down", show=False, id="pick.page_down"),
        Binding("pageup", "move(-8)", "Page up", show=False, id="pick.page_up"),
    ]

    def __init__(
        self,
        title: str,
        rows_for: Callable[[str], list[PickRow]],
        *,
        placeholder: str = "Type to filter",
        start_at: str | None = None,
        empty: str = "Nothing matches.",
        classes: str = "",
    ):
        super().__init__()
        self.title_text = title
        self.rows_for = rows_for
        self.placeholder = placeholder
        self.start_at = start_at
        self.empty = empty
        self.dialog_classes = classes

    def compose(self) -> ComposeResult:
        with Vertical(classes=f"dialog pick-dialog {self.dialog_classes}".strip()):
            yield Static(self.title_text, classes="dialog-text")
            yield Input(id="pick-filter", placeholder=self.placeholder, compact=True)
            yield Static("", id="pick-count", classes="pick-count")
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        self.show_rows("")
        options = self.query_one("#pick-list", OptionList)
        if self.start_at is not None:
            for index in range(options.option_count):
                if options.get_option_at_index(index).id == self.start_at:
                    options.highlighted = index
                    self.call_after_refresh(options.scroll_to_highlight, top=False)
        options.can_focus = False
        self.query_one("#pick-filter", Input).focus()

    def show_rows(self, query: str) -> None:
        rows = self.rows_for(query)
        options = self.query_one("#pick-list", OptionList)
        if rows:
            options.set_options([Option(label, id=row_id) for row_id, label in rows])
            options.highlighted = 0
        else:
            options.set_options([Option(Content.styled(self.empty, "dim"), disabled=True)])
        count = len(rows)
        self.query_one("#pick-count", Static).update(
            f"{count} match{'es' if count != 1 else ''}" if query.strip() else ""
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_rows(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one("#pick-list", OptionList).highlighted_option
        if option is not None and not option.disabled and option.id is not None:
            self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click on a row.
        event.stop()
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one("#pick-list", OptionList)
        if not options.option_count or options.get_option_at_index(0).disabled:
            return
        current = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _short(text: str, length: int) -> str:
    text = visible_text(text.strip().splitlines()[0] if text.strip() else "")
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def go_to_rows(session: Session, now: datetime) -> list[tuple[str, str, Content]]:
    """Every stop as the go-to list shows it: its index in ``Session.stops``
    (as text), the text a filter searches (folded), and the row: covered or
    not, its name and first line, competency and level, notes and time
    spent (against its share)."""
    covered = session.covered_questions()
    notes = session.notes_by_stop()
    rows = []
    for index, stop_pace in enumerate(stop_paces(session, now)):
        stop = stop_pace.stop
        count = len(notes.get(stop, ()))
        if isinstance(stop, Section):
            done = count > 0
            name, first_line, about = stop.label, "", ""
        else:
            done = stop in covered
            question = session.question(stop)
            name = f"Q{session.question_number(stop)}"
            first_line = _short(question.text, 64)
            competency = (
                _short(session.competency(stop.competency_id).name, 32)
                if stop.competency_id
                else "no competency"
            )
            about = competency + (f" · L{question.level}" if question.level else "")
            if session.is_added(stop):
                about += " · added"
        spent = ""
        if stop_pace.used_seconds is not None:
            spent = format_elapsed(stop_pace.used_seconds)
            if stop_pace.share_seconds is not None:
                spent += f"/{format_elapsed(stop_pace.share_seconds)}"
        facts = " · ".join(
            part for part in (about, f"{count} note{'s' if count != 1 else ''}", spent) if part
        )
        # A question: its first line, then its facts indented below it.
        label = Content.assemble(
            (f"{TICKED if done else UNTICKED} ", "bold" if done else ""),
            (name, "bold"),
            f" {first_line}" if first_line else "",
            (f"\n    {facts}" if first_line else f"  {facts}", "dim"),
        )
        search = fold(
            " ".join((name, stop.label if isinstance(stop, Section) else "", first_line, about))
        )
        rows.append((str(index), search, label))
    return rows


class GoToStopScreen(PickScreen):
    """ctrl+g: every question and section; type to filter, Enter goes there.
    Dismisses with the stop's index in ``Session.stops`` (as text)."""

    def __init__(self, rows: list[tuple[str, str, Content]], current: int):
        def rows_for(query: str) -> list[PickRow]:
            words = fold(query).split()
            return [
                (row_id, label)
                for row_id, search, label in rows
                if all(word in search for word in words)
            ]

        super().__init__(
            "Go to: type to filter, Enter, Esc",
            rows_for,
            placeholder="words of the question, Q3, opening…",
            start_at=str(current),
            classes="goto-dialog",
        )


#: How much of a note shows before and after a match in the find list.
BEFORE_MATCH = 24
AFTER_MATCH = 60


def stop_name(session: Session, stop: QuestionRef | Section) -> str:
    """``Q3`` or a section's label."""
    return stop.label if isinstance(stop, Section) else f"Q{session.question_number(stop)}"


def match_row(session: Session, match: NoteMatch) -> Content:
    """``[12:34] Q3  …she mapped every incident queue…``, the match in bold reverse."""
    note = session.note(match.note_id)
    text = note.text
    start = max(0, match.start - BEFORE_MATCH)
    end = min(len(text), match.end + AFTER_MATCH)
    return Content.assemble(
        (f"{clock_stamp(note.elapsed_seconds)} ", "bold"),
        (f"{stop_name(session, match.stop)}  ", "bold"),
        ("…" if start > 0 else "") + visible_text(text[start : match.start]),
        (visible_text(text[match.start : match.end]), "bold reverse"),
        visible_text(text[match.end : end]) + ("…" if end < len(text) else ""),
    )


class FindInNotesScreen(PickScreen):
    """F3: find a phrase in this interview's notes (case and accents
    ignored); the matches show with their stop and time, Enter goes to the
    stop and chooses the note. Dismisses with the note's id."""

    def __init__(self, session: Session):
        def rows_for(query: str) -> list[PickRow]:
            matches = find_in_notes(session, query)
            return [
                (f"{m.note_id}@{m.start}", match_row(session, m)) for m in matches[:MAX_MATCHES]
            ]

        super().__init__(
            "Find in notes: type, Enter, Esc",
            rows_for,
            placeholder="words in a note (case, accents ignored)",
            empty="Type to find; no note matches yet.",
            classes="find-dialog",
        )


#: At most this many matches are listed.
MAX_MATCHES = 200


#: A competency an added question may count towards: id, name, its levels.
CompetencyOption = tuple[str, str, tuple[int, ...]]

#: The Select value for "no competency" / "no level".
NONE = ""


class AddQuestionScreen(ModalScreen[None]):
    """Add a question asked now (F2): its text (Enter adds it, ctrl+j a new
    line), and optionally a competency of the interview and one of its levels
    (Tab to reach them). ``add(text, competency_id, level)`` saves it and
    returns False when it was not added (the dialog then stays, text kept)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add_question.cancel")]

    def __init__(
        self,
        competencies: list[CompetencyOption],
        add: Callable[[str, str | None, int | None], bool],
        *,
        competency_id: str | None = None,
    ):
        super().__init__()
        self.competencies = competencies
        self.add = add
        self.start_competency = competency_id or NONE

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog add-question-dialog"):
            yield Static(
                "Add a question after this one: Enter adds it, Tab: competency, level",
                classes="dialog-text",
            )
            yield NoteInput(
                submit=self.submit, placeholder="The question, as asked", id="added-text"
            )
            yield Select(
                [("No competency", NONE)]
                + [(visible_text(name), cid) for cid, name, _ in self.competencies],
                value=self.start_competency,
                allow_blank=False,
                id="added-competency",
                compact=True,
            )
            yield Select(
                self._level_options(self.start_competency),
                value=NONE,
                allow_blank=False,
                id="added-level",
                compact=True,
            )

    def _level_options(self, competency_id: str) -> list[tuple[str, str]]:
        levels = next((lv for cid, _, lv in self.competencies if cid == competency_id), ())
        return [("No level", NONE)] + [(f"Level {n}", str(n)) for n in levels]

    def on_mount(self) -> None:
        self.query_one("#added-text", NoteInput).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "added-competency":
            event.stop()
            level = self.query_one("#added-level", Select)
            level.set_options(self._level_options(str(event.value)))
            level.value = NONE

    def submit(self, text: str) -> bool:
        competency = self.query_one("#added-competency", Select).value
        level = self.query_one("#added-level", Select).value
        added = self.add(
            text,
            str(competency) if competency not in (NONE, Select.BLANK) else None,
            int(str(level)) if level not in (NONE, Select.BLANK) else None,
        )
        if added:
            self.dismiss(None)
        return added

    def action_cancel(self) -> None:
        self.dismiss(None)


class EditNoteScreen(ModalScreen[str | None]):
    """Edit a note's text as it was typed: Enter saves, ctrl+j starts a new
    line, Escape keeps the old text."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="edit.cancel")]

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                "Edit the note (Enter saves, ctrl+j a new line, Escape cancels). "
                "The earlier text is kept in the record.",
                classes="dialog-text",
            )
            yield NoteInput(self.text, submit=self.save, id="edit-text")

    def on_mount(self) -> None:
        editor = self.query_one("#edit-text", NoteInput)
        editor.set_value(self.text)
        editor.focus()

    def save(self, text: str) -> bool:
        self.dismiss(text)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinkList(SpaceTicks):
    """The link dialog's list: Space ticks or un-ticks, Enter links the
    highlighted behaviour (never un-links it) and closes the dialog."""

    BINDINGS = [
        Binding(
            "enter",
            "link",
            "Link and close",
            tooltip="link the note to the highlighted behaviour and close",
            id="link.enter",
        )
    ]

    class Chosen(Message):
        def __init__(self, item_id: str):
            super().__init__()
            self.item_id = item_id

    def action_link(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id is not None:
            self.post_message(self.Chosen(option.id))


class LinkBehavioursScreen(ModalScreen[None]):
    """Tick the behaviours a note is evidence for. Each tick is saved at once
    through ``toggle``, which returns the refreshed items. The dialog opens on
    ``start_at`` (the caller's best match, ``domain.linking.best_match``), so
    linking it is one key: Enter."""

    BINDINGS = [Binding("escape", "close", "Done", id="link.done")]

    def __init__(
        self,
        note_text: str,
        items: list[ChecklistItem],
        toggle: Callable[[str], list[ChecklistItem] | None],
        start_at: int = 0,
    ):
        super().__init__()
        self.note_text = note_text
        self.items = items
        self.toggle = toggle
        self.start_at = start_at

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog link-dialog"):
            yield Static(
                "Evidence for which behaviours? Enter links the highlighted one and closes; "
                "Space ticks more, Escape is done.",
                classes="dialog-text",
            )
            yield Static(
                visible_text(self.note_text, multiline=True), classes="dialog-quote", markup=False
            )
            yield LinkList(id="link-list")

    def on_mount(self) -> None:
        checklist = self.query_one(SpaceTicks)
        checklist.set_items(self.items)
        checklist.highlighted = self.start_at
        checklist.focus()
        self.call_after_refresh(checklist.scroll_to_highlight, top=True)

    def on_checklist_toggled(self, event: SpaceTicks.Toggled) -> None:
        event.stop()
        items = self.toggle(event.item_id)
        if items is not None:
            self.items = items
            self.query_one(SpaceTicks).set_items(items)

    def on_link_list_chosen(self, event: LinkList.Chosen) -> None:
        event.stop()
        ticked = {item.id for item in self.items if item.ticked}
        if event.item_id not in ticked:
            items = self.toggle(event.item_id)
            if items is None:
                return  # not saved: the dialog stays open and the app has said why
            self.items = items
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
