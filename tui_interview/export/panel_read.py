"""The panel, step 1 of 4: read. The files and folders named become
transcripts, consensus files and the files skipped, each with why. No
Textual, and nothing here knows about groups, reports or rendering
(``panel_group`` -> ``panel`` -> ``panel_markdown`` / ``panel_json`` follow).

Folders are read as people keep them (issue 23, §2): their ``*.json`` files,
and those of their subfolders down to ``MAX_DEPTH`` levels. A symbolic link is
followed only when it points inside one of the folders named (never out of
the tree), and never into a folder already read. Every file not read is named
with the reason: not a ``.json`` file, a link out of the tree, too deep, not a
transcript or a consensus file, cannot be read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tui_interview.domain import strict_json
from tui_interview.domain.consensus import FORMAT as CONSENSUS_FORMAT
from tui_interview.domain.consensus import Consensus, ConsensusError
from tui_interview.domain.plan_file import FORMAT as PLAN_FORMAT
from tui_interview.domain.session import Session
from tui_interview.export.json_export import FORMAT as TRANSCRIPT_FORMAT
from tui_interview.export.json_export import ImportFormatError, read_export
from tui_interview.export.signing import (
    Authenticity,
    Signature,
    check_signature,
    plan_member_keys,
)
from tui_interview.files.errors import describe_os_error

#: Subfolders read below a folder named (a folder named is depth 0).
MAX_DEPTH = 3
#: A file larger than this is not read (no transcript comes near it).
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class FileProblem:
    """A file that was not read, or could not be: ``message`` says why."""

    file: str
    message: str


@dataclass(frozen=True)
class Transcript:
    """One readable transcript and where it came from (a file, or "your data
    folder" for a session of the local store)."""

    file: str
    session: Session
    #: The export's signature as read (issue 24, §2).
    signature: Signature = Signature("none")
    #: Verified, unverified or forged, once the group step has compared the
    #: signature with the plan's member keys (None before).
    authenticity: Authenticity | None = None


@dataclass(frozen=True)
class ConsensusFile:
    """One readable consensus file (docs/consensus-file.md)."""

    file: str
    consensus: Consensus


@dataclass(frozen=True)
class PlanKeys:
    """A plan file's list of the panel's members and their public keys."""

    file: str
    keys: dict[str, str]


@dataclass
class Sources:
    """What reading found."""

    transcripts: list[Transcript] = field(default_factory=list)
    consensus: list[ConsensusFile] = field(default_factory=list)
    #: Plan files that list members' public keys.
    plan_keys: list[PlanKeys] = field(default_factory=list)
    #: Files that are there but could not be read as a transcript or consensus.
    unreadable: list[FileProblem] = field(default_factory=list)
    #: Files and folders left alone on purpose (not JSON, a link out, too deep).
    skipped: list[FileProblem] = field(default_factory=list)
    #: Paths named that do not exist.
    missing: list[FileProblem] = field(default_factory=list)


def read_sources(paths: Iterable[str | Path], *, max_depth: int = MAX_DEPTH) -> Sources:
    """Read every path named. Never raises for a bad file: it is listed."""
    sources = Sources()
    given = [Path(p) for p in paths]
    roots = [_real(p) for p in given if p.is_dir()]
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()
    for path in given:
        try:
            if path.is_dir():
                _walk(path, 0, max_depth, roots, seen_dirs, seen_files, sources)
            elif path.exists():
                _read_file(path, seen_files, sources)
            else:
                sources.missing.append(FileProblem(str(path), "no such file or folder"))
        except OSError as error:
            sources.unreadable.append(
                FileProblem(str(path), f"cannot read: {describe_os_error(error)}")
            )
    return sources


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _walk(
    folder: Path,
    depth: int,
    max_depth: int,
    roots: list[str],
    seen_dirs: set[str],
    seen_files: set[str],
    sources: Sources,
) -> None:
    real = _real(folder)
    if real in seen_dirs:
        return
    seen_dirs.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        sources.unreadable.append(
            FileProblem(str(folder), f"cannot read the folder: {describe_os_error(error)}")
        )
        return
    for entry in entries:
        try:
            if entry.is_symlink() and not _inside(_real(entry), roots):
                sources.skipped.append(
                    FileProblem(str(entry), "a link out of the folders named; not followed")
                )
                continue
            if entry.is_dir():
                if depth >= max_depth:
                    sources.skipped.append(
                        FileProblem(
                            str(entry), f"a folder deeper than {max_depth} levels; not read"
                        )
                    )
                else:
                    _walk(entry, depth + 1, max_depth, roots, seen_dirs, seen_files, sources)
            elif entry.suffix.casefold() != ".json":
                sources.skipped.append(FileProblem(str(entry), "not a .json file"))
            elif entry.is_file():
                _read_file(entry, seen_files, sources)
            else:
                sources.skipped.append(FileProblem(str(entry), "not a regular file"))
        except OSError as error:
            sources.unreadable.append(
                FileProblem(str(entry), f"cannot read: {describe_os_error(error)}")
            )


def _read_file(path: Path, seen_files: set[str], sources: Sources) -> None:
    real = _real(path)
    if real in seen_files:
        return
    seen_files.add(real)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            sources.unreadable.append(
                FileProblem(str(path), f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
            )
            return
        data = path.read_bytes()
    except OSError as error:
        sources.unreadable.append(
            FileProblem(str(path), f"cannot read: {describe_os_error(error)}")
        )
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        sources.unreadable.append(FileProblem(str(path), "not a JSON file (not UTF-8 text)"))
        return
    document = _document(text)
    kind = document.get("format") if isinstance(document, dict) else None
    if kind == CONSENSUS_FORMAT:
        try:
            consensus = Consensus.from_dict(document)
        except (ConsensusError, ValueError) as error:
            sources.unreadable.append(FileProblem(str(path), f"consensus file: {error}"))
            return
        sources.consensus.append(ConsensusFile(str(path), consensus))
        return
    if kind == PLAN_FORMAT:
        try:
            keys = plan_member_keys(document)
        except ValueError as error:
            sources.unreadable.append(FileProblem(str(path), f"plan file: {error}"))
            return
        if keys is None:
            sources.skipped.append(FileProblem(str(path), "a plan file listing no member keys"))
        else:
            sources.plan_keys.append(PlanKeys(str(path), keys))
        return
    try:
        session = read_export(text)
    except ImportFormatError as error:
        sources.unreadable.append(FileProblem(str(path), str(error)))
        return
    sources.transcripts.append(Transcript(str(path), session, check_signature(document)))


def _document(text: str) -> object:
    """The JSON document (None when the text is not JSON: ``read_export``
    then names the problem)."""
    try:
        return strict_json.loads(text)
    except ValueError:
        return None


__all__ = [
    "MAX_DEPTH",
    "TRANSCRIPT_FORMAT",
    "ConsensusFile",
    "FileProblem",
    "PlanKeys",
    "Sources",
    "Transcript",
    "read_sources",
]
