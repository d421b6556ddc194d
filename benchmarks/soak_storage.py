"""Kill -9 soak test for the session store (POSIX only).

Run: ``.venv/bin/python benchmarks/soak_storage.py [--kills 300] [--writers 3]``

Each round starts several writer processes, each saving notes into its own
session in a loop and printing ``ack <note>`` once each save has returned. The
round kills every writer with SIGKILL at a random moment, then checks, as the
app would after a crash:

- every acknowledged note is in its session (nothing saved was lost);
- every session file opens (nothing was left half-written);
- the session list agrees with the files (the index repaired itself).

Temporary files found before reopening show that kills landed mid-write.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tui_interview.domain.competency import Behaviour, Competency, Level, Question
from tui_interview.domain.session import PlannedCompetency, Session
from tui_interview.domain.timeutil import system_now
from tui_interview.storage import SessionStore

REPO = Path(__file__).resolve().parent.parent

WRITER = """
import sys
from datetime import datetime
from tui_interview.storage import SessionStore

opened = SessionStore(sys.argv[1]).open(sys.argv[2])
session, prefix, n = opened.session, sys.argv[3], 0
while True:
    session.record_note(f"{prefix}-{n}", datetime.now().astimezone())
    opened.save(session)
    print(f"ack {prefix}-{n}", flush=True)
    n += 1
"""


def soak_session(session_id: str) -> Session:
    competency = Competency(
        id="soak",
        name="Soak",
        levels=(
            Level(
                1,
                "One",
                behaviours=(Behaviour("b1.1", "Does it", 1),),
                questions=(Question("q1.1", "Tell me.", 1),),
            ),
        ),
    )
    return Session(
        id=session_id,
        candidate=f"Writer {session_id}",
        role="Soak",
        interviewer="soak",
        created_at=system_now(),
        competencies=[PlannedCompetency("soak", 1, ["q1.1"])],
        content={"soak": competency},
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300, help="writer processes killed in all")
    parser.add_argument("--writers", type=int, default=3, help="writers running at once")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="tui-interview-soak-"))
    store = SessionStore(folder)
    ids = [f"soak{n}" for n in range(args.writers)]
    for session_id in ids:
        store.create(soak_session(session_id))
    acknowledged: dict[str, set[str]] = {session_id: set() for session_id in ids}
    kills = rounds = mid_write = 0
    began = time.perf_counter()
    try:
        while kills < args.kills:
            rounds += 1
            writers = {
                session_id: subprocess.Popen(
                    [sys.executable, "-c", WRITER, str(folder), session_id, f"r{rounds}"],
                    cwd=REPO,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for session_id in ids
            }
            for session_id, writer in writers.items():
                for _ in range(rng.randint(0, 8)):
                    line = writer.stdout.readline()
                    if line:
                        acknowledged[session_id].add(line.split()[1])
            time.sleep(rng.random() * 0.01)
            for writer in writers.values():
                writer.send_signal(signal.SIGKILL)
            for session_id, writer in writers.items():
                acknowledged[session_id].update(
                    line.split()[1] for line in writer.stdout.read().splitlines()
                )
                writer.wait()
                kills += 1
            mid_write += sum(1 for p in (folder / "sessions").iterdir() if p.suffix == ".tmp")

            listed = {s.id: s for s in store.list_summaries()}
            for session_id in ids:
                with store.open(session_id) as opened:
                    texts = {note.text for note in opened.session.notes}
                lost = acknowledged[session_id] - texts
                if lost:
                    print(f"FAIL seed={seed}: {session_id} lost {sorted(lost)[:5]}")
                    return 1
                if listed[session_id].note_count != len(texts):
                    # A writer killed after its save but before its index line:
                    # the listing must have noticed the file changed.
                    print(f"FAIL seed={seed}: index says {listed[session_id].note_count} notes")
                    return 1
            if (folder / "damaged").exists():
                print(f"FAIL seed={seed}: a file was damaged")
                return 1
        notes = sum(len(a) for a in acknowledged.values())
        print(
            f"ok seed={seed} kills={kills} rounds={rounds} acknowledged_notes={notes} "
            f"killed_mid_write={mid_write} seconds={time.perf_counter() - began:.1f}"
        )
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
