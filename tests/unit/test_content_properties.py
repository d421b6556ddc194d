"""Whatever text they are given, the importer and the loader fail only with
their own clear errors, and what they accept survives a YAML round trip."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_interview.content.dump import competency_to_yaml
from tui_interview.content.importer import ImportFailed, import_bytes, import_text
from tui_interview.content.loader import parse_competency
from tui_interview.content.problems import ContentProblem
from tui_interview.domain.competency_codec import competency_from_dict, competency_to_dict

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PROFILE_LINES = st.one_of(
    st.sampled_from(
        [
            "BEHAVIORS",
            "QUESTIONS",
            "Probing Questions",
            "Level 1 Demonstrates introductory understanding.",
            "Level 2. Applies the competency.",
            "Level 3 Intermediate: Applies it widely.",
            "Level 0",
            "Level 9 Too high.",
            "- Explains service management processes and concepts.",
            "- Develops Service Management metrics for the",
            "- competency-level-behavior.761045.name",
            "- Describe a situation where you had to explain it.",
            "* What was the situation?",
            "* Describe the outcome.",
            "- ",
            "*",
            "",
            "\t",
            "organization\u2019s",
        ]
    ),
    st.text(max_size=40).map(lambda s: "- " + s),
    st.text(max_size=40).map(lambda s: "* " + s),
    st.text(max_size=40),
)
PROFILES = st.lists(PROFILE_LINES, max_size=30).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda eol: eol.join(lines))
)

YAML_WORDS = [
    "id:",
    "name:",
    "description:",
    "levels:",
    "- level:",
    "  - level: 1",
    "    summary:",
    "    title:",
    "    behaviors:",
    "    behaviours:",
    "      - ",
    "    questions:",
    "      - text:",
    "        probes:",
    "          - ",
    "        id:",
    "        note:",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!int",
    "!!python/object:os.system",
    "'",
    '"',
    "---",
    "#",
    "|",
    ">",
    "? ",
    ": ",
    "1",
    "6",
    "yes",
    "~",
    "x",
]
YAML_TEXT = st.lists(st.one_of(st.sampled_from(YAML_WORDS), st.text(max_size=10)), max_size=40).map(
    lambda parts: " ".join(parts).replace(" \n", "\n")
)
YAML_LINES = st.lists(
    st.one_of(st.sampled_from(YAML_WORDS), st.text(max_size=20)), max_size=25
).map("\n".join)


def check_import(text: str) -> None:
    try:
        result = import_text(text, "prop.txt")
    except ImportFailed as failure:
        assert failure.path == "prop.txt"
        assert failure.line is None or failure.line >= 1
        assert "\n" not in str(failure) and "\r" not in str(failure)
        return
    # Whatever the importer accepts, it writes as YAML that loads back equal.
    competency = result.competency
    loaded, problems = parse_competency(competency_to_yaml(competency), "prop.yaml")
    assert problems == [], [str(p) for p in problems]
    assert loaded == competency
    assert competency_from_dict(competency_to_dict(competency)) == competency


def check_parse(text: str) -> None:
    competency, problems = parse_competency(text, "prop.yaml")
    assert (competency is None) == bool(problems)
    for problem in problems:
        assert isinstance(problem, ContentProblem)
        assert problem.line is not None and problem.line >= 1
        assert problem.message
    if competency is not None:
        again, problems = parse_competency(competency_to_yaml(competency), "again.yaml")
        assert problems == [] and again == competency
        assert competency_from_dict(competency_to_dict(competency)) == competency


@SETTINGS
@given(st.text())
def test_import_text_fails_only_with_import_failed(text):
    check_import(text)


@SETTINGS
@given(st.lists(PROFILE_LINES, max_size=6), PROFILES)
def test_import_of_profile_like_text(head, body):
    check_import("Name\nDescription\n" + "\n".join(head) + "\n" + body)


@SETTINGS
@given(st.binary(max_size=200))
def test_import_bytes_fails_only_with_import_failed(data):
    try:
        import_bytes(data, "prop.txt")
    except ImportFailed:
        pass


@SETTINGS
@given(st.text())
def test_parse_competency_never_raises(text):
    check_parse(text)


@SETTINGS
@given(st.one_of(YAML_TEXT, YAML_LINES))
def test_parse_competency_of_yaml_like_text_never_raises(text):
    check_parse(text)


@SETTINGS
@given(
    st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=5),
    st.lists(st.text(max_size=30), max_size=5),
)
def test_parse_of_well_formed_documents_with_arbitrary_text(behaviours, probes):
    import json

    # JSON is YAML: quoting every string makes arbitrary text reach the checks.
    document = json.dumps(
        {
            "id": "x",
            "name": behaviours[0],
            "levels": [
                {
                    "level": 1,
                    "behaviors": behaviours,
                    "questions": [{"text": "Q?", "probes": probes}],
                }
            ],
        }
    )
    check_parse(document)
