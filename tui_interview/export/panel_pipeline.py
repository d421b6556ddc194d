"""The panel's first two steps in one call: read the paths, then group what
was read (``panel_read`` -> ``panel_group``). The report (``panel``) and the
renderers (``panel_json``, ``panel_markdown``, the Panel screen) take the
``Panel`` this returns; nothing flows back. No Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from tui_interview.domain.consensus import Consensus
from tui_interview.domain.session import Session
from tui_interview.export.panel_group import Panel, group_sources
from tui_interview.export.panel_read import ConsensusFile, read_sources

#: Where a record of the local store is said to come from.
STORED_CONSENSUS = "your data folder"


def read_panel(
    paths: Iterable[str | Path],
    *,
    own: Sequence[Session] = (),
    stored_consensus: Sequence[Consensus] = (),
) -> Panel:
    """Read every path named and group what was found. ``own``: the sessions
    of the local data folder (the newest copy of those sessions);
    ``stored_consensus``: the local store's consensus records."""
    return group_sources(
        read_sources(paths),
        own=own,
        stored_consensus=[ConsensusFile(STORED_CONSENSUS, c) for c in stored_consensus],
    )
