"""``tui-interview competencies --json``: the documented fields, the same
counts as the table, problems included, text kept exact."""

from __future__ import annotations

import json

import pytest

from tui_interview.cli import main
from tui_interview.content.loader import load_library
from tui_interview.locations import CONTENT_ENV, bundled_content_dir

SMP = "service-management-processes"
#: Profiles may hold no control characters (the loader refuses them), but
#: bidi overrides and zero-width characters are text.
HOSTILE = "Evil \u202e name \u200b «ok»"


@pytest.fixture(autouse=True)
def no_user_content(monkeypatch):
    monkeypatch.delenv(CONTENT_ENV, raising=False)


def test_the_shipped_profile_in_json(capsys):
    assert main(["competencies", "--json"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert set(document) == {"competencies", "problems"} and document["problems"] == []
    [smp] = document["competencies"]
    assert set(smp) == {
        "id", "name", "description", "source", "file", "levels",
        "behaviours", "questions", "probes",
    }  # fmt: skip
    assert (smp["id"], smp["name"]) == (SMP, "Service Management Processes")
    assert smp["file"] == str(bundled_content_dir() / f"{SMP}.yaml")
    # The same counts as the table (30 behaviours, 10 questions, 48 probes).
    assert (smp["behaviours"], smp["questions"], smp["probes"]) == (30, 10, 48)
    assert [level["number"] for level in smp["levels"]] == [1, 2, 3, 4, 5]
    assert sum(level["probes"] for level in smp["levels"]) == 48
    [competency] = load_library([bundled_content_dir()])
    assert [level["summary"] for level in smp["levels"]] == [
        level.summary for level in competency.levels
    ]
    assert set(smp["levels"][0]) == {
        "number", "title", "summary", "behaviours", "questions", "probes",
    }  # fmt: skip
    assert err == ""


def test_json_keeps_text_exact_and_lists_problems(tmp_path, capsys):
    (tmp_path / "evil.yaml").write_text(
        f"id: evil\nname: {json.dumps(HOSTILE)}\nlevels:\n  - level: 2\n"
        "    title: Two\n    behaviors: [Does it.]\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text("id: b\nlevels: []\n")
    assert main(["competencies", "--json", "--content", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "\u202e" not in out and "\u200b" not in out  # escaped on the terminal…
    assert "«ok»" in out  # (other text stays as it is, UTF-8)
    document = json.loads(out)
    evil = next(c for c in document["competencies"] if c["id"] == "evil")
    assert evil["name"] == HOSTILE  # …and exact once read
    [level] = evil["levels"]
    assert (level["number"], level["title"], level["behaviours"], level["probes"]) == (
        2,
        "Two",
        1,
        0,
    )
    assert evil["file"] == str(tmp_path / "evil.yaml")
    problems = [p for p in document["problems"] if p["file"] == str(tmp_path / "broken.yaml")]
    assert {"line": 1, "col": 1, "message": "missing required key 'name'"} in [
        {k: p[k] for k in ("line", "col", "message")} for p in problems
    ]
    assert (
        err.splitlines()[-1] == f"{len(document['problems'])} content problems"
    )  # on stderr as well, as without --json
