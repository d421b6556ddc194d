"""tui-interview: structured, competency-based interviews in the terminal.

Kept import-free on purpose: every command imports only what it needs, so the
non-interactive commands never pay for Textual.
"""

__version__ = "0.1.0"
