"""Small text rules shared by the loader and the importer."""

from __future__ import annotations

import re
import unicodedata

#: Ids of competencies, behaviours, questions and probes: safe in file names,
#: URLs and JSON keys, and easy to type.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ID_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit"


def is_valid_id(value: str) -> bool:
    return ID_PATTERN.fullmatch(value) is not None


def forbidden_character(text: str) -> str | None:
    """The first character that must not appear in displayed text, if any.

    Control characters (other than tab and newline) could move the cursor or
    change colours in a terminal; lone surrogates cannot be written as UTF-8.
    """
    for char in text:
        if char in "\t\n":
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return char
    return None


def describe_character(char: str) -> str:
    return f"U+{ord(char):04X}"


def slugify(value: str) -> str:
    """``Service Management Processes`` -> ``service-management-processes``."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
