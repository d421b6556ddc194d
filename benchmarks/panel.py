"""How fast a panel reports: 50 JSON transcripts of 100 notes each.

Run: ``.venv/bin/python benchmarks/panel.py [--transcripts N] [--notes N] [--runs N]``

Builds the transcripts with the domain API on the shipped profile (the
realistic session of ``benchmarks/export.py``: STAR tags, edits, deletions,
ticks, linked behaviours, a rating with two revisions), as 10 candidates with
5 interviewers each, and writes them with ``render_json`` into a temporary
folder. Then times, from the folder: reading and grouping (``read_panel``:
every file read and validated), and rendering the Markdown and the JSON
report; the median of the runs, and the slowest.

Target (issue 14): <= 1 s for reading, grouping and both reports together.
Ends with ``panel_50x100_total_ms=…``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export import build_session  # noqa: E402

from tui_interview.export.json_export import render_json  # noqa: E402
from tui_interview.export.panel import read_panel, render_panel_json  # noqa: E402
from tui_interview.export.panel_markdown import render_panel_markdown  # noqa: E402

PER_CANDIDATE = 5


def write_transcripts(folder: Path, count: int, notes: int) -> None:
    exported_at = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    for n in range(count):
        session = build_session(notes, seed=n)
        session.id = f"bench{n}"
        session.candidate = f"Candidate {n // PER_CANDIDATE}"
        session.interviewer = f"Interviewer {n % PER_CANDIDATE}"
        (folder / f"{session.id}.json").write_text(
            render_json(session, now=exported_at), encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=50)
    parser.add_argument("--notes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        write_transcripts(folder, args.transcripts, args.notes)
        size = sum(p.stat().st_size for p in folder.iterdir())
        reads, markdowns, jsons, totals = [], [], [], []
        for _ in range(args.runs):
            began = time.perf_counter()
            panel = read_panel([folder])
            read = time.perf_counter()
            markdown = render_panel_markdown(panel)
            rendered = time.perf_counter()
            text = render_panel_json(panel)
            done = time.perf_counter()
            reads.append((read - began) * 1000)
            markdowns.append((rendered - read) * 1000)
            jsons.append((done - rendered) * 1000)
            totals.append((done - began) * 1000)
        assert not panel.problems, panel.problems
        assert len(panel.mismatches) == len(panel.groups) - 1, panel.mismatches
        groups = len(panel.groups)
    print(f"transcripts={args.transcripts} notes_each={args.notes} groups={groups}")
    print(f"input_bytes={size} markdown_bytes={len(markdown.encode())} json_bytes={len(text)}")
    print(f"runs={args.runs}")
    print(f"read_and_group_ms={statistics.median(reads):.1f}")
    print(f"markdown_ms={statistics.median(markdowns):.1f} json_ms={statistics.median(jsons):.1f}")
    print(f"slowest_total_ms={max(totals):.1f}")
    label = f"panel_{args.transcripts}x{args.notes}_total_ms"
    print(f"{label}={statistics.median(totals):.1f}")


if __name__ == "__main__":
    main()
