"""``tui-interview export`` and ``tui-interview import-session``: no Textual needed.

Every failure is one line on stderr and an exit status, never a traceback:
2 for bad input (an unknown session, a file that is not a session export this
version can read, an output file that exists), 3 when the session is open
elsewhere or the file system says no (``tui_interview.errors``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_interview.domain.display import visible_text
from tui_interview.domain.session import Session
from tui_interview.errors import EXIT_UNAVAILABLE, EXIT_USAGE
from tui_interview.export.errors import ExportError
from tui_interview.export.files import export_to_file
from tui_interview.export.json_export import ImportFormatError, read_export
from tui_interview.export.redact import split_names
from tui_interview.files.errors import describe_os_error
from tui_interview.locations import data_dir
from tui_interview.storage.errors import StorageError
from tui_interview.storage.passphrase import key_from_args, open_store

EXIT_FAILED = EXIT_USAGE
EXIT_BAD_FILE = EXIT_USAGE


def _named_session(args: argparse.Namespace) -> Session | int:
    """The stored session ``args.session`` names (an id or its start), or the
    exit status once the reason is printed."""
    store = open_store(args)
    try:
        return store.load(store.resolve(args.session))
    except StorageError as error:
        return _fail(str(error), error.exit_status)
    except OSError as error:
        return _fail(f"cannot read {store.data_dir}: {describe_os_error(error)}", EXIT_UNAVAILABLE)


def export_session(args: argparse.Namespace) -> int:
    session = _named_session(args)
    if isinstance(session, int):
        return session
    if args.output == "-":  # `-o -`: the transcript on stdout, no file
        from tui_interview.domain.timeutil import system_now
        from tui_interview.export.files import render

        names = [name for names in args.redact_also for name in split_names(names)]
        try:
            text = render(
                session, args.format, now=system_now(), redact=args.redact, redact_also=names
            )
        except ExportError as error:
            return _fail(str(error), error.exit_status)
        encoding = (sys.stdout.encoding or "").lower().replace("-", "").replace("_", "")
        if args.format == "html" and encoding != "utf8":
            from tui_interview.export.html import ascii_html

            text = ascii_html(text)  # the page exact in a code page (see ascii_html)
        sys.stdout.write(text)
        return 0
    try:
        path = export_to_file(
            session,
            args.format,
            directory=args.output_dir,
            path=args.output,
            redact=args.redact,
            redact_also=[name for names in args.redact_also for name in split_names(names)],
            force=args.force,
        )
    except ExportError as error:
        return _fail(str(error), error.exit_status)
    print(visible_text(str(path)))
    warn_flagged_notes(session)
    return 0


def warn_flagged_notes(session: Session) -> None:
    """One line on stderr per note the note-hygiene word list flags (its time
    on the interview clock and the words); the export is written all the same."""
    from tui_interview.content.hygiene import WordListError, word_list_for
    from tui_interview.domain.hygiene import flagged_notes
    from tui_interview.domain.timeutil import format_elapsed
    from tui_interview.settings import ConfigError, load_settings

    try:
        words = word_list_for(load_settings())
    except (ConfigError, WordListError) as error:
        print(f"tui-interview: notes not checked: {visible_text(str(error))}", file=sys.stderr)
        return
    for flagged in flagged_notes(session, words):
        line = f"flagged note at {format_elapsed(flagged.note.elapsed_seconds)}: "
        line += flagged.flag.describe(words)
        print(f"tui-interview: {visible_text(line)}", file=sys.stderr)


def import_session(args: argparse.Namespace) -> int:
    source = Path(args.file)
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return _fail(f"{source}: not a JSON file (not UTF-8 text)", EXIT_BAD_FILE)
    except OSError as error:
        return _fail(f"cannot read {source}: {describe_os_error(error)}", EXIT_BAD_FILE)
    try:
        session = read_export(text)
    except ImportFormatError as error:
        return _fail(f"{source}: {error}", EXIT_BAD_FILE)
    store = open_store(args)
    try:
        session_id = store.import_session(session)
    except StorageError as error:
        return _fail(str(error), error.exit_status)
    except OSError as error:
        return _fail(f"cannot write {store.data_dir}: {describe_os_error(error)}", EXIT_UNAVAILABLE)
    if session_id != session.id:
        # Panel members may import the same export twice: say it is a copy.
        print(
            f"tui-interview: session {visible_text(session.id)} is already stored here (or its "
            f"id is not usable); imported as a new copy with id {session_id}",
            file=sys.stderr,
        )
    print(visible_text(session_id))
    return 0


def _fail(message: str, status: int) -> int:
    """One line on stderr; the message may quote the file or the session, so
    it is shown through ``visible_text``."""
    print(f"tui-interview: {visible_text(message)}", file=sys.stderr)
    return status


def write_guide(args: argparse.Namespace) -> int:
    """``tui-interview guide``: the interview guide on stdout or into ``-o FILE``."""
    from tui_interview.content.loader import load_library
    from tui_interview.export.guide import GuideChoice, GuideError, render_guide
    from tui_interview.locations import content_dirs

    plan_path = getattr(args, "plan", None)
    if plan_path is not None:
        if args.competency or args.level or args.budget is not None:
            return _fail(
                "--plan gives the competencies, levels and time: leave out --competency, "
                "--level and --budget",
                EXIT_FAILED,
            )
        return _write_plan_guide(args, plan_path)
    if not args.competency or not args.level:
        return _fail("give --competency and --level (or --plan PLAN.json)", EXIT_FAILED)
    library = load_library(content_dirs(args.content))
    levels = args.level if len(args.level) > 1 else args.level * len(args.competency)
    if len(levels) != len(args.competency):
        return _fail("give one --level for each --competency, or one for all", EXIT_FAILED)
    choices = []
    for competency_id, level in zip(args.competency, levels, strict=True):
        competency = library.get(competency_id)
        if competency is None:
            known = ", ".join(sorted(library.competencies)) or "none loaded"
            return _fail(f"no competency {competency_id!r} (known: {known})", EXIT_FAILED)
        choices.append(GuideChoice(competency, level))
    if args.budget is not None and args.budget < 1:
        return _fail("the time budget is a number of minutes from 1", EXIT_FAILED)
    try:
        text = render_guide(choices, budget_minutes=args.budget)
    except GuideError as error:
        return _fail(str(error), error.exit_status)
    # 0600 like every other file the app writes (issue 23, §6).
    status = _print_or_write(text, args.output, args.force)
    if status == 0 and args.output:
        print(visible_text(str(Path(args.output))))
    return status


def _write_plan_guide(args: argparse.Namespace, plan_path: str) -> int:
    """``guide --plan PLAN.json``: the plan's questions, order and time split."""
    from tui_interview.domain.pacing import budget_shares
    from tui_interview.domain.plan_file import PlanFileError, session_from_plan
    from tui_interview.domain.planning import PlanError
    from tui_interview.domain.timeutil import system_now
    from tui_interview.export.guide import GuideChoice, GuideError, render_guide
    from tui_interview.export.plan_files import read_plan_file

    try:
        _, plan = read_plan_file(plan_path)
        session = session_from_plan(
            plan, candidate="guide", interviewer="guide", now=system_now(), session_id="guide0"
        )
    except (PlanFileError, PlanError) as error:
        return _fail(str(error), EXIT_BAD_FILE)
    choices = [
        GuideChoice(session.content[p.competency_id], p.target_level, tuple(p.question_ids))
        for p in session.competencies
    ]
    try:
        text = render_guide(
            choices,
            budget_minutes=session.time_budget_minutes,
            shares=budget_shares(session) or None,
        )
    except GuideError as error:
        return _fail(str(error), error.exit_status)
    status = _print_or_write(text, args.output, args.force)
    if status == 0 and args.output:
        print(visible_text(str(Path(args.output))))
    return status


def _print_or_write(text: str, output: str | None, force: bool, *, mode: int = 0o600) -> int:
    """``text`` on stdout, or written atomically to ``output`` (never over an
    existing file without ``force``); the command's exit status."""
    from tui_interview.files.atomic import write_atomically

    if not output:
        sys.stdout.write(text)
        return 0
    target = Path(output)
    if target.exists() and not force:
        return _fail(f"{target}: the file exists; use --force to overwrite it", EXIT_FAILED)
    try:
        write_atomically(target, text.encode("utf-8"), mode=mode)
    except OSError as error:
        return _fail(f"cannot write {target}: {describe_os_error(error)}", EXIT_UNAVAILABLE)
    return 0


def write_plan(args: argparse.Namespace) -> int:
    """``tui-interview plan``: the interview's plan as a plan file (``-o``) or
    on stdout. A new interview starts from it with ``new --plan``."""
    from tui_interview.domain.plan_file import render_plan
    from tui_interview.export.plan_files import write_plan_file

    session = _named_session(args)
    if isinstance(session, int):
        return session
    if not args.output:
        sys.stdout.write(render_plan(session))
        return 0
    try:
        target = write_plan_file(session, args.output, force=args.force)
    except ExportError as error:
        return _fail(str(error), error.exit_status)
    except OSError as error:
        return _fail(f"cannot write {args.output}: {describe_os_error(error)}", EXIT_UNAVAILABLE)
    print(visible_text(str(target)))
    return 0


def panel_report(args: argparse.Namespace) -> int:
    """``tui-interview panel PATH... --format markdown|json [-o OUT]``: the
    board report on stdout, or into OUT with nothing printed; with ``--role``
    the grid of the candidates for that role (``--sort COLUMN [--desc]``).
    Folders are read with their subfolders; consensus files are read from
    them, and consensus records from the data folder, whose sessions are also
    the newest copy of theirs. Skipped, unreadable or mismatching files are
    named on stderr; exit 2 when no transcript is usable."""
    from tui_interview.export.panel_group import group_sources
    from tui_interview.export.panel_json import render_panel_json, render_role_json
    from tui_interview.export.panel_markdown import render_panel_markdown, render_role_markdown
    from tui_interview.export.panel_read import ConsensusFile, read_sources
    from tui_interview.export.role_grid import GridError, role_grid, role_key, role_notices
    from tui_interview.storage.consensus_store import ConsensusStore

    if args.spread < 1:
        return _fail("--spread is a number of levels from 1", EXIT_FAILED)
    role = getattr(args, "role", None)
    sources = read_sources(args.paths)
    for problem in [*sources.missing, *sources.unreadable]:
        print(
            f"tui-interview: {visible_text(f'{problem.file}: {problem.message}')}", file=sys.stderr
        )
    for problem in sources.skipped:
        message = f"skipped {problem.file}: {problem.message}"
        print(f"tui-interview: {visible_text(message)}", file=sys.stderr)
    if not sources.transcripts:
        if sources.unreadable:
            count = len(sources.unreadable)
            return _fail(
                f"{count} file{'s' if count != 1 else ''} could not be read (named above); "
                "no transcript to report",
                EXIT_BAD_FILE,
            )
        return _fail(
            "no transcript found in "
            + ", ".join(str(p) for p in args.paths)
            + " (JSON exports are read from the folders named and their subfolders)",
            EXIT_BAD_FILE,
        )
    try:
        folder = data_dir(args.data_dir)
        key = key_from_args(folder, args)
        store = ConsensusStore(folder, key=key)
        stored = [ConsensusFile("your data folder", c) for c in store.records()]
    except StorageError as error:
        return _fail(str(error), error.exit_status)
    for damaged in store.take_damage_reports():
        print(f"tui-interview: {visible_text(str(damaged))}", file=sys.stderr)
    own = _own_copies(args, {t.session.id for t in sources.transcripts})
    panel = group_sources(sources, own=own, stored_consensus=stored)
    if role is not None:
        panel = role_notices(panel)  # comparing candidates: a group each is the point
    for mismatch in panel.mismatches:
        message = f"{mismatch.file}: {mismatch.reason}: {mismatch.detail}"
        print(f"tui-interview: {visible_text(message)}", file=sys.stderr)
    if role is not None:
        try:
            grid = role_grid(
                panel,
                role,
                getattr(args, "sort", "candidate"),
                getattr(args, "desc", False),
                threshold=args.spread,
            )
        except GridError as error:
            return _fail(str(error), EXIT_FAILED)
        if not grid.rows:
            roles = sorted({role_key(g.members[0].session.role) for g in panel.groups})
            return _fail(
                f"no interview for the role {role!r} (roles read: {', '.join(roles)})",
                EXIT_FAILED,
            )
        if (args.format or "markdown") == "json":
            text = render_role_json(grid, panel, threshold=args.spread)
        else:
            text = render_role_markdown(grid, panel, threshold=args.spread)
    elif (args.format or "markdown") == "json":
        text = render_panel_json(panel, threshold=args.spread)
    else:
        text = render_panel_markdown(panel, threshold=args.spread)
    # The report holds personal data about a candidate: mode 0600.
    return _print_or_write(text, args.output, args.force)


def _own_copies(args: argparse.Namespace, ids: set[str]) -> list[Session]:
    """My sessions in the data folder with these ids: the newest copy of each
    (issue 23, §2). Only mine ("me" as the Panel screen has it): a colleague's
    transcript imported here may be older than the one they shared. A session
    that cannot be read is left to the files."""
    from tui_interview.export.panel_blind import same_name, who_is_me

    try:
        store = open_store(args)
        summaries = store.list_summaries()
    except (StorageError, OSError):
        return []
    me = who_is_me(next((s.interviewer for s in summaries if s.interviewer), ""))
    found = []
    for summary in summaries:
        if summary.id not in ids or summary.problem or not same_name(summary.interviewer, me):
            continue
        try:
            found.append(store.load(summary.id))
        except (StorageError, OSError):
            continue
    return found
