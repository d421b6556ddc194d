"""Shared fixtures: a frozen, steppable clock; a private data folder; the
shipped content; and the user's own environment kept out of every test.

``TUI_INTERVIEW_TEST_SHIFT_DAYS=N`` runs the whole suite with this process's
real clock moved N days ahead (time-machine), to show that no test depends on
today's date. Child processes (CLI, crash and tmux tests) keep the real clock.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CONTENT_DIR = REPO / "content"
SMP = "service-management-processes"
SHIFT_VARIABLE = "TUI_INTERVIEW_TEST_SHIFT_DAYS"

_travel: time_machine.travel | None = None


def _shift_days() -> int:
    text = os.environ.get(SHIFT_VARIABLE, "").strip()
    try:
        return int(text or 0)
    except ValueError:
        message = f"{SHIFT_VARIABLE} is a whole number of days, not {text!r}"
        raise pytest.UsageError(message) from None


# -- the tiers ------------------------------------------------------------------
#
# tests/unit: no app start, no process (the fast tier, `-m "not ui and not slow"`);
# tests/ui: starts the app (Pilot, snapshots), marked `ui`;
# tests/e2e: real processes, tmux, a browser page, the wheel, marked `slow`.
# A test elsewhere that starts the app or a process is marked by what its own
# source says (the signs below), and the guards further down fail any test that
# starts one unmarked, so the fast tier never starts the app or a process.
# See docs/testing.md.

TIERS = ("unit", "ui", "e2e")
#: Words in a test's own source that make it `slow` / `ui` wherever it lives.
SLOW_SIGNS = ("run_cli(", "subprocess", "sys.executable", "Popen", "tmux", "check_every_prefix")
UI_SIGNS = ("run_test(", "pilot", "snap_compare")

# Test modules share helpers by module name (file names are unique in the tree),
# across tiers too: each tier's folder is importable.
for _tier in TIERS:
    if str(TESTS / _tier) not in sys.path:
        sys.path.append(str(TESTS / _tier))


def _marks_of_folder(tier: str) -> list[set[str]]:
    """The marker sets a test in this tier's folder can have."""
    own = {"ui": "ui", "e2e": "slow"}.get(tier)
    return [{own}, {"ui", "slow"}] if own else []


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """A tier's folder that ``-m`` deselects whole is not even imported (the fast
    tier would spend seconds importing the app's test modules for nothing)."""
    expression = config.option.markexpr
    if not expression or collection_path.parent != TESTS:
        return None
    from _pytest.mark.expression import Expression

    named: set[str] = set()

    def matcher(marks: set[str]):
        def has(name: str, **kwargs: object) -> bool:
            named.add(name)
            return name in marks

        return has

    compiled = Expression.compile(expression)
    sets = _marks_of_folder(collection_path.name)
    matches = [compiled.evaluate(matcher(marks)) for marks in sets]
    if sets and not any(matches) and named <= {"ui", "slow"}:
        return True
    return None


def _tier_of(item: pytest.Item) -> str | None:
    try:
        parts = item.path.relative_to(TESTS).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 and parts[0] in TIERS else None


def _own_source(item: pytest.Item) -> str:
    function = getattr(item, "function", None)
    try:
        return inspect.getsource(function) if function is not None else ""
    except (OSError, TypeError):
        return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        tier = _tier_of(item)
        source = _own_source(item)
        if tier == "e2e" or any(sign in source for sign in SLOW_SIGNS):
            item.add_marker(pytest.mark.slow)
        if tier == "ui" or "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.ui)
        elif any(sign in source for sign in UI_SIGNS):
            item.add_marker(pytest.mark.ui)


@pytest.fixture(autouse=True)
def _tier_guard(request, monkeypatch):
    """A fast-tier test (neither `ui` nor `slow`) starts no process, and one
    not marked `ui` starts no InterviewApp: else it fails, naming the marker it
    needs (add a sign to its source or move it to its tier's folder)."""
    node = request.node
    if node.get_closest_marker("slow") is None and node.get_closest_marker("ui") is None:

        def refuse_process(self, args, *rest, **options):
            pytest.fail(f"{node.nodeid} starts a process ({args!r}): it is a `slow` test")

        monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse_process)
    if node.get_closest_marker("ui") is None:
        from tui_interview.app import InterviewApp

        def refuse_app(self, *args, **options):
            pytest.fail(f"{node.nodeid} starts the app: it is a `ui` test")

        monkeypatch.setattr(InterviewApp, "run_test", refuse_app)


def pytest_configure(config: pytest.Config) -> None:
    global _travel
    days = _shift_days()
    if days:
        _travel = time_machine.travel(datetime.now(UTC) + timedelta(days=days), tick=True)
        _travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


def pytest_report_header(config: pytest.Config) -> str | None:
    days = _shift_days()
    if days:
        today = datetime.now().astimezone()
        return f"{SHIFT_VARIABLE}={days}: the real clock reads {today:%Y-%m-%d}"
    return None


class FrozenClock:
    """``now()`` returns the same moment until ``advance`` moves it on."""

    def __init__(self, start: datetime):
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float = 30) -> datetime:
        self.moment += timedelta(seconds=seconds)
        return self.moment


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 26, 9, 30, tzinfo=timezone(timedelta(hours=1))))


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """No test reads the developer's own data, content or config."""
    monkeypatch.delenv("TUI_INTERVIEW_CONTENT", raising=False)
    monkeypatch.delenv("TUI_INTERVIEW_CONFIG", raising=False)
    monkeypatch.setenv("TUI_INTERVIEW_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("TUI_INTERVIEW_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("USER", "interviewer")


def _fsync_without_waiting(fd: int) -> None:
    """``os.fsync`` in tests: the same check of the descriptor (EBADF on a
    closed one), without waiting for the disk."""
    os.fstat(fd)


@pytest.fixture(autouse=True)
def _no_waiting_for_the_disk(monkeypatch):
    """fsync only matters when the power fails, which no test in this process
    can see: tests/unit/test_power_cut.py models it (recording every fsync call),
    and the SIGKILL and soak tests run the real code in child processes, where
    fsync is real. Waiting for a shared disk here cost a third of the suite's
    time. Tests that make fsync fail patch it again over this."""
    monkeypatch.setattr(os, "fsync", _fsync_without_waiting)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def app_context(data_dir, clock):
    from tui_interview.context import AppContext

    return AppContext(data_dir=data_dir, content_dirs=[CONTENT_DIR], now=clock)


def plan_shipped(
    now,
    level: int = 3,
    budget: int | None = None,
    *,
    session_id: str = "plan-1",
    candidate: str = "Ada Lovelace",
    role: str = "Service Manager",
    interviewer: str = "Grace",
):
    """An interview planned on the shipped profile (not stored)."""
    from tui_interview.content.loader import load_file
    from tui_interview.domain.planning import CompetencyChoice, plan_session

    competency, _ = load_file(CONTENT_DIR / f"{SMP}.yaml")
    return plan_session(
        session_id=session_id,
        candidate=candidate,
        role=role,
        interviewer=interviewer,
        choices=[CompetencyChoice(competency, level)],
        now=now,
        time_budget_minutes=budget,
    )


def make_session(app_context, level: int = 3, budget: int | None = None, **names) -> str:
    """Plan and store an interview on the shipped profile; returns its id.
    ``names``: session_id, candidate, role, interviewer (see ``plan_shipped``)."""
    names.setdefault("session_id", app_context.store.new_id())
    session = plan_shipped(app_context.now(), level, budget, **names)
    app_context.store.create(session)
    return session.id


def key_event(key: str):
    """The event a terminal read produces for ``key``: a Textual key name, or
    one printable character (named as Textual's own parser names it)."""
    from textual import events
    from textual.keys import _character_to_key

    if len(key) == 1:
        name = key if key.isalnum() else _character_to_key(key)
        return events.Key(name, key)
    return events.Key(key, None)


def queue(app, *keys: str) -> None:
    """Post every key at once, none waiting for the one before it, as one
    terminal read holding several keys (a paste, SSH, tmux) delivers them."""
    for key in keys:
        app.post_message(key_event(key))


async def settle(pilot) -> None:
    """Wait until the app has handled every queued key and what they started."""
    key_order = getattr(pilot.app, "key_order", None)
    for _ in range(5):
        if key_order is not None:
            await key_order.drained()
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type ``text`` in one burst, then wait once for the app to settle.

    Keys are handled one at a time in the order they arrive, whatever the
    speed (tests/ui/test_keyboard.py proves it), so most tests type this way.
    Use ``type_slowly`` only where human-speed typing is the point."""
    queue(pilot.app, *text)
    await settle(pilot)


async def type_slowly(pilot, text: str) -> None:
    """Type ``text`` key by key, waiting for the app to go idle after each, as
    a person would. About 0.1 s a key: only for tests about human speed."""
    for char in text:
        await pilot.press("space" if char == " " else char)


#: Text that attacks a terminal or its reader, as an imported session may hold
#: it: OSC 52 (writes the clipboard), OSC 0 (retitles the window), a screen
#: clear, an 8-bit CSI, a right-to-left override, a zero-width space.
HOSTILE = [
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x9b31m",
    "\u202eevil",
    "a\u200bb",
]
#: How ``visible_text`` shows each of them on one line.
HOSTILE_SHOWN = [
    "^[]52;c;SGVsbG8=^G",
    "^[]0;pwned^G",
    "^[[2J",
    "<U+009B>31m",
    "<U+202E>evil",
    "a<U+200B>b",
]


def terminal_unsafe(output: str) -> list[str]:
    """The characters of ``output`` a terminal could obey or hide: every
    control character but line feed, every format character (bidi, zero-width),
    surrogates and the Unicode line and paragraph separators."""
    import unicodedata

    return [
        char
        for char in output
        if char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
    ]


def value_paths(value, path=()):
    """Every path to a value inside a JSON document (for mutation tests)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from value_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from value_paths(item, (*path, index))


def run_cli(env, *args, cwd=None):
    """``python -m tui_interview ARGS`` in a subprocess; never a traceback."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tui_interview", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


async def to_review(pilot):
    """From an interview just opened: pause the clock and finish (ctrl+s,
    ctrl+f). The candidate has left, so the review shows the evaluation.
    Returns the review screen."""
    from tui_interview.screens.review import ReviewScreen

    await pilot.pause()
    await pilot.press("ctrl+s", "ctrl+f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


async def to_rating(pilot):
    """``to_review``, then ctrl+r: the rating screen, on the level scale."""
    from tui_interview.screens.rating import RatingScreen

    await to_review(pilot)
    await pilot.press("ctrl+r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RatingScreen)
    return pilot.app.screen
