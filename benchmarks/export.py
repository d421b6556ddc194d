"""How fast a long interview exports: 500 notes, as Markdown and as JSON.

Run: ``.venv/bin/python benchmarks/export.py [--notes N] [--runs N]``

Builds a realistic session on the shipped profile (Service Management
Processes, target level 3, every question of levels 1–3): notes spread over
the questions with STAR tags, follow-ups and quotes, linked to behaviours, one
in five edited and a few deleted; probes and behaviours ticked (some
un-ticked); two ratings. Then times ``render_markdown`` and ``render_json``
(the text, not the disk write) and reports the median of the runs.

Target (issue 5): <= 50 ms each. Prints one line per figure and ends with
``export_500_notes_markdown_ms=… json_ms=…``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

from results_file import write_results

from tui_interview.content.loader import load_file
from tui_interview.domain.interview import Interview, Unstored
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.rating import submit_rating
from tui_interview.domain.session import STAR_TAGS, Session, Tag
from tui_interview.export.json_export import render_json
from tui_interview.export.markdown import render_markdown
from tui_interview.locations import bundled_content_dir

PROFILE = "service-management-processes.yaml"
TARGET_LEVEL = 3

PHRASES = [
    "Described the change advisory board & how emergency changes were approved",
    "Owned the P1 incident bridge; coordinated 4 teams across 2 time zones",
    "Result: MTTR fell from 6h to 90 min over the quarter (their figure)",
    'Quote: "we stopped firefighting once the CMDB was trusted"',
    "Unclear who signed off the SLA — follow up",
    "Used ITIL v4 value streams | mapped request fulfilment end-to-end",
]


def build_session(note_count: int, seed: int = 5) -> Session:
    competency, problems = load_file(bundled_content_dir() / PROFILE)
    if competency is None:
        raise SystemExit(f"cannot load the shipped profile: {problems}")
    question_ids = [q.id for q in competency.questions if q.level <= TARGET_LEVEL]
    start = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    moment = [start]

    def now() -> datetime:
        return moment[0]

    session = plan_session(
        session_id="bench1",
        candidate="Jane Doe",
        role="Service Delivery Manager",
        interviewer="Alex Smith",
        choices=[CompetencyChoice(competency, TARGET_LEVEL, question_ids)],
        now=start,
        time_budget_minutes=90,
    )
    # The benchmark measures export, not saving: a save that does nothing.
    interview = Interview(Unstored(session), now=now)
    rng = random.Random(seed)
    behaviours = [b.id for b in session.target_behaviours(competency.id)]
    interview.start()
    per_question = note_count // len(question_ids) + 1
    for index, _ in enumerate(question_ids):
        if index:
            interview.next_question()
        ref = session.plan[index]
        for probe in session.question(ref).probes:
            moment[0] += timedelta(seconds=rng.randint(5, 40))
            if rng.random() < 0.7:
                interview.toggle_probe(ref, probe.id)
            if rng.random() < 0.1:
                interview.toggle_probe(ref, probe.id)
        for _ in range(per_question):
            if len(interview.session.notes) >= note_count:
                break
            moment[0] += timedelta(seconds=rng.randint(3, 30))
            tags = [t for t in STAR_TAGS if rng.random() < 0.35]
            tags += [t for t in (Tag.FOLLOW_UP, Tag.QUOTE) if rng.random() < 0.1]
            text = " ".join(rng.sample(PHRASES, rng.randint(1, 3)))
            if rng.random() < 0.1:
                text += "\nSecond line of the same note."
            note = interview.record_note(
                text, tags=tags, behaviours=rng.sample(behaviours, rng.randint(0, 2))
            )
            if rng.random() < 0.2:
                interview.edit_note(note.id, note.text + " (corrected)")
            if rng.random() < 0.02:
                interview.delete_note(note.id)
        for behaviour in rng.sample(behaviours, 3):
            interview.toggle_behaviour(competency.id, behaviour)
    moment[0] += timedelta(minutes=2)
    interview.finish()
    interview.apply(lambda s, at: submit_rating(s, competency.id, 2, "Solid level 2.", at))
    moment[0] += timedelta(minutes=1)
    interview.apply(
        lambda s, at: submit_rating(
            s, competency.id, 3, "Level 3 after review.", at, reason="Re-read notes."
        )
    )
    return interview.session


def median_ms(render: Callable[[], str], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        render()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    session = build_session(args.notes)
    exported_at = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    markdown = render_markdown(session, now=exported_at)
    text = render_json(session, now=exported_at)
    markdown_ms = median_ms(lambda: render_markdown(session, now=exported_at), args.runs)
    json_ms = median_ms(lambda: render_json(session, now=exported_at), args.runs)

    print(f"notes={len(session.notes)} active={len(session.active_notes)}")
    print(f"events={len(session.events)} questions={len(session.plan)}")
    print(f"markdown_bytes={len(markdown.encode('utf-8'))} json_bytes={len(text.encode('utf-8'))}")
    print(f"runs={args.runs}")
    print(f"export_{args.notes}_notes_markdown_ms={markdown_ms:.2f} json_ms={json_ms:.2f}")
    write_results(
        "export",
        {
            "notes": len(session.notes),
            "runs": args.runs,
            "target_ms": 50,
            "markdown_bytes": len(markdown.encode("utf-8")),
            "json_bytes": len(text.encode("utf-8")),
            f"export_{args.notes}_notes_markdown_ms": round(markdown_ms, 2),
            "json_ms": round(json_ms, 2),
        },
    )


if __name__ == "__main__":
    main()
