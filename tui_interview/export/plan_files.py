"""Plan files on disk (``tui-interview plan`` writes them, ``new --plan``
reads them); what they hold is ``domain.plan_file``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tui_interview.domain.plan_file import MAX_PLAN_BYTES, PlanFileError, read_plan, render_plan
from tui_interview.domain.session import Session
from tui_interview.export.files import write_new_file
from tui_interview.files.atomic import ensure_private_dirs


def read_plan_file(path: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """The id and plan in the file at ``path``; PlanFileError (its message
    starts with the path) when it cannot be read or used."""
    source = Path(path).expanduser()
    try:
        with source.open("rb") as handle:
            data = handle.read(MAX_PLAN_BYTES + 1)
    except OSError as error:
        from tui_interview.files.errors import describe_os_error

        raise PlanFileError(f"{source}: cannot read it: {describe_os_error(error)}") from None
    try:
        return read_plan(data)
    except PlanFileError as error:
        raise PlanFileError(f"{source}: {error}") from None


def write_plan_file(session: Session, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the plan of ``session`` to ``path`` the crash-safe way (0600, never
    over an existing file without ``force``); returns the absolute path.
    Raises ExportExists or OSError."""
    target = Path(path).expanduser().absolute()
    ensure_private_dirs(target.parent)
    write_new_file(target, render_plan(session).encode("utf-8"), force=force)
    return target
