"""How fast a panel reports: 50 JSON transcripts of 100 notes each.

Run: ``.venv/bin/python benchmarks/panel.py [--transcripts N] [--notes N] [--runs N]``

Builds the transcripts with the domain API on the shipped profile (the
realistic session of ``benchmarks/export.py``: STAR tags, edits, deletions,
ticks, linked behaviours, a rating with two revisions), as 10 candidates with
5 interviewers each, and writes them with ``render_json`` into a temporary
folder. Then times, from the folder: reading and grouping (``read_panel``:
every file read and validated), reading the consensus records from a data
folder (one per candidate, ``ConsensusStore.lookup``), rendering the Markdown
(with the grid comparing the candidates) and the JSON report with those
records, and the role grid (``panel --role``) sorted by a competency; the
median of the runs, and the slowest.

Target (issue 14): <= 1 s for reading, grouping, the consensus records and
both reports together (the role grid is timed on its own).
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
from results_file import write_results  # noqa: E402

from tui_interview.domain.consensus import Consensus  # noqa: E402
from tui_interview.export.json_export import render_json  # noqa: E402
from tui_interview.export.panel_json import render_panel_json  # noqa: E402
from tui_interview.export.panel_markdown import (  # noqa: E402
    render_panel_markdown,
    render_role_markdown,
)
from tui_interview.export.panel_pipeline import read_panel  # noqa: E402
from tui_interview.export.role_grid import role_grid  # noqa: E402
from tui_interview.storage.consensus_store import ConsensusStore  # noqa: E402

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


def write_consensus(data_dir: Path, folder: Path) -> int:
    """One consensus record per candidate: each planned competency agreed
    (with a revision) and the recommendation."""
    at = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    store = ConsensusStore(data_dir, now=lambda: at)
    panel = read_panel([folder])
    for group in panel.groups:
        record = Consensus(store.new_id(), group.candidate, "", group.plan_id)
        for planned in group.members[0].session.competencies:
            record.record_rating(planned.competency_id, 2, "first", ["A", "B"], at)
            record.record_rating(planned.competency_id, 3, "agreed", ["A", "B"], at, "talked")
        record.record_recommendation("yes", "hire", ["A", "B"], at)
        store.save(record)
    return len(panel.groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=50)
    parser.add_argument("--notes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "transcripts"
        folder.mkdir()
        write_transcripts(folder, args.transcripts, args.notes)
        size = sum(p.stat().st_size for p in folder.iterdir())
        data_dir = Path(temp) / "data"
        records = write_consensus(data_dir, folder)
        reads, consensus, markdowns, jsons, grids, totals = [], [], [], [], [], []
        for _ in range(args.runs):
            began = time.perf_counter()
            stored = ConsensusStore(data_dir).records()
            looked_up = time.perf_counter()
            panel = read_panel([folder], stored_consensus=stored)
            read = time.perf_counter()
            markdown = render_panel_markdown(panel)
            rendered = time.perf_counter()
            text = render_panel_json(panel)
            done = time.perf_counter()
            first = panel.groups[0].members[0].session
            grid = role_grid(panel, first.role, first.competencies[0].competency_id, True)
            render_role_markdown(grid, panel)
            gridded = time.perf_counter()
            reads.append((read - looked_up) * 1000)
            consensus.append((looked_up - began) * 1000)
            markdowns.append((rendered - read) * 1000)
            jsons.append((done - rendered) * 1000)
            grids.append((gridded - done) * 1000)
            totals.append((done - began) * 1000)
        assert not panel.problems, panel.problems
        assert len(panel.mismatches) == len(panel.groups) - 1, panel.mismatches
        assert '"consensus": {' in text and "Consensus: **level 3**" in markdown
        assert len(grid.rows) == len(panel.groups)
        groups = len(panel.groups)
    print(f"transcripts={args.transcripts} notes_each={args.notes} groups={groups}")
    print(f"input_bytes={size} markdown_bytes={len(markdown.encode())} json_bytes={len(text)}")
    print(f"runs={args.runs}")
    print(f"read_and_group_ms={statistics.median(reads):.1f}")
    print(f"consensus_records={records} consensus_read_ms={statistics.median(consensus):.1f}")
    print(f"markdown_ms={statistics.median(markdowns):.1f} json_ms={statistics.median(jsons):.1f}")
    print(f"role_grid_ms={statistics.median(grids):.1f}")
    print(f"slowest_total_ms={max(totals):.1f}")
    label = f"panel_{args.transcripts}x{args.notes}_total_ms"
    print(f"{label}={statistics.median(totals):.1f}")
    write_results(
        "panel",
        {
            "transcripts": args.transcripts,
            "notes_each": args.notes,
            "groups": groups,
            "runs": args.runs,
            "target_ms": 1000,
            label: round(statistics.median(totals), 1),
            "read_and_group_ms": round(statistics.median(reads), 1),
            "consensus_records": records,
            "consensus_read_ms": round(statistics.median(consensus), 1),
            "markdown_ms": round(statistics.median(markdowns), 1),
            "json_ms": round(statistics.median(jsons), 1),
            "role_grid_ms": round(statistics.median(grids), 1),
            "slowest_total_ms": round(max(totals), 1),
        },
    )


if __name__ == "__main__":
    main()
