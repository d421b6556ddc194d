"""Figures come from the benchmarks: each script writes them to
benchmarks/results/<name>.json through one helper (issue 26 §6)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
#: Builders and data, not benchmarks: they measure nothing.
NOT_BENCHMARKS = {"make_sessions", "make_panels", "linking_notes", "results_file"}


@pytest.fixture
def results_file(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("results_file", BENCHMARKS / "results_file.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "_commit", lambda: "abc1234")  # no git process in this tier
    monkeypatch.setenv("TUI_INTERVIEW_BENCH_RESULTS", str(tmp_path / "out"))
    return module


def benchmark_scripts() -> list[Path]:
    return sorted(p for p in BENCHMARKS.glob("*.py") if p.stem not in NOT_BENCHMARKS)


@pytest.mark.parametrize("script", benchmark_scripts(), ids=lambda p: p.name)
def test_every_benchmark_writes_its_figures_through_the_helper(script):
    source = script.read_text(encoding="utf-8")
    assert re.search(r"^from results_file import .*write_results", source, re.MULTILINE)
    assert "write_results(" in source
    assert ".write_text(json.dumps" not in source, "write figures with write_results"


def test_the_results_file_holds_the_figures_and_how_they_were_measured(results_file, tmp_path):
    path = results_file.write_results("demo", {"save_ms": 1.5, "name": "Zoë"})
    assert path == tmp_path / "out" / "demo.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["benchmark"] == "demo"
    assert record["save_ms"] == 1.5 and record["name"] == "Zoë"
    measured = record["measured"]
    assert measured["commit"] == "abc1234"
    assert measured["command"].startswith("python benchmarks/")
    assert set(measured) >= {"at", "python", "platform", "cpus"}
    assert not list((tmp_path / "out").glob("*.tmp"))
    results_file.write_results("demo", {"save_ms": 2.0})  # replaced whole
    assert "name" not in json.loads(path.read_text(encoding="utf-8"))


def test_a_closing_line_of_figures_is_read_as_numbers(results_file):
    figures = results_file.parse_figures(
        "ok seed=7 ratio=1.25 session_kb=10.1-11.2 encrypted=False lost=0 plain words"
    )
    assert figures == {
        "seed": 7,
        "ratio": 1.25,
        "session_kb": "10.1-11.2",
        "encrypted": False,
        "lost": 0,
    }


def test_the_committed_results_files_say_how_they_were_measured():
    for path in sorted((BENCHMARKS / "results").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record.get("benchmark") == path.stem, path.name
        assert "command" in record.get("measured", {}), path.name
