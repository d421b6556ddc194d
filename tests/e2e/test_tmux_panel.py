"""The issue's Done-when in a real terminal (tmux): three interviews of one
plan by three interviewer names, rated 1, 2 and 4 and exported as JSON; the
Panel screen opened with ``tui-interview panel FOLDER``, others hidden until
my own rating is locked, spread 3 flagged, a consensus recorded with keys
sent in one burst; then both report formats show it."""

from __future__ import annotations

import json

import pytest
from conftest import SMP, FrozenClock, plan_shipped, run_cli
from test_panel_report import interview, write
from test_tmux_interview import TMUX, home, terminal_factory  # noqa: F401 (fixtures)

from tui_interview.domain.rating import submit_rating
from tui_interview.storage import SessionStore

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.slow,
]


def test_done_when_in_a_real_terminal(tmp_path, clock: FrozenClock, terminal_factory):  # noqa: F811
    board = tmp_path / "board"
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", 4)):
        write(board, interview(clock, name, level), clock)
    others = tmp_path / "others"
    others.mkdir()
    for name in ("s-alan.json", "s-barbara.json"):
        (others / name).write_bytes((board / name).read_bytes())
    # Grace's own interview, in her data folder, not rated yet.
    data = tmp_path / "data"
    store = SessionStore(data, now=clock)
    store.create(plan_shipped(clock(), 3, session_id="mine01", interviewer="Grace"))
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Grace"\n', encoding="utf-8")

    term = terminal_factory()
    term.env["TUI_INTERVIEW_CONFIG"] = str(config)
    term.env["TUI_INTERVIEW_STATE_DIR"] = str(tmp_path / "state")
    term.start("--data-dir", str(data), "panel", str(others))
    screen = term.wait_for_text("You: Grace")
    assert "Hidden: 2 members' ratings" in screen
    assert "hidden: Alan, Barbara" in screen
    assert "Alan: level" not in screen and "FLAGGED" not in screen

    # Grace locks her own rating (in her own session), then reads again.
    with store.open("mine01") as handle:
        submit_rating(handle.session, SMP, 1, "one story at level 1", clock())
        handle.save()
    term.keys("r")
    screen = term.wait_for_text("Your rating (your session mine01): level 1")
    assert "⚠ FLAGGED: spread 2" in screen and "Alan: level 2" in screen
    term.keys("Escape")
    term.wait_for_text("Interviews")
    term.keys("C-q")
    assert term.wait_for_exit() == 0

    # The whole board: spread 3, flagged; the consensus typed in one burst.
    term = terminal_factory()
    term.env["TUI_INTERVIEW_CONFIG"] = str(config)
    term.env["TUI_INTERVIEW_STATE_DIR"] = str(tmp_path / "state")
    term.start("--data-dir", str(data), "panel", str(board))
    screen = term.wait_for_text("⚠ FLAGGED: spread 3 (≥ 2)")
    name = term.name
    term.tmux(
        "send-keys", "-t", name, "c", "2", "Tab", ";",
        "send-keys", "-t", name, "-l", "Two of three heard level 2 stories", ";",
        "send-keys", "-t", name, "Enter",
    )  # fmt: skip
    term.wait_for_text("Consensus: level 2 (revision 1")
    term.keys("C-q")
    assert term.wait_for_exit() == 0

    env = {**term.env, "TUI_INTERVIEW_DATA_DIR": str(data)}
    result = run_cli(env, "panel", str(board), "--format", "json")
    assert result.returncode == 0, result.stderr
    [competency] = json.loads(result.stdout)["groups"][0]["competencies"]
    # Reconciled, no longer flagged (issue 23, §3).
    assert (competency["spread"], competency["flagged"]) == (3, False)
    assert competency["reconciled"]["level"] == 2
    assert competency["consensus"]["level"] == 2
    assert competency["consensus"]["rationale"] == "Two of three heard level 2 stories"
    assert competency["consensus"]["participants"] == ["Alan", "Barbara", "Grace"]
    result = run_cli(env, "panel", str(board), "--format", "markdown")
    assert "Consensus: **level 2**" in result.stdout
    assert "reconciled: the board agreed on level 2" in result.stdout
    assert "**Flagged: spread 3**" not in result.stdout
    # Another member, with an empty data folder of their own, sees it too:
    # the consensus file was written next to the transcripts.
    [shared] = board.glob("consensus_*.json")
    other = {**term.env, "TUI_INTERVIEW_DATA_DIR": str(tmp_path / "alan-data")}
    result = run_cli(other, "panel", str(board), "--format", "json")
    [competency] = json.loads(result.stdout)["groups"][0]["competencies"]
    assert competency["consensus"]["level"] == 2 and competency["flagged"] is False
