"""The one place calibration and question effectiveness read panels from.

Transcripts are read and grouped by ``export.panel_pipeline.read_panel`` (its public
reading function; the panel modules are being restructured, so this adapter
is the only module to re-point), and each group is joined with its consensus
record. Nothing else of the panel modules is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tui_interview.domain.calibration import PanelInput
from tui_interview.domain.consensus import Consensus
from tui_interview.export.panel_pipeline import read_panel
from tui_interview.export.signing import FORGED

#: Mismatch reasons of files that were put in a group of their own.
GROUPED_APART = ("another candidate", "another plan")
#: (candidate, plan id) -> the consensus record, or None.
Lookup = Callable[[str, str], Consensus | None]


def no_records(candidate: str, plan_id: str) -> Consensus | None:
    return None


@dataclass(frozen=True)
class Panels:
    panels: tuple[PanelInput, ...]
    #: One line each: a file that could not be read, or did not fit its group.
    notices: tuple[str, ...]


def read_panels(paths: Iterable[str | Path], lookup: Lookup = no_records) -> Panels:
    """The panels of the transcripts named (files, or folders of ``*.json``)."""
    panel = read_panel(paths)
    notices = [f"{p.file}: {p.message}" for p in panel.problems]
    # Many candidates and plans are the point here: a file of another one
    # starts its own group and is no notice; a duplicate is left out and is.
    notices += [
        f"{m.file}: {m.reason}: {m.detail}"
        for m in panel.mismatches
        if m.reason not in GROUPED_APART
    ]
    panels = tuple(
        PanelInput(
            group.candidate,
            group.plan_id,
            # A forged transcript is named (a notice) and never counted.
            tuple(
                member.session
                for member in group.members
                if member.authenticity is None or member.authenticity.status != FORGED
            ),
            lookup(group.candidate, group.plan_id) or group.consensus,
        )
        for group in panel.groups
    )
    return Panels(panels, tuple(notices))
