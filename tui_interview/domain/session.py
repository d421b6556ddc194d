"""An interview session: who, what is asked, and everything the interviewer noted.

Plain Python, no I/O. Every change is a method that takes the current time
(``now``) from its caller, so the clock can be frozen in tests. Saving is the
caller's business (see ``domain.interview.Interview``).

A session keeps a snapshot of the competencies it uses (``content``), so that
editing or deleting a YAML file later never changes a past interview.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from tui_interview.domain.competency import Behaviour, Competency, Probe, Question
from tui_interview.domain.vocabulary import STAR_TAGS, ChecklistKind, Status, Tag
from tui_interview.errors import TuiInterviewError

__all__ = [
    "STAR_TAGS",
    "ChecklistEvent",
    "ChecklistKind",
    "Clock",
    "Note",
    "NoteRevision",
    "PlannedCompetency",
    "QuestionRef",
    "Rating",
    "Session",
    "SessionError",
    "Status",
    "Tag",
]


class SessionError(TuiInterviewError, ValueError):
    """A change the session refuses (empty note, unknown question, …)."""


@dataclass(frozen=True, order=True)
class QuestionRef:
    competency_id: str
    question_id: str

    @property
    def key(self) -> str:
        return f"{self.competency_id}/{self.question_id}"


@dataclass
class PlannedCompetency:
    competency_id: str
    target_level: int
    #: The questions to ask, in order (ids within the competency).
    question_ids: list[str]


@dataclass(frozen=True)
class NoteRevision:
    """An earlier text of a note and when that text was saved."""

    text: str
    saved_at: datetime


@dataclass
class Note:
    id: str
    text: str
    created_at: datetime
    #: Seconds on the interview clock when the note was made.
    elapsed_seconds: float
    question: QuestionRef
    tags: tuple[Tag, ...] = ()
    #: Ids of behaviours (of the question's competency) this note is evidence for.
    behaviours: tuple[str, ...] = ()
    #: Earlier texts, oldest first; the current text is ``text``.
    history: tuple[NoteRevision, ...] = ()
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def star_parts(self) -> tuple[Tag, ...]:
        return tuple(tag for tag in STAR_TAGS if tag in self.tags)

    @property
    def follow_up(self) -> bool:
        return Tag.FOLLOW_UP in self.tags

    @property
    def quote(self) -> bool:
        return Tag.QUOTE in self.tags


@dataclass(frozen=True)
class ChecklistEvent:
    """A tick or an un-tick. The list of events is the history; the latest
    event for an item is its state."""

    kind: ChecklistKind
    competency_id: str
    item_id: str
    checked: bool
    at: datetime
    elapsed_seconds: float
    #: For probes, the question they belong to.
    question_id: str | None = None


@dataclass
class Clock:
    """The interview clock: elapsed time with pauses."""

    accumulated_seconds: float = 0.0
    running_since: datetime | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed(self, now: datetime) -> float:
        if self.running_since is None:
            return self.accumulated_seconds
        return self.accumulated_seconds + max(0.0, (now - self.running_since).total_seconds())

    def start(self, now: datetime) -> None:
        if self.running_since is None:
            self.running_since = now

    def stop(self, now: datetime) -> None:
        if self.running_since is not None:
            self.accumulated_seconds = self.elapsed(now)
            self.running_since = None


@dataclass(frozen=True)
class Rating:
    """One submitted (and so locked) rating of a competency. A change is a new
    revision with a reason; earlier revisions stay in ``Session.ratings``."""

    competency_id: str
    #: 0 = no evidence, else a level the competency has.
    level: int
    rationale: str
    submitted_at: datetime
    revision: int = 1
    #: Why an earlier revision was changed (required from revision 2 on).
    reason: str | None = None
    suggested_level: int | None = None
    suggestion: str = ""


@dataclass
class Session:
    id: str
    candidate: str
    role: str
    interviewer: str
    created_at: datetime
    competencies: list[PlannedCompetency]
    #: Snapshot of the competencies used, by id.
    content: dict[str, Competency]
    status: Status = Status.PLANNED
    started_at: datetime | None = None
    finished_at: datetime | None = None
    #: When the session was last saved, on the app's clock (``Interview`` sets
    #: it with every change; never read from the file system).
    saved_at: datetime | None = None
    time_budget_minutes: int | None = None
    clock: Clock = field(default_factory=Clock)
    #: Index into ``plan`` of the question on screen.
    current_index: int = 0
    #: The note being typed and not yet sent.
    draft: str = ""
    events: list[ChecklistEvent] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    #: Hide ratings and suggestions while the clock runs (candidate in the room).
    candidate_present: bool = True

    # -- plan and lookups -------------------------------------------------

    @property
    def plan(self) -> list[QuestionRef]:
        return [
            QuestionRef(planned.competency_id, qid)
            for planned in self.competencies
            for qid in planned.question_ids
        ]

    @property
    def current(self) -> QuestionRef | None:
        plan = self.plan
        if not plan:
            return None
        return plan[min(max(self.current_index, 0), len(plan) - 1)]

    def competency(self, competency_id: str) -> Competency:
        return self.content[competency_id]

    def planned(self, competency_id: str) -> PlannedCompetency:
        for planned in self.competencies:
            if planned.competency_id == competency_id:
                return planned
        raise KeyError(competency_id)

    def question(self, ref: QuestionRef) -> Question:
        return self.content[ref.competency_id].question(ref.question_id)

    def target_behaviours(self, competency_id: str) -> tuple[Behaviour, ...]:
        """Behaviours up to the target level (levels are cumulative)."""
        target = self.planned(competency_id).target_level
        return self.content[competency_id].behaviours_up_to(target)

    def elapsed(self, now: datetime) -> float:
        return self.clock.elapsed(now)

    def seconds_left(self, now: datetime) -> float | None:
        if self.time_budget_minutes is None:
            return None
        return self.time_budget_minutes * 60 - self.elapsed(now)

    # -- notes --------------------------------------------------------------

    @property
    def active_notes(self) -> list[Note]:
        return [note for note in self.notes if not note.deleted]

    def note(self, note_id: str) -> Note:
        for note in self.notes:
            if note.id == note_id:
                return note
        raise SessionError(f"no note {note_id!r}")

    def notes_for(self, ref: QuestionRef) -> list[Note]:
        """The question's notes that are not deleted, oldest first."""
        return [note for note in self.active_notes if note.question == ref]

    def evidence_for(self, competency_id: str, behaviour_id: str) -> list[Note]:
        return self.linked_notes(competency_id).get(behaviour_id, [])

    def linked_notes(self, competency_id: str) -> dict[str, list[Note]]:
        """Behaviour id -> the notes linked to it as evidence, in one pass."""
        linked: dict[str, list[Note]] = {}
        for note in self.active_notes:
            if note.question.competency_id == competency_id:
                for behaviour_id in note.behaviours:
                    linked.setdefault(behaviour_id, []).append(note)
        return linked

    def _next_note_id(self) -> str:
        return f"n{len(self.notes) + 1}"

    def _check_ref(self, ref: QuestionRef) -> None:
        if ref not in self.plan:
            raise SessionError(f"question {ref.key} is not part of this interview")

    def _check_behaviours(self, competency_id: str, behaviour_ids: Iterable[str]) -> None:
        competency = self.content[competency_id]
        for behaviour_id in behaviour_ids:
            try:
                competency.behaviour(behaviour_id)
            except KeyError:
                raise SessionError(f"{competency_id} has no behaviour {behaviour_id!r}") from None

    def record_note(
        self,
        text: str,
        now: datetime,
        *,
        question: QuestionRef | None = None,
        tags: Iterable[Tag] = (),
        behaviours: Iterable[str] = (),
    ) -> Note:
        if not text.strip():
            raise SessionError("a note needs some text")
        ref = question or self.current
        if ref is None:
            raise SessionError("this interview has no questions")
        self._check_ref(ref)
        behaviours = tuple(dict.fromkeys(behaviours))
        self._check_behaviours(ref.competency_id, behaviours)
        note = Note(
            id=self._next_note_id(),
            text=text,
            created_at=now,
            elapsed_seconds=round(self.elapsed(now), 3),
            question=ref,
            tags=_ordered_tags(tags),
            behaviours=behaviours,
        )
        self.notes.append(note)
        return note

    def edit_note(self, note_id: str, text: str, now: datetime) -> Note:
        if not text.strip():
            raise SessionError("a note needs some text; delete it instead")
        note = self.note(note_id)
        if text != note.text:
            earlier = NoteRevision(note.text, note.updated_at or note.created_at)
            note.history = (*note.history, earlier)
            note.text = text
            note.updated_at = now
        return note

    def delete_note(self, note_id: str, now: datetime) -> Note:
        note = self.note(note_id)
        if note.deleted_at is None:
            note.deleted_at = now
        return note

    def restore_note(self, note_id: str) -> Note:
        note = self.note(note_id)
        note.deleted_at = None
        return note

    def toggle_note_tag(self, note_id: str, tag: Tag) -> Note:
        note = self.note(note_id)
        tags = set(note.tags) ^ {tag}
        note.tags = _ordered_tags(tags)
        return note

    def toggle_note_behaviour(self, note_id: str, behaviour_id: str) -> Note:
        note = self.note(note_id)
        self._check_behaviours(note.question.competency_id, [behaviour_id])
        if behaviour_id in note.behaviours:
            note.behaviours = tuple(b for b in note.behaviours if b != behaviour_id)
        else:
            note.behaviours = (*note.behaviours, behaviour_id)
        return note

    # -- checklists ---------------------------------------------------------

    def _latest_ticks(self, kind: ChecklistKind, competency_id: str) -> dict[str, ChecklistEvent]:
        latest: dict[str, ChecklistEvent] = {}
        for event in self.events:
            if event.kind is kind and event.competency_id == competency_id:
                latest[event.item_id] = event
        return {item: event for item, event in latest.items() if event.checked}

    def probe_ticks(self, ref: QuestionRef) -> dict[str, ChecklistEvent]:
        """Probe id -> the tick that asked it, for the probes ticked now."""
        ticks = self._latest_ticks(ChecklistKind.PROBE, ref.competency_id)
        return {
            item: event for item, event in ticks.items() if event.question_id == ref.question_id
        }

    def behaviour_ticks(self, competency_id: str) -> dict[str, ChecklistEvent]:
        """Behaviour id -> the tick that observed it, for the behaviours ticked now."""
        return self._latest_ticks(ChecklistKind.BEHAVIOUR, competency_id)

    def probes_asked(self, ref: QuestionRef) -> dict[str, datetime]:
        """Probe id -> when it was (last) ticked, for the probes ticked now."""
        return {item: event.at for item, event in self.probe_ticks(ref).items()}

    def behaviours_observed(self, competency_id: str) -> dict[str, datetime]:
        """Behaviour id -> when it was (last) ticked, for the behaviours ticked now."""
        return {item: event.at for item, event in self.behaviour_ticks(competency_id).items()}

    def set_probe_asked(
        self, ref: QuestionRef, probe_id: str, asked: bool, now: datetime
    ) -> ChecklistEvent:
        self._check_ref(ref)
        self.question(ref).probe(probe_id)
        return self._record_event(
            ChecklistKind.PROBE,
            ref.competency_id,
            probe_id,
            asked,
            now,
            question_id=ref.question_id,
        )

    def set_behaviour_observed(
        self, competency_id: str, behaviour_id: str, observed: bool, now: datetime
    ) -> ChecklistEvent:
        self._check_behaviours(competency_id, [behaviour_id])
        return self._record_event(
            ChecklistKind.BEHAVIOUR, competency_id, behaviour_id, observed, now
        )

    def _record_event(
        self,
        kind: ChecklistKind,
        competency_id: str,
        item_id: str,
        checked: bool,
        now: datetime,
        question_id: str | None = None,
    ) -> ChecklistEvent:
        event = ChecklistEvent(
            kind=kind,
            competency_id=competency_id,
            item_id=item_id,
            checked=checked,
            at=now,
            elapsed_seconds=round(self.elapsed(now), 3),
            question_id=question_id,
        )
        self.events.append(event)
        return event

    # -- progress and the clock ---------------------------------------------

    def go_to(self, index: int) -> QuestionRef:
        plan = self.plan
        if not 0 <= index < len(plan):
            raise SessionError(f"there is no question {index + 1} (1–{len(plan)})")
        self.current_index = index
        return plan[index]

    def start(self, now: datetime) -> None:
        if self.status is Status.PLANNED:
            self.status = Status.IN_PROGRESS
            self.started_at = now
        if self.status is Status.IN_PROGRESS:
            self.clock.start(now)

    def pause(self, now: datetime) -> None:
        self.clock.stop(now)

    def resume(self, now: datetime) -> None:
        if self.status is Status.FINISHED:
            raise SessionError("the interview is finished")
        self.start(now)

    def finish(self, now: datetime) -> None:
        self.clock.stop(now)
        if self.status is not Status.FINISHED:
            self.status = Status.FINISHED
            self.finished_at = now

    def plan_in_order_asked(self) -> list[QuestionRef]:
        """The planned questions in the order they were asked (their first note
        or ticked probe), then the ones never asked, in plan order."""
        first: dict[QuestionRef, datetime] = {}
        for note in self.active_notes:
            if note.question not in first or note.created_at < first[note.question]:
                first[note.question] = note.created_at
        for event in self.events:
            if event.kind is ChecklistKind.PROBE and event.checked:
                ref = QuestionRef(event.competency_id, event.question_id or "")
                if ref not in first or event.at < first[ref]:
                    first[ref] = event.at
        plan = self.plan
        asked = sorted((ref for ref in plan if ref in first), key=lambda r: first[r])
        return asked + [ref for ref in plan if ref not in first]

    def covered_questions(self) -> set[QuestionRef]:
        """The questions counted as covered: those with a note or a ticked
        probe, found in one pass over the notes and the ticks (every save
        counts them for the session list)."""
        covered = {note.question for note in self.active_notes}
        latest: dict[tuple[str, str], ChecklistEvent] = {}
        for event in self.events:
            if event.kind is ChecklistKind.PROBE:
                latest[event.competency_id, event.item_id] = event
        covered |= {
            QuestionRef(event.competency_id, event.question_id or "")
            for event in latest.values()
            if event.checked
        }
        return covered

    @property
    def questions_covered(self) -> int:
        covered = self.covered_questions()
        return sum(1 for ref in self.plan if ref in covered)

    # -- review -------------------------------------------------------------

    def questions_not_covered(self) -> list[QuestionRef]:
        covered = self.covered_questions()
        return [ref for ref in self.plan if ref not in covered]

    def probes_not_asked(self) -> list[tuple[QuestionRef, Probe]]:
        missing = []
        for ref in self.plan:
            asked = self.probes_asked(ref)
            missing += [(ref, p) for p in self.question(ref).probes if p.id not in asked]
        return missing

    def behaviours_without_evidence(self) -> list[tuple[str, Behaviour]]:
        """Target behaviours (cumulative) that no note links to as evidence."""
        missing = []
        for planned in self.competencies:
            linked = self.linked_notes(planned.competency_id)
            missing += [
                (planned.competency_id, behaviour)
                for behaviour in self.target_behaviours(planned.competency_id)
                if behaviour.id not in linked
            ]
        return missing

    # -- ratings ------------------------------------------------------------

    def rating_history(self, competency_id: str) -> list[Rating]:
        return [r for r in self.ratings if r.competency_id == competency_id]

    def current_rating(self, competency_id: str) -> Rating | None:
        history = self.rating_history(competency_id)
        return history[-1] if history else None


def _ordered_tags(tags: Iterable[Tag | str]) -> tuple[Tag, ...]:
    wanted = {Tag(tag) for tag in tags}
    return tuple(tag for tag in Tag if tag in wanted)
