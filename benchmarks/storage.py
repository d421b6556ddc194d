"""How fast the session store is with 1,000 interviews and 10,000 notes stored.

Run: ``.venv/bin/python benchmarks/storage.py [--sessions N] [--notes-per-session N]``

Builds the data set in a temporary folder, then measures, in the same run:

- saving a note the way the app does (``Interview.record_note``, which
  changes the session and saves it with ``OpenSession.save``, durable), with 1
  session stored and with all of them;
- the same note save against stock single-file TinyDB (default JSONStorage)
  holding the same sessions, one document per session;
- listing the sessions for the home screen, and opening one session.

The same note save, listing and opening in an encrypted folder holding the
same sessions (issue 15: AES-256-GCM, every file sealed), alternated with the
plain saves, and the one key derivation (``unlock``) an app start pays.

Targets (issue 3): note save median <= 2 ms and >= 15x faster than stock;
listing <= 50 ms; opening <= 20 ms. Issue 15: encrypted note save median
<= 2 ms. Prints one line per figure and ends with
``note_save_median_ms=… stock_tinydb_median_ms=… ratio=… encrypted_note_save_median_ms=…
encrypted_over_plain=…``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path

from make_sessions import realistic_session, shipped_profile  # benchmarks/ is on sys.path
from results_file import write_results
from tinydb import TinyDB

from tui_interview.domain.interview import Interview
from tui_interview.domain.session import Session
from tui_interview.domain.session_codec import session_to_dict
from tui_interview.storage import SessionStore, unlock
from tui_interview.storage.crypto import ENCRYPTED, create_header

SAVES_PER_INTERVIEW = 30
NOTE_TEXT = (
    "Described the P1 outage on the payments API: paged the on-call DBA, opened a "
    "bridge, rolled back the release after 25 minutes and wrote the post-incident review."
)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return times


def note_save_times(store: SessionStore, session_ids: list[str], repeat: int) -> list[float]:
    """Record a note and save it durably: the path the interview screen takes.
    Spread over several sessions, ``SAVES_PER_INTERVIEW`` each, so that each
    interview keeps a realistic number of notes (10 to 40 here)."""
    times: list[float] = []
    for session_id in session_ids:
        with store.open(session_id) as opened:
            interview = Interview(opened)
            count = min(SAVES_PER_INTERVIEW, repeat - len(times))
            times += timed(partial(interview.record_note, NOTE_TEXT), count)
        if len(times) >= repeat:
            break
    return times


def stock_note_save_times(path: Path, session: Session, doc_id: int, repeat: int) -> list[float]:
    db = TinyDB(path)  # stock JSONStorage: rewrites (and first re-reads) the one file
    table = db.table("sessions")

    def save_one_note() -> None:
        session.record_note(NOTE_TEXT, datetime.now().astimezone())
        table.update(session_to_dict(session), doc_ids=[doc_id])

    try:
        return timed(save_one_note, repeat)
    finally:
        db.close()


#: Every figure ``show`` printed in this run, for the results file.
SHOWN: dict[str, dict[str, float]] = {}


def show(name: str, times: list[float]) -> float:
    median = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1] if len(times) >= 20 else max(times)
    print(f"{name}_ms median={median:.3f} p95={p95:.3f} max={max(times):.3f} n={len(times)}")
    SHOWN[f"{name}_ms"] = {
        "median": round(median, 3),
        "p95": round(p95, 3),
        "max": round(max(times), 3),
        "n": len(times),
    }
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--notes-per-session", type=int, default=10)
    parser.add_argument("--saves", type=int, default=300, help="note saves measured (ours)")
    parser.add_argument("--stock-saves", type=int, default=15, help="note saves measured (stock)")
    args = parser.parse_args()

    rng = random.Random(3)
    competency = shipped_profile()
    folder = Path(tempfile.mkdtemp(prefix="tui-interview-bench-"))
    try:
        began = time.perf_counter()
        ids = [f"s{n:05d}" for n in range(args.sessions)]
        sessions = [realistic_session(i, competency, args.notes_per_session, rng) for i in ids]
        store = SessionStore(folder / "ours")
        store.create_many(sessions, durable=False)
        (folder / "sealed").mkdir(mode=0o700)
        key = create_header(folder / "sealed", "benchmark", state=ENCRYPTED)
        sealed = SessionStore(folder / "sealed", key=key)
        sealed.create_many(sessions, durable=False)
        stock_path = folder / "stock.json"
        stock = TinyDB(stock_path)
        stock.storage.write(
            {"sessions": {str(n + 1): session_to_dict(s) for n, s in enumerate(sessions)}}
        )
        stock.close()
        notes = args.sessions * args.notes_per_session
        size_mb = stock_path.stat().st_size / 1e6
        print(
            f"data_set sessions={args.sessions} notes={notes} profile={competency.id} "
            f"stock_file_mb={size_mb:.1f} built_in_s={time.perf_counter() - began:.1f}"
        )

        # Alternate between one interview stored alone and one among all the
        # others, so that disk hiccups (other programs' I/O) hit both alike.
        interviews = -(-args.saves // SAVES_PER_INTERVIEW)
        alone: list[float] = []
        among_all: list[float] = []
        among_all_sealed: list[float] = []
        for n, session_id in enumerate(rng.sample(ids, interviews)):
            lone = SessionStore(folder / f"alone{n}")
            lone.create(realistic_session("alone1", competency, args.notes_per_session, rng))
            alone += note_save_times(lone, ["alone1"], SAVES_PER_INTERVIEW)
            among_all += note_save_times(store, [session_id], SAVES_PER_INTERVIEW)
            among_all_sealed += note_save_times(sealed, [session_id], SAVES_PER_INTERVIEW)
        show("note_save_1_session", alone[: args.saves])
        ours = show("note_save", among_all[: args.saves])
        ours_sealed = show("encrypted_note_save", among_all_sealed[: args.saves])
        show("unlock_key_derivation", timed(lambda: unlock(sealed.data_dir, "benchmark"), 3))

        other = rng.randrange(len(sessions))
        stock_median = show(
            "stock_tinydb_note_save",
            stock_note_save_times(stock_path, sessions[other], other + 1, args.stock_saves),
        )

        list_times = timed(lambda: SessionStore(store.data_dir).list_summaries(), 20)
        show("list", list_times)
        (store.data_dir / "index.json").unlink()
        (store.data_dir / "index.log").unlink(missing_ok=True)
        show("list_rebuilding_index", timed(lambda: store.list_summaries(), 1))

        def open_one() -> None:
            SessionStore(store.data_dir).open(rng.choice(ids)).close()

        show("open", timed(open_one, 50))
        show("load_read_only", timed(lambda: store.load(rng.choice(ids)), 50))

        show(
            "encrypted_list",
            timed(lambda: SessionStore(sealed.data_dir, key=key).list_summaries(), 20),
        )

        def open_sealed() -> None:
            SessionStore(sealed.data_dir, key=key).open(rng.choice(ids)).close()

        show("encrypted_open", timed(open_sealed, 50))

        print(
            f"note_save_median_ms={ours:.3f} stock_tinydb_median_ms={stock_median:.3f} "
            f"ratio={stock_median / ours:.1f} encrypted_note_save_median_ms={ours_sealed:.3f} "
            f"encrypted_over_plain={ours_sealed / ours:.2f}"
        )
        write_results(
            "storage",
            {
                "sessions": args.sessions,
                "notes": notes,
                "targets": {"note_save_median_ms": 2, "ratio": 15, "list_ms": 50, "open_ms": 20},
                "note_save_median_ms": round(ours, 3),
                "stock_tinydb_median_ms": round(stock_median, 3),
                "ratio": round(stock_median / ours, 1),
                "encrypted_note_save_median_ms": round(ours_sealed, 3),
                "encrypted_over_plain": round(ours_sealed / ours, 2),
                "timings": SHOWN,
            },
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
