"""import-session accepts only what the app can show (issue 10, §3).

One validation (``session_codec.session_from_dict``) serves loading and
importing. Whatever it accepts exports in both formats, redacted or not;
whatever it refuses is refused with one line naming the field, exit status 2
and no traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, value_paths
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_export_sample import EXPORTED_AT, build_session

from tui_interview.app import InterviewApp
from tui_interview.cli import main
from tui_interview.context import AppContext
from tui_interview.export.json_export import render_json
from tui_interview.screens.interview import InterviewScreen
from tui_interview.storage import SessionStore


def export_document() -> dict:
    return json.loads(render_json(build_session(), now=EXPORTED_AT))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui_interview", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def first(items: list[dict], **wanted) -> dict:
    return next(i for i in items if all(i[k] == v for k, v in wanted.items()))


def unknown_item_id(session: dict) -> str:
    session["events"][0]["item_id"] = "b9.9"
    return r"events\[0\]\.item_id"


def rating_level_99(session: dict) -> str:
    session["ratings"][0]["level"] = 99
    return r"ratings\[0\]\.level: .*no level 99"


def content_key_not_the_id(session: dict) -> str:
    key = next(iter(session["content"]))
    session["content"][key]["id"] = "something-else"
    return rf"content\.{key}\.id: is 'something-else', not the key"


def suggestion_not_text(session: dict) -> str:
    session["ratings"][0]["suggestion"] = ["level 2"]
    return r"ratings\[0\]\.suggestion: expected text, got a list"


def history_text_a_number(session: dict) -> str:
    note = next(n for n in session["notes"] if n["history"])
    note["history"][0]["text"] = 42
    index = session["notes"].index(note)
    return rf"notes\[{index}\]\.history\[0\]\.text: expected text, got a whole number"


def lone_surrogate(session: dict) -> str:
    session["notes"][0]["text"] = "@SURROGATE@"
    return r"notes\[0\]\.text: holds a lone surrogate"


def infinity(session: dict) -> str:
    session["clock"]["accumulated_seconds"] = "@INF@"
    return "not a usable JSON file: Infinity"


def revision_beyond_any_count(session: dict) -> str:
    # Past 64 bits: the session files' encoder (orjson) cannot write it, and
    # no count of revisions gets near it.
    session["ratings"][0]["revision"] = 10**30
    return r"ratings\[0\]\.revision: 10{30} is too large"


CASES = {
    "unknown event item_id": unknown_item_id,
    "revision past 64 bits": revision_beyond_any_count,
    "rating level 99": rating_level_99,
    "content key differs from id": content_key_not_the_id,
    "suggestion not text": suggestion_not_text,
    "history text a number": history_text_a_number,
    "lone surrogate": lone_surrogate,
    "Infinity": infinity,
}


@pytest.mark.parametrize("case", list(CASES))
def test_import_session_refuses_what_could_not_be_shown(tmp_path, case):
    document = export_document()
    expected = CASES[case](document["session"])
    text = json.dumps(document, indent=2)
    text = text.replace('"@SURROGATE@"', '"\\ud800"').replace('"@INF@"', "Infinity")
    source = tmp_path / "export.json"
    source.write_text(text)
    data_dir = tmp_path / "data"

    result = run_cli("import-session", str(source), "--data-dir", str(data_dir))
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"tui-interview: {source}: ")
    assert re.search(expected, line), line
    assert not (data_dir / "sessions").exists() or not any((data_dir / "sessions").iterdir())


@pytest.mark.parametrize("case", [c for c in CASES if c != "Infinity"])
def test_a_stored_file_with_the_same_fault_is_set_aside_not_shown(tmp_path, case):
    """The same check runs on load: such a file never reaches a screen."""
    document = export_document()["session"]
    CASES[case](document)
    store = SessionStore(tmp_path / "data")
    path = store.session_path(document["id"])
    path.parent.mkdir(parents=True)
    text = json.dumps({"session": {"1": document}}).replace('"@SURROGATE@"', '"\\ud800"')
    path.write_text(text)
    assert store.list_summaries() == []
    [report] = store.take_damage_reports()
    assert report.session_id == document["id"] and report.moved_to is not None


async def test_review_cannot_be_reached_with_an_unknown_checklist_item(tmp_path, clock):
    """ctrl+f crashed on an event whose item does not exist; such a session
    is now refused when opened, with a notice, and the app keeps running."""
    document = export_document()["session"]
    unknown_item_id(document)
    document["status"] = "in progress"
    document["finished_at"] = None
    context = AppContext(data_dir=tmp_path / "data", content_dirs=[], now=clock)
    path = context.store.session_path(document["id"])
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"session": {"1": document}}))
    app = InterviewApp(context, open_session=document["id"])
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert not isinstance(app.screen, InterviewScreen)
        notices = " ".join(n.message for n in app._notifications)
        assert f"Session {document['id']} could not be read" in notices
        assert "events[0].item_id" in notices
    assert app.return_code in (None, 0)


# -- generated and mutated sessions ----------------------------------------------

#: Raw JSON text put in place of a value.
HOSTILE = [
    "Infinity",
    "NaN",
    "1e999",
    "9" * 5000,
    '"\\ud800"',
    '"\\udfff tail"',
    "null",
    "true",
    "-1",
    "0",
    "99",
    "2.5",
    '""',
    "[]",
    "{}",
    '"0001-01-01T00:00:00+23:59"',
    '"9999-12-31T23:59:59-23:59"',
    '"2026-11-26T09:00:00"',
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=4,
)


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in strings_in(item)]


@st.composite
def exports(draw) -> str:
    """A session export (with generated names and texts), then up to three
    mutations: a value replaced by another of the document (a reference that
    may dangle), by a generated value, by raw hostile JSON, or removed."""
    text = st.text(max_size=30)
    session = build_session(draw(text.filter(str.strip)))
    session.draft = draw(text)
    session.notes[0].text = draw(text.filter(str.strip))
    document = json.loads(render_json(session, now=EXPORTED_AT))
    data = document["session"]
    raw: dict[str, str] = {}
    for n in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from([p for p in value_paths(data) if p]))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        how = draw(st.sampled_from(["other", "generated", "hostile", "remove"]))
        if how == "remove":
            parent.pop(path[-1])
        elif how == "other":
            parent[path[-1]] = draw(st.sampled_from(strings_in(data) or [""]))
        elif how == "generated":
            parent[path[-1]] = draw(json_values)
        else:
            marker = f"@RAW{n}@"
            raw[json.dumps(marker)] = draw(st.sampled_from(HOSTILE))
            parent[path[-1]] = marker
    result = json.dumps(document, allow_nan=True)
    for marker, replacement in raw.items():
        result = result.replace(marker, replacement)
    return result


#: One line naming the field at fault (or the file's own fault).
REJECTION = re.compile(
    r"tui-interview: \S+: ("
    r"a field is missing from the session: \S+"
    r"|a field of the session has a wrong value: \S+: .+"
    r"|the session cannot be read: .+"
    r"|not a usable JSON file: .+"
    r"|not a JSON file \(line \d+.*"
    r"|made by a newer version of tui-interview \(schema version \d+; .+"
    r")$"
)


def run_main(*args: str) -> tuple[int, str, str]:
    """The CLI in this process: an exception escaping it fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.slow  # 250 imports, each exported four ways: 10-13 s, too long for the fast tier
@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=exports())
def test_an_import_is_refused_naming_the_field_or_exports_in_every_form(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("import")
    source = folder / "export.json"
    source.write_text(text, encoding="utf-8", errors="surrogatepass")
    data_dir = str(folder / "data")

    status, out, err = run_main("import-session", str(source), "--data-dir", data_dir)
    event("refused" if status else "imported")
    if status != 0:
        assert status == 2, err
        assert len(err.splitlines()) == 1 and REJECTION.match(err.strip()), err
        assert out == ""
        return
    session_id = out.strip()
    for fmt in ("markdown", "json"):
        for redact in ([], ["--redact"]):
            target = folder / f"out-{fmt}-{bool(redact)}"
            status, out, err = run_main(
                "export", session_id, "--format", fmt, *redact, "-o", str(target),
                "--data-dir", data_dir,
            )  # fmt: skip
            assert status == 0, err
            assert Path(out.strip()).read_text(encoding="utf-8")
