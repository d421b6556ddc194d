"""The printable HTML transcript: self-contained (no script, nothing loaded,
no link), and no text typed by anyone can become markup or get lost."""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser

from conftest import HOSTILE, HOSTILE_SHOWN, terminal_unsafe
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_export_markdown import ADVERSARIAL, plain_twin, with_notes
from test_export_sample import EXPORTED_AT, build_session

from tui_interview.export import export_to_file
from tui_interview.export.files import export_owner, render
from tui_interview.export.html import escape_text, render_html
from tui_interview.export.markdown import displayed_text

#: Every tag the transcript may hold, and every attribute.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "footer", "h1", "h2", "h3",
    "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "span", "em",
    "strong", "blockquote", "br", "hr",
}  # fmt: skip
ATTRIBUTES = {"lang", "charset", "http-equiv", "name", "content", "class"}
HOSTILE_MARKUP = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    '<a href="https://evil.example/">click</a> <link rel=stylesheet href=//evil>',
    "&lt;b&gt; &amp; &#60;script&#62; &copy;",
    "</li></ul></main><script src=https://evil.example/x.js></script>",
    "<!-- comment --> <![CDATA[x]]> <?php echo 1; ?>",
    "<style>body{background:url(https://evil.example/p.png)}</style>",
    "https://github.com/zoe_star/my_repo and www.example.com",
]


class Page(HTMLParser):
    """The parsed page: its tags with their attributes, in order, and the text
    of each note (``li.note`` without its header or first version)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.notes: list[str] = []
        self.title = ""
        self.style = ""
        self._open: list[str] = []
        self._note: list[str] | None = None
        self._note_at = 0  # how many elements are open inside the note's li
        self._skip_at: int | None = None  # the same, for its header or first version
        self._after_head = False  # a note's header just closed
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "br":
            if not self._after_head:  # the break after a note's header is layout
                self._text("\n")
            self._after_head = False
            return
        self._after_head = False
        if tag in ("meta", "hr"):
            return
        self._open.append(tag)
        kind = attributes.get("class")
        if tag == "li" and kind == "note" and self._note is None:
            self._note, self._note_at = [], len(self._open)
        elif self._note is not None and kind in ("note-head", "first") and self._skip_at is None:
            self._skip_at = len(self._open)

    def handle_endtag(self, tag):
        assert self._open and self._open[-1] == tag, (tag, self._open)
        self._open.pop()
        if self._skip_at is not None and len(self._open) < self._skip_at:
            self._skip_at = None
            self._after_head = tag == "span"
        if self._note is not None and len(self._open) < self._note_at:
            self.notes.append("".join(self._note))
            self._note = None

    def handle_data(self, data):
        self._after_head = False
        if self._open and self._open[-1] == "title":
            self.title += data
        elif self._open and self._open[-1] == "style":
            self.style += data
        else:
            self._text(data)

    def _text(self, data: str) -> None:
        if self._note is not None and self._skip_at is None:
            self._note.append(data)


def structure(page: Page) -> list[str]:
    """The page's tags, but line breaks (which a note's text may hold)."""
    return [tag for tag, _ in page.tags if tag != "br"]


def page_of(session, **kwargs) -> tuple[str, Page]:
    text = render_html(session, now=EXPORTED_AT, **kwargs)
    return text, Page(text)


def expected_notes(session) -> set[str]:
    return {displayed_text(note.text) for note in session.active_notes}


def assert_self_contained(text: str, page: Page) -> None:
    assert "<script" not in text.lower()
    assert {tag for tag, _ in page.tags} <= TAGS
    for _tag, attributes in page.tags:
        assert set(attributes) <= ATTRIBUTES
        for value in attributes.values():
            assert value is not None
            assert not re.search(r"https?:|//|url\(", value, re.IGNORECASE)
    assert not re.search(r"url\(|@import|https?:|//", page.style, re.IGNORECASE)
    assert text.count("<style>") == 1


# -- the layout ---------------------------------------------------------------------


def test_the_sample_is_a_self_contained_page_with_every_note():
    session = build_session()
    text, page = page_of(session)
    assert text.startswith("<!DOCTYPE html>\n")
    assert_self_contained(text, page)
    assert page.title == "Interview transcript: Jane Doe"
    assert set(page.notes) == expected_notes(session)
    assert "@media print" in page.style and "@page" in page.style
    assert "default-src 'none'" in dict(page.tags[3][1]).get("content", "")
    headings = [tag for tag, _ in page.tags if tag in ("h1", "h2")]
    assert headings[0] == "h1" and headings.count("h1") == 1
    assert "<p>Exported at: 2026-11-26 16:30 +01:00</p>" in text


def test_the_html_shows_the_same_sections_as_the_markdown():
    session = build_session()
    markdown = render(session, "markdown", now=EXPORTED_AT)
    html = render_html(session, now=EXPORTED_AT)
    md_headings = re.findall(r"^#{1,4} (.*)$", markdown, re.MULTILINE)
    html_headings = re.findall(r"<h[1-4]>(.*?)</h[1-4]>", html)
    assert html_headings == md_headings
    assert html.count('<li class="note">') == markdown.count("- [") - markdown.count("- [ ]")


def test_the_same_session_exports_the_same_bytes_apart_from_the_export_time():
    later = EXPORTED_AT.replace(hour=18, minute=0)
    first = render_html(build_session(), now=EXPORTED_AT)
    second = render_html(build_session(), now=later)
    assert first != second
    assert first.replace("16:30", "18:00") == second


# -- stored text is untrusted ---------------------------------------------------------


def test_hostile_markup_stays_text_everywhere_a_person_typed():
    session = with_notes(build_session(), HOSTILE_MARKUP + ADVERSARIAL)
    session.candidate = "<script>alert(1)</script> \"Jane\" & 'Doe'"
    session.role = "</td></tr></table><img src=https://evil.example/>"
    session.interviewer = '"><meta http-equiv="refresh" content="0;url=https://evil.example">'
    text, page = page_of(session)
    assert_self_contained(text, page)
    assert page.title == "Interview transcript: " + session.candidate
    assert set(page.notes) == expected_notes(session)
    # The structure is the plain twin's: no tag came from the text.
    twin = plain_twin(session)
    twin.interviewer = "plain"
    assert structure(page) == structure(Page(render_html(twin, now=EXPORTED_AT)))
    # A URL in a note is text, never a link.
    assert "https://github.com/zoe_star/my_repo" in text
    assert "<a " not in text and "href" not in {a for _, attrs in page.tags for a in attrs}


def test_control_and_bidi_characters_reach_the_page_only_as_visible_symbols():
    session = with_notes(build_session(), HOSTILE)
    session.candidate = "\x1b]0;pwned\x07Jane\u2066"
    text, page = page_of(session)
    assert terminal_unsafe(text) == []
    assert "^[]0;pwned^GJane&lt;U+2066&gt;" in text
    assert {n for n in page.notes if n in HOSTILE_SHOWN} == set(HOSTILE_SHOWN)


def test_escape_text_escapes_quotes_and_keeps_line_breaks():
    assert escape_text("a<b>&\"c'\r\nd") == "a&lt;b&gt;&amp;&quot;c&#x27;<br>d"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=4))
@example(["0", "\x85"])  # a note of one line break, on a quoted note (no break after the head)
def test_any_notes_round_trip_through_a_whole_page(texts):
    session = with_notes(build_session(), texts)
    text, page = page_of(session)
    assert set(page.notes) == expected_notes(session)
    assert "<script" not in text.lower()


def test_redacted_page_never_names_the_candidate():
    session = build_session()
    session.notes[0].text = "JANE said Doe's team."
    text, _ = page_of(session, redact=True)
    assert not re.search(r"\bjane\b|\bdoe\b", text, re.IGNORECASE)


# -- the file ---------------------------------------------------------------------------


def test_an_html_export_is_a_private_html_file_that_names_its_session(tmp_path):
    session = build_session()
    path = export_to_file(session, "html", directory=tmp_path, now=EXPORTED_AT)
    assert path.suffix == ".html"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert export_owner(path) == session.id
    # Its own earlier export may be replaced with force; it is this session's.
    assert export_to_file(session, "html", directory=tmp_path, force=True) == path
