"""The current question's probing questions and its competency's behaviour
indicators, side by side. A tick is a ``Checklist.Toggled`` message for the
screen to save.

The behaviours follow the question: those of the question's own level, and
the target level's too when that differs (or every level up to the higher of
the two, ``show_lower_levels``). Each new stop opens both lists at the top.
A section, or an added question with no competency, has neither list: the
panel hides (class ``-empty``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content

from tui_interview.domain.competency import Behaviour
from tui_interview.domain.session import ChecklistEvent, QuestionRef, Session, Stop
from tui_interview.domain.timeutil import clock_stamp
from tui_interview.widgets.checklist import Checklist, ChecklistItem


class BehaviourChecklist(Checklist):
    pass


def _tick_time(event: ChecklistEvent | None) -> str:
    """``[12:34]``: when an item was ticked, on the interview clock, as notes show it."""
    return clock_stamp(event.elapsed_seconds) if event else ""


def behaviour_levels(session: Session, ref: QuestionRef) -> tuple[int, int]:
    """The question's level and the competency's target level (an added
    question with no level counts at the target)."""
    target = session.planned(ref.competency_id).target_level
    level = session.question(ref).level or target
    return level, target


class ChecklistsPanel(Horizontal):
    """``#probes`` and ``#behaviours``; see the module's docstring."""

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.show_lower_levels = False
        #: The stop last shown: a new one opens the lists at the top.
        self._shown: Stop | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="probes-box"):
            yield Checklist(id="probes", palette_name="Probing questions")
        with Vertical(id="behaviours-box"):
            yield BehaviourChecklist(id="behaviours", palette_name="Behaviours")

    def on_mount(self) -> None:
        self.query_one("#probes-box").border_title = "Probing questions"

    def show(self, session: Session) -> None:
        stop = session.current_stop
        moved = stop != self._shown
        self._shown = stop
        probes = self.query_one("#probes", Checklist)
        behaviours_list = self.query_one("#behaviours", Checklist)
        if moved:
            # A new question opens at the top of both lists.
            probes.highlighted = None
            behaviours_list.highlighted = None
        empty = not isinstance(stop, QuestionRef) or not stop.competency_id
        self.set_class(empty, "-empty")
        if not isinstance(stop, QuestionRef):
            probes.set_items([])
            behaviours_list.set_items([])
            return
        asked = session.probe_ticks(stop)
        question = session.question(stop)
        self.query_one("#probes-box").border_title = (
            "Probing questions" if question.probes else "No probing questions"
        )
        probes.set_items(
            [
                ChecklistItem(p.id, p.text, p.id in asked, _tick_time(asked.get(p.id)))
                for p in question.probes
            ]
        )
        if not stop.competency_id:
            behaviours_list.set_items([])
            return
        level, target = behaviour_levels(session, stop)
        competency = session.competency(stop.competency_id)
        observed = session.behaviour_ticks(stop.competency_id)
        linked = session.linked_notes(stop.competency_id)
        behaviours: tuple[Behaviour, ...]
        if self.show_lower_levels:
            top = max(level, target)
            behaviours = competency.behaviours_up_to(top)
            title = f"Behaviours · levels 1–{top} (^e l: fewer)"
        elif level == target:
            behaviours = competency.level(target).behaviours
            title = f"Behaviours · level {target} (^e l: lower too)"
        else:
            behaviours = competency.level(level).behaviours + competency.level(target).behaviours
            title = f"Behaviours · level {level} + target {target} (^e l: all)"
        several = self.show_lower_levels or level != target
        self.query_one("#behaviours-box").border_title = Content(title)
        behaviours_list.set_items(
            [
                ChecklistItem(
                    b.id,
                    b.text,
                    b.id in observed,
                    _tick_time(observed.get(b.id)),
                    prefix=f"L{b.level}" if several else "",
                    evidence=len(linked.get(b.id, ())),
                )
                for b in behaviours
            ]
        )
        if moved:
            probes.scroll_home(animate=False)
            behaviours_list.scroll_home(animate=False)
