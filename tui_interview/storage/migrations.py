"""Bringing session files written by older versions up to date.

Every session file records the ``schema_version`` it was written with. On load,
the steps registered here run one after the other (version n to n + 1) until
the data has the current shape (``SCHEMA_VERSION`` in ``domain.vocabulary``),
and only then is it turned into a Session. The file itself is rewritten in the
new shape the next time the session is saved.

To change the stored shape: bump ``SCHEMA_VERSION``, add a function here
decorated with ``@step(old_version)``, and a test with a file of the old shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui_interview.domain.timeutil import from_iso
from tui_interview.domain.vocabulary import SCHEMA_VERSION
from tui_interview.errors import TuiInterviewError

Data = dict[str, Any]

#: from_version -> function turning data of that version into the next one.
STEPS: dict[int, Callable[[Data], Data]] = {}


class MigrationError(TuiInterviewError, ValueError):
    """The data cannot be brought up to date."""


class TooNew(MigrationError):
    def __init__(self, version: int):
        super().__init__(f"schema version {version} is newer than {SCHEMA_VERSION}")
        self.version = version


def step(from_version: int) -> Callable[[Callable[[Data], Data]], Callable[[Data], Data]]:
    def register(function: Callable[[Data], Data]) -> Callable[[Data], Data]:
        STEPS[from_version] = function
        return function

    return register


def schema_version(data: Data) -> int:
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise MigrationError(f"schema version {version!r} is not a version number")
    return version


def migrate(data: Data) -> Data:
    """Return ``data`` in the current schema (the argument may be changed).
    Raises TooNew for files from a newer version, MigrationError otherwise."""
    version = schema_version(data)
    if version > SCHEMA_VERSION:
        raise TooNew(version)
    while version < SCHEMA_VERSION:
        if version not in STEPS:
            raise MigrationError(f"no way to read schema version {version}")
        data = STEPS[version](data)
        version += 1
        data["schema_version"] = version
    return data


@step(0)
def _star_becomes_tags(data: Data) -> Data:
    """Version 0 (the prototype) marked each note with at most one STAR part in
    ``"star"``, kept no edit history and had no time budget. Version 1 has a
    list of ``tags``, a ``history`` of earlier texts and ``updated_at``."""
    data.setdefault("time_budget_minutes", None)
    data.setdefault("candidate_present", True)
    data.setdefault("draft", "")
    data.setdefault("ratings", [])
    data.setdefault("events", [])
    for note in data.get("notes", []):
        star = note.pop("star", None)
        tags = list(note.get("tags", []))
        if star and star not in tags:
            tags.insert(0, star)
        note["tags"] = tags
        note.setdefault("behaviours", [])
        note.setdefault("history", [])
        note.setdefault("updated_at", None)
        note.setdefault("deleted_at", None)
    return data


@step(1)
def _saved_at_is_stored(data: Data) -> Data:
    """Version 2 stores ``saved_at``, when the session was last saved, on the
    app's clock. Earlier files did not record it; the latest moment the session
    itself records stands in for it (never the file's modification time, which
    copies, backups and other clocks change)."""
    if data.get("saved_at") is None:
        data["saved_at"] = _latest_recorded_time(data)
    return data


def _latest_recorded_time(data: Data) -> str | None:
    """The latest of the times a session records (planned, started, finished,
    clock started, notes made, edited and deleted, ticks, ratings), as stored."""
    clock = data.get("clock") or {}
    texts: list[str | None] = [data.get(key) for key in ("created_at", "started_at", "finished_at")]
    texts.append(clock.get("running_since"))
    for note in data.get("notes") or ():
        texts += [note.get(key) for key in ("created_at", "updated_at", "deleted_at")]
    texts += [event.get("at") for event in data.get("events") or ()]
    texts += [rating.get("submitted_at") for rating in data.get("ratings") or ()]
    moments = [(from_iso(text), text) for text in texts if text is not None]
    if not moments:
        return None
    return max(moments, key=lambda pair: pair[0])[1]


@step(2)
def _sections_added_questions_and_pacing(data: Data) -> Data:
    """Version 3 has sections (a note has a ``question`` or a ``section``),
    questions added during the interview, each stop's share of the time budget
    and the time spent at each stop. Earlier files have none of these: their
    notes are all at questions, no question was added, the budget is split
    equally (``stop_budgets`` null), and the time per stop was not kept
    (``time_spent`` null) unless the interview has not started yet."""
    data.setdefault("current_section", None)
    data.setdefault("added_questions", [])
    data.setdefault("stop_budgets", None)
    clock = data.get("clock")
    accumulated = clock.get("accumulated_seconds", 0.0) if isinstance(clock, dict) else 0.0
    started = data.get("status") != "planned" or bool(accumulated)
    data.setdefault("time_spent", None if started else [])
    data.setdefault("stop_entered_seconds", accumulated)
    for note in data.get("notes") or ():
        if isinstance(note, dict):
            note.setdefault("section", None)
    return data
