"""A problem found in content: where it is and what is wrong, nothing else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentProblem:
    """One error in a content file or folder.

    ``line`` and ``col`` are 1-based; both are ``None`` for a problem with the
    file or folder as a whole (missing, unreadable).
    """

    path: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.col or 1}: {self.message}"
