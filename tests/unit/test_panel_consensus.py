"""Consensus in the panel reports (issue 14, §3) and the grid comparing
candidates for a role (§4): both formats, the CLI reading consensus records
from the data folder, sorting by each column, hostile text."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import CONTENT_DIR, HOSTILE, SMP, FrozenClock, run_cli
from test_panel_report import HOSTILE_TEXT, MD, inline_tokens, interview, plain, table_rows, write

from tui_interview.content.loader import load_file
from tui_interview.domain.consensus import Consensus
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.rating import submit_rating
from tui_interview.domain.recommendation import submit_recommendation
from tui_interview.domain.session import Session
from tui_interview.domain.timeutil import format_date, format_timestamp, to_iso
from tui_interview.export.markdown import displayed_text
from tui_interview.export.panel_group import Panel, attach_consensus, group_transcripts
from tui_interview.export.panel_json import render_panel_json, render_role_json
from tui_interview.export.panel_markdown import render_panel_markdown, render_role_markdown
from tui_interview.export.panel_pipeline import read_panel
from tui_interview.export.panel_read import ConsensusFile, Transcript
from tui_interview.export.role_grid import (
    CANDIDATE,
    FLAG_MARK,
    RECOMMENDATION,
    GridError,
    role_grid,
)
from tui_interview.storage.consensus_store import ConsensusStore

OTHER = "incident-comms"
INLINE_TYPES = {
    "text",
    "text_special",
    "hardbreak",
    "softbreak",
    "em_open",
    "em_close",
    "strong_open",
    "strong_close",
}


def with_consensus(panel: Panel, *records: Consensus) -> Panel:
    """The panel (its groups copied) with these consensus records attached."""
    groups = [dataclasses.replace(g, members=list(g.members)) for g in panel.groups]
    attach_consensus(groups, [ConsensusFile("test", r) for r in records])
    return dataclasses.replace(panel, groups=groups)


# -- §3: the Done-when scenario through the real command ---------------------------


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    env["TUI_INTERVIEW_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_spread_3_flagged_then_a_recorded_consensus_appears_in_both_formats(
    tmp_path, clock, cli_env
):
    folder = tmp_path / "board"
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", 4)):
        write(folder, interview(clock, name, level), clock)
    result = run_cli(cli_env, "panel", str(folder), "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    [group] = json.loads(result.stdout)["groups"]
    [competency] = group["competencies"]
    assert (competency["spread"], competency["flagged"]) == (3, True)
    assert competency["consensus"] is None
    assert (group["consensus_id"], group["consensus_recommendation"]) == (None, None)

    store = ConsensusStore(Path(cli_env["TUI_INTERVIEW_DATA_DIR"]), now=clock)
    record = Consensus(
        store.new_id(),
        "ada  LOVELACE",  # matched with case and spacing ignored
        "Service Manager",
        group["plan_id"],
        tuple(m["session_id"] for m in group["members"]),
    )
    everyone = ["Grace", "Alan", "Barbara"]
    record.record_rating(SMP, 2, "Agreed after the incident story", everyone, clock())
    second_at = clock.advance(60)
    record.record_rating(SMP, 3, "Barbara's notes convinced us", everyone, second_at, "re-read")
    record.record_recommendation("yes", "Hire for the on-call team", ["Grace", "Alan"], clock())
    store.save(record)

    result = run_cli(cli_env, "panel", str(folder), "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    [group] = json.loads(result.stdout)["groups"]
    [competency] = group["competencies"]
    latest = {
        "level": 3,
        "rationale": "Barbara's notes convinced us",
        "participants": everyone,
        "revision": 2,
        "reason": "re-read",
        "recorded_at": to_iso(second_at),
    }
    first = {
        "level": 2,
        "rationale": "Agreed after the incident story",
        "participants": everyone,
        "revision": 1,
        "reason": None,
        "recorded_at": to_iso(second_at - timedelta(seconds=60)),
    }
    assert competency["consensus"] == {**latest, "history": [first, latest]}
    # The members' spread is still 3, but reconciled: no longer flagged (issue 23, §3).
    assert (competency["spread"], competency["flagged"]) == (3, False)
    assert competency["reconciled"] == {"level": 3, "recorded_at": to_iso(second_at)}
    assert group["consensus_id"] == record.id
    agreed = {
        "verdict": "yes",
        "rationale": "Hire for the on-call team",
        "participants": ["Grace", "Alan"],
        "revision": 1,
        "reason": None,
        "recorded_at": to_iso(clock()),
    }
    assert group["consensus_recommendation"] == {**agreed, "history": [agreed]}

    result = run_cli(cli_env, "panel", str(folder))
    assert result.returncode == 0
    text = result.stdout
    assert (
        f"Consensus: **level 3** (revision 2, reason: re-read; recorded "
        f"{format_timestamp(second_at)}; with Grace, Alan, Barbara) — Barbara's notes "
        "convinced us" in text
    )
    assert "Consensus recommendation: **Yes** (revision 1; recorded" in text
    assert (
        "Earlier consensus revisions:\n\n- level 2 (revision 1; recorded "
        f"{format_timestamp(second_at - timedelta(seconds=60))}; with Grace, Alan, Barbara) "
        "— Agreed after the incident story" in text
    )
    assert "Consensus: none recorded." not in text

    # Another data folder holds no consensus: the report says so.
    other = run_cli(cli_env, "panel", str(folder), "--data-dir", str(tmp_path / "elsewhere"))
    assert "Consensus: none recorded." in other.stdout
    assert "Consensus recommendation: none recorded." in other.stdout


def test_a_consensus_for_another_plan_or_candidate_is_not_used(tmp_path, clock):
    folder = tmp_path / "board"
    for name, level in (("Grace", 1), ("Alan", 2)):
        write(folder, interview(clock, name, level), clock)
    panel = read_panel([folder])
    plan = panel.groups[0].plan_id
    wrong_plan = Consensus("aaa222", "Ada Lovelace", "", "another-plan")
    wrong_plan.record_rating(SMP, 5, "r", "Bo", clock())
    wrong_person = Consensus("bbb333", "Ada Byron", "", plan)
    wrong_person.record_rating(SMP, 5, "r", "Bo", clock())
    document = json.loads(render_panel_json(with_consensus(panel, wrong_plan, wrong_person)))
    assert document["groups"][0]["competencies"][0]["consensus"] is None


def test_a_damaged_consensus_record_is_named_and_the_report_still_written(tmp_path, clock, cli_env):
    folder = tmp_path / "board"
    write(folder, interview(clock, "Grace", 1), clock)
    consensus_dir = Path(cli_env["TUI_INTERVIEW_DATA_DIR"]) / "consensus"
    consensus_dir.mkdir(parents=True)
    (consensus_dir / "bad222.json").write_text('{"format": "x"}')
    result = run_cli(cli_env, "panel", str(folder), "--format", "json")
    assert result.returncode == 0
    assert "Consensus record bad222 could not be read" in result.stderr
    assert "moved to" in result.stderr
    assert json.loads(result.stdout)["groups"][0]["competencies"][0]["consensus"] is None


@pytest.mark.parametrize("hostile", HOSTILE_TEXT)
def test_hostile_consensus_text_cannot_break_the_markdown_report(tmp_path, clock, hostile):
    folder = tmp_path / "p"
    write(folder, interview(clock, "Grace", 1), clock)
    panel = read_panel([folder])
    record = Consensus("aaa222", "Ada Lovelace", "", panel.groups[0].plan_id)
    record.record_rating(SMP, 3, hostile, [hostile, "Bo"], clock())
    record.record_recommendation("no", hostile, [hostile], clock())
    text = render_panel_markdown(with_consensus(panel, record))
    tokens = MD.parse(text)
    headings = [plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Panel report" and len(headings) == 4
    for token in inline_tokens(tokens):
        assert {child.type for child in token.children or []} <= INLINE_TYPES
    name = displayed_text(" ".join(hostile.split()))
    when = format_timestamp(clock())
    paragraphs = [plain(t) for t in inline_tokens(tokens)]
    assert (
        f"Consensus: level 3 (revision 1; recorded {when}; with {name}, Bo) — "
        f"{displayed_text(hostile.strip())}" in paragraphs
    )
    assert (
        f"Consensus recommendation: No (revision 1; recorded {when}; with {name}) — "
        f"{displayed_text(hostile.strip())}" in paragraphs
    )


# -- §4: the grid -------------------------------------------------------------------


def two_competency_session(
    clock: FrozenClock,
    candidate: str,
    interviewer: str,
    levels: dict[str, int],
    verdict: str | None = None,
    role: str = "Service Manager",
) -> Session:
    smp, _ = load_file(CONTENT_DIR / f"{SMP}.yaml")
    other = dataclasses.replace(smp, id=OTHER, name="Incident communication")
    session = plan_session(
        session_id=f"{candidate.split()[0].lower()[:6]}-{interviewer.lower()}",
        candidate=candidate,
        role=role,
        interviewer=interviewer,
        choices=[CompetencyChoice(smp, 3), CompetencyChoice(other, 3)],
        now=clock(),
    )
    session.start(clock())
    session.finish(clock.advance(600))
    for competency_id, level in levels.items():
        submit_rating(session, competency_id, level, f"{interviewer} says", clock())
    if verdict:
        submit_recommendation(session, verdict, "on balance", clock())
    return session


def board_sessions(clock: FrozenClock) -> list[Session]:
    """Ada (a consensus on SMP and the recommendation), Bob, Cy, and Dee
    interviewed for another role."""
    return [
        two_competency_session(clock, "Ada Lovelace", "Grace", {SMP: 1, OTHER: 2}, "yes"),
        two_competency_session(clock, "Ada Lovelace", "Alan", {SMP: 2, OTHER: 3}, "no"),
        two_competency_session(clock, "Ada Lovelace", "Barbara", {SMP: 4}, "yes"),
        two_competency_session(clock, "Bob Smith", "Grace", {SMP: 2, OTHER: 5}, "no"),
        two_competency_session(clock, "Bob Smith", "Alan", {SMP: 3, OTHER: 4}, "strong_no"),
        two_competency_session(clock, "Cy Young", "Grace", {OTHER: 1}),
        two_competency_session(
            clock, "Dee Dee", "Grace", {SMP: 5, OTHER: 5}, "yes", role="Developer"
        ),
    ]


def board_panel(clock: FrozenClock) -> tuple[Panel, Consensus]:
    transcripts = [Transcript(f"{s.id}.json", s) for s in board_sessions(clock)]
    groups, mismatches = group_transcripts(transcripts)
    panel = Panel(groups, mismatches, [])
    ada = next(g for g in groups if g.candidate == "Ada Lovelace")
    record = Consensus("aaa222", "Ada Lovelace", "Service Manager", ada.plan_id)
    record.record_rating(SMP, 3, "agreed", ["Grace", "Alan", "Barbara"], clock())
    record.record_recommendation("strong_yes", "hire", ["Grace"], clock())
    return panel, record


def test_the_grid_cells_say_consensus_or_median_flags_and_recommendations(clock):
    panel, record = board_panel(clock)
    grid = role_grid(with_consensus(panel, record), "  service MANAGER ")
    day = format_date(record.ratings[-1].recorded_at)
    assert [c.key for c in grid.columns] == [CANDIDATE, SMP, OTHER, RECOMMENDATION]
    assert [c.title for c in grid.columns][2] == "Incident communication"
    shown = {row.candidate: grid.texts(row) for row in grid.rows}
    assert shown == {
        # Reconciled (issue 23, §3): the day and level, no flag.
        "Ada Lovelace": ["Ada Lovelace", f"3 (c {day})", "2.5 (m)", "Strong yes (c)"],
        "Bob Smith": ["Bob Smith", "2.5 (m)", "4.5 (m)", "1 No, 1 Strong no"],
        # One member's rating says so (issue 23, §5).
        "Cy Young": ["Cy Young", "—", "1 (1 rating)", "—"],
    }
    ada = grid.rows[0]
    assert (ada.cell(SMP).level, ada.cell(SMP).source, ada.cell(SMP).flagged) == (
        3.0,
        "consensus",
        False,
    )
    assert ada.cell(SMP).reconciled
    # Without the record Ada's cells are the members' medians and verdicts.
    bare = role_grid(panel, "Service Manager")
    assert bare.texts(bare.rows[0])[1:] == [f"2 (m) {FLAG_MARK}", "2.5 (m)", "2 Yes, 1 No"]
    # Every role: Dee is there too; another role: only Dee.
    assert [r.candidate for r in role_grid(panel, None).rows][-1] == "Dee Dee"
    assert [r.candidate for r in role_grid(panel, "developer").rows] == ["Dee Dee"]
    assert role_grid(panel, "Astronaut").rows == ()


@pytest.mark.parametrize(
    ("column", "ascending", "descending"),
    [
        (CANDIDATE, ["Ada", "Bob", "Cy"], ["Cy", "Bob", "Ada"]),
        (SMP, ["Bob", "Ada", "Cy"], ["Ada", "Bob", "Cy"]),
        (OTHER, ["Cy", "Ada", "Bob"], ["Bob", "Ada", "Cy"]),
        (RECOMMENDATION, ["Bob", "Ada", "Cy"], ["Ada", "Bob", "Cy"]),
    ],
)
def test_the_grid_sorts_by_each_column_with_empty_cells_last(clock, column, ascending, descending):
    panel, record = board_panel(clock)
    for desc, expected in ((False, ascending), (True, descending)):
        grid = role_grid(with_consensus(panel, record), "Service Manager", column, desc)
        assert [row.candidate.split()[0] for row in grid.rows] == expected
        assert (grid.sort_by, grid.descending) == (column, desc)


def test_an_unknown_sort_column_is_refused_naming_the_columns(clock):
    panel, _ = board_panel(clock)
    with pytest.raises(
        GridError, match=f"no column 'speed' to sort by; the columns are candidate, {SMP}"
    ):
        role_grid(panel, None, sort_by="speed")


def test_the_grid_in_markdown_is_a_table_in_the_role_and_panel_reports(clock):
    panel, record = board_panel(clock)
    grid = role_grid(with_consensus(panel, record), "Service Manager", SMP, True)
    text = render_role_markdown(grid, panel)
    rows = table_rows(MD.parse(text))
    assert rows[0] == ["Candidate", SMP, OTHER, "Recommendation"]
    assert rows[1:] == [grid.texts(row) for row in grid.rows]
    assert f"Sorted by {SMP}, descending." in text
    # The full report has the same grid first when several candidates are read.
    full = render_panel_markdown(with_consensus(panel, record))
    assert "## Candidates compared" in full
    full_rows = table_rows(MD.parse(full))
    every = role_grid(with_consensus(panel, record), None)
    assert full_rows[: len(every.rows) + 1] == [rows[0]] + [every.texts(r) for r in every.rows]


def test_the_grid_in_json(clock):
    panel, record = board_panel(clock)
    grid = role_grid(with_consensus(panel, record), "service manager", OTHER)
    document = json.loads(render_role_json(grid, panel, threshold=2))
    assert document["format"] == "tui-interview-panel" and "groups" not in document
    data = document["grid"]
    assert data["role"] == "service manager"
    assert data["sort"] == {"column": OTHER, "descending": False}
    assert [c["key"] for c in data["columns"]] == [CANDIDATE, SMP, OTHER, RECOMMENDATION]
    assert [r["candidate"] for r in data["rows"]] == ["Cy Young", "Ada Lovelace", "Bob Smith"]
    ada = data["rows"][1]
    assert ada["cells"][SMP] == {
        "level": 3.0,
        "source": "consensus",
        "flagged": False,
        "reconciled": True,
    }
    assert ada["cells"][OTHER] == {
        "level": 2.5,
        "source": "median",
        "flagged": False,
        "reconciled": False,
    }
    assert ada["recommendation"] == {"source": "consensus", "rank": 4.0, "text": "Strong yes (c)"}
    assert data["rows"][0]["cells"][SMP] == {
        "level": None,
        "source": None,
        "flagged": False,
        "reconciled": False,
    }
    assert data["rows"][0]["recommendation"]["source"] is None


@pytest.mark.parametrize("hostile", HOSTILE_TEXT)
def test_hostile_names_cannot_break_the_grid(clock, hostile):
    sessions = [
        two_competency_session(clock, f"{hostile} A", "Grace", {SMP: 2}),
        two_competency_session(clock, f"Zed {hostile}", "Alan", {SMP: 4}),
    ]
    transcripts = [Transcript(f"{i}.json", s) for i, s in enumerate(sessions)]
    groups, mismatches = group_transcripts(transcripts)
    panel = Panel(groups, mismatches, [])
    text = render_panel_markdown(panel)
    tokens = MD.parse(text)
    for token in inline_tokens(tokens):
        assert {child.type for child in token.children or []} <= INLINE_TYPES
    rows = table_rows(tokens)
    assert rows[0] == ["Candidate", SMP, OTHER, "Recommendation"]
    expected = sorted(sessions, key=lambda s: " ".join(s.candidate.split()).casefold())
    assert [row[0].strip() for row in rows[1:3]] == [
        displayed_text(s.candidate).strip() for s in expected
    ]
    assert all(len(row) == 4 for row in rows[1:3])


def test_the_role_command_writes_the_grid_sorted(tmp_path, clock, cli_env):
    panel, record = board_panel(clock)
    folder = tmp_path / "all"
    for group in panel.groups:
        for member in group.members:
            write(folder, member.session, clock)
    store = ConsensusStore(Path(cli_env["TUI_INTERVIEW_DATA_DIR"]), now=clock)
    store.save(record)
    out = tmp_path / "grid.md"
    result = run_cli(
        cli_env,
        "panel",
        "--role",
        "SERVICE manager",
        str(folder),
        "--sort",
        SMP,
        "--desc",
        "-o",
        str(out),
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    rows = table_rows(MD.parse(out.read_text()))
    assert [row[0] for row in rows[1:]] == ["Ada Lovelace", "Bob Smith", "Cy Young"]
    assert rows[1][1] == f"3 (c {format_date(record.ratings[-1].recorded_at)})"
    assert out.stat().st_mode & 0o077 == 0
    result = run_cli(cli_env, "panel", str(folder), "--role", "Developer", "--format", "json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert [r["candidate"] for r in document["grid"]["rows"]] == ["Dee Dee"]
    # A group per candidate is the point here: not named as a mismatch.
    assert (document["mismatches"], result.stderr) == ([], "")
    assert "another candidate" in run_cli(cli_env, "panel", str(folder)).stderr
    result = run_cli(cli_env, "panel", str(folder), "--role", "Astronaut")
    assert result.returncode == 2 and result.stdout == ""
    assert "no interview for the role 'Astronaut' (roles read: developer, service manager)" in (
        result.stderr
    )
    result = run_cli(cli_env, "panel", str(folder), "--role", "Developer", "--sort", "speed")
    assert result.returncode == 2
    assert "no column 'speed' to sort by" in result.stderr


def test_hostile_role_in_messages_is_shown_as_symbols(tmp_path, clock, cli_env):
    folder = tmp_path / "p"
    write(folder, interview(clock, "Grace", 1), clock)
    role = "".join(HOSTILE)
    result = run_cli(cli_env, "panel", str(folder), "--role", role)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "no interview for the role" in result.stderr
