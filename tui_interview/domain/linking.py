"""Which behaviours a note most likely shows: offline lexical ranking.

Linking a note to the behaviour it is evidence for should cost one key, so the
link dialog opens on the behaviour whose wording best matches the note. The
match is BM25 (k1 = 1.2, b = 0.75) over the competency's own behaviour texts,
with a small suffix-stripping stemmer and a stop-word list; no model, no
network, no data beyond the profile. A behaviour of another level than the
target counts 85 % of its score; ties go to the behaviour nearest the target
level, then to profile order. Plain Python, no I/O.

Everyday notes rarely use the profile's words ("chaired the CAB" for
"Facilitates ... change management"), so each behaviour is also matched on
its ``look_for`` phrases from the content, and the note's words are widened
with the field vocabulary (``domain.field_words``). Measured by
``benchmarks/linking.py`` on 76 everyday notes for three profiles; its
figures are in ``benchmarks/results/linking.json``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tui_interview.domain.competency import Behaviour, Competency, Question
from tui_interview.domain.field_words import FIELD_WORDS
from tui_interview.domain.session import Session

K1 = 1.2
B = 0.75
#: Evidence is looked for at the target level: a behaviour of another level
#: needs a clearly better match to come first (its score counts 85 %).
OFF_TARGET = 0.85

#: How much a profile word the field vocabulary gives for a note's word counts
#: against the note's own words.
EXPANSION_WEIGHT = 0.6
#: How much the question's wording and its earlier notes count.
CONTEXT_WEIGHT = 0.25

_WORD = re.compile(r"[a-z0-9]+")

#: Words that say nothing about which behaviour a note shows.
STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be because been
    before being both but by can could did do does doing done during each for from
    had has have having he her here him his how i if in into is it its just me more
    most my no nor not of off on once one only or other our out over own same she
    should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who
    whom why will with would you your candidate said says told talked
    example time times lot really""".split()
)

#: Derivational endings stripped after the plural, longest first.
_SUFFIXES = (
    "ational",
    "ization",
    "isation",
    "ation",
    "ment",
    "ness",
    "ity",
    "ing",
    "ed",
    "er",
    "ly",
)
_ANALYSIS = re.compile(r"y(?:ses|sis|zed|sed|zes|ze|se)$")


def stem(word: str) -> str:
    """A small Porter-like stemmer, enough to match a note's words to a
    behaviour's: monitors, monitoring, monitored → monitor; processes,
    process → process; analyses, analysis, analyze → analys; requirements,
    requires → requir."""
    if len(word) <= 3:
        return word
    word = _ANALYSIS.sub("ys", word)
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "i"
    elif word.endswith("s") and not word.endswith(("ss", "us", "ys")):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if word.endswith("y") and len(word) > 4:
        word = word[:-1] + "i"
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The stemmed words of a text, without stop words."""
    return [stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def _field_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for word, meaning in FIELD_WORDS.items():
        key = " ".join(stem(w) for w in _WORD.findall(word))
        table[key] = table.get(key, ()) + tuple(terms(meaning))
    return table


_FIELD = _field_table()


@dataclass(frozen=True)
class Match:
    behaviour: Behaviour
    score: float


def rank_behaviours(
    competency: Competency,
    note: str,
    *,
    target_level: int | None = None,
    question: Question | None = None,
    earlier_notes: Sequence[str] = (),
    vocabulary: bool = True,
) -> list[Match]:
    """Every behaviour of the competency, best match for the note first.

    Each behaviour is matched on its text and its ``look_for`` phrases. The
    note's words are widened with the field vocabulary (``FIELD_WORDS``:
    CAB -> change management, ...) at ``EXPANSION_WEIGHT``. When the note was
    taken on a ``question``, the behaviours of that question's level come
    first on a tie and its wording counts at ``CONTEXT_WEIGHT``; the
    question's ``earlier_notes`` count at the same weight, so a fragment
    ("and then fixed it") is read with what came before it.
    """
    behaviours = competency.behaviours
    documents = [behaviour_terms(b) for b in behaviours]
    wanted = query_terms(note, vocabulary=vocabulary)
    context = [question.text] if question is not None else []
    context.extend(earlier_notes)
    for text in context:
        for term, weight in query_terms(text, vocabulary=vocabulary).items():
            wanted[term] = wanted.get(term, 0.0) + CONTEXT_WEIGHT * weight
    focus = question.level if question is not None and question.level else target_level
    scores = [
        score * (1.0 if focus is None or b.level == focus else OFF_TARGET)
        for score, b in zip(bm25(documents, wanted), behaviours, strict=True)
    ]
    order = sorted(
        range(len(behaviours)),
        key=lambda i: (
            -round(scores[i], 9),
            abs(behaviours[i].level - focus) if focus is not None else 0,
            i,
        ),
    )
    return [Match(behaviours[i], scores[i]) for i in order]


def behaviour_terms(behaviour: Behaviour) -> list[str]:
    """What a behaviour is matched on: its text and its look-for phrases."""
    found = terms(behaviour.text)
    for phrase in behaviour.look_for:
        found.extend(terms(phrase))
    return found


def query_terms(text: str, *, vocabulary: bool = True) -> dict[str, float]:
    """A note's stemmed words with their weights: its own words count 1, the
    profile words the field vocabulary gives for them ``EXPANSION_WEIGHT``."""
    wanted: dict[str, float] = {}
    for term in terms(text):
        wanted[term] = wanted.get(term, 0.0) + 1.0
    if not vocabulary:
        return wanted
    words = _WORD.findall(text.lower())
    stems = [stem(word) for word in words]
    keys = stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
    for key in keys:
        for term in _FIELD.get(key, ()):
            wanted[term] = wanted.get(term, 0.0) + EXPANSION_WEIGHT
    return wanted


def best_match(
    competency: Competency, note: str, *, target_level: int | None = None
) -> Behaviour | None:
    """The behaviour the link dialog should open on, or None when no word matches."""
    ranked = rank_behaviours(competency, note, target_level=target_level)
    if not ranked or ranked[0].score <= 0:
        return None
    return ranked[0].behaviour


def link_start(competency: Competency, note: str, *, target_level: int) -> int:
    """Where the link dialog opens, as an index into ``competency.behaviours``
    (profile order): the best match for the note, else the first behaviour of
    the target level, where evidence is looked for, else the first."""
    behaviours = competency.behaviours
    best = best_match(competency, note, target_level=target_level)
    for index, behaviour in enumerate(behaviours):
        if behaviour == best or (best is None and behaviour.level == target_level):
            return index
    return 0


def bm25(
    documents: Sequence[Sequence[str]], query: Sequence[str] | Mapping[str, float]
) -> list[float]:
    """The BM25 score of each document (a list of terms) for the query terms
    (a list, or each term with its weight)."""
    if not documents:
        return []
    count = len(documents)
    average = sum(len(d) for d in documents) / count or 1.0
    frequency = Counter(term for d in documents for term in set(d))
    wanted: Mapping[str, float] = query if isinstance(query, Mapping) else Counter(query)
    scores = []
    for document in documents:
        counts = Counter(document)
        score = 0.0
        for term, times in wanted.items():
            tf = counts.get(term, 0)
            if not tf:
                continue
            idf = math.log(1 + (count - frequency[term] + 0.5) / (frequency[term] + 0.5))
            norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(document) / average))
            score += times * idf * norm
        scores.append(score)
    return scores


def link_suggestions(session: Session, note_id: str) -> list[Behaviour]:
    """Every behaviour of the note's competency, best first, as the link dialog
    lists them: ranked for the note at the target level, read with the
    question it was taken on and that question's earlier notes (not deleted,
    oldest first). Empty for a note of a section or of a question with no
    competency."""
    note = session.note(note_id)
    ref = note.question
    if ref is None or not ref.competency_id:
        return []
    competency = session.competency(ref.competency_id)
    earlier = [
        other.text
        for other in session.notes_for(ref)
        if other.id != note.id and other.created_at <= note.created_at
    ]
    ranked = rank_behaviours(
        competency,
        note.text,
        target_level=session.planned(ref.competency_id).target_level,
        question=session.question(ref),
        earlier_notes=earlier,
    )
    return [match.behaviour for match in ranked]
