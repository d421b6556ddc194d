"""Issue 14 §1: an interview's plan as a file, ``tui-interview plan`` and
``new --plan``; the plan id every session records."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import SMP, make_session, plan_shipped, run_cli

from tui_interview import launch as app_module
from tui_interview.app import InterviewApp
from tui_interview.cli import build_parser
from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.plan_file import (
    PlanFileError,
    plan_document,
    plan_id,
    plan_of,
    read_plan,
    render_plan,
    session_from_plan,
)
from tui_interview.domain.session_codec import session_from_dict, session_to_dict
from tui_interview.export.json_export import export_document
from tui_interview.export.markdown import render_markdown
from tui_interview.screens.interview import InterviewScreen


def test_a_new_session_records_the_id_of_its_own_plan(clock):
    session = plan_shipped(clock(), level=2, budget=45)
    assert session.plan_id == plan_id(plan_of(session))
    assert len(session.plan_id) == 16 and int(session.plan_id, 16) >= 0


def test_two_interviewers_planning_alike_get_the_same_plan_id_and_another_plan_another(clock):
    ada = plan_shipped(clock(), level=2, budget=45, candidate="Ada", interviewer="Grace")
    bob = plan_shipped(clock(), level=2, budget=45, candidate="Bob", interviewer="Alan")
    assert ada.plan_id == bob.plan_id
    assert plan_shipped(clock(), level=3, budget=45).plan_id != ada.plan_id
    assert plan_shipped(clock(), level=2, budget=50).plan_id != ada.plan_id
    assert plan_shipped(clock(), level=2).plan_id != ada.plan_id


def test_the_plan_holds_the_questions_in_order_with_sections_budget_split_and_content(clock):
    session = plan_shipped(clock(), level=2, budget=45)
    plan = plan_of(session)
    planned = session.competencies[0]
    assert plan["competencies"] == [
        {
            "competency_id": SMP,
            "target_level": 2,
            "question_ids": planned.question_ids,
        }
    ]
    assert plan["time_budget_minutes"] == 45
    assert [s.get("section") or s["question"]["question_id"] for s in plan["stops"]] == [
        *[s.value for s in session.planned_stops[:1]],
        *planned.question_ids,
        *[s.value for s in session.planned_stops[-3:]],
    ]
    assert sum(s["seconds"] for s in plan["stops"]) == 45 * 60
    assert set(plan["content"]) == {SMP}
    assert plan["content"][SMP]["levels"]


def test_plan_then_new_from_it_gives_the_same_plan_and_id_and_the_id_is_kept(clock):
    source = plan_shipped(clock(), level=2, budget=45)
    written_id, plan = read_plan(render_plan(source))
    assert written_id == source.plan_id
    made = session_from_plan(
        plan, candidate="Bob", interviewer="Alan", now=clock(), session_id="s-2", role="SM"
    )
    assert (made.candidate, made.interviewer, made.role) == ("Bob", "Alan", "SM")
    assert made.plan_id == source.plan_id
    assert plan_of(made) == plan_of(source)
    assert made.stop_budgets == source.stop_budgets
    # Stored and read back, the id stays; questions added later do not change it.
    interview = Interview(Unstored(made), now=clock)
    interview.start()
    interview.add_question("Anything else?")
    assert session_from_dict(session_to_dict(made)).plan_id == source.plan_id
    assert plan_id(plan_of(made)) == source.plan_id


def test_a_session_saved_before_plan_ids_loads_without_one(clock):
    data = session_to_dict(plan_shipped(clock()))
    del data["plan_id"]
    assert session_from_dict(data).plan_id is None
    data["plan_id"] = None
    assert session_from_dict(data).plan_id is None
    data["plan_id"] = "| not hex |"
    with pytest.raises(ValueError, match="plan_id"):
        session_from_dict(data)


def test_transcripts_carry_the_plan_id(clock):
    session = plan_shipped(clock(), level=2)
    document = export_document(session, now=clock())
    assert document["session"]["plan_id"] == session.plan_id
    assert f"| Plan | {session.plan_id} |" in render_markdown(session, now=clock())
    session.plan_id = None
    assert "| Plan | — |" in render_markdown(session, now=clock())


def _document(clock) -> dict:
    return plan_document(plan_shipped(clock(), level=2, budget=45))


def _resealed(document: dict) -> str:
    """The document with its id made to match its (changed) plan again."""
    document["plan_id"] = plan_id(document["plan"])
    return json.dumps(document)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="tui-interview-session"), "format: not a plan file"),
        (lambda d: d.update(version=2), "version: this app reads plan files of version 1, not 2"),
        (lambda d: d.update(version=True), "version:"),
        (lambda d: d.update(plan_id="x"), "plan_id: expected 16 hex digits"),
        (lambda d: d.update(plan=[]), "plan: expected an object"),
    ],
)
def test_a_wrong_envelope_is_refused_naming_the_field(clock, change, message):
    document = _document(clock)
    change(document)
    with pytest.raises(PlanFileError) as error:
        read_plan(json.dumps(document))
    assert str(error.value).startswith(message)


def test_a_plan_changed_after_it_was_written_is_refused(clock):
    document = _document(clock)
    document["plan"]["competencies"][0]["target_level"] = 3
    with pytest.raises(PlanFileError, match="plan_id: is .* the plan was changed"):
        read_plan(json.dumps(document))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda p: p["competencies"][0].update(competency_id="nope"),
            "plan.competencies[0].competency_id: 'nope' is not in the plan's content",
        ),
        (
            lambda p: p["competencies"][0].update(target_level=9),
            f"plan.competencies[0].target_level: {SMP} has no level 9",
        ),
        (
            lambda p: p["competencies"][0]["question_ids"].append("q9.9"),
            "plan.competencies[0].question_ids[",
        ),
        (lambda p: p.update(competencies=[]), "plan.competencies: no competency"),
        (lambda p: p.update(time_budget_minutes=10**9), "plan.time_budget_minutes:"),
        (lambda p: p["stops"][0].update(seconds=1), "plan.stops: the shares add up to"),
        (lambda p: p["stops"].reverse(), "plan.stops[0]: expected the section opening"),
        (lambda p: p["content"][SMP].update(levels="x"), f"plan.content.{SMP}:"),
        (lambda p: p.pop("stops"), "plan.stops: missing"),
        (lambda p: p.update(stops={}), "plan.stops: expected a list, got an object"),
    ],
)
def test_a_wrong_plan_is_refused_naming_the_field(clock, change, message):
    document = _document(clock)
    change(document["plan"])
    _, plan = read_plan(_resealed(document))
    with pytest.raises(PlanFileError) as error:
        session_from_plan(plan, candidate="Bob", interviewer="I", now=clock(), session_id="x")
    assert str(error.value).startswith(message), str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not a plan file (not valid JSON"),
        ('{"format": Infinity}', "not a plan file (not valid JSON: Infinity"),
        ("[" * 100_000 + "]" * 100_000, "not a plan file (not valid JSON"),
        (b"\xff\xfe{}", "not a plan file (not UTF-8"),
        ("[]", "not a plan file (expected a JSON object)"),
        (" " * (9 * 1024 * 1024), "the file is larger than a plan can be"),
    ],
)
def test_text_that_is_no_plan_is_refused(text, message):
    with pytest.raises(PlanFileError) as error:
        read_plan(text)
    assert str(error.value).startswith(message), str(error.value)


# -- the commands ---------------------------------------------------------------


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    return env


@pytest.mark.slow
def test_plan_command_writes_a_private_file_and_refuses_to_overwrite(env, app_context, tmp_path):
    session_id = make_session(app_context, level=2, budget=45)
    out = tmp_path / "plans" / "plan.json"
    args = ("plan", session_id[:4], "--data-dir", str(app_context.data_dir), "-o", str(out))
    first = run_cli(env, *args)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == str(out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("tui-interview-plan", 1)
    assert document["plan_id"] == app_context.store.load(session_id).plan_id
    assert set(document) == {"format", "version", "plan_id", "plan"}

    again = run_cli(env, *args)
    assert again.returncode == 2
    assert again.stderr == f"tui-interview: {out} exists; use --force to overwrite\n"
    assert run_cli(env, *args, "--force").returncode == 0

    to_stdout = run_cli(env, "plan", session_id, "--data-dir", str(app_context.data_dir))
    assert json.loads(to_stdout.stdout) == document

    missing = run_cli(env, "plan", "zzzz", "--data-dir", str(app_context.data_dir))
    assert missing.returncode == 2 and missing.stderr.startswith("tui-interview: ")


def _write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_new_from_hostile_plan_files_exits_2_with_one_clear_line(env, clock, tmp_path):
    document = _document(clock)
    unknown = json.loads(json.dumps(document))
    unknown["plan"]["competencies"][0]["competency_id"] = "nope"
    wrong_version = {**document, "version": 7}
    files = {
        "malformed": ("{not json", "not a plan file (not valid JSON"),
        "infinity": ('{"format": "tui-interview-plan", "version": Infinity}', "Infinity"),
        "version": (json.dumps(wrong_version), "version: this app reads plan files of version 1"),
        "format": (json.dumps({**document, "format": "x"}), "format: not a plan file"),
        "unknown": (_resealed(unknown), "plan.competencies[0].competency_id: 'nope'"),
        "huge": (b" " * (9 * 1024 * 1024), "the file is larger than a plan can be"),
        "deep": ("[" * 50_000, "not a plan file"),
    }
    for name, (text, message) in files.items():
        path = _write(tmp_path / f"{name}.json", text)
        result = run_cli(
            env, "new", "--plan", str(path), "--candidate", "Bob", "--data-dir", str(tmp_path / "d")
        )
        assert result.returncode == 2, (name, result.stderr)
        assert result.stderr.startswith(f"tui-interview: {path}: "), (name, result.stderr)
        assert message in result.stderr, (name, result.stderr)
        assert result.stderr.count("\n") == 1, (name, result.stderr)
    assert not (tmp_path / "d" / "sessions").exists() or not any(
        (tmp_path / "d" / "sessions").iterdir()
    )


@pytest.mark.slow
def test_new_needs_competencies_or_a_plan_and_not_both(env, tmp_path):
    plan = tmp_path / "plan.json"
    both = run_cli(
        env, "new", "--candidate", "Bob", "--plan", str(plan), "--competency", SMP, "--level", "2"
    )
    assert both.returncode == 2
    assert "--plan gives the competencies, levels and budget" in both.stderr
    with_budget = run_cli(env, "new", "--candidate", "Bob", "--plan", str(plan), "--budget", "5")
    assert with_budget.returncode == 2 and "leave out" in with_budget.stderr
    neither = run_cli(env, "new", "--candidate", "Bob")
    assert neither.returncode == 2
    assert neither.stderr == "tui-interview: give --competency and --level (or --plan PLAN.json)\n"
    missing = run_cli(env, "new", "--candidate", "Bob", "--plan", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "cannot read it" in missing.stderr


def test_new_with_a_plan_opens_an_interview_with_the_plan_id(
    app_context, clock, monkeypatch, tmp_path
):
    """Three interviewers, one plan file: each interview records its id."""
    source_id = make_session(app_context, level=2, budget=45, interviewer="Grace")
    source = app_context.store.load(source_id)
    path = _write(tmp_path / "plan.json", render_plan(source))
    real_run = InterviewApp.run
    opened: list[str] = []

    async def check_and_quit(pilot):
        await pilot.pause()
        assert isinstance(pilot.app.screen, InterviewScreen)
        assert pilot.app.screen.interview is not None
        opened.append(pilot.app.screen.interview.session.id)
        await pilot.press("ctrl+q")

    monkeypatch.setattr(
        InterviewApp,
        "run",
        lambda app: real_run(app, headless=True, size=(80, 24), auto_pilot=check_and_quit),
    )
    monkeypatch.setattr(app_module.AppContext, "from_args", staticmethod(lambda args: app_context))
    for interviewer in ("Ann", "Ben", "Cy"):
        args = build_parser().parse_args(
            ["new", "--plan", str(path), "--candidate", "Dee", "--interviewer", interviewer]
        )
        assert app_module.run_new(args) == 0
    assert len(opened) == 3
    for session_id, interviewer in zip(opened, ("Ann", "Ben", "Cy"), strict=True):
        made = app_context.store.load(session_id)
        assert (made.candidate, made.interviewer) == ("Dee", interviewer)
        assert made.plan_id == source.plan_id
        assert plan_of(made) == plan_of(source)


# -- the new-interview form ------------------------------------------------------


async def _form_with_plan(app_context, pilot, candidate: str, path: str):
    from textual.widgets import Input

    from tui_interview.screens.new_interview import NewInterviewScreen

    await pilot.press("ctrl+n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NewInterviewScreen)
    screen.query_one("#candidate", Input).value = candidate
    screen.query_one("#plan-file", Input).value = path
    await pilot.press("ctrl+s")
    await pilot.pause()
    return screen


async def test_the_form_starts_an_interview_from_a_plan_file(app_context, tmp_path):
    source = app_context.store.load(make_session(app_context, level=2, budget=45))
    path = _write(tmp_path / "plan.json", render_plan(source))
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        await _form_with_plan(app_context, pilot, "Dee", str(path))
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview is not None
        made = app.screen.interview.session
    assert (made.candidate, made.plan_id) == ("Dee", source.plan_id)
    assert plan_of(app_context.store.load(made.id)) == plan_of(source)


async def test_the_form_shows_a_bad_plan_file_under_its_field_and_stores_nothing(
    app_context, tmp_path
):
    from textual.widgets import Static

    path = _write(tmp_path / "plan.json", '{"format": "tui-interview-plan", "version": NaN}')
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _form_with_plan(app_context, pilot, "Dee", str(path))
        assert app.screen is screen
        error = screen.query_one("#error-plan", Static)
        assert error.display
        assert f"{path}: not a plan file (not valid JSON: NaN" in str(error.render())
    assert app_context.store.list_summaries() == []


async def test_the_form_refuses_a_plan_file_with_competencies_ticked_too(app_context, tmp_path):
    from textual.widgets import Input, SelectionList, Static

    from tui_interview.screens.new_interview import PLAN_AND_FORM_ERROR

    source = app_context.store.load(make_session(app_context, level=2))
    path = _write(tmp_path / "plan.json", render_plan(source))
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#competencies", SelectionList).select_all()
        screen.query_one("#budget", Input).value = "30"
        await pilot.pause()
        _form_with_plan_fields(screen, "Dee", str(path))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert PLAN_AND_FORM_ERROR in str(screen.query_one("#error-plan", Static).render())
    assert len(app_context.store.list_summaries()) == 1


def _form_with_plan_fields(screen, candidate: str, path: str) -> None:
    from textual.widgets import Input

    screen.query_one("#candidate", Input).value = candidate
    screen.query_one("#plan-file", Input).value = path
