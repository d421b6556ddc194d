"""Linear mode (``new --linear``, ``resume --linear``): the interview as plain
lines for screen readers, braille displays, slow links and pipes. Nothing in
this package imports Textual or Rich. See docs/linear-mode.md."""
