"""Transcript Markdown read by the renderers people use: GitHub's (cmark-gfm,
through ``cmarkgfm``) and pandoc's ``gfm`` reader (skipped where pandoc is
not installed). Every piece of user text reads back as exactly its displayed
text, and a URL is a working link to itself with no visible backslash."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui_interview.export.markdown import displayed_text, escape_block, escape_inline

cmarkgfm = pytest.importorskip("cmarkgfm")
PANDOC = shutil.which("pandoc")
_pandoc_present = pytest.mark.skipif(PANDOC is None, reason="pandoc is not installed")


def needs_pandoc(test):
    """Runs pandoc (a process: the slow tier), skipped where it is absent."""
    return pytest.mark.slow(_pandoc_present(test))


URLS = [
    "https://github.com/zoe_star/my_repo",
    "https://github.com/zoe_star/my_repo#L10-L20",
    "http://z",
    "https://example.com/a_(b)_c?q=1&r=2",
    "https://example.com/path_with__double/x*y~z",
    "www.example.com/zoe_star/my_repo",
    "www.example.com/#frag",
    "ftp://files.example.org/a_b.txt",
    "zoe_star@example.com",
]
HOSTILE = [
    "<http://z>",
    "$x^2$ and $$y$$",
    "--- -- ... \"quoted\" 'single'",
    ":smile: :+1: :heavy_check_mark:",
    "*em* _em_ __strong__ ~~del~~ `code`",
    "[link](https://x.example) ![img](y.png) [^1]",
    "<b>html</b> &amp; &#65; &copy;",
    "a|b \\ back\\slash ends with \\",
    "# hash ## and #tag",
    "1. list 2) list - dash + plus",
    "> [!NOTE] alert",
    "- [ ] task",
]

# -- reading what each renderer made ---------------------------------------------


class _Text(HTMLParser):
    """The text of cmark-gfm's HTML, with each link's href; any element that
    user text could have made (emphasis, code, images, raw HTML) fails."""

    ALLOWED = {"p", "h1", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "br", "a"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._text: list[str] = []
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in self.ALLOWED, f"user text made a <{tag}>"
        if tag in {"p", "h1", "th", "td", "li"}:
            self._text = []  # (cmark-gfm's "\n" after a <br /> stays: the break)
        if tag == "a":
            self._href = dict(attrs)["href"]
            self._link_text = []

    def handle_endtag(self, tag):
        if tag == "a":
            self.links.append((self._href or "", "".join(self._link_text)))
            self._href = None
        if tag in {"p", "h1", "th", "td", "li"}:
            text = "".join(self._text)
            if tag != "li" or text.strip():
                self.blocks.append(text)
            self._text = []

    def handle_data(self, data):
        self._text.append(data)
        if self._href is not None:
            self._link_text.append(data)


def github(markdown: str) -> _Text:
    parser = _Text()
    parser.feed(cmarkgfm.github_flavored_markdown_to_html(markdown))
    return parser


def fragment(text: str) -> str:
    """A heading, a table cell and a note item holding ``text``."""
    return (
        f"# Title {escape_inline(text)}\n\n"
        f"| Detail | Value |\n| --- | --- |\n| Cell | {escape_inline(text)} |\n\n"
        f"- [00:01] · note\\\n  {escape_block(text, '  ')}\n"
    )


def github_texts(text: str) -> tuple[list[str], _Text]:
    page = github(fragment(text))
    blocks = [b for b in page.blocks if b not in {"Detail", "Value", "Cell"}]
    return blocks, page


def pandoc_inlines(markdown: str) -> list[list[dict]]:
    """pandoc -f gfm's AST: the inline lists of every Header, Para, Plain."""
    out = subprocess.run(
        [PANDOC, "-f", "gfm", "-t", "json"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    found: list[list[dict]] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") in ("Para", "Plain"):
                found.append(node["c"])
                return
            if node.get("t") == "Header":
                found.append(node["c"][2])
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(out)["blocks"])
    return found


def pandoc_text(inlines: list[dict], links: list[tuple[str, str]]) -> str:
    parts = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind == "Space":
            parts.append(" ")
        elif kind in ("SoftBreak", "LineBreak"):
            parts.append("\n")
        elif kind == "Link":
            shown = pandoc_text(node["c"][1], links)
            links.append((node["c"][2][0], shown))
            parts.append(shown)
        else:
            raise AssertionError(f"pandoc read user text as {kind}: {node}")
    return "".join(parts)


def pandoc_same_text(got: list[str], text: str) -> None:
    """``same_text`` for pandoc's AST, which holds any run of spaces and tabs
    as one Space: compare with those runs made one space on both sides."""
    squeeze = re.compile(r"[ \t]+")
    wanted = [squeeze.sub(" ", _squash(w)) for w in expected(text)]
    assert [squeeze.sub(" ", _squash(g)) for g in got] == wanted


def pandoc_texts(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    links: list[tuple[str, str]] = []
    texts = [pandoc_text(inlines, links) for inlines in pandoc_inlines(fragment(text))]
    return [t for t in texts if t not in {"Detail", "Value", "Cell"}], links


def expected(text: str) -> list[str]:
    shown = displayed_text(text)
    return ["Title " + shown, shown, "[00:01] · note\n" + shown]


def same_text(got: list[str], text: str) -> None:
    # HTML and pandoc both drop the spaces that end a line before a break.
    assert [_squash(g) for g in got] == [_squash(w) for w in expected(text)]


def _squash(text: str) -> str:
    return "\n".join(line.strip(" ") for line in text.replace("\u00a0", " ").split("\n"))


def href_of(url: str) -> str:
    if url.startswith("www."):
        return "http://" + url
    if url.startswith(("http://", "https://", "ftp://")):
        return url
    return "mailto:" + url


# -- GitHub ----------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_a_url_in_a_note_is_a_working_link_on_github_with_no_backslash(url):
    text = f"see {url}, then reply"
    blocks, page = github_texts(text)
    same_text(blocks, text)
    assert "\\" not in "".join(blocks)
    assert page.links and all(shown == url for _, shown in page.links)
    assert {unquote(href) for href, _ in page.links} == {href_of(url)}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_literal_on_github(text):
    blocks, _ = github_texts(text)
    same_text(blocks, text)


def test_a_note_in_angle_brackets_shows_its_brackets_and_links_inside():
    blocks, page = github_texts("<http://z>")
    assert blocks[1] == "<http://z>"
    assert page.links[0] == ("http://z", "http://z")


_PIECES = st.sampled_from(
    [
        *URLS,
        *HOSTILE,
        "_",
        "*",
        "~",
        "$",
        ":",
        "&",
        "#",
        "|",
        "\\",
        "<",
        ">",
        "(",
        ")",
        " ",
        "x",
        "é",
        "李雷",
        "www.",
        "https://",
        "\n",
        ".",
        "!",
        "a_b",
        "`",
    ]
)
HOSTILE_TEXT = (
    st.lists(_PIECES | st.text(max_size=4), min_size=1, max_size=8)
    .map("".join)
    .filter(lambda text: displayed_text(text).strip())
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_any_text_reads_back_exactly_on_github(text):
    blocks, page = github_texts(text)
    same_text(blocks, text)
    for href, shown in page.links:  # a link always goes where its text says
        assert unquote(href) == unquote(href_of(shown))


# -- pandoc -f gfm ---------------------------------------------------------------


@needs_pandoc
@pytest.mark.parametrize("url", URLS)
def test_a_url_in_a_note_is_a_link_under_pandoc(url):
    text = f"see {url}, then reply"
    texts, links = pandoc_texts(text)
    pandoc_same_text(texts, text)
    assert links and all(shown == url for _, shown in links)


@needs_pandoc
def test_pandoc_reads_every_hostile_note_literally():
    """One pandoc run for all of them: no math, no smart dashes or quotes, no
    emoji, no emphasis or HTML."""
    for text in HOSTILE:
        texts, _ = pandoc_texts(text)
        pandoc_same_text(texts, text)


@needs_pandoc
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
@example("<http://z>www.example.com/zoe_star/my_repo\n")  # a www. link before a reference
@example("豈 e\u0301")  # pandoc normalises its input to NFC
@example("https://github.com/zoe_star/my_repo豈")  # ... inside a URL too
def test_any_text_reads_back_exactly_under_pandoc(text):
    texts, _ = pandoc_texts(text)
    pandoc_same_text(texts, text)
