"""``tui-interview purge [--older-than DAYS] [--dry-run] [--yes]``: delete the
finished interviews past retention (``storage.retention``). Prints counts and
ids, never names. No Textual needed.

Exit status: 0 done (or nothing to do, or a dry run); 1 some were skipped
(open elsewhere) or the answer was no; 2 no limit given, or no terminal to
ask on without ``--yes``.
"""

from __future__ import annotations

import argparse
import sys

from tui_interview import locations
from tui_interview.domain.display import visible_text
from tui_interview.domain.timeutil import Now
from tui_interview.errors import EXIT_PROBLEMS, EXIT_UNAVAILABLE, EXIT_USAGE
from tui_interview.settings import ConfigError, load_settings
from tui_interview.storage.commands import report_damage
from tui_interview.storage.errors import StorageError
from tui_interview.storage.retention import past_retention, purge
from tui_interview.storage.store import SessionStore


def _limit(args: argparse.Namespace) -> int | None:
    """--older-than, else retention_days (None: neither). Raises ConfigError."""
    if args.older_than is not None:
        return int(args.older_than)
    return load_settings().retention_days


def purge_sessions(args: argparse.Namespace, now: Now | None = None) -> int:
    """``now``: the clock to measure age by (tests freeze it); else the store's."""
    if args.older_than is not None and args.older_than < 1:
        print(
            "tui-interview: --older-than takes a whole number of days, 1 or more",
            file=sys.stderr,
        )
        return 2
    try:
        days = _limit(args)
    except ConfigError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return error.exit_status
    if days is None:
        print(
            "tui-interview: no retention limit: give --older-than DAYS, or set "
            "retention_days in config.toml",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        store = _open_store(args)
        when = (now or store.now)()
        past = past_retention(store.list_summaries(), days, when)
    except StorageError as error:  # an encrypted folder without its passphrase
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return error.exit_status
    except OSError as error:
        print(
            f"Could not read {args.data_dir or 'the data folder'}: {error.strerror}.",
            file=sys.stderr,
        )
        return EXIT_UNAVAILABLE
    report_damage(store)
    if not past:
        print(f"No finished interview is past the {days}-day retention.")
        return 0
    ids = [summary.id for summary in past]
    count = _count(len(ids))
    print(f"{count} past the {days}-day retention: {' '.join(ids)}")
    if args.dry_run:
        print("Nothing deleted (--dry-run).")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                "Not deleted: cannot ask for confirmation without a terminal. "
                "Run again with --yes.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        try:
            answer = input(f"Delete {count} for good, with their notes? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Not deleted.")
            return EXIT_PROBLEMS
    from tui_interview.storage.consensus_store import ConsensusStore

    records = ConsensusStore(store.data_dir, now=store.now, key=store.key)
    result = purge(store, locations.state_dir(), ids, records)
    if result.deleted:
        print(f"Deleted {_count(len(result.deleted))}: {' '.join(result.deleted)}")
    if result.consensus_deleted:
        removed = result.consensus_deleted
        print(f"Deleted {len(removed)} consensus record(s) only they fed: {' '.join(removed)}")
    for session_id, why in result.skipped:
        print(visible_text(f"Skipped {session_id}: {why}"), file=sys.stderr)
    return EXIT_UNAVAILABLE if result.skipped else 0


def _open_store(args: argparse.Namespace) -> SessionStore:
    """The store, unlocked when it is encrypted (``--passphrase-file``,
    ``$TUI_INTERVIEW_PASSPHRASE`` or the terminal)."""
    from tui_interview.storage.passphrase import open_store

    return open_store(args)


def _count(n: int) -> str:
    return f"{n} finished interview{'s' if n != 1 else ''}"
