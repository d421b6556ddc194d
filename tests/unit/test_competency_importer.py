"""The plain-text importer, on every real profile and on their variations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui_interview.content.dump import competency_to_yaml
from tui_interview.content.importer import (
    CUT_OFF_NOTE,
    ImportFailed,
    import_bytes,
    import_file,
    import_text,
)
from tui_interview.content.loader import load_file, parse_competency

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "competencies"
SHIPPED = Path(__file__).resolve().parents[2] / "content" / "service-management-processes.yaml"

# file -> {level: (behaviours, questions, probes)}, counted by hand from the sources
EXPECTED_COUNTS = {
    "architecture": {1: (5, 2, 8), 2: (6, 2, 5)},
    "client-focus": {1: (3, 3, 11), 2: (4, 1, 5)},
    "cyber-security": {1: (4, 2, 8), 2: (5, 0, 0)},
    "data-literacy": {1: (6, 2, 8), 2: (5, 2, 8)},
    "database-administration": {1: (4, 2, 8), 2: (6, 1, 1)},
    "database-design-and-management": {1: (4, 2, 8), 2: (4, 0, 0)},
    "database-design": {1: (3, 2, 8), 2: (3, 2, 6)},
    "information-and-application-protection": {1: (3, 2, 8), 2: (4, 1, 1)},
    "infrastructure": {1: (4, 2, 8), 2: (6, 1, 0)},
    "it-support-troubleshooting": {1: (3, 2, 8), 2: (6, 2, 8)},
    "project-management": {1: (3, 2, 8), 2: (3, 2, 5)},
    "service-management-processes": {
        1: (4, 2, 10),
        2: (7, 2, 10),
        3: (6, 2, 10),
        4: (6, 2, 9),
        5: (7, 2, 9),
    },
}


def fixture(name: str) -> Path:
    return FIXTURES / f"{name}.txt"


def imported(name: str):
    return import_file(fixture(name)).competency


def test_every_real_profile_is_a_fixture():
    assert sorted(p.stem for p in FIXTURES.glob("*.txt")) == sorted(EXPECTED_COUNTS)


@pytest.mark.parametrize("name", sorted(EXPECTED_COUNTS))
def test_import_gives_exact_counts_per_level(name):
    competency = imported(name)
    assert competency.id == name
    assert competency.counts() == EXPECTED_COUNTS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_COUNTS))
def test_imported_yaml_validates_and_loads_back_equal(name):
    competency = imported(name)
    loaded, problems = parse_competency(competency_to_yaml(competency), f"{name}.yaml")
    assert problems == []
    assert loaded == competency


def test_complete_profile_counts():
    competency = imported("service-management-processes")
    assert competency.level_numbers == (1, 2, 3, 4, 5)
    assert len(competency.behaviours) == 30
    assert len(competency.questions) == 10
    assert sum(1 for _ in competency.iter_probes()) == 48


def test_name_description_and_default_source():
    competency = imported("service-management-processes")
    assert competency.name == "Service Management Processes"
    assert competency.description.startswith("Designing, developing, and applying IT service")
    assert competency.source == "imported from service-management-processes.txt"


def test_import_of_complete_profile_equals_shipped_yaml():
    shipped, problems = load_file(SHIPPED)
    assert problems == []
    result = import_file(fixture("service-management-processes"), source=shipped.source)
    # The look-for phrases were written by hand after the import (the text
    # profile has none): everything else is the import's, unchanged.
    assert any(b.look_for for b in shipped.behaviours)
    assert result.competency == without_look_for(shipped)
    # origin is not compared by ==; every other field is, including ids and notes
    assert replace(result.competency, origin=None) == replace(
        without_look_for(shipped), origin=None
    )


def without_look_for(competency):
    levels = tuple(
        replace(level, behaviours=tuple(replace(b, look_for=()) for b in level.behaviours))
        for level in competency.levels
    )
    return replace(competency, levels=levels)


def test_placeholders_are_dropped_with_a_warning():
    result = import_file(fixture("service-management-processes"))
    texts = [b.text for b in result.competency.behaviours]
    assert not any("competency-level-behavior" in t for t in texts)
    placeholder_warnings = [str(w) for w in result.warnings if "placeholder" in w.message]
    assert [w.split(": warning: ")[0].rsplit(":", 1)[1] for w in placeholder_warnings] == [
        "9",
        "10",
    ]
    assert "competency-level-behavior.761045.name" in placeholder_warnings[0]


def test_cut_off_behaviour_is_kept_verbatim_and_marked():
    result = import_file(fixture("service-management-processes"))
    behaviour = result.competency.behaviour("b4.6")
    assert behaviour.text == "Develops Service Management metrics for the"
    assert behaviour.author_note == CUT_OFF_NOTE
    assert any(w.line == 80 and "cut off" in w.message for w in result.warnings)
    assert [b.id for b in result.competency.behaviours if b.author_note] == ["b4.6"]


def test_untitled_headings_give_summary_and_no_title():
    competency = imported("service-management-processes")
    assert [level.title for level in competency.levels] == [None] * 5
    assert competency.level(3).summary == (
        "Applies the competency in the full range of typical situations, "
        "requiring guidance in only the most complex or new situations."
    )


def test_heading_with_dot_and_with_stray_space():
    assert imported("architecture").level(1).summary.startswith("Demonstrates introductory")
    assert imported("cyber-security").level(1).summary == (
        "Demonstrates introductory understanding, "
        "directing people to the appropriate source for further information."
    )


def test_import_reads_level_heading_with_title():
    for name in ("database-design-and-management", "information-and-application-protection"):
        competency = imported(name)
        assert competency.level(1).title == "Introductory"
        assert competency.level(2).title == "Basic"
        assert competency.level(1).summary.startswith("Demonstrates introductory understanding and")


def test_headings_that_are_titles_become_the_summary():
    assert imported("project-management").level(2).summary == "Manages well-defined projects"
    assert imported("project-management").level(2).title is None
    assert imported("data-literacy").level(2).summary == "Interprets data in standard situations."


def test_client_focus_has_no_level_1_heading():
    result = import_file(fixture("client-focus"))
    level1 = result.competency.level(1)
    assert level1.summary == ""
    assert len(level1.questions) == 3
    assert [len(q.probes) for q in level1.questions] == [3, 4, 4]
    assert result.competency.level(2).summary == "Maintains client contact"
    assert [(w.line, w.message) for w in result.warnings][0] == (
        3,
        "no 'Level N' heading before BEHAVIORS: taken as level 1",
    )


def test_project_management_last_question_has_no_probes():
    result = import_file(fixture("project-management"))
    last = result.competency.questions[-1]
    assert last.text.startswith("What tools and techniques have you used")
    assert last.text.endswith(
        "Provide a specific example of a project in which you used these tools."
    )
    assert last.probes == ()
    assert any(w.line == 34 and "no probing questions" in w.message for w in result.warnings)


def test_level_without_questions_is_kept_with_a_warning():
    result = import_file(fixture("cyber-security"))
    assert result.competency.level(2).questions == ()
    assert any("level 2 has no questions" in w.message for w in result.warnings)


def test_curly_apostrophes_are_kept_verbatim():
    competency = imported("cyber-security")
    assert "organization\u2019s network" in competency.description
    assert competency.behaviour("b1.1").text == (
        "Describes the organization\u2019s cyber security strategy in general terms "
        "and how it can be applied in common work scenarios."
    )
    assert "network\u2019s capacity" in imported("infrastructure").question("q1.1").text


def test_probes_that_are_statements_or_double_questions():
    competency = imported("project-management")
    assert competency.question("q1.1").probes[2].text == "What was your role? The roles of others?"
    assert competency.question("q1.2").probes[3].text == "Describe the outcome."


def test_source_typos_are_kept():
    assert (
        imported("cyber-security").behaviour("b2.5").text.startswith("Compares and contrast inside")
    )


def test_derived_ids():
    competency = imported("service-management-processes")
    assert [q.id for q in competency.questions][:3] == ["q1.1", "q1.2", "q2.1"]
    assert competency.question("q2.2").probes[-1].id == "q2.2.p6"


def test_real_profiles_give_no_false_cut_off_warnings():
    for name in EXPECTED_COUNTS:
        warnings = import_file(fixture(name)).warnings
        cut_off = [w for w in warnings if "cut off" in w.message]
        expected = 1 if name == "service-management-processes" else 0
        assert len(cut_off) == expected, (name, cut_off)


# --- encodings and whitespace variants ------------------------------------


def variants(data: bytes) -> dict[str, bytes]:
    text = data.decode("utf-8")
    lines = text.split("\n")
    return {
        "crlf": data.replace(b"\n", b"\r\n"),
        "bom": b"\xef\xbb\xbf" + data,
        "bom+crlf": b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
        "old-mac-cr": data.replace(b"\n", b"\r"),
        "trailing spaces and tabs": "\n".join(line + " \t " for line in lines).encode(),
        "leading tabs": "\n".join("\t" + line for line in lines).encode(),
        "blank lines": "\n\n".join(lines).encode() + b"\n\n\n",
    }


@pytest.mark.parametrize("name", ["service-management-processes", "cyber-security", "client-focus"])
def test_whitespace_and_encoding_variants_give_the_same_result(name):
    data = fixture(name).read_bytes()
    expected = import_bytes(data, f"{name}.txt").competency
    for label, variant in variants(data).items():
        assert import_bytes(variant, f"{name}.txt").competency == expected, label


def test_id_comes_from_the_file_name():
    text = fixture("architecture").read_text()
    assert import_text(text, "My Profile (v2).txt").competency.id == "my-profile-v2"
    assert import_text(text, "<stdin>").competency.id == "architecture"
    assert import_text(text, "___.txt").competency.id == "architecture"


def test_variant_headings():
    text = (
        "Name\nDescription\n"
        "Level 1: With a colon.\nBEHAVIORS\n- B.\n"
        "LEVEL 2 - With a dash.\nBehaviours:\n- B.\n"
        "Level 3 Expert: Titled.\nBEHAVIORS\n- B.\n"
        "Level 4\nBEHAVIORS\n- B.\n"
    )
    result = import_text(text, "x.txt")
    levels = result.competency.levels
    assert [(lv.number, lv.title, lv.summary) for lv in levels] == [
        (1, None, "With a colon."),
        (2, None, "With a dash."),
        (3, "Expert", "Titled."),
        (4, None, ""),
    ]
    assert any("level 4 has no summary" in w.message for w in result.warnings)


def test_levels_out_of_order_and_repeated_are_warned_and_merged():
    text = (
        "N\nD\nLevel 2 Two.\nBEHAVIORS\n- B2a.\n"
        "Level 1 One.\nBEHAVIORS\n- B1.\n"
        "Level 2 Again.\nBEHAVIORS\n- B2b.\n"
    )
    result = import_text(text, "x.txt")
    assert result.competency.level_numbers == (1, 2)
    assert [b.id for b in result.competency.level(2).behaviours] == ["b2.1", "b2.2"]
    messages = [(w.line, w.message) for w in result.warnings]
    assert (6, "level 1 comes after level 2") in messages
    assert (
        9,
        "level 2 appears again (first at line 3); its items are added to that level",
    ) in messages


def test_warnings_format():
    result = import_file(fixture("project-management"))
    assert str(result.warnings[-1]) == (
        f"{fixture('project-management')}:34: warning: question has no probing questions"
    )


# --- unusable input ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "empty file"),
        ("  \n\t\n", 1, "empty file"),
        ("BEHAVIORS\n- x\n", 1, "expected the competency name first"),
        ("Name\nDescription\n", 2, "no levels found"),
        ("Name\nDescription\nSome prose here.\n", 3, "unexpected line 'Some prose here.'"),
        ("Name\nDescription\n- item\n", 3, "item outside a BEHAVIORS or QUESTIONS section"),
        ("N\nD\nLevel 7 Seven.\n", 3, "level 7 is outside 1–5"),
        ("N\nD\nLevel 1 x.\nQUESTIONS\n* probe\n", 5, "probing question '* …' before any question"),
        ("N\nD\nLevel 1 x.\nProbing Questions\n", 4, "'Probing Questions' before any question"),
        ("N\nD\nLevel 1 \x1b[31mred\n", 3, "control character U+001B"),
    ],
)
def test_unusable_text_fails_with_line(text, line, message):
    with pytest.raises(ImportFailed) as caught:
        import_text(text, "bad.txt")
    assert caught.value.line == line
    assert message in caught.value.message
    # A fault at one place in the line (a level number) also names its column.
    where = f"bad.txt:{line}" if caught.value.col is None else f"bad.txt:{line}:{caught.value.col}"
    assert str(caught.value).startswith(f"{where}: error: ")
    assert caught.value.col == (7 if "level 7" in message else None)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"Name\nDesc\n\xff\xfe oops\n", 3, "not valid UTF-8 text (byte 0xff)"),
        (b"Name\n\x00\x01\x02", 2, "binary data"),
        ("Name".encode("utf-16"), 1, "UTF-16"),
    ],
)
def test_undecodable_bytes_fail_with_line(data, line, message):
    with pytest.raises(ImportFailed) as caught:
        import_bytes(data, "bad.txt")
    assert caught.value.line == line
    assert message in caught.value.message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFailed, match="no such file"):
        import_file(tmp_path / "nope.txt")
    with pytest.raises(ImportFailed) as caught:
        import_file(tmp_path)
    assert str(caught.value) == f"{tmp_path}: error: is a folder, not a file"
