"""Issue 24 §6: docs/storage.md says what the code does (the draft delay,
the recovery files' names)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tui_interview.storage.recovery import NAME, folder_tag, save_recovered_text

REPO = Path(__file__).resolve().parents[2]
STORAGE_DOC = (REPO / "docs" / "storage.md").read_text(encoding="utf-8")


def test_the_draft_delay_in_the_docs_is_the_codes():
    source = (REPO / "tui_interview" / "screens" / "interview.py").read_text(encoding="utf-8")
    delay = re.search(r"^DRAFT_SAVE_DELAY = ([0-9.]+)$", source, re.M)
    assert delay is not None
    assert f"saved {delay[1]} s after typing stops (`DRAFT_SAVE_DELAY`)" in STORAGE_DOC


def test_the_recovery_file_names_in_the_docs_are_the_codes(tmp_path):
    when = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    path = save_recovered_text(tmp_path, "abc222", "words", when, data_dir=tmp_path / "data")
    assert path.name == f"abc222-20261126T093000.{folder_tag(tmp_path / 'data')}.txt"
    assert NAME.fullmatch(path.name) and NAME.fullmatch(path.name + ".sealed")
    assert "`<state>/recovered/<id>-<time>[-n].<folder tag>.txt` (`.txt.sealed` when" in (
        STORAGE_DOC.replace("\n", " ")
    )
