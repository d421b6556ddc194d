"""Issue 23, §6: ``guide --plan PLAN.json`` prints the plan's questions, order
and time split; header fields and room to write for a paper copy; content
cut off in the source is marked."""

from __future__ import annotations

import stat

from conftest import CONTENT_DIR, SMP

from tui_interview.cli import main
from tui_interview.content.loader import load_file
from tui_interview.domain.pacing import budget_shares
from tui_interview.domain.plan_file import render_plan
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.session import QuestionRef
from tui_interview.export.guide import BLANK, CUT_OFF_MARK, GuideChoice, render_guide


def plan_file(tmp_path, clock):
    """A 45-minute plan: level 3's questions in reverse order, the first of
    them given 20 minutes of its own."""
    competency, _ = load_file(CONTENT_DIR / f"{SMP}.yaml")
    ids = [q.id for q in competency.level(3).questions][::-1]
    first = QuestionRef(SMP, ids[0])
    session = plan_session(
        session_id="plan01",
        candidate="Ada Lovelace",
        role="Service Manager",
        interviewer="Grace",
        choices=[CompetencyChoice(competency, 3, ids)],
        now=clock(),
        time_budget_minutes=45,
        stop_budgets={first: 20 * 60},
    )
    path = tmp_path / "plan.json"
    path.write_text(render_plan(session), encoding="utf-8")
    return path, session, competency, ids


def test_the_guide_follows_the_plans_order_and_time_split(tmp_path, clock, capsys):
    path, session, competency, ids = plan_file(tmp_path, clock)
    out = tmp_path / "guide.md"
    assert main(["guide", "--plan", str(path), "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8")
    texts = [competency.question(qid).text for qid in ids]
    positions = [text.index(f"**{t}**") for t in texts]
    assert positions == sorted(positions), "the plan's order"
    # The first question's own 20 minutes, as the plan says (not an equal split).
    shares = budget_shares(session)
    assert shares[QuestionRef(SMP, ids[0])] == 1200
    start = sum(s for stop, s in shares.items() if stop in session.planned_stops[:1])
    assert f"[{_mmss(start)}–{_mmss(start + 1200)}]" in text
    assert "split as the plan says" in text
    assert "## Time plan" in text


def _mmss(seconds: float) -> str:
    from tui_interview.domain.timeutil import format_elapsed

    return format_elapsed(seconds)


def test_the_guide_has_header_fields_room_to_write_and_cut_off_marks(clock):
    competency, _ = load_file(CONTENT_DIR / f"{SMP}.yaml")
    text = render_guide([GuideChoice(competency, 3)])
    for field in ("Candidate", "Role", "Interviewer", "Date"):
        assert f"{field}: {BLANK}" in text
    probes = sum(len(q.probes) for q in competency.level(3).questions)
    questions = len(competency.level(3).questions)
    assert text.count(BLANK) == 4 + questions + probes
    cut = [b for b in competency.behaviours if b.author_note and "cut off" in b.author_note]
    assert cut, "the shipped profile has a behaviour cut off in the source"
    shown = [b for b in cut if b.level in (3, 4)]
    assert shown
    lines = text.splitlines()
    for behaviour in shown:
        assert f"- {behaviour.text} {CUT_OFF_MARK}" in lines
    assert sum(line.endswith(CUT_OFF_MARK) for line in lines) == len(shown)


def test_plan_and_competency_together_are_refused(tmp_path, clock, capsys):
    path, *_ = plan_file(tmp_path, clock)
    assert main(["guide", "--plan", str(path), "--competency", SMP, "--level", "3"]) == 2
    assert "--plan gives the competencies" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["guide", "--plan", str(bad)]) == 2
    assert main(["guide"]) == 2
