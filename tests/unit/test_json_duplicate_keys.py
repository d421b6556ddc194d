"""A JSON object with one key twice is refused, naming the key (issue 24 §6)."""

from __future__ import annotations

import json

import pytest

from tui_interview.domain import strict_json
from tui_interview.export.json_export import ImportFormatError, read_export


def test_a_repeated_key_is_refused_by_name():
    with pytest.raises(ValueError, match='the key "rating" appears twice'):
        strict_json.loads('{"a": {"rating": 1, "rating": 4}}')


def test_a_repeated_hostile_key_is_named_visibly():
    with pytest.raises(ValueError) as caught:
        strict_json.loads('{"\\u001b]0;x\\u0007": 1, "\\u001b]0;x\\u0007": 2}')
    assert "\x1b" not in str(caught.value) and "^[]0;x^G" in str(caught.value)


def test_distinct_keys_are_read_as_before():
    assert strict_json.loads('{"a": 1, "b": [{"a": 2}]}') == {"a": 1, "b": [{"a": 2}]}


def test_a_transcript_with_a_second_interviewer_is_refused(tmp_path):
    text = json.dumps({"format": "x", "session": {"interviewer": "Ann"}})
    forged = text[:-1] + ', "session": {"interviewer": "Bo"}}'
    with pytest.raises(ImportFormatError, match='the key "session" appears twice'):
        read_export(forged)
