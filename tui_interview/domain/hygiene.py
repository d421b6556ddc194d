"""Note hygiene: which words of a note an official record should not hold.

Interview notes may be disclosed (freedom-of-information law), and should say
what the candidate said, not the interviewer's judgements nor details of
protected characteristics. A ``WordList`` (loaded from a content YAML file by
``content.hygiene``) names categories of terms, each with the reason it is
there; ``flag_text`` finds them in a note.

Matching is word-aware: a term is a sequence of whole words, compared after
case and accents are folded, so "religiously followed the runbook", "aged
care" or "aging servers" match none of "religious", "aged #" or "age #". In a
term, ``#`` stands for a number ("# years old") and a word ending in ``*`` for
any word it starts ("pregnan*"). A category's ``exceptions`` are phrases
within which its terms are not flagged ("race condition").

Plain data and pure functions: nothing here changes a note; the interviewer
decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui_interview.domain.session import Note, Session

#: A word of a note: letters and digits, with inner apostrophes or hyphens.
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: The term word that stands for a number.
NUMBER = "#"
#: A term word ending in this matches any word it starts.
PREFIX = "*"


def fold(word: str) -> str:
    """A word as terms are compared: case and accents folded, ’ as '."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text``: (folded word, start, end) in the original text."""
    return [(fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def term_words(term: str) -> tuple[str, ...]:
    """A term as the words it matches (``#`` and ``word*`` kept as they are)."""
    out: list[str] = []
    for raw in term.split():
        if raw == NUMBER:
            out.append(NUMBER)
            continue
        star = raw.endswith(PREFIX)
        body = raw[:-1] if star else raw
        found = [fold(m.group()) for m in _WORD.finditer(body)]
        if len(found) != 1 or found[0] != fold(body):
            raise ValueError(f"{raw!r} is not one word, '#' or a word ending in '*'")
        out.append(found[0] + (PREFIX if star else ""))
    if not out:
        raise ValueError("a term needs at least one word")
    return tuple(out)


def _word_matches(pattern: str, word: str) -> bool:
    if pattern == NUMBER:
        return word.isdigit()
    if pattern.endswith(PREFIX):
        return word.startswith(pattern[:-1])
    return word == pattern


@dataclass(frozen=True)
class Category:
    """One kind of thing an official note should not hold."""

    id: str
    name: str
    #: Why a note should not hold it, in one or two sentences.
    reason: str
    #: Where the category comes from (ids of ``WordList.sources``).
    sources: tuple[str, ...]
    terms: tuple[str, ...]
    exceptions: tuple[str, ...] = ()
    _terms: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)
    _exceptions: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_terms", tuple(term_words(t) for t in self.terms))
        object.__setattr__(self, "_exceptions", tuple(term_words(t) for t in self.exceptions))


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str = ""


@dataclass(frozen=True)
class WordList:
    """The categories of one language."""

    language: str
    categories: tuple[Category, ...]
    sources: tuple[Source, ...] = ()
    #: The file it was read from, for messages.
    origin: str = ""

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)


@dataclass(frozen=True)
class Hit:
    """One term found in a note: its category and the words as written."""

    category: str
    words: str
    start: int
    end: int


@dataclass(frozen=True)
class Flag:
    """What a note was flagged for; empty when nothing was found."""

    hits: tuple[Hit, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.hits)

    @property
    def words(self) -> tuple[str, ...]:
        """The words found, as written, once each, in the order of the note."""
        return tuple(dict.fromkeys(hit.words for hit in self.hits))

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hit.category for hit in self.hits))

    def describe(self, words: WordList | None = None) -> str:
        """``"nervous", "52 years old" (judgement, age)``: one line."""
        names = [
            words.category(c).name.lower() if words is not None else c for c in self.categories
        ]
        quoted = ", ".join(f'"{w}"' for w in self.words)
        return f"{quoted} ({', '.join(names)})"


def _spans(
    found: Sequence[tuple[str, int, int]], patterns: Iterable[tuple[str, ...]]
) -> list[tuple[int, int]]:
    """(first word, last word + 1) of every place a pattern matches."""
    spans: list[tuple[int, int]] = []
    present = {word for word, _, _ in found}
    for pattern in patterns:
        first = pattern[0]
        if first != NUMBER and not first.endswith(PREFIX) and first not in present:
            continue  # the usual case, in one set look-up
        size = len(pattern)
        for start in range(len(found) - size + 1):
            if all(_word_matches(p, found[start + i][0]) for i, p in enumerate(pattern)):
                spans.append((start, start + size))
    return spans


def flag_text(text: str, words: WordList) -> Flag:
    """The terms of ``words`` found in ``text``. Where two found terms
    overlap, the longer is kept (one hit for "not a culture fit")."""
    found = words_of(text)
    candidates: list[tuple[int, int, str]] = []
    for category in words.categories:
        excepted = _spans(found, category._exceptions)
        for start, end in _spans(found, category._terms):
            if any(a <= start and end <= b for a, b in excepted):
                continue
            candidates.append((start, end, category.id))
    # Longest first, then leftmost: a shorter hit inside a kept one is dropped.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept: list[tuple[int, int, str]] = []
    for start, end, category_id in candidates:
        if any(start < b and a < end for a, b, _ in kept):
            continue
        kept.append((start, end, category_id))
    kept.sort()
    hits = tuple(
        Hit(cid, text[found[s][1] : found[e - 1][2]], found[s][1], found[e - 1][2])
        for s, e, cid in kept
    )
    return Flag(hits)


@dataclass(frozen=True)
class FlaggedNote:
    note: Note
    flag: Flag


def flags_shown(session: Session) -> bool:
    """Whether the flags may be on screen (or read out) now: never in
    candidate-present mode, where the candidate may see or hear them."""
    return not session.candidate_present


def flagged_notes(session: Session, words: WordList) -> list[FlaggedNote]:
    """The session's notes (not deleted) with something flagged, in time order."""
    out = []
    for note in session.notes:
        if note.deleted:
            continue
        flag = flag_text(note.text, words)
        if flag:
            out.append(FlaggedNote(note, flag))
    return out
