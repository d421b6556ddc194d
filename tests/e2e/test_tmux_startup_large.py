"""End to end with many interviews stored: keys sent the moment home's first
screenful appears (while the whole list is still being read) act on the whole
list, in order, in a real terminal (tmux; see test_e2e_tmux.py)."""

from __future__ import annotations

import pytest
from conftest import plan_shipped
from test_tmux_interview import TMUX, home, terminal_factory  # noqa: F401 - fixtures

from tui_interview.storage import SessionStore
from tui_interview.storage.recent import LARGE_INDEX_BYTES

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.slow,
]

NAMES = ["Ada", "Alan", "Barbara", "Grace", "Edsger"]


def store_many(data_dir, clock, count: int) -> list[str]:
    """``count`` sessions, 30 s apart; candidates, most recent first. The
    oldest is Zhores Alferov, far below the first screenful."""
    sessions = []
    store = SessionStore(data_dir, now=clock)
    for n in range(count):
        name = "Zhores Alferov" if n == 0 else f"{NAMES[n % 5]} {n}"
        sessions.append(plan_shipped(clock(), session_id=store.new_id(), candidate=name))
        clock.advance(30)
    store.create_many(sessions, durable=False)
    size = sum((data_dir / f).stat().st_size for f in ("index.json",))
    assert size >= LARGE_INDEX_BYTES  # home takes the quick path
    return [s.candidate for s in reversed(sessions)]


@pytest.mark.parametrize(
    ("keys", "opened"),
    [
        (["Down", "Down", "Enter"], 2),
        (["-l", "zhores", ";", "send-keys", "Enter"], -1),
    ],
)
def test_keys_sent_at_first_paint_open_the_right_interview(
    tmp_path,
    clock,
    terminal_factory,  # noqa: F811
    keys,
    opened,  # noqa: F811
):
    data_dir = tmp_path / "data"
    candidates = store_many(data_dir, clock, 400)
    term = terminal_factory()
    term.start("--data-dir", str(data_dir))
    term.wait_for_text(candidates[0])
    if keys[0] == "-l":
        term.tmux("send-keys", "-t", term.name, *keys[:-1], "-t", term.name, keys[-1])
    else:
        term.keys(*keys)
    screen = term.wait_for(lambda s: "Question 1 of" in s or "Question 2 of" in s, "the interview")
    assert candidates[opened] in screen.splitlines()[0]
