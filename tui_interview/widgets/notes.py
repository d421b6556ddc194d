"""The notes of the current question, oldest first, each with its clock time,
tags and linked behaviours."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_interview.domain.display import visible_text
from tui_interview.domain.hygiene import WordList, flag_text, flags_shown
from tui_interview.domain.session import Note, QuestionRef, Section, Session, Tag
from tui_interview.domain.timeutil import clock_stamp

#: How much of a linked behaviour's text a note shows.
BEHAVIOUR_LABEL_LENGTH = 32


def behaviour_label(level: int, text: str) -> str:
    """``L3 Defines interrelationships and…``: short enough to sit beside a note."""
    text = visible_text(text)
    short = (
        text
        if len(text) <= BEHAVIOUR_LABEL_LENGTH
        else (text[: BEHAVIOUR_LABEL_LENGTH - 1].rstrip() + "…")
    )
    return f"L{level} {short}"


#: The quiet mark of a note the note-hygiene word list flags.
HYGIENE_MARK = "  ◦ wording"


def note_content(
    note: Note,
    labels: dict[str, str] | None = None,
    from_probe: Tag | None = None,
    flagged: bool = False,
) -> Content:
    """One note as the list shows it; ``from_probe``: the STAR tag it took
    from a probe ticked just before it, marked so it is seen and can be undone;
    ``flagged``: the word list found something (a dim mark, nothing more)."""
    parts: list[Content | tuple[str, str] | str] = [
        (f"{clock_stamp(note.elapsed_seconds)} ", "bold"),
        visible_text(note.text, multiline=True),
    ]
    if note.tags:
        parts.append(
            (
                "  "
                + " ".join(
                    f"#{tag.value}" + (" (from probe)" if tag is from_probe else "")
                    for tag in note.tags
                ),
                "italic",
            )
        )
    if note.behaviours:
        linked = [(labels or {}).get(b, b) for b in note.behaviours]
        parts.append(("  → " + visible_text("; ".join(linked)), "dim"))
    if note.behaviours_against:
        against = [(labels or {}).get(b, b) for b in note.behaviours_against]
        parts.append(("  ✗ against " + visible_text("; ".join(against)), "dim"))
    if note.contradicts:
        others = [(labels or {}).get(n, n) for n in note.contradicts]
        parts.append((f"  ≠ contradicts {visible_text(', '.join(others))}", "dim"))
    if note.history:
        parts.append(("  (edited)", "dim"))
    if flagged:
        parts.append((HYGIENE_MARK, "dim"))
    return Content.assemble(*parts)


class NotesLog(OptionList):
    """The notes; ↑ ↓ choose one. Commands on the chosen note come from the
    interview screen's note command (ctrl+e), never from a bare letter: a
    printable key here is meant for the note input, and goes there."""

    def show_question(self, session: Session, words: WordList | None = None) -> None:
        """The notes of the session's current stop (a question or a section);
        with ``words``, flagged notes get a quiet mark, unless the candidate
        may be watching (candidate-present mode): then none."""
        stop = session.current_stop
        notes = session.notes_for(stop)
        labels = {}
        if isinstance(stop, QuestionRef) and stop.competency_id:
            competency = session.competency(stop.competency_id)
            labels = {b.id: behaviour_label(b.level, b.text) for b in competency.behaviours}
        # A note another one contradicts is named by its time, as the list shows it.
        labels.update({n.id: f"note {clock_stamp(n.elapsed_seconds)}" for n in session.notes})
        where = "this section" if isinstance(stop, Section) else "this question"
        from_probe = {n.id: tag for n in notes if (tag := session.tag_from_probe(n)) is not None}
        flagged: set[str] = set()
        if words is not None and flags_shown(session):
            flagged = {n.id for n in notes if flag_text(n.text, words)}
        self.set_notes(
            notes,
            f"No notes for {where} yet. Type below and press Enter.",
            labels,
            from_probe,
            flagged,
        )

    def highlight_note(self, note_id: str) -> bool:
        """Choose the note ``note_id`` if it is listed; False if it is not."""
        for index in range(self.option_count):
            if self.get_option_at_index(index).id == note_id:
                self.highlighted = index
                self.scroll_to_highlight()
                return True
        return False

    def set_notes(
        self,
        notes: list[Note],
        empty_text: str,
        labels: dict[str, str] | None = None,
        from_probe: dict[str, Tag] | None = None,
        flagged: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        """Show ``notes``; ``labels`` names linked behaviours by id;
        ``flagged``: ids of notes to mark quietly."""
        highlighted = self.highlighted
        if notes:
            contents = [
                note_content(n, labels, (from_probe or {}).get(n.id), n.id in flagged)
                for n in notes
            ]
            self.set_options([Option(c, id=n.id) for c, n in zip(contents, notes, strict=True)])
            self.highlighted = min(
                highlighted if highlighted is not None else len(notes) - 1, len(notes) - 1
            )
            self._last = contents[-1]
        else:
            self.set_options([Option(Content.styled(empty_text, "dim"), disabled=True)])
            self._last = None
        self.fit_last()

    _last: Content | None = None

    def fit_last(self) -> None:
        """Make the pane tall enough for the last note whole (its tags and links
        included) where the terminal has room: at 80x24 a note of four lines
        shows in full. The last note is kept in view when it is the chosen one."""
        last = self._last
        width = self.scrollable_content_region.width or max(10, self.app.size.width - 4)
        #: Lines the status, question, checklists, input and footer keep.
        room = self.app.size.height - 13
        if last is None or room < 3:
            self.styles.min_height = None
            return
        lines = len(last.wrap(width))
        self.styles.min_height = min(lines + 2, room)
        if self.highlighted == self.option_count - 1:
            self.call_after_refresh(self.scroll_to_highlight)

    def on_resize(self) -> None:
        self.fit_last()

    def select_last(self) -> None:
        if self.option_count and not self.get_option_at_index(self.option_count - 1).disabled:
            self.highlighted = self.option_count - 1

    @property
    def highlighted_note_id(self) -> str | None:
        option = self.highlighted_option
        return None if option is None or option.disabled else option.id

    def move_highlight(self, step: int) -> None:
        """Choose the note ``step`` places up (negative) or down, within bounds."""
        if not self.option_count or self.get_option_at_index(0).disabled:
            return
        current = self.highlighted if self.highlighted is not None else self.option_count - 1
        self.highlighted = max(0, min(self.option_count - 1, current + step))
