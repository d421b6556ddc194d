"""Panel logistics (issue 23, §2–§5; issue 24, §2): folders read as people
keep them, the newest copy of a session, consensus files everyone reads, the
chair, one-rating cells and verdict words."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import SMP, run_cli
from test_panel_report import interview, write

from tui_interview.domain.consensus import Consensus, ConsensusError
from tui_interview.domain.rating import submit_rating
from tui_interview.export.consensus_files import write_consensus_file
from tui_interview.export.panel import competency_reports
from tui_interview.export.panel_blind import blind_view, may_record
from tui_interview.export.panel_group import OWN_FOLDER
from tui_interview.export.panel_markdown import render_panel_markdown
from tui_interview.export.panel_pipeline import read_panel
from tui_interview.export.panel_read import MAX_DEPTH, read_sources

# -- §2: folders as people keep them ------------------------------------------------


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    env["TUI_INTERVIEW_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_subfolders_are_read_one_per_person(tmp_path, clock, cli_env):
    shared = tmp_path / "shared"
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", 4)):
        write(shared / name.lower(), interview(clock, name, level), clock)
    result = run_cli(cli_env, "panel", str(shared), "--format", "json")
    assert result.returncode == 0, result.stderr
    [group] = json.loads(result.stdout)["groups"]
    assert sorted(m["interviewer"] for m in group["members"]) == ["Alan", "Barbara", "Grace"]


def test_depth_limit_and_links_out_of_the_tree_are_named(tmp_path, clock):
    shared = tmp_path / "shared"
    write(shared, interview(clock, "Grace", 1), clock)
    deep = shared
    for index in range(MAX_DEPTH + 1):
        deep = deep / f"d{index}"
    write(deep, interview(clock, "Alan", 2), clock)
    outside = tmp_path / "outside"
    write(outside, interview(clock, "Mallory", 5), clock)
    os.symlink(outside, shared / "link-out")
    os.symlink(outside / "s-mallory.json", shared / "file-out.json")
    (shared / "notes.txt").write_text("not a transcript", encoding="utf-8")
    sources = read_sources([shared])
    assert [t.session.interviewer for t in sources.transcripts] == ["Grace"]
    skipped = {Path(p.file).name: p.message for p in sources.skipped}
    assert skipped["link-out"] == "a link out of the folders named; not followed"
    assert skipped["file-out.json"] == "a link out of the folders named; not followed"
    assert skipped[f"d{MAX_DEPTH}"] == f"a folder deeper than {MAX_DEPTH} levels; not read"
    assert skipped["notes.txt"] == "not a .json file"


def test_a_link_inside_the_tree_is_read_once(tmp_path, clock):
    shared = tmp_path / "shared"
    write(shared / "grace", interview(clock, "Grace", 1), clock)
    os.symlink(shared / "grace", shared / "again")
    sources = read_sources([shared])
    assert len(sources.transcripts) == 1


def test_no_transcript_found_and_files_not_read_are_different_messages(tmp_path, cli_env):
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "readme.txt").write_text("x", encoding="utf-8")
    result = run_cli(cli_env, "panel", str(empty), "--format", "json")
    assert result.returncode == 2
    assert "no transcript found in" in result.stderr
    assert "could not be read" not in result.stderr
    assert "skipped " in result.stderr and "readme.txt: not a .json file" in result.stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.json").write_text("{", encoding="utf-8")
    (bad / "b.json").write_text("[]", encoding="utf-8")
    result = run_cli(cli_env, "panel", str(bad), "--format", "json")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "tui-interview: 2 files could not be read (named above); no transcript to report"
    )


def test_the_newest_copy_of_a_session_wins_and_the_report_names_the_file(tmp_path, clock):
    shared = tmp_path / "shared"
    grace = interview(clock, "Grace", 2)
    write(shared, grace, clock, "z-grace-later.json")
    # The copy exported before rating (sorts first).
    early = interview(clock, "Grace", None)
    write(shared, early, clock, "a-grace-early.json")
    submit_rating(grace, SMP, 3, "read again", clock(), reason="re-read the notes")
    write(shared, grace, clock, "m-grace-latest.json")
    panel = read_panel([shared])
    [group] = panel.groups
    [member] = group.members
    assert Path(member.file).name == "m-grace-latest.json"
    assert member.session.current_rating(SMP).level == 3
    left_out = {Path(m.file).name: m.detail for m in panel.mismatches}
    assert set(left_out) == {"a-grace-early.json", "z-grace-later.json"}
    assert "m-grace-latest.json holds a newer copy" in left_out["a-grace-early.json"]
    text = render_panel_markdown(panel)
    assert "m-grace-latest.json" in text and "a-grace-early.json" in text


def test_my_data_folder_counts_as_the_newest_copy(tmp_path, clock):
    shared = tmp_path / "shared"
    stale = interview(clock, "Grace", None)  # exported before rating
    write(shared, stale, clock)
    mine = interview(clock, "Grace", 2)
    panel = read_panel([shared], own=[mine])
    [member] = panel.groups[0].members
    assert member.file == OWN_FOLDER
    assert member.session.current_rating(SMP).level == 2
    [notice] = panel.mismatches
    assert notice.other == OWN_FOLDER


def test_two_sessions_of_one_member_are_both_shown_and_flagged(tmp_path, clock):
    """Issue 24, §2: a forged ``0-bo.json`` no longer silently replaces Bo's."""
    shared = tmp_path / "shared"
    write(shared, interview(clock, "Bo", 2, session_id="real01"), clock, "bo.json")
    write(shared, interview(clock, "Bo", 5, session_id="fake01"), clock, "0-bo.json")
    panel = read_panel([shared])
    [group] = panel.groups
    assert sorted(m.session.id for m in group.members) == ["fake01", "real01"]
    [flag] = [m for m in panel.mismatches if m.reason == "same interviewer"]
    assert "two sessions" in flag.detail and "both shown" in flag.detail


# -- §3: one consensus, seen by all ----------------------------------------------------


def board(folder: Path, clock) -> Path:
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", 4)):
        write(folder / name.lower(), interview(clock, name, level), clock)
    return folder


def test_a_consensus_file_is_read_by_every_member_and_reconciles(tmp_path, clock, cli_env):
    shared = board(tmp_path / "shared", clock)
    [group] = read_panel([shared]).groups
    record = Consensus("abc123", group.candidate, "", group.plan_id)
    record.record_rating(SMP, 3, "agreed", ["Grace", "Alan", "Barbara"], clock())
    path = write_consensus_file(record, group, shared)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["locked"] is True
    assert {m["interviewer"] for m in stored["members"]} == {"Grace", "Alan", "Barbara"}
    assert stored["members"][0]["ratings"][SMP]["revision"] == 1
    # Another member's data folder has no record: the file is found.
    result = run_cli(cli_env, "panel", str(shared), "--format", "json")
    assert result.returncode == 0, result.stderr
    [group_doc] = json.loads(result.stdout)["groups"]
    [competency] = group_doc["competencies"]
    assert competency["consensus"]["level"] == 3
    assert (competency["spread"], competency["flagged"]) == (3, False)
    assert competency["reconciled"]["level"] == 3
    assert group_doc["consensus_file"] == str(path)
    markdown = run_cli(cli_env, "panel", str(shared)).stdout
    assert "reconciled: the board agreed on level 3 on" in markdown
    assert "to be reconciled" not in markdown.split("## Ada Lovelace")[1]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(locked=False), "locked is not true"),
        (lambda d: d.update(members="x"), "members is not a list"),
        (lambda d: d["members"][0].pop("session_id"), "session_id is missing"),
        (lambda d: d["members"][0]["ratings"][SMP].update(level=9), "level is not a whole"),
        (lambda d: d["ratings"][0].update(revision=2), "revision is 2, expected 1"),
    ],
)
def test_a_consensus_file_is_checked_on_read(tmp_path, clock, change, message):
    shared = board(tmp_path / "shared", clock)
    [group] = read_panel([shared]).groups
    record = Consensus("abc123", group.candidate, "", group.plan_id)
    record.record_rating(SMP, 3, "agreed", ["Grace"], clock())
    path = write_consensus_file(record, group, shared)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(ConsensusError, match=message):
        Consensus.from_dict(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    sources = read_sources([shared])
    assert sources.consensus == []
    [problem] = sources.unreadable
    assert problem.file == str(path) and message in problem.message


# -- §4: the chair -----------------------------------------------------------------------


def test_the_chair_sees_who_has_locked_then_every_rating(tmp_path, clock):
    shared = tmp_path / "shared"
    for name, level in (("Grace", 1), ("Alan", 2), ("Barbara", None)):
        write(shared, interview(clock, name, level), clock)
    [group] = read_panel([shared]).groups
    [report] = competency_reports(group)
    view = blind_view(report, "Chris", [], chair=True)
    assert not view.unlocked and not may_record(view)
    assert view.shown == ()
    assert (view.locked, view.waiting) == (("Alan", "Grace"), ("Barbara",))
    assert "Locked: Alan, Grace; not yet: Barbara." in view.hidden_text("Chris")
    write(shared, interview(clock, "Barbara", 4), clock)  # Barbara locks and exports
    [group] = read_panel([shared]).groups
    [report] = competency_reports(group)
    view = blind_view(report, "Chris", [], chair=True)
    assert view.unlocked and may_record(view)
    assert sorted(m.interviewer for m in view.shown) == ["Alan", "Barbara", "Grace"]


def test_nobody_records_a_consensus_on_ratings_they_cannot_see(tmp_path, clock):
    shared = tmp_path / "shared"
    for name, level in (("Alan", 2), ("Barbara", 4)):
        write(shared, interview(clock, name, level), clock)
    [group] = read_panel([shared]).groups
    [report] = competency_reports(group)
    assert not may_record(blind_view(report, "Grace", []))
    # Not a chair who interviewed: a member stays blind until their own lock.
    mine = interview(clock, "Grace", None)
    assert not may_record(blind_view(report, "Grace", [(mine, "your session")], chair=True))


def test_chair_is_a_config_setting(tmp_path, monkeypatch):
    from tui_interview.export.panel_blind import chair_configured

    config = tmp_path / "config.toml"
    monkeypatch.setenv("TUI_INTERVIEW_CONFIG", str(config))
    assert chair_configured() is False
    config.write_text("chair = true\n", encoding="utf-8")
    assert chair_configured() is True


# -- §5: words ---------------------------------------------------------------------------


def test_verdicts_are_shown_in_words_on_the_screen():
    from tui_interview.domain.recommendation import Recommendation, Verdict
    from tui_interview.screens.panel import _recommendation_text

    fields = Recommendation.__dataclass_fields__
    kwargs = {name: None for name in fields}
    kwargs.update(value=Verdict.STRONG_YES, rationale="r", revision=1)
    text = _recommendation_text(Recommendation(**kwargs))
    assert text == "recommends: Strong yes" and "strong_yes" not in text


def test_chair_is_a_panel_option():
    from tui_interview.cli import build_parser

    assert build_parser().parse_args(["panel", "shared", "--chair"]).chair is True
    assert build_parser().parse_args(["panel", "shared"]).chair is False


def test_the_cli_takes_my_data_folders_copy_of_my_session_only(tmp_path, clock, cli_env):
    """My data folder is the newest copy of *my* sessions; a colleague's
    transcript imported into it earlier does not replace what they shared."""
    from tui_interview.export.json_export import render_json

    shared = tmp_path / "shared"
    write(shared, interview(clock, "Grace", None), clock)  # exported before rating
    write(shared, interview(clock, "Alan", 2), clock)  # Alan's rated copy
    for session in (interview(clock, "Grace", 3), interview(clock, "Alan", None)):
        source = tmp_path / f"{session.id}-in.json"
        source.write_text(render_json(session, now=clock()), encoding="utf-8")
        assert run_cli(cli_env, "import-session", str(source)).returncode == 0
    config = tmp_path / "config.toml"
    config.write_text('interviewer = "Grace"\n', encoding="utf-8")
    env = {**cli_env, "TUI_INTERVIEW_CONFIG": str(config)}
    result = run_cli(env, "panel", str(shared), "--format", "json")
    assert result.returncode == 0, result.stderr
    [group] = json.loads(result.stdout)["groups"]
    files = {m["interviewer"]: m["file"] for m in group["members"]}
    assert files["Grace"] == OWN_FOLDER and files["Alan"].endswith("s-alan.json")
    [competency] = group["competencies"]
    assert {r["interviewer"]: r["level"] for r in competency["ratings"]} == {"Grace": 3, "Alan": 2}
