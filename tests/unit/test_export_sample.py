"""A realistic interview, built through the same calls the screens make, with
a frozen clock: the sample every export test starts from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import SMP, FrozenClock

from tui_interview.domain.competency import Behaviour, Competency, Level, Probe, Question
from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.rating import submit_rating
from tui_interview.domain.session import QuestionRef, Session, Tag

ZONE = timezone(timedelta(hours=1))
START = datetime(2026, 11, 26, 14, 0, tzinfo=ZONE)
EXPORTED_AT = datetime(2026, 11, 26, 16, 30, tzinfo=ZONE)


def _question(qid: str, level: int, text: str, probes: list[str]) -> Question:
    return Question(
        qid,
        text,
        level,
        tuple(Probe(f"{qid}.p{n}", probe) for n, probe in enumerate(probes, start=1)),
    )


def service_management() -> Competency:
    return Competency(
        id="service-management-processes",
        name="Service Management Processes",
        description="Designing and applying IT service management processes.",
        source="Technical Competency Dictionary for the IT Community (sample)",
        levels=(
            Level(
                1,
                "Demonstrates introductory understanding.",
                "Introductory",
                behaviours=(
                    Behaviour("b1.1", "Explains service management processes and concepts.", 1),
                    Behaviour("b1.2", "Maintains an up to date record of configuration items.", 1),
                ),
                questions=(
                    _question(
                        "q1.1",
                        1,
                        "Describe a situation where you had to explain service management "
                        "processes and concepts.",
                        ["What was the situation?", "What was the outcome?"],
                    ),
                ),
            ),
            Level(
                2,
                "Demonstrates basic knowledge and ability.",
                "Basic",
                behaviours=(
                    Behaviour("b2.1", "Monitors service levels against agreed targets.", 2),
                    Behaviour("b2.2", "Escalates incidents that breach the service level.", 2),
                ),
                questions=(
                    _question(
                        "q2.1",
                        2,
                        "Tell me about a time a service level was at risk. What did you do?",
                        [
                            "What was your role at the time?",
                            "How did you measure your success?",
                            "Who did you escalate to?",
                        ],
                    ),
                ),
            ),
            Level(
                3,
                "Demonstrates intermediate knowledge and ability.",
                "Intermediate",
                behaviours=(Behaviour("b3.1", "Designs service management processes.", 3),),
                questions=(
                    _question("q3.1", 3, "How have you improved a process?", ["What changed?"]),
                ),
            ),
        ),
    )


def incident_handling() -> Competency:
    return Competency(
        id="incident-handling",
        name="Incident Handling",
        source="",
        levels=(
            Level(
                1,
                "Follows the incident process.",
                behaviours=(Behaviour("b1.1", "Logs incidents completely.", 1),),
                questions=(
                    _question("q1.1", 1, "Walk me through the last incident you logged.", []),
                ),
            ),
        ),
    )


Q1 = QuestionRef(SMP, "q1.1")
Q2 = QuestionRef(SMP, "q2.1")


def build_session(candidate: str = "Jane Doe") -> Session:
    """Two competencies, three questions; notes with tags, links, an edit, a
    deletion and several lines; probes and behaviours ticked (one un-ticked);
    a pause; a rating revised once; the second competency left unrated."""
    clock = FrozenClock(START)
    session = plan_session(
        session_id="k7m2qa",
        candidate=candidate,
        role="Service Delivery Manager",
        interviewer="Alex Smith",
        choices=[
            CompetencyChoice(service_management(), 2, ["q1.1", "q2.1"]),
            CompetencyChoice(incident_handling(), 1),
        ],
        now=clock(),
        time_budget_minutes=45,
    )
    interview = Interview(Unstored(session), now=clock)
    interview.start()
    clock.advance(95)
    interview.record_note(
        "Explained ITIL change management to new hires at Acme.",
        tags=[Tag.SITUATION],
        behaviours=["b1.1"],
    )
    clock.advance(20)
    interview.toggle_probe(Q1, "q1.1.p1")
    clock.advance(40)
    first = interview.record_note(
        "Ran weekly workshops.\nUsed a whiteboard & real tickets.",
        tags=[Tag.ACTION, Tag.QUOTE],
        behaviours=["b1.1"],
    )
    clock.advance(30)
    interview.edit_note(first.id, "Ran weekly workshops for 6 weeks.\nUsed real tickets.")
    clock.advance(10)
    mistake = interview.record_note("Wrong candidate's answer, ignore.")
    interview.delete_note(mistake.id)
    interview.toggle_behaviour(SMP, "b1.1")
    clock.advance(60)
    interview.pause()
    clock.advance(300)
    interview.resume()
    interview.next_question()
    clock.advance(45)
    interview.record_note(
        "Jane noticed P1 tickets breaching the 4h target; she raised it with the service owner.",
        tags=[Tag.SITUATION, Tag.ACTION, Tag.FOLLOW_UP],
        behaviours=["b2.1", "b2.2"],
    )
    interview.toggle_probe(Q2, "q2.1.p2")
    clock.advance(15)
    interview.toggle_probe(Q2, "q2.1.p3")
    clock.advance(5)
    interview.toggle_probe(Q2, "q2.1.p3")
    interview.toggle_behaviour(SMP, "b2.1")
    clock.advance(50)
    interview.record_note("Breaches fell from 12 to 3 a month.", tags=[Tag.RESULT])
    clock.advance(120)
    interview.finish()
    clock.advance(600)
    interview.apply(
        lambda s, now: submit_rating(s, SMP, 1, "Clear level 1 evidence; level 2 thin.", now)
    )
    clock.advance(60)
    interview.apply(
        lambda s, now: submit_rating(
            s,
            SMP,
            2,
            "Jane monitored service levels and escalated (note at 08:45).",
            now,
            reason="Re-read the notes: the escalation story meets level 2.",
        )
    )
    return interview.session


def test_sample_has_everything_a_transcript_shows():
    session = build_session()
    assert session.status.value == "finished"
    assert [n.deleted for n in session.notes].count(True) == 1
    assert any(n.history for n in session.notes)
    assert any("\n" in n.text for n in session.active_notes)
    assert len(session.rating_history(SMP)) == 2
    assert session.current_rating("incident-handling") is None
    assert session.clock.accumulated_seconds < (session.finished_at - session.started_at).seconds
