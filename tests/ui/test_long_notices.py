"""Issue 24 §6: a notice holding a huge stored text (a 5 MB candidate name)
is cut to the screen in App.notify, whichever screen posts it."""

from __future__ import annotations

from tui_interview.app import InterviewApp
from tui_interview.domain.display import NOTICE_ROWS, cell_width


async def test_a_notice_with_a_5_mb_name_is_cut_to_the_screen(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        name = "Zebulon " * 655_360
        app.screen.notify(f"Deleted the interview with {name}.", title=name)
        await pilot.pause()
        [notice] = [n for n in app._notifications if "Deleted the interview" in n.message]
        assert sum(map(cell_width, notice.message)) <= 80 * NOTICE_ROWS
        assert notice.message.startswith("Deleted the interview with Zebulon")
        assert len(notice.title) <= 80
