"""The current question's probing questions and its competency's behaviour
indicators, side by side. A tick is a ``Checklist.Toggled`` message for the
screen to save."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content

from tui_interview.domain.session import ChecklistEvent, Session
from tui_interview.domain.timeutil import clock_stamp
from tui_interview.widgets.checklist import Checklist, ChecklistItem


class BehaviourChecklist(Checklist):
    pass


def _tick_time(event: ChecklistEvent | None) -> str:
    """``[12:34]``: when an item was ticked, on the interview clock, as notes show it."""
    return clock_stamp(event.elapsed_seconds) if event else ""


class ChecklistsPanel(Horizontal):
    """``#probes`` and ``#behaviours``; the behaviours of the target level
    only, or of every level up to it (``show_lower_levels``)."""

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.show_lower_levels = False

    def compose(self) -> ComposeResult:
        with Vertical(id="probes-box"):
            yield Checklist(id="probes", palette_name="Probing questions")
        with Vertical(id="behaviours-box"):
            yield BehaviourChecklist(id="behaviours", palette_name="Behaviours")

    def on_mount(self) -> None:
        self.query_one("#probes-box").border_title = "Probing questions"

    def show(self, session: Session) -> None:
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
            title = f"Behaviours · levels 1–{target} (^e l: level {target} only)"
        else:
            behaviours = competency.level(target).behaviours
            title = f"Behaviours · level {target} (^e l: lower too)"
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
