"""Interviewer calibration and question effectiveness (issue 25, parts 3 and 4):
the figures, the fall-back to the panel median, the flags, and the commands."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from conftest import SMP, plan_shipped

from tui_interview.cli import main
from tui_interview.domain.calibration import PanelInput, calibrate
from tui_interview.domain.consensus import Consensus
from tui_interview.domain.question_stats import (
    LITTLE_EVIDENCE,
    WIDE_DISAGREEMENT,
    question_figures,
)
from tui_interview.domain.rating import submit_rating
from tui_interview.domain.session import Section
from tui_interview.export.json_export import render_json
from tui_interview.storage.consensus_store import ConsensusStore


def member(clock, name, level, *, candidate="Ada Lovelace", days=0, notes=((0, ["b3.1"]),)):
    """One member's finished interview, rated ``level``; ``notes``: (question
    index, linked behaviours) of each note, after two minutes at the question."""
    start = clock() + timedelta(days=days)
    session = plan_shipped(start, 3, 45, session_id=f"{candidate[:3]}-{name}".lower(),
                           candidate=candidate, interviewer=name)  # fmt: skip
    session.start(start)
    now = start
    for index, behaviours in notes:
        now += timedelta(minutes=2)
        session.go_to(index, now)
        session.record_note(f"{name} heard it", now, question=session.plan[index],
                            behaviours=behaviours)  # fmt: skip
    now += timedelta(minutes=1)
    session.go_to_section(Section.CLOSING, now)
    session.finish(now + timedelta(minutes=1))
    if level is not None:
        submit_rating(session, SMP, level, "reasons", now)
    return session


def plan_share(session):
    from tui_interview.domain.pacing import budget_shares

    return budget_shares(session)[session.plan[0]]


def consensus(candidate, plan_id, level, clock):
    record = Consensus("c-" + candidate[:3].lower(), candidate, "", plan_id)
    record.record_rating(SMP, level, "agreed", ["Grace", "Alan"], clock())
    return record


def test_lenient_and_severe_members_against_the_consensus(clock):
    sessions = (member(clock, "Grace", 4), member(clock, "Alan", 2), member(clock, "Edsger", 3))
    panel = PanelInput("Ada Lovelace", sessions[0].plan_id, sessions,
                       consensus("Ada Lovelace", sessions[0].plan_id, 3, clock))  # fmt: skip
    result = calibrate([panel])
    by_name = {p.interviewer: p for p in result.interviewers}
    assert [p.interviewer for p in result.interviewers] == ["Alan", "Edsger", "Grace"]
    assert by_name["Grace"].overall.mean_difference == 1.0
    assert by_name["Alan"].overall.mean_difference == -1.0
    assert by_name["Edsger"].overall.exact == 1.0
    assert by_name["Grace"].overall.exact == 0.0 and by_name["Grace"].overall.within_one == 1.0
    assert by_name["Grace"].overall.against == {"consensus": 1}
    assert result.with_consensus == 1 and result.without_consensus == 0


def test_without_a_consensus_the_panel_median_is_used_and_said(clock):
    sessions = (member(clock, "Grace", 5), member(clock, "Alan", 2), member(clock, "Edsger", 2))
    result = calibrate([PanelInput("Ada Lovelace", "p", sessions)])
    grace = next(p for p in result.interviewers if p.interviewer == "Grace")
    assert grace.overall.mean_difference == 3.0 and grace.overall.within_one == 0.0
    assert grace.overall.against == {"panel median": 1}
    assert result.without_consensus == 1


def test_no_evidence_is_counted_as_given_but_never_compared(clock):
    sessions = (member(clock, "Grace", 0), member(clock, "Alan", 3), member(clock, "Edsger", 3))
    grace = calibrate([PanelInput("A", "p", sessions)], interviewer=" grace ").interviewers
    assert len(grace) == 1
    assert (grace[0].overall.ratings, grace[0].overall.no_evidence) == (1, 1)
    assert grace[0].overall.compared == 0 and grace[0].overall.mean_difference is None


def test_the_trend_is_by_month_of_the_interview(clock):
    panels = []
    for month, (grace, others) in enumerate(((5, 3), (4, 3), (3, 3))):
        candidate = f"Candidate {month}"
        sessions = tuple(
            member(clock, name, level, candidate=candidate, days=31 * month)
            for name, level in (("Grace", grace), ("Alan", others), ("Edsger", others))
        )
        panels.append(PanelInput(candidate, "p", sessions))
    grace = next(p for p in calibrate(panels).interviewers if p.interviewer == "Grace")
    assert grace.months() == ["2026-11", "2026-12", "2027-01"]
    assert grace.trend() == [2.0, 1.0, 0.0]


def test_questions_asked_skipped_evidence_spread_and_agreement(clock):
    # Question 1 (index 0) gets notes linking level-3 behaviours from everyone;
    # question 2 (index 1) gets a note with no link from one member only.
    notes = ((0, ["b3.1", "b3.2"]), (1, []))
    sessions = (
        member(clock, "Grace", 5, notes=notes),
        member(clock, "Alan", 2, notes=((0, ["b3.1"]),)),
        member(clock, "Edsger", 3, notes=((0, ["b1.1"]),)),
    )
    plan = sessions[0].plan
    panel = PanelInput("Ada Lovelace", "p", sessions,
                       consensus("Ada Lovelace", "p", 3, clock))  # fmt: skip
    figures = {f.question_id: f for f in question_figures([panel])}
    first, second = figures[plan[0].question_id], figures[plan[1].question_id]
    assert (first.planned, first.asked, first.skipped) == (3, 3, 0)
    assert first.notes_per_asking == 1.0 and first.behaviours_per_asking == round(4 / 3, 2)
    assert first.mean_spread == 3.0 and first.max_spread == 3
    # b3.x is within one of the consensus 3; b1.1 (level 1) is not.
    assert (first.agreed, first.agreement_checked) == (2, 3)
    assert first.flags == (WIDE_DISAGREEMENT,)
    assert (second.asked, second.skipped) == (1, 2)
    assert second.behaviours_per_asking == 0.0
    assert second.flags == (LITTLE_EVIDENCE, WIDE_DISAGREEMENT)
    # A session planned here starts at its first question: Grace spent 4
    # minutes there before moving on, Alan and Edsger 3 each.
    assert first.seconds == (4 + 3 + 3) * 60 and first.share_seconds == 3 * plan_share(sessions[0])
    assert first.time_against_share == round(600 / first.share_seconds, 2)


@pytest.fixture
def files(tmp_path, clock, data_dir):
    folder = tmp_path / "t"
    folder.mkdir()
    for session in (member(clock, "Grace", 4), member(clock, "Alan", 2)):
        (folder / f"{session.id}.json").write_text(render_json(session, now=clock()), "utf-8")
    store = ConsensusStore(data_dir, now=clock)
    store.save(consensus("Ada Lovelace", session.plan_id, 3, clock))
    (folder / "broken.json").write_text("{", "utf-8")
    return folder


def test_calibration_command_json_and_markdown(files, data_dir, tmp_path, capsys):
    out = tmp_path / "c.json"
    args = ["--data-dir", str(data_dir), "calibration", str(files)]
    assert main([*args, "--format", "json", "-o", str(out)]) == 0
    assert "broken.json" in capsys.readouterr().err
    document = json.loads(out.read_text("utf-8"))
    assert document["format"] == "tui-interview-calibration"
    assert document["panels_with_consensus"] == 1
    grace = next(i for i in document["interviewers"] if i["interviewer"] == "Grace")
    assert grace["mean_difference"] == 1.0 and grace["against"]["consensus"] == 1
    assert grace["months"][0]["month"] == "2026-11"
    assert grace["competencies"][0]["competency_id"] == SMP
    assert main([*args, "--interviewer", "Alan"]) == 0
    text = capsys.readouterr().out
    assert "## Alan" in text and "## Grace" not in text and "| all | 1 | 1 | -1.00 |" in text
    assert main([*args, "--interviewer", "Nobody"]) == 2


def test_questions_command_and_no_usable_file(files, data_dir, tmp_path, capsys):
    assert main(["--data-dir", str(data_dir), "questions", str(files), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "tui-interview-questions"
    assert document["questions"][0]["asked"] == 2
    assert main(["--data-dir", str(data_dir), "questions", str(files / "broken.json")]) == 2
    assert "nothing to report" in capsys.readouterr().err
