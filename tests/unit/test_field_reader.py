"""The one strict field reader (``domain.fields``): the same limits and words
for every reader of untrusted data."""

from __future__ import annotations

import pytest

from tui_interview.domain.fields import MAX_WHOLE, FieldReader
from tui_interview.domain.session_codec import SessionDataError


class Refused(ValueError):
    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")


READ = FieldReader(Refused)


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (
            lambda: READ.integer({"n": True}, "n", "x"),
            "x.n: expected a whole number, got true/false",
        ),
        (
            lambda: READ.integer({"n": MAX_WHOLE + 1}, "n", "x"),
            f"x.n: {MAX_WHOLE + 1} is too large",
        ),
        (lambda: READ.text({}, "t", "x"), "x.t: missing"),
        (lambda: READ.text({"t": "\ud800"}, "t", ""), "t: holds a lone surrogate"),
        (lambda: READ.list({"l": {}}, "l", "x"), "x.l: expected a list, got an object"),
        (lambda: READ.mapping([], "x"), "x: expected an object, got a list"),
        (lambda: READ.count({"c": -1}, "c", "x"), "x.c: -1 is not a count"),
    ],
)
def test_malformed_fields_are_refused_naming_the_field(read, message):
    with pytest.raises(Refused, match=message.replace("[", r"\[")):
        read()


def test_well_formed_fields_and_defaults_are_read():
    assert READ.integer({"n": MAX_WHOLE}, "n", "x") == MAX_WHOLE
    assert READ.text({}, "t", "x", default="") == ""
    assert READ.optional_text({"t": None}, "t", "x") is None
    assert READ.count({}, "c", "x", default=0) == 0


def test_the_session_codec_reads_through_it():
    from tui_interview.domain.session_codec import _integer

    with pytest.raises(SessionDataError, match="level: 9007199254740993 is too large"):
        _integer({"level": MAX_WHOLE + 1}, "level", "")
