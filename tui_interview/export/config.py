"""The one export setting: the default export folder.

It is read from ``config.toml`` in the platform's user config folder
(``platformdirs.user_config_dir("tui-interview")``, e.g.
``~/.config/tui-interview/config.toml`` on Linux)::

    export_dir = "~/Documents/interviews"

The path must be absolute or start with ``~``. Without the file or the key,
exports go to the current folder. ``--output-dir`` (CLI) or the ``directory``
argument of ``export_to_file`` (TUI) take precedence.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tui_interview.export.errors import ExportError
from tui_interview.files.errors import describe_os_error
from tui_interview.locations import APP_NAME

CONFIG_NAME = "config.toml"
EXPORT_DIR_KEY = "export_dir"


def config_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / CONFIG_NAME


def configured_export_dir(path: Path | None = None) -> Path | None:
    """``export_dir`` from the config file (default: ``config_file()``), or
    ``None`` when it is not set. Raises ExportError for an unreadable or
    invalid file, naming the file."""
    path = config_file() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportError(f"cannot read {path}: {describe_os_error(error)}") from None
    try:
        settings = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ExportError(f"{path} is not valid TOML: {error}") from None
    value = settings.get(EXPORT_DIR_KEY)
    if value is None:
        return None
    folder = Path(value).expanduser() if isinstance(value, str) else None
    if folder is None or not value.strip() or not folder.is_absolute():
        raise ExportError(
            f'{path}: {EXPORT_DIR_KEY} must be an absolute folder path or start with "~", '
            f"not {value!r}"
        )
    return folder


def default_export_dir() -> Path:
    """Where exports go when no folder is given: the configured one, else the
    current folder."""
    return configured_export_dir() or Path.cwd()
