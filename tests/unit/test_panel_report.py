"""The panel's board report (issue 14, §2, §5, §6): transcripts read from
files and folders, grouped by candidate and plan, mismatches named; per
competency the members' ratings, the spread and its flag; who evidenced what;
both formats; hostile files and text."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import HOSTILE, SMP, FrozenClock, plan_shipped, run_cli, terminal_unsafe
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tui_interview.domain.rating import submit_rating
from tui_interview.domain.recommendation import submit_recommendation
from tui_interview.domain.session import Session
from tui_interview.export.json_export import render_json
from tui_interview.export.markdown import displayed_text
from tui_interview.export.panel import (
    AFTER_THE_FACT,
    competency_reports,
    spread_of,
)
from tui_interview.export.panel_group import plan_id_of
from tui_interview.export.panel_json import render_panel_json
from tui_interview.export.panel_markdown import render_panel_markdown
from tui_interview.export.panel_pipeline import read_panel

MD = MarkdownIt("commonmark").enable("table")
COMPETENCY_NAME = "Service Management Processes"


def interview(
    clock: FrozenClock,
    interviewer: str,
    level: int | None,
    *,
    session_id: str | None = None,
    candidate: str = "Ada Lovelace",
    target: int = 3,
    note: str | None = None,
    behaviour: str = "b1.1",
) -> Session:
    """One interviewer's interview from the shared plan: a note linked as
    evidence to ``behaviour``, a rating of ``level`` and a recommendation."""
    session = plan_shipped(
        clock(),
        target,
        session_id=session_id or f"s-{interviewer.lower()[:8]}",
        candidate=candidate,
        interviewer=interviewer,
    )
    session.start(clock())
    clock.advance(75)
    first = session.plan[0]
    session.record_note(
        note or f"{interviewer} heard the incident story",
        clock(),
        question=first,
        behaviours=[behaviour],
    )
    session.finish(clock.advance(60))
    if level is not None:
        submit_rating(session, SMP, level, f"{interviewer}'s reasons", clock())
        submit_recommendation(session, "yes" if level >= 3 else "no", "on balance", clock())
    return session


def write(folder: Path, session: Session, clock: FrozenClock, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{session.id}.json")
    path.write_text(render_json(session, now=clock()), encoding="utf-8")
    return path


@pytest.fixture
def board(tmp_path, clock) -> Path:
    """The issue's scenario: one plan, three interviewer names, rated 1, 2 and 4."""
    folder = tmp_path / "board"
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", 4)):
        write(folder, interview(clock, name, level), clock)
    return folder


def test_three_interviews_of_one_plan_rated_1_2_4_give_spread_3_flagged_in_json(board):
    document = json.loads(render_panel_json(read_panel([board])))
    [group] = document["groups"]
    assert group["candidate"] == "Ada Lovelace"
    assert sorted(m["interviewer"] for m in group["members"]) == ["Alan", "Barbara", "Grace"]
    assert {Path(m["file"]).name for m in group["members"]} == {
        "s-grace.json",
        "s-alan.json",
        "s-barbara.json",
    }
    [competency] = group["competencies"]
    assert competency["competency_id"] == SMP
    assert competency["spread"] == 3
    assert competency["flagged"] is True
    assert competency["consensus"] is None
    levels = {r["interviewer"]: r["level"] for r in competency["ratings"]}
    assert levels == {"Grace": 1, "Alan": 2, "Barbara": 4}
    assert {r["revision"] for r in competency["ratings"]} == {1}
    assert competency["ratings"][0]["rationale"].endswith("'s reasons")
    [b11] = [b for b in competency["behaviours"] if b["id"] == "b1.1"]
    assert sorted(b11["evidenced_by"]) == ["Alan", "Barbara", "Grace"]
    assert document["mismatches"] == [] and document["unreadable"] == []
    assert document["note"] == AFTER_THE_FACT


def test_the_same_scenario_in_markdown_says_flagged_and_after_the_fact(board):
    text = render_panel_markdown(read_panel([board]))
    assert AFTER_THE_FACT in text
    assert "**Flagged: spread 3**" in text
    rows = table_rows(MD.parse(text))
    # The members' table (a header and three rows), then the ratings' table.
    assert rows[4][:2] == ["Interviewer", "Level"]
    assert {row[0]: row[1] for row in rows[5:]} == {"Grace": "1", "Alan": "2", "Barbara": "4"}
    # Who said what: each member's note with its interview-clock time.
    assert "Grace [01:15]: Grace heard the incident story" in text


def test_the_cli_writes_both_formats_and_prints_nothing(board, tmp_path, cli_env):
    out_md, out_json = tmp_path / "report.md", tmp_path / "report.json"
    result = run_cli(cli_env, "panel", str(board), "--format", "json", "-o", str(out_json))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    group = json.loads(out_json.read_text())["groups"][0]
    assert (group["competencies"][0]["spread"], group["competencies"][0]["flagged"]) == (3, True)
    result = run_cli(cli_env, "panel", str(board), "-o", str(out_md))
    assert (result.returncode, result.stdout) == (0, "")
    assert "**Flagged: spread 3**" in out_md.read_text()
    assert os.stat(out_md).st_mode & 0o077 == 0
    # Without -o the report goes to stdout; with --spread 4 nothing is flagged.
    result = run_cli(cli_env, "panel", *sorted(map(str, board.iterdir())), "--spread", "4")
    assert result.returncode == 0
    assert "Spread: 3." in result.stdout and "Flagged" not in result.stdout


def test_spread_is_null_with_fewer_than_two_ratings(tmp_path, clock):
    folder = tmp_path / "p"
    write(folder, interview(clock, "Grace", 3), clock)
    write(folder, interview(clock, "Alan", None), clock)
    panel = read_panel([folder])
    [report] = competency_reports(panel.groups[0])
    assert (report.spread, report.flagged) == (None, False)
    [competency] = json.loads(render_panel_json(panel))["groups"][0]["competencies"]
    assert competency["spread"] is None and competency["not_rated"] == ["Alan"]
    assert "it takes two" in render_panel_markdown(panel)


def test_spread_counts_levels_not_no_evidence():
    assert spread_of([2, 3]) == 1
    assert spread_of([0, 4]) is None
    assert spread_of([0, 1, 4]) == 3
    assert spread_of([]) is None


def test_latest_revision_with_history_and_suggestion_then(tmp_path, clock):
    session = interview(clock, "Grace", 2)
    submit_rating(session, SMP, 3, "better on reflection", clock.advance(), reason="re-read notes")
    folder = tmp_path / "p"
    write(folder, session, clock)
    write(folder, interview(clock, "Alan", 3), clock)
    panel = read_panel([folder])
    [competency] = json.loads(render_panel_json(panel))["groups"][0]["competencies"]
    grace = next(r for r in competency["ratings"] if r["interviewer"] == "Grace")
    assert (grace["level"], grace["revision"]) == (3, 2)
    assert [r["level"] for r in grace["history"]] == [2, 3]
    assert grace["history"][1]["reason"] == "re-read notes"
    assert grace["suggested_level"] == session.ratings[-1].suggested_level
    assert grace["evidence_count"] == 1
    assert competency["spread"] == 0 and competency["flagged"] is False
    text = render_panel_markdown(panel)
    assert "Grace, revision 1: level 2" in text


def test_mismatching_files_are_named_with_the_reason(tmp_path, clock):
    folder = tmp_path / "p"
    grace = interview(clock, "Grace", 2)
    first = write(folder, grace, clock, "a.json")
    twice = write(folder, grace, clock, "b.json")  # the same session again
    again = write(folder, interview(clock, "grace ", 3, session_id="other"), clock, "c.json")
    other_plan = write(folder, interview(clock, "Alan", 3, target=4), clock, "d.json")
    other_person = write(
        folder, interview(clock, "Alan", 3, session_id="x", candidate="Bo"), clock, "e.json"
    )
    panel = read_panel([folder])
    reasons = {Path(m.file).name: (m.reason, Path(m.other).name) for m in panel.mismatches}
    assert reasons == {
        twice.name: ("same session", first.name),
        again.name: ("same interviewer", first.name),
        other_plan.name: ("another plan", first.name),
        other_person.name: ("another candidate", first.name),
    }
    # A second copy of a session is left out; a second session of one
    # interviewer is kept and flagged (issue 24, §2); another plan or
    # candidate is its own group.
    assert [[Path(m.file).name for m in g.members] for g in panel.groups] == [
        ["a.json", "c.json"],
        ["d.json"],
        ["e.json"],
    ]
    reasons_json = {m["reason"] for m in json.loads(render_panel_json(panel))["mismatches"]}
    assert reasons_json == {"same session", "same interviewer", "another plan", "another candidate"}


def test_plan_id_is_a_fingerprint_of_the_plan_until_sessions_record_one(clock):
    # Sessions from before plans had ids (plan_id None) get a fingerprint.
    a = plan_shipped(clock(), 3, session_id="a", interviewer="A")
    b = plan_shipped(clock.advance(), 3, session_id="b", interviewer="B", candidate="Other")
    c = plan_shipped(clock(), 4, session_id="c")
    d = plan_shipped(clock(), 3, session_id="d")
    recorded = a.plan_id
    for old in (a, b, c, d):
        old.plan_id = None
    assert plan_id_of(a) == plan_id_of(b) != plan_id_of(c)
    d.competencies[0].question_ids.reverse()
    assert plan_id_of(d) != plan_id_of(a)  # same questions, another order
    assert all(plan_id_of(old).startswith("plan-") for old in (a, b, c, d))
    a.plan_id = recorded  # a session that records its plan's id is grouped by it
    assert plan_id_of(a) == recorded


# -- hostile text and files ----------------------------------------------------------


def inline_tokens(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.type == "inline"]


def table_rows(tokens: list[Token]) -> list[list[str]]:
    rows: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        if token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            rows[-1].append(plain(token))
    return rows


def plain(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "text_special"):
            parts.append(child.content)
        elif child.type in ("hardbreak", "softbreak"):
            parts.append("\n")
    return "".join(parts)


HOSTILE_TEXT = [
    "# heading\n| a | b |\n---",
    "*em* **strong** `code` <b>html</b> [link](x) ![i](y) &amp;",
    "1. item\n- item\n> quote\n    code",
    "".join(HOSTILE),
    "  spaces \\ back|slash  ",
]


@pytest.mark.parametrize("hostile", HOSTILE_TEXT)
def test_hostile_names_and_notes_cannot_break_the_markdown_report(tmp_path, clock, hostile):
    folder = tmp_path / "p"
    for n, level in ((1, 1), (2, 4)):
        name = f"{hostile} {n}"
        write(
            folder,
            interview(clock, name, level, session_id=f"h{n}", candidate=hostile, note=hostile),
            clock,
        )
    text = render_panel_markdown(read_panel([folder]))
    tokens = MD.parse(text)
    headings = [plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    # The new-interview form trims names; notes are kept as typed.
    shown = displayed_text(hostile.strip())
    names = [displayed_text(f"{hostile} {n}".strip()) for n in (1, 2)]
    assert headings[0] == "Panel report"
    assert headings[1].startswith(shown + " — plan ")
    assert headings[2:] == [COMPETENCY_NAME, "Who said what"]
    # Two tables: members (3 rows with the header) and ratings (3 rows).
    rows = table_rows(tokens)
    assert len(rows) == 6
    assert [row[0] for row in rows[1:3]] == names
    assert [row[0] for row in rows[4:]] == names
    assert all(len(row) == 7 for row in rows[3:])
    # No markup of the text's own: only the report's emphasis and bold.
    for token in inline_tokens(tokens):
        for child in token.children or []:
            assert child.type in (
                "text",
                "text_special",
                "hardbreak",
                "softbreak",
                "em_open",
                "em_close",
                "strong_open",
                "strong_close",
            ), child
    notes = [plain(t) for t in inline_tokens(tokens) if plain(t).startswith(f"{names[0]} [")]
    assert notes == [f"{names[0]} [01:15]: {displayed_text(hostile)}"]


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    env["TUI_INTERVIEW_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_hostile_files_get_a_clear_error_naming_the_file(tmp_path, clock, cli_env):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "broken.json").write_text('{"format": ', encoding="utf-8")
    newer = json.loads(render_json(interview(clock, "Grace", 2), now=clock()))
    newer["schema_version"] = 999
    (folder / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    (folder / "latin1.json").write_bytes(b"\xff\xfe{}")
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")
    result = run_cli(cli_env, "panel", str(folder), str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any("broken.json: not a JSON file" in line for line in lines)
    assert any("newer.json: made by a newer version" in line for line in lines)
    assert any("latin1.json: not a JSON file (not UTF-8 text)" in line for line in lines)
    assert any("list.json: not a tui-interview session export" in line for line in lines)
    assert any("missing.json: no such file or folder" in line for line in lines)
    assert lines[-1] == (
        "tui-interview: 4 files could not be read (named above); no transcript to report"
    )


def test_contradicting_files_are_named_and_the_usable_ones_reported(tmp_path, clock, cli_env):
    folder = tmp_path / "p"
    grace = interview(clock, "Grace", 1)
    write(folder, grace, clock, "a.json")
    grace.ratings.clear()  # the same session, now contradicting the first file
    submit_rating(grace, SMP, 4, "changed", clock())
    write(folder, grace, clock, "b.json")
    write(folder, interview(clock, "Alan", 3), clock, "c.json")
    (folder / "z.json").write_text("not json", encoding="utf-8")
    result = run_cli(cli_env, "panel", str(folder), "--format", "json")
    assert result.returncode == 0
    assert "b.json: same session: session s-grace: it is also in" in result.stderr
    assert "z.json: not a JSON file" in result.stderr
    document = json.loads(result.stdout)
    [competency] = document["groups"][0]["competencies"]
    assert {r["interviewer"]: r["level"] for r in competency["ratings"]} == {"Grace": 1, "Alan": 3}
    assert [Path(u["file"]).name for u in document["unreadable"]] == ["z.json"]


def test_hostile_names_in_the_cli_messages_are_visible_symbols(tmp_path, clock, cli_env):
    folder = tmp_path / "p"
    name = "".join(HOSTILE)
    write(folder, interview(clock, name, 2, session_id="a1"), clock, "a.json")
    write(folder, interview(clock, name, 3, session_id="a2"), clock, "b.json")
    result = run_cli(cli_env, "panel", str(folder))
    assert result.returncode == 0
    assert "b.json: same interviewer: " in result.stderr
    assert displayed_text(name) in result.stderr
    assert terminal_unsafe(result.stderr) == []


def test_an_existing_output_file_is_kept_without_force(board, tmp_path, cli_env):
    out = tmp_path / "report.md"
    out.write_text("keep me", encoding="utf-8")
    result = run_cli(cli_env, "panel", str(board), "-o", str(out))
    assert result.returncode == 2 and "use --force" in result.stderr
    assert out.read_text() == "keep me"
    assert run_cli(cli_env, "panel", str(board), "-o", str(out), "--force").returncode == 0
    assert out.read_text().startswith("# Panel report")
