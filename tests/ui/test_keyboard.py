"""From the keyboard to the record: keys queued in a burst (as SSH, tmux and
pastes deliver them) are handled one at a time, in order; multi-line notes;
printable keys never run commands; the note commands and their key counts.

"Queued" keys are posted to the app all at once, without waiting for any of
them to be handled, which is what a terminal read holding several keys does.
"""

from __future__ import annotations

import random
import string

import pytest
from conftest import SMP, make_session, queue, settle, type_slowly, type_text
from textual import events

from tui_interview.app import InterviewApp
from tui_interview.domain.linking import link_suggestions
from tui_interview.domain.session import Tag
from tui_interview.widgets.note_input import NoteInput, note_text
from tui_interview.widgets.notes import NotesLog

LETTERS = string.ascii_letters + string.digits + " .,;:'!?-()[]/"


def typed(text: str) -> list[str]:
    return ["enter" if char == "\r" else char for char in text]


def active_texts(app) -> list[str]:
    return [n.text for n in app.screen.session.active_notes]


async def open_interview(app_context, size=(80, 24)):
    session_id = make_session(app_context)
    return session_id, InterviewApp(app_context, open_session=session_id)


# -- §1 bursts -----------------------------------------------------------------


async def test_two_notes_in_one_burst_are_two_notes(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *typed("a3x\rb3y\r"))
        await settle(pilot)
        assert active_texts(app) == ["a3x", "b3y"]
        assert app.screen.note_input.text == ""


async def test_a_paste_without_bracketed_paste_saves_each_line_once(app_context):
    # tmux paste-buffer turns each line feed into Enter.
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *typed("one\rtwo\r"))
        await settle(pilot)
        assert active_texts(app) == ["one", "two"]


async def test_fifty_random_bursts_save_exactly_what_was_typed(app_context):
    rng = random.Random(9)
    notes = [
        "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 40))).strip() or "x"
        for _ in range(100)
    ]
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for first, second in zip(notes[::2], notes[1::2], strict=True):
            queue(app, *typed(f"{first}\r{second}\r"))
        await settle(pilot)
        assert active_texts(app) == notes
        stored = app_context.store.load(app.screen.session.id)
        assert [n.text for n in stored.active_notes] == notes


async def test_commands_in_a_burst_act_in_the_order_typed(app_context):
    """A note, a tag on it, the next question and a note there: all queued."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(
            app,
            *typed("first\r"),
            "ctrl+e",
            "s",
            *typed("second\r"),
            "ctrl+e",
            "r",
            "ctrl+n",
            *typed("third\r"),
            "ctrl+o",
            *typed("fourth"),
        )
        await settle(pilot)
        session = app.screen.session
        notes = session.active_notes
        assert [n.text for n in notes] == ["first", "second", "third"]
        assert [n.tags for n in notes] == [(Tag.SITUATION,), (Tag.RESULT,), ()]
        assert [n.question for n in notes] == [session.plan[0], session.plan[0], session.plan[1]]
        assert session.current_index == 0
        assert app.screen.note_input.text == "fourth"


async def test_editing_keys_in_a_burst_apply_in_order(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, "a", "b", "backspace", "c", "left", "x", "end", "d", "enter")
        await settle(pilot)
        assert active_texts(app) == ["axcd"]


async def test_typing_after_tagging_at_human_speed_goes_into_the_note(app_context):
    """The v1 bug: after tagging, 's' 'h' tagged, 'd' deleted, 'e' edited."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "earlier note")
        await pilot.press("enter")
        await type_text(pilot, "last note")
        await pilot.press("enter", "ctrl+e", "s")
        await pilot.pause()
        await type_slowly(pilot, "she then delivered")
        await pilot.press("enter")
        await pilot.pause()
        notes = app.screen.session.notes
        assert [n.text for n in notes] == ["earlier note", "last note", "she then delivered"]
        assert [n.tags for n in notes] == [(), (Tag.SITUATION,), ()]
        assert not any(n.deleted or n.history for n in notes)


@pytest.mark.parametrize("tabs", [1, 2, 3], ids=["probes", "behaviours", "notes"])
async def test_every_printable_key_in_a_list_goes_to_the_note(app_context, tabs):
    """Letters and spaces typed in any list go into the note input, first key
    included; no tick is toggled, no note changed, lower levels stay hidden."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "first")
        await pilot.press("enter", *["tab"] * tabs)
        await pilot.pause()
        assert app.focused is not app.screen.note_input
        before = app.screen.session.events
        await type_text(pilot, "She said hello, let it be ")
        await pilot.pause()
        assert app.focused is app.screen.note_input
        assert app.screen.note_input.text == "She said hello, let it be "
        assert app.screen.session.events == before
        assert app.screen.session.notes[0].tags == ()
        assert app.screen.show_lower_levels is False


async def test_printable_keys_queued_in_a_list_keep_their_order(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        queue(app, *"a tick? no", "enter")
        await settle(pilot)
        assert active_texts(app) == ["a tick? no"]
        assert not app.screen.session.probes_asked(app.screen.session.current)


# -- note commands and key counts ------------------------------------------------


async def test_note_commands_act_on_the_last_note_then_end(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "one")
        await pilot.press("enter")
        await type_text(pilot, "two")
        await pilot.press("enter")
        # 2 keys: tag the last note.
        await pilot.press("ctrl+e", "a")
        await pilot.pause()
        # The command ended: the next letter is text again.
        await pilot.press("a")
        await pilot.pause()
        session = app.screen.session
        assert [n.tags for n in session.notes] == [(), (Tag.ACTION,)]
        assert app.screen.note_input.text == "a"
        # ↑ chooses the note before; the command stays open for one key.
        await pilot.press("ctrl+e", "up", "q")
        await pilot.pause()
        assert [n.tags for n in session.notes] == [(Tag.QUOTE,), (Tag.ACTION,)]
        # Escape cancels; a key that is no command ends it and is typed.
        await pilot.press("ctrl+e", "escape", "ctrl+e", "z")
        await pilot.pause()
        assert app.screen.note_input.text == "az"
        assert [n.tags for n in session.notes] == [(Tag.QUOTE,), (Tag.ACTION,)]


async def test_the_command_hint_shows_while_a_command_is_pending(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hint = app.screen.query_one("#command-hint")
        assert not hint.display or hint.region.height == 0
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert hint.region.height >= 1
        assert "NOTE COMMAND" in str(hint.render())
        await pilot.press("escape")
        await pilot.pause()
        assert hint.region.height == 0


async def test_common_acts_take_as_few_keys_as_before(app_context):
    """The key counts docs/guide/keys.md publishes: tag the last note 2, link it 1
    (plus the choice in the dialog), tick a behaviour 3 (Tab Tab Enter)."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "n")
        await pilot.press("enter")
        await pilot.press("ctrl+e", "s")  # 2 keys
        await pilot.pause()
        assert app.screen.session.notes[0].tags == (Tag.SITUATION,)
        await pilot.press("ctrl+l")  # 1 key opens the dialog at the target level
        await pilot.pause()
        await pilot.press("space", "escape")
        await pilot.pause()
        assert app.screen.session.notes[0].behaviours
        await pilot.press("tab", "tab", "enter")  # 3 keys
        await pilot.pause()
        assert list(app.screen.session.behaviours_observed(SMP))


async def test_linking_the_best_match_is_one_key_in_the_dialog(app_context):
    """ctrl+l opens the dialog on the behaviour whose wording best matches the
    note; Enter links it and closes. Enter never un-links; Space still ticks."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Monthly report on metrics against targets")
        await pilot.press("enter", "ctrl+l")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.session.notes[0].behaviours == ("b3.6",)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("enter")  # already linked: stays linked, the dialog closes
        await pilot.pause()
        assert app.screen.session.notes[0].behaviours == ("b3.6",)
        await pilot.press("ctrl+l")
        await pilot.pause()
        # Suggestions come best first: ↓ Space links the second one too.
        await pilot.press("down", "space", "escape")
        await pilot.pause()
        session = app.screen.session
        second = link_suggestions(session, session.notes[0].id)[1].id
        assert session.notes[0].behaviours == ("b3.6", second)


async def test_delete_and_undo_are_note_commands(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "gone")
        await pilot.press("enter", "ctrl+e", "d")
        await pilot.pause()
        assert active_texts(app) == []
        await pilot.press("ctrl+e", "u")
        await pilot.pause()
        assert active_texts(app) == ["gone"]


# -- §2 multi-line notes ------------------------------------------------------------


def test_note_text_keeps_lines_and_drops_blank_ends():
    assert note_text("\r\none\r\ntwo\rthree\n\n") == "one\ntwo\nthree"
    assert note_text("  indented\n") == "  indented"


async def test_a_bracketed_paste_of_three_lines_is_one_note(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(events.Paste("first line\r\nsecond line\nthird line\n"))
        await settle(pilot)
        assert app.screen.note_input.text == "first line\nsecond line\nthird line\n"
        await pilot.press("enter")
        await pilot.pause()
        assert active_texts(app) == ["first line\nsecond line\nthird line"]
        stored = app_context.store.load(app.screen.session.id)
        assert stored.notes[0].text == "first line\nsecond line\nthird line"


async def test_ctrl_j_starts_a_new_line_in_the_note(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, "o", "n", "e", "ctrl+j", "t", "w", "o", "enter")
        await settle(pilot)
        assert active_texts(app) == ["one\ntwo"]


async def test_a_300_character_note_is_visible_whole_while_typing(app_context):
    text = " ".join(["candidate"] * 30)[:300]
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(events.Paste(text))
        await settle(pilot)
        note_input = app.screen.note_input
        assert note_input.text == text
        # Wrapped, not scrolled sideways, and every wrapped line in view.
        assert note_input.max_scroll_x == 0
        assert note_input.wrapped_document.height > 1
        assert note_input.wrapped_document.height <= note_input.content_region.height
        assert note_input.scroll_offset.y == 0
        rows = [note_input.render_line(y).text for y in range(note_input.content_region.height)]
        assert "".join(rows).replace(" ", "") == text.replace(" ", "")


async def test_the_edit_dialog_takes_several_lines(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "before")
        await pilot.press("enter", "ctrl+e", "e")
        await pilot.pause()
        editor = app.screen.query_one("#edit-text", NoteInput)
        assert editor.text == "before"
        queue(app, "ctrl+j", "a", "f", "t", "e", "r", "enter")
        await settle(pilot)
        note = app.screen.session.notes[0]
        assert note.text == "before\nafter"
        assert note.history[0].text == "before"


async def test_focus_in_the_notes_list_then_typing_after_a_command(app_context):
    """ctrl+e with the notes list focused acts on the note chosen there."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for text in ("one", "two"):
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(app.focused, NotesLog)
        queue(app, "up", "ctrl+e", "t", "o", "k")
        await settle(pilot)
        assert [n.tags for n in app.screen.session.notes] == [(Tag.TASK,), ()]
        assert app.screen.note_input.text == "ok"


async def test_a_multi_line_note_keeps_its_lines_through_store_exports_and_import(
    app_context, tmp_path
):
    """Typed with ctrl+j and pasted lines; stored, exported to JSON and
    re-imported exactly; in Markdown each line is a line break inside the
    note's list item, and no line becomes a heading, a list or a quote."""
    from markdown_it import MarkdownIt

    from tui_interview.export.json_export import read_export, render_json
    from tui_interview.export.markdown import render_markdown
    from tui_interview.storage import SessionStore

    text = "# not a heading\n- not a list\n> not a quote\n1. not numbered"
    session_id, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(events.Paste(text))
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
    stored = app_context.store.load(session_id)
    assert stored.notes[0].text == text
    document = render_json(stored, now=app_context.now())
    other = SessionStore(tmp_path / "elsewhere")
    other.import_session(read_export(document))
    assert other.load(session_id).notes[0].text == text

    html = MarkdownIt("commonmark").render(render_markdown(stored, now=app_context.now()))
    start = html.rindex("<li>", 0, html.index("not a heading"))
    note_html = html[start : html.index("</li>", start) + 5]
    assert note_html.count("<br />") >= 3
    for tag in ("<h1", "<blockquote", "<ol"):
        assert tag not in note_html
    assert note_html.count("<li>") == 1 and "<ul" not in note_html


async def test_a_star_part_taken_from_a_probe_is_shown_kept_then_undone(app_context):
    """ctrl+t ticks the situation probe; the next note takes its STAR part,
    marked "(from probe)" in the notes; ctrl+e s keeps it and says so (the
    interviewer meant to tag it, issue 22 §5); ctrl+e s again takes it off."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, "ctrl+t", *typed("there was no gap analysis\r"))
        await settle(pilot)
        note = app.screen.session.notes[0]
        assert note.tags == (Tag.SITUATION,)
        shown = str(app.screen.notes_log.get_option_at_index(0).prompt)
        assert "#situation (from probe)" in shown
        queue(app, "ctrl+e", "s")
        await settle(pilot)
        assert app.screen.session.notes[0].tags == (Tag.SITUATION,)
        assert any("already has situation" in str(n.message) for n in app._notifications)
        queue(app, "ctrl+e", "s")
        await settle(pilot)
        assert app.screen.session.notes[0].tags == ()
        assert "(from probe)" not in str(app.screen.notes_log.get_option_at_index(0).prompt)


# -- keys that change focus or open a dialog, in a burst (review findings) -----------


async def test_tab_in_a_burst_moves_focus_before_the_next_key(app_context):
    """Tab, text and Enter in one read: the text goes to the note (a printable
    key in a list goes back to the input) and Enter saves it; no tick changes."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, "ctrl+t")
        await settle(pilot)
        ticked = dict(app.screen.session.probes_asked(app.screen.session.current))
        queue(app, "tab", "q", "q", "q")
        await settle(pilot)
        queue(app, "enter")
        await settle(pilot)
        assert active_texts(app) == ["qqq"]
        assert dict(app.screen.session.probes_asked(app.screen.session.current)) == ticked


async def test_keys_after_a_dialog_key_in_a_burst_go_to_the_dialog(app_context):
    """F2 then the question's text and Enter, all in one read: a question is
    added with that text, and no note is saved."""
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, "f2", *typed("Who else was on the board?\r"))
        await settle(pilot)
        session = app.screen.session
        assert active_texts(app) == []
        [added] = session.added_questions
        assert added.text == "Who else was on the board?"


async def test_ctrl_l_then_enter_in_one_burst_links_the_best_match(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue(app, *typed("she ran a gap analysis\r"), "ctrl+l", "enter", *typed("next\r"))
        await settle(pilot)
        notes = app.screen.session.notes
        assert [n.text for n in notes] == ["she ran a gap analysis", "next"]
        assert notes[0].behaviours == ("b3.2",)
        assert app.screen is app.screen_stack[-1] and app.focused is app.screen.note_input


async def test_after_delete_and_undo_the_restored_note_is_the_chosen_one(app_context):
    _, app = await open_interview(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for keys in (typed("m1\r"), typed("m2\r"), ["ctrl+e", "d"], ["ctrl+e", "u"]):
            queue(app, *keys)
            await settle(pilot)
        queue(app, "ctrl+e", "f")
        await settle(pilot)
        assert [(n.text, n.tags) for n in app.screen.session.notes] == [
            ("m1", ()),
            ("m2", (Tag.FOLLOW_UP,)),
        ]
