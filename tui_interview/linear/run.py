"""Linear mode: the interview as plain lines, read in and written out one at a
time (screen readers, braille displays, serial consoles, pipes).

``LinearInterview`` runs an ``Interview`` (the same domain object the TUI's
interview screen runs, so every rule and every save is the same) from lines:
``read_line`` gives the next line typed (None at the end of input), ``say``
writes one line. Every line said passes through ``visible_text``: stored text
(names, questions, notes) never reaches the terminal as control characters,
and nothing here draws, moves the cursor or colours. No Textual, no Rich.
"""

from __future__ import annotations

from collections.abc import Callable

from tui_interview.domain.curtain import evaluation_shown
from tui_interview.domain.display import visible_text
from tui_interview.domain.hygiene import WordList, flag_text, flags_shown
from tui_interview.domain.interview import Interview
from tui_interview.domain.rating import RatingError, anchors, submit_rating, suggest_level
from tui_interview.domain.recommendation import (
    VERDICT_LABELS,
    RecommendationError,
    Verdict,
    current_recommendation,
    submit_recommendation,
)
from tui_interview.domain.session import (
    Note,
    QuestionRef,
    Section,
    Session,
    SessionError,
    Status,
)
from tui_interview.domain.session_file import NotSaved
from tui_interview.domain.timeutil import clock_stamp, format_elapsed
from tui_interview.linear.commands import Command, NoteLine, Problem, help_lines, parse_line

#: Said instead of ratings while the candidate may hear them.
HIDDEN = (
    "Ratings and the recommendation are hidden while the candidate is present and "
    "the clock runs: /pause the clock, or /present to turn the mode off."
)


class LinearInterview:
    def __init__(
        self,
        interview: Interview,
        *,
        say: Callable[[str], None],
        read_line: Callable[[], str | None],
        words: WordList | None = None,
    ):
        self.interview = interview
        self._say = say
        self._read_line = read_line
        self.words = words
        self._done = False

    @property
    def session(self) -> Session:
        return self.interview.session

    def say(self, text: str) -> None:
        """One line out, neutralised (stored text included)."""
        self._say(visible_text(text))

    # -- the loop -------------------------------------------------------------------

    def open(self, candidate_present: bool | None) -> None:
        """Start or reopen the interview as the TUI does
        (``Interview.open_to_run``), then read out where it is."""
        stopped_at = self._do(self.interview.open_to_run, candidate_present)
        session = self.session
        self.say(
            f"Interview with {session.candidate}"
            + (f" for {session.role}" if session.role else "")
            + f", {len(session.plan)} questions. /help lists the commands."
        )
        if stopped_at is not None:
            self.say(
                "The app did not close normally last time: the clock was paused at "
                f"{format_elapsed(stopped_at)} (the last save). /pause starts it again."
            )
        elif session.status is Status.IN_PROGRESS and not session.clock.running:
            self.say(f"The clock is paused at {self._clock()}. /pause starts it again.")
        elif session.status is Status.FINISHED:
            self.say("This interview is finished; notes can still be added.")
        if session.candidate_present:
            self.say("Candidate-present mode is on.")
        self.read_stop()

    def run(self) -> None:
        """Read lines until /quit or the end of input, then leave."""
        try:
            while not self._done:
                line = self._read_line()
                if line is None:
                    break
                self.handle(line)
        finally:
            self.leave()

    def handle(self, line: str) -> None:
        parsed = parse_line(line)
        if parsed is None:
            return
        if isinstance(parsed, Problem):
            self.say(parsed.message)
        elif isinstance(parsed, NoteLine):
            self.note(parsed.text)
        else:
            self.command(parsed)

    def leave(self) -> None:
        """Stop the clock (as leaving the TUI's interview does); once."""
        if self.session.clock.running:
            if self._do(self.interview.pause) is not None:
                self.say(f"Clock paused at {self._clock()}. Saved; goodbye.")
                return
        self.say("Saved; goodbye.")

    def _do(self, change, /, *args, **kwargs):
        """One saved change; a refusal or a failed save is said in one line
        (nothing changed), and None is returned."""
        try:
            return change(*args, **kwargs)
        except (SessionError, RatingError, RecommendationError) as error:
            self.say(str(error))
        except NotSaved as error:  # the one error of a change not saved
            self.say(f"Not saved: {error}")
        return None

    def _clock(self) -> str:
        return format_elapsed(self.session.elapsed(self.interview.now()))

    # -- notes ----------------------------------------------------------------------

    def note(self, text: str) -> None:
        note = self._do(self.interview.record_note, text)
        if note is None:
            return
        line = f"Note {self._note_number(note)} saved at {clock_stamp(note.elapsed_seconds)}"
        if note.star_parts:
            line += f", tagged {', '.join(note.star_parts)} from the probe"
        # The quiet mark of the notes pane, said only when no candidate may hear it.
        if self.words is not None and flags_shown(self.session):
            flag = flag_text(note.text, self.words)
            if flag:
                line += f"; check the wording: {flag.describe(self.words)}"
        self.say(line + ".")
        if self.interview.paused:
            self.say(
                f"The clock is paused: this note is timed {self._clock()}, as every note "
                "until /pause starts the clock again."
            )

    def _note_number(self, note: Note) -> int:
        """The note's place among the current stop's notes, from 1."""
        notes = self.session.notes_for(note.stop)
        return notes.index(note) + 1 if note in notes else len(notes)

    def _last_note(self) -> Note | None:
        notes = self.session.notes_for(self.session.current_stop)
        if not notes:
            self.say("There is no note here yet.")
            return None
        return notes[-1]

    # -- reading out ---------------------------------------------------------------

    def read_stop(self) -> None:
        """The current question and its probes, or the section."""
        session = self.session
        stop = session.current_stop
        if stop is None:
            self.say("This interview has no questions.")
            return
        if isinstance(stop, Section):
            self.say(f"Section: {stop.label}. Notes here belong to no question.")
            return
        question = session.question(stop)
        number = session.question_number(stop)
        about = (
            session.competency(stop.competency_id).name if stop.competency_id else "no competency"
        )
        level = f", level {question.level}" if question.level else ""
        added = ", added" if session.is_added(stop) else ""
        self.say(
            f"Question {number} of {len(session.plan)} ({about}{level}{added}): {question.text}"
        )
        asked = session.probes_asked(stop)
        for position, probe in enumerate(question.probes, start=1):
            mark = " (ticked)" if probe.id in asked else ""
            self.say(f"Probe {position}{mark}: {probe.text}")
        if not question.probes:
            self.say("No probing questions.")

    def status(self) -> None:
        session = self.session
        stop = session.current_stop
        where = (
            stop.label
            if isinstance(stop, Section)
            else f"question {session.question_number(stop)} of {len(session.plan)}"
            if stop is not None
            else "nowhere"
        )
        clock = "running" if session.clock.running else "paused"
        budget = f" of {session.time_budget_minutes} min" if session.time_budget_minutes else ""
        present = "on" if session.candidate_present else "off"
        self.say(
            f"At {where}; clock {self._clock()}{budget}, {clock}; {session.status}; "
            f"{len(session.active_notes)} notes; candidate-present mode {present}."
        )

    def behaviours(self, every: bool = False) -> None:
        """The competency's behaviours up to the target level (as the TUI's
        checklist shows them), or all; numbered in the competency's order,
        the numbers ``/link`` takes."""
        ref = self._question_with_competency()
        if ref is None:
            return
        competency = self.session.competency(ref.competency_id)
        target = self.session.planned(ref.competency_id).target_level
        observed = self.session.observed_behaviour_ids(ref.competency_id)
        self.say(f"{competency.name}, target level {target}:")
        for position, behaviour in enumerate(competency.behaviours, start=1):
            if not every and behaviour.level > target:
                continue
            mark = " (observed)" if behaviour.id in observed else ""
            self.say(f"Behaviour {position}, level {behaviour.level}{mark}: {behaviour.text}")
        if not every and max(competency.level_numbers, default=0) > target:
            self.say("/behaviours all lists the higher levels too.")

    def notes(self) -> None:
        """The current stop's notes, numbered as when they were saved."""
        session = self.session
        notes = session.notes_for(session.current_stop)
        if not notes:
            self.say("No notes here yet.")
            return
        stop = session.current_stop
        numbers = (
            {
                b.id: n
                for n, b in enumerate(session.competency(stop.competency_id).behaviours, start=1)
            }
            if isinstance(stop, QuestionRef) and stop.competency_id
            else {}
        )
        for position, note in enumerate(notes, start=1):
            about = [str(tag) for tag in note.tags]
            if note.behaviours:
                linked = ", ".join(str(numbers.get(b, b)) for b in note.behaviours)
                about.append(f"evidence for behaviour {linked}")
            extra = f" ({'; '.join(about)})" if about else ""
            self.say(f"Note {position} {clock_stamp(note.elapsed_seconds)}{extra}: {note.text}")

    def _question_with_competency(self) -> QuestionRef | None:
        stop = self.session.current_stop
        if not isinstance(stop, QuestionRef):
            self.say("A section has no behaviours or probes.")
            return None
        if not stop.competency_id:
            self.say("This added question has no competency: its notes link no behaviours.")
            return None
        return stop

    # -- commands -------------------------------------------------------------------

    def command(self, command: Command) -> None:
        handler = getattr(self, f"_command_{command.name}")
        handler(command)

    def _command_help(self, _: Command) -> None:
        for line in help_lines():
            self.say(line)

    def _moved(self, moved: object) -> None:
        if moved is not None:
            self.read_stop()

    def _command_next(self, _: Command) -> None:
        self._moved(self._do(self.interview.next_stop))

    def _command_prev(self, _: Command) -> None:
        self._moved(self._do(self.interview.previous_stop))

    def _command_goto(self, command: Command) -> None:
        assert command.number is not None
        self._moved(self._do(self.interview.go_to, command.number - 1))

    def _command_probes(self, _: Command) -> None:
        self.read_stop()

    def _command_status(self, _: Command) -> None:
        self.status()

    def _command_behaviours(self, command: Command) -> None:
        self.behaviours(command.every)

    def _command_notes(self, _: Command) -> None:
        self.notes()

    def _command_tick(self, command: Command) -> None:
        stop = self.session.current_stop
        if not isinstance(stop, QuestionRef):
            self.say("A section has no probing questions.")
            return
        probes = self.session.question(stop).probes
        if command.number is None:
            probe = self.session.next_probe_not_asked(stop)
            if probe is None:
                self.say("Every probing question of this question is ticked.")
                return
        elif command.number > len(probes):
            self.say(f"There is no probe {command.number} (this question has {len(probes)}).")
            return
        else:
            probe = probes[command.number - 1]
        event = self._do(self.interview.toggle_probe, stop, probe.id)
        if event is not None:
            done = "ticked" if event.checked else "un-ticked"
            self.say(f"Probe {probes.index(probe) + 1} {done}: {probe.text}")

    def _command_link(self, command: Command) -> None:
        ref = self._question_with_competency()
        if ref is None:
            return
        note = self._last_note()
        if note is None:
            return
        behaviours = self.session.competency(ref.competency_id).behaviours
        assert command.number is not None
        if command.number > len(behaviours):
            self.say(f"There is no behaviour {command.number} (1–{len(behaviours)}; /behaviours).")
            return
        behaviour = behaviours[command.number - 1]
        changed = self._do(self.interview.toggle_note_behaviour, note.id, behaviour.id)
        if changed is not None:
            linked = behaviour.id in changed.behaviours
            what = "is evidence for" if linked else "is no longer linked to"
            self.say(
                f"Note {self._note_number(changed)} {what} behaviour {command.number}: "
                f"{behaviour.text}"
            )

    def _command_tag(self, command: Command) -> None:
        note = self._last_note()
        if note is None or command.tag is None:
            return
        toggled = self._do(self.interview.press_tag, note.id, command.tag)
        if toggled is False:
            self.say(f"The note already has {command.tag} from the probe; again to remove it.")
        elif toggled:
            tags = ", ".join(self.session.note(note.id).tags) or "none"
            self.say(f"Note {self._note_number(note)} tags: {tags}.")

    def _command_pause(self, _: Command) -> None:
        if self.session.status is Status.FINISHED:
            self.say("The interview is finished; its clock is stopped.")
            return
        running = self._do(self.interview.toggle_clock)
        if running is not None:
            self.say(f"Clock {'running' if running else 'paused'} at {self._clock()}.")

    def _command_present(self, _: Command) -> None:
        present = self._do(self.interview.set_candidate_present, not self.session.candidate_present)
        if present is not None:
            self.say(
                "Candidate-present mode on: ratings are hidden while the clock runs."
                if present
                else "Candidate-present mode off."
            )

    def _command_quit(self, _: Command) -> None:
        self._done = True

    # -- the dialogues: rate, decide, finish ------------------------------------------

    def _ask(self, prompt: str) -> str | None:
        """A question, then the next line as its answer (None: the input ended
        or an empty line: cancelled)."""
        self.say(prompt)
        line = self._read_line()
        if line is None:
            self._done = True
            return None
        return line.strip() or None

    def _command_rate(self, command: Command) -> None:
        session = self.session
        if not evaluation_shown(session):
            self.say(HIDDEN)
            return
        planned = session.competencies
        if command.number is None and len(planned) > 1:
            for position, item in enumerate(planned, start=1):
                rating = session.current_rating(item.competency_id)
                rated = f", rated {rating.level}" if rating else ", not rated"
                name = session.competency(item.competency_id).name
                self.say(f"Competency {position}: {name}{rated}. /rate {position} rates it.")
            return
        number = command.number or 1
        if number > len(planned):
            self.say(f"There is no competency {number} (1–{len(planned)}).")
            return
        competency_id = planned[number - 1].competency_id
        competency = session.competency(competency_id)
        self.say(f"Rating {competency.name}, target level {planned[number - 1].target_level}.")
        for anchor in anchors(competency):
            label = "" if anchor.label == f"Level {anchor.level}" else f", {anchor.label}"
            self.say(f"Level {anchor.level}{label}: {anchor.summary}")
        self.say(f"Suggested: {suggest_level(session, competency_id).text}")
        current = session.current_rating(competency_id)
        if current is not None:
            self.say(f"Now rated {current.level}, locked, revision {current.revision}.")
        levels = ", ".join(str(a.level) for a in anchors(competency))
        level_text = self._ask(f"Level ({levels})? An empty line cancels.")
        if level_text is None:
            self.say("Not rated.")
            return
        if not level_text.isdigit():
            self.say(f"The level is one of {levels}; not rated.")
            return
        rationale = self._ask("Rationale: what evidence does it rest on?")
        if rationale is None:
            self.say("Not rated.")
            return
        reason = None
        if current is not None:
            reason = self._ask("Reason for the change?")
            if reason is None:
                self.say("Not rated.")
                return
        level = int(level_text)
        rating = self._do(
            self.interview.apply,
            lambda s, now: submit_rating(s, competency_id, level, rationale, now, reason=reason),
        )
        if rating is not None:
            self.say(
                f"{competency.name} rated {rating.level}, locked (revision {rating.revision})."
            )

    def _command_decide(self, _: Command) -> None:
        if not evaluation_shown(self.session):
            self.say(HIDDEN)
            return
        current = current_recommendation(self.session)
        if current is not None:
            self.say(f"Now: {current.value.label}, locked, revision {current.revision}.")
        verdicts = list(Verdict)
        choices = ", ".join(f"{n} {VERDICT_LABELS[v]}" for n, v in enumerate(verdicts, start=1))
        answer = self._ask(f"Recommendation: {choices}? An empty line cancels.")
        if answer is None or not answer.isdigit() or not 1 <= int(answer) <= len(verdicts):
            self.say("No recommendation made.")
            return
        verdict = verdicts[int(answer) - 1]
        rationale = self._ask("Rationale?")
        if rationale is None:
            self.say("No recommendation made.")
            return
        strengths = self._ask("Strengths (an empty line: none)?") or ""
        if self._done:
            return
        concerns = self._ask("Concerns (an empty line: none)?") or ""
        if self._done:
            return
        reason = None
        if current is not None:
            reason = self._ask("Reason for the change?")
            if reason is None:
                self.say("No recommendation made.")
                return
        made = self._do(
            self.interview.apply,
            lambda s, now: submit_recommendation(
                s, verdict, rationale, now, strengths=strengths, concerns=concerns, reason=reason
            ),
        )
        if made is not None:
            self.say(f"Recommendation: {made.value.label}, locked (revision {made.revision}).")

    def _command_finish(self, _: Command) -> None:
        session = self.session
        if session.status is Status.FINISHED:
            self.say("This interview is already marked finished.")
            return
        numbers = session.question_numbers()
        missing = session.questions_not_covered()
        self.say(
            f"{len(missing)} questions not asked"
            + (f": {', '.join(str(numbers[ref]) for ref in missing)}" if missing else "")
            + f"; {len(session.probes_not_asked())} probing questions not asked."
        )
        unrated = [
            session.competency(p.competency_id).name
            for p in session.competencies
            if session.current_rating(p.competency_id) is None
        ]
        if unrated:
            self.say(f"Not rated yet: {', '.join(unrated)}.")
        answer = self._ask("Mark the interview finished? yes or no.")
        if answer is None or answer.lower() not in ("y", "yes"):
            self.say("Not finished.")
            return
        self._do(self.interview.finish)
        if self.session.status is Status.FINISHED:
            self.say("The interview is finished; its clock is stopped. Notes can still be added.")
