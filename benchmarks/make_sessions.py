"""Build N realistic stored interviews fast, for benchmarks and manual checks.

Run: ``.venv/bin/python benchmarks/make_sessions.py DATA_DIR [--sessions N]
[--notes-per-session N] [--seed S]``

Or from Python::

    from make_sessions import make_sessions
    summaries = make_sessions(Path("/tmp/data"), 1000)   # most recent first

Each session uses the shipped Service Management Processes profile (a
synthetic stand-in if it cannot be loaded), a varied candidate name and role,
a level from 2 to 4, about ten notes with tags, linked behaviours and ticked
probes; most are finished, some are still in progress, a few only planned.
Files are written with ``SessionStore.create_many(durable=False)``: no fsync,
one index write at the end (about 1,000 sessions a second).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import timedelta
from pathlib import Path

from tui_interview.domain.competency import Behaviour, Competency, Level, Probe, Question
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.domain.session import Session, Tag
from tui_interview.domain.timeutil import system_now
from tui_interview.storage import SessionStore, SessionSummary
from tui_interview.storage.crypto import DataKey

PROFILE_FILE = "service-management-processes.yaml"

FIRST_NAMES = [
    "Ada",
    "Alan",
    "Barbara",
    "Claude",
    "Dorothy",
    "Edsger",
    "Frances",
    "Grace",
    "Hedy",
    "Ivan",
    "Joan",
    "Katherine",
    "Linus",
    "Margaret",
    "Niklaus",
    "Ole",
    "Radia",
    "Shafi",
    "Tim",
    "Vint",
    "Whitfield",
    "Yukihiro",
    "Zhores",
    "Anita",
]
LAST_NAMES = [
    "Lovelace",
    "Turing",
    "Liskov",
    "Shannon",
    "Vaughan",
    "Dijkstra",
    "Allen",
    "Hopper",
    "Lamarr",
    "Sutherland",
    "Clarke",
    "Johnson",
    "Torvalds",
    "Hamilton",
    "Wirth",
    "Dahl",
    "Perlman",
    "Goldwasser",
    "Berners-Lee",
    "Cerf",
    "Diffie",
    "Matsumoto",
    "Alferov",
    "Borg",
]
ROLES = [
    "Service Desk Analyst",
    "Incident Manager",
    "IT Operations Lead",
    "Change Manager",
    "Problem Manager",
    "Service Owner",
    "",
]
NOTES = [
    "Described the P1 outage on the payments API: paged the on-call DBA, opened a bridge.",
    "Rolled back the release after 25 minutes and wrote the post-incident review.",
    "Set up the weekly CAB and cut emergency changes from 30% to 8% in two quarters.",
    "Led the CMDB clean-up: 4,000 stale CIs retired, owners assigned to the rest.",
    "Ran the problem review that found the certificate expiry behind three incidents.",
    "Wrote the knowledge articles the service desk now uses for password resets.",
    "Negotiated the SLA with the vendor; response times are now in the contract.",
    "Could not say how success was measured; vague on the result.",
    "Quote: 'we stopped firefighting once the trend reports went to the board'.",
    "Introduced major-incident comms templates; stakeholders updated every 30 minutes.",
    "Trained six analysts on the new triage categories.",
    "Mapped the request fulfilment process end to end and removed two hand-offs.",
]


def shipped_profile() -> Competency:
    """The shipped profile, or a synthetic one of the same shape."""
    try:
        from tui_interview.content.loader import load_file
        from tui_interview.locations import bundled_content_dir

        competency, _ = load_file(bundled_content_dir() / PROFILE_FILE)
    except Exception:  # noqa: BLE001 - a benchmark helper must still run
        competency = None
    return competency or synthetic_profile()


def synthetic_profile() -> Competency:
    return Competency(
        id="service-management-processes",
        name="Service management processes",
        description="Synthetic stand-in for the shipped profile.",
        levels=tuple(
            Level(
                number=n,
                summary=f"Level {n}: " + "words " * 20,
                behaviours=tuple(
                    Behaviour(f"b{n}.{i}", "Demonstrates a behaviour " * 4, n) for i in (1, 2, 3)
                ),
                questions=tuple(
                    Question(
                        f"q{n}.{i}",
                        "Tell me about a time when " + "something happened " * 5,
                        n,
                        tuple(Probe(f"q{n}.{i}.p{p}", "What did you do? " * 3) for p in (1, 2)),
                    )
                    for i in (1, 2)
                ),
            )
            for n in range(1, 6)
        ),
    )


def realistic_session(
    session_id: str, competency: Competency, notes: int, rng: random.Random
) -> Session:
    """One interview of the last two years: finished (mostly), in progress, or planned."""
    levels = [n for n in competency.level_numbers if 2 <= n <= 4] or list(competency.level_numbers)
    level = rng.choice(levels)
    start = system_now() - timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 600))
    session = plan_session(
        session_id=session_id,
        candidate=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        role=rng.choice(ROLES),
        interviewer=rng.choice(["Grace Hopper", "Alan Kay", "Benchmark"]),
        choices=[CompetencyChoice(competency, level)],
        now=start - timedelta(days=1),
        time_budget_minutes=rng.choice([None, 45, 60]),
    )
    fate = rng.random()
    if fate < 0.05:
        return session  # planned, never started
    session.start(start)
    behaviours = [b.id for b in competency.behaviours_up_to(level)]
    for n in range(notes):
        moment = start + timedelta(minutes=3 * n + rng.random())
        session.go_to(min(n * len(session.plan) // max(notes, 1), len(session.plan) - 1))
        session.record_note(
            rng.choice(NOTES),
            moment,
            tags=rng.sample(list(Tag), rng.randint(0, 2)),
            behaviours=rng.sample(behaviours, min(rng.randint(0, 2), len(behaviours))),
        )
        ref = session.current
        probes = session.question(ref).probes
        if probes and rng.random() < 0.7:
            probe = rng.choice(probes).id
            if probe not in session.probes_asked(ref):
                session.set_probe_asked(ref, probe, True, moment)
    if fate < 0.15:
        session.pause(start + timedelta(minutes=3 * notes + 1))  # in progress, paused
    else:
        session.finish(start + timedelta(minutes=3 * notes + 2))
    return session


def make_sessions(
    data_dir: Path,
    count: int,
    *,
    notes_per_session: int = 10,
    seed: int = 7,
    competency: Competency | None = None,
    key: DataKey | None = None,
) -> list[SessionSummary]:
    """Store ``count`` realistic sessions in ``data_dir`` (created if needed);
    return every stored summary, most recent first, as the home screen lists them.
    With ``key`` (``storage.crypto``) the folder is an encrypted one."""
    rng = random.Random(seed)
    competency = competency or shipped_profile()
    store = SessionStore(data_dir, key=key)
    ids: set[str] = set()
    while len(ids) < count:
        ids.add(store.new_id())
    sessions = (realistic_session(i, competency, notes_per_session, rng) for i in sorted(ids))
    store.create_many(sessions, durable=False)
    return SessionStore(data_dir, key=key).list_summaries()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--notes-per-session", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    summaries = make_sessions(
        args.data_dir, args.sessions, notes_per_session=args.notes_per_session, seed=args.seed
    )
    if summaries:
        print(
            f"stored={len(summaries)} in {args.data_dir} "
            f"built_in_s={time.perf_counter() - began:.1f} "
            f"most_recent={summaries[0].candidate!r}"
        )
    else:
        print(f"stored=0 in {args.data_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
