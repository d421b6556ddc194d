"""The content commands: ``competencies``, ``validate`` and ``import``.

Each takes the parsed command-line arguments and returns the exit status.
Nothing here (or below it) imports Textual or Rich.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from tui_interview.content.dump import competency_to_yaml
from tui_interview.content.importer import ImportFailed, import_bytes, import_file
from tui_interview.content.loader import Library, load_library
from tui_interview.domain.competency import Competency
from tui_interview.domain.display import json_visible, visible_text
from tui_interview.domain.star import questions_without_star_depth
from tui_interview.errors import EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE
from tui_interview.files.atomic import write_atomically
from tui_interview.locations import content_dirs

EXIT_INVALID = 1  # EXIT_PROBLEMS: validate found errors
EXIT_IMPORT_FAILED = EXIT_USAGE


def list_competencies(args: argparse.Namespace) -> int:
    """Print each loaded competency, then any content problems (to stderr)."""
    _tolerant_output()
    library = load_library(content_dirs(args.content))
    if getattr(args, "json", False):
        _write_stdout(competencies_json(library) + "\n")
        _report_problems(library)
        return EXIT_OK
    rows: list[tuple[str, ...]] = [
        ("ID", "NAME", "LEVELS", "BEHAVIOURS", "QUESTIONS", "PROBES", "FILE")
    ]
    rows += [_summary_row(competency) for competency in library]
    if library.competencies:
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            print("  ".join([*cells, row[-1]]))
    else:
        print("No competencies loaded.")
    _report_problems(library)
    return EXIT_OK


def _report_problems(library: Library) -> None:
    for problem in library.problems:
        print(visible_text(str(problem), multiline=True), file=sys.stderr)
    if library.problems:
        print(_count(len(library.problems), "content problem"), file=sys.stderr)


def competencies_json(library: Library) -> str:
    """``competencies --json``: every loaded competency with its levels and
    counts, and the content problems found. Text is kept exact (JSON escapes
    what needs escaping); documented in the README."""
    document = {
        "competencies": [_competency_json(competency) for competency in library],
        "problems": [
            {"file": p.path, "line": p.line, "col": p.col, "message": p.message}
            for p in library.problems
        ],
    }
    # Exact text, with what a terminal would obey or hide as \u escapes.
    return json_visible(json.dumps(document, indent=2, ensure_ascii=False))


def _competency_json(competency: Competency) -> dict[str, Any]:
    counts = competency.counts()
    return {
        "id": competency.id,
        "name": competency.name,
        "description": competency.description,
        "source": competency.source,
        "file": competency.origin,
        "levels": [
            {
                "number": level.number,
                "title": level.title,
                "summary": level.summary,
                "behaviours": counts[level.number][0],
                "questions": counts[level.number][1],
                "probes": counts[level.number][2],
            }
            for level in competency.levels
        ],
        "behaviours": sum(c[0] for c in counts.values()),
        "questions": sum(c[1] for c in counts.values()),
        "probes": sum(c[2] for c in counts.values()),
    }


def validate(args: argparse.Namespace) -> int:
    """Check files or folders (default: all content folders); exit 1 on errors.

    Questions whose probes ask about none of situation, action and result are
    warned about; warnings alone leave the exit status 0."""
    _tolerant_output()
    if getattr(args, "words", None) is not None:
        return validate_word_list(args.words or None)
    paths = [Path(p) for p in args.paths] if args.paths else content_dirs(args.content)
    library = load_library(paths)
    for problem in library.problems:
        print(visible_text(str(problem), multiline=True))
    warnings = [
        f"{competency.origin or competency.id}: warning: {question.id} "
        f"({_shorten(question.text)}): its probes ask about none of situation, action and result"
        for competency in library
        for question in questions_without_star_depth(competency)
    ]
    for warning in warnings:
        print(visible_text(warning, multiline=True))
    errors = len(library.problems)
    summary = f"{_count(len(library.files), 'file')} checked, "
    summary += _count(errors, "error") if errors else "no errors"
    if warnings:
        summary += f", {_count(len(warnings), 'warning')}"
    print(summary)
    return EXIT_INVALID if errors else EXIT_OK


def validate_word_list(file: str | None) -> int:
    """``validate --words [FILE]``: check a note-hygiene word list (default:
    the one config.toml asks for); exit 1 with one line saying where if not valid."""
    from tui_interview.content.hygiene import WordListError, load_word_list, word_list_for
    from tui_interview.settings import ConfigError, load_settings

    try:
        words = load_word_list(Path(file)) if file else word_list_for(load_settings())
    except (WordListError, ConfigError) as error:
        print(visible_text(str(error)))
        return EXIT_INVALID
    terms = sum(len(c.terms) for c in words.categories)
    print(
        visible_text(
            f"{words.origin}: language {words.language}, "
            f"{f'{len(words.categories)} categories'}, {_count(terms, 'term')}, no errors"
        )
    )
    return EXIT_OK


def import_profile(args: argparse.Namespace) -> int:
    """Convert a plain-text profile to YAML on stdout or into ``--output``."""
    _tolerant_output()
    try:
        if args.file == "-":
            result = import_bytes(sys.stdin.buffer.read(), "<stdin>")
        else:
            result = import_file(args.file)
    except ImportFailed as failure:
        print(failure, file=sys.stderr)
        return EXIT_IMPORT_FAILED
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    text = competency_to_yaml(result.competency)
    if not args.output:
        _write_stdout(text)
        return EXIT_OK
    if Path(args.output).exists() and not args.force:
        # It may be a hand-edited profile with explicit ids: never replace it unasked.
        print(
            f"{args.output}: error: the file exists; use --force to overwrite it", file=sys.stderr
        )
        return EXIT_IMPORT_FAILED
    try:
        # A profile is no personal data: the user's usual file mode (umask).
        write_atomically(Path(args.output), text.encode("utf-8"), mode=0o644 & ~_umask())
    except OSError as error:
        print(f"{args.output}: error: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _shorten(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary_row(competency: Competency) -> tuple[str, ...]:
    """The competency's cells in ``competencies``, shown through ``visible_text``
    (a profile may come from anyone)."""
    counts = competency.counts().values()
    cells = (
        competency.id,
        competency.name,
        _level_ranges(competency.level_numbers),
        str(sum(c[0] for c in counts)),
        str(sum(c[1] for c in counts)),
        str(sum(c[2] for c in counts)),
        competency.origin or "",
    )
    return tuple(visible_text(cell) for cell in cells)


def _level_ranges(numbers: tuple[int, ...]) -> str:
    """``(1, 2, 3, 5)`` -> ``1-3,5``."""
    parts: list[str] = []
    for number in sorted(numbers):
        if parts and parts[-1].split("-")[-1] == str(number - 1):
            parts[-1] = f"{parts[-1].split('-')[0]}-{number}"
        else:
            parts.append(str(number))
    return ",".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _tolerant_output() -> None:
    """Never fail on a character the terminal's encoding lacks (a curly quote
    in a name, an undecodable file name): escape it instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _write_stdout(text: str) -> None:
    """YAML is UTF-8 whatever the terminal's locale says."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
