"""How fast calibration and question reports are over 200 transcripts.

Run: ``.venv/bin/python benchmarks/calibration.py [--transcripts N] [--runs N]``

Writes the transcripts of panels of 3 to 5 members and their consensus
records (``make_panels.py``: 200 transcripts make 54 panels; the issue's "20
panels of 3-5 members" would be at most 100 files, so the larger count is
measured), then times, from the files, as the commands do it: reading,
grouping and the consensus records, the figures, and the Markdown and JSON
reports, for ``calibration`` and for ``questions``; and ``panel`` (the board
report, Markdown and JSON) on the same files in the same run, as the baseline.
Also the split: reading and grouping (``export.panel.read_panel``, shared
with ``panel``) and the figures and reports alone. Median of the runs.
Target (issue 25): under 1 s each.
Writes the figures to ``benchmarks/results/calibration.json``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_panels import write_panels  # noqa: E402
from results_file import write_results  # noqa: E402

from tui_interview.domain.calibration import calibrate  # noqa: E402
from tui_interview.domain.question_stats import question_figures  # noqa: E402
from tui_interview.export.fairness_reports import (  # noqa: E402
    render_calibration_json,
    render_calibration_markdown,
    render_questions_json,
    render_questions_markdown,
)
from tui_interview.export.fairness_source import read_panels  # noqa: E402
from tui_interview.export.panel_json import render_panel_json  # noqa: E402
from tui_interview.export.panel_markdown import render_panel_markdown  # noqa: E402
from tui_interview.export.panel_pipeline import read_panel  # noqa: E402
from tui_interview.storage.consensus_store import ConsensusStore  # noqa: E402


def timed(work) -> float:
    began = time.perf_counter()
    work()
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder, data = Path(temp) / "t", Path(temp) / "d"
        panels = write_panels(folder, data, args.transcripts)

        def calibration() -> None:
            read = read_panels([folder], ConsensusStore(data).lookup())
            figures = calibrate(read.panels)
            render_calibration_markdown(figures, read.notices)
            render_calibration_json(figures, read.notices)
            assert len(read.panels) == panels and not read.notices

        def questions() -> None:
            read = read_panels([folder], ConsensusStore(data).lookup())
            figures = question_figures(read.panels)
            render_questions_markdown(figures, len(read.panels), read.notices)
            render_questions_json(figures, len(read.panels), read.notices)

        def panel() -> None:
            report = read_panel([folder], stored_consensus=ConsensusStore(data).records())
            render_panel_markdown(report)
            render_panel_json(report)

        read = read_panels([folder], ConsensusStore(data).lookup())

        def calibration_only() -> None:
            figures = calibrate(read.panels)
            render_calibration_markdown(figures)
            render_calibration_json(figures)

        def questions_only() -> None:
            figures = question_figures(read.panels)
            render_questions_markdown(figures, len(read.panels))
            render_questions_json(figures, len(read.panels))

        runs: dict[str, list[float]] = {
            "calibration": [], "questions": [], "panel": [], "read": [],
            "calibration_only": [], "questions_only": [],
        }  # fmt: skip
        for _ in range(args.runs):
            runs["read"].append(timed(lambda: read_panels([folder], ConsensusStore(data).lookup())))
            runs["calibration_only"].append(timed(calibration_only))
            runs["questions_only"].append(timed(questions_only))
            runs["calibration"].append(timed(calibration))
            runs["questions"].append(timed(questions))
            runs["panel"].append(timed(panel))
    median = {name: round(statistics.median(times), 1) for name, times in runs.items()}
    figures = {
        "transcripts": args.transcripts,
        "panels": panels,
        "runs": args.runs,
        "calibration_ms": median["calibration"],
        "questions_ms": median["questions"],
        "panel_ms": median["panel"],
        "calibration_vs_panel": round(median["calibration"] / median["panel"], 2),
        "questions_vs_panel": round(median["questions"] / median["panel"], 2),
        "read_and_group_ms": median["read"],
        "calibration_figures_and_reports_ms": median["calibration_only"],
        "questions_figures_and_reports_ms": median["questions_only"],
        "target_ms": 1000,
    }
    for name, value in figures.items():
        print(f"{name}={value}")
    write_results("calibration", figures)


if __name__ == "__main__":
    main()
