"""Running an interview with every change saved at once (planning one is
``domain.planning``).

``Interview`` is what the screens talk to: each action changes the session and
saves it through its ``SessionFile`` before returning. If the save fails, the
session is put back exactly as it was (to the ``SavedCopy``) and ``NotSaved``
is raised, the one error a failed save gives, so one handler can say so and
the screen keep what the interviewer typed.

The session object is never replaced, only changed (a rollback too restores it
in place): whoever else holds it (``storage.OpenSession.session``) reads the
same state as the interview, never a stale copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import datetime
from typing import TypeVar

from tui_interview.domain.session import (
    ChecklistEvent,
    Note,
    QuestionRef,
    Section,
    Session,
    SessionError,
    Status,
    Stop,
    Tag,
)
from tui_interview.domain.session_codec import session_from_dict, session_to_dict
from tui_interview.domain.session_file import NotSaved, SavedCopy, SessionFile, Unstored
from tui_interview.domain.timeutil import Now, system_now
from tui_interview.domain.vocabulary import STAR_TAGS

__all__ = ["Interview", "NotSaved", "SavedCopy", "SessionFile", "Unstored"]

T = TypeVar("T")


class Interview:
    """A session being run, saved after every change."""

    def __init__(self, file: SessionFile, now: Now = system_now):
        """``file.save`` writes the session durably or raises; the copy it
        returns (``SavedCopy``) is the one to roll back to, so a change
        encodes the session only once."""
        self._file = file
        self._session = file.session
        self.now = now
        self._saved: SavedCopy | None = None
        #: Why the last change was not saved (``None`` once one is).
        self.not_saved: str | None = None
        #: (note id, tag) when the interviewer pressed a STAR part the note
        #: already has from a probe: kept (``press_tag``); the next press removes it.
        self._probe_tag_kept: tuple[str, Tag] | None = None

    @property
    def session(self) -> Session:
        """The live session: always the file's, changed in place."""
        return self._session

    def _change(self, change: Callable[[Session, datetime], T]) -> T:
        # The codec's plain data is the cheapest faithful copy of a session
        # (a deepcopy costs five times as much on every save).
        session = self._session
        before = self._saved.data if self._saved is not None else session_to_dict(session)
        saving = False
        try:
            now = self.now()
            result = change(session, now)
            session.saved_at = now
            saving = True
            saved = self._file.save()
        except BaseException as error:
            restored = session_from_dict(before)
            restored.content = session.content  # immutable: keep the same objects
            for field in fields(Session):
                setattr(session, field.name, getattr(restored, field.name))
            self._saved = SavedCopy(before)
            if saving and isinstance(error, Exception):
                self.not_saved = str(error)
                raise NotSaved(str(error)) from error
            raise
        self._saved = saved
        self.not_saved = None
        return result

    # Each action below is one saved change.

    def start(self) -> None:
        self._change(lambda s, now: s.start(now))

    def pause(self) -> None:
        self._change(lambda s, now: s.pause(now))

    def resume(self) -> None:
        self._change(lambda s, now: s.resume(now))

    def toggle_clock(self) -> bool:
        """Pause a running clock or resume a stopped one; True when now running."""
        if self.session.clock.running:
            self.pause()
        else:
            self.resume()
        return self.session.clock.running

    def stop_clock_left_running(self) -> float | None:
        """A clock still running when a session is opened was left so by an
        app that did not close normally (killed, power lost): stop it at the
        session's last save (``Session.saved_at``), so the time nobody was
        interviewing is not counted. Returns the time on the interview clock
        (seconds) at which it was stopped, or None if it was not running."""
        running_since = self.session.clock.running_since
        if running_since is None:
            return None
        stopped_at = max(self.session.saved_at or running_since, running_since)
        self._change(lambda s, now: s.pause(stopped_at))
        return self.session.clock.accumulated_seconds

    def finish(self) -> None:
        self._change(lambda s, now: s.finish(now))

    def open_to_run(self, candidate_present: bool | None) -> float | None:
        """What opening a session to run it does, in the TUI and in linear
        mode alike: a planned interview starts (its clock runs), in the
        configured candidate-present mode (``candidate_present``, None: as it
        is); one whose clock was left running is stopped at its last save
        (``stop_clock_left_running``: the clock reading is returned, else None)."""
        if self.session.status is Status.PLANNED:
            self.start()
            if (
                candidate_present is not None
                and candidate_present != self.session.candidate_present
            ):
                self.set_candidate_present(candidate_present)
            return None
        return self.stop_clock_left_running()

    @property
    def paused(self) -> bool:
        """The interview is under way with its clock stopped: a note saved now
        is timed at the clock's reading, as every note until it runs again
        (the interviewer is told so)."""
        return not self.session.clock.running and self.session.status is Status.IN_PROGRESS

    def record_note(
        self,
        text: str,
        *,
        tags: Iterable[Tag] = (),
        behaviours: Iterable[str] = (),
    ) -> Note:
        """A new note at the current stop. Cheap STAR evidence: a note written
        right after a probe was ticked takes that probe's STAR part
        (``Session.star_from_probe``) unless it is given a STAR part already;
        the ordinary tag toggle takes it off again."""
        tags = tuple(tags)

        def change(s: Session, now: datetime) -> Note:
            part = s.star_from_probe(s.current_stop, now)
            given = tags
            if part is not None and not any(tag in STAR_TAGS for tag in given):
                given = (*given, part)
            note = s.record_note(text, now, tags=given, behaviours=behaviours)
            s.draft = ""
            return note

        return self._change(change)

    def edit_note(self, note_id: str, text: str) -> Note:
        return self._change(lambda s, now: s.edit_note(note_id, text, now))

    def delete_note(self, note_id: str) -> Note:
        return self._change(lambda s, now: s.delete_note(note_id, now))

    def restore_note(self, note_id: str) -> Note:
        return self._change(lambda s, now: s.restore_note(note_id))

    def toggle_note_tag(self, note_id: str, tag: Tag) -> Note:
        return self._change(lambda s, now: s.toggle_note_tag(note_id, tag))

    def press_tag(self, note_id: str, tag: Tag) -> bool:
        """The interviewer pressed ``tag`` on a note: toggled (True), except
        when the note has that STAR part from the probe ticked before it and
        this is the first press: then it is kept (False, and the caller says
        so); pressing it again removes it."""
        note = self.session.note(note_id)
        if self.session.tag_from_probe(note) == tag and self._probe_tag_kept != (note_id, tag):
            self._probe_tag_kept = (note_id, tag)
            return False
        self._probe_tag_kept = None
        self.toggle_note_tag(note_id, tag)
        return True

    def toggle_note_behaviour(self, note_id: str, behaviour_id: str) -> Note:
        return self._change(lambda s, now: s.toggle_note_behaviour(note_id, behaviour_id))

    def toggle_note_against(self, note_id: str, behaviour_id: str) -> Note:
        return self._change(lambda s, now: s.toggle_note_against(note_id, behaviour_id))

    def set_note_link(self, note_id: str, behaviour_id: str, link: str | None) -> Note:
        return self._change(lambda s, now: s.set_note_link(note_id, behaviour_id, link))

    def toggle_contradicts(self, note_id: str, other_id: str) -> Note:
        return self._change(lambda s, now: s.toggle_contradicts(note_id, other_id))

    def toggle_probe(self, ref: QuestionRef, probe_id: str) -> ChecklistEvent:
        asked = probe_id in self.session.probes_asked(ref)
        return self._change(lambda s, now: s.set_probe_asked(ref, probe_id, not asked, now))

    def toggle_behaviour(self, competency_id: str, behaviour_id: str) -> ChecklistEvent:
        observed = behaviour_id in self.session.behaviours_observed(competency_id)
        return self._change(
            lambda s, now: s.set_behaviour_observed(competency_id, behaviour_id, not observed, now)
        )

    # Moving keeps the time spent at the stop being left (``Session.time_spent``).

    def go_to(self, index: int) -> QuestionRef:
        """Go to question ``index`` (0-based, in ``Session.plan``)."""
        return self._change(lambda s, now: s.go_to(index, now))

    def next_question(self) -> QuestionRef:
        """The next question after the current stop (from the opening: the
        first question); sections are passed by."""
        index = self.session.question_after_current(1)
        if index is None:
            raise SessionError("this is the last question")
        return self.go_to(index)

    def previous_question(self) -> QuestionRef:
        index = self.session.question_after_current(-1)
        if index is None:
            raise SessionError("this is the first question")
        return self.go_to(index)

    def go_to_stop(self, index: int) -> Stop:
        """Go to stop ``index`` (0-based, in ``Session.stops``)."""
        return self._change(lambda s, now: s.go_to_stop(index, now))

    def go_to_section(self, section: Section) -> Section:
        return self._change(lambda s, now: s.go_to_section(section, now))

    def next_stop(self) -> Stop:
        """The next question or section."""
        index = self.session.current_stop_index + 1
        if index >= len(self.session.stops):
            raise SessionError("this is the last part of the interview")
        return self.go_to_stop(index)

    def previous_stop(self) -> Stop:
        index = self.session.current_stop_index - 1
        if index < 0:
            raise SessionError("this is the first part of the interview")
        return self.go_to_stop(index)

    def add_question(
        self,
        text: str,
        *,
        competency_id: str | None = None,
        level: int | None = None,
        go: bool = True,
    ) -> QuestionRef:
        """Add a question asked now, right after the current stop, marked as
        added; with ``go`` (the default) move to it. Raises SessionError for
        empty text, a competency not planned, or a level it does not have."""
        return self._change(
            lambda s, now: s.add_question(
                text, now, competency_id=competency_id, level=level, go=go
            )
        )

    def save_draft(self, text: str) -> None:
        if text != self.session.draft:
            self._change(lambda s, now: setattr(s, "draft", text))

    def set_candidate_present(self, present: bool) -> bool:
        self._change(lambda s, now: setattr(s, "candidate_present", present))
        return present

    def apply(self, change: Callable[[Session, datetime], T]) -> T:
        """Run any other session change (e.g. a rating) as one saved change."""
        return self._change(change)
