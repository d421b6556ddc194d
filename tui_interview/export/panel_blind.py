"""Blind first: on the Panel screen, the interviewer running it ("me") sees
the others' ratings of a competency only once their own rating of it is
locked in their own session (issue 14, §2). No Textual.

"Me" is ``Settings.interviewer`` when the config sets it, else the last
interviewer name used. My own rating comes only from my interview of the same
candidate from the same plan in my own data folder (the local store), never
from a file in a shared folder, which anyone could write under my name.

A chair (``panel --chair``, or ``chair = true`` in the config) who did not
interview sees a competency's ratings once every member has locked a rating of
it; until then, who has and who has not (issue 23, §4). Whoever cannot see a
competency's ratings cannot record a consensus on it (``may_record``).

The command-line report is after the fact and shows everything; this rule
is for the screen only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tui_interview.domain.session import Rating, Session
from tui_interview.export.panel import CompetencyReport, Group, MemberRating
from tui_interview.export.panel_group import plan_id_of
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


def chair_configured() -> bool:
    """``chair = true`` in the config (a config that cannot be read: false)."""
    try:
        return bool(load_settings().chair)
    except ConfigError:
        return False


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
    #: The members whose ratings are shown (all once mine is locked; else none).
    shown: tuple[MemberRating, ...]
    #: How many other members' ratings are hidden.
    hidden: int
    #: I chair this panel and did not interview: the others show once every
    #: member has locked a rating (``locked`` and ``waiting`` say who has).
    chair: bool = False
    locked: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()

    @property
    def unlocked(self) -> bool:
        return self.mine is not None or (self.chair and not self.waiting)

    def hidden_text(self, me: str) -> str:
        """Plainly, what is hidden and why ("" when nothing is)."""
        if self.unlocked:
            return ""
        if self.chair:
            return (
                "Hidden: every rating, the spread and its flag — as chair you see them once "
                f"every member has locked a rating. Locked: {', '.join(self.locked) or 'nobody'}; "
                f"not yet: {', '.join(self.waiting)}."
            )
        if not self.hidden:
            return ""
        who = f"{self.hidden} other member's" if self.hidden == 1 else f"{self.hidden} members'"
        return (
            f"Hidden: {who} ratings, rationales, the spread and its flag — blind first: "
            f"they show once you{f' ({me})' if me else ''} have rated this competency "
            "and locked the rating in your own session."
        )


def my_sessions(group: Group, me: str, local: list[Session]) -> list[tuple[Session, str]]:
    """My interviews of this group's candidate from its plan in my own data
    folder (``local``), each with a label saying which (issue 24, §2: a
    transcript in a shared folder that names me is not taken as mine)."""
    found: list[tuple[Session, str]] = []
    for session in local:
        if (
            same_name(session.interviewer, me)
            and same_name(session.candidate, group.candidate)
            and plan_id_of(session) == group.plan_id
        ):
            found.append((session, f"your session {session.id}"))
    return found


def blind_view(
    report: CompetencyReport, me: str, mine: list[tuple[Session, str]], *, chair: bool = False
) -> BlindView:
    """The part of ``report`` that ``me`` may see (``mine``: ``my_sessions``;
    ``chair``: I chair the panel, which counts only when I did not interview)."""
    my_rating: Rating | None = None
    source = ""
    for session, label in mine:
        rating = session.current_rating(report.competency_id)
        if rating is not None:
            my_rating, source = rating, label
            break
    if my_rating is not None:
        return BlindView(my_rating, source, report.members, 0)
    if chair and not mine:
        locked = tuple(m.interviewer for m in report.members if m.rating is not None)
        waiting = tuple(m.interviewer for m in report.members if m.rating is None)
        if not waiting:
            return BlindView(None, "", report.members, 0, True, locked, ())
        return BlindView(None, "", (), len(locked), True, locked, waiting)
    # A shared file under my name is not mine (issue 24, §2): it stays hidden
    # with the others rather than show as my rating.
    hidden = sum(1 for m in report.members if m.rating is not None)
    return BlindView(None, "", (), hidden)


#: A grid cell that blind first keeps hidden.
HIDDEN_CELL = "🔒"


def may_record(view: BlindView) -> bool:
    """Whether a consensus may be recorded on the competency: only by whoever
    can see its ratings (issue 23, §4)."""
    return view.unlocked


def blind_grid(
    grid: RoleGrid,
    me: str,
    local: list[Session],
    *,
    sort_by: str,
    descending: bool,
    chair: bool = False,
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
            unlocked = any(s.current_rating(cid) is not None for s, _ in mine) or (
                chair
                and not mine
                and all(m.session.current_rating(cid) is not None for m in row.group.members)
            )
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
