"""The README fits on a page, every relative link in it and in docs/ resolves
(the file, and a #anchor to a heading of it), and every docs page can be
reached from the README (issue 26 §6)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# [text](target) or [text](target "title"); text may hold `code` and brackets one deep.
LINK = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def pages() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks, with inline code spans blanked."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(CODE_SPAN.sub("", line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text, lowercased, without
    punctuation (letters, digits, spaces, ``-`` and ``_`` kept), spaces as ``-``."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
    text = text.replace("`", "").lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: Counter[str] = Counter()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        heading = None if fenced else HEADING.match(line)
        if heading:
            base = slug(heading[2])
            found.add(base if not seen[base] else f"{base}-{seen[base]}")
            seen[base] += 1
    return found


def links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [m[1] for line in prose_lines(text) for m in LINK.finditer(line)]


def relative_links(path: Path) -> list[tuple[str, Path, str]]:
    """(as written, the file it names, its anchor) for each relative link."""
    found = []
    for target in links(path):
        if SCHEME.match(target) or target.startswith("//"):
            continue
        where, _, anchor = target.partition("#")
        file = (path.parent / unquote(where)).resolve() if where else path
        found.append((target, file, unquote(anchor)))
    return found


def test_the_readme_fits_on_a_page():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; the guide is docs/guide/"


def test_the_link_finder_finds_links_outside_code_only():
    text = "see [a](x.md#b) and `[c](nope.md)`\n```\n[d](nope.md)\n```\n[`e` f](g.md)\n"
    found = [m[1] for line in prose_lines(text) for m in LINK.finditer(line)]
    assert found == ["x.md#b", "g.md"]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Quick start", "quick-start"),
        ("`tui-interview serve`: the app in a browser", "tui-interview-serve-the-app-in-a-browser"),
        ("Keys in a browser", "keys-in-a-browser"),
        ("Review, rating and the recommendation", "review-rating-and-the-recommendation"),
        ("Upstream fix: a bracketed paste holding ESC (Textual 8.2.8)",
         "upstream-fix-a-bracketed-paste-holding-esc-textual-828"),
    ],
)  # fmt: skip
def test_anchors_are_made_as_github_makes_them(heading, anchor):
    assert slug(heading) == anchor


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    broken = []
    for target, file, anchor in relative_links(page):
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            broken.append(f"{target}: no heading #{anchor} in {file.relative_to(ROOT)}")
    assert not broken, broken


def test_every_docs_page_is_reachable_from_the_readme():
    reached, todo = set(), [README.resolve()]
    while todo:
        page = todo.pop()
        if page in reached:
            continue
        reached.add(page)
        for _, file, _ in relative_links(page):
            if file.suffix == ".md" and file.is_file() and file not in reached:
                todo.append(file)
    unreached = [str(p.relative_to(ROOT)) for p in DOCS.rglob("*.md") if p.resolve() not in reached]
    assert not unreached, (
        f"not linked from README.md, directly or through linked pages: {unreached}"
    )


def test_the_guide_has_its_topics():
    guide = {p.stem for p in (DOCS / "guide").glob("*.md")}
    topics = {"interview", "keys", "rating", "panel", "privacy", "configuration", "themes"}
    assert topics | {"browser", "scripting"} <= guide


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)\n```$", text, re.MULTILINE | re.DOTALL)


def test_the_quick_start_installs_and_starts_the_app_then_runs_the_suite():
    text = README.read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert sh_blocks(quick) == [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/tui-interview",
        ".venv/bin/python -m pytest",
    ]
    # CI runs the same test command.
    assert ".venv/bin/python -m pytest -q" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_says_which_tier_to_run_when():
    text = README.read_text(encoding="utf-8")
    for command in (
        '`.venv/bin/python -m pytest -m "not ui and not slow"`',
        '`.venv/bin/python -m pytest -m "not slow"`',
        "`.venv/bin/python -m pytest`",
    ):
        assert f"| {command} |" in text, command


def test_the_commands_table_has_a_row_for_every_command():
    import argparse

    from tui_interview.cli import build_parser

    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    text = README.read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    missing = [name for name in sub.choices if f"| `tui-interview {name}" not in table]
    assert not missing, f"commands with no row in README.md's table: {missing}"
