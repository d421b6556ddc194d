"""How often the link dialog's first suggestion is the behaviour a note meant.

Run: ``.venv/bin/python benchmarks/linking.py``

Ranks each note of ``linking_notes.NOTES`` (everyday interviewer notes:
shorthand, acronyms, tool names, fragments) with
``tui_interview.domain.linking.rank_behaviours`` at the interview's target
level, for the shipped profile and two profiles imported at run time from the
shared plain-text profiles with the app's importer. Prints top-1 and top-3 for
all notes, for the notes tuned on, and for the held-out third never tuned on,
and the same with the behaviour texts alone (no look-for phrases, no field
vocabulary) as the baseline of this run. Writes the figures to
``benchmarks/results/linking.json``.

Targets (issue 22): top-1 >= 70 %, top-3 >= 90 %.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from linking_notes import HELD_OUT, NOTES, SHIPPED
from results_file import write_results

from tui_interview.content.importer import import_file
from tui_interview.content.loader import load_file
from tui_interview.domain.competency import Competency
from tui_interview.domain.linking import rank_behaviours

ROOT = Path(__file__).resolve().parent.parent
#: The shared plain-text profiles: the first ``shared/competencies`` folder
#: beside the checkout or above it.
SHARED = next(
    (
        p / "shared" / "competencies"
        for p in ROOT.parents
        if (p / "shared" / "competencies").is_dir()
    ),
    ROOT.parent / "shared" / "competencies",
)


def profiles(shared: Path) -> dict[str, Competency]:
    shipped, problems = load_file(ROOT / "content" / f"{SHIPPED}.yaml")
    if shipped is None:
        raise SystemExit(f"shipped profile does not load: {problems}")
    found = {shipped.id: shipped}
    for name in ("it-support-troubleshooting", "data-literacy"):
        competency = import_file(shared / f"{name}.txt").competency
        found[competency.id] = competency
    return found


def bare(competency: Competency) -> Competency:
    """The competency with its look-for phrases removed."""
    levels = tuple(
        dataclasses.replace(
            level,
            behaviours=tuple(dataclasses.replace(b, look_for=()) for b in level.behaviours),
        )
        for level in competency.levels
    )
    return dataclasses.replace(competency, levels=levels)


def measure(
    found: dict[str, Competency], *, vocabulary: bool, look_for: bool
) -> dict[str, dict[str, float]]:
    hits: dict[str, list[tuple[bool, bool]]] = {"all": [], "tuned": [], "held_out": []}
    for index, (profile, target, wanted, note) in enumerate(NOTES):
        competency = found[profile] if look_for else bare(found[profile])
        ranked = rank_behaviours(competency, note, target_level=target, vocabulary=vocabulary)
        ids = [m.behaviour.id for m in ranked]
        outcome = (ids[0] == wanted, wanted in ids[:3])
        hits["all"].append(outcome)
        hits["held_out" if index in HELD_OUT else "tuned"].append(outcome)
        if not outcome[0] and vocabulary and look_for and VERBOSE:
            print(f"  miss {profile} {wanted} -> {ids[:3]}: {note}")
    return {
        name: {
            "notes": len(outcomes),
            "top1": round(100 * sum(a for a, _ in outcomes) / len(outcomes), 1),
            "top3": round(100 * sum(b for _, b in outcomes) / len(outcomes), 1),
        }
        for name, outcomes in hits.items()
    }


VERBOSE = False


def main(argv: list[str] | None = None) -> int:
    global VERBOSE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="folder of the plain-text profiles"
    )
    parser.add_argument("--misses", action="store_true", help="list the notes ranked wrong")
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    args = parser.parse_args(argv)
    VERBOSE = args.misses
    found = profiles(args.shared)
    figures = measure(found, vocabulary=True, look_for=True)
    baseline = measure(found, vocabulary=False, look_for=False)
    for name in ("all", "tuned", "held_out"):
        now, then = figures[name], baseline[name]
        print(
            f"{name}: {now['notes']} notes, top-1 {now['top1']:.0f} %, top-3 {now['top3']:.0f} % "
            f"(behaviour texts alone: {then['top1']:.0f} %, {then['top3']:.0f} %)"
        )
    per_profile = {}
    for profile in found:
        subset = [(i, n) for i, n in enumerate(NOTES) if n[0] == profile]
        per_profile[profile] = len(subset)
    result = {
        "notes": len(NOTES),
        "notes_per_profile": per_profile,
        "targets": {"top1": 70, "top3": 90},
        "ranking": figures,
        "baseline_behaviour_texts_only": baseline,
        "top1_to_baseline_ratio": round(
            figures["all"]["top1"] / max(baseline["all"]["top1"], 0.1), 2
        ),
    }
    if not args.no_write:
        write_results("linking", result)
    all_ = figures["all"]
    print(
        f"linking_top1={all_['top1']:.1f} linking_top3={all_['top3']:.1f} "
        f"held_out_top1={figures['held_out']['top1']:.1f} "
        f"held_out_top3={figures['held_out']['top3']:.1f} "
        f"top1_to_baseline_ratio={result['top1_to_baseline_ratio']:.2f}"
    )
    ok = all_["top1"] >= 70 and all_["top3"] >= 90
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
