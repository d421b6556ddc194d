"""The export dialog: format, redaction, folder, and never overwriting unasked."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tui_interview.app import InterviewApp
from tui_interview.domain.planning import CompetencyChoice, plan_session
from tui_interview.screens.confirm import ConfirmScreen
from tui_interview.screens.export import ExportScreen

SHIPPED = "service-management-processes"


@pytest.fixture
def session(app_context):
    competency = app_context.library.competencies[SHIPPED]
    planned = plan_session(
        session_id=app_context.store.new_id(),
        candidate="Ada Lovelace",
        role="Analyst",
        interviewer="Grace",
        choices=[CompetencyChoice(competency, 3)],
        now=app_context.now(),
    )
    app_context.store.create(planned)
    return planned


@pytest.fixture
def out_dir(tmp_path) -> Path:
    return tmp_path / "exports"


async def open_export(app, pilot, session, out_dir: Path) -> list[Path | None]:
    """Push the dialog aimed at ``out_dir``; the list receives what it returns."""
    results: list[Path | None] = []
    app.push_screen(ExportScreen(session), results.append)
    await pilot.pause()
    app.screen.query_one("#folder", Input).value = str(out_dir)
    return results


def status_text(screen) -> str:
    return str(screen.query_one("#export-status", Static).render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_enter_exports_markdown_readable_only_by_the_owner(
    app_context, session, out_dir, size
):
    app = InterviewApp(app_context)
    async with app.run_test(size=size) as pilot:
        results = await open_export(app, pilot, session, out_dir)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    [path] = results
    assert path.parent == out_dir and path.suffix == ".md"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Ada Lovelace" in path.read_text()


async def test_keys_choose_json_and_redaction(app_context, session, out_dir):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_export(app, pilot, session, out_dir)
        await pilot.press("j", "r", "ctrl+s")
        await pilot.pause()
    [path] = results
    assert path.suffix == ".json"
    text = path.read_text()
    json.loads(text)
    assert "Lovelace" not in text


async def test_h_chooses_the_printable_html_page(app_context, session, out_dir):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_export(app, pilot, session, out_dir)
        html, export = app.screen.query_one("#html"), app.screen.query_one("#export")
        assert 0 < html.region.bottom <= export.region.y  # shown, above the buttons
        await pilot.press("h", "ctrl+s")  # queued together, as a burst
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    [path] = results
    assert path.suffix == ".html"
    page = path.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "Ada Lovelace" in page


async def test_escape_cancels_without_writing(app_context, session, out_dir):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_export(app, pilot, session, out_dir)
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]
    assert not out_dir.exists()


async def test_overwriting_an_export_needs_confirmation(app_context, session, out_dir):
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, session, out_dir)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [path] = list(out_dir.iterdir())
        earlier = path.read_text()
        path.write_text(earlier + "kept")  # still this session's export

        results = await open_export(app, pilot, session, out_dir)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "unchanged" in status_text(app.screen)
        assert path.read_text() == earlier + "kept"

        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (ExportScreen, ConfirmScreen))
    assert results == [path]
    assert path.read_text() == earlier
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_another_sessions_file_is_never_offered_for_replacing(app_context, session, out_dir):
    """Issue 23 §1: a colleague's transcript under the name this export would
    take is refused with no "Overwrite?" (on main, y replaced it)."""
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, session, out_dir)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [path] = list(out_dir.iterdir())
        colleague = path.read_text().replace(session.id, "zz9zz9")
        path.write_text(colleague)

        results = await open_export(app, pilot, session, out_dir)
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "never replaced" in status_text(app.screen)
        assert "zz9zz9" in status_text(app.screen)
    assert results == []
    assert path.read_text() == colleague


async def test_two_interviewers_exports_of_one_candidate_get_two_names(
    app_context, session, out_dir
):
    other = plan_session(
        session_id=app_context.store.new_id(),
        candidate=session.candidate,
        role=session.role,
        interviewer="Tom",
        choices=[CompetencyChoice(app_context.library.competencies[SHIPPED], 3)],
        now=app_context.now(),
    )
    app_context.store.create(other)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        for each in (session, other):
            await open_export(app, pilot, each, out_dir)
            await pilot.press("j", "ctrl+s")
            await pilot.pause()
            assert not isinstance(app.screen, (ExportScreen, ConfirmScreen))
    names = sorted(p.name for p in out_dir.iterdir())
    assert len(names) == 2
    assert any("_grace_" in n and session.id in n for n in names)
    assert any("_tom_" in n and other.id in n for n in names)


async def test_a_folder_that_cannot_be_written_is_reported(app_context, session, tmp_path):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("")
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_export(app, pilot, session, not_a_folder)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert status_text(app.screen).startswith("✗ ")
        assert str(not_a_folder) in status_text(app.screen)
    assert results == []


async def test_folder_defaults_to_the_configured_export_folder(
    app_context, session, tmp_path, monkeypatch
):
    from tui_interview.export import config

    configured = tmp_path / "configured"
    settings = tmp_path / "config.toml"
    settings.write_text(f'export_dir = "{configured}"\n')
    monkeypatch.setattr(config, "config_file", lambda: settings)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportScreen(session))
        await pilot.pause()
        assert app.screen.query_one("#folder", Input).value == str(configured)


async def test_a_broken_config_falls_back_to_the_current_folder(
    app_context, session, tmp_path, monkeypatch
):
    from tui_interview.export import config

    settings = tmp_path / "config.toml"
    settings.write_text("export_dir = 'relative/path'\n")
    monkeypatch.setattr(config, "config_file", lambda: settings)
    monkeypatch.chdir(tmp_path)
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportScreen(session))
        await pilot.pause()
        assert app.screen.query_one("#folder", Input).value == str(tmp_path)
        assert "current folder" in status_text(app.screen)


async def test_the_dialog_remembers_the_folder_used_last_time(
    app_context, session, tmp_path, monkeypatch
):
    from tui_interview import locations
    from tui_interview.export import config

    configured = tmp_path / "configured"
    settings = tmp_path / "config.toml"
    settings.write_text(f'export_dir = "{configured}"\n')
    monkeypatch.setattr(config, "config_file", lambda: settings)
    chosen = tmp_path / "chosen"
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, session, chosen)
        await pilot.press("enter")
        await pilot.pause()
    # A later run (a fresh app) opens the dialog on that folder, not the configured one.
    from tui_interview.context import AppContext

    again = AppContext(app_context.data_dir, app_context.content_dirs, now=app_context.now)
    app = InterviewApp(again)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportScreen(session))
        await pilot.pause()
        assert app.screen.query_one("#folder", Input).value == str(chosen.resolve())
    state = locations.state_dir() / "state.json"
    assert json.loads(state.read_text()) == {"last_export_dir": str(chosen.resolve())}
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert settings.read_text() == f'export_dir = "{configured}"\n'


async def test_a_damaged_state_file_falls_back_to_the_configured_folder(
    app_context, session, tmp_path, monkeypatch
):
    from tui_interview import locations
    from tui_interview.export import config

    configured = tmp_path / "configured"
    settings = tmp_path / "config.toml"
    settings.write_text(f'export_dir = "{configured}"\n')
    monkeypatch.setattr(config, "config_file", lambda: settings)
    (locations.state_dir() / "state.json").write_text("{not json")
    app = InterviewApp(app_context)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportScreen(session))
        await pilot.pause()
        assert app.screen.query_one("#folder", Input).value == str(configured)
