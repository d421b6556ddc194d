"""Where content, data and exports live. Nothing here creates anything at import."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

APP_NAME = "tui-interview"
CONTENT_ENV = "TUI_INTERVIEW_CONTENT"
DATA_ENV = "TUI_INTERVIEW_DATA_DIR"
STATE_ENV = "TUI_INTERVIEW_STATE_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_content_dir() -> Path:
    """The shipped profiles: the repository's ``content/`` in a source checkout
    or editable install, the copy inside the wheel otherwise."""
    in_wheel = _PACKAGE_DIR / "_bundled_content"
    if in_wheel.is_dir():
        return in_wheel
    return _PACKAGE_DIR.parent / "content"


def content_dirs(extra: Sequence[str | os.PathLike[str]] = ()) -> list[Path]:
    """Bundled content first, then ``$TUI_INTERVIEW_CONTENT`` (``os.pathsep``
    separated), then ``--content`` folders in the order given."""
    env = os.environ.get(CONTENT_ENV, "")
    candidates = [bundled_content_dir()]
    candidates += [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    candidates += [Path(p).expanduser() for p in extra]
    # A folder named twice (e.g. --content content in a checkout) loads once.
    dirs: list[Path] = []
    seen: set[Path] = set()
    for folder in candidates:
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            dirs.append(folder)
    return dirs


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, else ``$TUI_INTERVIEW_DATA_DIR``, else the platform's user
    data folder. Not created here: storage creates it (mode 0700) on first use."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """``$TUI_INTERVIEW_STATE_DIR``, else the platform's user state folder
    (``~/.local/state/tui-interview`` on Linux): where text that could not be
    saved with its interview is put on request. Not created here."""
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False))
