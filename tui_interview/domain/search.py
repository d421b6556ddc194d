"""Finding text in notes: in the current interview, and across interviews.

Matching ignores case and accents: ``fold`` turns text into the form compared
(Unicode compatibility decomposition, combining marks dropped, case folded),
so "resume" finds "Résumé" and "STRASSE" finds "Straße".

- ``find_in_notes``: every place a phrase occurs in an interview's notes, in
  interview order (stop by stop, oldest note first), with positions in the
  note's own text, for the screen to jump to and highlight.
- ``search_words`` and ``matches``: the home screen's search, where every word
  of the query must occur somewhere in what was said (in any order).
- ``session_search_text``: what the store keeps per session for that search.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tui_interview.domain.session import Session, Stop

__all__ = [
    "NoteMatch",
    "find_in_notes",
    "fold",
    "matches",
    "said_snippet",
    "search_words",
    "session_search_text",
]


def fold(text: str) -> str:
    """``text`` as compared by searches: no case, no accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.casefold()
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def _fold_with_positions(text: str) -> tuple[str, list[int] | range]:
    """The folded text, and for each of its characters the index of the
    character of ``text`` it came from."""
    if text.isascii():  # the usual case: one folded character per character
        return text.casefold(), range(len(text))
    pieces = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        positions += [index] * len(folded)
    return "".join(pieces), positions


@dataclass(frozen=True)
class NoteMatch:
    """One place the query occurs: ``note.text[start:end]``."""

    note_id: str
    #: The question or section the note belongs to.
    stop: Stop
    start: int
    end: int


def find_in_notes(session: Session, query: str) -> list[NoteMatch]:
    """Where ``query`` (a phrase; case and accents ignored, spaces at its ends
    dropped) occurs in the session's notes that are not deleted, in interview
    order: stop by stop as in ``Session.stops``, oldest note first, left to
    right. Empty for an empty query."""
    needle = fold(query.strip())
    if not needle:
        return []
    order = {stop: position for position, stop in enumerate(session.stops)}
    notes = sorted(
        session.active_notes, key=lambda note: order.get(note.stop, len(order))
    )  # sorted() is stable: oldest first within a stop
    found = []
    for note in notes:
        if needle not in fold(note.text):
            continue
        folded, positions = _fold_with_positions(note.text)
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            found.append(NoteMatch(note.id, note.stop, positions[start], positions[end - 1] + 1))
            start = folded.find(needle, end)
    return found


def search_words(query: str) -> list[str]:
    """The folded words of a query, each of which must match."""
    return fold(query).split()


def matches(folded_text: str, words: list[str]) -> bool:
    """Whether every word occurs in ``folded_text`` (already folded)."""
    return all(word in folded_text for word in words)


def session_search_text(session: Session) -> str:
    """The folded text of what was said in an interview, as the store keeps it
    for the home screen's search: the notes that are not deleted and the
    questions added during it, one per line."""
    texts = [note.text for note in session.active_notes]
    texts += [added.text for added in session.added_questions]
    return fold("\n".join(texts))


def said_snippet(said: str, words: list[str], width: int = 60) -> str:
    """Where the first of ``words`` that occurs in ``said`` (folded text, one
    note per line, as ``session_search_text`` makes it) occurs: that line, cut
    to about ``width`` characters around the word (``…`` marks a cut). Empty
    when no word occurs."""
    for word in words:
        at = said.find(word)
        if at == -1:
            continue
        start = said.rfind("\n", 0, at) + 1
        end = said.find("\n", at)
        line = said[start : end if end != -1 else len(said)]
        at -= start
        if len(line) <= width:
            return line
        begin = max(0, min(at - width // 3, len(line) - width))
        piece = line[begin : begin + width]
        return ("…" if begin else "") + piece + ("…" if begin + width < len(line) else "")
    return ""
