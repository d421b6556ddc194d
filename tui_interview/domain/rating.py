"""Rating a competency: the scale, a suggested level, and locked ratings.

Plain Python, no I/O. The interviewer rates each competency of an interview
from 0 (no evidence) to the highest level the competency has; each level's
summary is its anchor. The app also works out a *suggested* level from the
evidence, which it shows next to the rating but never applies by itself.

How the suggested level is worked out
-------------------------------------

A behaviour counts as *observed* when it is ticked on the checklist or an
active (not deleted) note is linked to it (see below for evidence against);
the reasons say how many of those have a linked note, because a tick alone is
weaker evidence. A question's
*STAR coverage* is every STAR part (situation, task, action, result) tagged on
its notes, plus the STAR part of each probe ticked for it (the probe's own
``star`` from the content, else read from its wording by
``domain.star.star_part_of_probe``). A level is *met* when

1. at least half of its behaviours, rounded up, are observed (a level with no
   behaviours cannot be met), *or* the interview planned questions of that
   level and each of them has an active note linked to a behaviour of the
   level, showing at least one different behaviour per question (never more
   than half of the level's); this is the typical interview: two questions,
   two or three notes each, linked to what each question is about; and
2. if the interview planned questions of that level, those questions together
   cover situation, action and result (task is welcome but not required).

A behaviour is *observed* when an active note links to it as evidence for it,
or it is ticked and no active note links to it as evidence against: a note
against outweighs a bare tick, and a behaviour with evidence against and none
for is not observed. When the target level is not suggested, ``next_step``
says what to probe or link next ("probe the result on question 2").

A level is *planned* when the interview plans at least one of its questions,
and *assessed* when it is planned or has an observed behaviour. Levels are
cumulative, as the content says, so:

* the suggestion is the highest met level, unless a lower *planned* level is
  not met: that caps the suggestion below it (the interviewer set out to check
  it and the evidence fell short);
* the levels below a suggested level that are not met and were not planned are
  *implied* by it, and the reasons say so ("levels 1–2 not assessed, implied by
  level 3"); a level that was not planned never caps, so a behaviour of it
  noticed in passing cannot pull the suggestion down;
* if no level is met, or every met level is capped, there is no suggestion:
  "insufficient evidence".

Being planned does not change with evidence, and more evidence *for* (ticks,
probes, tags, notes linked for) can only turn a level from not met to met, so
it never lowers the suggestion; evidence against can only lower it.
Worked examples: docs/rating.md.
The reasons name the levels met and implied, the count at the suggested level,
the first level above it that is not met and why, and the STAR parts missing
on each planned question (numbered as in the interview plan, from 1).

Ratings are locked once submitted: a change is a new revision that needs a
reason, and every revision stays in ``Session.ratings``. While the interview
clock runs with the candidate in the room, ratings and suggestions are hidden.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tui_interview.domain.competency import Competency
from tui_interview.domain.curtain import evaluation_shown
from tui_interview.domain.revisions import next_revision
from tui_interview.domain.session import STAR_TAGS, QuestionRef, Rating, Session, Tag
from tui_interview.domain.star import star_of
from tui_interview.domain.star import star_part_of_probe as star_part_of_probe  # re-exported
from tui_interview.errors import TuiInterviewError

#: The level meaning "no evidence of the competency".
NO_EVIDENCE = 0

#: STAR parts a level's questions must cover before the level is met.
REQUIRED_STAR: tuple[Tag, ...] = (Tag.SITUATION, Tag.ACTION, Tag.RESULT)

Comparison = Literal["below", "meets", "exceeds"]


class RatingError(TuiInterviewError, ValueError):
    """A rating the session refuses; the message is meant for the interviewer,
    ``field`` names what to fill in ("rationale", "reason") when that is why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# -- the scale ------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """One point of a competency's rating scale and the text that anchors it."""

    level: int
    label: str
    summary: str


NO_EVIDENCE_ANCHOR = Anchor(
    NO_EVIDENCE, "No evidence", "The interview gave no evidence of this competency."
)


def anchors(competency: Competency) -> list[Anchor]:
    """The rating scale: 0 "No evidence", then each level the competency has."""
    return [NO_EVIDENCE_ANCHOR] + [
        Anchor(level.number, level.label, level.summary) for level in competency.levels
    ]


def anchor(competency: Competency, level: int) -> Anchor:
    for candidate in anchors(competency):
        if candidate.level == level:
            return candidate
    raise KeyError(f"{competency.id} has no level {level}")


def compare_to_target(level: int, target: int) -> Comparison:
    if level < target:
        return "below"
    if level == target:
        return "meets"
    return "exceeds"


def ratings_visible(session: Session) -> bool:
    """Hidden while the clock runs with the candidate present; shown otherwise
    (the rule is ``domain.curtain.evaluation_shown``)."""
    return evaluation_shown(session)


# -- the suggested level --------------------------------------------------------


@dataclass(frozen=True)
class QuestionDepth:
    """The STAR parts one planned question covered."""

    #: 1-based position in ``Session.plan``.
    number: int
    ref: QuestionRef
    covered: tuple[Tag, ...]
    #: Behaviours of the question's level its active notes link to as evidence for.
    linked: tuple[str, ...] = ()

    @property
    def missing_required(self) -> tuple[Tag, ...]:
        return tuple(tag for tag in REQUIRED_STAR if tag not in self.covered)


@dataclass(frozen=True)
class LevelEvidence:
    """What the interview showed for one level of a competency."""

    level: int
    behaviours_total: int
    #: Observed behaviours of this level (ticked or linked from a note), in profile order.
    behaviour_ids: tuple[str, ...]
    #: Those of ``behaviour_ids`` that an active note links to.
    noted_ids: tuple[str, ...]
    #: The planned questions of this level, in plan order (may be empty).
    questions: tuple[QuestionDepth, ...]
    #: Behaviours of this level with a note against them and none for, so
    #: not observed (a note against outweighs a bare tick).
    against_ids: tuple[str, ...] = ()

    @property
    def behaviours_with_evidence(self) -> int:
        return len(self.behaviour_ids)

    @property
    def behaviours_with_note(self) -> int:
        return len(self.noted_ids)

    @property
    def behaviours_needed(self) -> int:
        return max(1, math.ceil(self.behaviours_total / 2))

    @property
    def star_covered(self) -> tuple[Tag, ...]:
        """STAR parts covered by this level's planned questions, taken together."""
        covered = {tag for question in self.questions for tag in question.covered}
        return tuple(tag for tag in STAR_TAGS if tag in covered)

    @property
    def star_missing(self) -> tuple[Tag, ...]:
        """STAR parts none of this level's planned questions covered (none if none planned)."""
        if not self.questions:
            return ()
        return tuple(tag for tag in STAR_TAGS if tag not in self.star_covered)

    @property
    def breadth_met(self) -> bool:
        return self.behaviours_total > 0 and self.behaviours_with_evidence >= self.behaviours_needed

    @property
    def behaviours_needed_by_questions(self) -> int:
        """How many different behaviours the level's questions must show: one
        per planned question, and never more than ``behaviours_needed``."""
        return min(len(self.questions), self.behaviours_needed)

    @property
    def questions_met(self) -> bool:
        """The level's planned questions each have a note linked to a behaviour
        of the level, and they show ``behaviours_needed_by_questions`` different ones."""
        return (
            self.planned
            and all(question.linked for question in self.questions)
            and self.behaviours_with_evidence >= self.behaviours_needed_by_questions
        )

    @property
    def depth_met(self) -> bool:
        """True when no question of this level was planned, or they cover the required parts."""
        return not self.questions or all(tag in self.star_covered for tag in REQUIRED_STAR)

    @property
    def met(self) -> bool:
        return (self.breadth_met or self.questions_met) and self.depth_met

    @property
    def planned(self) -> bool:
        """True when the interview plans at least one question of this level."""
        return bool(self.questions)

    @property
    def assessed(self) -> bool:
        """Planned, or with at least one behaviour observed."""
        return self.planned or bool(self.behaviour_ids)


@dataclass(frozen=True)
class Suggestion:
    """A suggested level and its reasons; never applied by itself."""

    #: ``None`` means insufficient evidence.
    level: int | None
    text: str
    per_level: list[LevelEvidence]
    #: Levels below ``level`` that are not met but implied by it (not planned).
    implied_levels: tuple[int, ...] = ()
    #: What to probe or link next to reach the target level ("" when it is reached).
    next_step: str = ""

    @property
    def met_levels(self) -> tuple[int, ...]:
        """The levels up to the suggested one that are met on their own evidence."""
        if self.level is None:
            return ()
        return tuple(e.level for e in self.per_level if e.level <= self.level and e.met)


def question_depth(session: Session, ref: QuestionRef, number: int) -> QuestionDepth:
    """STAR parts from the question's active notes' tags and its ticked probes,
    and the behaviours of its level its notes link to as evidence for."""
    notes = session.notes_for(ref)
    covered = {tag for note in notes for tag in note.star_parts}
    question = session.question(ref)
    for probe_id in session.probes_asked(ref):
        part = star_of(question.probe(probe_id))
        if part is not None:
            covered.add(part)
    linked: list[str] = []
    if ref.competency_id in session.content and question.level:
        level_ids = {
            b.id
            for b in session.competency(ref.competency_id).behaviours
            if b.level == question.level
        }
        linked = [b for note in notes for b in note.behaviours if b in level_ids]
    return QuestionDepth(
        number,
        ref,
        tuple(tag for tag in STAR_TAGS if tag in covered),
        tuple(dict.fromkeys(linked)),
    )


def level_evidence(session: Session, competency_id: str) -> list[LevelEvidence]:
    """Per level of the competency, lowest first: behaviours observed and STAR depth."""
    competency = session.competency(competency_id)
    observed_ids = session.observed_behaviour_ids(competency_id)
    linked = session.linked_notes(competency_id)
    against = session.notes_against(competency_id)
    depths = [
        question_depth(session, ref, number)
        for ref, number in session.question_numbers().items()
        if ref.competency_id == competency_id
    ]
    evidence = []
    for level in competency.levels:
        noted = tuple(b.id for b in level.behaviours if b.id in linked)
        observed = tuple(b.id for b in level.behaviours if b.id in observed_ids)
        questions = tuple(
            depth for depth in depths if session.question(depth.ref).level == level.number
        )
        contrary = tuple(
            b.id for b in level.behaviours if b.id in against and b.id not in observed_ids
        )
        evidence.append(
            LevelEvidence(level.number, len(level.behaviours), observed, noted, questions, contrary)
        )
    return evidence


def suggest_level(session: Session, competency_id: str) -> Suggestion:
    """The level the evidence supports, with its reasons in words (see the module doc)."""
    per_level = level_evidence(session, competency_id)
    target = session.planned(competency_id).target_level
    cap = next((e for e in per_level if e.planned and not e.met), None)
    allowed = [e for e in per_level if e.met and (cap is None or e.level < cap.level)]
    top = allowed[-1] if allowed else None
    step = next_step(per_level, target, None if top is None else top.level)
    if top is None:
        text = _insufficient(per_level, cap)
        return Suggestion(None, _with_next(text, step), per_level, next_step=step)
    below = [e for e in per_level if e.level < top.level]
    implied = tuple(e.level for e in below if not e.met)
    gap = next((e for e in per_level if e.level > top.level), None)
    text = _with_next(_reasons(per_level, top, below, gap), step)
    return Suggestion(top.level, text, per_level, implied, step)


def _with_next(text: str, step: str) -> str:
    return f"{text} Next: {step}." if step else text


def next_step(per_level: list[LevelEvidence], target: int, suggested: int | None) -> str:
    """What would move the suggestion towards the target level, in words:
    ``probe the result on question 2; link a note on question 1 to a level-3
    behaviour``. Empty when the target level (or more) is suggested or there
    is nothing at or below the target to work on."""
    if suggested is not None and suggested >= target:
        return ""
    wanted = [e for e in per_level if e.level <= target and not e.met]
    gap = next((e for e in wanted if e.planned), None) or next(
        (e for e in wanted if e.level == target), None
    )
    if gap is None:
        return ""
    steps = []
    if not gap.depth_met:
        missing = [tag for tag in REQUIRED_STAR if tag not in gap.star_covered]
        numbers = [q.number for q in gap.questions]
        steps.append(f"probe the {_join(missing)} on {_questions_text(numbers, 'or')}")
    if not gap.breadth_met and not gap.questions_met:
        unlinked = [q.number for q in gap.questions if not q.linked]
        if unlinked:
            steps.append(
                f"link a note on {_questions_text(unlinked)} to a level-{gap.level} behaviour"
            )
        short = (
            gap.behaviours_needed_by_questions if gap.planned else gap.behaviours_needed
        ) - gap.behaviours_with_evidence
        if short > 0 and not unlinked:
            more = "one more" if short == 1 else f"{short} more"
            steps.append(f"look for {more} level-{gap.level} behaviour, a different one")
        if gap.against_ids:
            count = len(gap.against_ids)
            steps.append(
                f"{count} level-{gap.level} behaviour{'s' if count > 1 else ''} "
                "heard only as evidence against"
            )
    return "; ".join(steps)


def _insufficient(per_level: list[LevelEvidence], cap: LevelEvidence | None) -> str:
    if not per_level:
        return "Insufficient evidence: this competency has no levels."
    if not any(evidence.behaviour_ids for evidence in per_level):
        sentences = ["Insufficient evidence: no behaviour observed or linked from a note yet."]
        against = sum(len(e.against_ids) for e in per_level)
        if against:
            sentences[0] = (
                "Insufficient evidence: no behaviour observed; "
                f"{against} heard only as evidence against."
            )
    else:
        gap = cap or next((e for e in per_level if e.assessed and not e.met), per_level[0])
        sentences = [f"Insufficient evidence: {_gap_text(gap)}."]
        capped = [e.level for e in per_level if e.met and cap is not None and e.level > cap.level]
        if capped and cap is not None:
            are = "is" if len(capped) == 1 else "are"
            sentences.append(
                f"{_capitalised(_levels_text(capped))} {are} met, but level {cap.level} "
                "was planned and is not, which caps the suggestion."
            )
    return _with_star_gaps(sentences, per_level)


def _reasons(
    per_level: list[LevelEvidence],
    top: LevelEvidence,
    below: list[LevelEvidence],
    gap: LevelEvidence | None,
) -> str:
    first = (
        f"Level {top.level} suggested: {top.behaviours_with_evidence} of "
        f"{top.behaviours_total} level-{top.level} behaviours observed{_noted_text(top)}"
    )
    met = [e.level for e in below if e.met]
    if met:
        first += f"; {_levels_text(met)} met"
    unassessed = [e.level for e in below if not e.met and not e.assessed]
    if unassessed:
        first += (
            f"; {_levels_text(unassessed)} not assessed, implied by level {top.level} "
            "(levels are cumulative)"
        )
    for e in below:
        if not e.met and e.assessed:
            first += (
                f"; level {e.level} not planned ({e.behaviours_with_evidence} of "
                f"{e.behaviours_total} behaviours observed), implied by level {top.level}"
            )
    sentences = [first + "."]
    if gap is not None:
        sentences.append(_capitalised(_gap_text(gap)) + ".")
    return _with_star_gaps(sentences, per_level)


def _with_star_gaps(sentences: list[str], per_level: list[LevelEvidence]) -> str:
    star_gaps = _star_gaps(per_level)
    if star_gaps:
        sentences.append(f"STAR gaps: {star_gaps}.")
    return " ".join(sentences)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _noted_text(evidence: LevelEvidence) -> str:
    if not evidence.behaviours_with_evidence:
        return ""
    if evidence.behaviours_with_note == evidence.behaviours_with_evidence:
        return " with a linked note"
    if not evidence.behaviours_with_note:
        return " (ticked only, no linked note)"
    return f" ({evidence.behaviours_with_note} with a linked note)"


def _gap_text(gap: LevelEvidence) -> str:
    """Why a level is not met: ``level 4 is not met (1 of 6 behaviours …)``."""
    problems = []
    if not gap.behaviours_total:
        problems.append("it has no behaviours to observe")
    elif not gap.breadth_met and not gap.questions_met:
        # (Or one with a linked note on each of its questions: "Next:" says which.)
        needs = f"needs {gap.behaviours_needed}"
        problems.append(
            f"{gap.behaviours_with_evidence} of {gap.behaviours_total} behaviours observed"
            f"{_noted_text(gap)}, {needs}"
        )
    if gap.against_ids:
        problems.append(f"{len(gap.against_ids)} with evidence against and none for")
    if not gap.depth_met:
        missing = [tag for tag in REQUIRED_STAR if tag not in gap.star_covered]
        numbers = [q.number for q in gap.questions]
        problems.append(f"{_join(missing)} not covered on {_questions_text(numbers)}")
    return f"level {gap.level} is not met ({'; '.join(problems)})"


def _star_gaps(per_level: list[LevelEvidence]) -> str:
    """``nothing covered on questions 1 and 2; result never covered on question 5``."""
    questions = sorted((q for e in per_level for q in e.questions), key=lambda q: q.number)
    untouched = [q.number for q in questions if not q.covered]
    gaps = [f"nothing covered on {_questions_text(untouched)}"] if untouched else []
    gaps += [
        f"{_join(q.missing_required)} never covered on question {q.number}"
        for q in questions
        if q.covered and q.missing_required
    ]
    return "; ".join(gaps)


def _join(items: Sequence[object]) -> str:
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _levels_text(levels: list[int]) -> str:
    if len(levels) == 1:
        return f"level {levels[0]}"
    if levels == list(range(levels[0], levels[-1] + 1)):
        return f"levels {levels[0]}–{levels[-1]}"
    return "levels " + _join([str(n) for n in levels])


def _questions_text(numbers: list[int], conjunction: str = "and") -> str:
    if len(numbers) == 1:
        return f"question {numbers[0]}"
    if conjunction == "or":
        words = [str(n) for n in numbers]
        return "question " + ", ".join(words[:-1]) + " or " + words[-1]
    return "questions " + _join([str(n) for n in numbers])


# -- locked ratings -------------------------------------------------------------


def submit_rating(
    session: Session,
    competency_id: str,
    level: int,
    rationale: str,
    now: datetime,
    *,
    reason: str | None = None,
) -> Rating:
    """Check and save a rating (or a new revision of one) with the suggestion of the moment.

    The first rating of a competency needs a level and a rationale; any later
    one is a change to a locked rating and also needs a reason (a reason given
    with a first rating is not stored, as nothing was changed). Use it as
    ``interview.apply(lambda s, now: submit_rating(s, cid, level, rationale, now))``.
    """
    if competency_id not in {planned.competency_id for planned in session.competencies}:
        raise RatingError(f"{competency_id!r} is not part of this interview.")
    competency = session.competency(competency_id)
    if isinstance(level, bool) or not isinstance(level, int):
        raise RatingError(f"The level must be a whole number, not {level!r}.")
    if level != NO_EVIDENCE and not competency.has_level(level):
        scale = ", ".join(str(a.level) for a in anchors(competency))
        raise RatingError(f"{competency.name} can be rated {scale}; not {level}.")
    if not rationale.strip():
        raise RatingError(
            "A rating needs a rationale: say what evidence it rests on.", field="rationale"
        )
    current = session.current_rating(competency_id)
    revision = next_revision(
        None if current is None else current.revision,
        unchanged=current is not None
        and level == current.level
        and rationale.strip() == current.rationale,
        reason=reason,
        same=(
            ""
            if current is None
            else f"{competency.name} is already rated {level} with this rationale "
            f"(revision {current.revision}); change the level or the rationale."
        ),
        locked=(
            ""
            if current is None
            else f"{competency.name} is already rated {current.level} and locked "
            f"(revision {current.revision}): give a reason for the change."
        ),
        error=RatingError,
    )
    suggestion = suggest_level(session, competency_id)
    rating = Rating(
        competency_id=competency_id,
        level=level,
        rationale=rationale.strip(),
        submitted_at=now,
        revision=revision,
        reason=reason.strip() if current is not None and reason else None,
        suggested_level=suggestion.level,
        suggestion=suggestion.text,
    )
    session.ratings.append(rating)
    return rating


def interview_hint(session: Session) -> str:
    """The suggestion for the competency of the question on screen, in one
    short line for the interview screen: ``Suggested now: level 3`` or ``No
    suggestion yet · next: probe the result on question 2``. Empty while
    ratings may not be shown (``ratings_visible``: never while the clock runs
    with the candidate present) and on a section or a question of no
    competency."""
    stop = session.current_stop
    if not ratings_visible(session) or not isinstance(stop, QuestionRef):
        return ""
    competency_id = stop.competency_id
    if competency_id not in {planned.competency_id for planned in session.competencies}:
        return ""
    suggestion = suggest_level(session, competency_id)
    if suggestion.level is not None:
        text = f"Suggested now: level {suggestion.level}"
    else:
        text = "No suggestion yet"
    if suggestion.next_step:
        text += f" · next: {suggestion.next_step}"
    return text
