"""Attacks on the day's changes: orjson in the save path, the head-only read
of index.json, home's listing after the first frame, pastes on lists and
one-line fields."""

from __future__ import annotations

from conftest import queue, settle
from test_curtain import leaked, store_interviews

from tui_interview.app import InterviewApp
from tui_interview.domain.consensus import Consensus
from tui_interview.screens.home import HomeScreen
from tui_interview.screens.interview import InterviewScreen


def record_home_frames(app) -> list[tuple[bool, bool]]:
    """Each frame written while home is on top: (curtain up, consensus
    records on screen), as the compositor laid that frame out."""
    frames: list[tuple[bool, bool]] = []
    display = app._display

    def recording(screen, renderable):
        if isinstance(screen, HomeScreen) and renderable is not None:
            records = screen.query_one("#consensus-records")
            frames.append((app.curtain.up, records in screen._compositor.visible_widgets))
        return display(screen, renderable)

    app._display = recording
    return frames


async def test_going_home_with_the_candidate_present_never_draws_the_consensus_records(
    app_context, clock
):
    """The consensus records name candidates: behind the curtain they are
    hidden. Listed after the first frame, they stayed on home's first frame
    back from an interview whose candidate is present, names and all."""
    present = store_interviews(app_context, clock)
    record = Consensus("rec001", "Quentin Zebedee", "Nuclear Archivist", "p1")
    record.record_rating("smp", 3, "agreed", ["Grace", "Alan"], clock())
    app_context.consensus.save(record)
    app = InterviewApp(app_context)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#consensus-records").display
        home = app.screen
        frames = record_home_frames(app)
        app.open_interview(present)
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.curtain.up
        queue(app, "f10")
        await settle(pilot)
        assert app.screen is home
        assert leaked(app) == []
        assert frames and all(not shown for up, shown in frames if up), frames
