"""``tui-interview config``: the effective settings and the file's path;
``config --init``: write a commented default file. Plain Python: no Textual.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tui_interview.domain.display import visible_text
from tui_interview.errors import EXIT_UNAVAILABLE
from tui_interview.files.atomic import ensure_private_dirs, write_atomically
from tui_interview.files.errors import describe_os_error
from tui_interview.keymap import ACTIONS
from tui_interview.settings import ConfigError, Settings, load_settings, settings_file

#: What each setting does when it is not set (for ``config``).
UNSET = {
    "interviewer": "the last interviewer used, else your login name",
    "budget_minutes": "no budget",
    "candidate_present": "true",
    "export_dir": "the last export folder, else the current folder",
    "theme": "textual-dark (or the one last chosen from the palette)",
    "retention_days": "keep every interview",
    "lock_after_minutes": "never lock",
    "note_hygiene_language": "en",
    "note_hygiene_file": "the shipped word list of note_hygiene_language",
    "note_hygiene_in_transcript": "false",
    "chair": "false (panel --chair for one run)",
}


def default_config_text() -> str:
    """The commented default ``config --init`` writes: every setting, commented
    out, with the action table for ``[keys]``."""
    lines = [
        "# tui-interview settings. Every setting is optional: remove the '#' to use one.",
        "# See the README's Configuration section.",
        "",
        '# interviewer = "Ada Example"      # default interviewer name for new interviews',
        "# budget_minutes = 45              # default time budget, in minutes",
        "# candidate_present = true         # new interviews start in candidate-present mode",
        '# export_dir = "~/Documents/interviews"',
        '# theme = "textual-dark"           # or "high-contrast", "ansi-16", any Textual theme',
        "# retention_days = 365",
        "# lock_after_minutes = 10",
        '# note_hygiene_language = "en"     # the word list flagging notes (docs/note-hygiene.md)',
        '# note_hygiene_file = "~/words.yaml"  # or your own copy of it',
        "# note_hygiene_in_transcript = false  # show the flagged words in transcripts",
        "# chair = true                     # you chair panels: see ratings once all lock",
        "",
        "[keys]",
        '# Remap an action: name = "key" (several: "f5,pagedown"; they replace the defaults).',
        "# Keys: ctrl+LETTER, f1-f12, pageup, pagedown, home, end, insert, delete.",
    ]
    width = max(len(name) for name in ACTIONS)
    for name, action in ACTIONS.items():
        keys = ",".join(action.keys)
        lines.append(f'# {name:<{width}} = "{keys}"{" " * (16 - len(keys))}# {action.what}')
    return "\n".join(lines) + "\n"


def describe(settings: Settings, path: Path) -> list[str]:
    """The effective settings, one a line, as ``config`` prints them."""
    exists = "exists" if path.is_file() else "does not exist: every default"
    lines = [f"file: {path} ({exists})", ""]
    for name, unset in UNSET.items():
        value = getattr(settings, name)
        if value is None:
            shown = f"(not set: {unset})"
        elif isinstance(value, bool):
            shown = "true" if value else "false"
        else:
            shown = f'"{value}"' if isinstance(value, (str, Path)) else str(value)
        lines.append(f"{name} = {shown}")
    lines += ["", "[keys]"]
    for name, keys in settings.key_bindings().items():
        mark = "" if keys == ACTIONS[name].keys else "   # remapped"
        lines.append(f'{name} = "{",".join(keys)}"{mark}')
    return lines


def show_or_init(args) -> int:
    path = settings_file()
    if args.init:
        return _init(path, force=args.force)
    try:
        settings = load_settings(path)
    except ConfigError as error:
        print(f"tui-interview: {visible_text(str(error))}", file=sys.stderr)
        return 2
    # The file's strings may hold escapes (\u001b…) that would drive the terminal.
    print("\n".join(visible_text(line) for line in describe(settings, path)))
    return 0


def _init(path: Path, *, force: bool) -> int:
    if path.exists() and not force:
        print(
            f"tui-interview: {path} exists; --force replaces it with the default",
            file=sys.stderr,
        )
        return 2
    try:
        ensure_private_dirs(path.parent)
        write_atomically(path, default_config_text().encode("utf-8"))
        os.chmod(path, 0o600)
    except OSError as error:
        print(f"tui-interview: cannot write {path}: {describe_os_error(error)}", file=sys.stderr)
        return EXIT_UNAVAILABLE  # the file system refused (README, Exit codes)
    print(f"wrote {path}")
    return 0
