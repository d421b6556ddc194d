"""The new-interview form typed as one burst in a real terminal (tmux), N
times: from home, ``ctrl+n``, a name, Tab x4, Space (tick the competency),
then ``ctrl+s`` 0-30 ms later. Every try must open the interview.

    .venv/bin/python benchmarks/form_burst_tmux.py [TRIES] [--size 80x24]

Prints each failure and the count; writes ``benchmarks/results/form_burst_tmux.json``.
(On main at d73d76a, 3 of 20 tries crashed with NoMatches, others stayed on
the form with "Some fields need attention".)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_file import write_results

ROOT = Path(__file__).resolve().parent.parent
APP = [sys.executable, "-m", "tui_interview"]


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], capture_output=True, text=True, check=False, timeout=20
    ).stdout


def wait_for(session: str, needles: tuple[str, ...], seconds: float) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if any(n in screen for n in needles):
            return screen
        time.sleep(0.05)
    return screen


def one_try(n: int, gap: float, size: str) -> str | None:
    """None when the interview opened, else what the screen showed."""
    width, height = size.split("x")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        env = {**os.environ, "HOME": folder, "XDG_STATE_HOME": f"{folder}/state"}
        session = f"formburst{os.getpid()}_{n}"
        command = " ".join([*APP, "--data-dir", str(data)]) + "; echo EXIT=$?; sleep 30"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", width, "-y", height, command],
            env=env,
            check=True,
            cwd=ROOT,
        )
        try:
            screen = wait_for(session, ("Type to filter", "No interviews", "ctrl+n"), 30)
            tmux("send-keys", "-t", session, "C-n", "Name", "Tab", "Tab", "Tab", "Tab", "Space")
            time.sleep(gap)
            tmux("send-keys", "-t", session, "C-s")
            screen = wait_for(session, ("Question 1 of", "EXIT=", "NoMatches", "attention"), 20)
            return None if "Question 1 of" in screen and "EXIT=" not in screen else screen
        finally:
            tmux("kill-session", "-t", session)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tries", nargs="?", type=int, default=50)
    parser.add_argument("--size", default="100x40")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is not installed")
        return 2
    rng = random.Random(6605)
    failures = 0
    started = time.monotonic()
    for n in range(args.tries):
        gap = rng.uniform(0, 0.030)
        shown = one_try(n, gap, args.size)
        if shown is not None:
            failures += 1
            print(f"try {n + 1} ({gap * 1000:.0f} ms): did not open the interview\n{shown}")
    opened = args.tries - failures
    print(f"{opened} of {args.tries} tries opened the interview ({args.size})")
    write_results(
        "form_burst_tmux",
        {
            "tries": args.tries,
            "opened": opened,
            "size": args.size,
            "gap_ms": [0, 30],
            "seconds": round(time.monotonic() - started, 1),
        },
    )
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
