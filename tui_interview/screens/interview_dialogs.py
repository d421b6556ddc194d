"""Small dialogs of the interview screen: go to a question or section by
seeing it, find in the notes, add a question, edit a note, link a note to
behaviours."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui_interview.domain.display import visible_text
from tui_interview.domain.pacing import stop_paces
from tui_interview.domain.search import NoteMatch, find_in_notes, fold
from tui_interview.domain.session import QuestionRef, Section, Session
from tui_interview.domain.timeutil import clock_stamp, format_elapsed
from tui_interview.widgets.checklist import TICKED, UNTICKED
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


#: One row of the link dialog: the behaviour, its level and text, and how
#: the note links to it now: "for", "against" or "" (not linked).
@dataclass(frozen=True)
class LinkRow:
    id: str
    level: int
    text: str
    link: str = ""


LINK_GLYPHS = {"for": TICKED, "against": "✗", "": UNTICKED}
#: Rows past this rank have no digit (1–9).
DIGITS = 9


class LinkRows(Widget, can_focus=True):
    """The link dialog's suggestions, best first, one line each: a digit (the
    rank, 1–9), the link's state, the level and the text. Only the rows that
    fit are drawn; ``on_screen`` says which, so nothing off screen is linked."""

    DEFAULT_CSS = "LinkRows { height: 5; }"

    def __init__(self, rows: list[LinkRow], highlighted: int = 0, **kwargs):
        super().__init__(**kwargs)
        self.rows = rows
        self.highlighted = highlighted
        self.top = 0

    @property
    def shown(self) -> int:
        """How many rows are on screen now (0 before the dialog is drawn)."""
        return max(0, min(self.size.height, len(self.rows) - self.top))

    def on_screen(self, index: int) -> bool:
        return self.top <= index < self.top + self.shown

    def set_rows(self, rows: list[LinkRow]) -> None:
        self.rows = rows
        self.refresh()

    def move(self, step: int) -> None:
        if not self.rows:
            return
        self.highlighted = max(0, min(len(self.rows) - 1, self.highlighted + step))
        height = max(1, self.size.height)
        if self.highlighted < self.top:
            self.top = self.highlighted
        elif self.highlighted >= self.top + height:
            self.top = self.highlighted - height + 1
        self.refresh()

    def render(self) -> Content:
        width = max(8, self.size.width)
        lines = []
        for index in range(self.top, self.top + self.shown):
            row = self.rows[index]
            digit = str(index + 1) if index < DIGITS else " "
            head = f"{digit} {LINK_GLYPHS[row.link]} L{row.level} "
            room = width - len(head)
            text = visible_text(row.text)
            if len(text) > room:
                text = text[: max(0, room - 1)].rstrip() + "…"
            line = Content(head + text)
            if row.link:
                line = line.stylize("bold")
            if index == self.highlighted:
                line = line.stylize("bold reverse")
            lines.append(line)
        return Content("\n").join(lines)


class LinkBehavioursScreen(ModalScreen[None]):
    """Link a note to the behaviours it is evidence for (or against).

    The suggestions come best first (``domain.linking.rank_behaviours``), as
    many as fit the terminal, each with its rank as a digit and its level. A
    digit links that suggestion and closes; Enter links the highlighted one
    and closes; Space links or un-links it and stays; ↑ ↓ PgUp PgDn move.
    Only a row on screen is ever linked. ``a`` switches between linking as
    evidence *for* and *against* (shown on the first line). ``link(behaviour_id,
    side)`` saves the link (``side``: "for", "against", or None to un-link)
    and returns the refreshed rows, or None when it was not saved."""

    BINDINGS = [
        Binding("escape", "close", "Done", id="link.done"),
        Binding("enter", "link", "Link and close", id="link.enter"),
        Binding("space", "toggle_link", "Link / un-link", id="link.toggle"),
        Binding("a", "flip", "For / against", id="link.flip"),
        Binding("down", "move(1)", "Down", show=False, id="link.down"),
        Binding("up", "move(-1)", "Up", show=False, id="link.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="link.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="link.page_up"),
        *(
            Binding(str(n), f"digit({n})", f"Link {n}", show=False, id=f"link.digit_{n}")
            for n in range(1, DIGITS + 1)
        ),
    ]

    def __init__(
        self,
        note_text: str,
        rows: list[LinkRow],
        link: Callable[[str, str | None], list[LinkRow] | None],
    ):
        super().__init__()
        self.note_text = note_text
        self.rows = rows
        self.link = link
        #: "for" or "against": how a digit, Enter or Space links.
        self.side = "for"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog link-dialog"):
            yield Static("", id="link-help", classes="link-help", markup=False)
            yield Static("", id="link-quote", classes="dialog-quote", markup=False)
            yield LinkRows(self.rows, id="link-rows")
            yield Static("", id="link-detail", classes="link-detail", markup=False)
            yield Static("", id="link-count", classes="pick-count", markup=False)

    @property
    def suggestions(self) -> LinkRows:
        return self.query_one(LinkRows)

    def on_mount(self) -> None:
        self.fit(self.app.size.width, self.app.size.height)
        self.suggestions.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """Size the parts so the dialog, its rows and its lower border fit."""
        inner = min(70, width * 95 // 100) - 4
        tall = height >= 20
        self.inner = inner
        self.show_help()
        quote_lines = 3 if tall else 1
        quote = visible_text(" ".join(self.note_text.split()))
        limit = max(1, quote_lines * inner - 1)
        if len(quote) > limit:
            quote = quote[: limit - 1].rstrip() + "…"
        quote_widget = self.query_one("#link-quote", Static)
        quote_widget.update(quote)
        quote_widget.styles.max_height = quote_lines
        quote_widget.styles.margin = (0, 0, 1 if tall else 0, 0)
        detail_lines = 3 if tall else 0
        detail = self.query_one("#link-detail", Static)
        detail.display = tall
        detail.styles.height = detail_lines
        # Border 2, help 1, quote (+ its margin), detail, count 1; a line above
        # and below the dialog.
        fixed = 2 + 1 + quote_lines + (1 if tall else 0) + detail_lines + 1 + 2
        # Every row on screen has its digit: at most nine.
        rows = max(1, min(len(self.rows), DIGITS, height - fixed))
        self.suggestions.styles.height = rows
        self.suggestions.move(0)
        self.show_detail()

    def show_help(self) -> None:
        side = "FOR" if self.side == "for" else "AGAINST"
        help_text = (
            f"Evidence {side} (a: switch) · 1-9/Enter link · Space more · Esc"
            if self.inner >= 62
            else f"{side} (a) · 1-9/Enter link · Esc"
        )
        self.query_one("#link-help", Static).update(help_text)
        self.set_class(self.side == "against", "-against")

    inner = 66

    def show_detail(self) -> None:
        rows = self.suggestions
        count = self.query_one("#link-count", Static)
        if not rows.rows:
            count.update("This competency has no behaviours.")
            return
        shown = max(rows.shown, rows.styles.height.value if rows.styles.height else 0)
        last = min(len(rows.rows), rows.top + int(shown))
        count.update(f"{rows.top + 1}–{last} of {len(rows.rows)} · ↑↓ PgDn more")
        row = rows.rows[rows.highlighted]
        self.query_one("#link-detail", Static).update(
            f"L{row.level} {visible_text(row.text, multiline=True)}"
        )

    def _save(self, index: int, close: bool) -> None:
        rows = self.suggestions
        if not rows.on_screen(index):
            self.notify(f"Suggestion {index + 1} is not on screen.", severity="warning")
            return
        row = rows.rows[index]
        if close and row.link == self.side:
            self.dismiss(None)
            return
        side = None if not close and row.link == self.side else self.side
        refreshed = self.link(row.id, side)
        if refreshed is None:
            return  # not saved: the dialog stays open and the app has said why
        self.rows = refreshed
        rows.set_rows(refreshed)
        self.show_detail()
        if close:
            self.dismiss(None)

    def action_link(self) -> None:
        self._save(self.suggestions.highlighted, close=True)

    def action_toggle_link(self) -> None:
        self._save(self.suggestions.highlighted, close=False)

    def action_digit(self, number: int) -> None:
        if number > len(self.suggestions.rows):
            self.notify(f"There is no suggestion {number}.", severity="warning")
            return
        self._save(number - 1, close=True)

    def action_flip(self) -> None:
        self.side = "against" if self.side == "for" else "for"
        self.show_help()

    def action_move(self, step: int) -> None:
        self.suggestions.move(step)
        self.show_detail()

    def action_page(self, step: int) -> None:
        self.suggestions.move(step * max(1, self.suggestions.size.height))
        self.show_detail()

    def action_close(self) -> None:
        self.dismiss(None)
