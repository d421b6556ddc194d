"""`tui-interview guide`: the interview guide in Markdown."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tui_interview.cli import main
from tui_interview.content.loader import load_file
from tui_interview.domain.competency import Behaviour, Competency, Level, Probe, Question
from tui_interview.domain.timeutil import format_elapsed
from tui_interview.domain.vocabulary import Tag
from tui_interview.export.guide import GuideChoice, GuideError, render_guide
from tui_interview.export.markdown import displayed_text
from tui_interview.locations import CONTENT_ENV

ROOT = Path(__file__).resolve().parents[2]
SHIPPED, _ = load_file(ROOT / "content" / "service-management-processes.yaml")
GOLDEN = ROOT / "tests" / "unit" / "golden" / "guide.md"
MD = MarkdownIt("commonmark").enable("table")


@pytest.fixture(autouse=True)
def no_user_content(monkeypatch):
    monkeypatch.delenv(CONTENT_ENV, raising=False)


def guide(level: int = 3, budget: int | None = 30) -> str:
    return render_guide([GuideChoice(SHIPPED, level)], budget_minutes=budget)


def test_guide_matches_golden_file() -> None:
    """Regenerate with UPDATE_GOLDEN=1 after an intended layout change, and read the diff."""
    text = guide()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def headings(markdown: str) -> list[tuple[str, str]]:
    tokens = MD.parse(markdown)
    return [
        (token.tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def test_guide_structure_questions_probes_behaviours_anchors_time_plan() -> None:
    tokens = MD.parse(guide())
    assert headings(guide()) == [
        ("h1", "Interview guide"),
        ("h2", "Service Management Processes"),
        ("h3", "Questions"),
        ("h3", "Behaviours to listen for"),
        ("h3", "Rating anchors"),
        ("h2", "Time plan"),
    ]
    # The questions: an ordered list, each item a question with a nested list of probes.
    assert [t.type for t in tokens].count("ordered_list_open") == 1
    assert [t.markup for t in tokens if t.type == "list_item_open"].count(".") == 2
    inline = [t.content for t in tokens if t.type == "inline"]
    level_3 = SHIPPED.level(3)
    for question in level_3.questions:
        assert f"**{question.text}** [" in "\n".join(inline)
        for probe in question.probes:
            assert f"{probe.text} *({probe.star})*" in inline
    for behaviour in level_3.behaviours + SHIPPED.level(4).behaviours:
        # A behaviour cut off in the source is marked so (issue 23, §6).
        mark = " *[cut off in the source]*" if behaviour.author_note else ""
        assert behaviour.text + mark in inline
    assert "**3** Level 3 (target): " + level_3.summary in inline
    # The time plan: one row per stop, sections too, split as the interview
    # splits it (pacing.split_budget: 30 min over 6 stops), in [mm:ss].
    cells = [t.content for t in tokens if t.type == "inline"][-30:]
    assert cells == [
        "", "00:00", "05:00", "", "Opening",
        "1", "05:00", "10:00", SHIPPED.name, level_3.questions[0].text,
        "2", "10:00", "15:00", SHIPPED.name, level_3.questions[1].text,
        "", "15:00", "20:00", "", "General remarks",
        "", "20:00", "25:00", "", "The candidate\'s questions",
        "", "25:00", "30:00", "", "Closing",
    ]  # fmt: skip


def test_without_a_budget_there_is_no_time_plan() -> None:
    text = guide(budget=None)
    assert ("h2", "Time plan") not in headings(text)
    assert "[00:00" not in text


def test_levels_below_are_implied_and_level_1_has_none_below() -> None:
    assert "Levels 1–3 are implied when level 4 is met" in guide(4)
    assert "implied" not in guide(1)
    assert "Beyond the target" not in guide(5)


HOSTILE = "*bold* [link](http://x) <b>html</b> | pipe `code` # \x1b[31m"


def hostile_competency() -> Competency:
    return Competency(
        "hostile",
        HOSTILE,
        description=HOSTILE,
        levels=(
            Level(
                1,
                "",
                behaviours=(Behaviour("b1.1", HOSTILE, 1),),
                questions=(Question("q1.1", HOSTILE, 1, (Probe("q1.1.p1", HOSTILE, Tag.RESULT),)),),
            ),
        ),
    )


def test_content_text_never_becomes_markdown_syntax() -> None:
    text = render_guide([GuideChoice(hostile_competency(), 1)], budget_minutes=10)
    tokens = MD.parse(text)
    children = [c for t in tokens if t.type == "inline" for c in t.children or []]
    kinds = {c.type for c in children}
    assert not kinds & {"html_inline", "code_inline"}
    # The one link is the URL in the text, linked to itself (an autolink).
    links = [(c, children[i + 1]) for i, c in enumerate(children) if c.type == "link_open"]
    assert links and all(
        c.markup == "autolink" and c.attrs["href"] == t.content == "http://x" for c, t in links
    )
    # The only emphasis is the guide's own: the STAR part after a probe.
    emphasised = [children[i + 1].content for i, c in enumerate(children) if c.type == "em_open"]
    assert emphasised == ["(result)"]
    shown = displayed_text(HOSTILE)
    texts = "".join(c.content for c in children if c.type == "text")
    assert texts.count(shown) >= 5
    assert "\x1b" not in text
    # A level without a summary shows its indicators instead.
    assert "no summary; its indicators: " in text
    # The question without situation or action in its probes says what to listen for.
    assert "Listen for, or ask about: situation, action." in text


def test_bad_choices_are_refused() -> None:
    with pytest.raises(GuideError, match="has levels 1, 2, 3, 4, 5; not 7"):
        render_guide([GuideChoice(SHIPPED, 7)])
    with pytest.raises(GuideError, match="given twice"):
        render_guide([GuideChoice(SHIPPED, 1), GuideChoice(SHIPPED, 2)])


# -- the command ------------------------------------------------------------------


def test_guide_command_writes_stdout_or_a_file(tmp_path, capsys) -> None:
    argv = ["guide", "--competency", SHIPPED.id, "--level", "3", "--budget", "30"]
    assert main(argv) == 0
    assert capsys.readouterr().out == GOLDEN.read_text(encoding="utf-8")
    out = tmp_path / "guide.md"
    assert main([*argv, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    assert main([*argv, "-o", str(out)]) == 2
    assert "the file exists; use --force" in capsys.readouterr().err
    assert main([*argv, "-o", str(out), "--force"]) == 0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--competency", "nope", "--level", "3"], "no competency 'nope'"),
        (["--competency", "service-management-processes", "--level", "9"], "not 9"),
        (
            ["--competency", "service-management-processes", "--level", "3", "--budget", "0"],
            "time budget",
        ),
    ],
)
def test_guide_command_fails_with_one_line(argv, message, capsys) -> None:
    assert main(["guide", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1


def test_the_guide_plans_the_time_as_the_interview_splits_it() -> None:
    """One rule (pacing.split_budget): an uneven budget gives the guide the
    same shares, second for second, as a session planned with it."""
    from conftest import plan_shipped

    from tui_interview.domain.pacing import budget_shares

    text = render_guide([GuideChoice(SHIPPED, 3)], budget_minutes=7)
    session = plan_shipped(datetime(2026, 1, 1, tzinfo=UTC), 3, 7)
    shares = budget_shares(session)
    clock = 0
    for stop in session.stops:
        start, clock = clock, clock + shares[stop]
        assert f"| {format_elapsed(start)} | {format_elapsed(clock)} |" in text
