"""Evidence for and against each behaviour, per panel member.

Plain Python, no I/O. A note is linked to a behaviour as evidence *for* it
(``Note.behaviours``) or *against* it (``Note.behaviours_against``), and may
be marked as contradicting another note of the same interview
(``Note.contradicts``). The panel report lists, per member (one session
each), what each heard for and against every behaviour of a competency, so
a chair sees where members heard different things (``disagreements``).

How the panel report calls it::

    members = panel_evidence(sessions, competency_id)
    for member in members:          # one per session, in the order given
        member.interviewer
        for row in member.behaviours:   # only behaviours with a linked note
            row.behaviour.level, row.behaviour.text, row.for_notes, row.against_notes
        member.contradictions           # (note, the note it contradicts)
    disagreements(members)          # behaviour ids heard for by one, against by another
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_interview.domain.competency import Behaviour
from tui_interview.domain.session import Note, Session


@dataclass(frozen=True)
class BehaviourEvidence:
    """One behaviour and the active notes linked to it, for and against."""

    behaviour: Behaviour
    for_notes: tuple[Note, ...]
    against_notes: tuple[Note, ...]

    @property
    def contested(self) -> bool:
        """Both for and against in one interview."""
        return bool(self.for_notes and self.against_notes)

    @property
    def verdict(self) -> str:
        """``for``, ``against`` or ``both``."""
        if self.contested:
            return "both"
        return "for" if self.for_notes else "against"


@dataclass(frozen=True)
class MemberEvidence:
    """What one panel member (one session) linked for one competency."""

    session_id: str
    interviewer: str
    #: Behaviours with at least one linked note, in profile order.
    behaviours: tuple[BehaviourEvidence, ...]
    #: (note, the note it contradicts), both on this competency's questions.
    contradictions: tuple[tuple[Note, Note], ...]

    def of(self, behaviour_id: str) -> BehaviourEvidence | None:
        return next((b for b in self.behaviours if b.behaviour.id == behaviour_id), None)


def member_evidence(session: Session, competency_id: str) -> MemberEvidence:
    """The session's evidence for and against each behaviour of the competency."""
    if competency_id not in session.content:
        return MemberEvidence(session.id, session.interviewer, (), ())
    competency = session.competency(competency_id)
    linked = session.linked_notes(competency_id)
    against = session.notes_against(competency_id)
    rows = tuple(
        BehaviourEvidence(b, tuple(linked.get(b.id, ())), tuple(against.get(b.id, ())))
        for b in competency.behaviours
        if b.id in linked or b.id in against
    )

    def on_competency(note: Note) -> bool:
        return note.question is not None and note.question.competency_id == competency_id

    contradictions = tuple(
        (note, other)
        for note, other in session.contradictions()
        if on_competency(note) or on_competency(other)
    )
    return MemberEvidence(session.id, session.interviewer, rows, contradictions)


def panel_evidence(sessions: Iterable[Session], competency_id: str) -> list[MemberEvidence]:
    """``member_evidence`` for each session (one per panel member), in order."""
    return [member_evidence(session, competency_id) for session in sessions]


def disagreements(members: Sequence[MemberEvidence]) -> list[str]:
    """Ids of behaviours some member heard evidence for and another (or the
    same one) evidence against, in the order they first appear."""
    found: dict[str, tuple[bool, bool]] = {}
    for member in members:
        for row in member.behaviours:
            was_for, was_against = found.get(row.behaviour.id, (False, False))
            found[row.behaviour.id] = (
                was_for or bool(row.for_notes),
                was_against or bool(row.against_notes),
            )
    return [bid for bid, (is_for, is_against) in found.items() if is_for and is_against]
