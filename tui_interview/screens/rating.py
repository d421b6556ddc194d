"""Rate each competency against its level anchors, beside the suggestion and
its reasons. Submitting locks the rating; a change needs a reason and becomes
a new revision."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_interview.domain.curtain import evaluation_shown
from tui_interview.domain.display import visible_text
from tui_interview.domain.interview import Interview
from tui_interview.domain.rating import (
    RatingError,
    anchors,
    compare_to_target,
    submit_rating,
    suggest_level,
)
from tui_interview.domain.session import PlannedCompetency, Session
from tui_interview.domain.session_file import NotSaved
from tui_interview.domain.timeutil import format_timestamp
from tui_interview.screens.base import ask_app, say_not_saved
from tui_interview.screens.messages import OpenRating
from tui_interview.widgets.keys import default, key_name
from tui_interview.widgets.one_line_input import OneLineInput


def open_rating(origin: Screen[None], interview: Interview) -> None:
    """The rating screen, from the interview or the review; while the clock
    runs with the candidate present it stays closed and says why."""
    if not evaluation_shown(interview.session):
        origin.notify(
            "Ratings are hidden while the candidate is present and the clock runs. "
            f"Pause the clock ({key_name(origin, 'toggle_clock')} on the interview), "
            f"turn off candidate-present mode ({key_name(origin, 'toggle_candidate_present')}) "
            "or mark the interview finished to rate.",
            severity="warning",
            timeout=8,
        )
        return
    ask_app(origin, OpenRating(interview))


class AnchorList(OptionList):
    """The rating scale; typing here goes on in the field being filled."""

    BINDINGS = [
        Binding("right", "screen.toggle_indicators(True)", "Indicators", show=False),
        Binding("left", "screen.toggle_indicators(False)", "Hide indicators", show=False),
    ]


def anchor_level(option: Option) -> int:
    """The level an option of the scale stands for (its id)."""
    if option.id is None:
        raise ValueError("an option of the rating scale has no level")
    return int(option.id)


class RatingScreen(Screen[None]):
    HELP_TITLE = "Rating"
    HELP_EXTRA = [
        ("up / down", "in the scale: choose the level demonstrated"),
        ("right / left", "in the scale: show / hide the level's indicators (✓ observed)"),
    ]
    BINDINGS = [
        Binding(default("submit"), "submit", "Submit & lock", id="rating.submit"),
        Binding(default("next_competency"), "next_competency", "Next competency", id="rating.next"),
        Binding("escape", "back", "Back", id="rating.back"),
        # Priority: the scrolling body would otherwise take them once the
        # screen is taller than the terminal.
        Binding(
            "up", "move_level(-1)", "Level down", show=False, priority=True, id="rating.level_down"
        ),
        Binding(
            "down", "move_level(1)", "Level up", show=False, priority=True, id="rating.level_up"
        ),
    ]

    #: Levels whose behaviour indicators are shown on the scale.
    open_levels: set[int]

    def __init__(self, interview: Interview):
        super().__init__()
        self.interview = interview
        self.competency_index = 0
        self.open_levels = set()
        #: The input typing on the scale goes to: the one being filled.
        self.filling = "rationale"

    @property
    def session(self) -> Session:
        return self.interview.session

    @property
    def planned(self) -> PlannedCompetency:
        return self.session.competencies[self.competency_index]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="rating-body"):
            yield Static(id="rating-title", classes="screen-title", markup=False)
            yield Static(id="suggestion", markup=False)
            yield Static(id="current-rating", markup=False)
            yield AnchorList(id="anchors")
            yield Static("", id="chosen-level", markup=False)
            yield OneLineInput(
                placeholder="Rationale: the evidence this rating rests on (required)",
                id="rationale",
                select_on_focus=False,
            )
            yield OneLineInput(
                placeholder="Reason for changing the locked rating (required)",
                id="reason",
                select_on_focus=False,
            )
            yield Static("", id="rating-error", classes="field-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.redraw()
        self.query_one("#anchors", OptionList).focus()

    def redraw(self) -> None:
        session, planned = self.session, self.planned
        competency = session.competency(planned.competency_id)
        count = len(session.competencies)
        position = (
            f" ({self.competency_index + 1} of {count}; {key_name(self, 'next_competency')}: next)"
            if count > 1
            else ""
        )
        self.query_one("#rating-title", Static).update(
            f"Rate {visible_text(competency.name)} — target level {planned.target_level}{position}"
        )
        suggestion = suggest_level(session, planned.competency_id)
        self.query_one("#suggestion", Static).update(
            f"Suggestion (not applied): {visible_text(suggestion.text, multiline=True)}"
        )
        history = session.rating_history(planned.competency_id)
        lines = []
        for rating in history:
            change = f" — changed because: {visible_text(rating.reason)}" if rating.reason else ""
            lines.append(
                f"Revision {rating.revision}, {format_timestamp(rating.submitted_at)}: "
                f"level {rating.level} ({compare_to_target(rating.level, planned.target_level)} "
                f"target) — {visible_text(rating.rationale)}{change}"
            )
        current = self.query_one("#current-rating", Static)
        current.update("\n".join(["Locked rating:", *lines]) if lines else "Not rated yet.")
        options = self.scale_options()
        scale = self.query_one("#anchors", OptionList)
        scale.set_options(options)
        # A locked rating starts at its level; a first rating starts with no
        # level chosen, so the suggestion is never applied by pressing on.
        if history:
            scale.highlighted = next(
                i for i, o in enumerate(options) if o.id == str(history[-1].level)
            )
        else:
            scale.highlighted = None
        self.query_one("#reason", Input).display = bool(history)
        # A change starts from the earlier rationale, and what is typed on
        # the scale goes to the reason: the field still to fill.
        self.query_one("#rationale", Input).value = history[-1].rationale if history else ""
        self.filling = "reason" if history else "rationale"
        self.show_chosen_level()
        self.query_one("#rating-error", Static).update("")

    def scale_options(self) -> list[Option]:
        """The scale: each level's summary (or, with none, its indicators);
        an opened level also lists its indicators, ✓ for those observed."""
        session, competency_id = self.session, self.planned.competency_id
        competency = session.competency(competency_id)
        observed = session.observed_behaviour_ids(competency_id)
        options = []
        for a in anchors(competency):
            indicators = competency.level(a.level).behaviours if a.level else ()
            opened = a.level in self.open_levels or not a.summary
            summary = a.summary or (
                "its indicators:" if indicators else "(no summary and no indicators)"
            )
            hint = " ▸" if indicators and not opened else ""
            parts: list[str | tuple[str, str]] = [
                (f"{a.level}  {visible_text(a.label)}", "bold"),
                " — " + visible_text(summary, multiline=True) + hint,
            ]
            if opened:
                for behaviour in indicators:
                    mark = "✓" if behaviour.id in observed else "·"
                    parts.append(f"\n     {mark} {visible_text(behaviour.text)}")
            options.append(Option(Content.assemble(*parts), id=str(a.level)))
        return options

    def action_toggle_indicators(self, show: bool) -> None:
        """→ opens the highlighted level's indicators, ← closes them."""
        scale = self.query_one("#anchors", OptionList)
        option = scale.highlighted_option
        if option is None:
            return
        level = anchor_level(option)
        if show:
            self.open_levels.add(level)
        else:
            self.open_levels.discard(level)
        highlighted = scale.highlighted
        scale.set_options(self.scale_options())
        scale.highlighted = highlighted

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input) and event.widget.id in ("rationale", "reason"):
            self.filling = event.widget.id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_chosen_level()

    def show_chosen_level(self) -> None:
        """The level chosen, in words: the scale's highlight alone is only a colour."""
        option = self.query_one("#anchors", OptionList).highlighted_option
        chosen = self.query_one("#chosen-level", Static)
        if option is None:
            chosen.update("Level chosen: none yet (↑ ↓ on the scale).")
            return
        level = anchor_level(option)
        target = self.planned.target_level
        chosen.update(f"Level chosen: {level} ({compare_to_target(level, target)} target {target})")

    def typing_field(self) -> Widget | None:
        """Typing or pasting on the scale goes on in the field being filled
        (widgets/key_order.py)."""
        return self.query_one(f"#{self.filling}", Input)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(f"#{self.filling}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        option = self.query_one("#anchors", OptionList).highlighted_option
        if option is None:
            self.query_one("#rating-error", Static).update(
                "Choose the level demonstrated on the scale first (↑ ↓)."
            )
            return
        level = anchor_level(option)
        rationale = self.query_one("#rationale", Input).value
        reason = self.query_one("#reason", Input).value or None
        competency_id = self.planned.competency_id
        error_box = self.query_one("#rating-error", Static)
        try:
            self.interview.apply(
                lambda s, now: submit_rating(s, competency_id, level, rationale, now, reason=reason)
            )
        except RatingError as error:
            error_box.update(visible_text(str(error), multiline=True))
            if error.field is not None:  # put the cursor where the missing words go
                self.query_one(f"#{error.field}", Input).focus()
            self.call_after_refresh(error_box.scroll_visible)
            return
        except NotSaved as error:  # keep what was typed
            say_not_saved(self, error)
            error_box.update(visible_text(f"Not saved: {error}", multiline=True))
            return
        self.query_one("#rationale", Input).value = ""
        self.query_one("#reason", Input).value = ""
        self.notify(f"Rated level {level}; the rating is locked.")
        self.redraw()
        # Back on the scale: a change typed next goes to the reason (the
        # field still to fill), not into the rationale just submitted.
        self.query_one("#anchors", OptionList).focus()

    def action_next_competency(self) -> None:
        self.competency_index = (self.competency_index + 1) % len(self.session.competencies)
        # What was typed for one competency must never be saved for another.
        self.query_one("#rationale", Input).value = ""
        self.query_one("#reason", Input).value = ""
        self.open_levels = set()
        self.redraw()

    def action_move_level(self, step: int) -> None:
        """↑ ↓ choose the level from anywhere on the screen (the inputs do
        not use them)."""
        scale = self.query_one("#anchors", OptionList)
        if scale.highlighted is None:
            scale.highlighted = 0
        else:
            scale.highlighted = min(max(scale.highlighted + step, 0), scale.option_count - 1)

    def action_back(self) -> None:
        self.app.pop_screen()
