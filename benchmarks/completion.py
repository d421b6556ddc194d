"""How long the shell waits for completions: session ids at 1,000 stored
interviews, competency ids, and commands, each the whole round trip a Tab
costs (a new ``python -m tui_interview`` answering argcomplete's request).

Run: ``.venv/bin/python benchmarks/completion.py [--sessions N] [--runs N]``

Builds the sessions with ``make_sessions`` (in a temporary folder). The
baseline, measured in the same run, is a bare interpreter start
(``python -c pass``): the floor any completion written in Python pays.
Target (issue 16): session ids in < 150 ms, and no Textual loaded (checked
by tests/e2e/test_shell_completion.py). Ends with
``complete_sessions_ms=… complete_competencies_ms=… complete_commands_ms=…
bare_python_ms=… sessions_to_bare_ratio=…``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_sessions import make_sessions
from results_file import write_results


def timed(argv: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of ``argv`` in ms."""
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        spent.append((time.perf_counter() - start) * 1000)
    return statistics.median(spent)


def request(line: str, answer: Path) -> dict[str, str]:
    return {
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_IFS": "\n",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        summaries = make_sessions(data, options.sessions)
        answer = Path(folder) / "answer"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
        env["TUI_INTERVIEW_DATA_DIR"] = str(data)
        app = [sys.executable, "-m", "tui_interview"]
        prefix = summaries[0].id[:1]
        results = {}
        for name, line in (
            ("sessions", f"tui-interview resume {prefix}"),
            ("competencies", "tui-interview guide --competency s"),
            ("commands", "tui-interview ex"),
        ):
            results[name] = timed(app, env | request(line, answer), options.runs)
            offered = answer.read_text().split()
            print(f"{name}: {results[name]:.0f} ms, {len(offered)} offered for {line!r}")
        bare = timed([sys.executable, "-c", "pass"], env, options.runs)
        print(f"bare interpreter: {bare:.0f} ms")
    print(
        f"complete_sessions_ms={results['sessions']:.0f} "
        f"complete_competencies_ms={results['competencies']:.0f} "
        f"complete_commands_ms={results['commands']:.0f} bare_python_ms={bare:.0f} "
        f"sessions_to_bare_ratio={results['sessions'] / bare:.2f}"
    )
    write_results(
        "completion",
        {
            "sessions": options.sessions,
            "runs": options.runs,
            "target_ms": 150,
            "complete_sessions_ms": round(results["sessions"]),
            "complete_competencies_ms": round(results["competencies"]),
            "complete_commands_ms": round(results["commands"]),
            "bare_python_ms": round(bare),
            "sessions_to_bare_ratio": round(results["sessions"] / bare, 2),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
