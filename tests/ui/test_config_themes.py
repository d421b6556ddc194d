"""config.toml in the app (interviewer, budget, candidate-present, theme), the
config command, and the themes: high-contrast, ansi-16, NO_COLOR, the palette's
choice remembered."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tomllib

import pytest
from conftest import make_session
from test_snapshots_screens import keys_then_still, store_sample_interview
from textual.widgets import Input

from tui_interview.app import InterviewApp
from tui_interview.config_command import default_config_text
from tui_interview.context import AppContext
from tui_interview.settings import THEME_NAMES, ConfigError, Settings, load_settings
from tui_interview.themes import theme_names


@pytest.fixture(autouse=True)
def _no_blinking_cursor(monkeypatch):
    monkeypatch.setattr("tui_interview.widgets.note_input.CURSOR_BLINK", False)


def with_settings(app_context, **values) -> AppContext:
    return AppContext(
        app_context.data_dir,
        app_context.content_dirs,
        now=app_context.now,
        settings=Settings(**values),
    )


def cli(*args: str, env_config, tmp_path, extra_env=None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "TUI_INTERVIEW_CONFIG": str(env_config),
        "TUI_INTERVIEW_DATA_DIR": str(tmp_path / "data"),
        "TUI_INTERVIEW_STATE_DIR": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "tui_interview", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


# -- the config command ----------------------------------------------------------


def test_config_init_writes_a_private_commented_default_that_reads_as_every_default(tmp_path):
    path = tmp_path / "new" / "config.toml"
    done = cli("config", "--init", env_config=path, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_text(encoding="utf-8") == default_config_text()
    assert load_settings(path) == Settings(path=path)
    again = cli("config", "--init", env_config=path, tmp_path=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    path.write_text('theme = "nord"\n')
    forced = cli("config", "--init", "--force", env_config=path, tmp_path=tmp_path)
    assert forced.returncode == 0
    assert path.read_text(encoding="utf-8") == default_config_text()


def test_every_commented_line_of_the_default_is_a_valid_setting(tmp_path):
    """Uncommenting the whole default gives a file that loads."""
    lines = []
    for line in default_config_text().splitlines():
        lines.append(line[2:] if re.match(r"# \w+ *= ", line) else line)
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    tomllib.loads(path.read_text())
    settings = load_settings(path)
    assert settings.theme == "textual-dark" and settings.budget_minutes == 45


def test_config_prints_the_effective_settings_and_the_path(tmp_path):
    path = tmp_path / "config.toml"
    missing = cli("config", env_config=path, tmp_path=tmp_path)
    assert missing.returncode == 0
    assert f"file: {path} (does not exist" in missing.stdout
    path.write_text('interviewer = "Ada"\ntheme = "ansi-16"\n[keys]\nnext_question = "f5"\n')
    shown = cli("config", env_config=path, tmp_path=tmp_path).stdout
    assert f"file: {path} (exists)" in shown
    assert 'interviewer = "Ada"' in shown and 'theme = "ansi-16"' in shown
    assert 'next_question = "f5"   # remapped' in shown
    assert 'finish = "ctrl+f"\n' in shown


@pytest.mark.slow
@pytest.mark.parametrize("command", [[], ["config"], ["resume", "x"]])
def test_a_broken_keymap_stops_the_app_with_one_line(tmp_path, command):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nnext_question = "ctrl+enter"\n')
    done = cli(*command, env_config=path, tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"tui-interview: {path}:2:1: [keys] next_question:")
    assert "\x1b[" not in done.stdout  # the app never drew


@pytest.mark.slow
def test_an_unknown_theme_stops_the_app_with_one_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('budget_minutes = 30\ntheme = "neon"\n')
    done = cli(env_config=path, tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"tui-interview: {path}:2:1: theme must be one of")
    assert "high-contrast" in done.stderr and "Traceback" not in done.stderr


def test_the_theme_names_the_config_accepts_are_textuals_and_the_apps():
    assert sorted(THEME_NAMES) == theme_names()


def test_an_unknown_theme_is_a_config_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "neon"\n')
    with pytest.raises(ConfigError, match=rf"^{path}:1:1: theme must be one of .*high-contrast"):
        load_settings(path)


# -- settings in the app ---------------------------------------------------------


async def test_the_form_starts_with_the_configured_interviewer_and_budget(app_context):
    make_session(app_context, interviewer="Last One")
    context = with_settings(app_context, interviewer="Ada Configured", budget_minutes=40)
    app = InterviewApp(context)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#interviewer", Input).value == "Ada Configured"
        assert app.screen.query_one("#budget", Input).value == "40"
    # Without the setting: the last one used.
    assert app_context.default_interviewer() == "Last One"


@pytest.mark.parametrize("present", [False, True])
async def test_new_interviews_start_in_the_configured_mode(app_context, present):
    context = with_settings(app_context, candidate_present=present)
    session_id = make_session(context)
    app = InterviewApp(context, open_session=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.session.candidate_present is present
        assert ("CANDIDATE PRESENT" in str(app.screen.note_input.border_title)) is present
    with context.store.open(session_id, read_only=True) as handle:
        assert handle.session.candidate_present is present


# -- themes ------------------------------------------------------------------------


async def test_the_configured_theme_is_used(app_context):
    app = InterviewApp(with_settings(app_context, theme="high-contrast"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
        assert app.current_theme.background == "#000000"


async def test_the_palette_choice_is_remembered_until_the_config_changes(app_context):
    context = with_settings(app_context, theme="nord")
    app = InterviewApp(context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        app.theme = "ansi-16"  # what the palette's "Change theme" does
        await pilot.pause()
    assert InterviewApp(with_settings(app_context, theme="nord")).theme == "ansi-16"
    # The config changed: it wins again.
    assert InterviewApp(with_settings(app_context, theme="dracula")).theme == "dracula"


async def test_the_palette_offers_change_theme(app_context):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" in titles or "Change theme" in titles


async def test_no_color_turns_colour_off(app_context, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        assert any(type(f).__name__ in ("Monochrome", "NoColor") for f in app._filters)


@pytest.mark.parametrize("theme", ["high-contrast", "ansi-16"])
def test_interview_screen_in_theme(snap_compare, app_context, clock, theme):
    session_id = store_sample_interview(app_context, clock)
    app = InterviewApp(with_settings(app_context, theme=theme), open_session=session_id)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_still())
