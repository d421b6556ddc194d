"""One strict reader for the fields of data the app did not necessarily
write: session files (``session_codec``), competency snapshots
(``competency_codec``), plan files (``plan_file``) and index entries
(``storage.summaries``).

Each reader raises its own error type, but every one says the same thing in
the same words, starting with the field at fault
(``notes[2].text: expected text, got a whole number``), and takes the same
limits: text holds no lone surrogate, a whole number is no true/false and
not past ``MAX_WHOLE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui_interview.domain.strict_json import has_lone_surrogate

#: The largest whole number read (a level, a revision, a count): JSON numbers
#: past 2**53 are not exact in every reader, and the session files' encoder
#: stops at 64 bits. No count comes near it.
MAX_WHOLE = 2**53

#: A field with no default: missing is an error.
MISSING: Any = object()

_TYPE_NAMES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true/false",
    "NoneType": "null",
    "list": "a list",
    "dict": "an object",
}


def type_name(value: object) -> str:
    """What ``value`` is, in the words of the messages (``a list``)."""
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def field_name(key: str, where: str) -> str:
    """``where.key`` (just ``key`` at the top)."""
    return f"{where}.{key}" if where else key


class FieldReader:
    """Reads checked fields, raising ``error(field, problem)`` (an exception
    of the caller's type) for anything malformed."""

    def __init__(self, error: Callable[[str, str], Exception]):
        self.error = error

    def field(self, fields: dict[str, Any], key: str, where: str, default: Any = MISSING) -> Any:
        if key in fields:
            return fields[key]
        if default is MISSING:
            raise self.error(field_name(key, where), "missing")
        return default

    def mapping(self, data: object, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.error(where, f"expected an object, got {type_name(data)}")
        return data

    def list(self, fields: dict[str, Any], key: str, where: str, default: Any = MISSING) -> Any:
        value = self.field(fields, key, where, default)
        if not isinstance(value, list):
            raise self.error(field_name(key, where), f"expected a list, got {type_name(value)}")
        return value

    def check_text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.error(where, f"expected text, got {type_name(value)}")
        if not value.isascii() and has_lone_surrogate(value):
            raise self.error(where, "holds a lone surrogate, which is not a character")
        return value

    def text(self, fields: dict[str, Any], key: str, where: str, default: Any = MISSING) -> str:
        return self.check_text(self.field(fields, key, where, default), field_name(key, where))

    def optional_text(
        self, fields: dict[str, Any], key: str, where: str, default: Any = MISSING
    ) -> str | None:
        """Text or null (``default`` when missing, if given)."""
        value = self.field(fields, key, where, default)
        return None if value is None else self.check_text(value, field_name(key, where))

    def check_whole(self, value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(where, f"expected a whole number, got {type_name(value)}")
        if abs(value) > MAX_WHOLE:
            raise self.error(where, f"{value} is too large")
        return value

    def integer(self, fields: dict[str, Any], key: str, where: str, default: Any = MISSING) -> int:
        return self.check_whole(self.field(fields, key, where, default), field_name(key, where))

    def count(self, fields: dict[str, Any], key: str, where: str, default: Any = MISSING) -> int:
        """A whole number, 0 or more."""
        value = self.integer(fields, key, where, default)
        if value < 0:
            raise self.error(field_name(key, where), f"{value} is not a count")
        return value
