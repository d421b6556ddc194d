"""The `competencies`, `validate` and `import` commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_interview.cli import main
from tui_interview.content.loader import load_file, parse_competency
from tui_interview.locations import CONTENT_ENV

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "competencies"
REAL_PROFILES = sorted(FIXTURES.glob("*.txt"))
GOOD = "id: {id}\nname: {name}\nlevels:\n  - level: 1\n    behaviors: [Does it.]\n"


@pytest.fixture(autouse=True)
def no_user_content(monkeypatch):
    monkeypatch.delenv(CONTENT_ENV, raising=False)


# --- competencies -----------------------------------------------------------


def test_competencies_lists_id_name_levels_counts_and_file(capsys):
    assert main(["competencies"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["ID", "NAME", "LEVELS", "BEHAVIOURS", "QUESTIONS", "PROBES", "FILE"]
    row = out[1].split()
    assert row[0] == "service-management-processes"
    assert row[-5:-1] == ["1-5", "30", "10", "48"]
    assert row[-1].endswith("content/service-management-processes.yaml")


def test_competencies_reports_problems_and_still_succeeds(tmp_path, capsys):
    (tmp_path / "broken.yaml").write_text("id: b\nlevels: []\n")
    (tmp_path / "partial.yaml").write_text(GOOD.format(id="partial", name="Partial"))
    assert main(["competencies", "--content", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "partial" in captured.out and "broken" not in captured.out
    assert f"{tmp_path / 'broken.yaml'}:1:1: missing required key 'name'" in captured.err
    assert captured.err.splitlines()[-1] == "2 content problems"


def test_competencies_level_ranges(tmp_path, capsys):
    (tmp_path / "gaps.yaml").write_text(
        "id: gaps\nname: Gaps\nlevels: [{level: 1}, {level: 2}, {level: 3}, {level: 5}]\n"
    )
    main(["competencies", "--content", str(tmp_path)])
    assert " 1-3,5 " in capsys.readouterr().out


# --- validate -----------------------------------------------------------------


def test_validate_default_content_is_clean(capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "1 file checked, no errors\n"


def test_validate_reports_every_problem_and_exits_1(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text(GOOD.format(id="a", name="A"))
    (tmp_path / "b.yaml").write_text("id: b\nname: B\nlevels:\n  - level: 1\n    behaviours: []\n")
    (tmp_path / "c.yml").write_text("id: c\nname: C\nlevels: [{level: 8}]\n")
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path / 'b.yaml'}:5:5: levels[0]: unknown key 'behaviours' "
        "(did you mean 'behaviors'?)",
        f"{tmp_path / 'c.yml'}:3:18: levels[0].level: "
        "level must be a whole number from 1 to 5, got 8",
        "3 files checked, 2 errors",
    ]


def test_validate_single_file_and_missing_path(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD.format(id="g", name="G"))
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == "1 file checked, no errors\n"
    assert main(["validate", str(tmp_path / "missing")]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "0 files checked, 1 error"


# --- import -------------------------------------------------------------------


@pytest.mark.parametrize("profile", REAL_PROFILES, ids=lambda p: p.stem)
def test_import_then_validate_every_real_profile(profile, tmp_path, capsys):
    out = tmp_path / f"{profile.stem}.yaml"
    assert main(["import", str(profile), "-o", str(out)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"wrote {out}"
    assert main(["validate", str(out)]) == 0
    competency, problems = load_file(out)
    assert problems == [] and competency.id == profile.stem


def test_import_writes_yaml_to_stdout_and_warnings_to_stderr(capsys):
    profile = FIXTURES / "service-management-processes.txt"
    assert main(["import", str(profile)]) == 0
    captured = capsys.readouterr()
    competency, problems = parse_competency(captured.out, "stdout.yaml")
    assert problems == [] and len(competency.behaviours) == 30
    assert captured.err.splitlines() == [
        f"{profile}:9: warning: untranslated placeholder "
        "'competency-level-behavior.761045.name': skipped",
        f"{profile}:10: warning: untranslated placeholder "
        "'competency-level-behavior.761046.name': skipped",
        f"{profile}:80: warning: text looks cut off: 'Develops Service Management metrics for the'",
    ]


def test_import_never_overwrites_an_existing_profile_unasked(tmp_path, capsys):
    out = tmp_path / "out.yaml"
    out.write_text("old")
    assert main(["import", str(FIXTURES / "architecture.txt"), "-o", str(out)]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert out.read_text() == "old"


def test_import_overwrites_the_output_with_force(tmp_path, capsys):
    out = tmp_path / "out.yaml"
    out.write_text("old")
    assert main(["import", str(FIXTURES / "architecture.txt"), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("id: architecture\n")
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_import_to_unwritable_place_fails_cleanly(tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "out.yaml"
    assert main(["import", str(FIXTURES / "architecture.txt"), "-o", str(out)]) == 3
    assert capsys.readouterr().err == f"{out}: error: cannot write: No such file or directory\n"


FAILURES = [
    "empty",
    "blank",
    "binary",
    "invalid utf-8",
    "not this format",
    "yaml instead",
    "missing",
    "directory",
    "unreadable",
]
