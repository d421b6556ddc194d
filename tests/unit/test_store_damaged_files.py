"""One bad file never hides the others (issue 10, §1).

Each kind of damage found by trying the store as an attacker would: the good
sessions are still listed, in the CLI and on the home screen, a bad session
file is set aside in damaged/ and named, and a bad index is rebuilt. Then a
hypothesis fuzz test mutates session and index files at random.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, make_session, value_paths
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_interview.app import InterviewApp
from tui_interview.screens.home import HomeScreen
from tui_interview.storage import SessionStore
from tui_interview.storage.index import file_stamp

POSIX = os.name == "posix"
GOOD = ["good-1", "good-2"]
BAD = "bad-1"


def stored_three(app_context) -> SessionStore:
    for session_id in [*GOOD, BAD]:
        make_session(app_context, session_id=session_id, candidate=f"Candidate {session_id}")
    store = app_context.store
    store.list_summaries()
    # A base file and a log, as after the log has been folded once.
    store._index.replace_all(store._index.entries())
    with store.open(GOOD[1]) as opened:
        opened.save()
    return store


def document(store: SessionStore, session_id: str) -> dict:
    return json.loads(store.session_path(session_id).read_text())["session"]["1"]


def write_document(store: SessionStore, session_id: str, data: dict, *, raw: dict | None = None):
    """Write ``data`` as the session file; each ``raw`` key (a JSON string
    value in the output) is replaced by raw JSON text, e.g. ``Infinity``."""
    text = json.dumps({"session": {"1": data}})
    for marker, replacement in (raw or {}).items():
        text = text.replace(json.dumps(marker), replacement)
    store.session_path(session_id).write_text(text)


def infinity_in(field: str):
    def damage(store: SessionStore) -> None:
        data = document(store, BAD)
        if field == "target_level":
            data["competencies"][0]["target_level"] = "@INF@"
        elif field == "current_index":
            data["current_index"] = "@INF@"
        else:
            data["ratings"] = [
                {
                    "competency_id": data["competencies"][0]["competency_id"],
                    "level": "@INF@",
                    "rationale": "",
                    "submitted_at": data["created_at"],
                    "revision": 1,
                    "reason": None,
                    "suggested_level": None,
                    "suggestion": "",
                }
            ]
        write_document(store, BAD, data, raw={"@INF@": "Infinity"})

    return damage


def deeply_nested(store: SessionStore) -> None:
    data = document(store, BAD)
    data["draft"] = "@DEEP@"
    write_document(store, BAD, data, raw={"@DEEP@": "[" * 100_000 + "]" * 100_000})


def folder_named_like_a_session(store: SessionStore) -> None:
    store.session_path(BAD).unlink()
    store.session_path(BAD).mkdir()


def index_entry_not_an_object(store: SessionStore) -> None:
    base = store.data_dir / "index.json"
    index = json.loads(base.read_text())
    index["sessions"][BAD] = ["not", "an", "object"]
    base.write_text(json.dumps(index))


def index_entry_with_infinity(store: SessionStore) -> None:
    base = store.data_dir / "index.json"
    index = json.loads(base.read_text())
    entry = index["sessions"][GOOD[0]]
    entry["file"] = file_stamp(store.session_path(GOOD[0]).stat())
    entry["note_count"] = "@INF@"
    base.write_text(json.dumps(index).replace('"@INF@"', "Infinity"))


def index_log_id_not_text(store: SessionStore) -> None:
    with (store.data_dir / "index.log").open("a") as log:
        log.write('{"id":["x"]}\n')


#: name -> (damage, whether a session file is set aside)
CASES = {
    "infinite target_level": (infinity_in("target_level"), True),
    "infinite current_index": (infinity_in("current_index"), True),
    "infinite rating level": (infinity_in("level"), True),
    "deeply nested array": (deeply_nested, True),
    "folder named <id>.json": (folder_named_like_a_session, True),
    "index entry not an object": (index_entry_not_an_object, False),
    "index entry with Infinity": (index_entry_with_infinity, False),
    "index.log id not text": (index_log_id_not_text, False),
}


def run_cli(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui_interview", *args, "--data-dir", str(data_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize("case", list(CASES))
def test_cli_lists_the_good_sessions_and_names_the_bad_one(app_context, case):
    damage, set_aside = CASES[case]
    store = stored_three(app_context)
    damage(store)

    result = run_cli(store.data_dir, "sessions", "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    listed = {s["id"] for s in json.loads(result.stdout)}
    assert set(GOOD) <= listed
    if set_aside:
        assert BAD not in listed
        [line] = result.stderr.splitlines()
        assert f"Session {BAD} could not be read" in line and "damaged" in line
        [kept] = (store.data_dir / "damaged").iterdir()
        assert kept.name.startswith(f"{BAD}.json.")
    else:
        assert listed == {*GOOD, BAD} and result.stderr == ""
        # The bad index was rebuilt: it reads back whole, with no bad entry.
        assert SessionStore(store.data_dir)._index.entries().keys() == {*GOOD, BAD}
        assert not SessionStore(store.data_dir)._index.damaged
    again = run_cli(store.data_dir, "sessions")
    assert again.returncode == 0 and again.stderr == ""
    assert all(session_id in again.stdout for session_id in GOOD)


@pytest.mark.skipif(not POSIX, reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_session_neither_hangs_nor_hides_the_others(app_context):
    store = stored_three(app_context)
    store.session_path(BAD).unlink()
    os.mkfifo(store.session_path(BAD))
    result = run_cli(store.data_dir, "sessions", "--json", timeout=30)
    assert result.returncode == 0, result.stderr
    assert {s["id"] for s in json.loads(result.stdout)} == set(GOOD)
    assert f"Session {BAD} could not be read" in result.stderr
    assert "not a regular file" in result.stderr


@pytest.mark.parametrize("case", list(CASES))
async def test_home_lists_the_good_sessions_and_names_the_bad_one(app_context, case):
    damage, set_aside = CASES[case]
    store = stored_three(app_context)
    damage(store)
    app = InterviewApp(app_context)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#sessions")
        ids = {table.get_row_at(i)[-1] for i in range(table.row_count)}
        assert set(GOOD) <= ids
        notices = [n.message for n in app._notifications]
        if set_aside:
            assert BAD not in ids
            assert any(f"Session {BAD} could not be read" in n for n in notices)
        else:
            assert ids == {*GOOD, BAD} and notices == []


# -- fuzzing ---------------------------------------------------------------------

#: JSON text a hostile or broken file might hold in place of a value.
HOSTILE_VALUES = [
    "Infinity",
    "-Infinity",
    "NaN",
    "1e999",
    "9" * 5000,
    "[" * 5000 + "]" * 5000,
    '"\\ud800"',
    "null",
    "true",
    "-1",
    "0",
    "99",
    "1.5",
    '""',
    '"x"',
    "[]",
    "{}",
    '["x"]',
    '{"id": ["x"]}',
    '"2026-13-45T99:00:00"',
    '"0001-01-01T00:00:00+23:59"',
]


def mutated_text(data, path, replacement: str) -> str:
    """``data`` as JSON with the value at ``path`` replaced by raw JSON text."""
    marker = "@@MUTATION@@"
    if not path:
        return replacement
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    original = parent[path[-1]]
    parent[path[-1]] = marker
    try:
        return json.dumps(data).replace(json.dumps(marker), replacement, 1)
    finally:
        parent[path[-1]] = original


@st.composite
def mutations(draw, documents):
    """(file name, new text): a value replaced, or the file cut short, in one
    of the data files."""
    name = draw(st.sampled_from(sorted(documents)))
    data = documents[name]
    if draw(st.booleans()):
        text = json.dumps(data)
        return name, text[: draw(st.integers(0, len(text)))]
    paths = list(value_paths(data))
    path = draw(st.sampled_from(paths))
    return name, mutated_text(data, path, draw(st.sampled_from(HOSTILE_VALUES)))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, clock_module):
    """A data folder with three sessions, one with notes, ticks and a rating,
    and an index with both a base and a log."""
    from conftest import CONTENT_DIR

    from tui_interview.context import AppContext
    from tui_interview.domain.interview import Interview
    from tui_interview.domain.rating import submit_rating

    data_dir = tmp_path_factory.mktemp("pristine") / "data"
    context = AppContext(data_dir=data_dir, content_dirs=[CONTENT_DIR], now=clock_module)
    for session_id in ["aaa-1", "bbb-2", "ccc-3"]:
        make_session(context, session_id=session_id, candidate=f"Candidate {session_id}")
    store = context.store
    store._index.replace_all(store._index.entries())
    with store.open("bbb-2") as opened:
        interview = Interview(opened, clock_module)
        session = interview.session
        ref = session.plan[0]
        behaviour = session.content[ref.competency_id].behaviours[0]
        interview.record_note("Restored the service in ten minutes", behaviours=[behaviour.id])
        interview.toggle_probe(ref, session.question(ref).probes[0].id)
        interview.toggle_behaviour(ref.competency_id, behaviour.id)
        interview.apply(
            lambda s, now: submit_rating(s, ref.competency_id, 2, "Clear evidence", now)
        )
    return data_dir


@pytest.fixture(scope="module")
def clock_module():
    from datetime import datetime, timedelta, timezone

    from conftest import FrozenClock

    return FrozenClock(datetime(2026, 11, 26, 9, 30, tzinfo=timezone(timedelta(hours=1))))


@pytest.mark.slow  # 150 stores built and damaged: 3-10 s, too long for the fast tier
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_session_and_index_files_never_hide_the_good_sessions(pristine, tmp_path, data):
    import shutil
    import uuid

    data_dir = tmp_path / uuid.uuid4().hex
    shutil.copytree(pristine, data_dir)
    files = {
        "sessions/aaa-1.json": data_dir / "sessions/aaa-1.json",
        "sessions/bbb-2.json": data_dir / "sessions/bbb-2.json",
        "index.json": data_dir / "index.json",
    }
    documents = {name: json.loads(path.read_text()) for name, path in files.items()}
    log_lines = (data_dir / "index.log").read_text().splitlines()
    for line_number, line in enumerate(log_lines):
        documents[f"index.log:{line_number}"] = json.loads(line)
    changes = data.draw(st.lists(mutations(documents), min_size=1, max_size=3))
    for name, text in changes:
        if name.startswith("index.log:"):
            log_lines[int(name.split(":")[1])] = text.replace("\n", " ")
            (data_dir / "index.log").write_text("\n".join(log_lines) + "\n")
        else:
            files[name].write_text(text, encoding="utf-8", errors="surrogatepass")

    untouched = {"ccc-3"} | {
        session_id
        for session_id in ["aaa-1", "bbb-2"]
        if all(name != f"sessions/{session_id}.json" for name, _ in changes)
    }
    store = SessionStore(data_dir)
    listed = {s.id for s in store.list_summaries()}
    assert untouched <= listed
    reports = store.take_damage_reports()
    for report in reports:
        assert report.session_id not in untouched
        assert report.moved_to is not None and report.moved_to.exists()
        assert report.session_id not in listed
    # What is listed can be opened; the index now reads back whole.
    for session_id in listed:
        store.load(session_id)
    again = SessionStore(data_dir)
    assert {s.id for s in again.list_summaries()} == listed
    assert again.take_damage_reports() == []
    assert not again._index.damaged
