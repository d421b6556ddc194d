"""Snapshot tests of the Panel screen at 80×24 and 40×12: blind first (the
others hidden before my rating is locked), after my lock (spread 3 flagged),
and the role grid. Update on purpose with ``--snapshot-update`` for these
tests only, and look at the pictures."""

from __future__ import annotations

import pytest
from test_panel_report import interview, write

from tui_interview.app import InterviewApp

SIZES = [(80, 24), (40, 12)]


@pytest.fixture
def me_grace(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Grace"\n', encoding="utf-8")
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))


def board(folder, clock, grace_level, app_context):
    """Grace's interview is also in the data folder: only that one is hers."""
    for name, level in (("Grace", grace_level), ("Alan", 2), ("Barbara", 4)):
        session = interview(clock, name, level)
        write(folder, session, clock)
        if name == "Grace":
            app_context.store.create(session)
    return folder


def after(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_panel_screen_before_my_rating_is_locked(
    snap_compare, app_context, clock, tmp_path, size, me_grace
):
    folder = board(tmp_path / "board", clock, None, app_context)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    assert snap_compare(app, terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_panel_screen_after_my_rating_is_locked(
    snap_compare, app_context, clock, tmp_path, size, me_grace
):
    folder = board(tmp_path / "board", clock, 1, app_context)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    assert snap_compare(app, terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_panel_role_grid(snap_compare, app_context, clock, tmp_path, size, me_grace):
    folder = board(tmp_path / "board", clock, 1, app_context)
    app = InterviewApp(app_context, open_panel=([str(folder)], 2))
    assert snap_compare(app, terminal_size=size, run_before=after("v"))
