"""``tui-interview sessions`` and ``tui-interview delete``: no Textual needed.

Stored text (names, roles, problems) is printed through ``visible_text``, so it
cannot drive the terminal; ``--json`` escapes what json leaves raw.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tui_interview.domain.display import json_visible, visible_text
from tui_interview.domain.timeutil import to_iso
from tui_interview.errors import EXIT_PROBLEMS, EXIT_UNAVAILABLE, EXIT_USAGE
from tui_interview.storage.cells import session_cells
from tui_interview.storage.errors import SessionLocked, StorageError
from tui_interview.storage.passphrase import open_store
from tui_interview.storage.store import SessionStore
from tui_interview.storage.summaries import SessionSummary

HOW_TO_START = (
    "Start one with `tui-interview` and then {new}, or straight away with\n"
    "  tui-interview new --candidate NAME --competency ID --level N"
)


def _new_interview_key() -> str:
    """The home screen's new-interview key, as [keys] sets it (the default if
    the config cannot be read: the app itself will say why)."""
    from tui_interview.settings import ConfigError, load_settings

    try:
        return load_settings().key_bindings()["new_interview"][0]
    except ConfigError:
        return "ctrl+n"


def list_sessions(args: argparse.Namespace) -> int:
    store = open_store(args)
    query = getattr(args, "search", None)
    try:
        summaries = store.search(query) if query is not None else store.list_summaries()
    except OSError as error:
        print(f"Could not read {store.data_dir}: {error.strerror}.", file=sys.stderr)
        return EXIT_UNAVAILABLE
    report_damage(store)
    if args.json:
        listing = json.dumps([summary_to_json(s) for s in summaries], indent=2, ensure_ascii=False)
        print(json_visible(listing))
    elif not summaries and query is not None and query.strip():
        print(f'No interview matches "{visible_text(query)}".')
    elif not summaries:
        how = HOW_TO_START.format(new=_new_interview_key())
        print(f"No interviews stored yet (in {store.data_dir}).\n{how}")
    else:
        print(format_table(summaries))
    return 0


def report_damage(store: SessionStore) -> None:
    """Name each session file the listing found unreadable (one line each, on
    stderr): it is left out of the list or marked, and the rest is listed."""
    for damaged in store.take_damage_reports():
        print(f"tui-interview: {damaged}", file=sys.stderr)


def summary_to_json(summary: SessionSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "candidate": summary.candidate,
        "role": summary.role,
        "interviewer": summary.interviewer,
        "competencies": [
            {"competency_id": cid, "target_level": level} for cid, level in summary.competencies
        ],
        "status": summary.status.value if summary.status else None,
        "created_at": to_iso(summary.created_at),
        "started_at": to_iso(summary.started_at),
        "finished_at": to_iso(summary.finished_at),
        "updated_at": to_iso(summary.updated_at),
        "note_count": summary.note_count,
        "questions_total": summary.questions_total,
        "questions_covered": summary.questions_covered,
        "problem": summary.problem,
    }


def format_table(summaries: list[SessionSummary]) -> str:
    header = ("ID", "CANDIDATE", "ROLE", "COMPETENCIES", "STATUS", "STARTED", "NOTES")
    rows = [
        tuple(
            visible_text(cell)
            for cell in (
                c.id,
                c.candidate,
                c.role,
                c.competencies,
                f"({c.problem})" if c.problem else c.status or "?",
                c.started,
                c.notes,
            )
        )
        for c in map(session_cells, summaries)
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        return "  ".join([*cells, row[-1].rjust(widths[-1])])

    return "\n".join(line(row) for row in [header, *rows])


def _describe(summary: SessionSummary | None, session_id: str) -> str:
    if summary is None:
        return session_id
    details = [
        summary.candidate or "no candidate",
        summary.role,
        session_cells(summary).started,
    ]
    return visible_text(f"{session_id} ({', '.join(d for d in details if d)})")


def delete_session(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        session_id = store.resolve(args.session)
    except StorageError as error:
        print(visible_text(str(error), multiline=True), file=sys.stderr)
        return error.exit_status
    summary = next((s for s in store.list_summaries() if s.id == session_id), None)
    report_damage(store)
    described = _describe(summary, session_id)
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                f"Not deleted: cannot ask for confirmation without a terminal. "
                f"To delete session {described}, run again with --yes.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        try:
            answer = input(f"Delete session {described}? This cannot be undone. [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Not deleted.")
            return EXIT_PROBLEMS
    try:
        store.delete(session_id)
    except SessionLocked as error:
        print(
            f"Not deleted: session {session_id} is open elsewhere "
            f"({visible_text(error.holder.describe())}). Close it there first.",
            file=sys.stderr,
        )
        return error.exit_status
    except StorageError as error:
        print(visible_text(f"Not deleted: {error}", multiline=True), file=sys.stderr)
        return error.exit_status
    from tui_interview.locations import state_dir
    from tui_interview.storage.retention import remove_traces

    remove_traces(store, state_dir(), session_id)
    print(f"Deleted session {described}.")
    return 0
