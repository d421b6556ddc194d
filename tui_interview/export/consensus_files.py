"""Consensus files: the board's record written next to the transcripts it
reconciled, so every member and the chair read the same consensus
(issue 23, §3; docs/consensus-file.md). No Textual.

The file is the stored record (``Consensus.to_dict``) with two more members:
``members`` (who was on the panel, their session, and the level and revision
of each rating the consensus reconciled) and ``locked`` (always true: every
revision is locked when recorded). It is read back by ``panel_read``, which
checks it with ``Consensus.from_dict``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui_interview.domain.consensus import Consensus, member_ratings
from tui_interview.export.filenames import safe_filename, slug
from tui_interview.export.panel_group import OWN_FOLDER, Group
from tui_interview.files.atomic import ensure_private_dirs, write_atomically


def consensus_document(consensus: Consensus, group: Group) -> dict[str, object]:
    members = []
    for member in group.members:
        session = member.session
        ratings = {}
        for planned in session.competencies:
            rating = session.current_rating(planned.competency_id)
            if rating is not None:
                ratings[planned.competency_id] = (rating.level, rating.revision)
        members.append((session.interviewer, session.id, ratings))
    return {**consensus.to_dict(), "members": member_ratings(members), "locked": True}


def consensus_filename(consensus: Consensus) -> str:
    """``consensus_<candidate>_<record id>.json``: one name per record."""
    who = slug(consensus.candidate)[:40].strip("-") or "candidate"
    return safe_filename(f"consensus_{who}_{slug(consensus.id)}", ".json")


def shared_folder(group: Group, paths: list[str]) -> Path | None:
    """Where the group's transcripts are kept: the folder the panel was opened
    on (the first one named), else the folder holding the members' files."""
    for raw in paths:
        if Path(raw).is_dir():
            return Path(raw)
    files = [Path(m.file).parent for m in group.members if m.file != OWN_FOLDER]
    if not files:
        return None
    try:
        return Path(os.path.commonpath([str(f) for f in files]))
    except ValueError:
        return files[0]


def write_consensus_file(consensus: Consensus, group: Group, folder: Path) -> Path:
    """Write (or rewrite: same record, new revisions) the consensus file in
    ``folder``, atomically, 0600. Raises OSError."""
    target = folder / consensus_filename(consensus)
    text = json.dumps(consensus_document(consensus, group), ensure_ascii=False, indent=2) + "\n"
    ensure_private_dirs(folder)
    write_atomically(target, text.encode("utf-8"))
    return target
