"""Loading competency YAML: the model built from it, and every validation error."""

from __future__ import annotations

import textwrap

import pytest

from tui_interview.content.loader import parse_competency
from tui_interview.content.problems import ContentProblem
from tui_interview.domain.competency import Behaviour, Probe

VALID = """\
id: demo
name: Demo
description: A small competency.
source: written for the tests
levels:
  - level: 2
    title: Basic
    summary: Second.
    behaviors:
      - Does b2.
    questions:
      - text: Q2?
  - level: 1
    summary: First.
    behaviors:
      - Does one thing.
      - {id: cmdb-records, text: Keeps records.}
      - text: Stops mid-way for the
        note: cut off
    questions:
      - text: Describe a situation.
        probes:
          - What was the situation?
          - {id: outcome, text: What was the outcome?}
      - id: custom-q
        text: Tell us about a time.
        probes:
          - What happened?
"""


def parse(text: str):
    return parse_competency(textwrap.dedent(text), "demo.yaml")


def messages(text: str) -> list[str]:
    competency, problems = parse(text)
    assert competency is None, "a file with problems must not give a competency"
    assert problems, "expected problems"
    return [str(problem) for problem in problems]


def test_valid_file_builds_the_model():
    competency, problems = parse(VALID)
    assert problems == []
    assert competency.id == "demo"
    assert competency.name == "Demo"
    assert competency.description == "A small competency."
    assert competency.source == "written for the tests"
    assert competency.origin == "demo.yaml"
    # levels come out in number order whatever order they are written in
    assert competency.level_numbers == (1, 2)
    assert competency.level(2).title == "Basic"
    assert competency.level(1).title is None


def test_derived_and_explicit_ids():
    competency, _ = parse(VALID)
    level1 = competency.level(1)
    assert [b.id for b in level1.behaviours] == ["b1.1", "cmdb-records", "b1.3"]
    assert [q.id for q in level1.questions] == ["q1.1", "custom-q"]
    assert level1.questions[0].probes == (
        Probe("q1.1.p1", "What was the situation?"),
        Probe("outcome", "What was the outcome?"),
    )
    assert level1.questions[1].probes == (Probe("custom-q.p1", "What happened?"),)
    assert competency.level(2).behaviours == (Behaviour("b2.1", "Does b2.", 2),)


def test_note_becomes_author_note():
    competency, _ = parse(VALID)
    assert competency.behaviour("b1.3") == Behaviour(
        "b1.3", "Stops mid-way for the", 1, author_note="cut off"
    )


def test_summary_and_lists_are_optional():
    competency, problems = parse(
        """\
        id: x
        name: X
        levels:
          - level: 3
        """
    )
    assert problems == []
    level = competency.level(3)
    assert (level.summary, level.behaviours, level.questions) == ("", (), ())


def test_text_is_stripped_and_may_span_lines():
    competency, _ = parse(
        """\
        id: x
        name: X
        levels:
          - level: 1
            behaviors:
              - >
                Folded over
                two lines.
        """
    )
    assert competency.behaviours[0].text == "Folded over two lines."


def test_problem_str_has_path_line_col():
    assert str(ContentProblem("a.yaml", 3, 7, "boom")) == "a.yaml:3:7: boom"
    assert str(ContentProblem("dir", None, None, "folder not found")) == "dir: folder not found"


# --- each validation error ------------------------------------------------


def test_unknown_key_suggests_the_right_one():
    assert messages(
        """\
        id: x
        name: X
        levels:
          - level: 1
            behaviours:
              - Does it.
        """
    ) == ["demo.yaml:5:5: levels[0]: unknown key 'behaviours' (did you mean 'behaviors'?)"]


def test_unknown_top_level_key_with_typo():
    assert messages("id: x\nnmae: X\nname: X\nlevels: [{level: 1}]\n") == [
        "demo.yaml:2:1: unknown key 'nmae' (did you mean 'name'?)"
    ]


def test_unknown_key_without_close_match_lists_the_keys():
    (message,) = messages("id: x\nname: X\nzzz: 1\nlevels: [{level: 1}]\n")
    assert message == (
        "demo.yaml:3:1: unknown key 'zzz' (expected one of: id, name, description, source, levels)"
    )


def test_wrong_type_for_probes_names_the_field():
    assert messages(
        """\
        id: x
        name: X
        levels:
          - level: 1
            questions:
              - text: Q?
                probes: What happened?
        """
    ) == [
        "demo.yaml:7:17: levels[0].questions[0].probes: expected a list of probes "
        "(text, or mappings with id, text and star), got text"
    ]


def test_wrong_types():
    found = messages(
        """\
        id: x
        name: [not, text]
        description: 12
        levels:
          - level: 1
            title: yes
            behaviors:
              - [nested]
            questions: nothing
        """
    )
    assert found == [
        "demo.yaml:2:7: name: expected text, got a list",
        "demo.yaml:3:14: description: expected text, got a number (put it in quotes)",
        "demo.yaml:6:12: levels[0].title: expected text, got true/false (put it in quotes)",
        "demo.yaml:8:9: levels[0].behaviors[0]: expected text or a mapping with text "
        "(and id, note, look_for), got a list",
        "demo.yaml:9:16: levels[0].questions: expected a list of questions, got text",
    ]


def test_null_list_hints_at_empty_list():
    (message,) = messages("id: x\nname: X\nlevels:\n  - level: 1\n    questions:\n")
    assert message.endswith(
        "levels[0].questions: expected a list of questions, got nothing (write [] for none)"
    )


def test_empty_text():
    assert messages(
        """\
        id: x
        name: "  "
        levels:
          - level: 1
            behaviors: ["", ok]
        """
    ) == [
        "demo.yaml:2:7: name: empty text",
        "demo.yaml:5:17: levels[0].behaviors[0]: empty text",
    ]


@pytest.mark.parametrize("value", ["0", "6", "-1", "2.5", "two", "[1]"])
def test_level_outside_one_to_five(value):
    (message,) = messages(f"id: x\nname: X\nlevels:\n  - level: {value}\n")
    assert message.startswith(
        "demo.yaml:4:12: levels[0].level: level must be a whole number from 1 to 5, got"
    )


def test_repeated_level():
    assert messages(
        """\
        id: x
        name: X
        levels:
          - level: 1
            behaviors: [A.]
          - level: 1
            behaviors: [B.]
        """
    ) == ["demo.yaml:6:12: levels[1].level: level 1 is repeated (first at line 4)"]


def test_duplicate_explicit_ids_within_the_competency():
    found = messages(
        """\
        id: x
        name: X
        levels:
          - level: 1
            behaviors:
              - {id: same, text: A.}
            questions:
              - id: q
                text: Q?
                probes: [{id: p, text: P?}]
          - level: 2
            behaviors:
              - {id: same, text: B.}
            questions:
              - id: q
                text: Q2?
                probes: [{id: p, text: P2?}]
        """
    )
    assert found == [
        "demo.yaml:13:14: levels[1].behaviors[0].id: duplicate behaviour id 'same' "
        "(also used at line 6)",
        "demo.yaml:15:13: levels[1].questions[0].id: duplicate question id 'q' "
        "(also used at line 8)",
        "demo.yaml:17:23: levels[1].questions[0].probes[0].id: duplicate probe id 'p' "
        "(also used at line 10)",
    ]


def test_explicit_id_clashing_with_a_derived_one():
    (message,) = messages(
        """\
        id: x
        name: X
        levels:
          - level: 1
            behaviors:
              - {id: b1.2, text: A.}
              - B.
        """
    )
    assert message == (
        "demo.yaml:7:9: levels[0].behaviors[1]: duplicate behaviour id 'b1.2' (also used at line 6)"
    )


def test_derived_probe_ids_are_qualified_so_never_clash():
    competency, problems = parse(
        """\
        id: x
        name: X
        levels:
          - level: 1
            questions:
              - {text: A?, probes: [P?]}
              - {text: B?, probes: [P?]}
        """
    )
    assert problems == []
    assert [p.id for _, p in competency.iter_probes()] == ["q1.1.p1", "q1.2.p1"]


def test_invalid_id():
    assert messages("id: my id\nname: X\nlevels: [{level: 1}]\n") == [
        "demo.yaml:1:5: id: invalid id 'my id': use only letters, digits, '.', '_' and '-', "
        "starting with a letter or digit"
    ]


def test_missing_required_keys():
    assert messages("description: only this\n") == [
        "demo.yaml:1:1: missing required key 'id'",
        "demo.yaml:1:1: missing required key 'name'",
        "demo.yaml:1:1: missing required key 'levels'",
    ]


def test_missing_level_number():
    assert messages("id: x\nname: X\nlevels:\n  - summary: S.\n") == [
        "demo.yaml:4:5: levels[0]: missing required key 'level'"
    ]


def test_empty_levels():
    assert messages("id: x\nname: X\nlevels: []\n") == [
        "demo.yaml:3:9: levels: expected at least one level"
    ]


def test_question_without_text():
    assert messages(
        """\
        id: x
        name: X
        levels:
          - level: 1
            questions:
              - probes: [P?]
        """
    ) == ["demo.yaml:6:9: levels[0].questions[0]: missing required key 'text'"]


def test_duplicate_key():
    assert messages("id: x\nname: X\nname: Y\nlevels: [{level: 1}]\n") == [
        "demo.yaml:3:1: duplicate key 'name' (first at line 2)"
    ]


def test_control_character_in_text():
    (message,) = messages('id: x\nname: "bad \\e[31m"\nlevels: [{level: 1}]\n')
    assert message == "demo.yaml:2:7: name: text contains control character U+001B"


def test_yaml_syntax_error_has_line_and_column():
    (message,) = messages("id: x\nname: X\nlevels:\n  - level: 1\n   summary: bad indent\n")
    assert message.startswith("demo.yaml:5:")
    assert "YAML syntax error:" in message


def test_unclosed_quote_is_a_syntax_error():
    (message,) = messages('id: x\nname: "X\n')
    assert "YAML syntax error" in message


def test_forbidden_raw_character_is_a_syntax_error():
    (message,) = messages("id: x\nname: a\x07b\nlevels: [{level: 1}]\n")
    assert message == "demo.yaml:2:8: YAML syntax error: character U+0007 is not allowed"


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(text):
    assert messages(text) == ["demo.yaml:1:1: empty file: expected a competency (id, name, levels)"]


@pytest.mark.parametrize(
    ("text", "got"), [("- a\n- b\n", "a list"), ("just text\n", "text"), ("42\n", "a number")]
)
def test_file_that_is_not_a_mapping(text, got):
    assert messages(text) == [f"demo.yaml:1:1: expected a mapping with id, name, levels, got {got}"]


def test_two_documents_are_a_syntax_error():
    (message,) = messages("id: x\n---\nid: y\n")
    assert message.startswith("demo.yaml:2:1: YAML syntax error: but found another document")


def test_every_error_is_reported_at_once():
    found = messages(
        """\
        id: x
        levels:
          - level: 9
            behaviours: []
            questions:
              - text: ""
                probes: {}
        """
    )
    assert found == [
        "demo.yaml:1:1: missing required key 'name'",
        "demo.yaml:3:12: levels[0].level: level must be a whole number from 1 to 5, got 9",
        "demo.yaml:4:5: levels[0]: unknown key 'behaviours' (did you mean 'behaviors'?)",
        "demo.yaml:6:15: levels[0].questions[0].text: empty text",
        "demo.yaml:7:17: levels[0].questions[0].probes: expected a list of probes "
        "(text, or mappings with id, text and star), got a mapping",
    ]


def test_byte_order_mark_is_ignored():
    competency, problems = parse_competency("\ufeffid: x\nname: X\nlevels: [{level: 1}]\n", "x")
    assert problems == [] and competency.id == "x"


def test_aliases_are_followed():
    competency, problems = parse(
        """\
        id: x
        name: X
        levels:
          - level: 1
            questions:
              - {text: A?, probes: &usual [What happened?, What was the outcome?]}
              - {text: B?, probes: *usual}
        """
    )
    assert problems == []
    assert [p.id for p in competency.question("q1.2").probes] == ["q1.2.p1", "q1.2.p2"]


def test_alias_bomb_is_refused_quickly():
    lines = ["id: x", "name: X", "p: &p0 [P?, P?, P?, P?, P?, P?, P?, P?, P?, P?]"]
    lines += ["levels:", "  - level: 1", "    questions:"]
    lines += ["      - {text: Q?, probes: *p0}"] * 2000
    found = messages("\n".join(lines) + "\n")
    assert any("too many items" in m for m in found)


def test_the_documented_example_is_valid():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "content-format.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    competency, problems = parse_competency(example, "example.yaml")
    assert problems == []
    assert [b.id for b in competency.behaviours] == ["b1.1", "cmdb-records", "b4.1", "b4.2"]
    assert [p.id for _, p in competency.iter_probes()] == [
        "q1.1.p1",
        "audience",
        "cmdb-question.p1",
    ]
    assert competency.behaviour("b4.2").author_note.startswith("cut off")
    assert competency.level(1).label == "Level 1 — Introductory"
