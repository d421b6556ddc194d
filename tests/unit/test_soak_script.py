"""The soak script reads a killed writer's half-written last line (issue 24 §6)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "soak_storage.py"


@pytest.fixture
def soak(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPT.parent))  # it imports make_sessions
    spec = importlib.util.spec_from_file_location("soak_storage", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_half_written_last_ack_line_counts_as_not_acknowledged(soak):
    full = "ack " + json.dumps(["note", "abc234", "r1-1"])
    tried = "try " + json.dumps(["note", "abc234", "r1-2", ""])
    half = ("ack " + json.dumps(["note", "abc234", "r1-2"]))[:12]
    expected = soak.Expectations()
    expected.read([full, tried, half])
    assert expected.notes["abc234"] == {"r1-1"}
    assert expected.counts["note"] == 1


def test_a_garbled_line_before_the_last_is_still_an_error(soak):
    with pytest.raises(ValueError):
        soak.Expectations().read(['ack ["note', "ack " + json.dumps(["note", "abc234", "x"])])
