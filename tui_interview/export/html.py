"""The printable HTML transcript of a session (``export --format html``).

The same transcript as the Markdown one: ``markdown.Transcript`` decides what
is shown, in what order and in which words; ``HtmlWriter`` only writes it as
HTML, for a hiring file that must be printed or attached.

One self-contained file: the styles are inline (with print styles: page
margins, no heading at the foot of a page, no table row or note split
between pages), there is no script, no font, image or style sheet from
anywhere, no link at all, and a Content-Security-Policy that forbids every
load and script should the file be opened in a browser. A URL in a note is
shown as text, not as a link: a printed record has no use for it, and an
attached file that links out is a file that makes requests.

Text typed by people and text from content files can never become markup:
everything goes through ``html.escape`` (quotes included) after
``markdown.displayed_text``, so a reader sees exactly what the Markdown
transcript shows (line breaks as line breaks, control, bidi and zero-width
characters as visible symbols).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from tui_interview import __version__
from tui_interview.domain.session import Session
from tui_interview.domain.timeutil import format_timestamp
from tui_interview.export.markdown import Transcript, displayed_text
from tui_interview.export.redact import redact_session

#: The ``<meta>`` that names the session, read back by ``files.export_owner``.
SESSION_META = "tui-interview-session"

_STYLE = """
:root { color-scheme: light; }
body {
  margin: 2em auto; max-width: 48em; padding: 0 1em;
  font: 11pt/1.45 Georgia, "DejaVu Serif", "Times New Roman", serif;
  color: #111; background: #fff;
}
h1, h2, h3, h4 {
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  line-height: 1.2; margin: 1.2em 0 0.4em;
}
h1 { font-size: 1.6em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; padding-bottom: 0.15em; }
h3 { font-size: 1.1em; }
h4 { font-size: 1em; }
table { border-collapse: collapse; margin: 0.5em 0; width: 100%; }
th, td { border: 1px solid #999; padding: 0.2em 0.45em; text-align: left; vertical-align: top; }
th { background: #eee; }
ul { padding-left: 1.4em; }
li { margin: 0.15em 0; }
.note-head { color: #444; font-size: 0.92em; }
blockquote { margin: 0.3em 0 0.3em 0.8em; padding-left: 0.7em; border-left: 3px solid #999; }
p.first { margin: 0.2em 0; color: #444; }
hr { border: 0; border-top: 1px solid #999; margin: 2em 0 1em; }
footer p { margin: 0.2em 0; font-size: 0.9em; color: #444; }
@page { margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, li, blockquote { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
}
"""

#: Nothing may be loaded and nothing may run, should a browser open the file.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def escape_text(text: str) -> str:
    """``text`` as literal HTML content showing ``displayed_text(text)``:
    every ``& < > " '`` escaped, each line break a ``<br>``."""
    return html.escape(displayed_text(text), quote=True).replace("\n", "<br>")


def ascii_html(document: str) -> str:
    """``document`` in ASCII, every other character a numeric character
    reference: the very same page in any encoding (a Windows code page on a
    pipe), as its ``<meta charset="utf-8">`` still says. The page's own markup
    and styles are ASCII, so only text and attribute values change, where a
    reference means the character itself."""
    return document.encode("ascii", "xmlcharrefreplace").decode("ascii")


class HtmlWriter:
    """Writes ``Transcript``'s parts as HTML (see ``markdown.Writer``)."""

    def text(self, text: str) -> str:
        return escape_text(text)

    def block(self, text: str, *, in_item: bool) -> str:
        return escape_text(text)

    def note_lines(self, text: str) -> list[str]:
        return [html.escape(line, quote=True) for line in displayed_text(text).split("\n")]

    def heading(self, level: int, content: str) -> str:
        return f"<h{level}>{content}</h{level}>"

    def paragraph(self, content: str) -> str:
        return f"<p>{content}</p>"

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
        head = "".join(f"<th>{cell}</th>" for cell in header)
        body = "\n".join(
            "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
        )
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"

    def item(self, content: str, children: Sequence[str] = (), *, depth: int = 0) -> str:
        nested = "\n<ul>\n" + "\n".join(children) + "\n</ul>\n" if children else ""
        return f"<li>{content}{nested}</li>"

    def items(self, items: Sequence[str]) -> str:
        return "<ul>\n" + "\n".join(items) + "\n</ul>" if items else ""

    def strong(self, content: str) -> str:
        return f"<strong>{content}</strong>"

    def emphasis(self, content: str) -> str:
        return f"<em>{content}</em>"

    def rule(self) -> str:
        return "<hr>"

    def note(
        self,
        header: Sequence[str],
        lines: Sequence[str],
        *,
        quote: bool,
        original: Sequence[str] | None,
        depth: int,
    ) -> str:
        head = f'<span class="note-head">{" · ".join(header)}</span>'
        text = "<br>".join(lines)
        body = f"<blockquote>{text}</blockquote>" if quote else f"<br>{text}"
        first = (
            f'<p class="first">First written as: {"<br>".join(original)}</p>' if original else ""
        )
        return f'<li class="note">{head}{body}{first}</li>'


def render_html(
    session: Session, *, now: datetime, redact: bool = False, redact_also: Sequence[str] = ()
) -> str:
    """The printable transcript of ``session`` as one HTML document; ``now`` is
    the export time shown at the foot. ``redact_also`` names more people to
    redact (it implies ``redact``)."""
    if redact or redact_also:
        session = redact_session(session, redact_also)
    writer = HtmlWriter()
    blocks = Transcript(session, writer).blocks()
    # The footer: everything after the rule.
    rule = blocks.index(writer.rule())
    body = "\n".join(blocks[:rule])
    foot = "\n".join(
        [*blocks[rule + 1 :], writer.paragraph(f"Exported at: {format_timestamp(now)}")]
    )
    title = html.escape(displayed_text(session.candidate).replace("\n", " "), quote=True)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="tui-interview {html.escape(__version__)}">\n'
        f'<meta name="{SESSION_META}" content="{html.escape(session.id, quote=True)}">\n'
        f"<title>Interview transcript: {title}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f"<hr>\n<footer>\n{foot}\n</footer>\n</body>\n</html>\n"
    )
