"""The Panel screen: several interviewers' JSON transcripts of a candidate,
read together (``export.panel``), blind first (``export.panel_blind``): the
others' ratings of a competency show only once mine is locked.

One competency at a time (n / p), one group at a time (g); the text is
built here from the core's report and shown through ``visible_text``.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

from tui_interview.domain.consensus import Consensus, ConsensusRating, ConsensusRecommendation
from tui_interview.domain.display import visible_text
from tui_interview.domain.recommendation import Recommendation
from tui_interview.domain.session import Rating, Session
from tui_interview.domain.timeutil import format_date
from tui_interview.export.consensus_files import shared_folder, write_consensus_file
from tui_interview.export.panel import (
    DEFAULT_SPREAD,
    CompetencyReport,
    Group,
    MemberRating,
    Panel,
    competency_reports,
)
from tui_interview.export.panel_blind import (
    HIDDEN_CELL,
    BlindView,
    blind_grid,
    blind_view,
    chair_configured,
    local_sessions,
    may_record,
    my_sessions,
    who_is_me,
)
from tui_interview.export.panel_group import OWN_FOLDER, group_sources
from tui_interview.export.panel_pipeline import STORED_CONSENSUS
from tui_interview.export.panel_read import ConsensusFile, read_sources
from tui_interview.export.role_grid import CANDIDATE, RoleGrid, role_grid
from tui_interview.files.errors import describe_os_error
from tui_interview.screens.base import app_context
from tui_interview.storage import StorageError


def _rating_line(rating: Rating) -> str:
    level = "no evidence" if rating.level == 0 else f"level {rating.level}"
    return f"{level} (revision {rating.revision})"


def _recommendation_text(recommendation: Recommendation | None) -> str:
    if recommendation is None:
        return "no recommendation"
    return f"recommends: {recommendation.value.label}"


def _notes(count: int) -> str:
    return f"{count} evidence note" if count == 1 else f"{count} evidence notes"


def member_lines(member: MemberRating) -> list[str]:
    """One member's view of a competency: rating, suggestion, evidence,
    recommendation, rationale and earlier revisions."""
    if member.rating is None:
        return [
            f"• {member.interviewer}: not rated · {_notes(member.evidence_count)} · "
            f"{_recommendation_text(member.recommendation)}"
        ]
    rating = member.rating
    suggested = (
        f"suggested {rating.suggested_level}"
        if rating.suggested_level is not None
        else "no suggestion"
    )
    lines = [
        f"• {member.interviewer}: {_rating_line(rating)} · {suggested} · "
        f"{_notes(member.evidence_count)} · "
        f"{_recommendation_text(member.recommendation)}",
        f"    “{rating.rationale}”",
    ]
    for earlier in member.history[:-1]:
        lines.append(f"    earlier: {_rating_line(earlier)} “{earlier.rationale}”")
    if rating.reason:
        lines.append(f"    changed because: {rating.reason}")
    return lines


def consensus_lines(history: tuple[ConsensusRating, ...]) -> list[str]:
    """The board's level for a competency, with its earlier revisions."""
    if not history:
        return ["Consensus: none yet (c: record it)."]
    latest = history[-1]
    lines = [
        f"Consensus: level {latest.level} (revision {latest.revision}, c: change) · "
        f"took part: {', '.join(latest.participants)}",
        f"    “{latest.rationale}”",
    ]
    for earlier in history[:-1]:
        lines.append(
            f"    earlier: level {earlier.level} (revision {earlier.revision}) "
            f"“{earlier.rationale}”"
        )
    if latest.reason:
        lines.append(f"    changed because: {latest.reason}")
    return lines


def recommendation_lines(history: list[ConsensusRecommendation]) -> list[str]:
    """The board's overall recommendation, with its earlier revisions."""
    if not history:
        return ["Consensus recommendation: none yet (d: decide)."]
    latest = history[-1]
    lines = [
        f"Consensus recommendation: {latest.verdict.label} (revision {latest.revision}, "
        f"d: change) · took part: {', '.join(latest.participants)}",
        f"    “{latest.rationale}”",
    ]
    for earlier in history[:-1]:
        lines.append(f"    earlier: {earlier.verdict.label} (revision {earlier.revision})")
    if latest.reason:
        lines.append(f"    changed because: {latest.reason}")
    return lines


def competency_text(
    report: CompetencyReport,
    view: BlindView,
    me: str,
    threshold: int = DEFAULT_SPREAD,
    consensus: Consensus | None = None,
) -> str:
    """The text of one competency as "me" may see it."""
    lines: list[str] = []
    if view.unlocked:
        if view.mine is not None:
            lines.append(f"Your rating ({view.source}): {_rating_line(view.mine)}")
        elif view.chair:
            lines.append("You chair this panel: every member has locked a rating of it.")
        if report.spread is None:
            lines.append("Spread: fewer than two members rated it.")
        elif report.reconciled and report.consensus is not None:
            lines.append(
                f"✓ Reconciled: spread {report.spread}, the board agreed on level "
                f"{report.consensus.level} on {format_date(report.consensus.recorded_at)}."
            )
        elif report.flagged:
            lines.append(f"⚠ FLAGGED: spread {report.spread} (≥ {threshold}): reconcile it.")
        else:
            lines.append(f"Spread: {report.spread} (flagged from {threshold}).")
    elif view.chair:
        lines.append("You chair this panel; not every member has locked a rating of it yet.")
        hidden = view.hidden_text(me)
        if hidden:
            lines.append(f"🔒 {hidden}")
    else:
        lines.append("You have not locked a rating of this competency yet.")
        hidden = view.hidden_text(me)
        if hidden:
            lines.append(f"🔒 {hidden}")
    lines.append("")
    lines.append("Ratings:")
    for member in view.shown:
        lines += member_lines(member)
    if not view.unlocked:
        others = [m.interviewer for m in report.members if m not in view.shown]
        if others:
            lines.append(f"• hidden: {', '.join(others)}")
    lines.append("")
    if view.unlocked:
        lines += consensus_lines(consensus.history(report.competency_id) if consensus else ())
    else:
        lines.append("Consensus: hidden with the ratings; it can be recorded once you see them.")
    lines.append("")
    lines.append("Who said what:")
    for behaviour in report.behaviours:
        who = ", ".join(behaviour.evidenced_by) or "nobody"
        lines.append(f"• {behaviour.id} (level {behaviour.level}) {behaviour.text} — {who}")
        for note in behaviour.notes:
            lines.append(f"    {note.interviewer} {note.stamp}: {note.text}")
    return "\n".join(visible_text(line) for line in lines)


#: Mismatches that only say a file starts a group of its own (g shows it).
_OTHER_GROUP = ("another candidate", "another plan")


def problem_lines(panel: Panel) -> list[str]:
    """The files that could not be read or do not fit, each with why; the
    files of other candidates or plans are one line (g shows their group)."""
    lines = [f"⚠ {p.file}: {p.message}" for p in [*panel.missing, *panel.problems]]
    lines += [
        f"⚠ {m.file}: {m.reason}: {m.detail}"
        for m in panel.mismatches
        if m.reason not in _OTHER_GROUP and m.other != OWN_FOLDER
    ]
    mine = [m for m in panel.mismatches if m.other == OWN_FOLDER]
    if mine:
        lines.append(
            f"Your own sessions are read from your data folder, the newest copy "
            f"({len(mine)} exported copy left out)."
            if len(mine) == 1
            else f"Your own sessions are read from your data folder, the newest copy "
            f"({len(mine)} exported copies left out)."
        )
    others = [m for m in panel.mismatches if m.reason in _OTHER_GROUP]
    if others:
        files = "file" if len(others) == 1 else "files"
        lines.append(f"Also read: {len(others)} {files} of other candidates or plans (g: next).")
    if panel.skipped:
        named = "; ".join(f"{p.file}: {p.message}" for p in panel.skipped[:3])
        more = f"; and {len(panel.skipped) - 3} more" if len(panel.skipped) > 3 else ""
        lines.append(f"Skipped {len(panel.skipped)}: {named}{more}.")
    return lines


def _fit(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal cells."""
    out = ""
    for char in text:
        if cell_len(out + char) > width:
            return out[:-1] + "…" if width > 1 and out else out
        out += char
    return out + " " * (width - cell_len(out))


def grid_text(grid: RoleGrid, chosen: int, width: int) -> str:
    """The grid as a text table filling ``width``: the chosen column marked
    with ▸ (s sorts by it), the sorted one with ▲ or ▼. When the columns do
    not all fit, the candidate column and as many others as fit, the chosen
    one among them (no line is wider than ``width``)."""
    count = len(grid.columns)
    first = max(8, min(24, width // 3))
    # "3 (c 2026-12-07)" fits when there is room; never wider than the screen.
    rest = min(max(16, (width - first - count) // max(1, count - 1)), max(4, width - first - 1))
    fit = max(1, (width - first) // (rest + 1))
    start = max(0, min(chosen - fit, count - 1 - fit))
    shown = [0, *range(1 + start, min(count, 1 + start + fit))]
    widths = {index: first if index == 0 else rest for index in shown}
    heads = []
    for index in shown:
        column = grid.columns[index]
        mark = "▸" if index == chosen else " "
        arrow = ("▼" if grid.descending else "▲") if column.key == grid.sort_by else ""
        heads.append(_fit(f"{mark}{arrow}{visible_text(column.title)}", widths[index]))
    lines = [" ".join(heads)]
    for row in grid.rows:
        cells = grid.texts(row)
        lines.append(" ".join(_fit(visible_text(cells[i]), widths[i]) for i in shown))
    if not grid.rows:
        lines.append("No candidate to compare.")
    if len(shown) < count:
        lines.append(
            _fit(f"Columns {shown[1] + 1}–{shown[-1] + 1} of {count} shown: ← → for more.", width)
        )
    # Each cell was made visible before it was cut to its width.
    return "\n".join(lines)


GRID_KEY = (
    "c = consensus level (with the day it reconciled a spread), m = median of the members' "
    "levels, (1 rating) = one member's rating, ⚑ = flagged; "
    f"{HIDDEN_CELL} = hidden (blind first) until your own rating of it is locked. "
    "← → choose a column, s sorts by it (again: reverse), v back."
)


class PanelScreen(Screen[None]):
    CSS_PATH = "panel.tcss"
    HELP_TITLE = "Panel"
    BINDINGS = [
        Binding("n,right", "competency(1)", "Next competency", id="panel.next"),
        Binding("p,left", "competency(-1)", "Previous", id="panel.previous"),
        Binding("g", "group", "Next candidate", id="panel.group"),
        Binding("c", "consensus", "Consensus", id="panel.consensus"),
        Binding("d", "decide", "Recommendation", id="panel.decide"),
        Binding("r", "reload", "Read again", id="panel.reload"),
        Binding("v", "grid", "Role grid", id="panel.grid"),
        Binding("s", "sort", "Sort", id="panel.sort"),
        Binding("escape", "back", "Back", id="panel.back"),
    ]

    def __init__(
        self, paths: list[str], *, threshold: int = DEFAULT_SPREAD, chair: bool | None = None
    ):
        super().__init__()
        self.paths = list(paths)
        self.threshold = threshold
        #: I chair the panel (``--chair``, else ``chair = true`` in the config).
        self.chair = chair_configured() if chair is None else chair
        self.group_index = 0
        self.competency_index = 0
        self.panel = Panel([], [], [])
        self.me = ""
        self._mine: list[Session] = []
        self._reports: list[list[CompetencyReport]] = []
        #: The role grid is shown (v), its chosen column, and its sort.
        self.grid_mode = False
        self.grid_column = 0
        self.grid_sort: tuple[str, bool] = (CANDIDATE, False)
        #: Per group, its stored consensus record (None: none yet).
        self._consensus: list[Consensus | None] = []

    def compose(self) -> ComposeResult:
        yield Static("Panel", id="panel-title", classes="screen-title", markup=False)
        yield Static("", id="panel-me", markup=False)
        with VerticalScroll(id="panel-body"):
            yield Static("", id="panel-problems", markup=False)
            yield Static("", id="panel-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#panel-body").focus()

    def load(self) -> None:
        context = app_context(self)
        self.me = who_is_me(context.default_interviewer())
        sources = read_sources(self.paths)
        candidates = list(dict.fromkeys(t.session.candidate for t in sources.transcripts))
        self._mine = local_sessions(context.store, self.me, candidates)
        try:
            stored = [ConsensusFile(STORED_CONSENSUS, c) for c in context.consensus.records()]
        except (StorageError, OSError) as error:
            self.notify(str(error), title="Could not read the consensus", severity="error")
            stored = []
        # My own data folder holds the newest copy of my sessions.
        self.panel = group_sources(sources, own=self._mine, stored_consensus=stored)
        self._reports = [competency_reports(g, self.threshold) for g in self.panel.groups]
        self._consensus = [group.consensus for group in self.panel.groups]
        for damaged in context.consensus.take_damage_reports():
            self.notify(str(damaged), title="Damaged consensus set aside", severity="warning")
        self.redraw()

    @property
    def group(self) -> Group | None:
        groups = self.panel.groups
        return groups[self.group_index] if groups else None

    def view_of(self, report: CompetencyReport) -> BlindView:
        group = self.group
        assert group is not None
        return blind_view(
            report, self.me, my_sessions(group, self.me, self._mine), chair=self.chair
        )

    def redraw(self) -> None:
        problems = problem_lines(self.panel)
        widget = self.query_one("#panel-problems", Static)
        widget.update("\n".join(visible_text(line) for line in problems) + "\n" if problems else "")
        widget.display = bool(problems)
        me = self.me or "(no name)"
        rule = (
            "chair: the ratings show once every member has locked theirs"
            if self.chair
            else "blind first: others' ratings show once yours is locked"
        )
        self.query_one("#panel-me", Static).update(visible_text(f"You: {me} — {rule}"))
        group = self.group
        detail = self.query_one("#panel-detail", Static)
        title = self.query_one("#panel-title", Static)
        if group is not None and self.grid_mode:
            grid = self.grid()
            title.update(
                f"Role grid: {len(grid.rows)} candidates × {len(grid.columns) - 2} competencies"
            )
            self.grid_column %= len(grid.columns)
            width = max(20, (self.size.width or self.app.size.width) - 4)
            detail.update(grid_text(grid, self.grid_column, width) + "\n\n" + GRID_KEY)
            return
        if group is None:
            title.update("Panel")
            detail.update("No transcript could be read: nothing to show.")
            return
        reports = self._reports[self.group_index]
        members = ", ".join(
            f"{m.session.interviewer} ({m.authenticity.status if m.authenticity else 'unverified'})"
            for m in group.members
        )
        where = (
            f" · candidate {self.group_index + 1} of {len(self.panel.groups)} (g: next)"
            if len(self.panel.groups) > 1
            else ""
        )
        title.update(visible_text(f"Panel: {group.candidate} · plan {group.plan_id}{where}"))
        if not reports:
            detail.update("No competency is planned.")
            return
        self.competency_index %= len(reports)
        report = reports[self.competency_index]
        head = (
            f"Members: {members}\n"
            f"Competency {self.competency_index + 1} of {len(reports)} (n / p): {report.name}\n"
        )
        consensus = self._consensus[self.group_index]
        recommendation = recommendation_lines(consensus.recommendations if consensus else [])
        detail.update(
            visible_text(head, multiline=True)
            + "\n".join(visible_text(line) for line in recommendation)
            + "\n\n"
            + competency_text(report, self.view_of(report), self.me, self.threshold, consensus)
        )

    def grid(self) -> RoleGrid:
        """Every candidate of the panel × competencies, blind first."""
        consensus = {
            (g.candidate, g.plan_id): c
            for g, c in zip(self.panel.groups, self._consensus, strict=True)
        }
        for group in self.panel.groups:
            group.consensus = consensus.get((group.candidate, group.plan_id))
        grid = role_grid(self.panel, None, threshold=self.threshold)
        sort_by, descending = self.grid_sort
        if sort_by not in [c.key for c in grid.columns]:
            sort_by, descending = CANDIDATE, False
        return blind_grid(
            grid, self.me, self._mine, sort_by=sort_by, descending=descending, chair=self.chair
        )

    def action_grid(self) -> None:
        if self.group is not None:
            self.grid_mode = not self.grid_mode
            self.redraw()

    def action_sort(self) -> None:
        if not self.grid_mode or self.group is None:
            return
        key = self.grid().columns[self.grid_column].key
        current, descending = self.grid_sort
        self.grid_sort = (key, not descending if current == key else False)
        self.redraw()

    def on_resize(self) -> None:
        if self.is_mounted and self.grid_mode:
            self.redraw()

    def action_competency(self, step: int) -> None:
        if self.grid_mode:
            self.grid_column += step
        else:
            self.competency_index += step
        self.redraw()

    def action_group(self) -> None:
        if self.panel.groups:
            self.group_index = (self.group_index + 1) % len(self.panel.groups)
            self.competency_index = 0
            self.redraw()

    def _record(self) -> Consensus | None:
        """This group's consensus record; a new one (not stored until the
        first thing is recorded) when there is none."""
        group = self.group
        if group is None:
            return None
        record = self._consensus[self.group_index]
        if record is None:
            first = group.members[0].session
            record = Consensus(
                id=app_context(self).consensus.new_id(),
                candidate=group.candidate,
                role=first.role,
                plan_id=group.plan_id,
                sessions=tuple(m.session.id for m in group.members),
            )
        return record

    def _open_form(self, competency_id: str | None, title: str) -> None:
        from tui_interview.screens.consensus import ConsensusScreen

        record = self._record()
        group = self.group
        if record is None or group is None:
            return
        is_new = self._consensus[self.group_index] is None
        members = [m.session.interviewer for m in group.members]
        index = self.group_index

        def recorded(done: bool | None) -> None:
            if done:
                self._consensus[index] = record
                group.consensus = record
                self._reports[index] = competency_reports(group, self.threshold)
                self.notify(f"Recorded and locked.{self._share(record, group)}")
                self.redraw()

        self.app.push_screen(
            ConsensusScreen(record, competency_id, title, members, is_new=is_new), recorded
        )

    def _share(self, record: Consensus, group: Group) -> str:
        """Write the consensus file next to the transcripts; what to add to
        the notice (where it went, or why it could not be written)."""
        folder = shared_folder(group, self.paths)
        if folder is None:
            return ""
        try:
            path = write_consensus_file(record, group, folder)
        except OSError as error:
            self.notify(
                visible_text(f"Kept in your data folder only: {describe_os_error(error)}"),
                title="Consensus file not written",
                severity="error",
            )
            return ""
        return visible_text(f" Shared as {path}")

    def action_consensus(self) -> None:
        if self.grid_mode:
            return
        reports = self._reports[self.group_index] if self.group is not None else []
        if not reports:
            return
        report = reports[self.competency_index % len(reports)]
        group = self.group
        assert group is not None
        if not may_record(self.view_of(report)):
            self.notify(
                visible_text(f"The ratings of {report.name} are hidden from you: no consensus."),
                title="Not now",
                severity="warning",
            )
            return
        self._open_form(report.competency_id, f"Consensus on {report.name} for {group.candidate}")

    def action_decide(self) -> None:
        group = self.group
        if group is None or self.grid_mode:
            return
        reports = self._reports[self.group_index]
        if not all(may_record(self.view_of(r)) for r in reports):
            self.notify(
                "Some ratings are hidden from you: no consensus recommendation yet.",
                title="Not now",
                severity="warning",
            )
            return
        self._open_form(None, f"Consensus recommendation for {group.candidate}")

    def action_reload(self) -> None:
        """Read the transcripts and my sessions again (a member exported a
        new version, or I locked my rating meanwhile)."""
        self.load()
        self.notify("Read the transcripts again.")

    def on_screen_resume(self) -> None:
        # Back from rating in my own interview: my lock may show the others.
        if self.is_mounted and self._reports:
            self.load()

    def action_back(self) -> None:
        self.app.pop_screen()


def split_paths(text: str) -> list[str]:
    """The paths typed in the dialog: the whole text when it names a file or
    folder (spaces and all), else the words (quotes group them)."""
    text = text.strip()
    if not text:
        return []
    if Path(text).expanduser().exists():
        return [str(Path(text).expanduser())]
    try:
        words = shlex.split(text)
    except ValueError:
        return [text]
    return [str(Path(word).expanduser()) for word in words]


class PanelPathScreen(ModalScreen[list[str] | None]):
    """Asks for a folder (or files) of JSON transcripts; starts with the last
    folder used."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="panel-path.cancel")]

    def __init__(self, last: Path | None):
        super().__init__()
        self.last = last

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="panel-path-dialog"):
            yield Static(
                "Open a panel: the folder (or files) of the members' JSON transcripts",
                classes="dialog-text",
                markup=False,
            )
            yield Input(
                str(self.last) if self.last else "",
                id="panel-path",
                placeholder="a folder of *.json transcripts",
                select_on_focus=False,
            )
            yield Static("", id="panel-path-error", classes="field-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#panel-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        paths = split_paths(event.value)
        error = self.query_one("#panel-path-error", Static)
        if not paths:
            error.update("✗ Type a folder or a file.")
            return
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            error.update(visible_text(f"✗ {missing[0]}: no such file or folder"))
            return
        self.dismiss(paths)

    def action_cancel(self) -> None:
        self.dismiss(None)
