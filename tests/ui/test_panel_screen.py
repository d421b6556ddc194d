"""The Panel screen (issue 14, §2 interactive): opened from the command line
or from home, blind first (others' ratings hidden until mine is locked), the
files that do not fit named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import HOSTILE, SMP, plan_shipped, queue, settle, terminal_unsafe, type_text
from test_panel_report import interview, write

from tui_interview.app import InterviewApp
from tui_interview.domain.rating import submit_rating
from tui_interview.screens.consensus import ConsensusScreen
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.panel import PanelPathScreen, PanelScreen


def shown(app, selector: str) -> str:
    """The text of a Static as shown (not its markup form)."""
    return app.screen.query_one(selector).render().plain


def detail(app) -> str:
    return shown(app, "#panel-detail")


def me_line(app) -> str:
    return shown(app, "#panel-me")


@pytest.fixture
def others(tmp_path, clock) -> Path:
    """Alan rated 2 and Barbara 4; Grace (me) is not in the folder."""
    folder = tmp_path / "board"
    for name, level in (("Alan", 2), ("Barbara", 4)):
        write(folder, interview(clock, name, level), clock)
    return folder


@pytest.fixture
def me_grace(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Grace"\n', encoding="utf-8")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))


def store_my_interview(app_context, clock, level: int | None):
    """My (Grace's) interview of the same candidate from the same plan."""
    session = plan_shipped(clock(), 3, session_id="mine01", interviewer="Grace")
    app_context.store.create(session)
    if level is not None:
        lock_my_rating(app_context, clock, level)
    return session


def lock_my_rating(app_context, clock, level: int) -> None:
    with app_context.store.open("mine01") as handle:
        submit_rating(handle.session, SMP, level, "my own reasons", clock())
        handle.save()


async def test_others_are_hidden_until_my_rating_is_locked(app_context, clock, others, me_grace):
    store_my_interview(app_context, clock, None)
    app = InterviewApp(app_context, open_panel=([str(others)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen)
        assert "You: Grace" in me_line(app)
        text = detail(app)
        assert "Hidden: 2 members' ratings, rationales, the spread and its flag" in text
        assert "blind first" in text
        assert "Alan: level" not in text and "Barbara: level" not in text
        assert "Alan's reasons" not in text and "FLAGGED" not in text
        assert "hidden: Alan, Barbara" in text
        # Who said what stays: it is evidence, not a rating.
        assert "Alan [01:15]: Alan heard the incident story" in text

        lock_my_rating(app_context, clock, 1)
        await pilot.press("r")
        await settle(pilot)
        text = detail(app)
        assert "Your rating (your session mine01): level 1 (revision 1)" in text
        assert "Alan: level 2 (revision 1)" in text and "Barbara: level 4" in text
        assert "“Alan's reasons”" in text
        assert "⚠ FLAGGED: spread 2 (≥ 2)" in text
        assert "Hidden" not in text


async def test_a_shared_transcript_naming_me_does_not_unlock(app_context, clock, others, me_grace):
    """Issue 24, §2: anyone can write a file under my name into the shared
    folder; "your rating" comes only from my own data folder."""
    write(others, interview(clock, "Grace", 1), clock)
    app = InterviewApp(app_context, open_panel=([str(others)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        text = detail(app)
        assert "Your rating" not in text and "FLAGGED" not in text
        assert "You have not locked a rating of this competency yet." in text
        assert "Grace: level 1" not in text and "Barbara: level 4" not in text
        assert "hidden: Alan, Barbara, Grace" in text
        # With the same session in my data folder, it is mine.
        app_context.store.create(interview(clock, "Grace", 1))
        await pilot.press("r")
        await settle(pilot)
        text = detail(app)
        assert "Your rating (your session s-grace): level 1" in text
        assert "⚠ FLAGGED: spread 3 (≥ 2)" in text
        assert "Grace: level 1" in text and "Barbara: level 4" in text


async def test_me_defaults_to_the_last_interviewer_name_and_mismatches_are_named(
    app_context, clock, others, tmp_path
):
    # No config: "me" is the interviewer of the most recent stored session.
    store_my_interview(app_context, clock, None)
    write(others, interview(clock, "Ada", 3, candidate="Someone Else"), clock, "zz.json")
    (others / "zzz.json").write_text("{oops", encoding="utf-8")
    (others / "notes.txt").write_text("not a transcript", encoding="utf-8")
    app = InterviewApp(app_context, open_panel=([str(others)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert "You: Grace" in me_line(app)
        problems = shown(app, "#panel-problems")
        assert "zzz.json: not a JSON file" in problems
        assert "Skipped 1: " in problems and "notes.txt: not a .json file" in problems
        # Another candidate's file is one line, not a block (issue 23, §5).
        assert "another candidate" not in problems
        assert "Also read: 1 file of other candidates or plans (g: next)." in problems
        assert "candidate 1 of 2 (g: next)" in shown(app, "#panel-title")
        await pilot.press("g")
        await settle(pilot)
        assert "Panel: Someone Else" in shown(app, "#panel-title")


async def test_home_asks_for_the_folder_and_remembers_it(app_context, clock, others, me_grace):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # The keys typed right after ctrl+t go to the dialog, in order.
        await pilot.press("ctrl+t", *"/no/such/folder", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PanelPathScreen)
        error = shown(app, "#panel-path-error")
        assert "/no/such/folder: no such file or folder" in error
        field = app.screen.query_one("#panel-path")
        field.value = ""
        await type_text(pilot, str(others))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen)
        assert "Panel: Ada Lovelace" in shown(app, "#panel-title")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen.query_one("#panel-path").value == str(others.absolute())
    assert app_context.state.last_panel_dir == others.absolute()


def board_of_three(folder: Path, clock, app_context=None) -> Path:
    """Grace, Alan and Barbara rated 1, 2 and 4; Grace's interview is also
    in the data folder when ``app_context`` is given (mine, as me_grace)."""
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", 4)):
        session = interview(clock, name, level)
        write(folder, session, clock)
        if app_context is not None and name == "Grace":
            app_context.store.create(session)
    return folder


async def test_a_consensus_typed_in_one_burst_is_recorded_locked_and_revised_with_a_reason(
    app_context, clock, tmp_path, me_grace
):
    folder = board_of_three(tmp_path / "board", clock, app_context)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert "Consensus: none yet (c: record it)." in detail(app)
        # c, then the level, Tab, the rationale and Enter, all queued at once.
        queue(app, "c", "3", "tab", *"Two STAR stories at level 3", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen), "the form closed once recorded"
        text = detail(app)
        assert (
            "Consensus: level 3 (revision 1, c: change) · took part: Alan, Barbara, Grace" in text
        )
        assert "“Two STAR stories at level 3”" in text
        [record] = app_context.consensus.list()
        stored = app_context.consensus.load(record.id)
        assert stored.candidate == "Ada Lovelace"
        assert [(r.level, r.revision) for r in stored.history(SMP)] == [(3, 1)]
        # Also written next to the transcripts, for the others (issue 23, §3).
        [shared] = folder.glob("consensus_*.json")
        assert shared.stat().st_mode & 0o077 == 0
        assert json.loads(shared.read_text(encoding="utf-8"))["id"] == record.id
        assert "Reconciled: spread 3, the board agreed on level 3 on" in detail(app)

        # A change without a reason is refused; with one it is revision 2.
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ConsensusScreen)
        assert "Locked: 3 (revision 1)" in shown(app, "#consensus-locked")
        form.query_one("#consensus-value").value = ""
        queue(app, "2", "enter")
        await settle(pilot)
        assert app.screen is form
        assert "give a reason" in shown(app, "#consensus-error")
        assert form.focused is form.query_one("#consensus-reason")
        await type_text(pilot, "Barbara's level 4 rested on one story")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen)
        text = detail(app)
        assert "Consensus: level 2 (revision 2, c: change)" in text
        assert "earlier: level 3 (revision 1)" in text
        assert "changed because: Barbara's level 4 rested on one story" in text
        stored = app_context.consensus.load(record.id)
        assert [(r.level, r.revision) for r in stored.history(SMP)] == [(3, 1), (2, 2)]

        # The overall recommendation, participants edited.
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        form.query_one("#consensus-participants").value = ""
        queue(app, *"yes", "tab", *"Meets the bar", "tab", *"Grace, Alan", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen)
        assert "Consensus recommendation: Yes (revision 1, d: change) · took part: Grace, Alan" in (
            detail(app)
        )
        latest = app_context.consensus.load(record.id).latest_recommendation()
        assert latest is not None and latest.participants == ("Grace", "Alan")

        # Home lists the record.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        listed = shown(app, "#consensus-records")
        assert "Consensus records (1; ctrl+t opens a panel):" in listed
        assert "Ada Lovelace (Service Manager) · 1 competency agreed · Yes · 2026-11-26" in listed
        assert record.id in listed


def grid_rows(app) -> list[str]:
    lines = detail(app).splitlines()
    return [line.split()[0] for line in lines[1:] if line and not line.startswith(("c =", "No "))]


async def test_the_role_grid_sorts_by_any_column_and_keeps_hidden_cells_hidden(
    app_context, clock, tmp_path, me_grace
):
    folder = tmp_path / "role"
    for candidate, levels in (("Ada", (1, 2, 4)), ("Bob", (3, 5, 5)), ("Cy", (None, 5, 1))):
        for name, level in zip(("Grace", "Alan", "Barbara"), levels, strict=True):
            session = interview(
                clock, name, level, candidate=candidate, session_id=f"{candidate}{name}".lower()
            )
            write(folder, session, clock)
            if name == "Grace":  # mine: in my own data folder
                app_context.store.create(session)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert shown(app, "#panel-title").startswith("Role grid: 3 candidates × 1 competencies")
        text = detail(app)
        assert grid_rows(app) == ["Ada", "Bob", "Cy"]
        ada, bob, cy = text.splitlines()[1:4]
        assert "2 (m) ⚑" in ada and "5 (m) ⚑" in bob
        # Grace has not rated Cy: the median, its flag and the verdicts stay hidden.
        assert "🔒" in cy and "(m)" not in cy and "⚑" not in cy and "Yes" not in cy
        # → to the competency's column, s: ascending; s again: descending.
        await pilot.press("right", "s")
        await settle(pilot)
        assert "▸▲Service" in detail(app).splitlines()[0]
        assert grid_rows(app) == ["Ada", "Bob", "Cy"]
        await pilot.press("s")
        await settle(pilot)
        assert "▸▼Service" in detail(app).splitlines()[0]
        assert grid_rows(app) == ["Bob", "Ada", "Cy"], "a hidden cell sorts last either way"
        # The candidate column, descending.
        await pilot.press("left", "s", "s")
        await settle(pilot)
        assert grid_rows(app) == ["Cy", "Bob", "Ada"]
        await pilot.press("v")
        await settle(pilot)
        assert "Competency 1 of 1" in detail(app)


async def test_hostile_text_in_transcripts_reaches_the_screen_as_visible_symbols(
    app_context, clock, tmp_path, monkeypatch
):
    folder = tmp_path / "hostile"
    name = "".join(HOSTILE)
    made = interview(clock, name, 2, session_id="h1", note=f"said {name}", candidate=name)
    write(folder, made, clock)
    write(folder, interview(clock, "Alan", 4, session_id="h2", candidate=name), clock)
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Alan"\n', encoding="utf-8")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(220, 60)) as pilot:
        await settle(pilot)
        for keys in ((), ("v",)):  # the competency, then the role grid
            await pilot.press(*keys)
            await settle(pilot)
            strips = app.screen._compositor.render_strips()
            text = "\n".join("".join(segment.text for segment in strip) for strip in strips)
            assert terminal_unsafe(text) == []
            assert "^[]52;c;SGVsbG8=^G" in text


async def test_a_chair_sees_who_locked_and_cannot_record_blind(
    app_context, clock, tmp_path, monkeypatch
):
    """Issue 23, §4: the chair did not interview; Barbara has not locked."""
    folder = tmp_path / "board"
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", None)):
        write(folder, interview(clock, name, level), clock)
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Chris"\nchair = true\n', encoding="utf-8")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert "chair" in me_line(app)
        text = detail(app)
        assert "Locked: Alan, Grace; not yet: Barbara." in text
        assert "Grace: level 1" not in text
        queue(app, "c", "3")
        await settle(pilot)
        assert isinstance(app.screen, PanelScreen), "no form over hidden ratings"
        assert not list(folder.glob("consensus_*.json"))
        write(folder, interview(clock, "Barbara", 4), clock)
        await pilot.press("r")
        await settle(pilot)
        text = detail(app)
        assert "You chair this panel: every member has locked a rating of it." in text
        assert "Grace: level 1" in text and "Barbara: level 4" in text
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConsensusScreen)
