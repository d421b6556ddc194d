"""Blind first: on the Panel screen, the interviewer running it ("me") sees
the others' ratings of a competency only once their own rating of it is
locked in their own session (issue 14, §2). No Textual.

"Me" is ``Settings.interviewer`` when the config sets it, else the last
interviewer name used. My own rating is found in my transcript in the panel
or, failing that, in my interview of the same candidate from the same plan
in the local store. The command-line report is after the fact and shows
everything; this rule is for the screen only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui_interview.domain.session import Rating, Session
from tui_interview.export.panel import CompetencyReport, Group, MemberRating, plan_id_of
from tui_interview.export.role_grid import GridCell, RecommendationCell, RoleGrid, sort_rows
from tui_interview.settings import ConfigError, load_settings
from tui_interview.storage import SessionStore, StorageError


def who_is_me(last_used: str) -> str:
    """ "Me": the config's ``interviewer`` when set (a config that cannot be
    read counts as unset), else ``last_used`` (the last interviewer name)."""
    try:
        configured = load_settings().interviewer
    except ConfigError:
        configured = None
    return configured or last_used


def local_sessions(store: SessionStore, me: str, candidates: list[str]) -> list[Session]:
    """My stored interviews of any of ``candidates`` (names as the panel
    compares them); a session that cannot be read is left out."""
    found = []
    try:
        summaries = store.list_summaries()
    except (StorageError, OSError):
        return []
    for summary in summaries:
        if not same_name(summary.interviewer, me) or summary.problem:
            continue
        if not any(same_name(summary.candidate, name) for name in candidates):
            continue
        try:
            found.append(store.load(summary.id))
        except (StorageError, OSError):
            continue
    return found


def same_name(a: str, b: str) -> bool:
    """Names compared as the panel groups them: case and spacing ignored."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass(frozen=True)
class BlindView:
    """What "me" may see of one competency."""

    #: My latest locked rating, None while I have not rated it.
    mine: Rating | None
    #: Where my rating is: "your transcript" or "your session ID".
    source: str
    #: The members whose ratings are shown (all once mine is locked; else
    #: only me, if I am a member).
    shown: tuple[MemberRating, ...]
    #: How many other members' ratings are hidden.
    hidden: int

    @property
    def unlocked(self) -> bool:
        return self.mine is not None

    def hidden_text(self, me: str) -> str:
        """Plainly, what is hidden and why ("" when nothing is)."""
        if self.unlocked or not self.hidden:
            return ""
        who = f"{self.hidden} other member's" if self.hidden == 1 else f"{self.hidden} members'"
        return (
            f"Hidden: {who} ratings, rationales, the spread and its flag — blind first: "
            f"they show once you{f' ({me})' if me else ''} have rated this competency "
            "and locked the rating in your own session."
        )


def my_sessions(group: Group, me: str, local: list[Session]) -> list[tuple[Session, str]]:
    """My interviews of this group's candidate from its plan: my transcript in
    the panel first, then those in the local store (``local``), each with a
    label saying where it is."""
    found: list[tuple[Session, str]] = [
        (m.session, "your transcript")
        for m in group.members
        if same_name(m.session.interviewer, me)
    ]
    seen = {session.id for session, _ in found}
    for session in local:
        if (
            session.id not in seen
            and same_name(session.interviewer, me)
            and same_name(session.candidate, group.candidate)
            and plan_id_of(session) == group.plan_id
        ):
            found.append((session, f"your session {session.id}"))
    return found


def blind_view(report: CompetencyReport, me: str, mine: list[tuple[Session, str]]) -> BlindView:
    """The part of ``report`` that ``me`` may see (``mine``: ``my_sessions``)."""
    my_rating: Rating | None = None
    source = ""
    for session, label in mine:
        rating = session.current_rating(report.competency_id)
        if rating is not None:
            my_rating, source = rating, label
            break
    if my_rating is not None:
        return BlindView(my_rating, source, report.members, 0)
    shown = tuple(m for m in report.members if same_name(m.interviewer, me))
    hidden = sum(1 for m in report.members if m.rating is not None) - sum(
        1 for m in shown if m.rating is not None
    )
    return BlindView(None, "", shown, hidden)


#: A grid cell that blind first keeps hidden.
HIDDEN_CELL = "🔒"


def blind_grid(
    grid: RoleGrid, me: str, local: list[Session], *, sort_by: str, descending: bool
) -> RoleGrid:
    """The role grid as "me" may see it, sorted by what is shown (a hidden
    value must not show through the order). A recorded consensus level
    shows; a median (and its flag) shows only where my rating of that
    competency is locked; the members' verdicts only once I have locked every
    competency of that candidate."""
    rows = []
    for row in grid.rows:
        mine = my_sessions(row.group, me, local)
        cells = {}
        locked_all = True
        for cid, cell in row.cells.items():
            unlocked = any(s.current_rating(cid) is not None for s, _ in mine)
            locked_all = locked_all and unlocked
            if cell.source == "consensus" or unlocked:
                cells[cid] = cell
            else:
                cells[cid] = GridCell(None, None, False, HIDDEN_CELL)
        recommendation = row.recommendation
        if recommendation.source == "members" and not locked_all:
            recommendation = RecommendationCell(None, None, HIDDEN_CELL)
        rows.append(replace(row, cells=cells, recommendation=recommendation))
    ordered = sort_rows(rows, sort_by, descending)
    return replace(grid, rows=tuple(ordered), sort_by=sort_by, descending=descending)
