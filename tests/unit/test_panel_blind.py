"""Blind first, the rule itself (export/panel_blind.py): who "me" is, what
is hidden until my rating is locked, and the role grid blinded and sorted by
what is shown."""

from __future__ import annotations

from conftest import SMP, plan_shipped
from test_panel_report import interview, write

from tui_interview.domain.rating import submit_rating
from tui_interview.export.panel import competency_reports
from tui_interview.export.panel_blind import (
    HIDDEN_CELL,
    blind_grid,
    blind_view,
    my_sessions,
    who_is_me,
)
from tui_interview.export.panel_pipeline import read_panel
from tui_interview.export.role_grid import role_grid


def test_me_is_the_configured_interviewer_else_the_last_name_used(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))
    assert who_is_me("Alan") == "Alan"
    config.write_text('interviewer = "Grace"\n', encoding="utf-8")
    assert who_is_me("Alan") == "Grace"
    config.write_text("interviewer = 3\n", encoding="utf-8")  # unreadable: unset
    assert who_is_me("Alan") == "Alan"


def test_others_are_hidden_until_my_own_rating_is_locked(tmp_path, clock):
    folder = tmp_path / "p"
    for name, level in (("Alan", 2), ("Barbara", 4)):
        write(folder, interview(clock, name, level), clock)
    [group] = read_panel([folder]).groups
    [report] = competency_reports(group)
    mine = plan_shipped(clock(), 3, session_id="mine01", interviewer=" grace ")
    other_plan = plan_shipped(clock(), 2, session_id="mine02", interviewer="Grace")
    sessions = my_sessions(group, "Grace", [mine, other_plan])
    assert [label for _, label in sessions] == ["your session mine01"]
    view = blind_view(report, "Grace", sessions)
    assert (view.unlocked, view.shown, view.hidden) == (False, (), 2)
    assert "Hidden: 2 members' ratings" in view.hidden_text("Grace")
    submit_rating(mine, SMP, 3, "mine", clock())
    view = blind_view(report, "Grace", my_sessions(group, "Grace", [mine]))
    assert view.unlocked and view.mine is not None and view.mine.level == 3
    assert [m.interviewer for m in view.shown] == ["Alan", "Barbara"]
    assert view.hidden_text("Grace") == ""


def test_the_grid_hides_medians_and_verdicts_and_sorts_them_last(tmp_path, clock):
    folder = tmp_path / "p"
    for candidate, grace in (("Ada", 1), ("Bob", None)):
        for name, level in (("Grace", grace), ("Alan", 5), ("Barbara", 5)):
            session_id = f"{candidate}-{name}"
            write(
                folder,
                interview(clock, name, level, candidate=candidate, session_id=session_id),
                clock,
            )
    panel = read_panel([folder])
    grid = role_grid(panel, None)
    # My sessions come from my own data folder only (issue 24, §2).
    mine = [m.session for g in panel.groups for m in g.members if m.session.interviewer == "Grace"]
    shown = blind_grid(grid, "Grace", mine, sort_by=SMP, descending=True)
    bob, ada = grid.rows[1], grid.rows[0]
    assert bob.cell(SMP).text.startswith("5 (m)"), "the grid itself holds Bob's median"
    assert [r.candidate for r in shown.rows] == ["Ada", "Bob"], "hidden sorts last"
    assert shown.rows[1].cell(SMP).text == HIDDEN_CELL
    assert shown.rows[1].recommendation.text == HIDDEN_CELL
    assert shown.rows[0].cell(SMP).text == ada.cell(SMP).text
