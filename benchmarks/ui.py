"""How fast the app looks: first paint of the home screen, and redraws in an interview.

Run: ``.venv/bin/python benchmarks/ui.py [--sessions N] [--runs N] [--repeat N]``

a. First paint of the home screen with 1,000 and 10,000 stored sessions
   (``--sessions 1000,10000``; the shipped profile, about ten notes each,
   built with make_sessions.py) against a bare Textual "hello" app, in the
   same run, with ``../shared/tools/first_paint.py`` (next to the
   repository). The marker is the candidate of the most recent session: it is
   on screen only once the session list is drawn. Target: ratio <= 1.3 at
   10,000, flat from 0 (``--sessions 0`` uses the empty list's text).
c. Filtering the list at the largest size (Pilot, 80x24, after the full list
   is read): the filter's text set, the list filtered and the screen
   repainted, for a few queries; the median. Target: <= 50 ms.
b. Redraw after "next question" (ctrl+n) and "tick the next probe" (ctrl+t) in
   an interview on the shipped profile at level 3, 80x24, in a Pilot run:
   the screen action, then until the screen has been repainted
   (``Screen.wait_for_refresh``); the median of N. Target: <= 50 ms. Also shown:
   the same with ``await pilot.pause()`` instead, which always adds Pilot's own
   idle wait (at least 20 ms of sleep).

With ``--encrypted`` the sessions are stored in an encrypted folder (issue 15;
the real scrypt cost) and the app is given the passphrase by
``$TUI_INTERVIEW_PASSPHRASE``, so its first paint includes the one key
derivation of the start (about half a second on an idle machine at the
default scrypt cost). The app paints home's frame ("Unlocking…", nothing
personal) before it derives the key, in a thread: the first paint is timed
to that marker, and the list shown (the candidate) as a second figure.
``--kdf-n 1024`` stores a cheap scrypt cost in the header instead, to see
what the encrypted files themselves cost. ``--with-plain`` measures the
plain folder too, in the same run. Target: first paint ratio <= 1.5.

Bytecode: a wheel install (``pipx install .``, ``pip install .``) compiles the
package's ``.pyc`` files, as it did Textual's, so the app starts from bytecode
like the bare app does. An editable install writes them on the first start,
unless ``PYTHONDONTWRITEBYTECODE`` is set (this development machine sets it):
then every start compiles about a hundred modules from source, about 60 ms
here. So the script compiles the package first (``compileall``, into the
ignored ``__pycache__`` folders) and says so; ``--no-compile`` measures the
source-only start instead.

Ends with one line:  first_paint_ratio=<r at the largest size>
first_paint_ratio_<N>=<r> … filter_<N>_ms=<x> next_question_ms=<x> tick_ms=<y>
Needs tmux for (a).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_sessions import make_sessions, shipped_profile  # noqa: E402
from results_file import parse_figures, write_results  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FIRST_PAINT = Path(__file__).resolve().parents[2] / "shared" / "tools" / "first_paint.py"
COMMAND = Path(sys.executable).parent / "tui-interview"


# -- a. first paint ---------------------------------------------------------


def dont_write_bytecode() -> str:
    return os.environ.get("PYTHONDONTWRITEBYTECODE", "") or "unset"


BENCH_PASSPHRASE = "benchmark passphrase"
#: Home's frame while the key is derived (screens/home.py UNLOCKING_TEXT).
UNLOCKING = "Unlocking"


def first_paint_ratio(
    sessions: int,
    runs: int,
    size: str,
    filter_repeat: int = 0,
    encrypted: bool = False,
    kdf_n: int | None = None,
) -> tuple[float, tuple[list[float], list[float], list[float]] | None]:
    if not FIRST_PAINT.exists():
        raise SystemExit(
            f"ui.py: {FIRST_PAINT} is missing (the shared tools live in "
            "../shared next to the repository)"
        )
    if shutil.which("tmux") is None:
        raise SystemExit("ui.py: tmux is needed for the first-paint figure")
    if not COMMAND.exists():
        raise SystemExit(f"ui.py: {COMMAND} is missing; install the app (pip install -e .)")
    with tempfile.TemporaryDirectory(prefix="tui-interview-ui-") as tmp:
        data_dir = Path(tmp) / "data"
        began = time.perf_counter()
        key = None
        if encrypted:
            from tui_interview.storage.crypto import ENCRYPTED, create_header

            data_dir.mkdir(mode=0o700)
            key = create_header(data_dir, BENCH_PASSPHRASE, state=ENCRYPTED, n=kdf_n)
        summaries = make_sessions(data_dir, sessions, key=key) if sessions else []
        marker = summaries[0].candidate if summaries else "No interviews yet"
        print(
            f"data_set sessions={len(summaries)} notes_per_session=10 "
            f"built_in_s={time.perf_counter() - began:.1f} marker={marker!r}"
        )
        # A private tmux server (its own TMUX_TMPDIR) kept alive by an idle
        # session: first_paint.py starts and kills one session per run, and
        # a server that exits between runs races with the next start.
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        env["TMUX_TMPDIR"] = str(Path(tmp))
        env.pop("TUI_INTERVIEW_DATA_DIR", None)
        env.pop("TUI_INTERVIEW_PASSPHRASE", None)
        if encrypted:
            env["TUI_INTERVIEW_PASSPHRASE"] = BENCH_PASSPHRASE
        subprocess.run(
            ["tmux", "-f", os.devnull, "new-session", "-d", "-s", "keepalive", "sleep 3600"],
            check=True,
            env=env,
        )
        # Encrypted: the first paint is home's frame saying "Unlocking…" (the
        # key is derived after it, in a thread); the list (the candidate) is
        # timed too, as what the user waits for to pick an interview.
        markers = [UNLOCKING, marker] if encrypted else [marker]
        ratios = []
        try:
            for shown in markers:
                result = subprocess.run(
                    [
                        sys.executable,
                        str(FIRST_PAINT),
                        "--marker",
                        shown,
                        "--size",
                        size,
                        "--runs",
                        str(runs),
                        "--",
                        str(COMMAND),
                        "--data-dir",
                        str(data_dir),
                    ],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=600,
                )
                print(f"-- marker {shown!r}")
                print(result.stdout.rstrip())
                if result.returncode != 0:
                    print(result.stderr.rstrip(), file=sys.stderr)
                    raise SystemExit(f"ui.py: first_paint.py failed (exit {result.returncode})")
                match = re.search(r"ratio=([0-9.]+)", result.stdout)
                if match is None:
                    raise SystemExit("ui.py: first_paint.py printed no ratio= line")
                ratios.append(float(match.group(1)))
        finally:
            subprocess.run(["tmux", "kill-server"], capture_output=True, env=env)
        filtering = asyncio.run(filter_times(data_dir, filter_repeat)) if filter_repeat else None
    if encrypted:
        print(
            f"encrypted_first_paint_ratio={ratios[0]:.2f} "
            f"encrypted_list_shown_ratio={ratios[1]:.2f}"
        )
    return ratios[0], filtering


# -- c. filtering the list ------------------------------------------------------------

FILTER_QUERIES = ["a", "ad", "ada", "ada l", "service owner", "zz", ""]


async def filter_times(data_dir: Path, repeat: int) -> tuple[list[float], list[float], list[float]]:
    """Each query set in the filter, the list filtered and repainted (ms); in
    the same run, the same repaint with no filtering (the baseline), and the
    core's filter alone (``storage.cells.matching_lines``)."""
    from textual.widgets import Input

    from tui_interview.app import InterviewApp
    from tui_interview.context import AppContext
    from tui_interview.locations import content_dirs
    from tui_interview.screens.home import HomeScreen
    from tui_interview.storage.cells import filter_words, matching_lines

    times: list[float] = []
    repaint: list[float] = []
    core: list[float] = []
    app = InterviewApp(AppContext(data_dir=data_dir, content_dirs=content_dirs()))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen), home
        field = home.query_one("#filter", Input)
        for _ in range(repeat):
            for query in FILTER_QUERIES:
                began = time.perf_counter()
                with field.prevent(Input.Changed):
                    field.value = query
                home._fill()
                await home.wait_for_refresh()
                times.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                home.refresh()
                await home.wait_for_refresh()
                repaint.append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                matching_lines(home._texts, filter_words(query))
                core.append((time.perf_counter() - began) * 1000)
    return times, repaint, core


# -- b. redraws in an interview ---------------------------------------------------


async def redraw_times(repeat: int, level: int) -> dict[str, list[float]]:
    from tui_interview.app import InterviewApp
    from tui_interview.context import AppContext
    from tui_interview.domain.planning import CompetencyChoice, plan_session
    from tui_interview.domain.timeutil import system_now
    from tui_interview.locations import content_dirs
    from tui_interview.screens.interview import InterviewScreen

    times: dict[str, list[float]] = {
        "next_question": [],
        "tick": [],
        "next_question_pause": [],
        "tick_pause": [],
    }
    with tempfile.TemporaryDirectory(prefix="tui-interview-ui-") as tmp:
        context = AppContext(data_dir=Path(tmp) / "data", content_dirs=content_dirs())
        competency = context.library.competencies.get(shipped_profile().id) or shipped_profile()
        session = plan_session(
            session_id=context.store.new_id(),
            candidate="Ada Lovelace",
            role="Service Manager",
            interviewer="Grace",
            choices=[CompetencyChoice(competency, level)],
            now=system_now(),
            time_budget_minutes=45,
        )
        context.store.create(session)
        app = InterviewApp(context, open_session=session.id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, InterviewScreen), screen
            for note in ("Led the CMDB clean-up", "Cut emergency changes to 8%"):
                screen.interview.record_note(note)
            screen.redraw()
            await pilot.pause()

            async def timed(action, name: str) -> None:
                began = time.perf_counter()
                action()
                await screen.wait_for_refresh()
                times[name].append((time.perf_counter() - began) * 1000)
                began = time.perf_counter()
                action()
                await pilot.pause()
                times[name + "_pause"].append((time.perf_counter() - began) * 1000)

            def move() -> None:
                # There and back: both are "next/previous question" redraws.
                if screen.session.current_index + 1 < len(screen.session.plan):
                    screen.action_next_question()
                else:
                    screen.action_previous_question()

            def tick() -> None:
                ref = screen.session.current
                asked = screen.session.probes_asked(ref)
                if len(asked) == len(screen.session.question(ref).probes):
                    for probe_id in list(asked):  # all ticked: start again (not timed)
                        screen.interview.toggle_probe(ref, probe_id)
                    screen.redraw_checklists()
                screen.action_tick_next_probe()

            for _ in range(repeat):
                await timed(move, "next_question")
                await timed(tick, "tick")
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def show(name: str, values: list[float]) -> None:
    p90 = sorted(values)[max(0, int(len(values) * 0.9) - 1)]
    print(
        f"{name}_ms median={median(values):.1f} p90={p90:.1f} max={max(values):.1f} n={len(values)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", default="1000,10000", help="stored sessions, comma-separated sizes"
    )
    parser.add_argument("--filter-repeat", type=int, default=5, help="filter runs per query")
    parser.add_argument("--runs", type=int, default=9, help="first-paint runs per side")
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--repeat", type=int, default=30, help="redraws timed per action")
    parser.add_argument("--level", type=int, default=3)
    parser.add_argument(
        "--encrypted", action="store_true", help="an encrypted data folder (first paint only)"
    )
    parser.add_argument("--kdf-n", type=int, help="scrypt N of the encrypted folder")
    parser.add_argument("--first-paint-only", action="store_true", help="skip the redraws")
    parser.add_argument(
        "--with-plain",
        action="store_true",
        help="with --encrypted: also the plain folder's first paint, in the same run",
    )
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not compile the package's bytecode first (see the module docstring)",
    )
    args = parser.parse_args()

    if args.no_compile:
        print(f"bytecode: not compiled first (PYTHONDONTWRITEBYTECODE={dont_write_bytecode()})")
    else:
        compileall.compile_dir(REPO / "tui_interview", quiet=1)
        print("bytecode: the package compiled first, as a wheel install does")
    sizes = [int(n) for n in args.sessions.split(",")]
    ratios: dict[int, float] = {}
    filtering: list[float] = []
    repaint: list[float] = []
    for n in sizes:
        print(f"== a. first paint of the home screen vs a bare Textual app, {n} sessions")
        largest = n == max(sizes)
        filter_repeat = 0 if args.first_paint_only else args.filter_repeat
        ratios[n], timed = first_paint_ratio(
            n,
            args.runs,
            args.size,
            filter_repeat if largest and n else 0,
            args.encrypted,
            args.kdf_n,
        )
        if timed:
            filtering, repaint, core = timed
            print(f"== c. filtering the list of {n} sessions (Pilot, 80x24)")
            show("filter", filtering)
            show("repaint_only", repaint)
            show("core_filter", core)
    ratio = ratios[max(sizes)]
    figures = " ".join(f"first_paint_ratio_{n}={r:.2f}" for n, r in ratios.items())
    if args.encrypted and args.with_plain:
        for n in sizes:
            print(f"== a. the same, plain folder, {n} sessions")
            plain, _ = first_paint_ratio(n, args.runs, args.size)
            figures += f" plain_first_paint_ratio_{n}={plain:.2f}"
    if filtering:
        figures += (
            f" filter_{max(sizes)}_ms={median(filtering):.1f} repaint_only_ms={median(repaint):.1f}"
        )
    name = "ui" + ("-encrypted" if args.encrypted else "")
    if args.first_paint_only:
        line = f"first_paint_ratio={ratio:.2f} {figures} encrypted={args.encrypted}"
        print(line)
        write_results(f"{name}-first-paint", {"sessions": sizes, **parse_figures(line)})
        return
    print(f"== b. redraws in an interview (Pilot, 80x24, shipped profile, level {args.level})")
    times = asyncio.run(redraw_times(args.repeat, args.level))
    for name, values in times.items():
        show(name, values)
    print(
        f"next_question_redraw_ms={median(times['next_question']):.1f} "
        f"tick_redraw_ms={median(times['tick']):.1f}"
    )
    line = (
        f"first_paint_ratio={ratio:.2f} {figures} "
        f"next_question_ms={median(times['next_question']):.1f} "
        f"tick_ms={median(times['tick']):.1f}"
    )
    print(line)
    write_results(name, {"sessions": sizes, **parse_figures(line)})


if __name__ == "__main__":
    main()
