"""Which STAR part (situation, task, action, result) a probing question asks about.

A probe may name its part in the content (``star: result``); otherwise, and
when the text importer fills it in, the part is read from the wording here.
Plain Python, no I/O.

The reading is a list of rules, tried in order, each a set of phrases matched
case-insensitively at the start of a word:

1. *situation, when it says so*: "what was the situation", "led to", "come about";
2. *result*: outcome, result, findings, impact, effect, what happened, lessons,
   feedback received, success, satisfied, "how do you know", "helped";
3. *task*: role, responsibilities, "need to", "had to", required, expected of
   you, the work you were doing, your part or participation;
4. *action*, strong cues: "what did you do", "how did you …", steps, approach,
   actions you took, contributions, resolved, overcame, followed up;
5. *situation*: situation, context, background, project, issue, problem,
   concern, challenges, difficulties, audience, the client's need, "why";
6. *action*, weak cues: "did you …" (used, consulted, offered), "how was …";
7. the question word: "how …" is action; "what/which/who/why/where/when/describe …" is situation.

So "What did you need to accomplish?" is the task (3) though "did you" is an
action cue (6), and "How did you measure your success?" is the result (2)
though "how did you" is an action cue (4). Only text with no cue at all, not
even a question word, has no part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui_interview.domain.competency import Competency, Probe, Question
from tui_interview.domain.vocabulary import STAR_TAGS, Tag

_RULES: tuple[tuple[Tag, tuple[str, ...]], ...] = (
    (
        Tag.SITUATION,
        (
            r"(what was|describe) the (situation|context|background)",
            r"led to\b",
            r"(come|came) about\b",
        ),
    ),
    (
        Tag.RESULT,
        (
            "outcome",
            r"results?\b",
            r"end result",
            "findings",
            r"turn(ed)? out",
            r"impacts?\b",
            r"effects?\b",
            r"what happened",
            r"lessons?\b",
            r"learn(ed|t)?\b",
            r"feedback (did|was|were|from)",
            r"what feedback",
            "success",
            "satisf",
            r"how do you know",
            r"how did you know (it|that|you)",
            r"(did you|you) (accomplish|achieve)(d)?\b(?! to)",
            r"accomplished",
            r"helped\b",
            r"allow(ed)? you to",
            "benefit",
            r"difference did",
            r"improve(ment)?s? (did|were|was)",
        ),
    ),
    (
        Tag.TASK,
        (
            r"roles?\b",
            "responsib",
            r"need(ed)? to\b",
            r"needed\b",
            r"had to\b",
            r"have to\b",
            "required",
            "expected of you",
            r"asked to\b",
            r"goals?\b",
            "objective",
            r"(work|tasks?) (you were|were you) (doing|assigned)",
            r"were you (doing|performing|working on|assigned|asked)",
            r"your (part|participation|assignment|mandate|mission)",
            r"part were you",
            r"were you involved",
            r"what (the client|they|the customer|the user)s? wanted",
            r"intent\b",
            r"purpose",
        ),
    ),
    (
        Tag.ACTION,
        (
            r"what did you do\b",
            r"you did\b",
            r"how did you\b",
            r"how (would|do) you\b",
            r"steps?\b",
            "approach",
            "method",
            r"actions?\b",
            r"you took",
            "contribut",
            r"resolv",
            r"solv",
            "overc[oa]me",
            r"deal(t)? with",
            "handle",
            r"follow(ed)?[ -]up",
            r"went about",
            r"go about",
            r"what tasks did you",
            r"did you (perform|carry out|implement|decide)",
        ),
    ),
    (
        Tag.SITUATION,
        (
            "situation",
            "context",
            "background",
            r"projects?\b",
            r"issues?\b",
            "problem",
            "concern",
            "challeng",
            "difficult",
            "obstacle",
            "audience",
            r"client's (need|request)",
            r"circumstances",
            r"why\b",
            r"when was",
            r"what (type|kind)s? of",
            r"who (was|were)\b",
        ),
    ),
    (
        Tag.ACTION,
        (
            r"did you\b",
            r"how (was|were)\b",
            r"what (tools|techniques) did",
        ),
    ),
    (Tag.ACTION, (r"^\W*how\b",)),
    (
        Tag.SITUATION,
        (r"^\W*(what|which|who|whom|whose|why|where|when|describe|explain)\b",),
    ),
)

_PATTERNS = tuple(
    (tag, re.compile("|".join(rf"(?:\b{phrase})" for phrase in phrases), re.IGNORECASE))
    for tag, phrases in _RULES
)

#: The STAR parts a question's probes should reach between them.
CORE_STAR: tuple[Tag, ...] = (Tag.SITUATION, Tag.ACTION, Tag.RESULT)


def star_part_of_probe(text: str) -> Tag | None:
    """The STAR part a probing question asks about, read from its wording.

    "What was the issue?" is situation, "Describe the work you were doing for
    the client" task, "How did you …" action, "What was the impact?" result.
    ``None`` only for text with no cue at all.
    """
    for tag, pattern in _PATTERNS:
        if pattern.search(text):
            return tag
    return None


def star_of(probe: Probe) -> Tag | None:
    """A probe's STAR part: the one the content names, else the one its wording gives."""
    if probe.star is not None:
        return probe.star
    return star_part_of_probe(probe.text)


def star_parts_of(probes: Iterable[Probe]) -> tuple[Tag, ...]:
    """The STAR parts a question's probes ask about, in STAR order."""
    parts = {star_of(probe) for probe in probes}
    return tuple(tag for tag in STAR_TAGS if tag in parts)


def questions_without_star_depth(competency: Competency) -> list[Question]:
    """The questions whose probes ask about none of situation, action and result
    (a question without probes included): the interviewer's notes alone would
    have to carry its depth."""
    return [
        question
        for question in competency.questions
        if not any(part in CORE_STAR for part in star_parts_of(question.probes))
    ]
