"""``tui-interview calibration`` and ``tui-interview questions``: reports over
panels of JSON transcripts and the data folder's consensus records. No Textual.

Unreadable or mismatching files are named on stderr (one line each); exit 2
when no transcript is usable."""

from __future__ import annotations

import argparse
import sys

from tui_interview.domain.display import visible_text
from tui_interview.export.commands import EXIT_BAD_FILE, _fail, _print_or_write
from tui_interview.export.fairness_source import Lookup, Panels, read_panels
from tui_interview.locations import data_dir
from tui_interview.storage.errors import StorageError
from tui_interview.storage.passphrase import key_from_args


def consensus_lookup(args: argparse.Namespace) -> Lookup:
    """The consensus records of the data folder, read once. Raises StorageError."""
    from tui_interview.storage.consensus_store import ConsensusStore

    folder = data_dir(args.data_dir)
    store = ConsensusStore(folder, key=key_from_args(folder, args))
    lookup = store.lookup()
    for damaged in store.take_damage_reports():
        print(f"tui-interview: {visible_text(str(damaged))}", file=sys.stderr)
    return lookup


def _panels(args: argparse.Namespace) -> Panels | int:
    try:
        lookup = consensus_lookup(args)
    except StorageError as error:
        return _fail(str(error), error.exit_status)
    panels = read_panels(args.paths, lookup)
    for notice in panels.notices:
        print(f"tui-interview: {visible_text(notice)}", file=sys.stderr)
    if not panels.panels:
        return _fail("no transcript could be read; nothing to report", EXIT_BAD_FILE)
    return panels


def calibration_report(args: argparse.Namespace) -> int:
    from tui_interview.domain.calibration import calibrate
    from tui_interview.export.fairness_reports import (
        render_calibration_json,
        render_calibration_markdown,
    )

    panels = _panels(args)
    if isinstance(panels, int):
        return panels
    calibration = calibrate(panels.panels, args.interviewer)
    if args.interviewer is not None and not calibration.interviewers:
        return _fail(f"no ratings by {args.interviewer!r} in these transcripts", EXIT_BAD_FILE)
    render = render_calibration_json if args.format == "json" else render_calibration_markdown
    return _print_or_write(render(calibration, panels.notices), args.output, args.force)


def questions_report(args: argparse.Namespace) -> int:
    from tui_interview.domain.question_stats import question_figures
    from tui_interview.export.fairness_reports import (
        render_questions_json,
        render_questions_markdown,
    )

    panels = _panels(args)
    if isinstance(panels, int):
        return panels
    figures = question_figures(panels.panels)
    render = render_questions_json if args.format == "json" else render_questions_markdown
    text = render(figures, len(panels.panels), panels.notices)
    return _print_or_write(text, args.output, args.force)
