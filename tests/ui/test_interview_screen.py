"""The interview screen of issue 12: sections reached like questions, a
question added mid-interview, pacing in the header, go to a stop by seeing
it, behaviours that follow the question, and search in the notes."""

from __future__ import annotations

from conftest import make_session
from test_keyboard import queue, settle, typed

from tui_interview.app import InterviewApp
from tui_interview.domain.session import Section
from tui_interview.widgets.checklists_panel import ChecklistsPanel
from tui_interview.widgets.question_box import QuestionBox


async def open_interview(app_context, level=3, budget=None):
    session_id = make_session(app_context, level=level, budget=budget)
    return session_id, InterviewApp(app_context, open_session=session_id)


def box_title(app) -> str:
    return str(app.screen.query_one("#question", QuestionBox).border_title)


def box_text(app) -> str:
    return str(app.screen.query_one("#question", QuestionBox).render())


# -- §1 sections -----------------------------------------------------------------


async def test_next_and_previous_walk_the_sections_too(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        assert session.current_stop == session.plan[0]
        queue(app, "ctrl+o")
        await settle(pilot)
        assert session.current_stop is Section.OPENING
        assert box_title(app).startswith("Opening")
        assert "Welcome the candidate" in box_text(app)
        assert app.screen.query_one(ChecklistsPanel).has_class("-empty")
        # Past the last question: general remarks, the candidate's questions, closing.
        keys = ["pagedown"] * (len(session.plan) + 1)
        queue(app, *keys)
        await settle(pilot)
        assert session.current_stop is Section.GENERAL
        assert box_title(app).startswith("General remarks")
        queue(app, "ctrl+n", "ctrl+n")
        await settle(pilot)
        assert session.current_stop is Section.CLOSING
        queue(app, "ctrl+n")  # the last stop: refused, stays
        await settle(pilot)
        assert session.current_stop is Section.CLOSING
        queue(app, "pageup", "pageup", "pageup")
        await settle(pilot)
        assert session.current_stop == session.plan[-1]
        assert not app.screen.query_one(ChecklistsPanel).has_class("-empty")


async def test_a_note_in_a_section_belongs_to_it_and_its_commands_work(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, "ctrl+o", *typed("Relaxed start\r"), "ctrl+e", "f", "ctrl+e", "b")
        await settle(pilot)
        session = app.screen.session
        [note] = session.active_notes
        assert note.section is Section.OPENING and note.question is None
        assert note.follow_up
        # Linking a section's note is refused with a message, nothing breaks.
        assert note.behaviours == ()
        queue(app, "ctrl+l", "ctrl+t", "ctrl+e", "d")
        await settle(pilot)
        assert session.active_notes == []
        queue(app, "ctrl+e", "u")
        await settle(pilot)
        assert [n.text for n in session.active_notes] == ["Relaxed start"]
        assert app.screen.__class__.__name__ == "InterviewScreen"
        assert session.current_stop is Section.OPENING
        assert "Relaxed start" in str(app.screen.notes_log.get_option_at_index(0).prompt)


# -- §3 pacing in the header ---------------------------------------------------------


def status_text(app) -> str:
    return str(app.screen.query_one("#status").render())


async def test_the_header_shows_the_stop_s_time_against_its_share_and_the_pace(app_context, clock):
    from tui_interview.domain.pacing import budget_shares

    _, app = await open_interview(app_context, budget=42)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        assert budget_shares(session)[Section.OPENING] == 7 * 60  # 42 min, 6 stops
        queue(app, "ctrl+o")
        await settle(pilot)
        clock.advance(60)
        app.screen.redraw_status()
        text = status_text(app)
        assert text.startswith("⏱ 01:00 · 41:00 left │ Opening 01:00/07:00 │ on time")
        assert "⚑" not in text and "OVER" not in text
        clock.advance(276)  # 80% of the share
        app.screen.redraw_status()
        assert "Opening 05:36/07:00 ⚑ 80% │ on time" in status_text(app)
        clock.advance(264)
        app.screen.redraw_status()
        assert "Opening 10:00/07:00 ⚠ OVER 03:00 │ −03:00 behind" in status_text(app)
        queue(app, "ctrl+n")
        await settle(pilot)
        clock.advance(60)
        app.screen.redraw_status()
        assert "Q1 01:00/07:00 │ −03:00 behind" in status_text(app)
        # Moving on early banks the rest of Q1's share: ahead of the plan.
        queue(app, "ctrl+n")
        await settle(pilot)
        assert "Q2 00:00/07:00 │ +03:00 ahead" in status_text(app)


async def test_at_40_columns_the_clock_stays_and_less_urgent_parts_go(app_context, clock):
    _, app = await open_interview(app_context, budget=42)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        clock.advance(8 * 60)
        app.screen.redraw_status()
        await pilot.pause()
        text = status_text(app)
        assert text.startswith("⏱ 08:00 · 34:00 left")
        assert "⚠ OVER 01:00" in text  # the stop's own warning is kept
        assert "Ada Lovelace" not in text and "saved" not in text  # these went first
        assert len(text) <= 38


# -- §4 go to a stop by seeing it -------------------------------------------------------


def pick_rows(app) -> list[str]:
    from textual.widgets import OptionList

    options = app.screen.query_one("#pick-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_ctrl_g_lists_every_stop_and_typing_filters_it(app_context, clock):
    from tui_interview.screens.interview_dialogs import GoToStopScreen

    _, app = await open_interview(app_context, budget=42)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        await pilot.press(*"talked", "enter")
        clock.advance(90)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GoToStopScreen)
        rows = pick_rows(app)
        assert len(rows) == len(session.stops) == 6
        assert rows[0].startswith("☐ Opening") and "0 notes · 00:00/07:00" in rows[0]
        first = session.question(session.plan[0]).text.splitlines()[0]
        assert rows[1].startswith(f"✓ Q1 {first[:20]}")
        assert "\n    Service Management Processes · L3 · 1 note · 01:30/07:00" in rows[1]
        assert rows[2].startswith("☐ Q2") and rows[-1].startswith("☐ Closing")
        # Printable keys go to the filter: "q2" leaves one row, Enter goes there.
        await pilot.press("q", "2")
        await pilot.pause()
        assert [row[:4] for row in pick_rows(app)] == ["☐ Q2"]
        assert "1 match" in str(app.screen.query_one("#pick-count").render())
        await pilot.press("enter")
        await pilot.pause()
        assert session.current_stop == session.plan[1]
        assert app.screen.note_input.has_focus
        # Filtered by a word of the section's name; ↑ ↓ choose among matches.
        await pilot.press("ctrl+g", *"clos", "enter")
        await pilot.pause()
        assert session.current_stop is Section.CLOSING
        await pilot.press("ctrl+g", "up", "up", "enter")
        await pilot.pause()
        assert session.current_stop is Section.GENERAL
        await pilot.press("ctrl+g", *"zzz", "enter", "escape")
        await pilot.pause()
        assert session.current_stop is Section.GENERAL
        assert app.screen.note_input.text == ""


# -- §2 a question added mid-interview -------------------------------------------------


async def test_f2_adds_a_question_after_this_one_and_goes_there(app_context):
    from textual.widgets import Select

    from tui_interview.screens.interview_dialogs import AddQuestionScreen

    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        first, second = session.plan
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, AddQuestionScreen)
        # The current question's competency is offered first; no level.
        assert app.screen.query_one("#added-competency", Select).value == first.competency_id
        await pilot.press(*"Why then?", "ctrl+j", *"And now?")
        app.screen.query_one("#added-level", Select).value = "2"
        await pilot.press("enter")
        await pilot.pause()
        [added] = session.added_questions
        assert added.text == "Why then?\nAnd now?"
        assert (added.competency_id, added.level, added.after) == (first.competency_id, 2, first)
        assert session.plan == [first, added.ref, second]
        assert session.current_stop == added.ref
        title = box_title(app)
        assert title.startswith("Question 2 of 3") and "Level 2" in title
        assert title.endswith("· added")
        assert "Why then?" in box_text(app)
        assert str(app.screen.query_one("#probes-box").border_title) == "No probing questions"
        # Its notes, tags and links work like any other question's.
        await pilot.press(*"good answer", "enter", "ctrl+e", "q")
        await pilot.pause()
        [note] = session.active_notes
        assert note.question == added.ref and note.quote
        # The behaviours panel shows the level asked (2) and the target (3).
        assert "level 2 + target 3" in str(app.screen.query_one("#behaviours-box").border_title)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert session.current_stop == second


async def test_an_added_question_with_no_competency_has_no_checklists(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        await pilot.press("ctrl+o", "f2")  # from the opening
        await pilot.pause()
        app.screen.query_one("#added-competency").value = ""
        await pilot.pause()
        await pilot.press("enter")  # nothing typed: nothing added, the dialog stays
        await pilot.pause()
        assert session.added_questions == []
        await pilot.press(*"Tell me about you", "enter")
        await pilot.pause()
        [added] = session.added_questions
        assert added.competency_id is None and added.after is Section.OPENING
        assert session.stops[1] == added.ref
        assert box_title(app) == "Question 1 of 3 · added"
        assert app.screen.query_one(ChecklistsPanel).has_class("-empty")
        await pilot.press(*"a note", "enter", "ctrl+l", "ctrl+t", "ctrl+e", "b")
        await pilot.pause()
        [note] = session.active_notes
        assert note.question == added.ref and note.behaviours == ()
        assert app.screen.__class__.__name__ == "InterviewScreen"
        await pilot.press("escape")


# -- §6 find in the notes ----------------------------------------------------------------


async def test_f3_finds_a_phrase_in_the_notes_and_jumps_to_it(app_context, clock):
    from tui_interview.screens.interview_dialogs import FindInNotesScreen

    _, app = await open_interview(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        queue(app, *typed("Mapped the Résumé queue\r"))
        await settle(pilot)
        clock.advance(125)
        queue(app, "ctrl+n", *typed("Owner of the change board\r"), *typed("No resume of it\r"))
        queue(app, "ctrl+n", *typed("Asked about the team\r"))
        await settle(pilot)
        assert session.current_stop is Section.GENERAL
        await pilot.press("f3", *"resume")
        await pilot.pause()
        assert isinstance(app.screen, FindInNotesScreen)
        rows = pick_rows(app)
        # In interview order, with the stop and the time; accents ignored.
        assert rows == ["[00:00] Q1  Mapped the Résumé queue", "[02:05] Q2  No resume of it"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert session.current_stop == session.plan[1]
        notes_log = app.screen.notes_log
        assert notes_log.has_focus
        assert notes_log.highlighted_note_id == session.active_notes[2].id
        # Typing goes on into the note input, as from any list.
        await pilot.press("o", "k")
        await pilot.pause()
        assert app.screen.note_input.text == "ok"
        # No match: Enter does nothing, Escape is back to the interview.
        await pilot.press("f3", *"xyz", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FindInNotesScreen)
        assert "0 matches" in str(app.screen.query_one("#pick-count").render())
        await pilot.press("escape")
        await pilot.pause()
        assert session.current_stop == session.plan[1]
        assert app.screen.note_input.has_focus


# -- §5 the behaviours panel follows the question -----------------------------------------


async def test_the_behaviours_follow_the_question_s_level_and_open_at_the_top(app_context):
    from conftest import CONTENT_DIR, SMP

    from tui_interview.content.loader import load_file
    from tui_interview.domain.planning import CompetencyChoice, plan_session
    from tui_interview.widgets.checklist import Checklist

    competency, _ = load_file(CONTENT_DIR / f"{SMP}.yaml")
    level_1 = competency.level(1).questions[0].id
    level_3 = competency.level(3).questions[0].id
    session = plan_session(
        session_id="levels-1",
        candidate="Ada",
        role="",
        interviewer="",
        choices=[CompetencyChoice(competency, 3, [level_3, level_1])],
        now=app_context.now(),
    )
    app_context.store.create(session)
    app = InterviewApp(app_context, open_session="levels-1")
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        behaviours = screen.query_one("#behaviours", Checklist)
        title = lambda: str(screen.query_one("#behaviours-box").border_title)  # noqa: E731
        assert title().startswith("Behaviours · level 3 ")
        assert behaviours.option_count == len(competency.level(3).behaviours)
        # The last behaviour of question 1 chosen, the list scrolled to it.
        behaviours.highlighted = behaviours.option_count - 1
        behaviours.scroll_end(animate=False)
        await pilot.pause()
        await pilot.press("escape", "ctrl+n")
        await pilot.pause()
        # Question 2 is level 1: its own level's behaviours, and the target's.
        assert title().startswith("Behaviours · level 1 + target 3")
        shown = [
            str(behaviours.get_option_at_index(i).prompt) for i in range(behaviours.option_count)
        ]
        count_1 = len(competency.level(1).behaviours)
        assert len(shown) == count_1 + len(competency.level(3).behaviours)
        assert all("L1" in row for row in shown[:count_1])
        assert all("L3" in row for row in shown[count_1:])
        # It opens at the top, whatever was chosen on question 1.
        assert behaviours.highlighted == 0
        assert behaviours.scroll_y == 0
        await pilot.press("ctrl+e", "l")
        await pilot.pause()
        assert title().startswith("Behaviours · levels 1–3")
