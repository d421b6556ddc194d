"""The home list draws in the theme's colours, not the terminal's own: its
rows on the screen's background in the theme's foreground, the highlighted row
in the theme's block cursor (issue 26, §5)."""

from __future__ import annotations

import pytest
from conftest import make_session, settle
from test_config_themes import with_settings
from textual.color import Color

from tui_interview.app import InterviewApp
from tui_interview.widgets.session_table import SessionTable


def rgb(value: str) -> str:
    return Color.parse(value).hex6.lower()


def drawn(table: SessionTable, y: int) -> tuple[str | None, str | None]:
    """The background and foreground (as #rrggbb) of line ``y`` of the table."""
    [segment] = [s for s in table.render_line(y) if s.text.strip()] or list(table.render_line(y))
    style = segment.style
    assert style is not None
    background = style.bgcolor.triplet.hex if style.bgcolor and style.bgcolor.triplet else None
    foreground = style.color.triplet.hex if style.color and style.color.triplet else None
    return background, foreground


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "high-contrast"])
async def test_the_home_list_is_drawn_in_the_themes_colours(app_context, theme):
    make_session(app_context, candidate="Ada Lovelace")
    make_session(app_context, candidate="Alan Turing")
    app = InterviewApp(with_settings(app_context, theme=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == theme
        variables = app.theme_variables
        table = app.screen.query_one("#sessions", SessionTable)
        assert table.row_count == 2 and table.cursor_row == 0
        cursor, row, blank = drawn(table, 0), drawn(table, 1), drawn(table, 5)
        assert row == (rgb(variables["background"]), rgb(variables["foreground"]))
        assert blank[0] == rgb(variables["background"])
        assert cursor[0] == rgb(variables["block-cursor-background"])
        # The same background as the screen around it: no block of another colour.
        assert row[0] == app.screen.styles.background.hex6.lower()


async def test_the_home_list_follows_a_theme_changed_while_it_is_shown(app_context):
    make_session(app_context, candidate="Ada Lovelace")
    make_session(app_context, candidate="Alan Turing")
    app = InterviewApp(with_settings(app_context, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#sessions", SessionTable)
        dark = drawn(table, 1)
        app.theme = "textual-light"
        await settle(pilot)
        light = drawn(table, 1)
        assert light != dark
        assert light[0] == rgb(app.theme_variables["background"])
