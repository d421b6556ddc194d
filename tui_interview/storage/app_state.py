"""What the app remembers between runs that is neither configuration nor an
interview: the folder the last export went to, the one the last panel was
opened from, the theme last chosen from the command palette (``theme``, with
``theme_config``: the config's theme then; see ``tui_interview.themes``). One small JSON file,
``<state dir>/state.json``, rewritten atomically (0600 in a 0700 folder).

The state is a convenience: a missing, unreadable or damaged file reads as
empty, and a failed write is reported to the caller to ignore or mention.
"""

from __future__ import annotations

import json
from pathlib import Path

from tui_interview.files.atomic import ensure_private_dirs, read_regular_file, write_atomically

STATE_FILE = "state.json"
LAST_EXPORT_DIR = "last_export_dir"
LAST_PANEL_DIR = "last_panel_dir"


class AppState:
    def __init__(self, state_dir: Path):
        self.path = state_dir / STATE_FILE

    def read(self) -> dict[str, object]:
        """The stored state; empty when there is none or it cannot be read."""
        try:
            value = json.loads(read_regular_file(self.path).decode("utf-8"))
        except (OSError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}

    def write(self, **changes: object) -> None:
        """Store ``changes`` over the current state. Raises OSError."""
        state = {**self.read(), **changes}
        ensure_private_dirs(self.path.parent)
        data = json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomically(self.path, data.encode("utf-8"))

    @property
    def last_export_dir(self) -> Path | None:
        folder = self.read().get(LAST_EXPORT_DIR)
        return Path(folder) if isinstance(folder, str) and folder else None

    def remember_export_dir(self, folder: Path) -> None:
        """Raises OSError."""
        self.write(**{LAST_EXPORT_DIR: str(folder)})

    @property
    def last_panel_dir(self) -> Path | None:
        """The folder the last panel was opened from."""
        folder = self.read().get(LAST_PANEL_DIR)
        return Path(folder) if isinstance(folder, str) and folder else None

    def remember_panel_dir(self, folder: Path) -> None:
        """Remember the folder a panel was opened from; for a file, the folder
        it is in (a transcript's name carries the candidate's, which must not
        outlive it here). Raises OSError."""
        if not folder.is_dir():
            folder = folder.parent
        self.write(**{LAST_PANEL_DIR: str(folder)})
