"""Markdown and JSON transcripts of sessions, and importing JSON ones back.

Plain Python: nothing here imports Textual or Rich. The TUI calls
``export_to_file``; the CLI's ``export`` and ``import-session`` commands live in
``tui_interview.export.commands``.
"""

from tui_interview.export.errors import ExportError, ExportExists, ExportTaken
from tui_interview.export.files import FORMATS, export_to_file, render

__all__ = ["FORMATS", "ExportError", "ExportExists", "ExportTaken", "export_to_file", "render"]
