"""The user's settings: ``config.toml``, read once per run.

Where: ``$TUI_INTERVIEW_CONFIG``, else ``config.toml`` in the platform's user
config folder (``~/.config/tui-interview/config.toml`` on Linux). A missing
file means every default. Plain Python: no Textual, no Rich.

Every setting is optional::

    interviewer = "Ada Example"      # default interviewer name for new interviews
    budget_minutes = 45              # default time budget for new interviews
    candidate_present = true         # new interviews start in candidate-present mode
    export_dir = "~/Documents/interviews"
    theme = "textual-dark"
    retention_days = 365             # finished interviews older than this may be purged
    lock_after_minutes = 10          # lock the app after this long without a key
    note_hygiene_language = "en"     # the note-hygiene word list (docs/note-hygiene.md)
    note_hygiene_file = "~/words.yaml"  # or a word list file of your own
    note_hygiene_in_transcript = false  # show flagged words in exported transcripts
    chair = true                     # you chair panels: see ratings once all members lock

    [keys]
    next_question = "f5"            # remap an action by its documented name

``theme`` is one of ``THEME_NAMES``; ``[keys]`` is checked by
``tui_interview.keymap`` (known action names, keys terminals send, no two
actions on one key where both work). Errors are ``ConfigError`` with a message
in the ``FILE:LINE:COL: message`` form that ``validate`` uses.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_interview.domain.vocabulary import MAX_BUDGET_MINUTES
from tui_interview.errors import TuiInterviewError
from tui_interview.keymap import KeymapError
from tui_interview.keymap import resolve as resolve_keys
from tui_interview.locations import APP_NAME

CONFIG_ENV = "TUI_INTERVIEW_CONFIG"
CONFIG_NAME = "config.toml"


class ConfigError(TuiInterviewError):
    """The config file cannot be read or holds a bad value; the message names
    the file (and the line and column where known)."""


@dataclass(frozen=True)
class Settings:
    interviewer: str | None = None
    budget_minutes: int | None = None
    candidate_present: bool | None = None
    export_dir: Path | None = None
    theme: str | None = None
    retention_days: int | None = None
    lock_after_minutes: int | None = None
    note_hygiene_language: str | None = None
    note_hygiene_file: Path | None = None
    note_hygiene_in_transcript: bool = False
    chair: bool | None = None
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None  # the file these came from, if it exists

    def key_bindings(self) -> dict[str, tuple[str, ...]]:
        """Every action's keys (``keymap.ACTIONS``) with ``[keys]`` applied
        (checked when the file was read)."""
        return resolve_keys(self.keys)


#: A config is a few dozen lines; anything this big is not one.
MAX_CONFIG_BYTES = 64 * 1024


def settings_file() -> Path:
    """``$TUI_INTERVIEW_CONFIG``, else the platform's config folder's ``config.toml``."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / CONFIG_NAME


def _where(path: Path, text: str, key: str) -> str:
    """``FILE:LINE:COL`` of ``key = …`` in ``text`` (the first line that sets
    it), else ``FILE``."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        name = stripped.split("=", 1)[0].strip().strip('"')
        if "=" in stripped and name == key:
            return f"{path}:{number}:{len(line) - len(stripped) + 1}"
    return str(path)


#: The themes ``theme`` may name: Textual's built-in ones and the app's own
#: (``tui_interview.themes``; tests/test_config_themes.py checks this list
#: against both).
THEME_NAMES = (
    "ansi-16 ansi-dark ansi-light atom-one-dark atom-one-light catppuccin-frappe "
    "catppuccin-latte catppuccin-macchiato catppuccin-mocha dracula flexoki gruvbox "
    "high-contrast monokai nord rose-pine rose-pine-dawn rose-pine-moon solarized-dark "
    "solarized-light textual-dark textual-light tokyo-night"
).split()


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


_CHECKS: dict[str, tuple[Any, str]] = {
    "interviewer": (lambda v: isinstance(v, str), "must be a string"),
    "budget_minutes": (
        lambda v: _positive_int(v) and v <= MAX_BUDGET_MINUTES,
        f"must be a whole number of minutes from 1 to {MAX_BUDGET_MINUTES}",
    ),
    "candidate_present": (lambda v: isinstance(v, bool), "must be true or false"),
    "export_dir": (
        lambda v: isinstance(v, str) and v.strip() != "" and Path(v).expanduser().is_absolute(),
        'must be an absolute folder path or start with "~"',
    ),
    "theme": (lambda v: v in THEME_NAMES, f"must be one of {', '.join(THEME_NAMES)}"),
    "retention_days": (_positive_int, "must be a whole number of days, 1 or more"),
    "lock_after_minutes": (_positive_int, "must be a whole number of minutes, 1 or more"),
    "note_hygiene_language": (
        lambda v: isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", v),
        'must be a language code such as "en"',
    ),
    "note_hygiene_file": (
        lambda v: isinstance(v, str) and v.strip() != "" and Path(v).expanduser().is_absolute(),
        'must be an absolute file path or start with "~"',
    ),
    "note_hygiene_in_transcript": (lambda v: isinstance(v, bool), "must be true or false"),
    "chair": (lambda v: isinstance(v, bool), "must be true or false"),
    "keys": (
        lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v.values()),
        'must be a table of action = "key"',
    ),
}


def load_settings(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default ``settings_file()``); every default
    when the file does not exist. Raises ConfigError otherwise."""
    path = settings_file() if path is None else path
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        from tui_interview.files.errors import describe_os_error

        raise ConfigError(f"{path}: cannot read: {describe_os_error(error)}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB, too large a config")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11's message ends "(at line N, column M)".
        found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(error))
        where, message = str(path), str(error)
        if found:
            message, where = found[1], f"{path}:{found[2]}:{found[3]}"
        raise ConfigError(f"{where}: not valid TOML: {message}") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a usable config: it is nested too deeply") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        check = _CHECKS.get(key)
        if check is None:
            known = ", ".join(sorted(_CHECKS))
            raise ConfigError(
                f"{_where(path, text, key)}: unknown setting {key!r} (known: {known})"
            )
        ok, message = check
        if not ok(value):
            raise ConfigError(f"{_where(path, text, key)}: {key} {message}, not {value!r}")
        is_path = key in ("export_dir", "note_hygiene_file")
        values[key] = Path(value).expanduser() if is_path else value
    try:
        resolve_keys(values.get("keys", {}))
    except KeymapError as error:
        raise ConfigError(f"{_where(path, text, error.action)}: [keys] {error}") from None
    return Settings(**values, path=path)
