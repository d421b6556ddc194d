"""The current stop: a question, titled with its number, competency and level
(and "added" for a question added during the interview), or a section, titled
with its name and a line of guidance."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui_interview.domain.display import visible_text
from tui_interview.domain.session import QuestionRef, Section, Session

#: What each section is for, in one line (shown in the question box).
SECTION_GUIDANCE: dict[Section, str] = {
    Section.OPENING: (
        "Welcome the candidate, introduce yourself and the role, and say how the "
        "interview will run. Notes here belong to no question."
    ),
    Section.GENERAL: (
        "General remarks: your overall impression, and anything that belongs to no single question."
    ),
    Section.CANDIDATE_QUESTIONS: (
        "The candidate's own questions: what they ask, and what you answered."
    ),
    Section.CLOSING: "Closing: next steps, timelines, and thanking the candidate.",
}


def stop_title(session: Session, stop: QuestionRef | Section) -> str:
    """``Question 3 of 7 · Service management · Level 2`` (``· added``), or
    ``Opening · part 1 of 11``: the stop as the question box names it."""
    if isinstance(stop, Section):
        stops = session.stops
        return f"{stop.label} · part {stops.index(stop) + 1} of {len(stops)}"
    question = session.question(stop)
    parts = [f"Question {session.question_number(stop)} of {len(session.plan)}"]
    if stop.competency_id:
        parts.append(visible_text(session.competency(stop.competency_id).name))
    if question.level:
        parts.append(f"Level {question.level}")
    if session.is_added(stop):
        parts.append("added")
    return " · ".join(parts)


class QuestionBox(Static):
    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, markup=False)

    def show(self, session: Session) -> None:
        stop = session.current_stop
        if stop is None:
            self.update("This interview has no questions.")
            return
        self.border_title = Content(stop_title(session, stop))
        self.set_class(isinstance(stop, Section), "-section")
        if isinstance(stop, Section):
            self.update(SECTION_GUIDANCE[stop])
        else:
            self.update(visible_text(session.question(stop).text, multiline=True))
