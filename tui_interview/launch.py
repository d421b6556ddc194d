"""The commands that start the app (``tui-interview``, ``new``, ``resume``,
``panel`` in a terminal): each reads its arguments, plans or finds the
session, then runs ``InterviewApp`` and turns how it ended into an exit status."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_interview.context import AppContext
from tui_interview.domain.display import visible_text
from tui_interview.errors import EXIT_UNAVAILABLE

if TYPE_CHECKING:
    from tui_interview.app import PanelStart
    from tui_interview.domain.session import Session


def _start(
    context: AppContext,
    open_session: str | None = None,
    open_panel: PanelStart | None = None,
    prepare: Callable[[], str] | None = None,
) -> int:
    """Run the app; the exit status is 1 when the session named on the command
    line could not be opened for changes (the reason is printed too), and
    Textual's return code (1 after an unexpected error) otherwise."""
    from tui_interview.app import InterviewApp
    from tui_interview.settings import ConfigError

    try:
        app = InterviewApp(
            context, open_session=open_session, open_panel=open_panel, prepare=prepare
        )
    except ConfigError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return 2
    app.run()
    if app.unlock_failed is not None:
        print(f"tui-interview: {visible_text(str(app.unlock_failed))}", file=sys.stderr)
        return app.unlock_failed.exit_status
    if app.open_failed is not None:
        print(f"tui-interview: {app.open_failed}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return app.return_code or 0


def _config_problem(context: AppContext) -> int | None:
    """Read the settings before anything is stored or started: a broken
    config is said in one line (exit 2)."""
    from tui_interview.settings import ConfigError

    try:
        context.settings  # noqa: B018 (read once, here)
    except ConfigError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return 2
    return None


def run_home(args) -> int:
    return _start(AppContext.from_args(args))


def run_panel(args) -> int:
    """``tui-interview panel PATH…`` in a terminal: the Panel screen."""
    return _start(
        AppContext.from_args(args), open_panel=(list(args.paths), args.spread, args.chair or None)
    )


def run_resume(args) -> int:
    from tui_interview.storage import StorageError

    context = AppContext.from_args(args)
    if (problem := _config_problem(context)) is not None:
        return problem
    if context.needs_passphrase:  # asked on the passphrase screen first
        return _start(context, prepare=lambda: context.store.resolve(args.session))
    try:
        session_id = context.store.resolve(args.session)
    except StorageError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return error.exit_status
    return _start(context, session_id)


def run_new(args) -> int:
    from tui_interview.domain.plan_file import PlanFileError
    from tui_interview.starting import new_session_maker

    context = AppContext.from_args(args)
    if (problem := _config_problem(context)) is not None:
        return problem
    make = new_session_maker(args, context)
    if isinstance(make, int):
        return make
    try:
        return _store_then_start(context, make)
    except PlanFileError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return 2


def _store_then_start(context: AppContext, store: Callable[[], Session]) -> int:
    """Plan and store a new interview (``store``), then open it; a refused plan
    or a failed save is said on stderr (exit 2 or 1) and opens nothing."""
    from tui_interview.domain.planning import PlanError
    from tui_interview.storage import StorageError

    if context.needs_passphrase:  # asked on the passphrase screen first
        return _start(context, prepare=lambda: store().id)
    try:
        session = store()
    except PlanError as error:
        for message in error.errors.values():
            print(f"tui-interview: {visible_text(message)}", file=sys.stderr)
        return 2
    except StorageError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return error.exit_status
    return _start(context, session.id)
