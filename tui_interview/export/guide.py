"""An interview guide in Markdown, to prepare or print before the interview.

For each competency and target level: the questions in order (numbered across
the guide, as in the interview), each with its probing questions and the STAR
part each asks about; the behaviours to listen for; the rating anchors; and,
with a time budget, the time plan. From a plan file (``guide --plan``) the
plan's own questions, order and time split. For a paper copy: header fields
to fill in (candidate, role, interviewer, date) and room to write under each
question and probe; a behaviour known to be cut off in the source is marked.
Every text from the content goes through
the transcript's escaping (``escape_inline``), so a profile's text can never
become Markdown syntax. Plain Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui_interview.domain.competency import Behaviour, Competency, Question
from tui_interview.domain.pacing import split_budget
from tui_interview.domain.rating import anchors
from tui_interview.domain.session import (
    PlannedCompetency,
    QuestionRef,
    Section,
    Stop,
    planned_stops,
)
from tui_interview.domain.star import CORE_STAR, star_of, star_parts_of
from tui_interview.domain.timeutil import format_elapsed
from tui_interview.errors import TuiInterviewError
from tui_interview.export.markdown import escape_inline


@dataclass(frozen=True)
class GuideChoice:
    competency: Competency
    target_level: int
    #: The questions in the plan's order (a plan file's); None: the target
    #: level's questions, in the content's order.
    question_ids: tuple[str, ...] | None = None

    def questions(self) -> list[Question]:
        if self.question_ids is None:
            return list(self.competency.level(self.target_level).questions)
        return [self.competency.question(qid) for qid in self.question_ids]


#: A blank to write on, in Markdown (the underscores escaped: never emphasis).
BLANK = "\\_" * 30
#: The header fields of a paper copy.
HEADER_FIELDS = ("Candidate", "Role", "Interviewer", "Date")
#: Said after a behaviour whose text is cut off in the source.
CUT_OFF_MARK = "*[cut off in the source]*"


class GuideError(TuiInterviewError, ValueError):
    """A guide that cannot be written: the message is for the user."""


def check_choices(choices: Sequence[GuideChoice]) -> None:
    """Each competency once, at a level it has, with questions at that level."""
    seen: set[str] = set()
    for choice in choices:
        competency = choice.competency
        if competency.id in seen:
            raise GuideError(f"{competency.id} is given twice.")
        seen.add(competency.id)
        if not competency.has_level(choice.target_level):
            levels = ", ".join(str(n) for n in competency.level_numbers)
            raise GuideError(f"{competency.id} has levels {levels}; not {choice.target_level}.")
        if not choice.questions():
            raise GuideError(f"{competency.id} has no questions at level {choice.target_level}.")


def render_guide(
    choices: Sequence[GuideChoice],
    *,
    budget_minutes: int | None = None,
    shares: dict[Stop, int] | None = None,
) -> str:
    """The guide's Markdown; the questions are each choice's, in order.
    ``shares``: the plan's own time split (seconds per stop), else the budget
    is split as the interview would split it."""
    check_choices(choices)
    planned = [(choice, question) for choice in choices for question in choice.questions()]
    # The interview's own split (``pacing.split_budget`` over the stops,
    # sections included), so the guide plans the time the interview paces by.
    stops = planned_stops(
        [
            PlannedCompetency(
                c.competency.id,
                c.target_level,
                [q.id for q in c.questions()],
            )
            for c in choices
        ]
    )
    if shares is None and budget_minutes:
        shares = split_budget(stops, budget_minutes)
    starts: dict[Stop, float] = {}
    if shares is not None:
        clock = 0
        for stop in stops:
            starts[stop] = clock
            clock += shares[stop]
    questions = [stop for stop in stops if isinstance(stop, QuestionRef)]
    lines = ["# Interview guide", ""]
    lines += [f"{name}: {BLANK}  " for name in HEADER_FIELDS]
    lines.append("")
    for choice in choices:
        label = choice.competency.level(choice.target_level).label
        lines.append(f"- {escape_inline(choice.competency.name)}: target {escape_inline(label)}")
    if budget_minutes and shares is not None:
        each = {shares[q] for q in questions}
        per = _duration(min(each)) if len(each) == 1 else f"about {_duration(min(each))}"
        if len(each) == 1:
            lines.append(f"- Time budget: {budget_minutes} min, {per} per question and section")
        else:
            lines.append(f"- Time budget: {budget_minutes} min, split as the plan says (below)")
    number = 0
    for choice in choices:
        competency = choice.competency
        lines += ["", f"## {escape_inline(competency.name)}", ""]
        if competency.description:
            lines += [escape_inline(competency.description), ""]
        lines += ["### Questions", ""]
        for question in choice.questions():
            number += 1
            ref = questions[number - 1]
            start = starts.get(ref)
            share = shares[ref] if shares is not None else None
            lines += _question(number, question, start, share)
        lines += _behaviours(competency, choice.target_level)
        lines += _anchors(competency, choice.target_level)
    if shares is not None:
        lines += _time_plan(stops, planned, shares, starts)
    return "\n".join(lines).rstrip("\n") + "\n"


def _question(
    number: int, question: Question, start: float | None, share: float | None
) -> list[str]:
    timing = ""
    if start is not None and share is not None:
        timing = f" [{format_elapsed(start)}–{format_elapsed(start + share)}]"
    lines = [f"{number}. **{escape_inline(question.text)}**{timing}", "", f"   {BLANK}", ""]
    for probe in question.probes:
        part = star_of(probe)
        tag = f" *({part})*" if part is not None else ""
        lines += [f"   - {escape_inline(probe.text)}{tag}", "", f"     {BLANK}", ""]
    covered = star_parts_of(question.probes)
    missing = [str(tag) for tag in CORE_STAR if tag not in covered]
    if missing:
        lines += [f"   Listen for, or ask about: {', '.join(missing)}.", ""]
    return lines


def _behaviours(competency: Competency, target: int) -> list[str]:
    lines = ["### Behaviours to listen for", ""]
    level = competency.level(target)
    lines += [f"{escape_inline(level.label)}:", ""]
    lines += [_behaviour(b) for b in level.behaviours] or ["- (none listed)"]
    lines.append("")
    lower = [n for n in competency.level_numbers if n < target]
    if lower:
        contiguous = lower == list(range(lower[0], lower[-1] + 1))
        names = f"{lower[0]}–{lower[-1]}" if contiguous else ", ".join(str(n) for n in lower)
        lines += [
            f"Levels {names} are implied when level {target} is met (levels are cumulative)."
            if len(lower) > 1
            else f"Level {names} is implied when level {target} is met (levels are cumulative).",
            "",
        ]
    above = [n for n in competency.level_numbers if n > target]
    if above:
        higher = competency.level(above[0])
        lines += [f"Beyond the target, {escape_inline(higher.label)}:", ""]
        lines += [_behaviour(b) for b in higher.behaviours] or ["- (none listed)"]
        lines.append("")
    return lines


def cut_off(behaviour: Behaviour) -> bool:
    """The content says the behaviour's text is cut off in the source."""
    return behaviour.author_note is not None and "cut off" in behaviour.author_note.casefold()


def _behaviour(behaviour: Behaviour) -> str:
    mark = f" {CUT_OFF_MARK}" if cut_off(behaviour) else ""
    return f"- {escape_inline(behaviour.text)}{mark}"


def _anchors(competency: Competency, target: int) -> list[str]:
    lines = ["### Rating anchors", ""]
    for anchor in anchors(competency):
        mark = " (target)" if anchor.level == target else ""
        if anchor.summary:
            text = escape_inline(anchor.summary)
        else:
            indicators = competency.level(anchor.level).behaviours
            text = "no summary; its indicators: " + (
                "; ".join(escape_inline(b.text) for b in indicators) or "none"
            )
        lines.append(f"- **{anchor.level}** {escape_inline(anchor.label)}{mark}: {text}")
    lines.append("")
    return lines


def _time_plan(
    stops: list[Stop],
    planned: list[tuple[GuideChoice, Question]],
    shares: dict[Stop, int],
    starts: dict[Stop, float],
) -> list[str]:
    lines = [
        "## Time plan",
        "",
        "| # | starts | ends | competency | question |",
        "|---|---|---|---|---|",
    ]
    questions = iter(enumerate(planned, start=1))
    for stop in stops:
        start, end = starts[stop], starts[stop] + shares[stop]
        if isinstance(stop, Section):
            number, where, what = "", "", stop.label
        else:
            n, (choice, question) = next(questions)
            number, where, what = str(n), choice.competency.name, question.text
        lines.append(
            f"| {number} | {format_elapsed(start)} | {format_elapsed(end)} "
            f"| {_cell(where)} | {_cell(what)} |"
        )
    lines.append("")
    return lines


def _cell(text: str) -> str:
    """A table cell: ``escape_inline`` already escapes ``|``."""
    return escape_inline(text)


def _duration(seconds: float | None) -> str:
    return format_elapsed(seconds or 0)
