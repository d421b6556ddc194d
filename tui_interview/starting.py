"""``new``'s arguments made into the interview to store, for the TUI and for
linear mode alike (no Textual here). Each problem with the arguments is said
on stderr in one line, and an exit status is returned instead."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tui_interview.context import AppContext
from tui_interview.domain.display import visible_text
from tui_interview.domain.session import Session

#: What ``new_session_maker`` gives: the function that plans and stores the
#: interview (raises PlanError, PlanFileError or StorageError), or an exit status.
Maker = Callable[[], Session] | int


def _say(message: str) -> int:
    print(f"tui-interview: {visible_text(message)}", file=sys.stderr)
    return 2


def new_session_maker(args: argparse.Namespace, context: AppContext) -> Maker:
    """The interview ``new``'s arguments ask for, to be planned and stored by
    calling the result (not before: an encrypted folder is unlocked first)."""
    if args.plan is not None:
        return _from_plan(args, context)
    from tui_interview.domain.planning import CompetencyChoice, plan_and_store

    if not args.competency or not args.level:
        return _say("give --competency and --level (or --plan PLAN.json)")
    levels = args.level if len(args.level) != 1 else args.level * len(args.competency)
    if len(levels) != len(args.competency):
        return _say("give one --level for each --competency, or one for all")
    choices = []
    for competency_id, level in zip(args.competency, levels, strict=True):
        competency = context.library.competencies.get(competency_id)
        if competency is None:
            known = ", ".join(context.library.competencies) or "none loaded"
            return _say(f"no competency {competency_id!r} (loaded: {known})")
        choices.append(CompetencyChoice(competency, level))
    return lambda: plan_and_store(
        context.store,
        candidate=args.candidate,
        role=args.role,
        interviewer=args.interviewer
        if args.interviewer is not None
        else context.default_interviewer(),
        choices=choices,
        now=context.now(),
        time_budget_minutes=args.budget
        if args.budget is not None
        else context.settings.budget_minutes,
    )


def _from_plan(args: argparse.Namespace, context: AppContext) -> Maker:
    """``new --plan``: the interview the plan file plans, for ``--candidate``.
    A plan the store refuses raises PlanFileError naming the file."""
    from tui_interview.domain.plan_file import PlanFileError, store_from_plan
    from tui_interview.export.plan_files import read_plan_file

    if args.competency or args.level or args.budget is not None:
        return _say(
            "--plan gives the competencies, levels and budget: "
            "leave out --competency, --level and --budget"
        )
    try:
        _, plan = read_plan_file(args.plan)
    except PlanFileError as error:
        return _say(str(error))

    def store() -> Session:
        try:
            return store_from_plan(
                context.store,
                plan,
                candidate=args.candidate,
                role=args.role,
                interviewer=args.interviewer
                if args.interviewer is not None
                else context.default_interviewer(),
                now=context.now(),
            )
        except PlanFileError as error:
            raise PlanFileError(f"{args.plan}: {error}") from error

    return store


def store_new(make: Callable[[], Session]) -> Session | int:
    """Plan and store the new interview now; a refused plan or a failed save
    is said on stderr (exit 2, or the storage error's status)."""
    from tui_interview.domain.plan_file import PlanFileError
    from tui_interview.domain.planning import PlanError
    from tui_interview.storage import StorageError

    try:
        return make()
    except PlanError as error:
        for message in error.errors.values():
            _say(message)
        return 2
    except PlanFileError as error:
        return _say(str(error))
    except StorageError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return error.exit_status
