"""Generated panels for calibration and question-effectiveness work.

``write_panels(folder, data_dir, transcripts=200, seed=0)`` writes JSON
transcripts of panels of 3 to 5 members (one candidate and one plan each, on
the shipped profile, five questions with a time budget) and, for three panels
in four, a consensus record into ``data_dir``. Interviews spread over six
months. Each interviewer has a bias (``BIAS``: Ines rates a level high, Omar a
level low); one question (q1.1) mostly gets no linked evidence, one (q4.1)
brings out evidence far from the consensus. Deterministic for a seed.

Run: ``.venv/bin/python benchmarks/make_panels.py OUT_DIR DATA_DIR [--transcripts N]``
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui_interview.content.loader import load_file
from tui_interview.domain.consensus import Consensus
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.rating import submit_rating
from tui_interview.export.json_export import render_json
from tui_interview.storage.consensus_store import ConsensusStore

CONTENT = Path(__file__).resolve().parent.parent / "content" / "service-management-processes.yaml"
QUESTIONS = ["q1.1", "q2.1", "q3.1", "q3.2", "q4.1"]
BIAS = {"Ines": 1, "Omar": -1, "Priya": 0, "Tom": 0, "Mei": 0, "Sam": 0, "Lena": 0}
PEOPLE = list(BIAS)
NOTES = [
    "Described the incident bridge: paged the on-call, opened the ticket",
    "Said she wrote the post-incident review within two days",
    "Moved the change freeze earlier after the audit finding",
    "Measured the backlog weekly and reported it to the service owner",
    "Explained the rollback plan and who signed it off",
]


def write_panels(folder: Path, data_dir: Path, transcripts: int = 200, seed: int = 0) -> int:
    """Write the transcripts and records; returns the number of panels."""
    rng = random.Random(seed)
    competency, _ = load_file(CONTENT)
    behaviours = {
        level: [b.id for b in competency.behaviours if b.level == level] for level in range(1, 6)
    }
    folder.mkdir(parents=True, exist_ok=True)
    store = ConsensusStore(data_dir, now=lambda: datetime(2026, 11, 1, tzinfo=UTC))
    written = panel = 0
    while written < transcripts:
        size = min(3 + panel % 3, transcripts - written)
        start = datetime(2026, 5, 4, 9, 0, tzinfo=UTC) + timedelta(
            days=panel * 3 % 180, hours=panel % 5
        )
        true_level = rng.choice([2, 3, 3, 4])
        members = rng.sample(PEOPLE, size)
        plan_id = ""
        for member in members:
            now = start + timedelta(hours=members.index(member))
            session = plan_session(
                session_id=f"p{panel:03d}-{member.lower()}",
                candidate=f"Candidate {panel:03d}",
                role="Service Manager",
                interviewer=member,
                choices=[CompetencyChoice(competency, 3, QUESTIONS)],
                now=now,
                time_budget_minutes=40,
            )
            plan_id = session.plan_id or ""
            session.start(now)
            for index, qid in enumerate(QUESTIONS):
                if rng.random() < 0.1:
                    continue  # skipped
                now += timedelta(seconds=rng.randint(120, 600))
                session.go_to(index, now)
                ref = session.plan[index]
                for _ in range(rng.randint(1, 3)):
                    now += timedelta(seconds=rng.randint(20, 90))
                    linked: list[str] = []
                    if qid != "q1.1" or rng.random() < 0.2:
                        noise = [-2, 2, 0] if qid == "q4.1" else [-1, 0, 0, 1]
                        level = max(1, min(5, true_level + rng.choice(noise)))
                        linked = [rng.choice(behaviours[level])]
                    session.record_note(rng.choice(NOTES), now, question=ref, behaviours=linked)
            now += timedelta(seconds=300)
            session.finish(now)
            spread = 2 if rng.random() < 0.3 else 0
            level = max(1, min(5, true_level + BIAS[member] + rng.randint(-1, 1) * (spread > 0)))
            submit_rating(session, competency.id, level, "on the evidence", now)
            (folder / f"{session.id}.json").write_text(
                render_json(session, now=now), encoding="utf-8"
            )
            written += 1
        if panel % 4 != 3:
            record = Consensus(store.new_id(), f"Candidate {panel:03d}", "Service Manager", plan_id)
            record.record_rating(
                competency.id, true_level, "agreed", members[:2], start + timedelta(days=1)
            )
            store.save(record)
        panel += 1
    return panel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--transcripts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    panels = write_panels(args.folder, args.data_dir, args.transcripts, args.seed)
    print(f"transcripts={args.transcripts} panels={panels}")


if __name__ == "__main__":
    main()
