"""An interview session: who, what is asked, and everything the interviewer noted.

Plain Python, no I/O. Every change is a method that takes the current time
(``now``) from its caller, so the clock can be frozen in tests. Saving is the
caller's business (see ``domain.interview.Interview``).

A session keeps a snapshot of the competencies it uses (``content``), so that
editing or deleting a YAML file later never changes a past interview.

The interview walks a list of *stops* (``Session.stops``): the opening
section, the planned questions (with any question added during the interview
right after the stop where it was asked), then the general remarks, the
candidate's questions and the closing. A note belongs to one stop: a question
(``Note.question``) or a section (``Note.section``). The time spent at each stop
is kept on the interview clock as the interviewer moves (``time_spent_on``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from tui_interview.domain.competency import Behaviour, Competency, Probe, Question
from tui_interview.domain.recommendation import Recommendation
from tui_interview.domain.star import star_of
from tui_interview.domain.vocabulary import (
    SECTIONS_AFTER,
    SECTIONS_BEFORE,
    STAR_TAGS,
    ChecklistKind,
    Section,
    Status,
    Tag,
)
from tui_interview.errors import TuiInterviewError

__all__ = [
    "ADDED_PREFIX",
    "NO_COMPETENCY",
    "STAR_TAGS",
    "AddedQuestion",
    "ChecklistEvent",
    "ChecklistKind",
    "Clock",
    "Note",
    "NoteRevision",
    "PlannedCompetency",
    "QuestionRef",
    "Rating",
    "Section",
    "Session",
    "SessionError",
    "Status",
    "Stop",
    "Tag",
    "planned_stops",
    "stop_key",
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


#: One place the interview walks through: a question or a section.
Stop: TypeAlias = QuestionRef | Section

#: The competency id of a question added with no competency.
NO_COMPETENCY = ""
#: Ids of added questions start with this (``added-1``, ``added-2``, …).
ADDED_PREFIX = "added-"


def stop_key(stop: Stop) -> str:
    """A stop as one line of text: ``section:opening``, ``question:comm/q1.1``."""
    if isinstance(stop, Section):
        return f"section:{stop.value}"
    return f"question:{stop.key}"


@dataclass(frozen=True)
class AddedQuestion:
    """A question asked during the interview that was not in the plan. It sits
    in the plan right after the stop ``after`` (where it was asked)."""

    id: str
    text: str
    #: A planned competency, or None.
    competency_id: str | None
    #: A level of that competency, or None (then it counts towards no level).
    level: int | None
    after: Stop
    created_at: datetime
    #: Seconds on the interview clock when it was added.
    elapsed_seconds: float

    @property
    def ref(self) -> QuestionRef:
        return QuestionRef(self.competency_id or NO_COMPETENCY, self.id)

    def as_question(self) -> Question:
        return Question(self.id, self.text, self.level or 0)


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
    #: The question the note is about; None for a note in a section.
    question: QuestionRef | None
    tags: tuple[Tag, ...] = ()
    #: Ids of behaviours (of the question's competency) this note is evidence for.
    behaviours: tuple[str, ...] = ()
    #: Earlier texts, oldest first; the current text is ``text``.
    history: tuple[NoteRevision, ...] = ()
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    #: The section the note is in, when it belongs to no question.
    section: Section | None = None
    #: Ids of behaviours (of the question's competency) this note is evidence
    #: *against*: what was said shows the behaviour was not there ("she
    #: inherited it from her predecessor"). A behaviour is never in both.
    behaviours_against: tuple[str, ...] = ()
    #: Ids of other notes of this session this note contradicts (one side
    #: only: the later note names the earlier one).
    contradicts: tuple[str, ...] = ()

    @property
    def stop(self) -> Stop:
        """The question or section the note belongs to."""
        if self.section is not None:
            return self.section
        assert self.question is not None
        return self.question

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
    #: The section on screen, if any; then ``current_index`` is the question
    #: last shown.
    current_section: Section | None = None
    #: Questions asked during the interview, in the order they were added.
    added_questions: list[AddedQuestion] = field(default_factory=list)
    #: Each stop's share of the time budget, in seconds (None: an equal split
    #: of ``time_budget_minutes`` over the planned stops; see ``domain.pacing``).
    stop_budgets: dict[Stop, int] | None = None
    #: Interview-clock seconds spent at each stop before the current visit;
    #: None when not kept (sessions started before schema version 3).
    time_spent: dict[Stop, float] | None = field(default_factory=dict)
    #: The interview clock's reading when the current stop was reached.
    stop_entered_seconds: float = 0.0
    #: The overall recommendation's revisions, oldest first (``domain.recommendation``).
    recommendations: list[Recommendation] = field(default_factory=list)
    #: The id of the plan the interview was made from (``domain.plan_file``):
    #: set when it is created, from a plan file or not; None for sessions
    #: created before plans had ids.
    plan_id: str | None = None

    # -- plan and lookups -------------------------------------------------

    @property
    def planned_stops(self) -> list[Stop]:
        """The stops as planned: sections and planned questions, no added ones."""
        return planned_stops(self.competencies)

    @property
    def stops(self) -> list[Stop]:
        """Every stop in order: the opening, the questions (each added one right
        after the stop where it was asked; a later one asked at the same stop
        comes first), the general remarks, the candidate's questions, the close."""
        stops = self.planned_stops
        for added in self.added_questions:
            stops.insert(stops.index(added.after) + 1, added.ref)
        return stops

    @property
    def plan(self) -> list[QuestionRef]:
        """The questions in order, added ones included (``stops`` without sections)."""
        if not self.added_questions:
            return [
                QuestionRef(planned.competency_id, qid)
                for planned in self.competencies
                for qid in planned.question_ids
            ]
        return [stop for stop in self.stops if isinstance(stop, QuestionRef)]

    @property
    def current(self) -> QuestionRef | None:
        """The question on screen, or the one last shown while in a section."""
        plan = self.plan
        if not plan:
            return None
        return plan[min(max(self.current_index, 0), len(plan) - 1)]

    def lowest_planned_level(self, competency_id: str) -> int | None:
        """The lowest level of the competency's questions in the plan (added
        ones with a level included); levels below it were not assessed.
        None when no question of the competency has a level."""
        levels = [
            self.question(ref).level
            for ref in self.plan
            if ref.competency_id == competency_id and self.question(ref).level > 0
        ]
        return min(levels, default=None)

    def question_numbers(self) -> dict[QuestionRef, int]:
        """Each planned question's number, as the interviewer sees it: its
        place in ``plan``, from 1."""
        return {ref: number for number, ref in enumerate(self.plan, start=1)}

    def question_number(self, ref: QuestionRef) -> int:
        """``ref``'s number in the plan, from 1 (see ``question_numbers``)."""
        try:
            return self.plan.index(ref) + 1
        except ValueError:
            raise SessionError(f"question {ref.key} is not part of this interview") from None

    @property
    def current_stop(self) -> Stop | None:
        """The question or section on screen."""
        if self.current_section is not None:
            return self.current_section
        return self.current

    @property
    def current_stop_index(self) -> int:
        """The position of ``current_stop`` in ``stops``."""
        current = self.current_stop
        return self.stops.index(current) if current is not None else 0

    def added_question(self, ref: QuestionRef) -> AddedQuestion | None:
        """The added question ``ref`` names, None for a planned one."""
        for added in self.added_questions:
            if added.id == ref.question_id and added.ref == ref:
                return added
        return None

    def is_added(self, ref: QuestionRef) -> bool:
        return self.added_question(ref) is not None

    def competency(self, competency_id: str) -> Competency:
        return self.content[competency_id]

    def planned(self, competency_id: str) -> PlannedCompetency:
        for planned in self.competencies:
            if planned.competency_id == competency_id:
                return planned
        raise KeyError(competency_id)

    def question(self, ref: QuestionRef) -> Question:
        """The question ``ref`` names; an added one as a Question with no
        probes (level 0 when it has none)."""
        if ref.question_id.startswith(ADDED_PREFIX):
            added = self.added_question(ref)
            if added is not None:
                return added.as_question()
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

    def notes_by_stop(self) -> dict[Stop, list[Note]]:
        """Question or section -> its notes that are not deleted, oldest first."""
        grouped: dict[Stop, list[Note]] = {}
        for note in self.active_notes:
            grouped.setdefault(note.stop, []).append(note)
        return grouped

    def notes_for(self, stop: Stop | None) -> list[Note]:
        """The notes of a question or section that are not deleted, oldest first."""
        if stop is None:
            return []
        return self.notes_by_stop().get(stop, [])

    def latest_deleted_note(self, stop: Stop | None) -> Note | None:
        """The most recently deleted note of a question or section (what
        "undo delete" brings back), None if none of its notes is deleted."""
        deleted = [note for note in self.notes if note.deleted_at is not None and note.stop == stop]
        return max(deleted, key=lambda note: note.deleted_at or note.created_at, default=None)

    def evidence_for(self, competency_id: str, behaviour_id: str) -> list[Note]:
        return self.linked_notes(competency_id).get(behaviour_id, [])

    def linked_notes(self, competency_id: str) -> dict[str, list[Note]]:
        """Behaviour id -> the notes linked to it as evidence (for it), in one pass."""
        linked: dict[str, list[Note]] = {}
        for note in self.active_notes:
            if note.question is not None and note.question.competency_id == competency_id:
                for behaviour_id in note.behaviours:
                    linked.setdefault(behaviour_id, []).append(note)
        return linked

    def evidence_against(self, competency_id: str, behaviour_id: str) -> list[Note]:
        return self.notes_against(competency_id).get(behaviour_id, [])

    def notes_against(self, competency_id: str) -> dict[str, list[Note]]:
        """Behaviour id -> the notes linked to it as evidence against it."""
        against: dict[str, list[Note]] = {}
        for note in self.active_notes:
            if note.question is not None and note.question.competency_id == competency_id:
                for behaviour_id in note.behaviours_against:
                    against.setdefault(behaviour_id, []).append(note)
        return against

    def contradictions(self) -> list[tuple[Note, Note]]:
        """(note, the earlier note it contradicts), both not deleted, in note order."""
        active = {note.id: note for note in self.active_notes}
        return [
            (note, active[other])
            for note in active.values()
            for other in note.contradicts
            if other in active
        ]

    def star_from_probe(self, stop: Stop | None, at: datetime) -> Tag | None:
        """The STAR part a note written at ``stop`` at time ``at`` takes from a
        probe: the part (``star_of``) of the probe of this question ticked
        last since the question's previous note (a probe ticked before that
        note was answered in it), if that probe is still ticked and has a
        part. None in a section, and when no such probe was ticked."""
        if not isinstance(stop, QuestionRef):
            return None
        since = max(
            (n.created_at for n in self.active_notes if n.question == stop and n.created_at < at),
            default=None,
        )
        ticked = self.probe_ticks(stop)
        question = self.question(stop)
        for event in reversed(self.events):
            if since is not None and event.at <= since:
                break
            if (
                event.kind is ChecklistKind.PROBE
                and event.checked
                and event.at <= at
                and event.competency_id == stop.competency_id
                and event.question_id == stop.question_id
                and ticked.get(event.item_id) is event
            ):
                return star_of(question.probe(event.item_id))
        return None

    def tag_from_probe(self, note: Note) -> Tag | None:
        """The STAR tag ``note`` carries because a probe was ticked just
        before it (see ``star_from_probe``), for showing it as "(from probe)";
        None once the interviewer removed it, or if it never took one."""
        part = self.star_from_probe(note.stop, note.created_at)
        return part if part is not None and part in note.tags else None

    def _next_note_id(self) -> str:
        return f"n{len(self.notes) + 1}"

    def _check_ref(self, ref: QuestionRef) -> None:
        if ref not in self.plan:
            raise SessionError(f"question {ref.key} is not part of this interview")

    def _check_behaviours(self, competency_id: str | None, behaviour_ids: Iterable[str]) -> None:
        behaviour_ids = list(behaviour_ids)
        if not behaviour_ids:
            return
        if not competency_id or competency_id not in self.content:
            raise SessionError("only a note on a competency's question can link behaviours")
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
        section: Section | None = None,
        tags: Iterable[Tag] = (),
        behaviours: Iterable[str] = (),
    ) -> Note:
        """A new note at ``question`` or ``section`` (at most one of them), by
        default at the current stop. A section's note links no behaviours."""
        if not text.strip():
            raise SessionError("a note needs some text")
        if question is not None and section is not None:
            raise SessionError("a note is at a question or in a section, not both")
        stop = question or section or self.current_stop
        if stop is None:
            raise SessionError("this interview has no questions")
        behaviours = tuple(dict.fromkeys(behaviours))
        if isinstance(stop, Section):
            ref, section = None, Section(stop)
            self._check_behaviours(None, behaviours)
        else:
            ref, section = stop, None
            self._check_ref(ref)
            self._check_behaviours(ref.competency_id, behaviours)
        note = Note(
            id=self._next_note_id(),
            text=text,
            created_at=now,
            elapsed_seconds=round(self.elapsed(now), 3),
            question=ref,
            section=section,
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
        """Link the note to the behaviour as evidence for it, or un-link it."""
        note = self.note(note_id)
        linked = behaviour_id in note.behaviours
        return self.set_note_link(note_id, behaviour_id, None if linked else "for")

    def toggle_note_against(self, note_id: str, behaviour_id: str) -> Note:
        """Link the note to the behaviour as evidence against it, or un-link it."""
        note = self.note(note_id)
        linked = behaviour_id in note.behaviours_against
        return self.set_note_link(note_id, behaviour_id, None if linked else "against")

    def set_note_link(self, note_id: str, behaviour_id: str, link: str | None) -> Note:
        """Link the note to the behaviour as evidence ``"for"`` or ``"against"``
        it (moving it from the other side if it was there), or un-link it (None)."""
        if link not in ("for", "against", None):
            raise SessionError(f"a link is for or against, not {link!r}")
        note = self.note(note_id)
        self._check_behaviours(
            note.question.competency_id if note.question is not None else None, [behaviour_id]
        )
        behaviours = tuple(b for b in note.behaviours if b != behaviour_id)
        against = tuple(b for b in note.behaviours_against if b != behaviour_id)
        if link == "for":
            behaviours = (
                note.behaviours
                if behaviour_id in note.behaviours
                else (
                    *behaviours,
                    behaviour_id,
                )
            )
        elif link == "against":
            against = (
                note.behaviours_against
                if behaviour_id in note.behaviours_against
                else (
                    *against,
                    behaviour_id,
                )
            )
        note.behaviours, note.behaviours_against = behaviours, against
        return note

    def toggle_contradicts(self, note_id: str, other_id: str) -> Note:
        """Mark the note as contradicting another note of this session, or unmark it."""
        note = self.note(note_id)
        other = self.note(other_id)
        if other.id == note.id:
            raise SessionError("a note cannot contradict itself")
        if other.id in note.contradicts:
            note.contradicts = tuple(n for n in note.contradicts if n != other.id)
        else:
            note.contradicts = (*note.contradicts, other.id)
        return note

    # -- checklists ---------------------------------------------------------

    def _ticked(
        self, kind: ChecklistKind, competency_id: str | None = None
    ) -> list[ChecklistEvent]:
        """The items ticked now (of one competency, or of all): for each item
        the latest event is its state, so an item counts when that is a tick."""
        latest: dict[tuple[str, str], ChecklistEvent] = {}
        for event in self.events:
            if event.kind is kind and competency_id in (None, event.competency_id):
                latest[event.competency_id, event.item_id] = event
        return [event for event in latest.values() if event.checked]

    def _latest_ticks(self, kind: ChecklistKind, competency_id: str) -> dict[str, ChecklistEvent]:
        return {event.item_id: event for event in self._ticked(kind, competency_id)}

    def probe_ticks(self, ref: QuestionRef) -> dict[str, ChecklistEvent]:
        """Probe id -> the tick that asked it, for the probes ticked now."""
        ticks = self._latest_ticks(ChecklistKind.PROBE, ref.competency_id)
        return {
            item: event for item, event in ticks.items() if event.question_id == ref.question_id
        }

    def behaviour_ticks(self, competency_id: str) -> dict[str, ChecklistEvent]:
        """Behaviour id -> the tick that observed it, for the behaviours ticked now."""
        return self._latest_ticks(ChecklistKind.BEHAVIOUR, competency_id)

    def next_probe_not_asked(self, ref: QuestionRef) -> Probe | None:
        """The question's first probing question (in its order) not ticked now."""
        asked = self.probe_ticks(ref)
        return next((p for p in self.question(ref).probes if p.id not in asked), None)

    def observed_behaviour_ids(self, competency_id: str) -> set[str]:
        """The competency's behaviours counted as *observed*: linked as evidence
        for it from a note that is not deleted, or ticked on the checklist now
        with no such note linked against it. A note against outweighs a bare
        tick; a note for and a note against leave it observed (and contested)."""
        ticked = set(self._latest_ticks(ChecklistKind.BEHAVIOUR, competency_id))
        against = set(self.notes_against(competency_id))
        return (ticked - against) | set(self.linked_notes(competency_id))

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

    def go_to(self, index: int, now: datetime | None = None) -> QuestionRef:
        """Go to question ``index`` of ``plan`` (0-based). With ``now``, the time
        spent at the stop being left is kept."""
        plan = self.plan
        if not 0 <= index < len(plan):
            raise SessionError(f"there is no question {index + 1} (1–{len(plan)})")
        self._leave_stop(now)
        self.current_index = index
        self.current_section = None
        return plan[index]

    def go_to_stop(self, index: int, now: datetime | None = None) -> Stop:
        """Go to stop ``index`` of ``stops`` (0-based): a question or a section."""
        stops = self.stops
        if not 0 <= index < len(stops):
            raise SessionError(f"there is no stop {index + 1} (1–{len(stops)})")
        stop = stops[index]
        if isinstance(stop, Section):
            self._leave_stop(now)
            self.current_section = stop
            return stop
        return self.go_to(self.plan.index(stop), now)

    def go_to_section(self, section: Section, now: datetime | None = None) -> Section:
        self._leave_stop(now)
        self.current_section = Section(section)
        return self.current_section

    def question_after_current(self, step: int) -> int | None:
        """The plan index of the next (``step`` 1) or previous (-1) question
        from the current stop, None if there is none that way."""
        stops = self.stops
        position = self.current_stop_index + step
        while 0 <= position < len(stops):
            stop = stops[position]
            if isinstance(stop, QuestionRef):
                return self.plan.index(stop)
            position += step
        return None

    # -- time at each stop ----------------------------------------------------

    def _leave_stop(self, now: datetime | None) -> None:
        """Add the time since the current stop was reached to its total."""
        if now is None:
            return
        elapsed = self.elapsed(now)
        stop = self.current_stop
        if self.time_spent is not None and stop is not None:
            spent = max(0.0, elapsed - self.stop_entered_seconds)
            if spent:
                total = self.time_spent.get(stop, 0.0) + spent
                self.time_spent[stop] = round(total, 3)
        self.stop_entered_seconds = round(elapsed, 3)

    def time_spent_on(self, stop: Stop, now: datetime) -> float | None:
        """Interview-clock seconds spent at ``stop`` so far (the current visit
        included); None when this session does not keep it."""
        if self.time_spent is None:
            return None
        spent = self.time_spent.get(stop, 0.0)
        if stop == self.current_stop:
            spent += max(0.0, self.elapsed(now) - self.stop_entered_seconds)
        return spent

    # -- added questions ------------------------------------------------------

    def add_question(
        self,
        text: str,
        now: datetime,
        *,
        competency_id: str | None = None,
        level: int | None = None,
        go: bool = True,
    ) -> QuestionRef:
        """Add a question asked now: it goes into the plan right after the
        current stop, marked as added. ``competency_id`` must be a planned
        competency and ``level`` one of its levels (a level needs a
        competency). With ``go``, the interview moves to it."""
        if not text.strip():
            raise SessionError("a question needs some text")
        if competency_id is not None:
            if competency_id not in {p.competency_id for p in self.competencies}:
                raise SessionError(f"{competency_id!r} is not part of this interview")
            if level is not None and not self.content[competency_id].has_level(level):
                raise SessionError(f"{competency_id} has no level {level}")
        elif level is not None:
            raise SessionError("a level needs a competency")
        after = self.current_stop
        if after is None:
            raise SessionError("this interview has no questions")
        added = AddedQuestion(
            id=self._next_added_id(),
            text=text,
            competency_id=competency_id,
            level=level,
            after=after,
            created_at=now,
            elapsed_seconds=round(self.elapsed(now), 3),
        )
        self.added_questions.append(added)
        plan = self.plan
        if isinstance(after, QuestionRef):
            # The question on screen may have moved: keep pointing at it.
            self.current_index = plan.index(after)
        if go:
            self.go_to(plan.index(added.ref), now)
        return added.ref

    def _next_added_id(self) -> str:
        taken = {a.id for a in self.added_questions}
        taken |= {q.id for c in self.content.values() for q in c.questions}
        number = len(self.added_questions) + 1
        while f"{ADDED_PREFIX}{number}" in taken:
            number += 1
        return f"{ADDED_PREFIX}{number}"

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
            if note.question is None:
                continue
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
        covered = {note.question for note in self.active_notes if note.question is not None}
        covered |= {
            QuestionRef(event.competency_id, event.question_id or "")
            for event in self._ticked(ChecklistKind.PROBE)
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

    # -- ratings ------------------------------------------------------------

    def rating_history(self, competency_id: str) -> list[Rating]:
        return [r for r in self.ratings if r.competency_id == competency_id]

    def current_rating(self, competency_id: str) -> Rating | None:
        history = self.rating_history(competency_id)
        return history[-1] if history else None


def _ordered_tags(tags: Iterable[Tag | str]) -> tuple[Tag, ...]:
    wanted = {Tag(tag) for tag in tags}
    return tuple(tag for tag in Tag if tag in wanted)


def planned_stops(competencies: Iterable[PlannedCompetency]) -> list[Stop]:
    """The stops of a plan before any question is added: the opening, the
    planned questions in order, the general remarks, the candidate's questions
    and the closing. The new-interview form can split a budget over these."""
    questions: list[Stop] = [
        QuestionRef(planned.competency_id, qid)
        for planned in competencies
        for qid in planned.question_ids
    ]
    return [*SECTIONS_BEFORE, *questions, *SECTIONS_AFTER]
