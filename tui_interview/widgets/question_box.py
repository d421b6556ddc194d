"""The current question, titled with its number, competency and level."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui_interview.domain.display import visible_text
from tui_interview.domain.session import Session


class QuestionBox(Static):
    def __init__(self, *, id: str | None = None):
        super().__init__(id=id, markup=False)

    def show(self, session: Session) -> None:
        ref = session.current
        if ref is None:
            self.update("This interview has no questions.")
            return
        competency = session.competency(ref.competency_id)
        question = session.question(ref)
        self.border_title = Content(
            f"Question {session.question_number(ref)} of {len(session.plan)} · "
            f"{visible_text(competency.name)} · "
            f"Level {question.level}"
        )
        self.update(visible_text(question.text, multiline=True))
