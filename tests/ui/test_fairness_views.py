"""The Calibration and Question-effectiveness views (issue 25, §3 and §4 in
the app): reached from home (F7, ctrl+y) over a folder of transcripts and the
data folder's consensus records; the same figures as the commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import queue, settle, terminal_unsafe
from test_calibration import consensus, member

from tui_interview.app import InterviewApp
from tui_interview.domain.calibration import calibrate
from tui_interview.domain.question_stats import LITTLE_EVIDENCE, question_figures
from tui_interview.export.fairness_source import read_panels
from tui_interview.export.json_export import render_json
from tui_interview.screens.fairness import CalibrationScreen, QuestionsScreen
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.panel import PanelPathScreen
from tui_interview.storage.consensus_store import ConsensusStore

HOSTILE_NAME = "Grace\x1b[31m\u202e"


@pytest.fixture
def board(tmp_path, clock, data_dir) -> Path:
    """Two candidates a month apart; Grace rates high, Alan low, Edsger at
    the consensus (3); the first board has a consensus record, the second not."""
    folder = tmp_path / "board"
    folder.mkdir()
    store = ConsensusStore(data_dir, now=clock)
    for days, candidate, levels in ((0, "Ada Lovelace", (4, 2, 3)), (40, "Bo Lin", (5, 3, 3))):
        sessions = [
            member(clock, name, level, candidate=candidate, days=days, notes=((0, []),))
            for name, level in zip((HOSTILE_NAME, "Alan", "Edsger"), levels, strict=True)
        ]
        for session in sessions:
            (folder / f"{session.id}.json").write_text(render_json(session, now=clock()), "utf-8")
        if days == 0:
            store.save(consensus(candidate, sessions[0].plan_id, 3, clock))
    return folder


async def open_view(pilot, key: str, folder: Path) -> None:
    # The path typed in the same burst as the key that opens the dialog.
    queue(pilot.app, key, *str(folder), "enter")
    await settle(pilot)


def texts(screen, selector: str) -> list[str]:
    return [widget.render().plain for widget in screen.query(selector)]


async def test_calibration_view_shows_each_interviewer_and_a_trend(app_context, board):
    expected = calibrate(read_panels([board], app_context.consensus.lookup()).panels)
    app = InterviewApp(app_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await open_view(pilot, "f7", board)
        screen = app.screen
        assert isinstance(screen, CalibrationScreen)
        head = screen.query_one("#fairness-head").render().plain
        assert "2 panels, 1 with a consensus record, 1 compared with the panel median" in head
        people = texts(screen, ".fairness-person")
        assert [p.split(":")[0] for p in people] == ["Alan", "Edsger", "Grace^[[31m<U+202E>"]
        grace = people[2]
        assert "mean difference +1.50 (lenient)" in grace
        assert "1 consensus, 1 panel median" in grace
        assert "mean difference -0.50 (severe)" in people[0]
        # The chart is the report's trend, month by month.
        sparklines = list(screen.query("Sparkline"))
        assert [list(s.data) for s in sparklines] == [p.trend() for p in expected.interviewers]
        assert list(sparklines[2].data) == [1.0, 2.0]
        trend = texts(screen, ".fairness-trend")[2]
        assert trend == "  by month: 2026-11 +1.00 · 2027-01 +2.00"
        assert not terminal_unsafe("".join(people))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_questions_view_flags_little_evidence(app_context, board):
    expected = question_figures(read_panels([board], app_context.consensus.lookup()).panels)
    app = InterviewApp(app_context)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_view(pilot, "ctrl+y", board)
        screen = app.screen
        assert isinstance(screen, QuestionsScreen)
        shown = texts(screen, ".fairness-question")
        assert len(shown) == len(expected)
        flagged = texts(screen, ".-flagged")
        assert flagged and all(line.startswith("⚑ ") for line in flagged)
        assert LITTLE_EVIDENCE in flagged[0]
        # Flagged questions come first.
        assert shown[: len(flagged)] == flagged
        first = next(q for q in expected if q.flags)
        assert f"asked {first.asked}, skipped {first.skipped}" in flagged[0]
        head = screen.query_one("#fairness-head").render().plain
        assert f"{len(expected)} questions over 2 panels" in head


async def test_the_folder_is_remembered_and_cancel_opens_nothing(app_context, board):
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_view(pilot, "f7", board)
        assert isinstance(app.screen, CalibrationScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert isinstance(app.screen, PanelPathScreen)
        assert app.screen.query_one("#panel-path").value == str(board.absolute())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # Behind the curtain (a candidate is present) neither view opens.
        await pilot.press("f6", "f7")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.curtain.up
