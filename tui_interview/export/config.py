"""The default export folder: ``export_dir`` from the user's settings
(``tui_interview.settings``, the one config.toml reader)::

    export_dir = "~/Documents/interviews"

The path must be absolute or start with ``~``. Without the file or the key,
exports go to the current folder. ``--output-dir`` (CLI) or the ``directory``
argument of ``export_to_file`` (TUI) take precedence.
"""

from __future__ import annotations

from pathlib import Path

from tui_interview.export.errors import ExportError
from tui_interview.settings import ConfigError, load_settings, settings_file


def config_file() -> Path:
    """The settings file (``$TUI_INTERVIEW_CONFIG``, else the platform's)."""
    return settings_file()


def configured_export_dir(path: Path | None = None) -> Path | None:
    """``export_dir`` from the settings file (default: ``config_file()``), or
    ``None`` when it is not set. Raises ExportError for an unreadable or
    invalid file, naming the file."""
    try:
        return load_settings(config_file() if path is None else path).export_dir
    except ConfigError as error:
        raise ExportError(str(error)) from None


def default_export_dir() -> Path:
    """Where exports go when no folder is given: the configured one, else the
    current folder."""
    return configured_export_dir() or Path.cwd()
