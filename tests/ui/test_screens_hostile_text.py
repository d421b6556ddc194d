"""Stored text cannot drive the terminal from the TUI: a session whose names,
notes, rationale and content snapshot hold escape sequences, bidi overrides
and zero-width characters is shown on every screen with those characters as
visible symbols. What is checked is what the screen hands to the terminal:
the text of the composed strips."""

from __future__ import annotations

import dataclasses

from conftest import HOSTILE, HOSTILE_SHOWN, SMP, plan_shipped, terminal_unsafe

from tui_interview.app import InterviewApp
from tui_interview.domain.competency import Competency
from tui_interview.domain.interview import Interview
from tui_interview.domain.rating import submit_rating
from tui_interview.screens.export import ExportScreen
from tui_interview.screens.interview import InterviewScreen
from tui_interview.screens.rating import RatingScreen
from tui_interview.screens.review import ReviewScreen

NAME = "".join(HOSTILE)
NAME_SHOWN = "".join(HOSTILE_SHOWN)
SIZE = (220, 60)


def screen_text(app) -> str:
    """Every character the current screen sends to the terminal, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def hostile(i: int, text: str) -> str:
    return HOSTILE[i % len(HOSTILE)] + text


def hostile_content(competency: Competency) -> Competency:
    """The competency with every text a screen shows made hostile."""
    levels = tuple(
        dataclasses.replace(
            level,
            summary=hostile(n, level.summary),
            title=hostile(n + 1, level.title or "Title"),
            behaviours=tuple(
                dataclasses.replace(b, text=hostile(i, b.text))
                for i, b in enumerate(level.behaviours)
            ),
            questions=tuple(
                dataclasses.replace(
                    q,
                    text=hostile(i, q.text),
                    probes=tuple(
                        dataclasses.replace(p, text=hostile(j, p.text))
                        for j, p in enumerate(q.probes)
                    ),
                )
                for i, q in enumerate(level.questions)
            ),
        )
        for n, level in enumerate(competency.levels)
    )
    return dataclasses.replace(competency, name=NAME + competency.name, levels=levels)


def store_hostile_session(app_context) -> str:
    session = plan_shipped(
        app_context.now(),
        session_id="bad234",
        candidate=NAME,
        role=NAME + "\nrole",
        interviewer=NAME,
    )
    session.content[SMP] = hostile_content(session.content[SMP])
    app_context.store.create(session)
    handle = app_context.store.open(session.id)
    interview = Interview(handle, now=app_context.now)
    interview.start()
    ref = handle.session.current
    for text in HOSTILE:
        interview.record_note(text)
    note = interview.record_note("first line " + NAME + "\nsecond line")
    behaviour = handle.session.competency(SMP).behaviours[0]
    interview.toggle_note_behaviour(note.id, behaviour.id)
    interview.toggle_probe(ref, handle.session.question(ref).probes[0].id)
    interview.toggle_behaviour(SMP, handle.session.competency(SMP).level(3).behaviours[0].id)
    interview.apply(lambda s, now: submit_rating(s, SMP, 3, "because " + NAME, now))
    interview.pause()
    handle.close()
    return session.id


def assert_safe(app, *expected: str) -> str:
    text = screen_text(app)
    assert terminal_unsafe(text) == [], type(app.screen).__name__
    for part in expected:
        assert part in text, (part, type(app.screen).__name__)
    return text


async def test_every_screen_shows_hostile_text_as_symbols(app_context):
    session_id = store_hostile_session(app_context)
    app = InterviewApp(app_context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Home: the list, then the delete question.
        assert_safe(app, "^[]52;c;SGVsbG8=^G^[]0;pwned^G")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert_safe(app, NAME_SHOWN)
        await pilot.press("n")
        await pilot.press("enter")
        await pilot.pause()
        # Interview: status bar, question, checklists, notes with their links.
        assert isinstance(app.screen, InterviewScreen)
        text = assert_safe(app, NAME_SHOWN, *HOSTILE_SHOWN)
        # A multi-line note keeps its lines.
        lines = text.splitlines()
        first = next(i for i, line in enumerate(lines) if "first line " + NAME_SHOWN in line)
        assert "second line" in lines[first + 1]
        # The link dialog quotes the last note.
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert_safe(app, "first line " + NAME_SHOWN)
        await pilot.press("escape")
        await pilot.pause()
        # Review, rating, export.
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert_safe(app, "Review — " + NAME_SHOWN, "because " + NAME_SHOWN)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
        assert_safe(app, "Rate " + NAME_SHOWN, "because " + NAME_SHOWN, HOSTILE_SHOWN[1])
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        # The dialog wraps the name onto its next line.
        assert_safe(app, "Export the interview with", "  ^[]52;c;SGVsbG8=^G^[]0;pwned^G^[[2J")
        await pilot.press("escape")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert_safe(app, "Mark the interview with", "^[]52;c;SGVsbG8=^G^[]0;pwned^G^[[2J")
    assert app_context.store.load(session_id).candidate == NAME  # shown, never changed


async def test_notifications_show_hostile_text_as_symbols(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify("note: \x1b]0;pwned\x07 \u202eevil", title="\u202etitle")
        await pilot.pause()
        assert_safe(app, "note: ^[]0;pwned^G <U+202E>evil", "<U+202E>title")


async def test_new_interview_shows_hostile_content_as_symbols(app_context):
    library = app_context.library
    library.competencies[SMP] = hostile_content(library.competencies[SMP])
    app = InterviewApp(app_context)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        for _ in range(4):  # candidate, role, interviewer, budget -> competencies
            await pilot.press("tab")
        await pilot.press("space")
        await pilot.pause()
        assert_safe(app, NAME_SHOWN + "Service Management Processes")


async def test_text_being_edited_reaches_the_terminal_without_hidden_characters(app_context):
    """The note input and the edit dialog show the text as it is (the cursor
    must match it); the app's last line filter drops what could drive the
    terminal, and the text itself is kept exactly."""
    session_id = store_hostile_session(app_context)
    handle = app_context.store.open(session_id)
    Interview(handle, now=app_context.now).save_draft("draft " + NAME)
    handle.close()
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#note").value == "draft " + NAME
        assert_safe(app, "draft ]52;c;SGVsbG8=]0;pwned[2J31mevilab")
        await pilot.press("ctrl+e", "e")  # edit the last note
        await pilot.pause()
        assert app.screen.query_one("#edit-text").value.startswith("first line " + NAME)
        assert_safe(app, "first line ]52;c;SGVsbG8=]0;pwned")


def test_hidden_character_filter_keeps_every_line_its_width():
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color
    from textual.strip import Strip

    from tui_interview.terminal import HiddenCharacterFilter

    segments = [
        Segment("a\x1b]0;x\x07b", Style(bold=True)),
        Segment("\u202e"),
        Segment("soft\u00adhyphen \u200b\t\x9b"),
    ]
    before = Strip(segments)
    after = HiddenCharacterFilter().apply(segments, Color(0, 0, 0))
    assert [s.text for s in after] == ["a]0;xb", "soft\ufffdhyphen "]
    assert after[0].style == Style(bold=True)
    assert Strip(after).cell_length == before.cell_length
