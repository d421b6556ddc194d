"""Where every benchmark writes its figures: ``benchmarks/results/<name>.json``.

The documentation points to these files rather than quoting figures, so that
nobody edits a figure by hand: run the script and commit the file it wrote.

    from results_file import write_results  # benchmarks/ is on sys.path
    write_results("storage", {"note_save_median_ms": 1.6, ...})

Each file holds the script's figures (flat, as the script names them) and,
under ``measured``, when, how and on what they were measured.
``$TUI_INTERVIEW_BENCH_RESULTS`` names another folder (for trial runs).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS_DIR = HERE / "results"


def results_dir() -> Path:
    return Path(os.environ.get("TUI_INTERVIEW_BENCH_RESULTS") or RESULTS_DIR)


def _commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def measured() -> dict[str, object]:
    """When, how and on what: the context a figure needs to mean anything."""
    script = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "?"
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", f"benchmarks/{script}", *sys.argv[1:]]),
        "commit": _commit(),
        "python": platform.python_version(),
        "platform": sys.platform,
        "cpus": os.cpu_count(),
    }


def write_results(name: str, figures: Mapping[str, object]) -> Path:
    """Write ``figures`` to ``<results>/<name>.json`` (replacing it whole)."""
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    record = {"benchmark": name, **figures, "measured": measured()}
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    print(f"figures written to {path}")
    return path


def parse_figures(line: str) -> dict[str, object]:
    """``"a=1.5 b=x"`` → ``{"a": 1.5, "b": "x"}``: a script's closing line of
    figures, as it prints it, kept as numbers where they are numbers."""
    figures: dict[str, object] = {}
    for word in line.split():
        name, sep, value = word.partition("=")
        if not sep:
            continue
        number: object = value
        for kind in (int, float):
            try:
                number = kind(value)
                break
            except ValueError:
                pass
        if value in ("True", "False"):
            number = value == "True"
        figures[name] = number
    return figures
