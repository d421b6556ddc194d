"""How fast the new-interview form opens with a large competency library.

Run: ``.venv/bin/python benchmarks/form.py [--profiles N] [--runs N]``

Builds a temporary ``--content`` folder of N (500) profiles: copies of the
shipped YAML, each with its own id and name. In the same run, opens the form
in an app with one profile (the shipped one) and in an app with the N: the
time from ctrl+n to the form painted (``Screen.wait_for_refresh``), the median
of ``--runs`` opens (escape closes it in between). Content is loaded once per
run: the first open of each app is reported on its own (``cold``), and after
the app has loaded the content in the background while the home screen is
shown (``preloaded``, what an interviewer sees). Target (issue 12): the N
profiles open in <= 1.5x the one-profile time.

Ends with one line:
``form_1_ms=… form_N_ms=… ratio=… cold_1_ms=… cold_N_ms=… load_N_ms=…``
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from results_file import write_results  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "service-management-processes.yaml"


def make_library(folder: Path, profiles: int) -> Path:
    """``profiles`` copies of the shipped profile, ids ``bench-0001``…"""
    folder.mkdir(parents=True, exist_ok=True)
    text = SHIPPED.read_text(encoding="utf-8")
    for n in range(1, profiles + 1):
        copy = re.sub(r"(?m)^id: .*$", f"id: bench-{n:04d}", text, count=1)
        copy = re.sub(r"(?m)^name: (.*)$", rf"name: \1 {n}", copy, count=1)
        (folder / f"bench-{n:04d}.yaml").write_text(copy, encoding="utf-8")
    return folder


async def form_times(content: Path, data: Path, runs: int, preload: bool) -> list[float]:
    from tui_interview.app import InterviewApp
    from tui_interview.context import AppContext
    from tui_interview.screens.new_interview import NewInterviewScreen

    context = AppContext(data_dir=data, content_dirs=[content])
    app = InterviewApp(context)
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if preload:
            while "library" not in vars(context):  # the app's background load
                await asyncio.sleep(0.01)
        for _ in range(runs):
            began = time.perf_counter()
            await pilot.press("ctrl+n")
            while not isinstance(app.screen, NewInterviewScreen):
                await asyncio.sleep(0)
            await app.screen.wait_for_refresh()
            times.append((time.perf_counter() - began) * 1000)
            await pilot.press("escape")
            await pilot.pause()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        one = make_library(root / "one", 0)
        (one / SHIPPED.name).write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
        many = make_library(root / "many", args.profiles)

        from tui_interview.content.loader import load_library

        began = time.perf_counter()
        library = load_library([many])
        load_ms = (time.perf_counter() - began) * 1000
        assert len(library) == args.profiles, (len(library), library.problems[:3])

        figures = {}
        for name, content in (("1", one), ("N", many)):
            cold = asyncio.run(form_times(content, root / f"data-{name}-cold", 1, False))
            warm = asyncio.run(form_times(content, root / f"data-{name}", args.runs, True))
            figures[name] = (cold[0], statistics.median(warm))
            print(
                f"{name if name == '1' else args.profiles} profile(s): first open (content "
                f"loaded then) {cold[0]:.0f} ms; preloaded, median of {args.runs} opens "
                f"{statistics.median(warm):.0f} ms"
            )
        ratio = figures["N"][1] / figures["1"][1]
        print(f"loading {args.profiles} profiles alone: {load_ms:.0f} ms")
        print(f"ratio {args.profiles} to 1 profile (preloaded): {ratio:.2f} (target <= 1.5)")
        print(
            f"form_1_ms={figures['1'][1]:.0f} form_N_ms={figures['N'][1]:.0f} ratio={ratio:.2f} "
            f"cold_1_ms={figures['1'][0]:.0f} cold_N_ms={figures['N'][0]:.0f} "
            f"load_N_ms={load_ms:.0f}"
        )
    write_results(
        "form",
        {
            "profiles": args.profiles,
            "runs": args.runs,
            "target_ratio": 1.5,
            "form_1_ms": round(figures["1"][1]),
            "form_N_ms": round(figures["N"][1]),
            "ratio": round(ratio, 2),
            "cold_1_ms": round(figures["1"][0]),
            "cold_N_ms": round(figures["N"][0]),
            "load_N_ms": round(load_ms),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
