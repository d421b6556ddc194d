"""How fast search answers: interviews by what was said in them at 1,000
sessions of 10 notes each, and a phrase in one long interview's notes.

Run: ``.venv/bin/python benchmarks/search.py [--sessions N] [--runs N]``

Builds the sessions with ``make_sessions`` (in a temporary folder), then one
interview gets a note with a word no other holds, saved as the app saves it
(so the search index has a line in its log). Times ``SessionStore.search``
(a fresh store each run, as a new home screen would): a word in one session,
a word in many, two words, a word in none, and once after the search index is
lost (rebuilt from the session files). Then ``find_in_notes`` on a 500-note
interview (``benchmarks/export.py``'s). Reports medians.

Target (issue 12): a result in <= 100 ms. Ends with
``search_1000_ms=… search_many_ms=… rebuild_ms=… in_notes_500_ms=…
search_to_listing_ratio=…``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from export import build_session
from make_sessions import make_sessions
from results_file import write_results

from tui_interview.domain.interview import Interview
from tui_interview.domain.search import find_in_notes
from tui_interview.storage import SessionStore


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--notes-per-session", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        summaries = make_sessions(data, args.sessions, notes_per_session=args.notes_per_session)
        store = SessionStore(data)
        chosen = summaries[len(summaries) // 2].id
        with store.open(chosen) as opened:
            Interview(opened).record_note("Moved the Zanzibar office")
        figures = {}
        for name, query in [
            ("one", "zanzibar"),
            ("many", "rolled back"),
            ("two_words", "ZANZIBAR office"),
            ("none", "xylophone"),
        ]:
            ms, found = median_ms(lambda q=query: SessionStore(data).search(q), args.runs)
            figures[name] = ms
            print(
                f"search {query!r}: {len(found)} of {len(summaries)} sessions, median {ms:.1f} ms"
            )
        assert [s.id for s in SessionStore(data).search("zanzibar")] == [chosen]
        listing, _ = median_ms(lambda: SessionStore(data).list_summaries(), args.runs)
        ratio = figures["one"] / listing
        print(
            f"listing alone (the baseline, same run): median {listing:.1f} ms; search {ratio:.2f}x"
        )
        for name in ("search.json", "search.log"):
            (data / name).unlink(missing_ok=True)
        began = time.perf_counter()
        SessionStore(data).search("zanzibar")
        rebuild = (time.perf_counter() - began) * 1000
        print(f"search with the search index lost (rebuilt): {rebuild:.0f} ms once")
    long_session = build_session(500)
    in_notes, found = median_ms(lambda: find_in_notes(long_session, "incident"), args.runs)
    print(f"find_in_notes in 500 notes: {len(found)} places, median {in_notes:.1f} ms")
    print(
        f"search_1000_ms={figures['one']:.1f} search_many_ms={figures['many']:.1f} "
        f"rebuild_ms={rebuild:.0f} in_notes_500_ms={in_notes:.1f} "
        f"search_to_listing_ratio={ratio:.2f}"
    )
    write_results(
        "search",
        {
            "sessions": args.sessions,
            "notes_per_session": args.notes_per_session,
            "runs": args.runs,
            "target_ms": 100,
            f"search_{args.sessions}_ms": round(figures["one"], 1),
            "search_many_ms": round(figures["many"], 1),
            "search_two_words_ms": round(figures["two_words"], 1),
            "search_none_ms": round(figures["none"], 1),
            "listing_ms": round(listing, 1),
            "rebuild_ms": round(rebuild),
            "in_notes_500_ms": round(in_notes, 1),
            "search_to_listing_ratio": round(ratio, 2),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
