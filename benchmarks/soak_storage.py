"""Kill -9 soak test for the session store (POSIX only).

Run: ``.venv/bin/python benchmarks/soak_storage.py [--kills 300] [--writers 3]``

Each round starts several writer processes. Each opens its own realistic
session (about 10 KB on disk: the shipped profile, a plan, notes, ticks) and
works on it in a loop as an interviewer would: mostly new notes, but also
drafts, edits of earlier notes, and new sessions created with a first note.
Before each change it prints ``try <change>``, and once the save has returned
``ack <change>``. The round kills every writer with SIGKILL at a random
moment, then checks, as the app would after a crash:

- every writer was still running when killed (exit status -9: none failed);
- every acknowledged note, edit and draft is in its session, and every
  acknowledged new session exists with its note (nothing saved was lost);
- every session file opens (nothing was left half-written, nothing damaged);
- the session list agrees with the files (the index repaired itself);
- after listing, no lock file is left for a session that does not exist.

Temporary files found before reopening show that kills landed mid-write.
SIGKILL keeps the page cache: power cuts are simulated by
tests/unit/test_power_cut.py instead.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from make_sessions import realistic_session, shipped_profile  # benchmarks/ is on sys.path
from results_file import parse_figures, write_results

from tui_interview.storage import SessionStore

REPO = Path(__file__).resolve().parent.parent

WRITER = r"""
import json, random, re, sys
from datetime import datetime
sys.path.insert(0, "benchmarks")
from make_sessions import realistic_session, shipped_profile
from tui_interview.domain.interview import Interview
from tui_interview.storage import SessionStore

folder, session_id, prefix, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rng, store = random.Random(seed), SessionStore(folder)
profile = shipped_profile()
opened = store.open(session_id)
interview = Interview(opened, now=lambda: datetime.now().astimezone())

def say(word, kind, *args):
    print(word, json.dumps([kind, session_id, *args]), flush=True)

n = 0
while True:
    n += 1
    text, roll = f"{prefix}-{n}", rng.random()
    mine = [note for note in interview.session.notes if re.fullmatch(r"r\d+-\d+", note.text)]
    if roll < 0.15:
        say("try", "draft", text, interview.session.draft)
        interview.save_draft(text)
        say("ack", "draft", text)
    elif roll < 0.3 and mine:
        note = rng.choice(mine)
        say("try", "edit", note.id, text, note.text)
        interview.edit_note(note.id, text)
        say("ack", "edit", note.id, text)
    elif roll < 0.4:
        new = realistic_session(store.new_id(), profile, rng.randint(2, 6), rng)
        new.record_note(text, datetime.now().astimezone(), question=new.plan[0])
        say("try", "create", new.id, text)
        store.create(new)
        say("ack", "create", new.id, text)
    else:
        say("try", "note", text, interview.session.draft)  # a sent note clears the draft
        interview.record_note(text)
        say("ack", "note", text)
"""


class Expectations:
    """What the writers acknowledged, and what they were trying when killed."""

    def __init__(self) -> None:
        self.notes: dict[str, set[str]] = defaultdict(set)
        #: (session, note id) -> texts allowed: the last acknowledged edit, then attempts.
        self.edits: dict[tuple[str, str], list[str]] = {}
        self.drafts: dict[str, list[str]] = {}
        self.created: dict[str, str] = {}
        self.counts: dict[str, int] = defaultdict(int)

    def read(self, lines: list[str]) -> None:
        for number, line in enumerate(lines, 1):
            word, _, payload = line.partition(" ")
            if word not in ("try", "ack"):
                continue
            try:
                kind, session_id, *args = json.loads(payload)
            except ValueError:
                if number == len(lines):
                    # A writer killed while printing its last line: a half
                    # "ack" proves nothing more than the "try" before it.
                    continue
                raise
            if kind == "draft":
                self._allow(self.drafts, session_id, word, *args)
            elif kind == "edit":
                self._allow(self.edits, (session_id, args[0]), word, *args[1:])
            elif kind == "note":
                self._allow(self.drafts, session_id, word, "", *args[1:])
                if word == "ack":
                    self.notes[session_id].add(args[0])
            elif word == "ack" and kind == "create":
                self.created[args[0]] = args[1]
            if word == "ack":
                self.counts[kind] += 1

    @staticmethod
    def _allow(table: dict, key, word: str, value: str, before: str | None = None) -> None:
        """The last acknowledged value, then the values tried since (a try
        also names the value it replaces, in case nothing was acknowledged)."""
        if word == "ack":
            table[key] = [value]
        else:
            table.setdefault(key, [before]).append(value)

    def settle(self) -> None:
        """After a check: what is on disk now is the new starting point."""
        for table in (self.edits, self.drafts):
            for key, allowed in table.items():
                table[key] = allowed[:1]

    def problems(self, store: SessionStore) -> list[str]:
        found = []
        for session_id, texts in self.notes.items():
            with store.open(session_id) as opened:
                session = opened.session
            edited = {note.id: note.text for note in session.notes}
            for (owner, note_id), allowed in self.edits.items():
                if owner == session_id and edited.get(note_id) not in allowed:
                    found.append(f"{session_id}: edit of {note_id} lost ({allowed[0]!r})")
                    continue
                if owner == session_id:
                    self.edits[(owner, note_id)] = [edited[note_id]]
            originally = {note.text for note in session.notes}
            originally |= {old.text for note in session.notes for old in note.history}
            lost = texts - originally
            if lost:
                found.append(f"{session_id} lost notes {sorted(lost)[:5]}")
            allowed = self.drafts.get(session_id)
            if allowed and session.draft not in allowed:
                found.append(f"{session_id}: draft {allowed[0]!r} lost")
            elif allowed:
                self.drafts[session_id] = [session.draft]
        for session_id, text in self.created.items():
            session = store.load(session_id)
            if text not in {note.text for note in session.notes}:
                found.append(f"created session {session_id} lost its note")
        return found


def orphan_locks(folder: Path) -> list[Path]:
    """Lock files of sessions that do not exist (left by kills mid-create)."""
    sessions = folder / "sessions"
    return [p for p in sessions.glob("*.lock") if not (sessions / f"{p.stem}.json").exists()]


def soak_session(session_id: str, rng: random.Random):
    session = realistic_session(session_id, shipped_profile(), rng.randint(3, 6), rng)
    return session


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
        store.create(soak_session(session_id, rng))
    sizes = [store.session_path(session_id).stat().st_size for session_id in ids]
    expected = Expectations()
    kills = rounds = mid_write = orphans = stale_locks = 0
    began = time.perf_counter()
    try:
        while kills < args.kills:
            rounds += 1
            writers = {
                session_id: subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        WRITER,
                        str(folder),
                        session_id,
                        f"r{rounds}",
                        str(rng.randrange(1 << 30)),
                    ],  # fmt: skip
                    cwd=REPO,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for session_id in ids
            }
            for writer in writers.values():
                expected.read([writer.stdout.readline() for _ in range(rng.randint(0, 12))])
            time.sleep(rng.random() * 0.01)
            for session_id, writer in writers.items():
                if writer.poll() is not None:
                    print(f"FAIL seed={seed}: writer {session_id} exited {writer.returncode}:")
                    print(writer.stderr.read())
                    return 1
                writer.send_signal(signal.SIGKILL)
            for writer in writers.values():
                expected.read(writer.stdout.read().splitlines())
                writer.wait()
                writer.stderr.close()
                if writer.returncode != -signal.SIGKILL:
                    print(f"FAIL seed={seed}: a writer exited {writer.returncode}")
                    return 1
                kills += 1
            mid_write += sum(1 for p in (folder / "sessions").iterdir() if p.suffix == ".tmp")
            orphans += len(orphan_locks(folder))

            listed = {s.id: s for s in store.list_summaries()}
            on_disk = {p.stem for p in (folder / "sessions").glob("*.json")}
            stale_locks += len(orphan_locks(folder))
            problems = expected.problems(store)
            expected.settle()
            if problems:
                print(f"FAIL seed={seed}: " + "; ".join(problems[:5]))
                return 1
            for session_id in on_disk:
                with store.open(session_id) as opened:
                    active = len(opened.session.active_notes)
                if session_id not in listed or listed[session_id].note_count != active:
                    # A writer killed after its save but before its index line:
                    # the listing must have noticed the file changed.
                    print(f"FAIL seed={seed}: the list disagrees with {session_id}")
                    return 1
            if (folder / "damaged").exists():
                print(f"FAIL seed={seed}: a file was damaged")
                return 1
        counts = expected.counts
        line = (
            f"ok seed={seed} kills={kills} rounds={rounds} session_kb={min(sizes) / 1024:.1f}-"
            f"{max(sizes) / 1024:.1f} acknowledged notes={counts['note']} "
            f"edits={counts['edit']} drafts={counts['draft']} creates={counts['create']} "
            f"killed_mid_write={mid_write} orphan_locks_before_listing={orphans} "
            f"left_after_listing={stale_locks} lost=0 "
            f"seconds={time.perf_counter() - began:.1f}"
        )
        print(line)
        write_results("soak_storage", parse_figures(line))
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
