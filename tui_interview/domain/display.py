"""Stored text made safe to show: nothing in it can drive a terminal or hide
from the reader.

Stored text is untrusted (sessions and profiles are imported from files), and
a terminal obeys what it is sent: ``ESC ] 52 ; c ; … BEL`` sets the clipboard,
``ESC ] 0 ; … BEL`` retitles the window, U+202E turns the rest of a line
around. Every surface that shows stored text (the TUI, the CLI, the Markdown
export) passes it through ``visible_text`` first; only the JSON export keeps
the exact text.

What changes, and into what (``less`` and ``cat -v`` style):

* C0 control characters and DEL in caret notation: ESC -> ``^[``,
  BEL -> ``^G``, NUL -> ``^@``, DEL -> ``^?``;
* C1 control characters (U+0080-U+009F), format characters (Unicode
  category Cf: bidi embeddings, overrides, isolates and marks, zero-width
  space and joiners, word joiner, BOM, soft hyphen, tag characters…) and lone
  surrogates as their code point: U+202E -> ``<U+202E>``, U+009B -> ``<U+009B>``;
* line breaks (LF, CR, CRLF, NEL, U+2028, U+2029): one ``\\n`` each with
  ``multiline=True`` (notes, question texts, rationales: surfaces that show
  several lines), one ``↵`` each otherwise (list cells, titles, the status
  bar, CLI table rows);
* a tab stays a tab with ``multiline=True`` and becomes a space otherwise.

Everything else, including every printable character of every script, is
left as it is. The result holds no C0, C1, DEL, Cf, Cs, U+2028 or U+2029
character, and ``visible_text`` of it is itself (it is idempotent), so a
surface may apply it again without harm.
"""

from __future__ import annotations

import re

#: What a line break becomes on a single-line surface.
LINE_BREAK_SYMBOL = "↵"

#: Every kind of line break; CRLF counts as one.
_LINE_BREAK = "\r\n|[\n\r\x85\u2028\u2029]"

#: Characters shown as something else: C0 and C1 control characters with DEL,
#: every format character (category Cf, Unicode 14, with the ranges around
#: them that later versions fill) and lone surrogates. A test checks this
#: against ``unicodedata`` for every code point.
_HIDDEN_ABOVE_C0 = (
    "\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_HIDDEN = f"[\x00-\x1f{_HIDDEN_ABOVE_C0}]"
_PATTERN = re.compile(f"(?P<br>{_LINE_BREAK})|(?P<tab>\t)|{_HIDDEN}")
#: One character that ``visible_text`` rewrites (line breaks and tab included).
HIDDEN_CHARACTER = re.compile(f"[\u2028\u2029]|{_HIDDEN}")
#: The hidden characters ``json.dumps(ensure_ascii=False)`` leaves as they are
#: (it escapes C0 itself; any C0 left in its output is layout between tokens).
_HIDDEN_IN_JSON = re.compile(f"[\u2028\u2029{_HIDDEN_ABOVE_C0}]")


def visible_text(text: str, *, multiline: bool = False) -> str:
    """``text`` as it may be shown on a terminal or in a document: control,
    bidi and invisible characters as visible symbols (see the module's
    docstring); line breaks kept with ``multiline``, else shown as ``↵``."""
    if multiline:
        return _PATTERN.sub(_multiline, text)
    return _PATTERN.sub(_single_line, text)


def visible_char(char: str) -> str:
    """How one hidden character is shown: ``^[`` for ESC, ``<U+202E>`` for
    RIGHT-TO-LEFT OVERRIDE."""
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def _multiline(match: re.Match[str]) -> str:
    if match.lastgroup == "br":
        return "\n"
    if match.lastgroup == "tab":
        return "\t"
    return visible_char(match.group())


def _single_line(match: re.Match[str]) -> str:
    if match.lastgroup == "br":
        return LINE_BREAK_SYMBOL
    if match.lastgroup == "tab":
        return " "
    return visible_char(match.group())


def json_visible(json_text: str) -> str:
    """JSON text (from ``json.dumps(…, ensure_ascii=False)``) with the hidden
    characters that json leaves raw (DEL, C1, Cf, U+2028, U+2029, lone
    surrogates) written as ``\\uXXXX`` escapes: the same JSON value, safe to
    print on a terminal."""
    return _HIDDEN_IN_JSON.sub(_json_escape, json_text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, as JSON spells it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


#: A notice is cut to this many screen widths of text (it wraps inside its
#: toast), and to this many lines times four; past that it ends in ``…``.
NOTICE_ROWS = 3
ELLIPSIS = "…"


def cell_width(char: str) -> int:
    """Terminal cells ``char`` takes: 2 for wide (East Asian wide and full
    width) characters, 0 for combining marks, else 1."""
    import unicodedata

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cut_to_cells(text: str, cells: int, *, cut: bool = False) -> str:
    """``text`` in at most ``cells`` terminal cells (a line break counts as
    one), ending in ``…`` if it had to be cut (or ``cut`` says it was)."""
    used = 0
    widths = [cell_width(char) for char in text]
    if not cut and sum(widths) <= cells:
        return text
    room = max(cells - 1, 0)  # for the ellipsis
    for index, width in enumerate(widths):
        if used + width > room:
            return text[:index] + ELLIPSIS
        used += width
    return text + ELLIPSIS


def notice_text(text: str, columns: int) -> str:
    """A notice's text as shown: ``visible_text`` with its lines, cut to
    ``NOTICE_ROWS`` screen widths of ``columns`` cells (and as many lines
    times four). A notice is a line or two: stored text in it (a 5 MB
    candidate name, say) is never shown whole; the full text is where it is
    stored. The one place notices are cut (``App.notify`` calls it)."""
    limit = max(columns, 20) * NOTICE_ROWS
    head = text[: limit + 1]  # every character but a combining mark takes a cell
    lines = visible_text(head, multiline=True).split("\n")
    many = len(lines) > NOTICE_ROWS * 4
    shown = "\n".join(lines[: NOTICE_ROWS * 4])
    return cut_to_cells(shown, limit, cut=many or len(head) < len(text))
