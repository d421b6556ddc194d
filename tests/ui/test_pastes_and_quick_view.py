"""Attacks on the day's changes: orjson in the save path, the head-only read
of index.json, home's listing after the first frame, pastes on lists and
one-line fields."""

from __future__ import annotations

import json
import math

import pytest
from conftest import queue, settle, to_rating, to_review
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_curtain import leaked, store_interviews
from textual import events

from tui_interview.app import InterviewApp
from tui_interview.domain.consensus import Consensus
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen


def record_home_frames(app) -> list[tuple[bool, bool]]:
    """Each frame written while home is on top: (curtain up, consensus
    records on screen), as the compositor laid that frame out."""
    frames: list[tuple[bool, bool]] = []
    display = app._display

    def recording(screen, renderable):
        if isinstance(screen, HomeScreen) and renderable is not None:
            records = screen.query_one("#consensus-records")
            frames.append((app.curtain.up, records in screen._compositor.visible_widgets))
        return display(screen, renderable)

    app._display = recording
    return frames


async def test_going_home_with_the_candidate_present_never_draws_the_consensus_records(
    app_context, clock
):
    """The consensus records name candidates: behind the curtain they are
    hidden. Listed after the first frame, they stayed on home's first frame
    back from an interview whose candidate is present, names and all."""
    present = store_interviews(app_context, clock)
    record = Consensus("rec001", "Quentin Zebedee", "Nuclear Archivist", "p1")
    record.record_rating("smp", 3, "agreed", ["Grace", "Alan"], clock())
    app_context.consensus.save(record)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#consensus-records").display
        home = app.screen
        frames = record_home_frames(app)
        app.open_interview(present)
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.curtain.up
        queue(app, "f10")
        await settle(pilot)
        assert app.screen is home
        assert leaked(app) == []
        assert frames and all(not shown for up, shown in frames if up), frames


def test_a_one_line_paste_keeps_its_spaces_and_several_lines_are_joined():
    """Every paste was stripped: " more" pasted after "said" became
    "saidmore", and a pasted space was dropped."""
    from tui_interview.widgets.one_line_input import one_line

    assert one_line(" more") == " more"
    assert one_line("level 3 \n") == "level 3 "
    assert one_line(" ") == " "
    assert one_line("") == "" and one_line("\n\n") == "" and one_line(" \n \r\n") == ""
    assert one_line(" two STAR stories\r\nat level 2\n\n  one at 3 ") == (
        " two STAR stories at level 2 one at 3 "
    )
    assert one_line("a\u2028b\x0cc") == "a b c"


async def test_pastes_among_keys_on_the_scale_and_in_the_field_keep_their_place_and_spaces(
    app_context,
):
    from conftest import SMP, make_session

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        rating = await to_rating(pilot)
        assert app.focused is rating.query_one("#anchors")  # the paste goes through it
        queue(app, "down", "down", "down", *"ab")
        app.post_message(events.Paste("P1\nP2"))
        queue(app, *"cd")
        app.post_message(events.Paste(" spaced "))
        queue(app, *"ef")
        app.post_message(events.Paste(" "))
        queue(app, *"gh", "ctrl+s")
        await settle(pilot)
        [first] = rating.session.rating_history(SMP)
        assert first.rationale == "abP1 P2cd spaced ef gh"


async def test_keys_and_pastes_right_after_rate_or_decide_on_the_review_go_to_its_form(
    app_context,
):
    """The review did not hold the keys after the key that opens the rating
    screen or the recommendation form: typed (or pasted) in the same burst,
    they reached the review and were lost."""
    from conftest import SMP, make_session

    from tui_interview.domain.recommendation import current_recommendation

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        review = await to_review(pilot)
        queue(app, "ctrl+r", "down", "down", "down", *"xy")
        app.post_message(events.Paste(" pasted"))
        queue(app, "ctrl+s")
        await settle(pilot)
        [rating] = review.session.rating_history(SMP)
        assert (rating.level, rating.rationale) == (2, "xy pasted")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        queue(app, "ctrl+d", "down", "down", "tab")
        app.post_message(events.Paste("Two clear\nstories"))
        queue(app, "tab", *"calm", "ctrl+s")
        await settle(pilot)
        assert app.screen is review
        made = current_recommendation(review.session)
        assert made is not None
        assert (made.rationale, made.strengths) == ("Two clear stories", "calm")


# -- orjson in the save path: what is written reads back as it was -------------------

#: Text a session may hold: any character but half a surrogate pair, with
#: the awkward ones (NUL, line and paragraph separators, astral) likely.
TEXT = st.text(
    st.characters(blacklist_categories=["Cs"])
    | st.sampled_from(["\x00", "\u2028", "\u2029", "😀", "\U0010ffff", '"', "\\", "\x1b"]),
    max_size=12,
)
SECONDS = st.floats(0, 100 * 365 * 24 * 3600) | st.sampled_from([-0.0, 5e-324, 1e-7, 3153600000.0])


def exact(a, b) -> bool:
    """Equal, float signs and key order included."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(exact(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(exact(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@pytest.fixture(scope="module")
def sealed_key(tmp_path_factory):
    from tui_interview.storage.crypto import ENCRYPTED, create_header

    folder = tmp_path_factory.mktemp("sealed") / "data"
    folder.mkdir(mode=0o700)
    return folder, create_header(folder, "a passphrase", state=ENCRYPTED, n=1024)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=st.lists(TEXT.filter(str.strip), min_size=3, max_size=3), said=TEXT.filter(str.strip),
       draft=TEXT, seconds=SECONDS, sealed=st.booleans())  # fmt: skip
def test_a_saved_session_reads_back_exactly_as_the_standard_library_would_have_written_it(
    tmp_path_factory, clock, sealed_key, names, said, draft, seconds, sealed
):
    from conftest import plan_shipped

    from tui_interview.domain import strict_json
    from tui_interview.domain.session_codec import session_to_dict
    from tui_interview.storage import SessionStore
    from tui_interview.storage.crypto import decode_file

    if sealed:
        data_dir, key = sealed_key
    else:
        data_dir, key = tmp_path_factory.mktemp("plain") / "data", None
    store = SessionStore(data_dir, now=clock, key=key)
    candidate, role, interviewer = names
    session = plan_shipped(
        clock(), session_id=store.new_id(), candidate=candidate, role=role, interviewer=interviewer
    )
    session.record_note(said, clock())
    session.draft = draft
    session.clock.accumulated_seconds = seconds
    store.create(session)
    written = session_to_dict(session)
    raw = store.session_path(session.id).read_bytes()
    [document] = strict_json.loads(decode_file(raw, key, f"session:{session.id}", data_dir))[
        "session"
    ].values()
    # As json.dumps wrote it: the same values, the same order.
    assert exact(document, json.loads(json.dumps(written, ensure_ascii=False)))
    assert exact(session_to_dict(SessionStore(data_dir, key=key).load(session.id)), written)
    [summary] = [s for s in SessionStore(data_dir, key=key).list_summaries() if s.id == session.id]
    assert (summary.candidate, summary.role, summary.interviewer) == (
        session.candidate,
        session.role,
        session.interviewer,
    )


# -- the head-only read of index.json -----------------------------------------------


@pytest.fixture
def wide_names(app_context, clock):
    """30 sessions whose names are multi-byte (2, 3 and 4 bytes a character)
    and long, so that reads cut characters and entries in two."""
    from conftest import plan_shipped

    store = app_context.store
    sessions = []
    for n in range(30):
        name = ["Zoë ", "名前 ", "😀 ", "a\u2028b\x00 "][n % 4] * (n * 3 + 1) + str(n)
        sessions.append(plan_shipped(clock(), session_id=store.new_id(), candidate=name))
        clock.advance(30)
    store.create_many(reversed(sessions), durable=False)
    return store


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64, 301, 4096, 64 * 1024])
def test_the_quick_view_is_the_full_lists_head_whatever_the_reads_cut(
    wide_names, monkeypatch, chunk
):
    from tui_interview.storage import SessionStore
    from tui_interview.storage import recent as recent_module

    full = SessionStore(wide_names.data_dir).list_summaries()
    monkeypatch.setattr(recent_module, "CHUNK", chunk)
    for count in (1, 7, 30, 31):
        assert (
            recent_module.recent_summaries(SessionStore(wide_names.data_dir), count)
            == (full[:count])
        )


def test_a_cut_short_or_odd_index_gives_the_full_lists_head_or_none(wide_names, monkeypatch):
    import os

    from tui_interview.storage import SessionStore
    from tui_interview.storage import recent as recent_module

    full = SessionStore(wide_names.data_dir).list_summaries()
    path = wide_names.data_dir / "index.json"
    whole = path.read_bytes()
    monkeypatch.setattr(recent_module, "CHUNK", 257)
    for end in range(0, len(whole), 97):
        path.write_bytes(whole[:end])
        for count in (3, 30):
            quick = recent_module.recent_summaries(SessionStore(wide_names.data_dir), count)
            assert quick is None or quick == full[:count] or (end == 0 and quick == [])
    path.unlink()
    os.mkfifo(path)  # never opened for writing: a blocking read would hang
    assert recent_module.recent_summaries(SessionStore(wide_names.data_dir), 5) is None
    path.unlink()
    path.mkdir()
    assert recent_module.recent_summaries(SessionStore(wide_names.data_dir), 5) is None


async def test_a_paste_while_a_list_beside_the_note_has_focus_goes_into_the_note(app_context):
    """A printable key on the probes, behaviours or notes goes to the note; a
    paste there (notes pasted in) was lost without a word."""
    from conftest import make_session

    from tui_interview.widgets.checklist import Checklist
    from tui_interview.widgets.notes import NotesLog

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        for widget in [*screen.query(Checklist), screen.query_one(NotesLog)]:
            widget.focus()
            await pilot.pause()
            app.post_message(events.Paste(f"from {widget.id}\nsecond line"))
            queue(app, *" x")
            await settle(pilot)
            assert app.focused is screen.note_input
            assert screen.note_input.text == f"from {widget.id}\nsecond line x"
            screen.note_input.text = ""


async def test_typing_or_pasting_on_the_verdicts_goes_on_in_the_field_being_filled(app_context):
    """The recommendation form opens on the verdicts: what was typed or
    pasted there was lost (the rating scale hands it to its text field)."""
    from conftest import make_session

    from tui_interview.domain.recommendation import current_recommendation
    from tui_interview.screens.review import RecommendationScreen

    session_id = make_session(app_context)
    app = InterviewApp(app_context, open_session=session_id)
    async with app.run_test(size=(100, 40)) as pilot:
        review = await to_review(pilot)
        queue(app, "ctrl+d", "down", "down", *"ab")
        app.post_message(events.Paste(" clear\nstories"))
        queue(app, *" cd", "ctrl+s")
        await settle(pilot)
        made = current_recommendation(review.session)
        assert made is not None and made.rationale == "ab clear stories cd"
        # A change: what is typed on the verdicts goes to the reason.
        queue(app, "ctrl+d", "up", *"new")
        app.post_message(events.Paste(" facts"))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecommendationScreen)
        assert form.query_one("#reason").value == "new facts"
        assert form.query_one("#rationale").value == "ab clear stories cd"
