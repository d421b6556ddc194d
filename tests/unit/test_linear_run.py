"""Linear mode's runner on lines in and lines out (no process): every line a
note saved at once with its time, the commands acting through the same
Interview as the TUI, and nothing said that a terminal could obey."""

from conftest import plan_shipped, terminal_unsafe

from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.recommendation import Verdict
from tui_interview.domain.session import Section, Status, Tag
from tui_interview.linear.run import LinearInterview


class Script:
    """Lines typed, one each read, the clock moved on ``step`` seconds
    before each; what was said is kept."""

    def __init__(self, clock, lines, step=10):
        self.clock = clock
        self.lines = list(lines)
        self.step = step
        self.said: list[str] = []

    def read_line(self):
        if not self.lines:
            return None
        self.clock.advance(self.step)
        return self.lines.pop(0)


def run(clock, lines, *, session=None, present=None, saves=None):
    session = session or plan_shipped(clock(), 2, session_id="lin-1")
    saved = saves if saves is not None else []
    interview = Interview(Unstored(session, saved.append), now=clock)
    script = Script(clock, lines)
    linear = LinearInterview(interview, say=script.said.append, read_line=script.read_line)
    linear.open(present)
    linear.run()
    return session, script.said, saved


def test_a_whole_interview_from_lines(clock):
    session, said, saved = run(
        clock,
        [
            "/prev",  # from question 1 back to the opening
            "Thanked her for coming",
            "/next",
            "/tick 1",
            "We had 400 open incidents",
            "/link 5",
            "/tag a",
            "//etc was a mess",
            "/pause",
            "/rate",
            "2",
            "Facilitated change management",
            "/decide",
            "3",
            "Solid at level 2",
            "Calm under pressure",
            "",
            "/finish",
            "yes",
            "/quit",
            "never read",
        ],
    )
    assert session.status is Status.FINISHED
    opening, incidents, slash = session.notes
    assert opening.section is Section.OPENING and opening.text == "Thanked her for coming"
    assert incidents.question == session.plan[0]
    # the probe's STAR part (cheap STAR evidence), then the action tag and the link
    assert incidents.tags == (Tag.SITUATION, Tag.ACTION)
    competency = session.competency(session.plan[0].competency_id)
    assert incidents.behaviours == (competency.behaviours[4].id,)
    assert slash.text == "/etc was a mess"
    # each note has its time on the clock: 10 s a line, the clock started at open
    assert opening.elapsed_seconds == 20 and incidents.elapsed_seconds == 50
    assert session.current_rating(competency.id).level == 2
    assert session.recommendations[-1].value is Verdict.YES
    assert session.recommendations[-1].strengths == "Calm under pressure"
    assert not session.clock.running
    assert "never read" not in " ".join(n.text for n in session.notes)
    assert len(saved) >= 12  # every change saved as it came
    assert any(line.startswith("Question 1 of ") for line in said)
    assert any(line.startswith("Probe 1: ") for line in said)
    assert "Probe 1 ticked: What was the situation?" in said
    assert any(line.startswith("Level 0, No evidence: ") for line in said)  # anchors
    assert any(line.startswith("Level 2: Applies the competency") for line in said)
    assert "The interview is finished; its clock is stopped. Notes can still be added." in said


def test_ratings_are_not_read_out_while_the_candidate_may_hear(clock):
    session, said, _ = run(clock, ["/rate", "/decide", "/present", "/rate 1", ""], present=True)
    assert session.candidate_present is False
    hidden = [line for line in said if line.startswith("Ratings and the recommendation are hidden")]
    assert len(hidden) == 2
    assert any(line.startswith("Suggested: ") for line in said)  # after /present
    assert session.ratings == []  # the empty line cancelled


def test_a_note_while_the_clock_is_paused_is_said_to_be_timed_so(clock):
    session, said, _ = run(clock, ["/pause", "after the pause"])
    assert session.notes[0].elapsed_seconds == 10
    assert any("The clock is paused: this note is timed 00:10" in line for line in said)


def test_a_probe_tag_is_kept_on_the_first_press_as_in_the_tui(clock):
    session, said, _ = run(clock, ["/tick", "answer", "/tag s", "/tag s"])
    assert any("already has situation from the probe" in line for line in said)
    assert Tag.SITUATION not in session.notes[0].tags


def test_a_clock_left_running_is_stopped_at_the_last_save(clock):
    session = plan_shipped(clock(), 2, session_id="lin-2")
    interview = Interview(Unstored(session), now=clock)
    interview.start()
    clock.advance(300)
    interview.record_note("before the crash")
    clock.advance(3600)  # nobody was interviewing
    _, said, _ = run(clock, [], session=session)
    assert any("did not close normally" in line and "05:00" in line for line in said)
    assert session.clock.accumulated_seconds == 300


def test_refusals_are_one_line_and_change_nothing(clock):
    session, said, _ = run(
        clock, ["/goto 99", "/tick 42", "/link 1", "/tag s", "/link 999", "/nonsense"]
    )
    assert session.notes == []
    assert "there is no question 99 (1–2)" in said
    assert "There is no probe 42 (this question has 4)." in said
    assert said.count("There is no note here yet.") == 3
    assert any(line.startswith("No command /nonsense") for line in said)


def test_stored_text_is_said_neutralised(clock):
    session = plan_shipped(clock(), 2, session_id="lin-3", candidate="Eve\x1b]52;c;aGk=\x07 \u202e")
    session.notes.clear()
    _, said, _ = run(clock, ["note with \x1b[31m red", "/notes"], session=session)
    assert said[0].startswith("Interview with Eve^[]52;c;aGk=^G <U+202E>")
    assert any(line.endswith("note with ^[[31m red") for line in said)
    assert not terminal_unsafe("\n".join(said))


def test_a_flagged_note_is_said_only_when_no_candidate_may_hear(clock):
    from tui_interview.content.hygiene import load_word_list

    words = load_word_list(language="en")
    for present, said_so in ((False, True), (True, False)):
        session = plan_shipped(clock(), 2, session_id=f"lin-h{present}")
        session.candidate_present = present
        script = Script(clock, ["Seemed nervous, not a culture fit", "Restarted the queue"])
        interview = Interview(Unstored(session), now=clock)
        linear = LinearInterview(
            interview, say=script.said.append, read_line=script.read_line, words=words
        )
        linear.open(None)
        linear.run()
        flagged = [line for line in script.said if "check the wording" in line]
        assert bool(flagged) is said_so
        if said_so:
            assert flagged == [
                'Note 1 saved at [00:10]; check the wording: "Seemed nervous", '
                '"not a culture fit" (judgement).'
            ]
        assert [n.text for n in session.notes][0] == "Seemed nervous, not a culture fit"
